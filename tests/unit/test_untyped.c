/* Untyped_Retype and Untyped_Describe: every rule and every refusal. */
#include "tests/unit/support/ktest.h"
#include "tests/unit/support/fake_pmem.h"
#include "kernel/pmem.h"

static void init(void)
{
	kf_boot_standard();
}
static void fini(void)
{
	fake_pmem_fini();
}
TestSuite(untyped, .init = init, .fini = fini);

#define S        KF_FREE_SLOT
#define BIG_BASE (KF_BASE + MiB(2))

static bool all_zero(paddr_t pa, word_t size)
{
	const uint8_t *p = paddr_to_kptr(pa);
	for (word_t i = 0; i < size; i++)
		if (p[i])
			return false;
	return true;
}

static const struct {
	word_t type, bits;
	enum cap_type cap;
	word_t size_bits;
} kinds[] = {
	{ RN_OBJ_UNTYPED, 13, CAP_UNTYPED, 13 },
	{ RN_OBJ_TCB, 0, CAP_TCB, RN_TCB_BITS },
	{ RN_OBJ_ENDPOINT, 0, CAP_ENDPOINT, RN_ENDPOINT_BITS },
	{ RN_OBJ_NOTIFICATION, 0, CAP_NOTIFICATION, RN_NOTIFICATION_BITS },
	{ RN_OBJ_REPLY, 0, CAP_REPLY, RN_REPLY_BITS },
	{ RN_OBJ_CNODE, 3, CAP_CNODE, 3 + RN_SLOT_BITS },
	{ RN_OBJ_FRAME_4K, 0, CAP_FRAME, 12 },
	{ RN_OBJ_FRAME_2M, 0, CAP_FRAME, 21 },
	{ RN_OBJ_PAGE_TABLE, 0, CAP_PAGE_TABLE, 12 },
	{ RN_OBJ_SCHED_GROUP, 0, CAP_SCHED_GROUP, RN_SCHED_GROUP_BITS },
};

Test(untyped, retype_makes_every_type_in_consecutive_slots_zeroed_and_aligned)
{
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		word_t n = kinds[k].type == RN_OBJ_FRAME_2M ? 1 : 3;
		expect_ok(kf_retype(KF_UT_BIG, kinds[k].type, kinds[k].bits, S, n));
		for (word_t i = 0; i < n; i++) {
			const struct cap *c = &kf_slot(S + i)->cap;
			cr_expect_eq(cap_type(c), kinds[k].cap, "kind %zu", k);
			cr_expect_eq(cap_object_bits(c), kinds[k].size_bits);
			cr_expect(IS_ALIGNED(cap_paddr(c), BIT(kinds[k].size_bits)));
			cr_expect_eq(cap_rights(c), RN_RIGHTS_ALL);
			if (i > 0)
				cr_expect_eq(cap_paddr(c), cap_paddr(&kf_slot(S + i - 1)->cap) +
				                               BIT(kinds[k].size_bits));
			if (kinds[k].type != RN_OBJ_UNTYPED)
				cr_expect(all_zero(cap_paddr(c), BIT(kinds[k].size_bits)),
				          "kind %zu not zeroed", k);
		}
		expect_invariants();
		expect_ok(kf_revoke(KF_UT_BIG));
		cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	}
}

Test(untyped, objects_are_carved_in_order_from_the_watermark)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 2));
	cr_expect_eq(cap_paddr(&kf_slot(S)->cap), BIG_BASE);
	cr_expect_eq(cap_paddr(&kf_slot(S + 1)->cap), BIG_BASE + 16);
	cr_expect_eq(cap_untyped_watermark(&kf_slot(KF_UT_BIG)->cap), 32);
	/* a 4 KiB frame next: aligned up, leaving the gap unused */
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S + 2, 1));
	cr_expect_eq(cap_paddr(&kf_slot(S + 2)->cap), BIG_BASE + 0x1000);
	cr_expect_eq(cap_untyped_watermark(&kf_slot(KF_UT_BIG)->cap), 0x2000);
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2) - 0x2000);
	expect_invariants();
}

