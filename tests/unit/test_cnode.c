/* CNode invocations: Copy, Mint, Move, Mutate, Delete, Revoke, and every
 * refusal leaving the state untouched. */
#include "tests/unit/support/ktest.h"
#include "tests/unit/support/fake_pmem.h"

#define S  KF_FREE_SLOT
#define EP S       /* an endpoint made by init */
#define CN (S + 1) /* a radix-3 CNode made by init */

static void init(void)
{
	kf_boot_standard();
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, EP, 1));
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 3, CN, 1));
}
static void fini(void)
{
	fake_pmem_fini();
}
TestSuite(cnode, .init = init, .fini = fini);

static int cnode_raw(word_t label, const word_t *mr, word_t len, word_t n_extra)
{
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	return kf_invoke(RN_SLOT_ROOT_CNODE, label, mr, len, extra, n_extra);
}

Test(cnode, copy_puts_the_same_cap_with_masked_rights_in_the_destination)
{
	expect_ok(kf_copy(S + 10, EP, RN_RIGHT_READ | RN_RIGHT_GRANT));
	const struct cap *c = &kf_slot(S + 10)->cap;
	cr_expect(cap_same_object(c, &kf_slot(EP)->cap));
	cr_expect_eq(cap_rights(c), RN_RIGHT_READ | RN_RIGHT_GRANT);
	cr_expect_eq(cap_badge(c), 0);
	/* rights only shrink */
	expect_ok(kf_copy(S + 11, S + 10, RN_RIGHTS_ALL));
	cr_expect_eq(cap_rights(&kf_slot(S + 11)->cap), RN_RIGHT_READ | RN_RIGHT_GRANT);
	expect_invariants();
}

Test(cnode, mint_sets_a_badge_and_reduces_rights)
{
	expect_ok(kf_mint(S + 10, EP, RN_RIGHT_WRITE, 42));
	const struct cap *c = &kf_slot(S + 10)->cap;
	cr_expect_eq(cap_badge(c), 42);
	cr_expect_eq(cap_rights(c), RN_RIGHT_WRITE);
	/* badge 0 keeps the badge */
	expect_ok(kf_mint(S + 11, S + 10, RN_RIGHTS_ALL, 0));
	cr_expect_eq(cap_badge(&kf_slot(S + 11)->cap), 42);
	expect_invariants();
}

Test(cnode, mint_sets_a_cnode_guard)
{
	expect_ok(kf_mint(S + 10, CN, RN_RIGHTS_ALL, RN_CNODE_GUARD_DATA(0x2a, 7)));
	const struct cap *c = &kf_slot(S + 10)->cap;
	cr_expect_eq(cap_cnode_guard(c), 0x2a);
	cr_expect_eq(cap_cnode_guard_size(c), 7);
	cr_expect_eq(cap_cnode_radix(c), 3);
	expect_invariants();
}

Test(cnode, move_keeps_the_cap_and_its_tree_place)
{
	struct slot *prev = cdt_prev(kf_slot(EP));
	struct cap before = kf_slot(EP)->cap;
	expect_ok(kf_move(S + 10, EP));
	cr_expect_eq(slot_type(EP), CAP_NULL);
	cr_expect_eq(kf_slot(S + 10)->cap.w[0], before.w[0]);
	cr_expect_eq(cdt_prev(kf_slot(S + 10)), prev);
	cr_expect_eq(cdt_next(prev), kf_slot(S + 10));
	expect_invariants();
}

Test(cnode, mutate_moves_and_sets_the_guard)
{
	expect_ok(kf_mutate(S + 10, CN, RN_CNODE_GUARD_DATA(1, 2)));
	cr_expect_eq(slot_type(CN), CAP_NULL);
	cr_expect_eq(cap_cnode_guard(&kf_slot(S + 10)->cap), 1);
	cr_expect_eq(cap_cnode_guard_size(&kf_slot(S + 10)->cap), 2);
	expect_ok(kf_mutate(S + 11, EP, 0));
	cr_expect_eq(slot_type(S + 11), CAP_ENDPOINT);
	expect_invariants();
}

