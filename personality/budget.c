/* A process's budget: a buddy system over untyped caps (budget.h).
 *
 *   top block (order k, FREE)      budget_alloc(k - 2)
 *        |                   ->    top (SPLIT)
 *                                  +-- lo (SPLIT)
 *                                  |   +-- lo (ALLOC)  <- returned
 *                                  |   +-- hi (FREE, on free_head[k - 2])
 *                                  +-- hi (FREE, on free_head[k - 1])
 *
 * Allocation does the kernel work first and the bookkeeping last: it takes
 * every slot it needs, then splits; only when every split succeeded does it
 * touch metadata, lists and counters. A failure on the way is undone with
 * one revoke of the block it started from (which deletes every half made
 * in this call) and the slots go back in reverse order, so the budget and
 * the book are exactly as before. */
#include "personality/budget.h"
#include <stdbool.h>
#include <stddef.h>

#define SIZE(order)    ((uint64_t)1 << (order))
#define MAX_SPLITS     (BUDGET_MAX_ORDER - BUDGET_MIN_ORDER)
#define MAX_LIST_STEPS (1u << 20) /* budget_check gives up on a longer list */

static struct budget_block *blk(const struct budget *b, budget_slot_t slot)
{
	return b->ops->block(b->ctx, slot);
}

static void list_push(struct budget *b, budget_slot_t slot)
{
	struct budget_block *m = blk(b, slot);
	budget_slot_t head = b->free_head[m->order];
	m->state = BUDGET_FREE;
	m->prev = BUDGET_NONE;
	m->next = head;
	if (head != BUDGET_NONE)
		blk(b, head)->prev = slot;
	b->free_head[m->order] = slot;
}

static void list_remove(struct budget *b, budget_slot_t slot)
{
	struct budget_block *m = blk(b, slot);
	if (m->prev != BUDGET_NONE)
		blk(b, m->prev)->next = m->next;
	else
		b->free_head[m->order] = m->next;
	if (m->next != BUDGET_NONE)
		blk(b, m->next)->prev = m->prev;
	m->next = m->prev = BUDGET_NONE;
}

/* Metadata of a block that is not (yet) on a list; the caller's fields
 * start at 0. Field by field: no memset in a freestanding build. */
static void set_block(struct budget *b, budget_slot_t slot, budget_slot_t parent,
                      budget_slot_t buddy, unsigned order, enum budget_state state)
{
	struct budget_block *m = blk(b, slot);
	m->next = m->prev = BUDGET_NONE;
	m->parent = parent;
	m->buddy = buddy;
	m->order = (uint8_t)order;
	m->state = (uint8_t)state;
	m->kind = 0;
	m->flags = 0;
	m->obj = 0;
	m->tag = 0;
}

static void note_peak(struct budget *b)
{
	uint64_t in_use = b->total - b->free;
	if (in_use > b->peak)
		b->peak = in_use;
}

void budget_init(struct budget *b, const struct budget_ops *ops, void *ctx)
{
	b->ops = ops;
	b->ctx = ctx;
	for (unsigned i = 0; i <= BUDGET_MAX_ORDER; i++)
		b->free_head[i] = BUDGET_NONE;
	b->total = b->free = b->lent = b->peak = b->refused = 0;
	for (unsigned k = 0; k < BUDGET_KIND_COUNT; k++)
		b->used[k] = 0;
}

void budget_add_top(struct budget *b, budget_slot_t slot, unsigned order)
{
	/* A block outside the orders the lists hold is a caller bug; the
	 * budget ignores it rather than corrupt its lists. */
	if (order < BUDGET_MIN_ORDER || order > BUDGET_MAX_ORDER || slot == BUDGET_NONE)
		return;
	set_block(b, slot, BUDGET_NONE, BUDGET_NONE, order, BUDGET_FREE);
	list_push(b, slot);
	b->total += SIZE(order);
	b->free += SIZE(order);
}

void budget_add_reserved(struct budget *b, uint64_t bytes, enum budget_kind kind)
{
	if ((unsigned)kind >= BUDGET_KIND_COUNT)
		return;
	b->total += bytes;
	b->used[kind] += bytes;
	note_peak(b);
}

/* Gives `n` slots back, last taken first, so the caller's slot allocator
 * ends exactly as it was. */
static void give_back(struct budget *b, const budget_slot_t *slots, unsigned n)
{
	while (n > 0)
		b->ops->slot_free(b->ctx, slots[--n]);
}

/* budget_alloc and budget_lend: a block of 2^order bytes in `state`. */
static budget_slot_t take(struct budget *b, unsigned order, enum budget_state state,
                          enum budget_kind kind)
{
	budget_slot_t slots[2 * MAX_SPLITS]; /* lo, hi of each split, top down */

