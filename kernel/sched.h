/* The scheduler: 256 fixed priorities, round robin within one.
 *
 * Runnable threads wait in one FIFO per priority; a bitmap of non-empty
 * queues finds the highest in two steps. The running thread is not in a
 * queue. A thread that uses up its time slice, or yields, goes to the tail
 * of its queue. State is per CPU (one CPU for now). */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/tcb.h"

#define SCHED_PRIORITIES   256
#define SCHED_BITMAP_WORDS (SCHED_PRIORITIES / 64)

/* The scheduler's state, one per hart (this_cpu() gives this hart's).
 * Ready threads wait in one FIFO per priority; ready_bitmap marks the
 * non-empty ones and ready_words the non-zero bitmap words. */
struct cpu {
	struct tcb *current; /* running here, or NULL when idle */
	/* One runnable thread held beside the queues: the thread an IPC just
	 * woke usually runs next, and then it never touches a queue. It
	 * counts as queued (t->queued) and goes first at its priority. */
	struct tcb *candidate;
	word_t ready_words;
	word_t ready_bitmap[SCHED_BITMAP_WORDS];
	struct {
		struct tcb *head, *tail;
	} queues[SCHED_PRIORITIES];
};
extern struct cpu cpus[CONFIG_QEMU_HARTS];

/* This hart's state. Only one hart runs the kernel until SMP exists (the
 * others are parked at boot), so it is always the first. */
static inline struct cpu *this_cpu(void)
{
	return &cpus[0];
}

/* Empties every queue (boot, and host tests). */
void sched_init(void);

/* Appends a runnable thread to the tail of its priority's queue. */
void sched_enqueue(struct tcb *t);

/* Makes a just-woken thread runnable. It is held beside the queues, so that
 * when it is the one to run next (the usual case after an IPC) no queue is
 * touched; otherwise it behaves as if appended to its queue. */
void sched_wake(struct tcb *t);

/* Puts a runnable thread at the head of its queue: a thread preempted by a
 * higher priority keeps its turn. */
void sched_enqueue_head(struct tcb *t);

/* Takes a thread out of its queue (if it is queued). */
void sched_dequeue(struct tcb *t);

/* The highest-priority queued thread, removed from its queue, or NULL. */
struct tcb *sched_take_highest(void);

/* The highest priority with a queued thread, or -1. */
int sched_highest_priority(void);

/* Whether a thread of priority p, woken now (sched_wake), would be the next
 * to run: no held thread at p or above (it would go first) and no queued
 * thread above p. Inline, with a look at the scheduler's state: the IPC
 * fastpath asks on every exchange, and usually nothing at all is ready.
 * No bit scan (rv64imac has no clz: it would be a libgcc call): only
 * whether any bit above p is set, in the summary word, then in p's word. */
static inline __attribute__((always_inline)) bool sched_woken_runs_next(int p)
{
	const struct cpu *c = this_cpu();
	if (c->candidate && c->candidate->priority >= p)
		return false;
	word_t words = c->ready_words;
	if (!words)
		return true;
	unsigned i = (unsigned)p / 64, b = (unsigned)p % 64;
	/* Two shifts each: a shift by 64 would be undefined. */
	return !(words >> i >> 1) && !(c->ready_bitmap[i] >> b >> 1);
}

/* The thread running on this CPU (NULL when idle). */
static inline struct tcb *sched_current(void)
{
	return this_cpu()->current;
}
static inline void sched_set_current(struct tcb *t)
{
	this_cpu()->current = t;
}

#endif
