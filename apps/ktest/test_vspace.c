/* Address spaces from user level: page tables, frames, rights, W^X, and
 * mappings that must be refused. Works in the root task's own VSpace. */
#include <rn/cnode.h>
#include <rn/untyped.h>
#include <rn/vspace.h>
#include "ktest.h"
#include "objects.h"

#define VS   RN_SLOT_ROOT_VSPACE
#define RW   (RN_RIGHT_READ | RN_RIGHT_WRITE)
#define AREA 0x10000000ul /* 256 MiB: nothing of ktest is mapped near */

void test_vspace(void)
{
	rn_cptr_t frame = make_object(RN_OBJ_FRAME_4K, 0);
	rn_cptr_t other = make_object(RN_OBJ_FRAME_4K, 0);

	/* No page table there yet: the lookup fails and says so. */
	CHECK_ERR(rn_frame_map(frame, VS, AREA, RW, 0), RN_FAILED_LOOKUP);
	rn_cptr_t pt = make_object(RN_OBJ_PAGE_TABLE, 0);
	CHECK_ERR(rn_page_table_map(pt, VS, AREA), RN_OK);
	CHECK_ERR(rn_page_table_map(pt, VS, AREA), RN_INVALID_CAPABILITY); /* mapped already */
	CHECK_ERR(rn_frame_map(frame, VS, AREA, RW, 0), RN_OK);

	/* The memory is there, zeroed, and writable. */
	volatile rn_word_t *p = (volatile rn_word_t *)AREA;
	CHECK(p[0] == 0 && p[511] == 0);
	p[0] = 0x1234;
	CHECK(p[0] == 0x1234);
	rn_word_t paddr = 0;
	CHECK_ERR(rn_frame_get_address(frame, &paddr), RN_OK);
	CHECK(paddr != 0 && (paddr & 0xfff) == 0);

	/* Refusals, each with its own code. */
	CHECK_ERR(rn_frame_map(other, VS, AREA, RW, 0), RN_DELETE_FIRST); /* occupied */
	CHECK_ERR(rn_frame_map(frame, VS, AREA + 0x1000, RW, 0), RN_INVALID_CAPABILITY); /* twice */
	CHECK_ERR(rn_frame_map(other, VS, AREA + 0x800, RW, 0), RN_ALIGNMENT_ERROR);
	CHECK_ERR(rn_frame_map(other, VS, AREA + 0x1000, RW, RN_FRAME_EXECUTE),
	          RN_INVALID_ARGUMENT); /* W^X */
	CHECK_ERR(rn_frame_map(other, VS, 0x4000000000ul, RW, 0), RN_INVALID_ARGUMENT);
	CHECK_ERR(rn_frame_map(other, VS, 0xffffffc080200000ul, RN_RIGHT_READ, 0),
	          RN_INVALID_ARGUMENT); /* the kernel */
	CHECK_ERR(rn_frame_map(other, VS, AREA + 0x1000, RN_RIGHT_WRITE, 0), RN_INVALID_ARGUMENT);
	CHECK_ERR(rn_frame_map(other, frame, AREA + 0x1000, RW, 0), RN_INVALID_CAPABILITY);

	/* A read-only copy of a frame cannot be mapped writable. */
	rn_cptr_t ro = ktest_slot();
	CHECK_ERR(
	    rn_cnode_copy(RN_SLOT_ROOT_CNODE, ro, 64, RN_SLOT_ROOT_CNODE, other, 64, RN_RIGHT_READ),
	    RN_OK);
	CHECK_ERR(rn_frame_map(ro, VS, AREA + 0x1000, RW, 0), RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_frame_map(ro, VS, AREA + 0x1000, RN_RIGHT_READ, 0), RN_OK);
	volatile rn_word_t *q = (volatile rn_word_t *)(AREA + 0x1000);
	CHECK(q[7] == 0);

	/* Remapping in place changes rights; unmapping is idempotent. */
	CHECK_ERR(rn_frame_map(frame, VS, AREA, RN_RIGHT_READ, 0), RN_OK);
	CHECK(p[0] == 0x1234);
	CHECK_ERR(rn_frame_unmap(frame), RN_OK);
	CHECK_ERR(rn_frame_unmap(frame), RN_OK);
	CHECK_ERR(rn_frame_map(frame, VS, AREA + 0x2000, RW, 0), RN_OK);
	CHECK(*(volatile rn_word_t *)(AREA + 0x2000) == 0x1234);

	/* Deleting a mapped frame's cap unmaps it: the entry is free again and
	 * shows the new frame, not the old one. */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, frame, 64), RN_OK);
	CHECK_ERR(rn_frame_map(other, VS, AREA + 0x2000, RN_RIGHT_READ, 0), RN_OK);
	CHECK(*(volatile rn_word_t *)(AREA + 0x2000) == 0);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, ro, 64), RN_OK);
	CHECK_ERR(rn_frame_map(other, VS, AREA + 0x2000, RW, 0), RN_OK); /* remap: now writable */
	*(volatile rn_word_t *)(AREA + 0x2000) = 7;

	/* Frame_Copy copies contents, not mappings; rights and types count. */
	rn_cptr_t fc = make_object(RN_OBJ_FRAME_4K, 0), ro2 = ktest_slot();
	CHECK_ERR(
	    rn_cnode_copy(RN_SLOT_ROOT_CNODE, ro2, 64, RN_SLOT_ROOT_CNODE, fc, 64, RN_RIGHT_READ),
	    RN_OK);
	CHECK_ERR(rn_frame_copy(ro2, other), RN_INVALID_CAPABILITY); /* read-only target */
	CHECK_ERR(rn_frame_copy(fc, pt), RN_INVALID_CAPABILITY);     /* not a frame */
	CHECK_ERR(rn_frame_copy(fc, other), RN_OK);
	CHECK_ERR(rn_frame_map(ro2, VS, AREA + 0x5000, RN_RIGHT_READ, 0), RN_OK);
	CHECK(*(volatile rn_word_t *)(AREA + 0x5000) == 7);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, ro2, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, fc, 64), RN_OK);

	/* Memory that comes back from a revoke is zeroed when retyped again. */
	rn_cptr_t ut = make_object(RN_OBJ_UNTYPED, 12);
	rn_cptr_t f2 = ktest_slot();
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, f2, 1),
	          RN_OK);
	CHECK_ERR(rn_frame_map(f2, VS, AREA + 0x3000, RW, 0), RN_OK);
	volatile rn_word_t *r = (volatile rn_word_t *)(AREA + 0x3000);
	r[3] = 0xfeed;
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), RN_OK); /* unmaps it too */
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, f2, 1),
	          RN_OK);
	CHECK_ERR(rn_frame_map(f2, VS, AREA + 0x3000, RW, 0), RN_OK);
	CHECK(r[3] == 0);

	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, other, 64), RN_OK);

	/* Unmapping a page table takes its pages out of reach; mapping it
	 * again elsewhere shows none of them (it was emptied). */
	rn_cptr_t f3 = make_object(RN_OBJ_FRAME_4K, 0);
	CHECK_ERR(rn_frame_map(f3, VS, AREA + 0x4000, RW, 0), RN_OK);
	CHECK_ERR(rn_page_table_unmap(pt), RN_OK);
	CHECK_ERR(rn_frame_map(make_object(RN_OBJ_FRAME_4K, 0), VS, AREA, RW, 0),
	          RN_FAILED_LOOKUP); /* no table there any more */
	CHECK_ERR(rn_page_table_map(pt, VS, AREA + (4ul << 20)), RN_OK);
	CHECK_ERR(
	    rn_frame_map(make_object(RN_OBJ_FRAME_4K, 0), VS, AREA + (4ul << 20) + 0x4000, RW, 0),
	    RN_OK); /* the entry is free: the old page is not there */
	CHECK_ERR(rn_page_table_unmap(RN_SLOT_ROOT_VSPACE), RN_ILLEGAL_OPERATION); /* a root */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, pt, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, f3, 64), RN_OK);

	/* A second address space: an ASID pool from a 4 KiB untyped, a root
	 * assigned from it, and the refusals on the way. */
	rn_cptr_t small = make_object(RN_OBJ_UNTYPED, 12), big = make_object(RN_OBJ_UNTYPED, 13);
	rn_cptr_t pool = ktest_slot();
	CHECK_ERR(
	    rn_asid_control_make_pool(RN_SLOT_ASID_CONTROL, big, RN_SLOT_ROOT_CNODE, pool, 64),
	    RN_INVALID_CAPABILITY); /* not exactly 4 KiB */
	CHECK_ERR(rn_asid_control_make_pool(RN_SLOT_ASID_CONTROL, small, RN_SLOT_ROOT_CNODE,
	                                    RN_SLOT_ROOT_TCB, 64),
	          RN_DELETE_FIRST);
	CHECK_ERR(
	    rn_asid_control_make_pool(RN_SLOT_ASID_CONTROL, small, RN_SLOT_ROOT_CNODE, pool, 64),
	    RN_OK);
	rn_cptr_t root2 = make_object(RN_OBJ_PAGE_TABLE, 0);
	CHECK_ERR(rn_asid_pool_assign(pool, make_object(RN_OBJ_FRAME_4K, 0)),
	          RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_asid_pool_assign(pool, root2), RN_OK);
	CHECK_ERR(rn_asid_pool_assign(pool, root2), RN_INVALID_CAPABILITY); /* has one already */
	rn_cptr_t f4 = make_object(RN_OBJ_FRAME_4K, 0);
	while (rn_frame_map(f4, root2, 0x1000, RW, 0) == RN_FAILED_LOOKUP)
		CHECK_ERR(rn_page_table_map(make_object(RN_OBJ_PAGE_TABLE, 0), root2, 0x1000),
		          RN_OK);
	CHECK_ERR(rn_frame_map(f4, root2, 0x1000, RW, 0), RN_OK); /* remap in place */
	/* Deleting the pool takes every VSpace of it out of service. */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, pool, 64), RN_OK);
	CHECK_ERR(rn_frame_map(make_object(RN_OBJ_FRAME_4K, 0), root2, 0x2000, RW, 0),
	          RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, small, 64), RN_OK);
}

