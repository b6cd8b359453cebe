/* Budget lending (lend.h). Each block lent is whole: an untyped of the
 * lender's budget, retyped into the borrower's book as a top block of its
 * budget. The lender's book links the blocks it lent one borrower (the
 * LENT block's caller fields: obj = the previous, tag = the next), and
 * the borrower's top block names the lender's slot in its buddy field.
 *
 *   draw for c (no free block of order k):    c ≤ limit? ask its lender L1
 *     L1 has k free beyond what it protects?  yes: L1 lends c a block
 *     else L1 ≤ limit? ask L2 ...             then each level lends the
 *                                             one below, top down
 *   a top block of c whole and free again:    back to L1 (c keeps a little
 *                                             slack while it runs), and on
 *                                             up while L1's is free too */
#include "personality/lend.h"

#include <generated/config.h>
#include <rn/cnode.h>
#include <rn/px.h>

#include "kernel/string.h"

#define SIZE(order) (1ul << (order))

/* A running budget keeps this much free before it gives a block back, so
 * that a loop of malloc and free does not lend and return every time. */
#define LEND_SLACK (64ul << 10)

/* Draws nest when a lender must grow its book to lend: bounded, since the
 * server's stack is. */
#define LEND_MAX_NESTING 8

/* A process costs at least this much of a limit in pids: the pid table is
 * shared and fixed, so a subtree may hold no more than its limit's part
 * of it (set at boot from the RAM). */
static uint64_t pid_cost;

static unsigned nesting;

/* ---- the lender's links ----------------------------------------------------- */

static void link_lent(struct proc *m, struct proc *c, budget_slot_t ls)
{
	struct budget_block *b = proc_meta(m, ls);
	b->obj = BUDGET_NONE;
	b->tag = c->lent_head;
	if (c->lent_head != BUDGET_NONE)
		proc_meta(m, c->lent_head)->obj = ls;
	c->lent_head = ls;
}

static void unlink_lent(struct proc *m, struct proc *c, budget_slot_t ls)
{
	struct budget_block *b = proc_meta(m, ls);
	budget_slot_t prev = b->obj, next = (budget_slot_t)b->tag;
	if (prev != BUDGET_NONE)
		proc_meta(m, prev)->tag = next;
	else
		c->lent_head = next;
	if (next != BUDGET_NONE)
		proc_meta(m, next)->obj = prev;
}

/* Lends c a block of 2^order of m's budget (m is c's lender); both have
 * their slots reserved. Returns c's new top block, or BUDGET_NONE. */
static budget_slot_t lend_reserved(struct proc *m, struct proc *c, unsigned order)
{
	budget_slot_t ls = budget_lend(&m->budget, order);
	if (ls == BUDGET_NONE)
		return BUDGET_NONE;
	budget_slot_t top = proc_add_block(c, CAP(m->pid, ls), order);
	if (top == BUDGET_NONE) {
		budget_free(&m->budget, ls);
		return BUDGET_NONE;
	}
	proc_meta(c, top)->buddy = ls;
	link_lent(m, c, ls);
	return top;
}

static bool lend_block(struct proc *m, struct proc *c, unsigned order)
{
	return proc_reserve_slots(m) && proc_reserve_slots(c) &&
	       lend_reserved(m, c, order) != BUDGET_NONE;
}

/* ---- memory on demand ----------------------------------------------------- */

/* What a lender keeps from its borrowers' draws: the part of its
 * guarantee that neither it nor a guarantee it gave uses yet. */
static uint64_t protected_bytes(const struct proc *a)
{
	const struct budget *b = &a->budget;
	uint64_t spoken = a->child_guarantees;
	for (unsigned k = 0; k < BUDGET_KIND_COUNT; k++)
		spoken += b->used[k];
	return a->guarantee > spoken ? a->guarantee - spoken : 0;
}

static bool can_supply(const struct proc *a, unsigned order)
{
	return budget_has_free(&a->budget, order) &&
	       a->budget.free >= SIZE(order) + protected_bytes(a);
}

/* While an ending process's files move to its heir (lend_moving), the
 * copy of each page is made before the writer's page goes back, so for a
 * moment the budgets above the writer hold both. What the writer still
 * holds counts as theirs already: each may go over its limit by that
 * much, and it all comes back as the moves go on. */
static const struct proc *moving;

static uint64_t owed(const struct proc *q)
{
	if (!moving)
		return 0;
	for (const struct proc *a = proc_get(moving->mem_parent); a; a = proc_get(a->mem_parent))
		if (a == q)
			return moving->budget.total;
	return 0;
}