Test(untyped, retype_continues_after_the_watermark_while_children_live)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S, 2));
	expect_ok(kf_delete(S)); /* one child left: no reset */
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S, 1));
	cr_expect_eq(cap_paddr(&kf_slot(S)->cap), BIG_BASE + 0x2000);
}

Test(untyped, retype_resets_the_watermark_once_all_children_are_gone)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S, 2));
	expect_ok(kf_delete(S));
	expect_ok(kf_delete(S + 1));
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	memset(paddr_to_kptr(BIG_BASE), 0x5a, 0x1000); /* old contents */
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S, 1));
	cr_expect_eq(cap_paddr(&kf_slot(S)->cap), BIG_BASE);
	cr_expect(all_zero(BIG_BASE, 0x1000));
	expect_invariants();
}

Test(untyped, retype_of_256_objects_at_once)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, RN_RETYPE_MAX_OBJECTS));
	for (word_t i = 0; i < RN_RETYPE_MAX_OBJECTS; i++)
		cr_expect_eq(slot_type(S + i), CAP_ENDPOINT);
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2) - 16 * RN_RETYPE_MAX_OBJECTS);
	expect_invariants();
}

Test(untyped, retype_into_a_cnode_found_by_index_and_depth)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 2, S, 1));
	word_t mr[] = { RN_OBJ_ENDPOINT, 0, S, 64, 1, 3 };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	expect_ok(kf_invoke(KF_UT_BIG, RN_UNTYPED_RETYPE, mr, 6, extra, 1));
	const struct cap *cn = &kf_slot(S)->cap;
	cr_expect_eq(cap_type(&cnode_slot(cn, 0)->cap), CAP_NULL);
	for (word_t i = 1; i < 4; i++)
		cr_expect_eq(cap_type(&cnode_slot(cn, i)->cap), CAP_ENDPOINT);
	expect_invariants();
}

Test(untyped, child_untyped_splits_memory_and_inherits_the_device_flag)
{
	expect_ok(kf_retype(KF_UT_DEV, RN_OBJ_UNTYPED, 12, S, 2));
	cr_expect(cap_untyped_device(&kf_slot(S)->cap));
	expect_ok(kf_retype(S, RN_OBJ_FRAME_4K, 0, S + 2, 1));
	cr_expect(cap_frame_device(&kf_slot(S + 2)->cap));
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 20, S + 3, 2));
	cr_expect(!cap_untyped_device(&kf_slot(S + 3)->cap));
	cr_expect_eq(cap_paddr(&kf_slot(S + 4)->cap), BIG_BASE + MiB(1));
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), 0);
	expect_invariants();
}

Test(untyped, device_memory_becomes_frames_but_is_not_zeroed)
{
	paddr_t dev = KF_BASE + MiB(1);
	memset(paddr_to_kptr(dev), 0x77, 0x1000);
	expect_ok(kf_retype(KF_UT_DEV, RN_OBJ_FRAME_4K, 0, S, 1));
	cr_expect_eq(*(uint8_t *)paddr_to_kptr(dev), 0x77);
	cr_expect(cap_frame_device(&kf_slot(S)->cap));
}

Test(untyped, describe_reports_address_size_free_bytes_and_flags)
{
	expect_ok(kf_invoke(KF_UT_HOST, RN_UNTYPED_DESCRIBE, NULL, 0, NULL, 0));
	cr_expect_eq(kf_reply.len, 5);
	cr_expect_eq(kf_reply.mr[0], KF_BASE);
	cr_expect_eq(kf_reply.mr[1], 20);
	cr_expect_eq(kf_reply.mr[2], MiB(1) - BIT(CONFIG_ROOT_CNODE_BITS + RN_SLOT_BITS));
	cr_expect_eq(kf_reply.mr[3], RN_UNTYPED_HAS_CHILDREN);
	cr_expect_eq(kf_reply.mr[4], BIT(CONFIG_ROOT_CNODE_BITS + RN_SLOT_BITS));
	expect_ok(kf_invoke(KF_UT_DEV, RN_UNTYPED_DESCRIBE, NULL, 0, NULL, 0));
	cr_expect_eq(kf_reply.mr[3], RN_UNTYPED_DEVICE);
	cr_expect_eq(kf_reply.mr[2], KiB(64));
}

