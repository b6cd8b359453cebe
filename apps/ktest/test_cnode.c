/* CNode invocations from user level: copy, mint, move, delete and errors. */
#include <rn/cnode.h>
#include <rn/untyped.h>
#include <rn/vspace.h>
#include "ktest.h"
#include "objects.h"

void test_cnode(void)
{
	rn_cptr_t ep = make_object(RN_OBJ_ENDPOINT, 0);
	rn_cptr_t copy = ktest_slot(), minted = ktest_slot(), moved = ktest_slot();

	CHECK_ERR(
	    rn_cnode_copy(RN_SLOT_ROOT_CNODE, copy, 64, RN_SLOT_ROOT_CNODE, ep, 64, RN_RIGHTS_ALL),
	    RN_OK);
	CHECK_ERR(
	    rn_cnode_copy(RN_SLOT_ROOT_CNODE, copy, 64, RN_SLOT_ROOT_CNODE, ep, 64, RN_RIGHTS_ALL),
	    RN_DELETE_FIRST);
	CHECK_ERR(rn_cnode_mint(RN_SLOT_ROOT_CNODE, minted, 64, RN_SLOT_ROOT_CNODE, ep, 64,
	                        RN_RIGHT_WRITE, 42),
	          RN_OK);
	CHECK_ERR(rn_cnode_move(RN_SLOT_ROOT_CNODE, moved, 64, RN_SLOT_ROOT_CNODE, minted, 64),
	          RN_OK);
	/* The moved-from slot is empty now: copying from it fails lookup. */
	CHECK_ERR(rn_cnode_copy(RN_SLOT_ROOT_CNODE, minted, 64, RN_SLOT_ROOT_CNODE, minted, 64,
	                        RN_RIGHTS_ALL),
	          RN_FAILED_LOOKUP);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, moved, 0), RN_RANGE_ERROR);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, moved, 64), RN_OK);
	/* Revoking the original removes the copy derived from it. */
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ep, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, ep, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, copy, 64), RN_OK);

	/* Invoking an empty slot or a bogus cptr is a clean error. */
	struct rn_untyped_info info;
	CHECK_ERR(rn_untyped_describe(ep, &info), RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_untyped_describe(0xdeadbeef, &info), RN_FAILED_LOOKUP);
}

/* CNode_CopyRange: good batches, and bad ones that change nothing. */
#define RANGE 8

static rn_cptr_t fresh_slots(rn_word_t n)
{
	rn_cptr_t first = ktest_slot();
	for (rn_word_t i = 1; i < n; i++)
		ktest_slot();
	return first;
}

static int copy_range(rn_cptr_t to, rn_cptr_t from, rn_word_t count, rn_word_t rights)
{
	return rn_cnode_copy_range(RN_SLOT_ROOT_CNODE, 0, 0, to, RN_SLOT_ROOT_CNODE, 0, 0, from,
	                           count, rights);
}