Test(cnode, operations_reach_slots_of_a_sub_cnode)
{
	/* Invoke the sub-CNode: index/depth relative to it (radix 3). */
	word_t mr[] = { 5, 3, EP, 64, RN_RIGHTS_ALL };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	expect_ok(kf_invoke(CN, RN_CNODE_COPY, mr, 5, extra, 1));
	cr_expect_eq(cap_type(&cnode_slot(&kf_slot(CN)->cap, 5)->cap), CAP_ENDPOINT);
	word_t del[] = { 5, 3 };
	expect_ok(kf_invoke(CN, RN_CNODE_DELETE, del, 2, NULL, 0));
	cr_expect_eq(cap_type(&cnode_slot(&kf_slot(CN)->cap, 5)->cap), CAP_NULL);
	expect_invariants();
}

Test(cnode, copy_of_an_untyped_marks_the_original_full)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 16, S + 10, 1));
	expect_ok(kf_copy(S + 11, S + 10, RN_RIGHTS_ALL));
	cr_expect_eq(kf_free_bytes(S + 10), 0);
	cr_expect_eq(kf_free_bytes(S + 11), BIT(16));
	expect_refused(kf_retype(S + 10, RN_OBJ_ENDPOINT, 0, S + 12, 1), RN_NOT_ENOUGH_MEMORY);
	expect_ok(kf_retype(S + 11, RN_OBJ_ENDPOINT, 0, S + 12, 1));
	expect_invariants();
	/* deleting the copy frees the original again */
	expect_ok(kf_delete(S + 11));
	cr_expect_eq(slot_type(S + 12), CAP_NULL);
	cr_expect_eq(kf_free_bytes(S + 10), BIT(16));
	expect_invariants();
}

Test(cnode, delete_and_revoke_of_an_empty_slot_do_nothing)
{
	struct kf_snapshot *snap = kf_snapshot_take();
	expect_ok(kf_delete(S + 20));
	expect_ok(kf_revoke(S + 20));
	cr_expect(kf_snapshot_same(snap));
	kf_snapshot_free(snap);
}

/* ---- refusals ---------------------------------------------------- */

Test(cnode, every_label_fails_on_a_truncated_message)
{
	word_t mr[6] = { S + 10, 64, EP, 64, RN_RIGHTS_ALL, 0 };
	expect_refused(cnode_raw(RN_CNODE_REVOKE, mr, 1, 0), RN_TRUNCATED_MESSAGE);
	expect_refused(cnode_raw(RN_CNODE_DELETE, mr, 1, 0), RN_TRUNCATED_MESSAGE);
	expect_refused(cnode_raw(RN_CNODE_COPY, mr, 4, 1), RN_TRUNCATED_MESSAGE);
	expect_refused(cnode_raw(RN_CNODE_MINT, mr, 5, 1), RN_TRUNCATED_MESSAGE);
	expect_refused(cnode_raw(RN_CNODE_MOVE, mr, 3, 1), RN_TRUNCATED_MESSAGE);
	expect_refused(cnode_raw(RN_CNODE_MUTATE, mr, 4, 1), RN_TRUNCATED_MESSAGE);
	expect_refused(cnode_raw(RN_CNODE_COPY, mr, 5, 0), RN_TRUNCATED_MESSAGE);
	expect_refused(cnode_raw(RN_CNODE_MOVE, mr, 4, 0), RN_TRUNCATED_MESSAGE);
}

Test(cnode, unknown_labels_are_illegal)
{
	word_t mr[] = { S, 64 };
	expect_refused(cnode_raw(RN_UNTYPED_RETYPE, mr, 2, 0), RN_ILLEGAL_OPERATION);
	expect_refused(cnode_raw(RN_INVOCATION_LABEL_COUNT, mr, 2, 0), RN_ILLEGAL_OPERATION);
}

