/* Ready queues, groups and the running thread (see sched.h). All state is
 * this hart's struct cpu, and the groups and threads themselves. */
#include "kernel/sched.h"
#include "kernel/panic.h"

struct cpu cpus[CONFIG_QEMU_HARTS];

#define TIME_SLICE CONFIG_TIME_SLICE_TICKS

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
	c->payer = NULL;
	c->biller = c->billed = NULL;
}

static struct tcb *tcb_of_entity(struct sched_entity *e)
{
	return (struct tcb *)((char *)e - offsetof(struct tcb, ent));
}

static struct sched_group *group_of_entity(struct sched_entity *e)
{
	return (struct sched_group *)e; /* the entity is its first member */
}

static bool level_ready(const struct cpu *c, int p)
{
	return (c->ready_bitmap[p / 64] >> (p % 64)) & 1;
}

/* ---- a priority's queue of entities ---- */

static void level_append(struct cpu *c, int p, struct sched_entity *e)
{
	e->next = NULL;
	e->prev = c->queues[p].tail;
	if (c->queues[p].tail)
		c->queues[p].tail->next = e;
	else
		c->queues[p].head = e;
	c->queues[p].tail = e;
	c->ready_bitmap[p / 64] |= BIT(p % 64);
	c->ready_words |= BIT(p / 64);
	e->queued = true;
}

static void level_prepend(struct cpu *c, int p, struct sched_entity *e)
{
	e->prev = NULL;
	e->next = c->queues[p].head;
	if (c->queues[p].head)
		c->queues[p].head->prev = e;
	else
		c->queues[p].tail = e;
	c->queues[p].head = e;
	c->ready_bitmap[p / 64] |= BIT(p % 64);
	c->ready_words |= BIT(p / 64);
	e->queued = true;
}

static void level_remove(struct cpu *c, int p, struct sched_entity *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->queues[p].head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->queues[p].tail = e->prev;
	if (!c->queues[p].head) {
		c->ready_bitmap[p / 64] &= ~BIT(p % 64);
		if (!c->ready_bitmap[p / 64])
			c->ready_words &= ~BIT(p / 64);
	}
	e->prev = e->next = NULL;
	e->queued = false;
}

/* ---- a group's FIFO of ready threads ---- */

static void fifo_append(struct sched_group *g, struct tcb *t)
{
	t->sched_next = NULL;
	t->sched_prev = g->ready_tail;
	if (g->ready_tail)
		g->ready_tail->sched_next = t;
	else
		g->ready_head = t;
	g->ready_tail = t;
}

static void fifo_prepend(struct sched_group *g, struct tcb *t)
{
	t->sched_prev = NULL;
	t->sched_next = g->ready_head;
	if (g->ready_head)
		g->ready_head->sched_prev = t;
	else
		g->ready_tail = t;
	g->ready_head = t;
}

static void fifo_remove(struct sched_group *g, struct tcb *t)
{
	if (t->sched_prev)
		t->sched_prev->sched_next = t->sched_next;
	else
		g->ready_head = t->sched_next;
	if (t->sched_next)
		t->sched_next->sched_prev = t->sched_prev;
	else
		g->ready_tail = t->sched_prev;
	t->sched_prev = t->sched_next = NULL;
}

/* ---- threads ---- */

void sched_enqueue(struct tcb *t)
{
	struct cpu *c = this_cpu();
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	struct sched_group *g = t->group;
	if (g) {
		fifo_append(g, t);
		if (!g->ent.queued)
			level_append(c, t->priority, &g->ent);
	} else {
		level_append(c, t->priority, &t->ent);
	}
	t->queued = true;
}

void sched_enqueue_head(struct tcb *t)
{
	struct cpu *c = this_cpu();
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	struct sched_group *g = t->group;
	if (g) {
		fifo_prepend(g, t);
		if (g->ent.queued)
			level_remove(c, t->priority, &g->ent);
		level_prepend(c, t->priority, &g->ent);
	} else {
		level_prepend(c, t->priority, &t->ent);
	}
	t->queued = true;
}

/* t's entity has used up its turn: t to its queue's tail, and the entity
 * behind every other at its priority (where it may not be if a member
 * kept it at the head, below). */
void sched_enqueue_expired(struct tcb *t)
{
	struct cpu *c = this_cpu();
	sched_enqueue(t);
	struct sched_group *g = t->group;
	if (g && c->queues[t->priority].tail != &g->ent) {
		level_remove(c, t->priority, &g->ent);
		level_append(c, t->priority, &g->ent);
	}
}

