/* Budget lending (lend.h): how much of a parent's budget a child gets, in
 * which blocks, how it grows and shrinks, and where it goes back. Each
 * block lent is whole: an untyped of the lender's budget, retyped into
 * the borrower's book as a top block of its budget. */
#include "personality/lend.h"

#include <generated/config.h>
#include <rn/cnode.h>
#include <rn/px.h>

#include "kernel/string.h"

/* The child's share: the first block (which holds its records) is the
 * largest power of two in it the parent has free; the rest follows in
 * blocks, largest first, while the parent has them. */
static unsigned share_order(const struct proc *parent, uint64_t bytes)
{
	int largest = budget_largest_free_order(&parent->budget);
	unsigned order = budget_floor_order(bytes);
	return largest < 0 ? 0 : order < (unsigned)largest ? order : (unsigned)largest;
}

/* Lends c up to `bytes` more of parent's budget in blocks, largest
 * first, while c has fewer than max_blocks. Returns the bytes lent. */
static uint64_t lend_more(struct proc *parent, struct proc *c, uint64_t bytes, uint32_t max_blocks)
{
	uint64_t left = bytes;
	while (left >= 4096 && c->nlent < max_blocks) {
		unsigned o = share_order(parent, left);
		if (o < 12 || !proc_reserve_slots(parent))
			break;
		budget_slot_t more = budget_lend(&parent->budget, o);
		if (more == BUDGET_NONE)
			break;
		budget_slot_t top = proc_add_block(c, CAP(parent->pid, more), o);
		if (top == BUDGET_NONE) {
			budget_free(&parent->budget, more);
			break;
		}
		c->lent[c->nlent] = more;
		c->lent_top[c->nlent++] = top;
		left -= 1ul << o;
	}
	return bytes - left;
}

/* Gives c's i-th lent block back to its lender: the block must be whole
 * and free in c's budget. Returns its size, or 0. */
static uint64_t give_back(struct proc *m, struct proc *c, uint32_t i)
{
	budget_slot_t top = c->lent_top[i];
	if (top == BUDGET_NONE)
		return 0;
	uint64_t size = 1ul << proc_meta(c, top)->order;
	if (!budget_take_top(&c->budget, top))
		return 0;
	proc_slot_free(c, top);
	budget_free(&m->budget, c->lent[i]); /* the revoke deletes c's cap */
	for (uint32_t j = i; j + 1 < c->nlent; j++) {
		c->lent[j] = c->lent[j + 1];
		c->lent_top[j] = c->lent_top[j + 1];
	}
	c->nlent--;
	return size;
}

/* The running process pid whose budget caller may change, or NULL; *lender
 * is the budget it was lent from. That is the caller's own, or the
 * caller's budget parent's: a child acts for its parent, as `quota -g`
 * run by the shell acts for the shell on the shell's other jobs. */
static struct proc *budget_child(struct proc *caller, uint64_t pid, struct proc **lender)
{
	struct proc *c = proc_get(pid);
	if (!c || c->state != PROC_RUNNING || c == caller ||
	    (c->mem_parent != caller->pid && c->mem_parent != caller->mem_parent))
		return 0;
	*lender = proc_get(c->mem_parent);
	return *lender && (*lender)->state == PROC_RUNNING ? c : 0;
}

long lend_grow(struct proc *caller, uint64_t pid, uint64_t bytes)
{
	struct proc *m;
	struct proc *c = budget_child(caller, pid, &m);
	if (!c)
		return -PX_ESRCH;
	if (bytes == 0 || bytes % 4096 || bytes > m->budget.free)
		return bytes > m->budget.free ? -PX_ENOMEM : -PX_EINVAL;
	/* All or nothing: what was lent goes back if the rest cannot be. */
	uint32_t before = c->nlent;
	uint64_t lent = lend_more(m, c, bytes, PROC_MAX_LENT);
	if (lent == bytes)
		return 0;
	while (c->nlent > before)
		give_back(m, c, c->nlent - 1);
	return -PX_ENOMEM;
}

