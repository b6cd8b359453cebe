/* CNode_CopyRange: Copy for a run of consecutive slots in one call
 * (<ration/invocation.h>). A fork shares a program's text pages, one cap
 * each, and an exec maps them: one call for the run instead of one per
 * page.
 *
 * Two passes, as VSpace_MapFrames: the first checks every source and
 * every destination (and derives each cap into a buffer on the stack), the
 * second only inserts, so a refused batch changes nothing. The two ranges
 * cannot overlap once checked: a destination is empty, a source is not. */
#include "kernel/cspace.h"
#include "kernel/error.h"
#include "kernel/invoke.h"

int cnode_range_arg(const struct cap *root, const word_t *mr, word_t count, word_t first_arg,
                    bool source, struct slot **slots, struct rn_error_info *err)
{
	const struct cap *node;
	if (cspace_lookup_cnode(root, mr[0], mr[1], first_arg + 1, source, &node, err) != RN_OK)
		return err->code;
	word_t n = BIT(cap_cnode_radix(node)), offset = mr[2];
	if (offset >= n)
		return err_range(err, first_arg + 2, 0, n - 1);
	if (count > n - offset)
		return err_range(err, 6, 1, n - offset);
	*slots = cnode_slot(node, offset);
	return RN_OK;
}

int decode_cnode_copy_range(struct slot *cnode, const struct inv_msg *m, struct rn_error_info *e)
{
	if (m->len < 8 || m->n_extra < 1)
		return err_set(e, RN_TRUNCATED_MESSAGE);
	word_t count = m->mr[6], rights = m->mr[7];
	if (count < 1 || count > RN_COPY_RANGE_MAX)
		return err_range(e, 6, 1, RN_COPY_RANGE_MAX);
	if (rights & ~(word_t)RN_RIGHTS_ALL)
		return err_invalid_argument(e, 7);
	struct slot *dst, *src;
	if (cnode_range_arg(&cnode->cap, &m->mr[0], count, 0, false, &dst, e) != RN_OK ||
	    cnode_range_arg(&m->extra[0]->cap, &m->mr[3], count, 3, true, &src, e) != RN_OK)
		return e->code;

	struct cap made[RN_COPY_RANGE_MAX];
	for (word_t i = 0; i < count; i++) {
		int r = !cap_is_null(&dst[i].cap) ? err_set(e, RN_DELETE_FIRST)
		                                  : cap_derive(&src[i], &made[i], e);
		if (r != RN_OK) {
			e->range_min = i;
			return r;
		}
		cap_set_rights(&made[i], cap_rights(&made[i]) & rights);
	}
	for (word_t i = 0; i < count; i++)
		cdt_insert_derived(&src[i], &dst[i], made[i]);
	return err_set(e, RN_OK);
}
