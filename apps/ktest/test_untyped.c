/* Untyped memory from user level: retype, describe, exhaustion and reuse. */
#include <rn/cnode.h>
#include <rn/untyped.h>
#include "ktest.h"
#include "objects.h"

void test_untyped(void)
{
	/* A 64 KiB child untyped to work in, so the test knows every byte. */
	rn_cptr_t ut = make_object(RN_OBJ_UNTYPED, 16);
	struct rn_untyped_info info;
	CHECK_ERR(rn_untyped_describe(ut, &info), RN_OK);
	CHECK(info.size_bits == 16 && info.free_bytes == 65536 && info.watermark == 0);

	/* Bad arguments: each refused with its own code, nothing changes. */
	rn_cptr_t dst = ktest_slot();
	CHECK_ERR(rn_untyped_retype(ut, 99, 0, RN_SLOT_ROOT_CNODE, 0, 0, dst, 1),
	          RN_INVALID_ARGUMENT);
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_UNTYPED, 3, RN_SLOT_ROOT_CNODE, 0, 0, dst, 1),
	          RN_RANGE_ERROR);
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0,
	                            RN_SLOT_ROOT_TCB, 1),
	          RN_DELETE_FIRST);
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0,
	                            1ul << bootinfo->root_cnode_bits, 1),
	          RN_RANGE_ERROR);
	CHECK_ERR(rn_untyped_retype(RN_SLOT_ROOT_TCB, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0,
	                            dst, 1),
	          RN_ILLEGAL_OPERATION);
	CHECK_ERR(rn_untyped_describe(ut, &info), RN_OK);
	CHECK(info.free_bytes == 65536);

	/* Exhaustion: 16 frames fill 64 KiB exactly; the 17th is refused. */
	rn_cptr_t first = ktest_slot();
	for (int i = 1; i < 16; i++)
		ktest_slot();
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, first, 16),
	          RN_OK);
	CHECK_ERR(rn_untyped_describe(ut, &info), RN_OK);
	CHECK(info.free_bytes == 0 && (info.flags & RN_UNTYPED_HAS_CHILDREN));
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, dst, 1),
	          RN_NOT_ENOUGH_MEMORY);

	/* Revoke gives it all back, and retype works again. */
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), RN_OK);
	CHECK_ERR(rn_untyped_describe(ut, &info), RN_OK);
	CHECK(info.free_bytes == 65536 && !(info.flags & RN_UNTYPED_HAS_CHILDREN));
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, first, 16),
	          RN_OK);
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), RN_OK);
}
