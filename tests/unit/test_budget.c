/* The budget's buddy allocator (personality/budget.c) against a fake
 * kernel: a book of slots, each holding metadata and perhaps a fake
 * untyped cap (base, order, its two halves if split, objects made from
 * it). After every step the fake's caps must agree with the budget's
 * metadata and counters; a refused call must leave both exactly as they
 * were. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "personality/budget.h"

#define NSLOTS   4096
#define NOBODY   BUDGET_NONE
#define SIZE(o)  ((uint64_t)1 << (o))
#define FAKE_ERR 7 /* any kernel error */

struct fake_cap {
	bool live;
	bool split; /* retyped into two halves, lo and hi */
	uint8_t order;
	uint32_t parent; /* NOBODY for a top block */
	uint32_t lo, hi;
	uint32_t objects; /* objects made from it (tests set this) */
	uint64_t base;
};

/* Everything a refused call must leave untouched. */
struct fake_state {
	struct budget_block meta[NSLOTS];
	struct fake_cap cap[NSLOTS];
	bool in_use[NSLOTS];
	uint32_t stack[NSLOTS]; /* free slots; the next one is stack[nfree - 1] */
	uint32_t nfree;
};

/* Failure injection and counters, outside the compared state. */
static struct {
	int slots_left;   /* slot_alloc gives this many more; -1: no limit */
	int splits_left;  /* split succeeds this many more times; -1: always */
	int revokes_left; /* revoke succeeds this many more times; -1: always */
	unsigned splits, revokes, destroyed;
} ctl;

static struct fake_state fk, snap_fk;
static struct budget bud, snap_bud;

static struct budget_block *f_block(void *ctx, budget_slot_t s)
{
	cr_assert_lt(s, NSLOTS, "block(%u)", s);
	return &fk.meta[s];
}

static budget_slot_t f_slot_alloc(void *ctx)
{
	if (ctl.slots_left == 0 || fk.nfree == 0)
		return BUDGET_NONE;
	if (ctl.slots_left > 0)
		ctl.slots_left--;
	uint32_t s = fk.stack[--fk.nfree];
	fk.in_use[s] = true;
	return s;
}

static void f_slot_free(void *ctx, budget_slot_t s)
{
	cr_assert(s < NSLOTS && fk.in_use[s], "slot_free(%u) of a free slot", s);
	cr_assert(!fk.cap[s].live, "slot_free(%u) of a slot that holds a cap", s);
	fk.in_use[s] = false;
	fk.stack[fk.nfree++] = s;
}

static void make_cap(uint32_t s, uint64_t base, unsigned order, uint32_t parent)
{
	struct fake_cap *c = &fk.cap[s];
	c->live = true;
	c->split = false;
	c->order = (uint8_t)order;
	c->parent = parent;
	c->lo = c->hi = NOBODY;
	c->objects = 0;
	c->base = base;
}

static int f_split(void *ctx, budget_slot_t s, unsigned order, budget_slot_t lo, budget_slot_t hi)
{
	struct fake_cap *c = &fk.cap[s];
	cr_assert(s < NSLOTS && c->live && !c->split && c->objects == 0, "split(%u)", s);
	cr_assert_eq(c->order, order, "split(%u) of order %u given %u", s, c->order, order);
	cr_assert(lo != hi && fk.in_use[lo] && fk.in_use[hi], "split into unowned slots");
	cr_assert(!fk.cap[lo].live && !fk.cap[hi].live, "split into occupied slots");
	if (ctl.splits_left == 0)
		return FAKE_ERR;
	if (ctl.splits_left > 0)
		ctl.splits_left--;
	ctl.splits++;
	make_cap(lo, c->base, order - 1, s);
	make_cap(hi, c->base + SIZE(order - 1), order - 1, s);
	c->split = true;
	c->lo = lo;
	c->hi = hi;
	return 0;
}

/* Deletes the cap in `s` and everything derived from it. */
static void delete_tree(uint32_t s)
{
	struct fake_cap *c = &fk.cap[s];
	if (c->split) {
		delete_tree(c->lo);
		delete_tree(c->hi);
	}
	ctl.destroyed += c->objects;
	c->live = c->split = false;
	c->objects = 0;
}