	if (order < BUDGET_MIN_ORDER || order > BUDGET_MAX_ORDER ||
	    (unsigned)kind >= BUDGET_KIND_COUNT)
		return BUDGET_NONE;

	unsigned from = order;
	while (from <= BUDGET_MAX_ORDER && b->free_head[from] == BUDGET_NONE)
		from++;
	if (from > BUDGET_MAX_ORDER && b->ops->grow && b->ops->grow(b->ctx, order)) {
		from = order;
		while (from <= BUDGET_MAX_ORDER && b->free_head[from] == BUDGET_NONE)
			from++;
	}
	if (from > BUDGET_MAX_ORDER) {
		b->refused++;
		return BUDGET_NONE;
	}
	budget_slot_t top = b->free_head[from];
	unsigned n = 2 * (from - order);

	/* The kernel work: slots, then splits, top down, always splitting lo. */
	for (unsigned i = 0; i < n; i++) {
		slots[i] = b->ops->slot_alloc(b->ctx);
		if (slots[i] == BUDGET_NONE) {
			give_back(b, slots, i);
			return BUDGET_NONE;
		}
	}
	budget_slot_t cur = top;
	for (unsigned k = from, i = 0; k > order; k--, i += 2) {
		if (b->ops->split(b->ctx, cur, k, slots[i], slots[i + 1]) != 0) {
			/* Revoking the first block deletes every half made so far.
			 * It cannot fail for a block the budget holds; if it did,
			 * the stray caps would make later splits of it refuse. */
			if (i > 0)
				(void)b->ops->revoke(b->ctx, top);
			give_back(b, slots, n);
			return BUDGET_NONE;
		}
		cur = slots[i];
	}

	/* The bookkeeping: nothing below can fail. */
	list_remove(b, top);
	cur = top;
	for (unsigned k = from, i = 0; k > order; k--, i += 2) {
		budget_slot_t lo = slots[i], hi = slots[i + 1];
		blk(b, cur)->state = BUDGET_SPLIT;
		set_block(b, lo, cur, hi, k - 1, BUDGET_FREE);
		set_block(b, hi, cur, lo, k - 1, BUDGET_FREE);
		list_push(b, hi);
		cur = lo;
	}
	struct budget_block *m = blk(b, cur);
	m->state = (uint8_t)state;
	m->kind = (uint8_t)kind;
	m->flags = 0;
	m->obj = 0;
	m->tag = 0;
	b->free -= SIZE(order);
	if (state == BUDGET_LENT)
		b->lent += SIZE(order);
	else
		b->used[kind] += SIZE(order);
	note_peak(b);
	return cur;
}

budget_slot_t budget_alloc(struct budget *b, unsigned order, enum budget_kind kind)
{
	return take(b, order, BUDGET_ALLOC, kind);
}

budget_slot_t budget_lend(struct budget *b, unsigned order)
{
	return take(b, order, BUDGET_LENT, BUDGET_KERNEL);
}

/* Marks a slot's metadata unused and gives the slot back. */
static void drop_slot(struct budget *b, budget_slot_t slot)
{
	set_block(b, slot, BUDGET_NONE, BUDGET_NONE, 0, BUDGET_EMPTY);
	b->ops->slot_free(b->ctx, slot);
}

void budget_free(struct budget *b, budget_slot_t slot)
{
	if (slot == BUDGET_NONE)
		return;
	struct budget_block *m = blk(b, slot);
	if (m == NULL || (m->state != BUDGET_ALLOC && m->state != BUDGET_LENT) ||
	    m->kind >= BUDGET_KIND_COUNT)
		return; /* not a block handed out: a caller bug */
	/* Until the revoke has destroyed its objects the memory is in use:
	 * if it fails, the block stays allocated rather than be reused. */
	if (b->ops->revoke(b->ctx, slot) != 0)
		return;
	uint64_t size = SIZE(m->order);
	if (m->state == BUDGET_LENT)
		b->lent -= size;
	else
		b->used[m->kind] -= size;
	b->free += size;
	m->state = BUDGET_FREE;

	/* Merge with free buddies; each round goes one order up, so the
	 * bound only matters if the metadata is corrupt. */
	for (unsigned round = 0; round <= MAX_SPLITS; round++) {
		m = blk(b, slot);
		if (m->parent == BUDGET_NONE)
			break;
		budget_slot_t parent = m->parent, buddy = m->buddy;
		struct budget_block *bm = blk(b, buddy);
		if (bm->state != BUDGET_FREE || bm->order != m->order)
			break;
		/* Revoking the parent deletes both halves' caps. */
		if (b->ops->revoke(b->ctx, parent) != 0)
			break;
		list_remove(b, buddy);
		drop_slot(b, slot);
		drop_slot(b, buddy);
		blk(b, parent)->state = BUDGET_FREE;
		slot = parent;
	}
	list_push(b, slot);
	if (blk(b, slot)->parent == BUDGET_NONE && b->ops->top_freed)
		b->ops->top_freed(b->ctx, slot);
}