static bool within_limit(const struct proc *p, unsigned order)
{
	return p->budget.total + SIZE(order) <= p->limit + owed(p);
}

/* The lender of p if it can lend (a running, ended or husk budget), or
 * NULL. */
static struct proc *lender(const struct proc *p)
{
	struct proc *m = proc_get(p->mem_parent);
	return m && m->state != PROC_FREE ? m : 0;
}

static struct proc *ancestor(struct proc *p, unsigned up)
{
	while (p && up--)
		p = lender(p);
	return p;
}

/* One block of 2^order for c, from the nearest lender that has it free,
 * passed down whole through every budget between (each within its limit).
 * Returns c's new top block, or BUDGET_NONE. */
static unsigned draw_levels(struct proc *c, unsigned order)
{
	unsigned levels = 0;
	for (struct proc *p = c;; p = lender(p)) {
		if (!within_limit(p, order) || !lender(p))
			return 0;
		levels++;
		if (can_supply(lender(p), order))
			return levels;
	}
}

static budget_slot_t draw(struct proc *c, unsigned order)
{
	unsigned levels = draw_levels(c, order);
	if (!levels)
		return BUDGET_NONE;
	/* Every level's book first: a leaf made after a block came down
	 * would be carved from that block, and keep it from going back.
	 * Growing a book may draw too, so the limits are looked at again. */
	for (unsigned up = 0; up <= levels; up++)
		if (!proc_reserve_slots(ancestor(c, up)))
			return BUDGET_NONE;
	unsigned again = draw_levels(c, order);
	if (!again || again > levels)
		return BUDGET_NONE;
	budget_slot_t top = BUDGET_NONE;
	for (unsigned up = again; up > 0; up--) {
		struct proc *borrower = ancestor(c, up - 1);
		top = lend_reserved(lender(borrower), borrower, order);
		if (top == BUDGET_NONE)
			return BUDGET_NONE; /* what upper levels got stays theirs, free */
	}
	return top;
}

/* A draw is for at least the block asked for, and for a growing budget
 * for a quarter of what it holds, up to LEND_MAX_DRAW: fewer draws, but
 * not so large that a page of records left in one (a leaf of the book)
 * keeps much from going back. */
static unsigned draw_order(const struct proc *c, unsigned order)
{
	if (moving)
		return order; /* no more than each copy needs */
	unsigned want = budget_floor_order(c->budget.total) - 2;
	if (want > LEND_MAX_DRAW_ORDER)
		want = LEND_MAX_DRAW_ORDER;
	return want > order ? want : order;
}

static bool grow(struct proc *c, unsigned order)
{
	if (nesting >= LEND_MAX_NESTING)
		return false;
	if (order < 12)
		order = 12; /* blocks are lent in pages */
	nesting++;
	bool done = false;
	for (unsigned o = draw_order(c, order); !done && o >= order; o--)
		done = draw(c, o) != BUDGET_NONE;
	nesting--;
	return done;
}

/* A block of exactly 2^order for one use (proc.h). */
static budget_slot_t draw_exact(struct proc *c, unsigned order)
{
	if (nesting >= LEND_MAX_NESTING || !lender(c))
		return BUDGET_NONE;
	nesting++;
	budget_slot_t top = draw(c, order);
	nesting--;
	return top;
}

/* ---- giving back -------------------------------------------------------------- */

/* Whether p gives its free top block back: an ended budget gives all, a
 * running one keeps its guarantee, and some slack unless `all`. */
static bool may_give_back(struct proc *p, budget_slot_t top, bool all)
{
	const struct budget_block *b = proc_meta(p, top);
	if (b->buddy == BUDGET_NONE || !lender(p))
		return false;
	if (p->state != PROC_RUNNING)
		return true;
	uint64_t size = SIZE(b->order);
	return p->budget.total - size >= p->guarantee &&
	       (all || p->budget.free - size >= LEND_SLACK || p->budget.total > p->limit);
}

static void give_back(struct proc *p, budget_slot_t top)
{
	struct proc *m = lender(p);
	budget_slot_t ls = proc_meta(p, top)->buddy;
	if (!budget_take_top(&p->budget, top))
		return;
	proc_slot_free(p, top);
	unlink_lent(m, p, ls);
	budget_free(&m->budget, ls); /* the revoke deletes p's cap */
}

/* While a block goes back, the lender's budget_free reports the lender's
 * block that became free there (top_freed), and the loop goes on with
 * it: a chain of budgets gives back without recursion. */
static bool settling;
static struct proc *next_p;
static budget_slot_t next_top;

