/* CNode invocations from user level: copy, mint, move, delete and errors. */
#include <rn/cnode.h>
#include <rn/untyped.h>
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