long lend_shrink(struct proc *caller, uint64_t pid, uint64_t bytes, uint64_t *could)
{
	struct proc *m;
	struct proc *c = budget_child(caller, pid, &m);
	*could = 0;
	if (!c)
		return -PX_ESRCH;
	for (uint32_t i = 1; i < c->nlent; i++) {
		const struct budget_block *b = proc_meta(c, c->lent_top[i]);
		if (b->state == BUDGET_FREE && b->parent == BUDGET_NONE)
			*could += 1ul << b->order;
	}
	/* Whole free blocks only, largest that fit first (lent largest
	 * first, so from the front). */
	uint64_t taken = 0;
	for (uint32_t i = 1; i < c->nlent;) {
		uint64_t size = 1ul << proc_meta(c, c->lent_top[i])->order;
		if (taken + size <= bytes && give_back(m, c, i) == size) {
			taken += size;
			continue; /* the next block moved into i */
		}
		i++;
	}
	return (long)taken;
}

struct proc *lend_new_budget(struct proc *parent, uint64_t bytes)
{
	/* An asked-for size is met exactly (to the page); the default share
	 * in at most 4 blocks, enough to come within 1/8 of it, since every
	 * block costs fork a few thousand instructions. */
	uint32_t max_blocks = bytes ? PROC_MAX_LENT : 4;
	if (!bytes) {
		bytes = parent->budget.free / 100 * CONFIG_PX_FORK_SHARE_PERCENT;
		if (bytes > (uint64_t)CONFIG_PX_FORK_MAX_KB << 10)
			bytes = (uint64_t)CONFIG_PX_FORK_MAX_KB << 10;
		if (bytes < (uint64_t)CONFIG_PX_FORK_MIN_KB << 10)
			bytes = (uint64_t)CONFIG_PX_FORK_MIN_KB << 10;
	}
	bytes &= ~0xffful;
	/* A share the budget cannot give is a refused allocation, as quota
	 * shows it (a fork bomb's EAGAINs). */
	unsigned order = bytes > parent->budget.free ? 0 : share_order(parent, bytes);
	if (bytes < (uint64_t)CONFIG_PX_FORK_MIN_KB << 10 || bytes > (1ul << BUDGET_MAX_ORDER) ||
	    order < 16) { /* proc_create needs 64 KiB for the records and a start */
		parent->budget.refused++;
		return 0;
	}
	if (!proc_reserve_slots(parent))
		return 0;
	budget_slot_t lent = budget_lend(&parent->budget, order);
	if (lent == BUDGET_NONE)
		return 0;
	struct proc *c = proc_create(CAP(parent->pid, lent), order);
	if (!c) {
		budget_free(&parent->budget, lent);
		return 0;
	}
	c->lent[0] = lent;
	c->lent_top[0] = BUDGET_NONE;
	c->nlent = 1;
	lend_more(parent, c, bytes - (1ul << order), max_blocks);
	c->mem_parent = parent->pid;
	parent->nborrowers++;
	return c;
}

struct proc *lend_return(struct proc *c)
{
	struct proc *m = proc_get(c->mem_parent);
	/* Copied out: the record is in the first block. */
	budget_slot_t lent[PROC_MAX_LENT];
	uint32_t n = c->nlent;
	memcpy(lent, c->lent, sizeof(lent));
	proc_release(c);
	for (uint32_t i = n; i-- > 0;)
		budget_free(&m->budget, lent[i]); /* c's book and record go too */
	m->nborrowers--;
	return m;
}

unsigned lend_heirs(const struct proc *p, struct proc *heirs[], unsigned max)
{
	unsigned n = 0;
	for (struct proc *a = proc_get(p->mem_parent); a && n < max; a = proc_get(a->mem_parent)) {
		if (a->state == PROC_RUNNING)
			heirs[n++] = a;
	}
	return n;
}