static int f_revoke(void *ctx, budget_slot_t s)
{
	struct fake_cap *c = &fk.cap[s];
	cr_assert(s < NSLOTS && c->live, "revoke(%u) of no cap", s);
	if (ctl.revokes_left == 0)
		return FAKE_ERR;
	if (ctl.revokes_left > 0)
		ctl.revokes_left--;
	ctl.revokes++;
	if (c->split) {
		delete_tree(c->lo);
		delete_tree(c->hi);
	}
	ctl.destroyed += c->objects;
	c->split = false;
	c->lo = c->hi = NOBODY;
	c->objects = 0;
	return 0;
}

static const struct budget_ops fake_ops = {
	.block = f_block,
	.slot_alloc = f_slot_alloc,
	.slot_free = f_slot_free,
	.split = f_split,
	.revoke = f_revoke,
};

static void setup(void)
{
	memset(&fk, 0, sizeof(fk));
	memset(&ctl, 0, sizeof(ctl));
	for (uint32_t i = 0; i < NSLOTS; i++)
		fk.stack[i] = NSLOTS - 1 - i; /* slot 0 comes first */
	fk.nfree = NSLOTS;
	ctl.slots_left = ctl.splits_left = ctl.revokes_left = -1;
	budget_init(&bud, &fake_ops, NULL);
}

TestSuite(budget, .init = setup);

/* A top block of 2^order bytes at `base` in a fresh slot. */
static budget_slot_t top(unsigned order, uint64_t base)
{
	budget_slot_t s = f_slot_alloc(NULL);
	cr_assert_neq(s, BUDGET_NONE);
	make_cap(s, base, order, NOBODY);
	budget_add_top(&bud, s, order);
	return s;
}

static unsigned live_caps(void)
{
	unsigned n = 0;
	for (uint32_t s = 0; s < NSLOTS; s++)
		n += fk.cap[s].live;
	return n;
}

/* Does the fake kernel agree with the budget? NULL if so, else why not.
 * `reserved` is what budget_add_reserved counted in used[kind]. */
static const char *disagreement(uint64_t reserved, enum budget_kind kind)
{
	static char why[160];
	uint64_t by_state[BUDGET_LENT + 1] = { 0 }, by_kind[BUDGET_KIND_COUNT] = { 0 };
	uint32_t in_use = 0;
#define FAIL(...) return snprintf(why, sizeof(why), __VA_ARGS__), why
	for (uint32_t s = 0; s < NSLOTS; s++) {
		const struct budget_block *m = &fk.meta[s];
		const struct fake_cap *c = &fk.cap[s];
		if (!fk.in_use[s]) {
			if (m->state != BUDGET_EMPTY || c->live)
				FAIL("slot %u is free but has metadata or a cap", s);
			continue;
		}
		in_use++;
		if (!c->live || m->state == BUDGET_EMPTY)
			FAIL("slot %u is in use without a cap or metadata", s);
		if (m->state > BUDGET_LENT || m->order != c->order || m->parent != c->parent)
			FAIL("slot %u: metadata (order %u, parent %u) vs cap (%u, %u)", s, m->order,
			     m->parent, c->order, c->parent);
		if ((m->state == BUDGET_SPLIT) != c->split)
			FAIL("slot %u: state %u but the cap is %s split", s, m->state,
			     c->split ? "" : "not");
		if (c->objects && m->state != BUDGET_ALLOC)
			FAIL("slot %u has objects but is not allocated", s);
		if (m->parent != BUDGET_NONE) {
			if (m->buddy >= NSLOTS)
				FAIL("slot %u: buddy %u out of range", s, m->buddy);
			const struct fake_cap *bc = &fk.cap[m->buddy];
			if (!bc->live || bc->parent != c->parent ||
			    bc->base != (c->base ^ SIZE(c->order)) || fk.meta[m->buddy].buddy != s)
				FAIL("slot %u: buddy %u is not its other half", s, m->buddy);
		}
		if (m->state != BUDGET_SPLIT)
			by_state[m->state] += SIZE(m->order);
		if (m->state == BUDGET_ALLOC)
			by_kind[m->kind] += SIZE(m->order);
	}
	by_kind[kind] += reserved;
	if (in_use + fk.nfree != NSLOTS)
		FAIL("%u slots in use + %u free != %u", in_use, fk.nfree, NSLOTS);
	if (by_state[BUDGET_FREE] != bud.free || by_state[BUDGET_LENT] != bud.lent)
		FAIL("free/lent blocks hold %lu/%lu, budget says %lu/%lu",
		     (unsigned long)by_state[BUDGET_FREE], (unsigned long)by_state[BUDGET_LENT],
		     (unsigned long)bud.free, (unsigned long)bud.lent);
	for (unsigned k = 0; k < BUDGET_KIND_COUNT; k++)
		if (by_kind[k] != bud.used[k])
			FAIL("kind %u: blocks hold %lu, budget says %lu", k,
			     (unsigned long)by_kind[k], (unsigned long)bud.used[k]);
#undef FAIL
	return NULL;
}

