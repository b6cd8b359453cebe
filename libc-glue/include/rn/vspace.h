/* Address-space invocations: ASID pools, page tables, frames. */
#ifndef RN_VSPACE_H
#define RN_VSPACE_H

#include <ration/rights.h>
#include <rn/invoke.h>

/* Makes an ASID pool from a 4 KiB untyped into slot (index, depth) of root. */
static inline int rn_asid_control_make_pool(rn_cptr_t control, rn_cptr_t untyped, rn_cptr_t root,
                                            rn_word_t index, rn_word_t depth)
{
	rn_word_t args[] = { index, depth };
	rn_cptr_t caps[] = { untyped, root };
	return rn_invoke(control, RN_ASID_CONTROL_MAKE_POOL, args, 2, caps, 2, 0, 0);
}

/* Gives a top-level page table an ASID: it becomes a VSpace. */
static inline int rn_asid_pool_assign(rn_cptr_t pool, rn_cptr_t vspace)
{
	return rn_invoke(pool, RN_ASID_POOL_ASSIGN, 0, 0, &vspace, 1, 0, 0);
}

static inline int rn_page_table_map(rn_cptr_t pt, rn_cptr_t vspace, rn_word_t vaddr)
{
	return rn_invoke(pt, RN_PAGE_TABLE_MAP, &vaddr, 1, &vspace, 1, 0, 0);
}

static inline int rn_page_table_unmap(rn_cptr_t pt)
{
	return rn_invoke(pt, RN_PAGE_TABLE_UNMAP, 0, 0, 0, 0, 0, 0);
}

/* rights: RN_RIGHT_READ [| RN_RIGHT_WRITE]; attrs: RN_FRAME_EXECUTE or 0. */
static inline int rn_frame_map(rn_cptr_t frame, rn_cptr_t vspace, rn_word_t vaddr, rn_word_t rights,
                               rn_word_t attrs)
{
	rn_word_t args[] = { vaddr, rights, attrs };
	return rn_invoke(frame, RN_FRAME_MAP, args, 3, &vspace, 1, 0, 0);
}

/* Maps the count (1..RN_MAP_FRAMES_MAX) 4 KiB frames in slots offset..
 * of the CNode at (index, depth) from root at vaddr, vaddr + 4 KiB, ...
 * of vspace, all or none (RN_VSPACE_MAP_FRAMES). */
static inline int rn_vspace_map_frames(rn_cptr_t vspace, rn_cptr_t root, rn_word_t index,
                                       rn_word_t depth, rn_word_t offset, rn_word_t count,
                                       rn_word_t vaddr, rn_word_t rights, rn_word_t attrs)
{
	rn_word_t args[] = { index, depth, offset, count, vaddr, rights, attrs };
	return rn_invoke(vspace, RN_VSPACE_MAP_FRAMES, args, 7, &root, 1, 0, 0);
}

static inline int rn_frame_unmap(rn_cptr_t frame)
{
	return rn_invoke(frame, RN_FRAME_UNMAP, 0, 0, 0, 0, 0, 0);
}

static inline int rn_frame_get_address(rn_cptr_t frame, rn_word_t *paddr)
{
	return rn_invoke(frame, RN_FRAME_GET_ADDRESS, 0, 0, 0, 0, paddr, 1);
}

/* Copies the contents of frame src into frame dst (same size). */
static inline int rn_frame_copy(rn_cptr_t dst, rn_cptr_t src)
{
	return rn_invoke(dst, RN_FRAME_COPY, 0, 0, &src, 1, 0, 0);
}

/* Copies the 4 KiB at offset of the 2 MiB frame src into the 4 KiB frame
 * dst. */
static inline int rn_frame_copy_piece(rn_cptr_t dst, rn_cptr_t src, rn_word_t offset)
{
	return rn_invoke(dst, RN_FRAME_COPY, &offset, 1, &src, 1, 0, 0);
}

/* Copies the 4 KiB frames in count consecutive slots of one CNode into the
 * frames of count consecutive slots of another, in one call; each CNode
 * named as for rn_cnode_copy_range (cnode and src_root the roots, depth 0
 * the root itself). All or nothing. */
static inline int rn_frame_copy_range(rn_cptr_t cnode, rn_word_t index, rn_word_t depth,
                                      rn_word_t offset, rn_cptr_t src_root, rn_word_t src_index,
                                      rn_word_t src_depth, rn_word_t src_offset, rn_word_t count)
{
	rn_word_t args[] = { index, depth, offset, src_index, src_depth, src_offset, count };
	return rn_invoke(cnode, RN_FRAME_COPY_RANGE, args, 7, &src_root, 1, 0, 0);
}

#endif
