/* CSpace lookup: from a CNode cap and a cptr to a slot. The addressing
 * rules are specified in <ration/cspace.h>. O(levels), no recursion. */
#ifndef KERNEL_CSPACE_H
#define KERNEL_CSPACE_H

#include "kernel/cdt.h"
#include <ration/cspace.h>
#include <ration/errors.h>

/* The slot at `index` of the CNode that `cnode` names. */
static inline struct slot *cnode_slot(const struct cap *cnode, word_t index);

/* Resolves the low `depth` bits (1..64) of `cptr` from `root`. Returns
 * RN_OK with *slot and *bits_left set, or RN_FAILED_LOOKUP with the lookup
 * fields of *err filled. */
static inline int cspace_resolve(const struct cap *root, word_t cptr, word_t depth,
                                 struct slot **slot, word_t *bits_left, struct rn_error_info *err);

/* The general walk, level by level (cspace.c). */
int cspace_resolve_levels(const struct cap *root, word_t cptr, word_t depth, struct slot **slot,
                          word_t *bits_left, struct rn_error_info *err);

/* Looks up an invoked or extra cap: depth 64, bits left over at a
 * non-CNode cap ignored; an empty slot is MISSING_CAP. */
int cspace_lookup_cap(const struct cap *root, word_t cptr, struct slot **slot,
                      struct rn_error_info *err);

/* Looks up the slot (index, depth) names for a CNode operation: depth must
 * be 1..64 (RN_RANGE_ERROR naming message word `depth_arg`) and resolve
 * exactly (DEPTH_MISMATCH). The slot may be empty. `source` goes into
 * err->lookup_source. */
int cspace_lookup_slot(const struct cap *root, word_t index, word_t depth, word_t depth_arg,
                       bool source, struct slot **slot, struct rn_error_info *err);

/* The CNode an (index, depth) pair names from `root`, as Untyped_Retype
 * and the batched invocations find theirs: depth 0 is the root itself,
 * else the slot found as for cspace_lookup_slot must hold a CNode cap
 * (MISSING_CAP). */
int cspace_lookup_cnode(const struct cap *root, word_t index, word_t depth, word_t depth_arg,
                        bool source, const struct cap **node, struct rn_error_info *err);

#include "kernel/pmem.h"

static inline struct slot *cnode_slot(const struct cap *cnode, word_t index)
{
	return (struct slot *)paddr_to_kptr(cap_paddr(cnode)) + index;
}

/* The first level of a depth-64 lookup, done inline: it ends there when
 * the root's guard and radix take all 64 bits (a flat CSpace, as a
 * process's) or when the slot holds anything but a CNode (the bits left
 * over are ignored, as for the POSIX server's root slots). NULL: the
 * lookup goes deeper or fails; the caller takes the general path. */
static inline struct slot *cspace_first_level(const struct cap *root, word_t cptr,
                                              word_t *bits_left)
{
	word_t radix = cap_cnode_radix(root), guard_size = cap_cnode_guard_size(root);
	if (cap_type(root) != CAP_CNODE || guard_size + radix > 64)
		return NULL;
	word_t left = 64 - guard_size - radix;
	/* Guard and index, then the guard alone: two shifts, since one by
	 * 64 - guard_size would be undefined without a guard (radix >= 1, and a
	 * guard always fits its size, so no guard compares equal to 0). */
	word_t guard_index = cptr >> left;
	if (guard_index >> radix != cap_cnode_guard(root))
		return NULL;
	struct slot *s = cnode_slot(root, guard_index & MASK(radix));
	if (left && cap_type(&s->cap) == CAP_CNODE)
		return NULL;
	*bits_left = left;
	return s;
}

static inline int cspace_resolve(const struct cap *root, word_t cptr, word_t depth,
                                 struct slot **slot, word_t *bits_left, struct rn_error_info *err)
{
	/* Most lookups end at the first level: this is on every system call. */
	if (depth == 64 && (*slot = cspace_first_level(root, cptr, bits_left)) != NULL)
		return RN_OK;
	return cspace_resolve_levels(root, cptr, depth, slot, bits_left, err);
}

#endif