/* VSpace_MapFrames: a run of frames from consecutive slots in one call;
 * every refused batch leaves every frame unmapped and every entry empty
 * (the good batch at the end needs both). */
#define RUN_AREA 0x20000000ul /* 512 MiB: a 2 MiB region of its own */
#define RUN      8

static rn_cptr_t run_of_frames(rn_word_t n, rn_word_t bits)
{
	rn_cptr_t ut = make_object(RN_OBJ_UNTYPED, bits);
	rn_cptr_t first = ktest_slot();
	for (rn_word_t i = 1; i < n; i++)
		ktest_slot();
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, first, n),
	          RN_OK);
	return first;
}

static int map_run(rn_cptr_t first, rn_word_t count, rn_word_t va, rn_word_t rights,
                   rn_word_t attrs)
{
	return rn_vspace_map_frames(VS, RN_SLOT_ROOT_CNODE, 0, 0, first, count, va, rights, attrs);
}

void test_map_frames(void)
{
	CHECK_ERR(rn_page_table_map(make_object(RN_OBJ_PAGE_TABLE, 0), VS, RUN_AREA), RN_OK);
	rn_cptr_t other = make_object(RN_OBJ_FRAME_4K, 0);
	rn_cptr_t f = run_of_frames(RUN, 15); /* slot f + RUN: still empty */

	/* Bad batches, one fault each. */
	CHECK_ERR(map_run(f, 0, RUN_AREA, RW, 0), RN_RANGE_ERROR);
	CHECK_ERR(map_run(f, RN_MAP_FRAMES_MAX + 1, RUN_AREA, RW, 0), RN_RANGE_ERROR);
	CHECK_ERR(map_run(f, RUN, RUN_AREA + 0x800, RW, 0), RN_ALIGNMENT_ERROR);
	CHECK_ERR(map_run(f, 2, 0x4000000000ul - 0x1000, RW, 0), RN_INVALID_ARGUMENT);
	CHECK_ERR(map_run(f, RUN, RUN_AREA, RN_RIGHT_WRITE, 0), RN_INVALID_ARGUMENT);
	CHECK_ERR(map_run(f, RUN, RUN_AREA, RW, RN_FRAME_EXECUTE), RN_INVALID_ARGUMENT); /* W^X */
	CHECK_ERR(map_run(1ul << 40, RUN, RUN_AREA, RW, 0), RN_RANGE_ERROR); /* past the CNode */
	CHECK_ERR(rn_vspace_map_frames(f, RN_SLOT_ROOT_CNODE, 0, 0, f, RUN, RUN_AREA, RW, 0),
	          RN_ILLEGAL_OPERATION); /* a frame is no VSpace */
	CHECK_ERR(rn_vspace_map_frames(make_object(RN_OBJ_PAGE_TABLE, 0), RN_SLOT_ROOT_CNODE, 0, 0,
	                               f, RUN, RUN_AREA, RW, 0),
	          RN_INVALID_CAPABILITY); /* a table without an ASID */
	CHECK_ERR(rn_vspace_map_frames(VS, f, 0, 0, f, RUN, RUN_AREA, RW, 0),
	          RN_FAILED_LOOKUP); /* the frames' CNode is no CNode */
	CHECK_ERR(map_run(f, RUN + 1, RUN_AREA, RW, 0), RN_INVALID_CAPABILITY); /* slot after */
	/* A read-only copy in the middle of the run, asked for Write. */
	rn_cptr_t g = run_of_frames(RUN, 15), mid = g + RUN / 2;
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, mid, 64), RN_OK);
	CHECK_ERR(
	    rn_cnode_copy(RN_SLOT_ROOT_CNODE, mid, 64, RN_SLOT_ROOT_CNODE, other, 64, RN_RIGHT_READ),
	    RN_OK);
	CHECK_ERR(map_run(g, RUN, RUN_AREA, RW, 0), RN_INVALID_CAPABILITY);
	/* A frame in the middle already mapped elsewhere. */
	CHECK_ERR(rn_frame_map(f + 3, VS, RUN_AREA + 0x100000, RW, 0), RN_OK);
	CHECK_ERR(map_run(f, RUN, RUN_AREA, RW, 0), RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_frame_unmap(f + 3), RN_OK);
	/* An entry in the middle already used. */
	CHECK_ERR(rn_frame_map(other, VS, RUN_AREA + 5 * 0x1000, RN_RIGHT_READ, 0), RN_OK);
	CHECK_ERR(map_run(f, RUN, RUN_AREA, RW, 0), RN_DELETE_FIRST);
	CHECK_ERR(rn_frame_unmap(other), RN_OK);
	/* A run into the next 2 MiB, which has no table. */
	CHECK_ERR(map_run(f, RUN, RUN_AREA + (2ul << 20) - 4 * 0x1000, RW, 0), RN_FAILED_LOOKUP);

	/* Nothing of that changed anything: the whole run maps, each page its
	 * own frame, and its frames refuse a second mapping. */
	CHECK_ERR(map_run(f, RUN, RUN_AREA, RW, 0), RN_OK);
	for (rn_word_t i = 0; i < RUN; i++)
		*(volatile rn_word_t *)(RUN_AREA + i * 0x1000) = 100 + i;
	for (rn_word_t i = 0; i < RUN; i++) {
		rn_word_t pa = 0, pb = 0;
		CHECK(*(volatile rn_word_t *)(RUN_AREA + i * 0x1000) == 100 + i);
		CHECK_ERR(rn_frame_get_address(f + i, &pa), RN_OK);
		if (i > 0)
			CHECK_ERR(rn_frame_get_address(f + i - 1, &pb), RN_OK);
		CHECK(i == 0 || pa == pb + 0x1000); /* consecutive objects of one retype */
	}
	CHECK_ERR(map_run(f, 1, RUN_AREA + RUN * 0x1000, RW, 0), RN_INVALID_CAPABILITY);
	/* Unmapping one frame of it frees just its entry. */
	CHECK_ERR(rn_frame_unmap(f + 2), RN_OK);
	CHECK_ERR(rn_frame_map(other, VS, RUN_AREA + 2 * 0x1000, RN_RIGHT_READ, 0), RN_OK);
	CHECK(*(volatile rn_word_t *)(RUN_AREA + 3 * 0x1000) == 103);

	/* Across a 2 MiB boundary once both tables are there; read-only. */
	CHECK_ERR(rn_page_table_map(make_object(RN_OBJ_PAGE_TABLE, 0), VS, RUN_AREA + (2ul << 20)),
	          RN_OK);
	rn_cptr_t h = run_of_frames(RUN, 15);
	CHECK_ERR(map_run(h, RUN, RUN_AREA + (2ul << 20) - 4 * 0x1000, RN_RIGHT_READ, 0), RN_OK);
	CHECK(*(volatile rn_word_t *)(RUN_AREA + (2ul << 20) + 0x1000) == 0);

	/* The longest batch. */
	rn_cptr_t big = run_of_frames(RN_MAP_FRAMES_MAX, 18);
	CHECK_ERR(map_run(big, RN_MAP_FRAMES_MAX, RUN_AREA + (1ul << 20), RW, 0), RN_OK);
	*(volatile rn_word_t *)(RUN_AREA + (1ul << 20) + (RN_MAP_FRAMES_MAX - 1) * 0x1000) = 9;
}

