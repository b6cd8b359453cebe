/* Ready queues and the running thread (see sched.h). */
#include "kernel/sched.h"
#include "kernel/panic.h"

#define BITMAP_WORDS (SCHED_PRIORITIES / 64)

static struct {
	struct tcb *head, *tail;
} queues[SCHED_PRIORITIES];
static word_t ready_bitmap[BITMAP_WORDS]; /* bit p set: queue p non-empty */
static struct tcb *current;

void sched_init(void)
{
	for (int p = 0; p < SCHED_PRIORITIES; p++)
		queues[p].head = queues[p].tail = NULL;
	for (int i = 0; i < BITMAP_WORDS; i++)
		ready_bitmap[i] = 0;
	current = NULL;
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
	t->queued = true;
}

void sched_dequeue(struct tcb *t)
{
	if (!t->queued)
		return;
	int p = t->priority;
	if (t->sched_prev)
		t->sched_prev->sched_next = t->sched_next;
	else
		queues[p].head = t->sched_next;
	if (t->sched_next)
		t->sched_next->sched_prev = t->sched_prev;
	else
		queues[p].tail = t->sched_prev;
	if (!queues[p].head)
		ready_bitmap[p / 64] &= ~BIT(p % 64);
	t->sched_prev = t->sched_next = NULL;
	t->queued = false;
}

int sched_highest_priority(void)
{
	for (int i = BITMAP_WORDS - 1; i >= 0; i--) {
		if (ready_bitmap[i])
			return i * 64 + 63 - __builtin_clzll(ready_bitmap[i]);
	}
	return -1;
}

struct tcb *sched_take_highest(void)
{
	int p = sched_highest_priority();
	if (p < 0)
		return NULL;
	struct tcb *t = queues[p].head;
	sched_dequeue(t);
	return t;
}

struct tcb *sched_current(void)
{
	return current;
}

void sched_set_current(struct tcb *t)
{
	current = t;
}
