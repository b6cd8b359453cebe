/* Ready queues: priority order, round robin between entities (threads and
 * groups) within a priority, removal anywhere, groups sharing one turn,
 * groups nested in groups. */
#include <criterion/criterion.h>
#include <string.h>
#include "kernel/sched.h"

static struct tcb threads[8];
static struct sched_group groups[SCHED_GROUP_DEPTH_MAX + 2];

/* A runnable thread that has run before: slice left in its turn. */
static struct tcb *thread(int i, int priority)
{
	memset(&threads[i], 0, sizeof(threads[i]));
	threads[i].priority = (uint8_t)priority;
	threads[i].state = THREAD_RUNNABLE;
	threads[i].ent.slice_left = 1;
	return &threads[i];
}

/* Thread i, bound to group g before it is queued. */
static struct tcb *member(int i, int g, int priority)
{
	struct tcb *t = thread(i, priority);
	sched_set_group(t, &groups[g]);
	return t;
}

static void no_groups(void)
{
	sched_init();
	memset(groups, 0, sizeof(groups));
}

TestSuite(sched, .init = no_groups);

Test(sched, empty_scheduler_has_nothing_to_run)
{
	cr_expect_null(sched_take_highest());
	cr_expect_eq(sched_highest_priority(), -1);
}

Test(sched, highest_priority_runs_first_across_bitmap_words)
{
	sched_enqueue(thread(0, 3));
	sched_enqueue(thread(1, 200));
	sched_enqueue(thread(2, 64));
	sched_enqueue(thread(3, 0));
	sched_enqueue(thread(4, 255));
	int want[] = { 4, 1, 2, 0, 3 };
	for (int i = 0; i < 5; i++)
		cr_expect_eq(sched_take_highest(), &threads[want[i]], "pick %d", i);
	cr_expect_null(sched_take_highest());
}

Test(sched, equal_priorities_are_round_robin)
{
	for (int i = 0; i < 3; i++)
		sched_enqueue(thread(i, 10));
	/* Each one runs, then goes back to the tail. */
	for (int round = 0; round < 6; round++) {
		struct tcb *t = sched_take_highest();
		cr_assert_eq(t, &threads[round % 3]);
		sched_enqueue(t);
	}
}

Test(sched, dequeue_from_the_middle_keeps_order_and_bitmap)
{
	for (int i = 0; i < 3; i++)
		sched_enqueue(thread(i, 7));
	sched_dequeue(&threads[1]);
	cr_expect_not(threads[1].queued);
	cr_expect_eq(sched_take_highest(), &threads[0]);
	cr_expect_eq(sched_take_highest(), &threads[2]);
	cr_expect_eq(sched_highest_priority(), -1, "bitmap bit cleared with the last");
	sched_dequeue(&threads[1]); /* not queued: no effect */
	cr_expect_null(sched_take_highest());
}

Test(sched, enqueue_head_goes_before_waiting_threads)
{
	sched_enqueue(thread(0, 5));
	sched_enqueue(thread(1, 5));
	sched_enqueue_head(thread(2, 5));
	cr_expect_eq(sched_take_highest(), &threads[2], "the preempted thread keeps its turn");
	cr_expect_eq(sched_take_highest(), &threads[0]);
	cr_expect_eq(sched_take_highest(), &threads[1]);
}

Test(sched, a_woken_thread_runs_before_equal_priority_queued_ones)
{
	sched_enqueue(thread(0, 5));
	sched_wake(thread(1, 5));
	cr_expect(threads[1].queued, "a woken thread counts as queued");
	cr_expect_eq(sched_highest_priority(), 5);
	cr_expect_eq(sched_take_highest(), &threads[1]);
	cr_expect_eq(sched_take_highest(), &threads[0]);
	cr_expect_null(sched_take_highest());
}

Test(sched, a_higher_queued_thread_beats_the_woken_one)
{
	sched_wake(thread(0, 5));
	sched_enqueue(thread(1, 9));
	cr_expect_eq(sched_highest_priority(), 9);
	cr_expect_eq(sched_take_highest(), &threads[1]);
	cr_expect_eq(sched_take_highest(), &threads[0]);
}

Test(sched, a_better_woken_thread_displaces_the_held_one_to_its_queue_head)
{
	sched_enqueue(thread(0, 5));
	sched_wake(thread(1, 5));
	sched_wake(thread(2, 8)); /* better: thread 1 goes to the head of 5 */
	sched_wake(thread(3, 5)); /* not better: queued at the tail */
	int want[] = { 2, 1, 0, 3 };
	for (int i = 0; i < 4; i++)
		cr_expect_eq(sched_take_highest(), &threads[want[i]], "pick %d", i);
}