#define expect_sound()                                                                             \
	do {                                                                                       \
		cr_assert_eq(budget_check(&bud), 0, "budget_check: %d", budget_check(&bud));       \
		const char *why_ = disagreement(0, BUDGET_KERNEL);                                 \
		cr_assert_null(why_, "%s", why_);                                                  \
	} while (0)

static void snapshot(void)
{
	snap_bud = bud;
	memcpy(&snap_fk, &fk, sizeof(fk));
}

static bool same_caps(const struct fake_cap *a, const struct fake_cap *b)
{
	if (!a->live && !b->live)
		return true; /* what a deleted cap held does not matter */
	return a->live == b->live && a->split == b->split && a->order == b->order &&
	       a->parent == b->parent && a->lo == b->lo && a->hi == b->hi &&
	       a->objects == b->objects && a->base == b->base;
}

/* Everything as at snapshot(), but `refused` counted `more` times more. */
static bool unchanged(uint64_t more)
{
	_Static_assert(sizeof(struct budget_block) == 32, "no padding: compared with memcmp");
	if (bud.ops != snap_bud.ops || bud.ctx != snap_bud.ctx ||
	    memcmp(bud.free_head, snap_bud.free_head, sizeof(bud.free_head)) ||
	    bud.total != snap_bud.total || bud.free != snap_bud.free ||
	    memcmp(bud.used, snap_bud.used, sizeof(bud.used)) || bud.lent != snap_bud.lent ||
	    bud.peak != snap_bud.peak || bud.refused != snap_bud.refused + more)
		return false;
	if (memcmp(fk.meta, snap_fk.meta, sizeof(fk.meta)) ||
	    memcmp(fk.in_use, snap_fk.in_use, sizeof(fk.in_use)) || fk.nfree != snap_fk.nfree ||
	    memcmp(fk.stack, snap_fk.stack, sizeof(fk.stack)))
		return false;
	for (uint32_t s = 0; s < NSLOTS; s++)
		if (!same_caps(&fk.cap[s], &snap_fk.cap[s]))
			return false;
	return true;
}

static void expect_only_top(budget_slot_t t, unsigned order)
{
	for (unsigned k = 0; k <= BUDGET_MAX_ORDER; k++)
		cr_expect_eq(bud.free_head[k], k == order ? t : BUDGET_NONE, "free list %u", k);
	cr_expect_eq(fk.meta[t].state, BUDGET_FREE);
	cr_expect_eq(bud.free, bud.total);
	cr_expect_eq(live_caps(), 1);
	cr_expect_eq(fk.nfree, NSLOTS - 1, "every slot but the top's is back");
}

#define BASE ((uint64_t)1 << 31)

Test(budget, add_top_makes_one_free_block)
{
	cr_expect_eq(budget_largest_free_order(&bud), -1);
	budget_slot_t t = top(20, BASE);
	const struct budget_block *m = &fk.meta[t];
	cr_expect_eq(m->state, BUDGET_FREE);
	cr_expect_eq(m->order, 20);
	cr_expect_eq(m->parent, BUDGET_NONE);
	cr_expect_eq(m->buddy, BUDGET_NONE);
	cr_expect_eq(bud.total, SIZE(20));
	cr_expect_eq(bud.free, SIZE(20));
	cr_expect_eq(budget_largest_free_order(&bud), 20);
	expect_only_top(t, 20);
	expect_sound();
}

