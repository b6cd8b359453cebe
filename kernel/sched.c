/* Ready queues and the running thread (see sched.h). All state is this
 * hart's struct cpu. */
#include "kernel/sched.h"
#include "kernel/panic.h"

struct cpu cpus[CONFIG_QEMU_HARTS];

void sched_init(void)
{
	struct cpu *c = this_cpu();
	for (int p = 0; p < SCHED_PRIORITIES; p++)
		c->queues[p].head = c->queues[p].tail = NULL;
	for (int i = 0; i < SCHED_BITMAP_WORDS; i++)
		c->ready_bitmap[i] = 0;
	c->ready_words = 0;
	c->current = NULL;
	c->candidate = NULL;
}

static void mark_ready(struct cpu *c, int p)
{
	c->ready_bitmap[p / 64] |= BIT(p % 64);
	c->ready_words |= BIT(p / 64);
}

void sched_wake(struct tcb *t)
{
	struct cpu *c = this_cpu();
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	if (c->candidate) {
		/* Keep the better one beside the queues. */
		if (t->priority <= c->candidate->priority) {
			sched_enqueue(t);
			return;
		}
		struct tcb *old = c->candidate;
		c->candidate = NULL;
		old->queued = false;
		sched_enqueue_head(old); /* it was first at its level */
	}
	c->candidate = t;
	t->queued = true;
}

void sched_enqueue(struct tcb *t)
{
	struct cpu *c = this_cpu();
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	int p = t->priority;
	t->sched_next = NULL;
	t->sched_prev = c->queues[p].tail;
	if (c->queues[p].tail)
		c->queues[p].tail->sched_next = t;
	else
		c->queues[p].head = t;
	c->queues[p].tail = t;
	mark_ready(c, p);
	t->queued = true;
}

void sched_enqueue_head(struct tcb *t)
{
	struct cpu *c = this_cpu();
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	int p = t->priority;
	t->sched_prev = NULL;
	t->sched_next = c->queues[p].head;
	if (c->queues[p].head)
		c->queues[p].head->sched_prev = t;
	else
		c->queues[p].tail = t;
	c->queues[p].head = t;
	mark_ready(c, p);
	t->queued = true;
}

void sched_dequeue(struct tcb *t)
{
	struct cpu *c = this_cpu();
	if (!t->queued)
		return;
	if (t == c->candidate) {
		c->candidate = NULL;
		t->queued = false;
		return;
	}
	int p = t->priority;
	if (t->sched_prev)
		t->sched_prev->sched_next = t->sched_next;
	else
		c->queues[p].head = t->sched_next;
	if (t->sched_next)
		t->sched_next->sched_prev = t->sched_prev;
	else
		c->queues[p].tail = t->sched_prev;
	if (!c->queues[p].head) {
		c->ready_bitmap[p / 64] &= ~BIT(p % 64);
		if (!c->ready_bitmap[p / 64])
			c->ready_words &= ~BIT(p / 64);
	}
	t->sched_prev = t->sched_next = NULL;
	t->queued = false;
}

static int queued_highest(const struct cpu *c)
{
	if (!c->ready_words) /* the usual case on the IPC path: nothing queued */
		return -1;
	for (int i = SCHED_BITMAP_WORDS - 1; i >= 0; i--) {
		if (c->ready_bitmap[i])
			return i * 64 + 63 - __builtin_clzll(c->ready_bitmap[i]);
	}
	return -1;
}

int sched_highest_priority(void)
{
	const struct cpu *c = this_cpu();
	int p = queued_highest(c);
	return c->candidate && c->candidate->priority > p ? c->candidate->priority : p;
}

struct tcb *sched_take_highest(void)
{
	struct cpu *c = this_cpu();
	int p = queued_highest(c);
	struct tcb *t;
	/* The held thread goes first among equals: it was woken most recently,
	 * by an IPC that handed it the work (seL4's fastpath switches to such
	 * a thread directly, too). */
	if (c->candidate && c->candidate->priority >= p)
		t = c->candidate;
	else if (p >= 0)
		t = c->queues[p].head;
	else
		return NULL;
	sched_dequeue(t);
	return t;
}