/* ---- refusals: each with its own code, and nothing changed ---------- */

static int retype_raw(word_t ut, const word_t *mr, word_t len, word_t n_extra)
{
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	return kf_invoke(ut, RN_UNTYPED_RETYPE, mr, len, extra, n_extra);
}

Test(untyped, retype_fails_when_message_or_extra_cap_is_missing)
{
	word_t mr[] = { RN_OBJ_ENDPOINT, 0, 0, 0, S, 1 };
	expect_refused(retype_raw(KF_UT_BIG, mr, 5, 1), RN_TRUNCATED_MESSAGE);
	expect_refused(retype_raw(KF_UT_BIG, mr, 6, 0), RN_TRUNCATED_MESSAGE);
}

Test(untyped, retype_fails_on_an_unknown_type)
{
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_TYPE_COUNT, 0, S, 1), RN_INVALID_ARGUMENT);
	cr_expect_eq(kf_err.arg, 0);
	expect_refused(kf_retype(KF_UT_BIG, ~0ull, 0, S, 1), RN_INVALID_ARGUMENT);
}

Test(untyped, retype_fails_when_untyped_size_is_out_of_range)
{
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 3, S, 1), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 1);
	cr_expect_eq(kf_err.range_min, RN_UNTYPED_MIN_BITS);
	cr_expect_eq(kf_err.range_max, RN_UNTYPED_MAX_BITS);
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 39, S, 1), RN_RANGE_ERROR);
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, ~0ull, S, 1), RN_RANGE_ERROR);
}

Test(untyped, retype_fails_when_cnode_radix_is_out_of_range)
{
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 0, S, 1), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.range_min, RN_CNODE_MIN_RADIX);
	cr_expect_eq(kf_err.range_max, RN_CNODE_MAX_RADIX);
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, RN_CNODE_MAX_RADIX + 1, S, 1),
	               RN_RANGE_ERROR);
}

Test(untyped, retype_ignores_size_bits_of_fixed_size_types)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 63, S, 1));
	cr_expect_eq(cap_object_bits(&kf_slot(S)->cap), RN_ENDPOINT_BITS);
}

Test(untyped, retype_fails_when_count_is_zero_or_above_the_limit)
{
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 0), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 5);
	cr_expect_eq(kf_err.range_min, 1);
	cr_expect_eq(kf_err.range_max, RN_RETYPE_MAX_OBJECTS);
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, RN_RETYPE_MAX_OBJECTS + 1),
	               RN_RANGE_ERROR);
}

Test(untyped, retype_fails_when_offset_is_past_the_cnode)
{
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, BIT(CONFIG_ROOT_CNODE_BITS), 1),
	               RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 4);
	cr_expect_eq(kf_err.range_min, 0);
	cr_expect_eq(kf_err.range_max, BIT(CONFIG_ROOT_CNODE_BITS) - 1);
}

Test(untyped, retype_fails_when_count_exceeds_the_slots_left)
{
	word_t last = BIT(CONFIG_ROOT_CNODE_BITS) - 2;
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, last, 3), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 5);
	cr_expect_eq(kf_err.range_max, 2);
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, last, 2));
}

Test(untyped, retype_fails_when_slot_occupied)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S + 2, 1));
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 3), RN_DELETE_FIRST);
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, KF_UT_BIG, 1), RN_DELETE_FIRST);
}

Test(untyped, retype_fails_when_not_enough_memory)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S, 1));
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_2M, 0, S + 1, 1), RN_NOT_ENOUGH_MEMORY);
	cr_expect_eq(kf_err.memory_left, MiB(2) - 0x1000);
	expect_refused(kf_retype(KF_UT_DEV, RN_OBJ_UNTYPED, 17, S + 1, 1), RN_NOT_ENOUGH_MEMORY);
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 20, S + 1, 2), RN_NOT_ENOUGH_MEMORY);
}