Test(cnode, copy_fails_when_slot_occupied)
{
	expect_refused(kf_copy(CN, EP, RN_RIGHTS_ALL), RN_DELETE_FIRST);
	expect_refused(kf_move(CN, EP), RN_DELETE_FIRST);
	expect_refused(kf_mint(CN, EP, RN_RIGHTS_ALL, 1), RN_DELETE_FIRST);
	expect_refused(kf_mutate(CN, EP, 0), RN_DELETE_FIRST);
}

Test(cnode, copy_fails_when_the_source_is_empty)
{
	expect_refused(kf_copy(S + 10, S + 11, RN_RIGHTS_ALL), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_source, 1);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_MISSING_CAP);
	expect_refused(kf_move(S + 10, S + 11), RN_FAILED_LOOKUP);
}

Test(cnode, destination_depth_must_be_1_to_64)
{
	word_t mr[] = { S + 10, 0, EP, 64, RN_RIGHTS_ALL };
	expect_refused(cnode_raw(RN_CNODE_COPY, mr, 5, 1), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 1);
	mr[1] = 65;
	expect_refused(cnode_raw(RN_CNODE_DELETE, mr, 2, 0), RN_RANGE_ERROR);
	mr[1] = 64;
	mr[3] = 0;
	expect_refused(cnode_raw(RN_CNODE_COPY, mr, 5, 1), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 3);
}

Test(cnode, lookup_failures_say_which_side_failed)
{
	word_t mr[] = { S + 10, 12, EP, 64, RN_RIGHTS_ALL };
	expect_refused(cnode_raw(RN_CNODE_COPY, mr, 5, 1), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_source, 0);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_GUARD_MISMATCH);
	word_t mr2[] = { S + 10, 64, EP, 12, RN_RIGHTS_ALL };
	expect_refused(cnode_raw(RN_CNODE_COPY, mr2, 5, 1), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_source, 1);
	word_t mr3[] = { S + 10, 64, EP, 64, RN_RIGHTS_ALL };
	word_t extra[] = { EP }; /* source root not a CNode */
	expect_refused(kf_invoke(RN_SLOT_ROOT_CNODE, RN_CNODE_COPY, mr3, 5, extra, 1),
	               RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_type, RN_LOOKUP_INVALID_ROOT);
	cr_expect_eq(kf_err.lookup_source, 1);
}

Test(cnode, copy_and_mint_refuse_rights_outside_read_write_grant)
{
	expect_refused(kf_copy(S + 10, EP, 8), RN_INVALID_ARGUMENT);
	cr_expect_eq(kf_err.arg, 4);
	expect_refused(kf_mint(S + 10, EP, ~0ull, 1), RN_INVALID_ARGUMENT);
}

Test(cnode, copy_of_an_untyped_with_children_needs_revoke_first)
{
	expect_refused(kf_copy(S + 10, KF_UT_BIG, RN_RIGHTS_ALL), RN_REVOKE_FIRST);
	expect_refused(kf_mint(S + 10, KF_UT_HOST, RN_RIGHTS_ALL, 0), RN_REVOKE_FIRST);
}

Test(cnode, a_badge_is_set_only_once)
{
	expect_ok(kf_mint(S + 10, EP, RN_RIGHTS_ALL, 7));
	expect_refused(kf_mint(S + 11, S + 10, RN_RIGHTS_ALL, 8), RN_ILLEGAL_OPERATION);
}

Test(cnode, mint_refuses_a_badge_on_caps_without_one)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_FRAME_4K, 0, S + 10, 1));
	expect_refused(kf_mint(S + 11, S + 10, RN_RIGHTS_ALL, 1), RN_INVALID_ARGUMENT);
	cr_expect_eq(kf_err.arg, 5);
	expect_refused(kf_mint(S + 11, KF_UT_DEV, RN_RIGHTS_ALL, 1), RN_INVALID_ARGUMENT);
}