bool budget_alloc_top(struct budget *b, budget_slot_t slot, enum budget_kind kind)
{
	struct budget_block *m = blk(b, slot);
	if (m->state != BUDGET_FREE || m->parent != BUDGET_NONE ||
	    (unsigned)kind >= BUDGET_KIND_COUNT)
		return false;
	list_remove(b, slot);
	m->state = BUDGET_ALLOC;
	m->kind = (uint8_t)kind;
	b->free -= SIZE(m->order);
	b->used[kind] += SIZE(m->order);
	note_peak(b);
	return true;
}

bool budget_take_top(struct budget *b, budget_slot_t slot)
{
	struct budget_block *m = blk(b, slot);
	if (m->state != BUDGET_FREE || m->parent != BUDGET_NONE)
		return false;
	list_remove(b, slot);
	b->total -= SIZE(m->order);
	b->free -= SIZE(m->order);
	m->state = BUDGET_EMPTY;
	return true;
}

int budget_largest_free_order(const struct budget *b)
{
	for (int k = BUDGET_MAX_ORDER; k >= BUDGET_MIN_ORDER; k--)
		if (b->free_head[k] != BUDGET_NONE)
			return k;
	return -1;
}

/* What budget_check returns, one per broken invariant. */
enum {
	CHECK_OK = 0,
	CHECK_LOW_ORDER_LIST, /* a list below BUDGET_MIN_ORDER is not empty */
	CHECK_NO_METADATA,    /* ops->block gave NULL for a listed slot */
	CHECK_STATE,          /* a listed block is not FREE */
	CHECK_ORDER,          /* a listed block is on the wrong order's list */
	CHECK_LINKS,          /* prev does not point back */
	CHECK_LIST_TOO_LONG,  /* a list has a cycle (or is absurdly long) */
	CHECK_FREE_SUM,       /* the listed blocks do not add up to free */
	CHECK_TOTAL_SUM,      /* total != free + used[] + lent */
	CHECK_PEAK,           /* peak < total - free */
};

static int check_list(const struct budget *b, unsigned order, uint64_t *sum)
{
	budget_slot_t prev = BUDGET_NONE, cur = b->free_head[order];
	for (uint32_t steps = 0; cur != BUDGET_NONE; steps++) {
		if (steps >= MAX_LIST_STEPS)
			return CHECK_LIST_TOO_LONG;
		const struct budget_block *m = blk(b, cur);
		if (m == NULL)
			return CHECK_NO_METADATA;
		if (m->state != BUDGET_FREE)
			return CHECK_STATE;
		if (m->order != order)
			return CHECK_ORDER;
		if (m->prev != prev)
			return CHECK_LINKS;
		*sum += SIZE(order);
		prev = cur;
		cur = m->next;
	}
	return CHECK_OK;
}

int budget_check(const struct budget *b)
{
	uint64_t free_sum = 0;
	for (unsigned k = 0; k < BUDGET_MIN_ORDER; k++)
		if (b->free_head[k] != BUDGET_NONE)
			return CHECK_LOW_ORDER_LIST;
	for (unsigned k = BUDGET_MIN_ORDER; k <= BUDGET_MAX_ORDER; k++) {
		int err = check_list(b, k, &free_sum);
		if (err)
			return err;
	}
	if (free_sum != b->free)
		return CHECK_FREE_SUM;
	uint64_t held = b->free + b->lent;
	for (unsigned k = 0; k < BUDGET_KIND_COUNT; k++)
		held += b->used[k];
	if (held != b->total)
		return CHECK_TOTAL_SUM;
	if (b->peak < b->total - b->free)
		return CHECK_PEAK;
	return CHECK_OK;
}

bool budget_move_block(struct budget *b, budget_slot_t from, budget_slot_t to,
                       const budget_slot_t halves[2])
{
	struct budget_block *f = blk(b, from), *t = blk(b, to);
	if (!f || !t || t->state != BUDGET_EMPTY ||
	    (f->state != BUDGET_FREE && f->state != BUDGET_SPLIT))
		return false;
	bool free = f->state == BUDGET_FREE;
	if (free)
		list_remove(b, from);
	*t = *f;
	/* A top block's buddy field is its lender's; a half's is the other
	 * half, which now finds it here. */
	if (t->parent != BUDGET_NONE)
		blk(b, t->buddy)->buddy = to;
	if (!free) {
		blk(b, halves[0])->parent = to;
		blk(b, halves[1])->parent = to;
	}
	if (free)
		list_push(b, to);
	set_block(b, from, BUDGET_NONE, BUDGET_NONE, 0, BUDGET_EMPTY);
	return true;
}
