/* Slots and the capability derivation tree (CDT).
 *
 * A slot holds a capability and its place in the CDT. The tree is kept as
 * seL4 keeps its "mapping database": one doubly linked list of every
 * occupied slot in preorder (a parent comes before its descendants, and
 * the descendants of a slot follow it contiguously), plus two bits per slot:
 *
 *   revocable     this cap can have children (set on caps made by Retype,
 *                 on untyped copies and on badging mints)
 *   first_badged  a badged endpoint/notification cap that starts a new
 *                 group, so an earlier cap with the same badge is not
 *                 mistaken for its parent
 *
 * cdt_is_parent_of(p, c) decides from the two caps alone whether c, found
 * after p, belongs to p's subtree. p's descendants are the run of slots
 * after p for which it holds.
 *
 * Why a list and not explicit parent/child pointers: delete must be O(1)
 * per cap. Deleting a slot from the list is two pointer writes, and its
 * children are adopted by its parent without touching them; an explicit
 * tree needs each child's parent pointer rewritten. The list also keeps a
 * slot at 32 bytes (an explicit tree needs 48, rounded to 64). Revoke walks
 * the run after the slot: O(descendants).
 *
 * The list starts at a static sentinel slot (cdt_head), which is how the
 * invariant checker finds every root. */
#ifndef KERNEL_CDT_H
#define KERNEL_CDT_H

#include "kernel/cap.h"
#include <ration/errors.h>

struct slot {
	struct cap cap;
	word_t prev; /* struct slot * */
	word_t next; /* struct slot *, with the two flag bits in bits 0, 1 */
};
compile_assert(slot_size_matches_abi, sizeof(struct slot) == BIT(RN_SLOT_BITS));

/* Empties the tree (boot, and host tests before each scenario). */
void cdt_init(void);

struct slot *cdt_head(void);
word_t cdt_count(void); /* slots in the list, sentinel excluded */

static inline struct slot *cdt_next(const struct slot *s)
{
	return (struct slot *)(s->next & ~(word_t)3);
}
static inline struct slot *cdt_prev(const struct slot *s)
{
	return (struct slot *)s->prev;
}
static inline bool cdt_revocable(const struct slot *s)
{
	return s->next & 1;
}
static inline bool cdt_first_badged(const struct slot *s)
{
	return (s->next >> 1) & 1;
}

/* Puts `cap` into the empty slot `dst` right after `pos` in the list. */
void cdt_insert_after(struct slot *pos, struct slot *dst, struct cap cap, bool revocable,
                      bool first_badged);

/* Inserts `cap`, derived from the cap in `src` (Copy, Mint), into empty
 * `dst`: it becomes a child of src if src is revocable, else a sibling.
 * An untyped src must have no children (callers refuse with RevokeFirst);
 * it is marked full, as its copy now owns the region. */
void cdt_insert_derived(struct slot *src, struct slot *dst, struct cap cap);

/* The cap a derived copy of src's cap is (CNode Copy/Mint, and IPC cap
 * transfer, which must agree): a frame's copy is unmapped; an untyped with
 * children (RN_REVOKE_FIRST), an unmapped page table (RN_ILLEGAL_OPERATION)
 * and an empty slot (RN_INVALID_CAPABILITY) have no copies. cnode.c. */
int cap_derive(const struct slot *src, struct cap *out, struct rn_error_info *e);

/* Whether deriving `derived` from `src` makes a revocable cap. */
bool cdt_derivation_revocable(const struct cap *derived, const struct cap *src);

/* Moves the cap in `src` to empty `dst` as `cap`, keeping its tree place. */
void cdt_move(struct slot *src, struct slot *dst, struct cap cap);

/* Unlinks `s` and empties it. Its children are adopted by its parent. */
void cdt_remove(struct slot *s);

bool cdt_is_parent_of(const struct slot *p, const struct slot *c);
bool cdt_has_children(const struct slot *s);

/* True when no other slot holds a cap to the same object. O(1): all caps
 * to one object are contiguous in the list. */
bool cdt_is_final(const struct slot *s);

#endif