Test(untyped, retype_fails_when_alignment_pushes_objects_past_the_end)
{
	/* 16 bytes used: 1 MiB + 16 still fits by size, but the next 1 MiB
	 * boundary leaves room for one 1 MiB untyped only. */
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 1));
	expect_refused(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 20, S + 1, 2), RN_NOT_ENOUGH_MEMORY);
	cr_expect_eq(kf_err.memory_left, MiB(2) - 16);
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 20, S + 1, 1));
	cr_expect_eq(cap_paddr(&kf_slot(S + 1)->cap), BIG_BASE + MiB(1));
}

Test(untyped, retype_fails_when_root_is_not_a_cnode)
{
	word_t mr[] = { RN_OBJ_ENDPOINT, 0, 0, 0, S, 1 };
	word_t extra[] = { KF_UT_BIG };
	expect_refused(kf_invoke(KF_UT_BIG, RN_UNTYPED_RETYPE, mr, 6, extra, 1), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_INVALID_ROOT);
	word_t mr2[] = { RN_OBJ_ENDPOINT, 0, 5, 12, S, 1 };
	expect_refused(kf_invoke(KF_UT_BIG, RN_UNTYPED_RETYPE, mr2, 6, extra, 1), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_INVALID_ROOT);
}

Test(untyped, retype_fails_when_the_node_lookup_fails)
{
	word_t bad_depth[] = { RN_OBJ_ENDPOINT, 0, S, 65, 0, 1 };
	expect_refused(retype_raw(KF_UT_BIG, bad_depth, 6, 1), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 3);
	word_t bad_guard[] = { RN_OBJ_ENDPOINT, 0, S, 12, 0, 1 };
	expect_refused(retype_raw(KF_UT_BIG, bad_guard, 6, 1), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_GUARD_MISMATCH);
	cr_expect_eq(kf_err.lookup_source, 0);
}

Test(untyped, retype_fails_when_the_node_is_not_a_cnode)
{
	word_t empty[] = { RN_OBJ_ENDPOINT, 0, S, 64, 0, 1 };
	expect_refused(retype_raw(KF_UT_BIG, empty, 6, 1), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_MISSING_CAP);
	word_t ut[] = { RN_OBJ_ENDPOINT, 0, KF_UT_BIG, 64, 0, 1 };
	expect_refused(retype_raw(KF_UT_BIG, ut, 6, 1), RN_FAILED_LOOKUP);
}

Test(untyped, device_untyped_refuses_kernel_objects)
{
	static const word_t types[] = { RN_OBJ_TCB,   RN_OBJ_ENDPOINT, RN_OBJ_NOTIFICATION,
		                        RN_OBJ_REPLY, RN_OBJ_CNODE,    RN_OBJ_PAGE_TABLE,
		                        RN_OBJ_SCHED_GROUP };
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		expect_refused(kf_retype(KF_UT_DEV, types[i], 4, S, 1), RN_INVALID_ARGUMENT);
		cr_expect_eq(kf_err.arg, 0);
	}
}

Test(untyped, untyped_refuses_other_labels)
{
	word_t mr[] = { S, 64 };
	expect_refused(kf_invoke(KF_UT_BIG, RN_CNODE_DELETE, mr, 2, NULL, 0), RN_ILLEGAL_OPERATION);
	expect_refused(kf_invoke(KF_UT_BIG, 999, mr, 2, NULL, 0), RN_ILLEGAL_OPERATION);
}

Test(untyped, invoking_an_empty_slot_is_an_invalid_capability)
{
	expect_refused(kf_invoke(S, RN_UNTYPED_DESCRIBE, NULL, 0, NULL, 0), RN_INVALID_CAPABILITY);
	cr_expect_eq(kf_err.arg, 0);
}

Test(untyped, invoking_other_object_types_is_not_yet_allowed)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_SCHED_GROUP, 0, S, 1));
	expect_refused(kf_invoke(S, RN_UNTYPED_DESCRIBE, NULL, 0, NULL, 0), RN_ILLEGAL_OPERATION);
}

Test(untyped, extra_cap_lookup_failures_name_the_cap)
{
	word_t mr[] = { RN_OBJ_ENDPOINT, 0, 0, 0, S, 1 };
	word_t extra[] = { S + 7 };
	expect_refused(kf_invoke(KF_UT_BIG, RN_UNTYPED_RETYPE, mr, 6, extra, 1), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.arg, 1);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_MISSING_CAP);
}