Test(budget, alloc_of_the_exact_order_takes_the_block_whole)
{
	budget_slot_t t = top(12, BASE);
	cr_assert_eq(budget_alloc(&bud, 12, BUDGET_FRAMES), t);
	cr_expect_eq(fk.meta[t].state, BUDGET_ALLOC);
	cr_expect_eq(fk.meta[t].kind, BUDGET_FRAMES);
	cr_expect_eq(ctl.splits, 0);
	cr_expect_eq(fk.nfree, NSLOTS - 1, "no slot taken");
	cr_expect_eq(bud.used[BUDGET_FRAMES], SIZE(12));
	cr_expect_eq(bud.free, 0);
	cr_expect_eq(budget_largest_free_order(&bud), -1);
	expect_sound();
}

Test(budget, alloc_splits_into_buddies_at_the_right_addresses)
{
	budget_slot_t t = top(14, BASE);
	budget_slot_t s = budget_alloc(&bud, 12, BUDGET_KERNEL);
	cr_assert_neq(s, BUDGET_NONE);
	cr_expect_eq(ctl.splits, 2);
	cr_expect_eq(fk.meta[t].state, BUDGET_SPLIT);

	budget_slot_t half = fk.meta[s].parent; /* order 13, lower half of t */
	cr_assert_neq(half, BUDGET_NONE);
	cr_expect_eq(fk.meta[half].parent, t);
	cr_expect_eq(fk.meta[half].state, BUDGET_SPLIT);
	cr_expect_eq(fk.cap[half].base, BASE);

	cr_expect_eq(fk.cap[s].base, BASE, "the lower quarter is allocated");
	cr_expect_eq(fk.cap[s].order, 12);
	budget_slot_t q = fk.meta[s].buddy;
	cr_expect_eq(fk.cap[q].base, BASE + SIZE(12));
	cr_expect_eq(fk.meta[q].state, BUDGET_FREE);
	cr_expect_eq(bud.free_head[12], q);
	budget_slot_t h = fk.meta[half].buddy;
	cr_expect_eq(fk.cap[h].base, BASE + SIZE(13));
	cr_expect_eq(fk.meta[h].order, 13);
	cr_expect_eq(bud.free_head[13], h);
	cr_expect_eq(bud.free_head[14], BUDGET_NONE);

	cr_expect_eq(bud.used[BUDGET_KERNEL], SIZE(12));
	cr_expect_eq(bud.free, SIZE(14) - SIZE(12));
	cr_expect_eq(budget_largest_free_order(&bud), 13);
	expect_sound();
}

Test(budget, alloc_clears_the_callers_fields)
{
	top(12, BASE);
	budget_slot_t s = budget_alloc(&bud, 12, BUDGET_RECORDS);
	fk.meta[s].flags = 0xff;
	fk.meta[s].obj = 1234;
	fk.meta[s].tag = 0xdeadbeef;
	budget_free(&bud, s);
	cr_assert_eq(budget_alloc(&bud, 12, BUDGET_RECORDS), s);
	cr_expect_eq(fk.meta[s].flags, 0);
	cr_expect_eq(fk.meta[s].obj, 0);
	cr_expect_eq(fk.meta[s].tag, 0);
}

Test(budget, free_revokes_the_block_and_destroys_its_objects)
{
	budget_slot_t t = top(12, BASE);
	budget_slot_t s = budget_alloc(&bud, 12, BUDGET_KERNEL);
	fk.cap[s].objects = 3;
	budget_free(&bud, s);
	cr_expect_eq(ctl.revokes, 1);
	cr_expect_eq(ctl.destroyed, 3);
	cr_expect_eq(fk.cap[s].objects, 0);
	cr_expect_eq(bud.used[BUDGET_KERNEL], 0);
	expect_only_top(t, 12);
	expect_sound();
}

