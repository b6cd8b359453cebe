/* The derivation tree: who is whose parent, and what Delete and Revoke
 * destroy. */
#include "tests/unit/support/ktest.h"
#include "tests/unit/support/fake_pmem.h"
#include "kernel/delete.h"
#include "kernel/pmem.h"
#include "kernel/untyped.h"

#define S KF_FREE_SLOT

static void init(void)
{
	kf_boot_standard();
}
static void fini(void)
{
	fake_pmem_fini();
}
TestSuite(cdt, .init = init, .fini = fini);

static struct slot *want_child, *found_parent;
static void find_parent(struct slot *s, struct slot *p, void *arg)
{
	(void)arg;
	if (s == want_child)
		found_parent = p;
}

/* The parent the tree gives root slot i (NULL for none). */
static struct slot *parent_of(word_t i)
{
	want_child = kf_slot(i);
	found_parent = (struct slot *)1;
	invariants_for_each_parent(find_parent, NULL);
	cr_assert_neq(found_parent, (struct slot *)1, "slot %lu not in the tree", (unsigned long)i);
	return found_parent;
}

Test(cdt, retyped_objects_are_children_of_their_untyped)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 3));
	for (int i = 0; i < 3; i++)
		cr_expect_eq(parent_of(S + i), kf_slot(KF_UT_BIG));
	cr_expect_null(parent_of(KF_UT_BIG));
	cr_expect_eq(parent_of(RN_SLOT_ROOT_CNODE), kf_slot(KF_UT_HOST));
}

Test(cdt, a_copy_of_an_original_is_its_child_a_copy_of_a_copy_its_sibling)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_NOTIFICATION, 0, S, 1));
	expect_ok(kf_copy(S + 1, S, RN_RIGHTS_ALL));
	expect_ok(kf_copy(S + 2, S + 1, RN_RIGHTS_ALL));
	cr_expect_eq(parent_of(S + 1), kf_slot(S));
	cr_expect_eq(parent_of(S + 2), kf_slot(S));
}

Test(cdt, badged_mints_start_their_own_groups)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 1));
	expect_ok(kf_mint(S + 1, S, RN_RIGHTS_ALL, 5));
	expect_ok(kf_copy(S + 2, S + 1, RN_RIGHTS_ALL));
	expect_ok(kf_mint(S + 3, S, RN_RIGHTS_ALL, 5)); /* same badge, new group */
	expect_ok(kf_copy(S + 4, S + 3, RN_RIGHTS_ALL));
	cr_expect_eq(parent_of(S + 1), kf_slot(S));
	cr_expect_eq(parent_of(S + 2), kf_slot(S + 1));
	cr_expect_eq(parent_of(S + 3), kf_slot(S));
	cr_expect_eq(parent_of(S + 4), kf_slot(S + 3));
	/* revoking one group leaves the other */
	expect_ok(kf_revoke(S + 3));
	cr_expect_eq(slot_type(S + 4), CAP_NULL);
	cr_expect_eq(slot_type(S + 2), CAP_ENDPOINT);
	expect_invariants();
}

Test(cdt, deleting_a_cap_gives_its_children_to_its_parent)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 1));
	expect_ok(kf_mint(S + 3, S, RN_RIGHTS_ALL, 5));
	expect_ok(kf_mint(S + 1, S, RN_RIGHTS_ALL, 5));
	expect_ok(kf_copy(S + 2, S + 1, RN_RIGHTS_ALL));
	expect_ok(kf_copy(S + 4, S + 3, RN_RIGHTS_ALL));
	expect_ok(kf_copy(S + 5, S + 4, RN_RIGHTS_ALL));
	/* list: S, S+1, S+2, S+3, S+5, S+4 */
	expect_ok(kf_delete(S + 3));
	cr_expect_eq(parent_of(S + 4), kf_slot(S));
	cr_expect_eq(parent_of(S + 5), kf_slot(S));
	expect_ok(kf_delete(S + 5));
	cr_expect_eq(parent_of(S + 4), kf_slot(S));
	/* the other group kept its members only */
	expect_ok(kf_revoke(S + 1));
	cr_expect_eq(slot_type(S + 2), CAP_NULL);
	cr_expect_eq(slot_type(S + 4), CAP_ENDPOINT);
	expect_ok(kf_delete(S));
	cr_expect_eq(parent_of(S + 1), kf_slot(KF_UT_BIG));
	cr_expect_eq(parent_of(S + 4), kf_slot(KF_UT_BIG));
	expect_invariants();
}

Test(cdt, revoking_an_original_deletes_every_copy)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 2, S, 1));
	for (int i = 1; i < 5; i++)
		expect_ok(kf_copy(S + i, S + i - 1, RN_RIGHTS_ALL));
	expect_ok(kf_revoke(S));
	for (int i = 1; i < 5; i++)
		cr_expect_eq(slot_type(S + i), CAP_NULL);
	cr_expect_eq(slot_type(S), CAP_CNODE);
	expect_invariants();
}

