/* Ready queues: priority order, FIFO within a priority, removal anywhere. */
#include <criterion/criterion.h>
#include <string.h>
#include "kernel/sched.h"

static struct tcb threads[8];

static struct tcb *thread(int i, int priority)
{
	memset(&threads[i], 0, sizeof(threads[i]));
	threads[i].priority = (uint8_t)priority;
	threads[i].state = THREAD_RUNNABLE;
	return &threads[i];
}

TestSuite(sched, .init = sched_init);

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