Test(budget, free_merges_buddies_back_into_the_top_block)
{
	budget_slot_t t = top(14, BASE);
	budget_slot_t a = budget_alloc(&bud, 12, BUDGET_KERNEL);
	budget_slot_t c = budget_alloc(&bud, 12, BUDGET_FRAMES);
	budget_slot_t d = budget_alloc(&bud, 13, BUDGET_RECORDS);
	cr_assert(a != BUDGET_NONE && c != BUDGET_NONE && d != BUDGET_NONE);
	cr_expect_eq(fk.meta[a].buddy, c, "the second order-12 block is the first's buddy");
	cr_expect_eq(bud.free, 0);

	budget_free(&bud, a); /* its buddy is allocated: no merge */
	cr_expect_eq(bud.free_head[12], a);
	expect_sound();
	budget_free(&bud, d); /* its buddy is split: no merge */
	cr_expect_eq(bud.free_head[13], d);
	expect_sound();
	budget_free(&bud, c); /* c + a, then that + d */
	expect_only_top(t, 14);
	for (unsigned k = 0; k < BUDGET_KIND_COUNT; k++)
		cr_expect_eq(bud.used[k], 0);
	expect_sound();
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

Test(budget, random_allocs_and_frees_keep_every_invariant_and_give_everything_back)
{
	enum { OPS = 4000, HELD_MAX = 256 };
	budget_slot_t t1 = top(20, BASE), t2 = top(17, (uint64_t)3 << 30);
	budget_slot_t held[HELD_MAX];
	unsigned nheld = 0, got = 0, refusals = 0, injected = 0;
	uint64_t rng = 0x9e3779b97f4a7c15u;

	for (int op = 0; op < OPS; op++) {
		uint64_t r = xorshift(&rng);
		if (nheld == 0 || (nheld < HELD_MAX && r % 8 < 5)) {
			unsigned order = BUDGET_MIN_ORDER + (unsigned)((r >> 8) % 12);
			switch ((r >> 16) % 16) { /* now and then a kernel failure */
			case 0:
				ctl.splits_left = (int)((r >> 20) % 3);
				break;
			case 1:
				ctl.slots_left = (int)((r >> 20) % 4);
				break;
			}
			bool room = budget_largest_free_order(&bud) >= (int)order;
			snapshot();
			budget_slot_t s =
			    (r >> 24) % 5 == 0
			        ? budget_lend(&bud, order)
			        : budget_alloc(&bud, order, (enum budget_kind)((r >> 28) % 3));
			injected += ctl.splits_left == 0 || ctl.slots_left == 0;
			ctl.splits_left = ctl.slots_left = -1;
			if (s == BUDGET_NONE) {
				refusals += !room;
				cr_assert(unchanged(room ? 0 : 1),
				          "op %d: a refused alloc changed state", op);
			} else {
				cr_assert(room, "op %d: allocated without a large enough block",
				          op);
				cr_assert_eq(fk.cap[s].order, order);
				if (fk.meta[s].state == BUDGET_ALLOC)
					fk.cap[s].objects = (uint32_t)(r >> 32) % 3;
				held[nheld++] = s;
				got++;
			}
		} else {
			unsigned i = (unsigned)((r >> 8) % nheld);
			budget_free(&bud, held[i]);
			held[i] = held[--nheld];
		}
		cr_assert_eq(budget_check(&bud), 0, "op %d: budget_check %d", op,
		             budget_check(&bud));
		const char *why = disagreement(0, BUDGET_KERNEL);
		cr_assert_null(why, "op %d: %s", op, why);
	}
	cr_expect_gt(got, OPS / 4, "the run allocates");
	cr_expect_gt(refusals, 0, "the run fills the budget");
	cr_expect_gt(injected, 0, "the run injects kernel failures");
	cr_expect_eq(bud.refused, refusals);

	while (nheld > 0)
		budget_free(&bud, held[--nheld]);
	expect_sound();
	for (unsigned k = 0; k <= BUDGET_MAX_ORDER; k++)
		if (k != 20 && k != 17)
			cr_expect_eq(bud.free_head[k], BUDGET_NONE, "free list %u", k);
	cr_expect_eq(bud.free_head[20], t1);
	cr_expect_eq(bud.free_head[17], t2);
	cr_expect_eq(bud.free, bud.total);
	cr_expect_eq(bud.total, SIZE(20) + SIZE(17));
	cr_expect_eq(live_caps(), 2);
	cr_expect_eq(fk.nfree, NSLOTS - 2);
}

Test(budget, refusal_when_no_block_is_large_enough_counts_and_changes_nothing)
{
	top(12, BASE);
	snapshot();
	cr_expect_eq(budget_alloc(&bud, 13, BUDGET_KERNEL), BUDGET_NONE);
	cr_expect(unchanged(1));
	cr_assert_neq(budget_alloc(&bud, 12, BUDGET_KERNEL), BUDGET_NONE);
	snapshot();
	cr_expect_eq(budget_lend(&bud, BUDGET_MIN_ORDER), BUDGET_NONE);
	cr_expect(unchanged(1));
	cr_expect_eq(bud.refused, 2);
	expect_sound();
}

Test(budget, slot_exhaustion_mid_split_changes_nothing)
{
	top(16, BASE);
	for (int limit = 0; limit < 2 * 4; limit++) { /* 16 -> 12 needs 8 slots */
		snapshot();
		ctl.slots_left = limit;
		cr_expect_eq(budget_alloc(&bud, 12, BUDGET_KERNEL), BUDGET_NONE, "%d slots", limit);
		cr_expect(unchanged(0), "%d slots: state changed", limit);
		cr_expect_eq(ctl.splits, 0, "no split before every slot is in hand");
	}
	ctl.slots_left = -1;
	cr_expect_neq(budget_alloc(&bud, 12, BUDGET_KERNEL), BUDGET_NONE);
	expect_sound();
}

Test(budget, split_failure_mid_way_changes_nothing)
{
	top(16, BASE);
	for (int ok = 0; ok < 4; ok++) { /* the (ok + 1)-th split fails */
		snapshot();
		ctl.splits = ctl.revokes = 0;
		ctl.splits_left = ok;
		cr_expect_eq(budget_alloc(&bud, 12, BUDGET_KERNEL), BUDGET_NONE);
		cr_expect(unchanged(0), "split %d failing changed state", ok + 1);
		cr_expect_eq(ctl.splits, (unsigned)ok);
		cr_expect_eq(ctl.revokes, ok > 0 ? 1u : 0u, "the halves made are revoked");
	}
	ctl.splits_left = -1;
	cr_expect_neq(budget_alloc(&bud, 12, BUDGET_KERNEL), BUDGET_NONE);
	expect_sound();
}

Test(budget, lent_blocks_are_counted_apart)
{
	budget_slot_t t = top(16, BASE);
	budget_slot_t l = budget_lend(&bud, 14);
	cr_assert_neq(l, BUDGET_NONE);
	cr_expect_eq(fk.meta[l].state, BUDGET_LENT);
	cr_expect_eq(bud.lent, SIZE(14));
	for (unsigned k = 0; k < BUDGET_KIND_COUNT; k++)
		cr_expect_eq(bud.used[k], 0);
	cr_expect_eq(bud.free, SIZE(16) - SIZE(14));
	cr_expect_eq(bud.peak, SIZE(14));
	expect_sound();
	budget_free(&bud, l);
	cr_expect_eq(bud.lent, 0);
	expect_only_top(t, 16);
	expect_sound();
}

Test(budget, alloc_prefers_the_smallest_sufficient_block)
{
	budget_slot_t big = top(16, BASE), small = top(13, BASE + SIZE(16)),
	              mid = top(14, BASE + 2 * SIZE(16));
	cr_expect_eq(budget_alloc(&bud, 13, BUDGET_KERNEL), small, "the exact fit, whole");
	budget_slot_t s = budget_alloc(&bud, 12, BUDGET_KERNEL);
	cr_expect_eq(fk.cap[s].base, fk.cap[mid].base, "split from the order-14 block");
	cr_expect_eq(fk.meta[mid].state, BUDGET_SPLIT);
	cr_expect_eq(fk.meta[big].state, BUDGET_FREE);
	s = budget_alloc(&bud, 14, BUDGET_KERNEL);
	cr_expect_eq(fk.cap[s].base, BASE, "only the order-16 block is large enough");
	cr_expect_eq(budget_largest_free_order(&bud), 15);
	expect_sound();
}

Test(budget, peak_is_the_highest_use)
{
	top(16, BASE);
	budget_slot_t a = budget_alloc(&bud, 14, BUDGET_KERNEL);
	budget_slot_t c = budget_alloc(&bud, 15, BUDGET_FRAMES);
	cr_expect_eq(bud.peak, SIZE(14) + SIZE(15));
	budget_free(&bud, a);
	budget_free(&bud, c);
	cr_expect_eq(bud.peak, SIZE(14) + SIZE(15), "peak stays");
	budget_alloc(&bud, 12, BUDGET_KERNEL);
	cr_expect_eq(bud.peak, SIZE(14) + SIZE(15));
	expect_sound();
}

Test(budget, add_reserved_counts_bytes_held_outside_the_blocks_as_used)
{
	top(16, BASE);
	budget_add_reserved(&bud, 1000, BUDGET_RECORDS);
	cr_expect_eq(bud.total, SIZE(16) + 1000);
	cr_expect_eq(bud.used[BUDGET_RECORDS], 1000);
	cr_expect_eq(bud.free, SIZE(16));
	cr_expect_eq(bud.peak, 1000);
	cr_expect_eq(budget_check(&bud), 0);
	const char *why = disagreement(1000, BUDGET_RECORDS);
	cr_expect_null(why, "%s", why);
	snapshot();
	budget_add_reserved(&bud, 1000, BUDGET_KIND_COUNT);
	cr_expect(unchanged(0), "an invalid kind is ignored");
}

Test(budget, invalid_orders_and_kinds_are_rejected_without_counting)
{
	top(16, BASE);
	snapshot();
	const unsigned bad[] = { 0, BUDGET_MIN_ORDER - 1, BUDGET_MAX_ORDER + 1, 64, ~0u };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(budget_alloc(&bud, bad[i], BUDGET_KERNEL), BUDGET_NONE, "order %u",
		             bad[i]);
		cr_expect_eq(budget_lend(&bud, bad[i]), BUDGET_NONE, "order %u", bad[i]);
	}
	cr_expect_eq(budget_alloc(&bud, 12, BUDGET_KIND_COUNT), BUDGET_NONE);
	budget_add_top(&bud, 100, BUDGET_MIN_ORDER - 1);
	budget_add_top(&bud, 100, BUDGET_MAX_ORDER + 1);
	cr_expect(unchanged(0));
}

