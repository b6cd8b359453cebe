/* CNode invocations. Slots are named (index, depth) relative to the CNode
 * cap invoked; see <ration/cspace.h> for how a cptr resolves. */
#ifndef RN_CNODE_H
#define RN_CNODE_H

#include <ration/rights.h>
#include <rn/invoke.h>

static inline int rn_cnode_delete(rn_cptr_t cnode, rn_word_t index, rn_word_t depth)
{
	rn_word_t args[] = { index, depth };
	return rn_invoke(cnode, RN_CNODE_DELETE, args, 2, 0, 0, 0, 0);
}

static inline int rn_cnode_revoke(rn_cptr_t cnode, rn_word_t index, rn_word_t depth)
{
	rn_word_t args[] = { index, depth };
	return rn_invoke(cnode, RN_CNODE_REVOKE, args, 2, 0, 0, 0, 0);
}

static inline int rn_cnode_copy(rn_cptr_t cnode, rn_word_t index, rn_word_t depth,
                                rn_cptr_t src_root, rn_word_t src_index, rn_word_t src_depth,
                                rn_word_t rights)
{
	rn_word_t args[] = { index, depth, src_index, src_depth, rights };
	return rn_invoke(cnode, RN_CNODE_COPY, args, 5, &src_root, 1, 0, 0);
}

static inline int rn_cnode_mint(rn_cptr_t cnode, rn_word_t index, rn_word_t depth,
                                rn_cptr_t src_root, rn_word_t src_index, rn_word_t src_depth,
                                rn_word_t rights, rn_word_t badge)
{
	rn_word_t args[] = { index, depth, src_index, src_depth, rights, badge };
	return rn_invoke(cnode, RN_CNODE_MINT, args, 6, &src_root, 1, 0, 0);
}

static inline int rn_cnode_move(rn_cptr_t cnode, rn_word_t index, rn_word_t depth,
                                rn_cptr_t src_root, rn_word_t src_index, rn_word_t src_depth)
{
	rn_word_t args[] = { index, depth, src_index, src_depth };
	return rn_invoke(cnode, RN_CNODE_MOVE, args, 4, &src_root, 1, 0, 0);
}

static inline int rn_cnode_mutate(rn_cptr_t cnode, rn_word_t index, rn_word_t depth,
                                  rn_cptr_t src_root, rn_word_t src_index, rn_word_t src_depth,
                                  rn_word_t guard_data)
{
	rn_word_t args[] = { index, depth, src_index, src_depth, guard_data };
	return rn_invoke(cnode, RN_CNODE_MUTATE, args, 5, &src_root, 1, 0, 0);
}

/* Copies the caps of count (1..RN_COPY_RANGE_MAX) consecutive slots from
 * src_offset of the CNode at (src_index, src_depth) from src_root into as
 * many empty slots from offset of the CNode at (index, depth) from cnode
 * (depth 0: the root itself), rights masked, all or none
 * (RN_CNODE_COPY_RANGE). */
static inline int rn_cnode_copy_range(rn_cptr_t cnode, rn_word_t index, rn_word_t depth,
                                      rn_word_t offset, rn_cptr_t src_root, rn_word_t src_index,
                                      rn_word_t src_depth, rn_word_t src_offset, rn_word_t count,
                                      rn_word_t rights)
{
	rn_word_t args[] = { index, depth, offset, src_index, src_depth, src_offset, count, rights };
	return rn_invoke(cnode, RN_CNODE_COPY_RANGE, args, 8, &src_root, 1, 0, 0);
}

#endif