/* t is woken while a thread of its own group is held to run next: the
 * group's turn goes on, so the group waits at the head, not the tail (a
 * pipeline's two ends wake each other; each wake would otherwise cost a
 * round of every other group). */
static void enqueue_in_turn(struct cpu *c, struct tcb *t)
{
	struct sched_group *g = t->group;
	fifo_append(g, t);
	if (g->ent.queued)
		level_remove(c, t->priority, &g->ent);
	level_prepend(c, t->priority, &g->ent);
	t->queued = true;
}

void sched_wake(struct tcb *t)
{
	struct cpu *c = this_cpu();
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	/* Its entity's turn is used up and others wait: it waits too. */
	if (sched_entity_of(t)->slice_left == 0 && level_ready(c, t->priority)) {
		sched_enqueue(t);
		return;
	}
	if (c->candidate) {
		/* Keep the better one beside the queues. */
		if (t->priority <= c->candidate->priority) {
			if (t->group && t->group == c->candidate->group)
				enqueue_in_turn(c, t);
			else
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

void sched_dequeue(struct tcb *t)
{
	struct cpu *c = this_cpu();
	if (!t->queued)
		return;
	t->queued = false;
	if (t == c->candidate) {
		c->candidate = NULL;
		return;
	}
	struct sched_group *g = t->group;
	if (g) {
		fifo_remove(g, t);
		if (!g->ready_head)
			level_remove(c, t->priority, &g->ent);
	} else {
		level_remove(c, t->priority, &t->ent);
	}
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

/* The head entity of priority p gives up its thread: a group goes to the
 * tail if it has more ready threads. */
static struct tcb *take_from_level(struct cpu *c, int p)
{
	struct sched_entity *e = c->queues[p].head;
	struct tcb *t;
	level_remove(c, p, e);
	if (e->is_group) {
		struct sched_group *g = group_of_entity(e);
		t = g->ready_head;
		fifo_remove(g, t);
		if (g->ready_head)
			level_append(c, p, e);
	} else {
		t = tcb_of_entity(e);
	}
	t->queued = false;
	return t;
}

struct tcb *sched_take_highest(void)
{
	struct cpu *c = this_cpu();
	int p = queued_highest(c);
	struct tcb *t = c->candidate;
	if (t && t->priority >= p) {
		/* The held thread goes first among equals while its entity has
		 * slice left: it was woken most recently, by an IPC that handed
		 * it the work (seL4's fastpath switches to such a thread
		 * directly, too). With its turn used up (a sibling ran it out
		 * meanwhile) it queues like the rest. */
		if (t->priority > p || sched_entity_of(t)->slice_left > 0) {
			sched_dequeue(t);
			goto picked;
		}
		c->candidate = NULL;
		t->queued = false;
		sched_enqueue_expired(t);
	}
	if (p < 0)
		return NULL;
	t = take_from_level(c, p);
	struct sched_entity *d = sched_entity_of(t);
	if (d->slice_left == 0 && d->debt >= TIME_SLICE && c->queues[p].head &&
	    c->queues[p].head != d) {
		/* In debt, and someone else may go: it sits this turn out. */
		d->debt -= TIME_SLICE;
		sched_enqueue_expired(t);
		t = take_from_level(c, p);
	}
picked:;
	struct sched_entity *e = sched_entity_of(t);
	if (e->slice_left == 0)
		e->slice_left = TIME_SLICE;
	return t;
}

/* ---- groups ---- */

static void member_add(struct sched_group *g, struct tcb *t)
{
	t->member_prev = NULL;
	t->member_next = g->members;
	if (g->members)
		g->members->member_prev = t;
	g->members = t;
	g->count++;
	t->group = g;
}

static void member_remove(struct sched_group *g, struct tcb *t)
{
	if (t->member_prev)
		t->member_prev->member_next = t->member_next;
	else
		g->members = t->member_next;
	if (t->member_next)
		t->member_next->member_prev = t->member_prev;
	t->member_prev = t->member_next = NULL;
	g->count--;
	t->group = NULL;
}

void sched_set_group(struct tcb *t, struct sched_group *g)
{
	struct cpu *c = this_cpu();
	if (t->group == g)
		return;
	bool was_queued = t->queued, was_candidate = t == c->candidate;
	sched_dequeue(t);
	uint32_t left = sched_entity_of(t)->slice_left;
	if (t->group)
		member_remove(t->group, t);
	if (g) {
		if (g->count == 0) {
			g->priority = t->priority;
			g->ent.slice_left = left;
		}
		g->ent.is_group = true; /* a zeroed group is not tagged yet */
		member_add(g, t);
	} else {
		t->ent.slice_left = left;
	}
	if (was_candidate)
		sched_wake(t);
	else if (was_queued)
		sched_enqueue(t);
}

void sched_group_finalise(struct sched_group *g)
{
	while (g->members)
		sched_set_group(g->members, NULL);
	assert(!g->ent.queued && !g->ready_head);
}

/* ---- the invariant checker's part ---- */

#if defined(CONFIG_KERNEL_INVARIANTS) || defined(RATION_HOST) /* host tests call it too */
static const char *check_queued_thread(const struct cpu *c, const struct tcb *t, int p)
{
	if (!t->queued || t->state != THREAD_RUNNABLE)
		return "a thread in a ready queue is not runnable and queued";
	if (t->priority != p)
		return "a thread is queued at another priority than its own";
	if (t == c->current || t == c->candidate)
		return "the running or held thread is in a ready queue";
	return NULL;
}

const char *sched_check(void)
{
	const struct cpu *c = this_cpu();
	for (int p = 0; p < SCHED_PRIORITIES; p++) {
		struct sched_entity *prev = NULL;
		bool marked = level_ready(c, p);
		if (marked != (c->queues[p].head != NULL))
			return "the ready bitmap does not match a queue";
		if (marked && !(c->ready_words & BIT(p / 64)))
			return "the ready summary word misses a priority";
		for (struct sched_entity *e = c->queues[p].head; e; prev = e, e = e->next) {
			if (e->prev != prev || !e->queued)
				return "a ready queue's links are broken";
			const char *why;
			if (!e->is_group) {
				const struct tcb *t = tcb_of_entity(e);
				if (t->group)
					return "a grouped thread is queued on its own";
				if ((why = check_queued_thread(c, t, p)))
					return why;
				continue;
			}
			const struct sched_group *g = group_of_entity(e);
			if (!g->ready_head || g->priority != p)
				return "a queued group has no ready thread, or another priority";
			const struct tcb *tp = NULL;
			for (const struct tcb *t = g->ready_head; t; tp = t, t = t->sched_next) {
				if (t->sched_prev != tp || t->group != g)
					return "a group's ready FIFO is broken";
				if ((why = check_queued_thread(c, t, p)))
					return why;
			}
			if (g->ready_tail != tp)
				return "a group's ready FIFO tail is wrong";
		}
		if (c->queues[p].tail != prev)
			return "a ready queue's tail is wrong";
	}
	for (int i = 0; i < SCHED_BITMAP_WORDS; i++)
		if (!!c->ready_bitmap[i] != !!(c->ready_words & BIT(i)))
			return "the ready summary word is wrong";
	const struct tcb *h = c->candidate;
	if (h && (!h->queued || h->state != THREAD_RUNNABLE || h == c->current))
		return "the held thread is not runnable and queued";
	return NULL;
}

const char *sched_check_group(const struct sched_group *g)
{
	uint32_t n = 0;
	const struct tcb *prev = NULL;
	for (const struct tcb *t = g->members; t; prev = t, t = t->member_next) {
		if (t->member_prev != prev || t->group != g)
			return "a group's member list is broken";
		if (t->priority != g->priority)
			return "a group member has another priority than its group";
		if (++n > g->count)
			return "a group has more members than it counts";
	}
	if (n != g->count)
		return "a group has fewer members than it counts";
	if ((g->count && !g->ent.is_group) || (g->ent.queued != (g->ready_head != NULL)))
		return "a group is queued without ready threads, or not with them";
	return NULL;
}

const char *sched_check_tcb(const struct tcb *t)
{
	const struct cpu *c = this_cpu();
	if (t->queued && t->state != THREAD_RUNNABLE)
		return "a queued thread is not runnable";
	if (t->state == THREAD_RUNNABLE && !t->queued && t != c->current)
		return "a runnable thread is neither running nor queued";
	if (t->group) {
		const struct tcb *m = t->group->members;
		for (word_t i = 0; m && m != t && i <= t->group->count; i++)
			m = m->member_next;
		if (m != t)
			return "a grouped thread is not on its group's member list";
		if (t->ent.queued)
			return "a grouped thread's own entity is queued";
	}
	return NULL;
}
#endif