Test(budget, free_of_a_block_not_handed_out_does_nothing)
{
	budget_slot_t t = top(14, BASE);
	budget_slot_t s = budget_alloc(&bud, 12, BUDGET_KERNEL);
	snapshot();
	ctl.revokes = 0;
	budget_free(&bud, t);                /* split */
	budget_free(&bud, fk.meta[s].buddy); /* free */
	budget_free(&bud, BUDGET_NONE);
	cr_expect(unchanged(0));
	budget_free(&bud, s);
	snapshot();
	budget_free(&bud, t); /* free again, after merging */
	cr_expect(unchanged(0));
	cr_expect_eq(ctl.revokes, 3, "the one real free: the block and two merges");
}

Test(budget, free_keeps_a_block_whose_revoke_fails_and_merges_only_what_was_revoked)
{
	budget_slot_t t = top(13, BASE);
	budget_slot_t a = budget_alloc(&bud, 12, BUDGET_KERNEL);
	budget_slot_t c = budget_alloc(&bud, 12, BUDGET_KERNEL);
	fk.cap[a].objects = 1;
	snapshot();
	ctl.revokes_left = 0;
	budget_free(&bud, a);
	cr_expect(unchanged(0), "its objects may live: the block stays allocated");

	ctl.revokes_left = -1;
	budget_free(&bud, c); /* its buddy is allocated: nothing to merge */
	ctl.revokes_left = 1; /* a's own revoke works, the parent's fails */
	budget_free(&bud, a);
	cr_expect_eq(fk.meta[a].state, BUDGET_FREE);
	cr_expect_eq(fk.meta[t].state, BUDGET_SPLIT, "not merged");
	cr_expect_eq(bud.free, bud.total);
	expect_sound();

	ctl.revokes_left = -1;
	budget_slot_t again = budget_alloc(&bud, 12, BUDGET_KERNEL);
	budget_free(&bud, again);
	expect_only_top(t, 13);
	expect_sound();
}

