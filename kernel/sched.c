/* Ready queues and the running thread (see sched.h). */
#include "kernel/sched.h"
#include "kernel/panic.h"

#define BITMAP_WORDS (SCHED_PRIORITIES / 64)

static struct {
	struct tcb *head, *tail;
} queues[SCHED_PRIORITIES];
static word_t ready_bitmap[BITMAP_WORDS]; /* bit p set: queue p non-empty */
word_t sched_ready_words;                 /* bit i set: ready_bitmap[i] != 0 (sched.h) */
/* One runnable thread held beside the queues: the thread an IPC just woke
 * usually runs next, and then it never touches a queue. It counts as
 * queued (t->queued) and is considered before the queue of its priority. */
struct tcb *sched_candidate;      /* (sched.h) */
struct tcb *sched_current_thread; /* per CPU, once there are several */

void sched_init(void)
{
	for (int p = 0; p < SCHED_PRIORITIES; p++)
		queues[p].head = queues[p].tail = NULL;
	for (int i = 0; i < BITMAP_WORDS; i++)
		ready_bitmap[i] = 0;
	sched_ready_words = 0;
	sched_current_thread = NULL;
	sched_candidate = NULL;
}

void sched_wake(struct tcb *t)
{
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	if (sched_candidate) {
		/* Keep the better one beside the queues. */
		if (t->priority <= sched_candidate->priority) {
			sched_enqueue(t);
			return;
		}
		struct tcb *old = sched_candidate;
		sched_candidate = NULL;
		old->queued = false;
		sched_enqueue_head(old); /* it was first at its level */
	}
	sched_candidate = t;
	t->queued = true;
}

void sched_enqueue(struct tcb *t)
{
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	int p = t->priority;
	t->sched_next = NULL;
	t->sched_prev = queues[p].tail;
	if (queues[p].tail)
		queues[p].tail->sched_next = t;
	else
		queues[p].head = t;
	queues[p].tail = t;
	ready_bitmap[p / 64] |= BIT(p % 64);
	sched_ready_words |= BIT(p / 64);
	t->queued = true;
}

void sched_enqueue_head(struct tcb *t)
{
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	int p = t->priority;
	t->sched_prev = NULL;
	t->sched_next = queues[p].head;
	if (queues[p].head)
		queues[p].head->sched_prev = t;
	else
		queues[p].tail = t;
	queues[p].head = t;
	ready_bitmap[p / 64] |= BIT(p % 64);
	sched_ready_words |= BIT(p / 64);
	t->queued = true;
}

void sched_dequeue(struct tcb *t)
{
	if (!t->queued)
		return;
	if (t == sched_candidate) {
		sched_candidate = NULL;
		t->queued = false;
		return;
	}
	int p = t->priority;
	if (t->sched_prev)
		t->sched_prev->sched_next = t->sched_next;
	else
		queues[p].head = t->sched_next;
	if (t->sched_next)
		t->sched_next->sched_prev = t->sched_prev;
	else
		queues[p].tail = t->sched_prev;
	if (!queues[p].head) {
		ready_bitmap[p / 64] &= ~BIT(p % 64);
		if (!ready_bitmap[p / 64])
			sched_ready_words &= ~BIT(p / 64);
	}
	t->sched_prev = t->sched_next = NULL;
	t->queued = false;
}

static int queued_highest(void)
{
	if (!sched_ready_words) /* the usual case on the IPC path: nothing queued */
		return -1;
	for (int i = BITMAP_WORDS - 1; i >= 0; i--) {
		if (ready_bitmap[i])
			return i * 64 + 63 - __builtin_clzll(ready_bitmap[i]);
	}
	return -1;
}

int sched_highest_priority(void)
{
	int p = queued_highest();
	return sched_candidate && sched_candidate->priority > p ? sched_candidate->priority : p;
}

struct tcb *sched_take_highest(void)
{
	int p = queued_highest();
	struct tcb *t;
	/* The held thread goes first among equals: it was woken most recently,
	 * but only by an IPC that handed it the CPU's work (seL4 does the
	 * same with its fastpath's direct switch). */
	if (sched_candidate && sched_candidate->priority >= p)
		t = sched_candidate;
	else if (p >= 0)
		t = queues[p].head;
	else
		return NULL;
	sched_dequeue(t);
	return t;
}