static void give_back_chain(struct proc *p, budget_slot_t top, bool all)
{
	settling = true;
	while (p && may_give_back(p, top, all)) {
		next_p = 0;
		give_back(p, top);
		p = next_p;
		top = next_top;
		all = false;
	}
	settling = false;
}

static void top_freed(struct proc *p, budget_slot_t top)
{
	if (settling) {
		next_p = p;
		next_top = top;
		return;
	}
	give_back_chain(p, top, false);
}

void lend_settle(struct proc *p)
{
	if (!lender(p) || settling)
		return;
	proc_trim_book(p); /* first: a leaf given up may free a block */
	for (budget_slot_t id = 0; id < (p->nleaves << LEAF_BITS); id++) {
		struct budget_block *b = proc_meta(p, id);
		if (b->state == BUDGET_FREE && b->parent == BUDGET_NONE && b->buddy != BUDGET_NONE)
			give_back_chain(p, id, true);
	}
}

void lend_boot(void)
{
	proc_grow_hook = grow;
	proc_top_freed_hook = top_freed;
	proc_draw_hook = draw_exact;
}

void lend_root(struct proc *root)
{
	root->limit = root->budget.total;
	root->guarantee = 0;
	pid_cost = root->budget.total / (MAX_PROCS - 1);
}

/* ---- fork and reap ------------------------------------------------------------ */

/* Whether every budget from p up may count one process more. */
static bool pids_allow(struct proc *p)
{
	for (; p; p = lender(p))
		if (pid_cost && (uint64_t)(p->nprocs + 1) * pid_cost > p->limit)
			return false;
	return true;
}

static void count_procs(struct proc *p, int delta)
{
	for (; p; p = lender(p))
		p->nprocs += (uint32_t)delta;
}

/* The limit and guarantee a new budget gets, or false (EINVAL: a
 * guarantee above the limit, a limit below the first block or above the
 * largest). A default guarantee is cut to the limit instead. */
static bool new_terms(const struct proc *parent, uint64_t *limit, uint64_t *guarantee,
                      unsigned flags)
{
	bool asked = *guarantee != 0;
	if (*guarantee > SIZE(BUDGET_MAX_ORDER))
		return false;
	if (flags & PX_FORK_SESSION) {
		uint64_t keep = (uint64_t)CONFIG_PX_INIT_KEEP_KB << 10;
		*limit = parent->limit > keep ? parent->limit - keep : 0;
		if (!asked)
			*guarantee = (uint64_t)CONFIG_PX_SESSION_GUARANTEE_KB << 10;
	} else if (!*limit && parent->job_percent) {
		*limit = parent->limit / 100 * parent->job_percent;
		if (!asked)
			*guarantee = parent->job_guarantee;
	} else if (!*limit) {
		*limit = parent->limit;
	}
	*limit &= ~(PAGE_BYTES - 1);
	*guarantee = (*guarantee + PAGE_BYTES - 1) & ~(PAGE_BYTES - 1);
	if (*guarantee > *limit) {
		if (asked)
			return false;
		*guarantee = *limit;
	}
	return *limit >= SIZE(LEND_FIRST_ORDER) && *limit <= SIZE(BUDGET_MAX_ORDER);
}

/* Lends c blocks of m's budget until c holds `bytes`. */
static bool lend_upto(struct proc *m, struct proc *c, uint64_t bytes)
{
	while (c->budget.total < bytes) {
		uint64_t left = bytes - c->budget.total;
		unsigned o = left < PAGE_BYTES ? 12 : budget_floor_order(left);
		if (o > 21)
			o = 21;
		if (!lend_block(m, c, o))
			return false;
	}
	return true;
}

struct proc *lend_new_budget(struct proc *parent, uint64_t limit, uint64_t guarantee,
                             unsigned flags, long *err)
{
	*err = -PX_EINVAL;
	if (flags & ~(unsigned)(PX_FORK_SESSION | PX_FORK_AGENT) ||
	    !new_terms(parent, &limit, &guarantee, flags))
		return 0;
	*err = -PX_EAGAIN;
	if (!pids_allow(parent) || !proc_reserve_slots(parent)) {
		parent->budget.refused++;
		return 0;
	}
	budget_slot_t first = budget_lend(&parent->budget, LEND_FIRST_ORDER);
	if (first == BUDGET_NONE)
		return 0;
	struct proc *c = proc_create(CAP(parent->pid, first), LEND_FIRST_ORDER);
	if (!c) {
		budget_free(&parent->budget, first);
		return 0;
	}
	c->first_lent = first;
	c->mem_parent = parent->pid;
	c->limit = limit;
	c->guarantee = guarantee;
	parent->nborrowers++;
	parent->child_guarantees += guarantee;
	count_procs(parent, 1);
	if (flags & PX_FORK_SESSION) {
		c->job_percent = CONFIG_PX_JOB_LIMIT_PERCENT;
		c->job_guarantee = (uint64_t)CONFIG_PX_JOB_GUARANTEE_KB << 10;
	}
	if (flags & PX_FORK_AGENT)
		c->agent_for = parent->pid;
	if (!lend_upto(parent, c, guarantee)) {
		lend_return(c);
		return 0;
	}
	return c;
}