Test(cdt, delete_of_the_last_cap_frees_the_memory_for_reuse)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S, 1));
	expect_ok(kf_copy(S + 1, S, RN_RIGHTS_ALL));
	expect_ok(kf_delete(S));
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2) - 0x1000); /* copy keeps it alive */
	expect_ok(kf_delete(S + 1));
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	expect_invariants();
}

Test(cdt, deleting_an_untyped_destroys_everything_made_from_it)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 16, S, 1));
	expect_ok(kf_retype(S, RN_OBJ_ENDPOINT, 0, S + 1, 2));
	expect_ok(kf_copy(S + 3, S + 1, RN_RIGHTS_ALL));
	word_t before = cdt_count();
	expect_ok(kf_delete(S));
	cr_expect_eq(cdt_count(), before - 4);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(slot_type(S + i), CAP_NULL);
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	expect_invariants();
}

Test(cdt, revoking_an_untyped_resets_it)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_TCB, 0, S, 10));
	expect_ok(kf_revoke(KF_UT_BIG));
	cr_expect_eq(cap_untyped_watermark(&kf_slot(KF_UT_BIG)->cap), 0);
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	expect_invariants();
}

Test(cdt, deleting_a_cnode_deletes_the_caps_inside_it)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 2, S, 1));
	word_t mr[] = { RN_OBJ_FRAME_4K, 0, S, 64, 0, 4 };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	expect_ok(kf_invoke(KF_UT_BIG, RN_UNTYPED_RETYPE, mr, 6, extra, 1));
	cr_expect_eq(cdt_count(), 4 + 1 + 4);
	expect_ok(kf_delete(S));
	cr_expect_eq(cdt_count(), 4);
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	expect_invariants();
}

/* A chain of CNodes, each holding the only cap to the next: deleting the
 * first destroys all of them, iteratively. */
Test(cdt, deleting_a_long_chain_of_cnodes_needs_no_recursion)
{
	enum { N = 2000 };
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 1, S, 1));
	struct cap prev = kf_slot(S)->cap;
	for (int i = 1; i < N; i++) {
		/* retype the next CNode into slot 0 of the previous one */
		struct slot *dst = cnode_slot(&prev, 0);
		untyped_retype(kf_slot(KF_UT_BIG), RN_OBJ_CNODE, 1, dst, 1);
		prev = dst->cap;
	}
	expect_invariants();
	cr_expect_eq(cdt_count(), 4 + N);
	expect_ok(kf_delete(S));
	cr_expect_eq(cdt_count(), 4);
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	expect_invariants();
}

Test(cdt, a_cnode_holding_its_own_cap_dies_when_its_untyped_is_revoked)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 2, S, 1));
	word_t mr[] = { 1, 2, S, 64, RN_RIGHTS_ALL };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	expect_ok(kf_invoke(S, RN_CNODE_COPY, mr, 5, extra, 1));
	expect_ok(kf_delete(S)); /* its copy inside it keeps it alive */
	cr_expect_eq(cdt_count(), 5);
	cr_expect_neq(kf_free_bytes(KF_UT_BIG), MiB(2));
	expect_ok(kf_revoke(KF_UT_BIG));
	cr_expect_eq(cdt_count(), 4);
	cr_expect_eq(kf_free_bytes(KF_UT_BIG), MiB(2));
	expect_invariants();
}

Test(cdt, revoking_the_untyped_under_the_root_cnode_destroys_everything)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 5));
	expect_ok(kf_revoke(KF_UT_HOST));
	/* the root CNode died, and with it every cap it held */
	cr_expect_eq(cdt_count(), 0);
	cr_expect_null(cdt_next(cdt_head()));
	expect_invariants();
}

/* ---- the checker notices broken states --------------------------- */

Test(cdt, checker_reports_overlapping_objects)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S, 2));
	cr_expect_null(invariants_check(false));
	kf_slot(S + 1)->cap = cap_object_new(CAP_PAGE_TABLE, cap_paddr(&kf_slot(S)->cap));
	cr_expect_not_null(invariants_check(false));
}

Test(cdt, checker_reports_objects_above_the_watermark)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 2));
	cap_untyped_set_watermark(&kf_slot(KF_UT_BIG)->cap, 16);
	cr_expect_not_null(invariants_check(false));
}

Test(cdt, checker_reports_broken_links)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 2));
	kf_slot(S)->prev = 0;
	cr_expect_not_null(invariants_check(false));
}

Test(cdt, checker_reports_caps_missing_from_the_list)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, S, 1));
	kf_slot(S + 5)->cap = cap_object_new(CAP_ENDPOINT, KF_BASE + MiB(3));
	cr_expect_null(invariants_check(false));
	cr_expect_not_null(invariants_check(true));
}