/* Three free blocks on the order-12 list, first to last. */
static void three_on_a_list(budget_slot_t s[3])
{
	for (int i = 2; i >= 0; i--)
		s[i] = top(12, BASE + (uint64_t)i * SIZE(12));
	cr_assert_eq(bud.free_head[12], s[0]);
	cr_assert_eq(budget_check(&bud), 0);
}

Test(budget, check_detects_a_corrupted_free_list)
{
	budget_slot_t s[3];
	three_on_a_list(s);
	int codes[4];

	fk.meta[s[1]].prev = s[2];
	codes[0] = budget_check(&bud);
	fk.meta[s[1]].prev = s[0];

	fk.meta[s[2]].state = BUDGET_ALLOC;
	codes[1] = budget_check(&bud);
	fk.meta[s[2]].state = BUDGET_FREE;

	fk.meta[s[1]].order = 13;
	codes[2] = budget_check(&bud);
	fk.meta[s[1]].order = 12;

	fk.meta[s[2]].next = s[1]; /* a cycle */
	codes[3] = budget_check(&bud);
	fk.meta[s[2]].next = BUDGET_NONE;

	cr_expect_eq(budget_check(&bud), 0, "sound again once repaired");
	for (int i = 0; i < 4; i++)
		cr_expect_gt(codes[i], 0, "corruption %d not seen", i);
	cr_expect(codes[0] != codes[1] && codes[1] != codes[2], "each check names itself");
}

