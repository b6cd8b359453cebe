/* The scheduler: 256 fixed priorities; at each, round robin between
 * entities: ungrouped threads and scheduling groups.
 *
 * A priority's ready queue holds entities (struct sched_entity, tcb.h):
 * a thread in no group, or a SchedGroup (a kernel object, retyped from
 * untyped like any other) with a FIFO of its own ready threads. Taking
 * from a priority takes its head entity; for a group, the head of the
 * group's FIFO runs and the group goes to the tail of the priority if it
 * still has ready threads. So a group gets turns like one thread, however
 * many threads it has:
 *
 *   priority p:  [thread A] -> [group G: t1 t2 t3] -> [thread B]
 *   take:        A runs; then t1 runs and G goes behind B; then B; then t2
 *
 * A turn lasts the entity's slice (CONFIG_TIME_SLICE_TICKS ticks), charged
 * to the entity whichever of its threads runs: the entity's slice is
 * refilled only when it starts a turn at the head of its queue. A thread
 * whose entity's slice is used up goes to the tail (its group's tail, and
 * the group to its priority's tail if it is not queued); one preempted by
 * a higher priority goes back to the head and keeps what is left. The
 * running thread is not queued.
 *
 * Debt: a server answering a thread's Call works on that thread's turn
 * (thread_tick), and past its end too, since it runs above: those ticks
 * are the entity's debt (at most SCHED_DEBT_MAX). An entity with a slice
 * of debt sits out the turn it would start next, if another entity of its
 * priority is ready, and its debt drops by a slice. So a job whose calls
 * make the server work longer than its turns (a fork of a large process
 * in a loop) gets no more of the CPU than a spinning thread does.
 *
 * The candidate: a thread an IPC just woke is held beside the queues; it
 * usually runs next, and then no queue is touched (the IPC fastpath relies
 * on this). It goes before the queued entities of its priority only while
 * its entity has slice left (or nothing else is queued there): a group
 * whose threads wake each other, or a fork chain, gets one slice per
 * round like everyone else, and a thread that sleeps most of the time
 * (a shell) runs at once when woken.
 *
 * All threads of a group have one priority (TCB_SetGroup and SetPriority
 * refuse otherwise). State is per CPU (one CPU for now). */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/tcb.h"

#define SCHED_PRIORITIES   256
#define SCHED_DEBT_MAX     (100 * CONFIG_TIME_SLICE_TICKS) /* 100 turns */
#define SCHED_BITMAP_WORDS (SCHED_PRIORITIES / 64)

#define SCHED_GROUP_DEPTH_MAX 8 /* groups in a chain, its top group included */

/* A SchedGroup object (2^RN_SCHED_GROUP_BITS bytes). Groups nest: a group
 * with a parent is an entity in its parent's FIFO, as a member thread is,
 * and only a top group (no parent) is queued at a priority. */
struct sched_group {
	/* First: a queue entry is one. Its slice and debt count only in a
	 * top group: a turn is the top group's, whichever thread of its
	 * tree runs. */
	struct sched_entity ent;
	/* Its ready members' and subgroups' entities (not the candidate). */
	struct sched_entity *ready_head, *ready_tail;
	struct tcb *members;                             /* every thread bound to it */
	struct sched_group *parent;                      /* NULL: a top group */
	struct sched_group *children;                    /* its subgroups */
	struct sched_group *sibling_prev, *sibling_next; /* in its parent's list */
	uint32_t count;      /* members */
	uint32_t tree_count; /* threads bound to it or to a group below it */
	/* A top group's: every thread of its tree has it (any while the
	 * tree has none). */
	uint8_t priority;
};
compile_assert(sched_group_fits_object, sizeof(struct sched_group) <= BIT(RN_SCHED_GROUP_BITS));

/* The scheduler's state, one per hart (this_cpu() gives this hart's).
 * Ready entities wait in one FIFO per priority; ready_bitmap marks the
 * non-empty ones and ready_words the non-zero bitmap words. */
struct cpu {
	struct tcb *current; /* running here, or NULL when idle */
	/* One runnable thread held beside the queues (above). It counts as
	 * queued (t->queued) but is in no queue. */
	struct tcb *candidate;
	/* The thread the general path last chose to run: while it waits for
	 * the answer to a Call (BLOCKED_REPLY) and a higher priority runs,
	 * that is a server working for it, and the ticks are its (thread.c).
	 * Cleared when the TCB dies. */
	struct tcb *payer;
	/* TCB_Bill: while `biller` runs, its ticks are `billed`'s, as a
	 * server's for its caller (thread_tick). NULL: no bill. Cleared when
	 * either TCB dies. */
	struct tcb *biller, *billed;
	word_t ready_words;
	word_t ready_bitmap[SCHED_BITMAP_WORDS];
	struct {
		struct sched_entity *head, *tail;
	} queues[SCHED_PRIORITIES];
};
extern struct cpu cpus[CONFIG_QEMU_HARTS];