void test_copy_range(void)
{
	rn_cptr_t ut = make_object(RN_OBJ_UNTYPED, 16);
	rn_cptr_t f = fresh_slots(RANGE + 1); /* slot f + RANGE stays empty */
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, f, RANGE),
	          RN_OK);
	rn_cptr_t to = fresh_slots(RANGE + 1);

	/* Bad batches, one fault each. */
	CHECK_ERR(copy_range(to, f, 0, RN_RIGHT_READ), RN_RANGE_ERROR);
	CHECK_ERR(copy_range(to, f, RN_COPY_RANGE_MAX + 1, RN_RIGHT_READ), RN_RANGE_ERROR);
	CHECK_ERR(copy_range(to, f, RANGE, RN_RIGHTS_ALL + 1), RN_INVALID_ARGUMENT);
	CHECK_ERR(copy_range(1ul << 40, f, RANGE, RN_RIGHT_READ), RN_RANGE_ERROR);
	CHECK_ERR(copy_range(to, 1ul << 40, RANGE, RN_RIGHT_READ), RN_RANGE_ERROR);
	CHECK_ERR(rn_cnode_copy_range(RN_SLOT_ROOT_CNODE, f, 64, 0, RN_SLOT_ROOT_CNODE, 0, 0, f,
	                              RANGE, RN_RIGHT_READ),
	          RN_FAILED_LOOKUP); /* the destination's node is a frame */
	CHECK_ERR(rn_cnode_copy_range(RN_SLOT_ROOT_CNODE, 0, 0, to, RN_SLOT_ROOT_CNODE, f, 64, 0,
	                              RANGE, RN_RIGHT_READ),
	          RN_FAILED_LOOKUP); /* the source's node is a frame */
	CHECK_ERR(rn_cnode_copy_range(f, 0, 0, to, RN_SLOT_ROOT_CNODE, 0, 0, f, RANGE,
	                              RN_RIGHT_READ),
	          RN_ILLEGAL_OPERATION); /* a frame is no CNode */
	CHECK_ERR(copy_range(to, f, RANGE + 1, RN_RIGHT_READ), RN_INVALID_CAPABILITY); /* empty */
	rn_cptr_t ep = make_object(RN_OBJ_ENDPOINT, 0);
	CHECK_ERR(rn_cnode_copy(RN_SLOT_ROOT_CNODE, to + 5, 64, RN_SLOT_ROOT_CNODE, ep, 64,
	                        RN_RIGHTS_ALL),
	          RN_OK);
	CHECK_ERR(copy_range(to, f, RANGE, RN_RIGHT_READ), RN_DELETE_FIRST); /* occupied */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, to + 5, 64), RN_OK);
	/* An untyped with children as the last source. */
	rn_cptr_t u = fresh_slots(2);
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_UNTYPED, 12, RN_SLOT_ROOT_CNODE, 0, 0, u, 1), RN_OK);
	CHECK_ERR(rn_untyped_retype(u, RN_OBJ_ENDPOINT, 0, RN_SLOT_ROOT_CNODE, 0, 0, u + 1, 1),
	          RN_OK);
	CHECK_ERR(copy_range(to, u, 2, RN_RIGHT_READ), RN_REVOKE_FIRST);

	/* Nothing of that changed anything: the whole run copies, each copy
	 * names its frame, with the rights asked for. */
	CHECK_ERR(copy_range(to, f, RANGE, RN_RIGHT_READ), RN_OK);
	for (rn_word_t i = 0; i < RANGE; i++) {
		rn_word_t pa = 0, pb = 0;
		CHECK_ERR(rn_frame_get_address(f + i, &pa), RN_OK);
		CHECK_ERR(rn_frame_get_address(to + i, &pb), RN_OK);
		CHECK(pa == pb);
	}
	CHECK_ERR(rn_frame_copy(to + 1, f), RN_INVALID_CAPABILITY); /* read-only copy */
	CHECK_ERR(copy_range(to, f, 1, RN_RIGHT_READ), RN_DELETE_FIRST);
	/* Revoking a frame takes its copy with it. */
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, f + 2, 64), RN_OK);
	CHECK_ERR(rn_frame_get_address(to + 2, &(rn_word_t){ 0 }), RN_INVALID_CAPABILITY);

	/* The longest batch. */
	rn_cptr_t more = make_object(RN_OBJ_UNTYPED, 18);
	rn_cptr_t frames = fresh_slots(RN_COPY_RANGE_MAX);
	CHECK_ERR(rn_untyped_retype(more, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, frames,
	                            RN_COPY_RANGE_MAX),
	          RN_OK);
	rn_cptr_t all = fresh_slots(RN_COPY_RANGE_MAX);
	CHECK_ERR(copy_range(all, frames, RN_COPY_RANGE_MAX, RN_RIGHTS_ALL), RN_OK);
	CHECK_ERR(rn_frame_copy(all + RN_COPY_RANGE_MAX - 1, frames), RN_OK);
}