Test(budget, check_detects_wrong_sums)
{
	top(16, BASE);
	budget_alloc(&bud, 12, BUDGET_KERNEL);
	int codes[3];

	bud.free += 32;
	codes[0] = budget_check(&bud);
	bud.free -= 32;

	bud.used[BUDGET_FRAMES] += 32;
	codes[1] = budget_check(&bud);
	bud.used[BUDGET_FRAMES] -= 32;

	uint64_t peak = bud.peak;
	bud.peak = 0;
	codes[2] = budget_check(&bud);
	bud.peak = peak;

	cr_expect_eq(budget_check(&bud), 0);
	for (int i = 0; i < 3; i++)
		cr_expect_gt(codes[i], 0, "wrong sum %d not seen", i);
	cr_expect(codes[0] != codes[1] && codes[1] != codes[2] && codes[0] != codes[2]);
}

Test(budget, take_top_removes_only_a_whole_free_top_block)
{
	budget_slot_t a = top(16, BASE);
	budget_slot_t b = top(14, BASE + SIZE(16));
	budget_slot_t x = budget_alloc(&bud, 12, BUDGET_FRAMES); /* splits b, the smaller */
	cr_assert_neq(x, BUDGET_NONE);
	cr_expect_not(budget_take_top(&bud, b), "b is split");
	cr_expect_not(budget_take_top(&bud, x), "x is allocated, not a top block");
	uint64_t total = bud.total, free = bud.free;
	cr_expect(budget_take_top(&bud, a));
	cr_expect_eq(bud.total, total - SIZE(16));
	cr_expect_eq(bud.free, free - SIZE(16));
	cr_expect_eq(fk.meta[a].state, BUDGET_EMPTY);
	cr_expect_not(budget_take_top(&bud, a), "taken already");
	/* The caller frees the slot; the lender's revoke deletes the cap. */
	delete_tree(a);
	f_slot_free(NULL, a);
	expect_sound();
	/* What is left still allocates and merges back. */
	budget_free(&bud, x);
	expect_only_top(b, 14);
	expect_sound();
}