/* Frame_CopyRange: bad batches that copy nothing, then good ones. The
 * frames are seen through mappings in a 2 MiB region of their own. */
#define COPY_AREA (RUN_AREA + (4ul << 20))

static int copy_frames(rn_cptr_t to, rn_cptr_t from, rn_word_t count)
{
	return rn_frame_copy_range(RN_SLOT_ROOT_CNODE, 0, 0, to, RN_SLOT_ROOT_CNODE, 0, 0, from,
	                           count);
}

static volatile rn_word_t *word_of(rn_word_t page)
{
	return (volatile rn_word_t *)(COPY_AREA + page * 0x1000);
}

void test_copy_frames(void)
{
	CHECK_ERR(rn_page_table_map(make_object(RN_OBJ_PAGE_TABLE, 0), VS, COPY_AREA), RN_OK);
	rn_cptr_t src = run_of_frames(RUN, 15), dst = run_of_frames(RUN, 15);
	CHECK_ERR(map_run(src, RUN, COPY_AREA, RW, 0), RN_OK);
	CHECK_ERR(map_run(dst, RUN, COPY_AREA + RUN * 0x1000, RW, 0), RN_OK);
	for (rn_word_t i = 0; i < RUN; i++)
		*word_of(i) = 200 + i;

	/* Bad batches, one fault each. */
	CHECK_ERR(copy_frames(dst, src, 0), RN_RANGE_ERROR);
	CHECK_ERR(copy_frames(dst, src, RN_COPY_FRAMES_MAX + 1), RN_RANGE_ERROR);
	CHECK_ERR(copy_frames(1ul << 40, src, RUN), RN_RANGE_ERROR); /* past the CNode */
	CHECK_ERR(copy_frames(dst, 1ul << 40, RUN), RN_RANGE_ERROR);
	CHECK_ERR(rn_frame_copy_range(RN_SLOT_ROOT_CNODE, src, 64, 0, RN_SLOT_ROOT_CNODE, 0, 0, src,
	                              RUN),
	          RN_FAILED_LOOKUP); /* the destination's node is a frame */
	CHECK_ERR(rn_frame_copy_range(RN_SLOT_ROOT_CNODE, 0, 0, dst, RN_SLOT_ROOT_CNODE, src, 64, 0,
	                              RUN),
	          RN_FAILED_LOOKUP); /* the source's node is a frame */
	CHECK_ERR(rn_frame_copy_range(src, 0, 0, dst, RN_SLOT_ROOT_CNODE, 0, 0, src, RUN),
	          RN_ILLEGAL_OPERATION); /* a frame is no CNode */
	CHECK_ERR(copy_frames(dst, src, RUN + 1), RN_INVALID_CAPABILITY); /* the next run's untyped */
	CHECK_ERR(copy_frames(dst + 1, src, RUN), RN_INVALID_CAPABILITY);  /* an empty target */
	CHECK(rn_last_error()->arg == 0 && rn_last_error()->range_min == RUN - 1);
	/* A read-only target in the middle. */
	rn_cptr_t ro = ktest_slot();
	CHECK_ERR(rn_cnode_copy(RN_SLOT_ROOT_CNODE, ro, 64, RN_SLOT_ROOT_CNODE, dst + 3, 64,
	                        RN_RIGHT_READ),
	          RN_OK);
	rn_cptr_t mid = run_of_frames(RUN, 15);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, mid + 3, 64), RN_OK);
	CHECK_ERR(rn_cnode_move(RN_SLOT_ROOT_CNODE, mid + 3, 64, RN_SLOT_ROOT_CNODE, ro, 64), RN_OK);
	CHECK_ERR(copy_frames(mid, src, RUN), RN_INVALID_CAPABILITY);
	CHECK(rn_last_error()->arg == 0 && rn_last_error()->range_min == 3);
	/* A source without Read, one that is no frame, a 2 MiB target. */
	rn_cptr_t odd = run_of_frames(RUN, 15);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, odd + 5, 64), RN_OK);
	CHECK_ERR(rn_cnode_copy(RN_SLOT_ROOT_CNODE, odd + 5, 64, RN_SLOT_ROOT_CNODE, src + 5, 64,
	                        RN_RIGHT_WRITE),
	          RN_OK);
	CHECK_ERR(copy_frames(dst, odd, RUN), RN_INVALID_CAPABILITY);
	CHECK(rn_last_error()->arg == 1 && rn_last_error()->range_min == 5);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, odd + 5, 64), RN_OK);
	rn_cptr_t ep = make_object(RN_OBJ_ENDPOINT, 0);
	CHECK_ERR(rn_cnode_move(RN_SLOT_ROOT_CNODE, odd + 5, 64, RN_SLOT_ROOT_CNODE, ep, 64), RN_OK);
	CHECK_ERR(copy_frames(dst, odd, RUN), RN_INVALID_CAPABILITY);
	CHECK(rn_last_error()->arg == 1 && rn_last_error()->range_min == 5);
	rn_cptr_t large = make_object(RN_OBJ_FRAME_2M, 0);
	CHECK_ERR(copy_frames(large, src, 1), RN_INVALID_CAPABILITY);
	CHECK_ERR(copy_frames(src, large, 1), RN_INVALID_CAPABILITY);

	/* Nothing of that changed anything: the targets are still zero. */
	for (rn_word_t i = 0; i < RUN; i++)
		CHECK(*word_of(RUN + i) == 0);
	CHECK_ERR(copy_frames(dst, src, RUN), RN_OK);
	for (rn_word_t i = 0; i < RUN; i++)
		CHECK(*word_of(RUN + i) == 200 + i);
	/* Copying a run onto itself is harmless. */
	CHECK_ERR(copy_frames(src, src, RUN), RN_OK);
	CHECK(*word_of(RUN - 1) == 200 + RUN - 1);

	/* The longest batch. */
	rn_cptr_t a = run_of_frames(RN_COPY_FRAMES_MAX, 18), b = run_of_frames(RN_COPY_FRAMES_MAX, 18);
	CHECK_ERR(copy_frames(b, a, RN_COPY_FRAMES_MAX), RN_OK);
}