Test(sched, dequeue_takes_back_the_held_thread)
{
	sched_wake(thread(0, 5));
	sched_dequeue(&threads[0]);
	cr_expect_not(threads[0].queued);
	cr_expect_eq(sched_highest_priority(), -1);
	cr_expect_null(sched_take_highest());
}

Test(sched, a_woken_thread_whose_turn_is_used_up_waits_behind_queued_ones)
{
	sched_enqueue(thread(0, 5));
	struct tcb *t = thread(1, 5);
	t->ent.slice_left = 0;
	sched_wake(t);
	cr_expect_null(this_cpu()->candidate, "not held beside the queues");
	cr_expect_eq(sched_take_highest(), &threads[0]);
	cr_expect_eq(sched_take_highest(), &threads[1]);
	cr_expect_eq(threads[1].ent.slice_left, CONFIG_TIME_SLICE_TICKS, "a new turn, a new slice");
}

Test(sched, a_group_takes_turns_like_one_thread)
{
	for (int i = 0; i < 3; i++)
		sched_enqueue(member(i, 0, 5));
	sched_enqueue(thread(3, 5));
	/* G(0) A G(1) A G(2) A ...: the group goes to the tail after each
	 * turn, and its threads take turns within it. */
	int want[] = { 0, 3, 1, 3, 2, 3, 0, 3 };
	for (int i = 0; i < 8; i++) {
		struct tcb *t = sched_take_highest();
		cr_assert_eq(t, &threads[want[i]], "pick %d", i);
		sched_enqueue(t);
	}
	cr_expect_null(sched_check());
}

Test(sched, a_group_shares_one_slice)
{
	struct tcb *a = member(0, 0, 5), *b = member(1, 0, 5);
	cr_expect_eq(sched_entity_of(a), &groups[0].ent);
	groups[0].ent.slice_left = 0;
	sched_enqueue(thread(2, 5));
	/* a's group has used its turn: a woken member waits its turn. */
	sched_wake(a);
	cr_expect_null(this_cpu()->candidate);
	cr_expect_eq(sched_take_highest(), &threads[2]);
	cr_expect_eq(sched_take_highest(), a);
	cr_expect_eq(groups[0].ent.slice_left, CONFIG_TIME_SLICE_TICKS);
	/* With slice left in the group, a woken member goes first. */
	sched_enqueue(thread(2, 5));
	sched_wake(b);
	cr_expect_eq(this_cpu()->candidate, b);
	cr_expect_eq(sched_take_highest(), b);
}

Test(sched, a_held_thread_whose_group_ran_out_queues_like_the_rest)
{
	struct tcb *a = member(0, 0, 5);
	sched_wake(a); /* held: the group has slice left */
	cr_expect_eq(this_cpu()->candidate, a);
	sched_enqueue(thread(1, 5));
	groups[0].ent.slice_left = 0; /* a sibling used the turn up meanwhile */
	cr_expect_eq(sched_take_highest(), &threads[1]);
	cr_expect_eq(sched_take_highest(), a);
	cr_expect_null(sched_check());
}

Test(sched, a_preempted_member_puts_its_group_back_at_the_head)
{
	sched_enqueue(member(0, 0, 5));
	sched_enqueue(thread(1, 5));
	sched_enqueue(member(2, 0, 5));
	struct tcb *t = sched_take_highest();
	cr_assert_eq(t, &threads[0]); /* the group now waits behind thread 1 */
	sched_enqueue_head(t);
	cr_expect_eq(sched_take_highest(), &threads[0]);
	cr_expect_eq(sched_take_highest(), &threads[1]);
	cr_expect_eq(sched_take_highest(), &threads[2]);
	cr_expect_null(sched_take_highest());
}

Test(sched, moving_a_queued_thread_between_groups_requeues_it)
{
	sched_enqueue(member(0, 0, 5));
	sched_enqueue(member(1, 0, 5));
	sched_set_group(&threads[0], &groups[1]);
	cr_expect_eq(groups[0].count, 1);
	cr_expect_eq(groups[1].count, 1);
	cr_expect_null(sched_check());
	cr_expect_null(sched_check_group(&groups[0]));
	cr_expect_null(sched_check_group(&groups[1]));
	cr_expect_eq(sched_take_highest(), &threads[1]);
	cr_expect_eq(sched_take_highest(), &threads[0]);
}

