/* CSpace lookup against the rules in <ration/cspace.h>. */
#include "tests/unit/support/ktest.h"
#include "tests/unit/support/fake_pmem.h"

static void init(void)
{
	kf_boot_standard();
}
static void fini(void)
{
	fake_pmem_fini();
}
TestSuite(cspace, .init = init, .fini = fini);

#define S KF_FREE_SLOT

/* A radix-4 CNode at root slot S, and a cap to it with guard 0b101 of
 * size 3 minted into slot S+1. */
static void make_sub_cnode(void)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 4, S, 1));
	expect_ok(kf_mint(S + 1, S, RN_RIGHTS_ALL, RN_CNODE_GUARD_DATA(5, 3)));
}

Test(cspace, slot_number_at_depth_64_names_a_root_slot)
{
	struct slot *s;
	word_t left;
	cr_expect_eq(cspace_resolve(kf_root(), KF_UT_BIG, 64, &s, &left, &kf_err), RN_OK);
	cr_expect_eq(s, kf_slot(KF_UT_BIG));
	cr_expect_eq(left, 0);
}

Test(cspace, guard_mismatch_reports_bits_left_and_the_guard)
{
	struct slot *s;
	word_t left;
	cr_expect_eq(cspace_resolve(kf_root(), BIT(12) | 5, 64, &s, &left, &kf_err),
	             RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_GUARD_MISMATCH);
	cr_expect_eq(kf_err.bits_left, 64);
	cr_expect_eq(kf_err.bits_found, 52);
	cr_expect_eq(kf_err.guard_found, 0);
	/* fewer bits than the guard */
	cr_expect_eq(cspace_resolve(kf_root(), 5, 12, &s, &left, &kf_err), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_GUARD_MISMATCH);
	cr_expect_eq(kf_err.bits_left, 12);
}

Test(cspace, depth_mismatch_when_a_level_needs_more_bits)
{
	make_sub_cnode();
	/* guard 3 bits + radix 4 = 7 bits needed, only 5 given */
	struct slot *s;
	word_t left;
	cr_expect_eq(cspace_resolve(&kf_slot(S + 1)->cap, 0x14, 5, &s, &left, &kf_err),
	             RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_DEPTH_MISMATCH);
	cr_expect_eq(kf_err.bits_left, 5);
	cr_expect_eq(kf_err.bits_found, 7);
}

Test(cspace, guarded_cnode_cap_resolves_guard_then_index)
{
	make_sub_cnode();
	struct slot *s;
	word_t left;
	cr_expect_eq(cspace_resolve(&kf_slot(S + 1)->cap, (5 << 4) | 9, 7, &s, &left, &kf_err),
	             RN_OK);
	cr_expect_eq(s, cnode_slot(&kf_slot(S)->cap, 9));
	cr_expect_eq(cspace_resolve(&kf_slot(S + 1)->cap, (4 << 4) | 9, 7, &s, &left, &kf_err),
	             RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_GUARD_MISMATCH);
	cr_expect_eq(kf_err.guard_found, 5);
	cr_expect_eq(kf_err.bits_found, 3);
}

Test(cspace, lookup_descends_through_cnode_caps)
{
	make_sub_cnode();
	/* A root cap with no guard, so 12 bits pick a root slot and the rest
	 * go on into the guarded sub-CNode in slot S+1. */
	struct cap root = *kf_root();
	cap_cnode_set_guard(&root, 0, 0);
	struct slot *s;
	word_t left;
	word_t cptr = ((word_t)(S + 1) << 7) | (5 << 4) | 3;
	cr_expect_eq(cspace_resolve(&root, cptr, 19, &s, &left, &kf_err), RN_OK);
	cr_expect_eq(s, cnode_slot(&kf_slot(S)->cap, 3));
	cr_expect_eq(left, 0);
}

Test(cspace, lookup_stops_at_a_non_cnode_cap_with_bits_left)
{
	struct cap root = *kf_root();
	cap_cnode_set_guard(&root, 0, 0);
	struct slot *s;
	word_t left;
	cr_expect_eq(
	    cspace_resolve(&root, ((word_t)KF_UT_BIG << 20) | 0xabcde, 32, &s, &left, &kf_err),
	    RN_OK);
	cr_expect_eq(s, kf_slot(KF_UT_BIG));
	cr_expect_eq(left, 20);
	/* an invoked-cap lookup ignores them, a slot lookup refuses them */
	cr_expect_eq(cspace_lookup_slot(&root, ((word_t)KF_UT_BIG << 20), 32, 1, true, &s, &kf_err),
	             RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_DEPTH_MISMATCH);
	cr_expect_eq(kf_err.bits_left, 20);
	cr_expect_eq(kf_err.bits_found, 0);
	cr_expect_eq(kf_err.lookup_source, 1);
}

Test(cspace, non_cnode_root_is_an_invalid_root)
{
	struct slot *s;
	word_t left;
	cr_expect_eq(cspace_resolve(&kf_slot(KF_UT_BIG)->cap, 0, 64, &s, &left, &kf_err),
	             RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_INVALID_ROOT);
}

Test(cspace, slot_lookup_depth_must_be_1_to_64)
{
	struct slot *s;
	cr_expect_eq(cspace_lookup_slot(kf_root(), 0, 0, 3, false, &s, &kf_err), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.range_min, 1);
	cr_expect_eq(kf_err.range_max, 64);
	cr_expect_eq(kf_err.arg, 3);
	cr_expect_eq(cspace_lookup_slot(kf_root(), 0, 65, 1, false, &s, &kf_err), RN_RANGE_ERROR);
}

Test(cspace, empty_slot_is_a_missing_capability_for_invoked_caps)
{
	struct slot *s;
	cr_expect_eq(cspace_lookup_cap(kf_root(), 100, &s, &kf_err), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_MISSING_CAP);
}

Test(cspace, a_lookup_takes_at_most_64_levels)
{
	/* A radix-1 CNode whose slot 0 holds a cap to itself: every bit is
	 * one more level, and the lookup ends after 64 of them. */
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 1, S, 1));
	struct cap loop = kf_slot(S)->cap;
	word_t mr[] = { 0, 1, S, 64, RN_RIGHTS_ALL };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	expect_ok(kf_invoke(S, RN_CNODE_COPY, mr, 5, extra, 1));
	struct slot *s;
	word_t left;
	cr_expect_eq(cspace_resolve(&loop, 0, 64, &s, &left, &kf_err), RN_OK);
	cr_expect_eq(s, cnode_slot(&loop, 0));
	cr_expect_eq(left, 0);
	cr_expect_eq(cspace_resolve(&loop, 1, 64, &s, &left, &kf_err), RN_OK);
	cr_expect_eq(s, cnode_slot(&loop, 1)); /* empty: ends at bit 0 with 0 left */
	expect_invariants();
}