/* This hart's state. Only one hart runs the kernel until SMP exists (the
 * others are parked at boot), so it is always the first. */
static inline struct cpu *this_cpu(void)
{
	return &cpus[0];
}

/* The group at the top of g's chain (g itself if it has no parent). */
static inline __attribute__((always_inline)) struct sched_group *sched_top(struct sched_group *g)
{
	while (g->parent)
		g = g->parent;
	return g;
}

/* The entity a thread's turns are charged to: its top group, or itself. */
static inline __attribute__((always_inline)) struct sched_entity *sched_entity_of(struct tcb *t)
{
	return t->group ? &sched_top(t->group)->ent : &t->ent;
}

/* Empties every queue (boot, and host tests). */
void sched_init(void);

/* Appends a runnable thread to the tail of its queue (its group's FIFO;
 * the group, if not queued, to the tail of its priority). */
void sched_enqueue(struct tcb *t);

/* As sched_enqueue for a thread whose entity's turn is used up: its
 * entity goes behind every other of its priority. */
void sched_enqueue_expired(struct tcb *t);

/* Makes a just-woken thread runnable. It is held beside the queues when it
 * may go first (above), so that when it is the one to run next (the usual
 * case after an IPC) no queue is touched; otherwise it is appended. */
void sched_wake(struct tcb *t);

/* Puts a runnable thread at the head of its queue, and its entity at the
 * head of its priority: a thread preempted by a higher priority keeps its
 * turn. */
void sched_enqueue_head(struct tcb *t);

/* Takes a thread out of its queue (if it is queued). */
void sched_dequeue(struct tcb *t);

/* The next thread to run at the highest priority, removed from its queue,
 * or NULL. Its entity's slice is refilled if it was used up (a new turn). */
struct tcb *sched_take_highest(void);

/* The highest priority with a queued thread, or -1. */
int sched_highest_priority(void);

/* Binds t to g (leaving any other group), or unbinds it (g NULL); t keeps
 * its place in the ready queues as far as it can (it is requeued in its
 * new entity). A thread joining a tree with no thread gives its top group
 * what is left of its own turn: a new group is no way to a new slice.
 * Leaving, it takes what is left of its top group's. The caller has
 * checked the priority (sched_group_priority_ok). */
void sched_set_group(struct tcb *t, struct sched_group *g);

/* Whether a thread of priority `priority` may join g's tree: every thread
 * of a tree has one priority. */
bool sched_group_priority_ok(struct sched_group *g, uint8_t priority);

/* Nests g in `parent` (NULL: g becomes a top group), with its members and
 * subgroups, queued or not. RN_ILLEGAL_OPERATION if parent is g or below
 * it, if the chain would be longer than SCHED_GROUP_DEPTH_MAX, or if the
 * two trees' threads have other priorities; else RN_OK. */
int sched_group_set_parent(struct sched_group *g, struct sched_group *parent);

/* A SchedGroup's last cap is gone: its members and subgroups move to its
 * parent (so nothing leaves the tree it was in), or, for a top group,
 * its members go on ungrouped and its subgroups become top groups. */
void sched_group_finalise(struct sched_group *g);

#if defined(CONFIG_KERNEL_INVARIANTS) || defined(RATION_HOST) /* host tests call it too */
/* The ready queues, the candidate and the groups' FIFOs are consistent:
 * NULL, or what is wrong. */
const char *sched_check(void);
/* A group's members, subgroups and counts, and a grouped TCB, agree:
 * NULL, or what is wrong. */
const char *sched_check_group(const struct sched_group *g);
const char *sched_check_tcb(const struct tcb *t);
#endif

/* Whether t, woken now (sched_wake), would be the next to run: no held
 * thread at its priority or above (it would go first), no queued thread
 * above, and at its priority nothing queued or slice left in its entity.
 * Inline, with a look at the scheduler's state: the IPC fastpath asks on
 * every exchange, and usually nothing at all is ready. No bit scan
 * (rv64imac has no clz: it would be a libgcc call): only whether any bit
 * above p is set, in the summary word, then in p's word. */
static inline __attribute__((always_inline)) bool sched_woken_runs_next(struct tcb *t)
{
	const struct cpu *c = this_cpu();
	int p = t->priority;
	if (c->candidate && c->candidate->priority >= p)
		return false;
	word_t words = c->ready_words;
	if (!words)
		return true;
	unsigned i = (unsigned)p / 64, b = (unsigned)p % 64;
	/* Two shifts each: a shift by 64 would be undefined. */
	word_t level = c->ready_bitmap[i] >> b;
	if ((words >> i >> 1) || (level >> 1))
		return false;
	return !(level & 1) || sched_entity_of(t)->slice_left > 0;
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