Test(cnode, mint_and_mutate_refuse_a_guard_that_does_not_fit)
{
	/* radix 3 + guard 62 > 64 bits */
	expect_refused(kf_mint(S + 10, CN, RN_RIGHTS_ALL, RN_CNODE_GUARD_DATA(0, 62)),
	               RN_INVALID_ARGUMENT);
	cr_expect_eq(kf_err.arg, 5);
	/* guard value wider than its size */
	expect_refused(kf_mint(S + 10, CN, RN_RIGHTS_ALL, RN_CNODE_GUARD_DATA(4, 2)),
	               RN_INVALID_ARGUMENT);
	expect_refused(kf_mutate(S + 10, CN, RN_CNODE_GUARD_DATA(4, 2)), RN_INVALID_ARGUMENT);
	cr_expect_eq(kf_err.arg, 4);
}

Test(cnode, mutate_refuses_data_for_caps_other_than_cnodes)
{
	expect_refused(kf_mutate(S + 10, EP, 3), RN_ILLEGAL_OPERATION);
}

/* ---- CNode_CopyRange ------------------------------------------------- */

#define RUN (S + 2) /* three endpoints, made by the tests that need them */

static int copy_range(word_t node, word_t depth, word_t offset, word_t src_node,
                      word_t src_depth, word_t src_offset, word_t count, word_t rights)
{
	word_t mr[] = { node, depth, offset, src_node, src_depth, src_offset, count, rights };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	return kf_invoke(RN_SLOT_ROOT_CNODE, RN_CNODE_COPY_RANGE, mr, 8, extra, 1);
}

static void make_run(void)
{
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, RUN, 3));
}

Test(cnode, copy_range_copies_each_cap_of_a_run_with_masked_rights)
{
	make_run();
	expect_ok(copy_range(0, 0, S + 10, 0, 0, RUN, 3, RN_RIGHT_READ | RN_RIGHT_GRANT));
	for (word_t i = 0; i < 3; i++) {
		const struct cap *c = &kf_slot(S + 10 + i)->cap;
		cr_expect(cap_same_object(c, &kf_slot(RUN + i)->cap));
		cr_expect_eq(cap_rights(c), RN_RIGHT_READ | RN_RIGHT_GRANT);
		cr_expect(cdt_is_parent_of(kf_slot(RUN + i), kf_slot(S + 10 + i)));
	}
	expect_invariants();
}

Test(cnode, copy_range_reaches_the_slots_of_a_sub_cnode)
{
	make_run();
	expect_ok(copy_range(CN, 64, 5, 0, 0, RUN, 3, RN_RIGHTS_ALL));
	for (word_t i = 0; i < 3; i++)
		cr_expect(cap_same_object(&cnode_slot(&kf_slot(CN)->cap, 5 + i)->cap,
		                          &kf_slot(RUN + i)->cap));
	/* and back out of it */
	expect_ok(copy_range(0, 0, S + 20, CN, 64, 5, 3, RN_RIGHTS_ALL));
	cr_expect(cap_same_object(&kf_slot(S + 22)->cap, &kf_slot(RUN + 2)->cap));
	expect_invariants();
}

Test(cnode, copy_range_refuses_a_bad_count_or_rights)
{
	make_run();
	expect_refused(copy_range(0, 0, S + 10, 0, 0, RUN, 0, RN_RIGHTS_ALL), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 6);
	expect_refused(copy_range(0, 0, S + 10, 0, 0, RUN, RN_COPY_RANGE_MAX + 1, RN_RIGHTS_ALL),
	               RN_RANGE_ERROR);
	cr_expect_eq(kf_err.range_max, RN_COPY_RANGE_MAX);
	expect_refused(copy_range(0, 0, S + 10, 0, 0, RUN, 3, RN_RIGHTS_ALL + 1),
	               RN_INVALID_ARGUMENT);
	cr_expect_eq(kf_err.arg, 7);
}

