/* Ready queues: priority order, round robin between entities (threads and
 * groups) within a priority, removal anywhere, groups sharing one turn. */
#include <criterion/criterion.h>
#include <string.h>
#include "kernel/sched.h"

static struct tcb threads[8];
static struct sched_group groups[2];

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
