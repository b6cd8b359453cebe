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

/* ---- a group's FIFO of ready entities ---- */

static void fifo_append(struct sched_group *g, struct sched_entity *e)
{
	e->next = NULL;
	e->prev = g->ready_tail;
	if (g->ready_tail)
		g->ready_tail->next = e;
	else
		g->ready_head = e;
	g->ready_tail = e;
	e->queued = true;
}

static void fifo_prepend(struct sched_group *g, struct sched_entity *e)
{
	e->prev = NULL;
	e->next = g->ready_head;
	if (g->ready_head)
		g->ready_head->prev = e;
	else
		g->ready_tail = e;
	g->ready_head = e;
	e->queued = true;
}

static void fifo_remove(struct sched_group *g, struct sched_entity *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		g->ready_head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		g->ready_tail = e->prev;
	e->prev = e->next = NULL;
	e->queued = false;
}

/* ---- an entity in its queue: its holder's FIFO, or its priority's ----
 * (holder: the thread's group, or the group's parent; NULL at the top).
 * A group is queued exactly while it has a ready entity: these keep that
 * up the chain. */

static void entity_append(struct cpu *c, struct sched_group *holder, int p,
                          struct sched_entity *e)
{
	if (holder)
		fifo_append(holder, e);
	else
		level_append(c, p, e);
}

static void entity_prepend(struct cpu *c, struct sched_group *holder, int p,
                           struct sched_entity *e)
{
	if (holder)
		fifo_prepend(holder, e);
	else
		level_prepend(c, p, e);
}

static void entity_remove(struct cpu *c, struct sched_group *holder, int p,
                          struct sched_entity *e)
{
	if (holder)
		fifo_remove(holder, e);
	else
		level_remove(c, p, e);
}

/* e, not queued, joins its holder's tail; so does each group above that
 * was not queued (it had nothing ready). */
static void entity_queue(struct cpu *c, struct sched_group *holder, int p, struct sched_entity *e)
{
	entity_append(c, holder, p, e);
	for (struct sched_group *g = holder; g && !g->ent.queued; g = g->parent)
		entity_append(c, g->parent, p, &g->ent);
}

/* e leaves its queue; so does each group above left with nothing ready. */
static void entity_unqueue(struct cpu *c, struct sched_group *holder, int p,
                           struct sched_entity *e)
{
	entity_remove(c, holder, p, e);
	for (struct sched_group *g = holder; g && !g->ready_head; g = g->parent)
		entity_remove(c, g->parent, p, &g->ent);
}

/* g and every group above it go to the head of their queues: the chain to
 * a thread put at its group's head is the first taken. */
static void path_to_head(struct cpu *c, struct sched_group *g, int p)
{
	for (; g; g = g->parent) {
		if (g->ent.queued)
			entity_remove(c, g->parent, p, &g->ent);
		entity_prepend(c, g->parent, p, &g->ent);
	}
}

/* ---- threads ---- */

void sched_enqueue(struct tcb *t)
{
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	if (t->group)
		entity_queue(this_cpu(), t->group, t->priority, &t->ent);
	else
		level_append(this_cpu(), t->priority, &t->ent);
	t->queued = true;
}

void sched_enqueue_head(struct tcb *t)
{
	struct cpu *c = this_cpu();
	assert(!t->queued && t->state == THREAD_RUNNABLE);
	entity_prepend(c, t->group, t->priority, &t->ent);
	path_to_head(c, t->group, t->priority);
	t->queued = true;
}

/* t's entity has used up its turn: t to its queue's tail, and its top
 * group behind every other at its priority (where it may not be if a
 * member kept it at the head, below). */
void sched_enqueue_expired(struct tcb *t)
{
	struct cpu *c = this_cpu();
	sched_enqueue(t);
	if (!t->group)
		return;
	struct sched_group *top = sched_top(t->group);
	if (c->queues[t->priority].tail != &top->ent) {
		level_remove(c, t->priority, &top->ent);
		level_append(c, t->priority, &top->ent);
	}
}

/* t is woken while a thread of its own group is held to run next: the
 * group's turn goes on, so the group waits at the head, not the tail (a
 * pipeline's two ends wake each other; each wake would otherwise cost a
 * round of every other group). */