Test(cnode, copy_range_refuses_a_range_past_either_cnode)
{
	make_run();
	/* CN has 8 slots: 6, 7 and one past it */
	expect_refused(copy_range(CN, 64, 6, 0, 0, RUN, 3, RN_RIGHTS_ALL), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.range_max, 2);
	expect_refused(copy_range(CN, 64, 8, 0, 0, RUN, 1, RN_RIGHTS_ALL), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 2);
	expect_refused(copy_range(0, 0, S + 10, CN, 64, 6, 3, RN_RIGHTS_ALL), RN_RANGE_ERROR);
	expect_refused(copy_range(0, 0, S + 10, CN, 64, 9, 1, RN_RIGHTS_ALL), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.arg, 5);
}

Test(cnode, copy_range_refuses_a_node_that_is_not_a_cnode)
{
	make_run();
	expect_refused(copy_range(EP, 64, 0, 0, 0, RUN, 1, RN_RIGHTS_ALL), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_source, 0);
	expect_refused(copy_range(0, 0, S + 10, EP, 64, 0, 1, RN_RIGHTS_ALL), RN_FAILED_LOOKUP);
	cr_expect_eq(kf_err.lookup_source, 1);
	expect_refused(copy_range(CN, 65, 0, 0, 0, RUN, 1, RN_RIGHTS_ALL), RN_RANGE_ERROR);
	expect_refused(copy_range(0, 0, S + 10, CN, 65, 0, 1, RN_RIGHTS_ALL), RN_RANGE_ERROR);
}

Test(cnode, copy_range_copies_nothing_when_a_source_is_empty)
{
	make_run();
	/* RUN + 3 is empty: the last of four */
	expect_refused(copy_range(0, 0, S + 10, 0, 0, RUN, 4, RN_RIGHTS_ALL),
	               RN_INVALID_CAPABILITY);
	cr_expect_eq(kf_err.arg, 1);
	cr_expect_eq(kf_err.range_min, 3);
	cr_expect_eq(slot_type(S + 10), CAP_NULL);
}

Test(cnode, copy_range_copies_nothing_when_a_destination_is_occupied)
{
	make_run();
	expect_ok(kf_copy(S + 12, EP, RN_RIGHTS_ALL));
	expect_refused(copy_range(0, 0, S + 10, 0, 0, RUN, 3, RN_RIGHTS_ALL), RN_DELETE_FIRST);
	cr_expect_eq(kf_err.range_min, 2);
	cr_expect_eq(slot_type(S + 10), CAP_NULL);
}

Test(cnode, copy_range_copies_nothing_when_a_source_cannot_be_copied)
{
	make_run();
	/* an untyped with children, second of the run */
	expect_ok(kf_retype(KF_UT_BIG, RN_OBJ_UNTYPED, 12, S + 6, 1));
	expect_ok(kf_retype(S + 6, RN_OBJ_ENDPOINT, 0, S + 5, 1));
	expect_refused(copy_range(0, 0, S + 10, 0, 0, S + 5, 2, RN_RIGHTS_ALL), RN_REVOKE_FIRST);
	cr_expect_eq(kf_err.range_min, 1);
}

Test(cnode, copy_range_needs_its_whole_message_and_a_source_root)
{
	word_t mr[8] = { 0, 0, S + 10, 0, 0, EP, 1, RN_RIGHTS_ALL };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	expect_refused(kf_invoke(RN_SLOT_ROOT_CNODE, RN_CNODE_COPY_RANGE, mr, 7, extra, 1),
	               RN_TRUNCATED_MESSAGE);
	expect_refused(kf_invoke(RN_SLOT_ROOT_CNODE, RN_CNODE_COPY_RANGE, mr, 8, extra, 0),
	               RN_TRUNCATED_MESSAGE);
	expect_ok(kf_invoke(RN_SLOT_ROOT_CNODE, RN_CNODE_COPY_RANGE, mr, 8, extra, 1));
	cr_expect(cap_same_object(&kf_slot(S + 10)->cap, &kf_slot(EP)->cap));
}