Test(sched, a_deleted_group_leaves_its_members_queued_on_their_own)
{
	sched_enqueue(member(0, 0, 5));
	sched_enqueue(member(1, 0, 5));
	member(2, 0, 5); /* a member that is not ready */
	threads[2].state = THREAD_BLOCKED_RECV;
	sched_wake(member(3, 0, 5));
	sched_group_finalise(&groups[0]);
	for (int i = 0; i < 4; i++)
		cr_expect_null(threads[i].group, "thread %d left", i);
	cr_expect_eq(groups[0].count, 0);
	cr_expect_null(groups[0].members);
	cr_expect_not(groups[0].ent.queued);
	cr_expect_null(sched_check());
	int n = 0;
	while (sched_take_highest())
		n++;
	cr_expect_eq(n, 3, "every ready member still runs");
}

/* Debt (sched.h): an entity that owes a slice sits out the turn it would
 * start, once, while another waits; alone, it runs. */
Test(sched, an_entity_in_debt_sits_out_a_turn)
{
	struct tcb *a = thread(0, 10), *b = thread(1, 10);
	a->ent.slice_left = b->ent.slice_left = 0; /* both start a turn */
	a->ent.debt = 2 * CONFIG_TIME_SLICE_TICKS;
	sched_enqueue(a);
	sched_enqueue(b);
	cr_assert_eq(sched_take_highest(), b, "a owes: b goes first");
	cr_assert_eq(a->ent.debt, CONFIG_TIME_SLICE_TICKS, "a paid a slice");
	cr_assert_eq(b->ent.slice_left, CONFIG_TIME_SLICE_TICKS);
	b->ent.slice_left = 0;
	sched_enqueue_expired(b);
	cr_assert_eq(sched_take_highest(), b, "and again, while a owes a slice");
	cr_assert_eq(a->ent.debt, 0);
	b->ent.slice_left = 0;
	sched_enqueue_expired(b);
	cr_assert_eq(sched_take_highest(), a, "paid: a's turn");
	cr_assert_eq(a->ent.slice_left, CONFIG_TIME_SLICE_TICKS);
}

Test(sched, an_entity_in_debt_alone_runs)
{
	struct tcb *a = thread(0, 10);
	a->ent.slice_left = 0;
	a->ent.debt = 3 * CONFIG_TIME_SLICE_TICKS;
	sched_enqueue(a);
	cr_assert_eq(sched_take_highest(), a, "nobody else waits");
	cr_assert_eq(a->ent.debt, 3 * CONFIG_TIME_SLICE_TICKS, "and it pays nothing for that");
}

/* ---- nested groups ---- */

/* Every group's own links and counts are consistent, and the queues. */
static void check_all(void)
{
	cr_expect_null(sched_check());
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		cr_expect_null(sched_check_group(&groups[i]), "group %zu", i);
}

/* A job (group 0) beside a lone thread: the job's tree is one share
 * whatever it nests. Its subgroup 1 holds two threads and the job one
 * thread of its own: at the top, the job and the lone thread alternate;
 * within the job, its thread and its subgroup alternate; within the
 * subgroup, its two threads. */
Test(sched, a_nested_group_is_a_share_of_its_parents_turn)
{
	cr_assert_eq(sched_group_set_parent(&groups[1], &groups[0]), RN_OK);
	sched_enqueue(member(0, 0, 5));
	sched_enqueue(member(1, 1, 5));
	sched_enqueue(member(2, 1, 5));
	sched_enqueue(thread(3, 5));
	check_all();
	cr_expect_eq(sched_entity_of(&threads[1]), &groups[0].ent, "charged to the top group");
	int want[] = { 0, 3, 1, 3, 0, 3, 2, 3, 0, 3, 1, 3 };
	for (int i = 0; i < 12; i++) {
		struct tcb *t = sched_take_highest();
		cr_assert_eq(t, &threads[want[i]], "pick %d: thread %ld", i, (long)(t - threads));
		sched_enqueue(t);
		check_all();
	}
}

/* However many subgroups a job makes, it gets the turns of one thread. */
Test(sched, many_subgroups_share_their_top_groups_turn)
{
	for (int g = 1; g <= 4; g++)
		cr_assert_eq(sched_group_set_parent(&groups[g], &groups[0]), RN_OK);
	for (int g = 1; g <= 4; g++)
		sched_enqueue(member(g - 1, g, 5));
	sched_enqueue(thread(7, 5));
	int lone = 0;
	for (int i = 0; i < 40; i++) {
		struct tcb *t = sched_take_highest();
		lone += t == &threads[7];
		sched_enqueue(t);
	}
	cr_expect_eq(lone, 20, "the lone thread had %d of 40 turns", lone);
	check_all();
}