static void enqueue_in_turn(struct cpu *c, struct tcb *t)
{
	fifo_append(t->group, &t->ent);
	path_to_head(c, t->group, t->priority);
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
	entity_unqueue(c, t->group, t->priority, &t->ent);
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

/* The head entity of priority p gives up a thread: down from a group to
 * the head of its FIFO, level by level, each taken out of its queue; then,
 * back up, each group that has more ready goes to its queue's tail. So
 * each group's entities take turns within its turn. */
static struct tcb *take_from_level(struct cpu *c, int p)
{
	struct sched_entity *e = c->queues[p].head;
	level_remove(c, p, e);
	if (!e->is_group) { /* the usual case, kept short */
		struct tcb *t = tcb_of_entity(e);
		t->queued = false;
		return t;
	}
	while (e->is_group) {
		struct sched_group *g = group_of_entity(e);
		e = g->ready_head;
		fifo_remove(g, e);
	}
	struct tcb *t = tcb_of_entity(e);
	for (struct sched_group *g = t->group; g; g = g->parent) {
		if (g->ready_head && !g->ent.queued)
			entity_append(c, g->parent, p, &g->ent);
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

/* n threads join (or, negative, leave) g's tree, counted at every level. */
static void tree_count_add(struct sched_group *g, int32_t n)
{
	for (; g; g = g->parent)
		g->tree_count = (uint32_t)((int32_t)g->tree_count + n);
}

static void member_add(struct sched_group *g, struct tcb *t)
{
	t->member_prev = NULL;
	t->member_next = g->members;
	if (g->members)
		g->members->member_prev = t;
	g->members = t;
	g->count++;
	tree_count_add(g, 1);
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
	tree_count_add(g, -1);
	t->group = NULL;
}

bool sched_group_priority_ok(struct sched_group *g, uint8_t priority)
{
	struct sched_group *top = sched_top(g);
	return top->tree_count == 0 || top->priority == priority;
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
		struct sched_group *top = sched_top(g);
		if (top->tree_count == 0) {
			top->priority = t->priority;
			top->ent.slice_left = left;
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

/* The groups in g's chain, g and its top included. */
static unsigned chain_length(const struct sched_group *g)
{
	unsigned n = 1;
	for (; g->parent; g = g->parent)
		n++;
	return n;
}

/* The groups in the longest chain down from g, g included: a walk of its
 * subtree through the child and sibling links (no stack: the parent links
 * lead back). A subtree is paid for by whoever made its groups. */
static unsigned subtree_height(const struct sched_group *g)
{
	unsigned depth = 1, most = 1;
	const struct sched_group *at = g;
	for (;;) {
		if (at->children) {
			at = at->children;
			depth++;
			most = depth > most ? depth : most;
			continue;
		}
		while (at != g && !at->sibling_next) {
			at = at->parent;
			depth--;
		}
		if (at == g)
			return most;
		at = at->sibling_next;
	}
}

static void child_unlink(struct sched_group *g)
{
	struct sched_group *parent = g->parent;
	if (g->sibling_prev)
		g->sibling_prev->sibling_next = g->sibling_next;
	else
		parent->children = g->sibling_next;
	if (g->sibling_next)
		g->sibling_next->sibling_prev = g->sibling_prev;
	g->sibling_prev = g->sibling_next = NULL;
	g->parent = NULL;
}

static void child_link(struct sched_group *g, struct sched_group *parent)
{
	g->parent = parent;
	g->sibling_prev = NULL;
	g->sibling_next = parent->children;
	if (parent->children)
		parent->children->sibling_prev = g;
	parent->children = g;
}

/* Moves g (checked) below `parent` (or to the top), queued as it was. A
 * queued group leaves its old queue and joins the tail of its new one. A
 * group that becomes a top group keeps the priority of its tree and starts
 * with no turn; one that goes below gives up its own. */
static void move_group(struct cpu *c, struct sched_group *g, struct sched_group *parent)
{
	uint8_t p = sched_top(g)->priority;
	bool queued = g->ent.queued;
	if (queued)
		entity_unqueue(c, g->parent, p, &g->ent);
	if (g->parent) {
		tree_count_add(g->parent, -(int32_t)g->tree_count);
		child_unlink(g);
	}
	if (parent) {
		struct sched_group *top = sched_top(parent);
		if (top->tree_count == 0)
			top->priority = p;
		child_link(g, parent);
		tree_count_add(parent, (int32_t)g->tree_count);
	} else {
		g->priority = p;
		g->ent.slice_left = 0;
	}
	g->ent.is_group = true;
	if (parent)
		parent->ent.is_group = true;
	if (queued)
		entity_queue(c, parent, p, &g->ent);
}

int sched_group_set_parent(struct sched_group *g, struct sched_group *parent)
{
	if (g->parent == parent)
		return RN_OK;
	if (parent) {
		for (const struct sched_group *a = parent; a; a = a->parent)
			if (a == g)
				return RN_ILLEGAL_OPERATION; /* a loop */
		if (chain_length(parent) + subtree_height(g) > SCHED_GROUP_DEPTH_MAX)
			return RN_ILLEGAL_OPERATION;
		if (g->tree_count && !sched_group_priority_ok(parent, sched_top(g)->priority))
			return RN_ILLEGAL_OPERATION;
	}
	move_group(this_cpu(), g, parent);
	return RN_OK;
}

void sched_group_finalise(struct sched_group *g)
{
	struct sched_group *up = g->parent;
	while (g->members)
		sched_set_group(g->members, up);
	while (g->children)
		move_group(this_cpu(), g->children, up);
	if (up)
		child_unlink(g);
	assert(!g->ent.queued && !g->ready_head && !g->tree_count);
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

/* The entities queued in g's FIFO, and in those of the groups below that
 * are queued in it: linked both ways, each where it belongs, each group
 * with something ready. depth: g's place in its chain (1: a top group). */
static const char *check_fifo(const struct cpu *c, const struct sched_group *g, int p,
                              unsigned depth)
{
	if (depth > SCHED_GROUP_DEPTH_MAX)
		return "a group chain is longer than the most";
	const struct sched_entity *prev = NULL;
	for (const struct sched_entity *e = g->ready_head; e; prev = e, e = e->next) {
		if (e->prev != prev || !e->queued)
			return "a group's ready FIFO is broken";
		const char *why;
		if (!e->is_group) {
			const struct tcb *t = tcb_of_entity((struct sched_entity *)e);
			if (t->group != g)
				return "a thread is queued in a group it is not in";
			if ((why = check_queued_thread(c, t, p)))
				return why;
			continue;
		}
		const struct sched_group *sub = group_of_entity((struct sched_entity *)e);
		if (sub->parent != g || !sub->ready_head)
			return "a queued subgroup is not g's, or has nothing ready";
		if ((why = check_fifo(c, sub, p, depth + 1)))
			return why;
	}
	if (g->ready_tail != prev)
		return "a group's ready FIFO tail is wrong";
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
			if (!g->ready_head || g->priority != p || g->parent)
				return "a queued group has no ready thread, another priority, or a "
				       "parent";
			if ((why = check_fifo(c, g, p, 1)))
				return why;
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
	const struct sched_group *top = sched_top((struct sched_group *)g);
	for (const struct tcb *t = g->members; t; prev = t, t = t->member_next) {
		if (t->member_prev != prev || t->group != g)
			return "a group's member list is broken";
		if (t->priority != top->priority)
			return "a group member has another priority than its tree";
		if (++n > g->count)
			return "a group has more members than it counts";
	}
	if (n != g->count)
		return "a group has fewer members than it counts";
	if (chain_length(g) > SCHED_GROUP_DEPTH_MAX)
		return "a group chain is longer than the most";
	uint32_t below = 0;
	const struct sched_group *sp = NULL;
	for (const struct sched_group *s = g->children; s; sp = s, s = s->sibling_next) {
		if (s->parent != g || s->sibling_prev != sp)
			return "a group's subgroup list is broken";
		below += s->tree_count;
	}
	if (g->tree_count != g->count + below)
		return "a group's tree count is wrong";
	if (g->parent) {
		const struct sched_group *s = g->parent->children;
		while (s && s != g)
			s = s->sibling_next;
		if (!s)
			return "a subgroup is not on its parent's list";
	}
	if (((g->count || g->children) && !g->ent.is_group) ||
	    (g->ent.queued != (g->ready_head != NULL)))
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
	if (t->ent.queued != (t->queued && t != c->candidate))
		return "a thread's entity is queued, or not, against its state";
	if (t->group) {
		const struct tcb *m = t->group->members;
		for (word_t i = 0; m && m != t && i <= t->group->count; i++)
			m = m->member_next;
		if (m != t)
			return "a grouped thread is not on its group's member list";
	}
	return NULL;
}
#endif
