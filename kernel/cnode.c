/* CNode invocations: Copy, Mint, Move, Mutate, Delete, Revoke.
 *
 * The destination (or the target of Delete/Revoke) is (mr0 index, mr1
 * depth) relative to the invoked CNode cap; the source is (mr2, mr3)
 * relative to extra cap 0. Derivation rules (seL4's):
 *  - Copy/Mint make a child of a revocable source, else a sibling.
 *  - Mint can give an unbadged endpoint or notification cap a badge (the
 *    result is revocable: the root of a badge group); a badge is set once,
 *    and badge 0 keeps the badge there is. For a CNode cap the badge word
 *    is the new guard (RN_CNODE_GUARD_DATA; 0 = no guard). Other caps take
 *    badge 0 only.
 *  - An untyped can be copied only while it has no children; the copy is
 *    its child and the original is marked full, so the two can never
 *    carve the same bytes.
 *  - Move keeps the cap's place in the tree; Mutate is a Move that sets a
 *    CNode cap's guard. */
#include "kernel/arch.h"
#include "kernel/cspace.h"
#include "kernel/delete.h"
#include "kernel/error.h"
#include "kernel/invoke.h"
#include "kernel/panic.h"

/* Checks guard data for a CNode cap and applies it to *c. */
static int set_guard(struct cap *c, word_t data, word_t arg, struct rn_error_info *e)
{
	word_t size = data & MASK(6), guard = data >> 6;
	if (size + cap_cnode_radix(c) > 64 || (guard >> size) != 0) /* size <= 63 */
		return err_invalid_argument(e, arg);
	cap_cnode_set_guard(c, guard, size);
	return RN_OK;
}

int cap_derive(const struct slot *src, struct cap *out, struct rn_error_info *e)
{
	struct cap c = src->cap;
	switch (cap_type(&c)) {
	case CAP_NULL:
	case CAP_ZOMBIE:
		return err_invalid_capability(e, 1);
	case CAP_UNTYPED:
		/* The copy takes the whole region (cdt_insert_derived marks the
		 * original full): only while nothing was carved from it. */
		if (cdt_has_children(src))
			return err_set(e, RN_REVOKE_FIRST);
		break;
	case CAP_PAGE_TABLE:
		/* A page table's one mapping is shared by all its caps, so it
		 * must exist before copies do: copies of an unmapped table
		 * could map it twice, or outlive its unmapping (as in seL4). */
		if (cap_mapping(&c) == 0)
			return err_set(e, RN_ILLEGAL_OPERATION);
		break;
	case CAP_FRAME:
		/* A frame's mapping belongs to the one cap that made it: the
		 * copy names the same memory, unmapped (as in seL4). */
		cap_set_mapping(&c, 0);
		break;
	default:
		break;
	}
	*out = c;
	return RN_OK;
}

/* Builds the cap Copy (has_badge false) or Mint would insert. */
static int derive(const struct slot *src, word_t rights, bool has_badge, word_t badge,
                  struct cap *out, struct rn_error_info *e)
{
	struct cap c;
	if (rights & ~(word_t)RN_RIGHTS_ALL)
		return err_invalid_argument(e, 4);
	if (cap_derive(src, &c, e) != RN_OK)
		return e->code;
	cap_set_rights(&c, cap_rights(&c) & rights);
	if (has_badge && cap_type(&c) == CAP_CNODE) {
		if (set_guard(&c, badge, 5, e) != RN_OK)
			return e->code;
	} else if (has_badge && badge != 0) {
		if (!cap_has_badge_field(&c))
			return err_invalid_argument(e, 5);
		if (cap_badge(&c) != 0)
			return err_set(e, RN_ILLEGAL_OPERATION);
		cap_set_badge(&c, badge);
	}
	*out = c;
	return RN_OK;
}

int decode_cnode_invocation(struct slot *cnode, const struct inv_msg *m, struct inv_reply *r,
                            struct rn_error_info *e)
{
	static const uint8_t need[RN_INVOCATION_LABEL_COUNT] = {
		[RN_CNODE_REVOKE] = 2, [RN_CNODE_DELETE] = 2, [RN_CNODE_COPY] = 5,
		[RN_CNODE_MINT] = 6,   [RN_CNODE_MOVE] = 4,   [RN_CNODE_MUTATE] = 5,
	};
	assert(cap_type(&cnode->cap) == CAP_CNODE);
	if (m->label == RN_CNODE_COPY_RANGE)
		return decode_cnode_copy_range(cnode, m, e);
	if (m->label == RN_FRAME_COPY_RANGE)
		return arch_decode_frame_copy_range(cnode, m, e);
	if (m->label < RN_CNODE_REVOKE || m->label > RN_CNODE_MUTATE)
		return err_set(e, RN_ILLEGAL_OPERATION);
	bool two_slots = m->label >= RN_CNODE_COPY;
	if (m->len < need[m->label] || (two_slots && m->n_extra < 1))
		return err_set(e, RN_TRUNCATED_MESSAGE);

	struct slot *dst;
	int res = cspace_lookup_slot(&cnode->cap, m->mr[0], m->mr[1], 1, false, &dst, e);
	if (res != RN_OK)
		return res;
	if (m->label == RN_CNODE_REVOKE) {
		cap_revoke(dst);
		return err_set(e, RN_OK);
	}
	if (m->label == RN_CNODE_DELETE) {
		cap_delete(dst);
		return err_set(e, RN_OK);
	}

	if (!cap_is_null(&dst->cap))
		return err_set(e, RN_DELETE_FIRST);
	struct slot *src;
	res = cspace_lookup_slot(&m->extra[0]->cap, m->mr[2], m->mr[3], 3, true, &src, e);
	if (res != RN_OK)
		return res;
	if (cap_is_null(&src->cap)) {
		err_lookup(e, RN_LOOKUP_MISSING_CAP, 0, 0, 0);
		e->lookup_source = 1;
		return RN_FAILED_LOOKUP;
	}

	struct cap c = src->cap;
	switch (m->label) {
	case RN_CNODE_COPY:
		res = derive(src, m->mr[4], false, 0, &c, e);
		break;
	case RN_CNODE_MINT:
		res = derive(src, m->mr[4], true, m->mr[5], &c, e);
		break;
	case RN_CNODE_MUTATE:
		if (cap_type(&c) == CAP_CNODE)
			res = set_guard(&c, m->mr[4], 4, e);
		else if (m->mr[4] != 0)
			res = err_set(e, RN_ILLEGAL_OPERATION);
		break;
	default:
		break;
	}
	if (res != RN_OK)
		return res;

	if (m->label == RN_CNODE_COPY || m->label == RN_CNODE_MINT)
		cdt_insert_derived(src, dst, c);
	else
		cdt_move(src, dst, c);
	(void)r;
	return err_set(e, RN_OK);
}