struct proc *lend_return(struct proc *c)
{
	struct proc *m = proc_get(c->mem_parent);
	/* Copied out: the record is in the first block. */
	budget_slot_t ls = c->lent_head, first = c->first_lent;
	uint64_t guarantee = c->guarantee;
	proc_release(c);
	while (ls != BUDGET_NONE) {
		budget_slot_t next = (budget_slot_t)proc_meta(m, ls)->tag;
		budget_free(&m->budget, ls); /* c's cap goes with it */
		ls = next;
	}
	budget_free(&m->budget, first); /* c's book and record too */
	m->nborrowers--;
	m->child_guarantees -= guarantee;
	count_procs(m, -1);
	proc_trim_book(m);
	return m;
}

/* ---- changing a budget ------------------------------------------------------- */

/* The running process pid whose budget caller may change, or NULL with
 * *err set: its lender may, and the lender's agent. */
static struct proc *changeable(struct proc *caller, uint64_t pid, long *err)
{
	struct proc *c = proc_get(pid);
	*err = -PX_ESRCH;
	if (!c || c->state != PROC_RUNNING)
		return 0;
	*err = -PX_EPERM;
	if (c->mem_parent != caller->pid &&
	    !(caller->agent_for && c->mem_parent == caller->agent_for && c != caller))
		return 0;
	return lender(c) ? c : 0;
}

long lend_grow(struct proc *caller, uint64_t pid, uint64_t bytes)
{
	long err;
	struct proc *c = changeable(caller, pid, &err);
	if (!c)
		return err;
	if (bytes == 0 || bytes % PAGE_BYTES || bytes > SIZE(BUDGET_MAX_ORDER) - c->limit ||
	    c->limit + bytes > SIZE(BUDGET_MAX_ORDER))
		return -PX_EINVAL;
	c->limit += bytes;
	return 0;
}

long lend_shrink(struct proc *caller, uint64_t pid, uint64_t bytes, uint64_t *could)
{
	long err;
	struct proc *c = changeable(caller, pid, &err);
	*could = 0;
	if (!c)
		return err;
	lend_settle(c); /* what it holds free goes back first */
	uint64_t floor = c->budget.total;
	*could = c->limit > floor ? c->limit - floor : 0;
	uint64_t taken = (bytes < *could ? bytes : *could) & ~(PAGE_BYTES - 1);
	c->limit -= taken;
	if (c->guarantee > c->limit) {
		lender(c)->child_guarantees -= c->guarantee - c->limit;
		c->guarantee = c->limit;
	}
	return (long)taken;
}

long lend_guarantee(struct proc *caller, uint64_t pid, uint64_t bytes)
{
	long err;
	struct proc *c = changeable(caller, pid, &err);
	if (!c)
		return err;
	if (bytes % PAGE_BYTES || bytes > c->limit)
		return -PX_EINVAL;
	struct proc *m = lender(c);
	uint64_t old = c->guarantee;
	c->guarantee = bytes;
	m->child_guarantees = m->child_guarantees - old + bytes;
	if (!lend_upto(m, c, bytes)) {
		m->child_guarantees = m->child_guarantees - bytes + old;
		c->guarantee = old;
		return -PX_ENOMEM;
	}
	return 0;
}

void lend_moving(const struct proc *p)
{
	struct proc *heir = moving ? lender(moving) : 0;
	moving = p;
	/* Done: an heir left over its limit gives back what it can. */
	if (!p && heir && heir->budget.total > heir->limit)
		lend_settle(heir);
}

unsigned lend_heirs(const struct proc *p, struct proc *heirs[], unsigned max)
{
	for (struct proc *a = proc_get(p->mem_parent); a && max; a = proc_get(a->mem_parent)) {
		if (a->state == PROC_RUNNING) {
			heirs[0] = a;
			return 1;
		}
	}
	return 0;
}