Test(sched, set_parent_refuses_loops_long_chains_and_other_priorities)
{
	cr_assert_eq(sched_group_set_parent(&groups[1], &groups[0]), RN_OK);
	cr_expect_eq(sched_group_set_parent(&groups[0], &groups[1]), RN_ILLEGAL_OPERATION);
	cr_expect_eq(sched_group_set_parent(&groups[0], &groups[0]), RN_ILLEGAL_OPERATION);
	/* A chain 0 <- 1 <- ... <- DEPTH_MAX-1: full. */
	for (int g = 2; g < SCHED_GROUP_DEPTH_MAX; g++)
		cr_assert_eq(sched_group_set_parent(&groups[g], &groups[g - 1]), RN_OK);
	cr_expect_eq(sched_group_set_parent(&groups[SCHED_GROUP_DEPTH_MAX],
	                                    &groups[SCHED_GROUP_DEPTH_MAX - 1]),
	             RN_ILLEGAL_OPERATION, "one group too many in the chain");
	/* A two-group subtree under the group whose chain has room for one. */
	struct sched_group *a = &groups[SCHED_GROUP_DEPTH_MAX], *b = &groups[SCHED_GROUP_DEPTH_MAX + 1];
	cr_assert_eq(sched_group_set_parent(b, a), RN_OK);
	cr_expect_eq(sched_group_set_parent(a, &groups[SCHED_GROUP_DEPTH_MAX - 2]),
	             RN_ILLEGAL_OPERATION, "its subtree would make the chain too long");
	cr_expect_eq(sched_group_set_parent(a, &groups[SCHED_GROUP_DEPTH_MAX - 3]), RN_OK);
	check_all();
	/* Trees of threads of two priorities do not join. */
	cr_assert_eq(sched_group_set_parent(a, NULL), RN_OK);
	member(0, 0, 5);
	member(1, SCHED_GROUP_DEPTH_MAX + 1, 6);
	cr_expect_eq(sched_group_set_parent(a, &groups[0]), RN_ILLEGAL_OPERATION);
	cr_expect_not(sched_group_priority_ok(&groups[3], 6));
	cr_expect(sched_group_priority_ok(&groups[3], 5));
	check_all();
}

/* A queued subtree moves with its ready threads: out of its old parent's
 * FIFO (which, left with nothing ready, leaves its queue too) and into the
 * new one's. */
Test(sched, a_queued_subtree_moves_whole)
{
	cr_assert_eq(sched_group_set_parent(&groups[2], &groups[1]), RN_OK);
	sched_enqueue(member(0, 2, 5));
	sched_enqueue(member(1, 2, 5));
	sched_enqueue(member(2, 0, 5));
	check_all();
	cr_expect(groups[1].ent.queued, "the parent is queued while its subgroup is ready");
	cr_assert_eq(sched_group_set_parent(&groups[2], &groups[0]), RN_OK);
	cr_expect_not(groups[1].ent.queued, "nothing is ready in the old parent");
	cr_expect_eq(groups[0].tree_count, 3);
	cr_expect_eq(groups[1].tree_count, 0);
	check_all();
	int n = 0;
	while (sched_take_highest())
		n++;
	cr_expect_eq(n, 3);
}

/* A deleted middle group hands its members and subgroups to its parent:
 * nothing leaves the tree it was in. A deleted top group's subgroups
 * become top groups. */
Test(sched, a_deleted_middle_group_hands_its_tree_to_its_parent)
{
	cr_assert_eq(sched_group_set_parent(&groups[1], &groups[0]), RN_OK);
	cr_assert_eq(sched_group_set_parent(&groups[2], &groups[1]), RN_OK);
	sched_enqueue(member(0, 1, 5));
	sched_enqueue(member(1, 2, 5));
	sched_group_finalise(&groups[1]);
	memset(&groups[1], 0, sizeof groups[1]);
	cr_expect_eq(threads[0].group, &groups[0]);
	cr_expect_eq(groups[2].parent, &groups[0]);
	cr_expect_eq(groups[0].tree_count, 2);
	check_all();
	sched_group_finalise(&groups[0]);
	memset(&groups[0], 0, sizeof groups[0]);
	cr_expect_null(threads[0].group);
	cr_expect_null(groups[2].parent, "a top group now");
	cr_expect_eq(groups[2].priority, 5);
	check_all();
	int n = 0;
	while (sched_take_highest())
		n++;
	cr_expect_eq(n, 2, "every ready thread still runs");
}

/* A member preempted deep in a tree puts its whole chain at the heads. */
Test(sched, a_preempted_nested_member_puts_its_chain_back_at_the_head)
{
	cr_assert_eq(sched_group_set_parent(&groups[1], &groups[0]), RN_OK);
	sched_enqueue(member(0, 1, 5));
	sched_enqueue(thread(1, 5));
	sched_enqueue(member(2, 0, 5));
	struct tcb *t = sched_take_highest();
	cr_assert_eq(t, &threads[0]);
	sched_enqueue_head(t);
	check_all();
	cr_expect_eq(sched_take_highest(), &threads[0]);
}
