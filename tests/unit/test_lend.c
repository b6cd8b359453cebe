/* Budget lending (personality/lend.c) and the budget figures
 * (personality/quota.c) on the fake kernel: how much a new budget gets
 * and in which blocks, growing all or nothing, shrinking by whole free
 * blocks, heirs, and the identities every budget's figures keep. */
#include <criterion/criterion.h>

#include <generated/config.h>
#include <ration/objects.h>
#include <rn/px.h>

#include "personality/lend.h"
#include "personality/proc.h"
#include "personality/quota.h"
#include "tests/unit/support/px/fake_kernel.h"

#define KB (1ul << 10)
#define MB (1ul << 20)

static struct proc *init, *parent;

/* init (pid 1) and a parent with a budget of its own untyped of 4 MiB. */
static void setup(void)
{
	fpk_setup();
	init = fpk_process(18, 0);
	parent = fpk_process(22, init);
}

TestSuite(lend, .init = setup);

static struct proc *lend(struct proc *from, uint64_t bytes)
{
	struct proc *c = lend_new_budget(from, bytes);
	cr_assert_not_null(c, "a budget of %lu bytes from pid %u", (unsigned long)bytes, from->pid);
	return c;
}

static unsigned order_lent(const struct proc *c, unsigned i)
{
	return proc_meta(proc_get(c->mem_parent), c->lent[i])->order;
}

Test(lend, asked_for_size_is_met_exactly_first_block_largest)
{
	struct proc *c = lend(parent, MB + 12 * KB);
	cr_assert_eq(c->budget.total, MB + 12 * KB);
	cr_assert_eq(c->mem_parent, parent->pid);
	cr_assert_eq(c->nlent, 3, "1 MiB, 8 KiB, 4 KiB");
	cr_assert_eq(order_lent(c, 0), 20, "the records' block");
	cr_assert_eq(order_lent(c, 1), 13);
	cr_assert_eq(order_lent(c, 2), 12);
	cr_assert_eq(parent->budget.lent, MB + 12 * KB);
	cr_assert_eq(parent->nborrowers, 1);
}

Test(lend, asked_for_size_is_rounded_down_to_the_page)
{
	struct proc *c = lend(parent, 256 * KB + 100);
	cr_assert_eq(c->budget.total, 256 * KB);
}

Test(lend, default_share_is_half_the_free_bytes_in_at_most_4_blocks)
{
	uint64_t share = parent->budget.free / 100 * CONFIG_PX_FORK_SHARE_PERCENT & ~0xffful;
	struct proc *c = lend(parent, 0);
	cr_assert_leq(c->nlent, 4);
	cr_assert_leq(c->budget.total, share);
	cr_assert_geq(c->budget.total, share - share / 8, "%lu of %lu",
	              (unsigned long)c->budget.total, (unsigned long)share);
}

Test(lend, default_share_is_at_least_the_minimum)
{
	struct proc *c = lend(parent, 256 * KB);
	cr_assert_lt(c->budget.free / 2, (uint64_t)CONFIG_PX_FORK_MIN_KB * KB);
	struct proc *g = lend(c, 0);
	cr_assert_eq(g->budget.total, (uint64_t)CONFIG_PX_FORK_MIN_KB * KB);
}

Test(lend, share_the_budget_cannot_give_is_refused_and_changes_nothing)
{
	uint64_t free = parent->budget.free, refused = parent->budget.refused;
	cr_assert_null(lend_new_budget(parent, free + 4 * KB));
	cr_assert_eq(parent->budget.refused, refused + 1);
	cr_assert_null(lend_new_budget(parent, (CONFIG_PX_FORK_MIN_KB - 4) * KB),
	               "below the minimum");
	cr_assert_eq(parent->budget.refused, refused + 2);
	cr_assert_eq(parent->budget.free, free);
	cr_assert_eq(parent->budget.lent, 0);
	cr_assert_eq(parent->nborrowers, 0);
}

Test(lend, share_without_a_free_block_of_64_kib_is_refused)
{
	while (lend_new_budget(parent, 0))
		;
	cr_assert_lt(budget_largest_free_order(&parent->budget), 16);
	uint64_t refused = parent->budget.refused, free = parent->budget.free;
	cr_assert_null(lend_new_budget(parent, 0));
	cr_assert_eq(parent->budget.refused, refused + 1);
	cr_assert_eq(parent->budget.free, free);
}

Test(lend, grow_lends_exactly_the_bytes_asked_for)
{
	struct proc *c = lend(parent, 256 * KB);
	uint64_t free = parent->budget.free;
	cr_assert_eq(lend_grow(parent, c->pid, 28 * KB), 0);
	cr_assert_eq(c->budget.total, 284 * KB);
	cr_assert_eq(parent->budget.free, free - 28 * KB);
	cr_assert_eq(parent->budget.lent, 284 * KB);
}

Test(lend, grow_refuses_zero_partial_pages_and_more_than_free)
{
	struct proc *c = lend(parent, 256 * KB);
	cr_assert_eq(lend_grow(parent, c->pid, 0), -PX_EINVAL);
	cr_assert_eq(lend_grow(parent, c->pid, 100), -PX_EINVAL);
	cr_assert_eq(lend_grow(parent, c->pid, parent->budget.free + 4 * KB), -PX_ENOMEM);
	cr_assert_eq(c->budget.total, 256 * KB);
}

Test(lend, grow_is_for_a_borrower_of_the_caller_or_of_its_budget_parent)
{
	struct proc *c = lend(parent, 256 * KB);
	struct proc *d = lend(parent, 256 * KB);
	struct proc *other = fpk_process(20, init);
	cr_assert_eq(lend_grow(other, c->pid, 4 * KB), -PX_ESRCH, "not its lender");
	cr_assert_eq(lend_grow(c, c->pid, 4 * KB), -PX_ESRCH, "itself");
	cr_assert_eq(lend_grow(parent, MAX_PROCS - 1, 4 * KB), -PX_ESRCH, "no process");
	cr_assert_eq(lend_grow(d, c->pid, 4 * KB), 0, "d acts for parent");
	cr_assert_eq(c->budget.total, 260 * KB);
	c->state = PROC_ZOMBIE;
	cr_assert_eq(lend_grow(parent, c->pid, 4 * KB), -PX_ESRCH, "ended");
}

Test(lend, grow_is_all_or_nothing)
{
	struct proc *c = lend(parent, 128 * KB);
	while (c->nlent < PROC_MAX_LENT - 2)
		cr_assert_eq(lend_grow(parent, c->pid, 4 * KB), 0);
	uint64_t total = c->budget.total, free = parent->budget.free, lent = parent->budget.lent;
	/* 16 + 8 + 4 KiB: three blocks, where two more can be lent. */
	cr_assert_eq(lend_grow(parent, c->pid, 28 * KB), -PX_ENOMEM);
	cr_assert_eq(c->nlent, PROC_MAX_LENT - 2);
	cr_assert_eq(c->budget.total, total);
	cr_assert_eq(parent->budget.free, free);
	cr_assert_eq(parent->budget.lent, lent);
	cr_assert_eq(lend_grow(parent, c->pid, 12 * KB), 0, "two blocks can be");
}

Test(lend, shrink_takes_back_whole_free_blocks_largest_that_fit_first)
{
	struct proc *c = lend(parent, 256 * KB + 64 * KB + 16 * KB);
	uint64_t could, free = parent->budget.free;
	cr_assert_eq(lend_shrink(parent, c->pid, 70 * KB, &could), 64 * KB);
	cr_assert_eq(could, 80 * KB, "both later blocks are free");
	cr_assert_eq(c->budget.total, 272 * KB);
	cr_assert_eq(parent->budget.free, free + 64 * KB);
	cr_assert_eq(lend_shrink(parent, c->pid, 8 * KB, &could), 0, "no block fits in 8 KiB");
	cr_assert_eq(could, 16 * KB);
	cr_assert_eq(c->budget.total, 272 * KB);
}

Test(lend, shrink_never_takes_the_first_block)
{
	struct proc *c = lend(parent, 256 * KB + 64 * KB);
	uint64_t could;
	cr_assert_eq(lend_shrink(parent, c->pid, 16 * MB, &could), 64 * KB);
	cr_assert_eq(c->nlent, 1);
	cr_assert_eq(c->budget.total, 256 * KB, "its records are in it");
	cr_assert_eq(parent->budget.lent, 256 * KB);
}

Test(lend, shrink_leaves_blocks_in_use)
{
	struct proc *c = lend(parent, 256 * KB + 16 * KB + 8 * KB);
	budget_slot_t page;
	for (unsigned n = 0; n < 1024; n++) {
		if (proc_alloc_objects(c, 12, BUDGET_FRAMES, RN_OBJ_FRAME_4K, 0, 1, &page) ==
		    BUDGET_NONE)
			break;
	}
	cr_assert_lt(c->budget.free, 4 * KB, "c's budget is full");
	uint64_t could, total = c->budget.total;
	cr_assert_eq(lend_shrink(parent, c->pid, 16 * MB, &could), 0);
	cr_assert_eq(could, 0);
	cr_assert_eq(c->budget.total, total);
}

Test(lend, heirs_are_the_running_budget_ancestors_nearest_first)
{
	struct proc *c = lend(parent, MB);
	struct proc *d = lend(c, 256 * KB);
	struct proc *heirs[4];
	cr_assert_eq(lend_heirs(d, heirs, 4), 2);
	cr_assert_eq(heirs[0], c);
	cr_assert_eq(heirs[1], parent);
	cr_assert_eq(lend_heirs(d, heirs, 1), 1, "at most max");
	cr_assert_eq(heirs[0], c);
	c->state = PROC_HUSK;
	cr_assert_eq(lend_heirs(d, heirs, 4), 1, "a husk takes nothing on");
	cr_assert_eq(heirs[0], parent);
	cr_assert_eq(lend_heirs(parent, heirs, 4), 0, "its budget is its own");
}

Test(lend, budget_returned_goes_back_whole)
{
	uint64_t free = parent->budget.free;
	struct proc *c = lend(parent, MB + 12 * KB);
	cr_assert_eq(lend_return(c), parent);
	cr_assert_eq(parent->budget.free, free);
	cr_assert_eq(parent->budget.lent, 0);
	cr_assert_eq(parent->nborrowers, 0);
}

/* ---- quota: the figures -------------------------------------------------------- */

TestSuite(quota, .init = setup);

/* parent lends to c and d, c to e. */
static void tree(struct proc **c, struct proc **d, struct proc **e)
{
	*c = lend(parent, MB + 4 * KB);
	*d = lend(parent, 256 * KB);
	*e = lend(*c, 128 * KB + 8 * KB);
}

Test(quota, every_budget_is_used_lent_and_free)
{
	struct proc *c, *d, *e;
	tree(&c, &d, &e);
	struct px_budget_rec recs[16];
	uint64_t count;
	unsigned n = quota_tree(0, 0, recs, 16, &count);
	cr_assert_eq(n, count);
	cr_assert_eq(n, 5, "init, parent, c, d, e");
	for (unsigned i = 0; i < n; i++) {
		cr_assert_eq(recs[i].used + recs[i].lent + recs[i].free, recs[i].total, "pid %lu",
		             recs[i].pid);
		cr_assert_eq(recs[i].used,
		             recs[i].used_kernel + recs[i].used_frames + recs[i].used_records);
	}
}

Test(quota, a_budgets_lent_is_the_sum_of_the_totals_it_lent)
{
	struct proc *c, *d, *e;
	tree(&c, &d, &e);
	struct px_budget_rec recs[16];
	uint64_t count;
	unsigned n = quota_tree(0, 0, recs, 16, &count);
	for (unsigned i = 0; i < n; i++) {
		uint64_t sum = 0;
		for (unsigned j = 0; j < n; j++)
			sum += recs[j].budget_parent == recs[i].pid ? recs[j].total : 0;
		cr_assert_eq(recs[i].lent, sum, "pid %lu", recs[i].pid);
	}
	cr_assert_eq(parent->budget.lent, MB + 4 * KB + 256 * KB);
}

Test(quota, info_agrees_with_the_tree_and_counts_objects)
{
	struct proc *c, *d, *e;
	tree(&c, &d, &e);
	struct px_budget_info info;
	quota_info(c, &info);
	cr_assert_eq(info.pid, c->pid);
	cr_assert_eq(info.budget_parent, parent->pid);
	cr_assert_eq(info.total, MB + 4 * KB);
	cr_assert_eq(info.lent, 136 * KB);
	cr_assert_eq(info.used_kernel + info.used_frames + info.used_records + info.lent +
	                 info.free,
	             info.total);
	cr_assert_eq(info.state, PX_STATE_RUNNING);
	cr_assert_geq(info.objects[RN_OBJ_UNTYPED], 2, "c's blocks: 1 MiB and 4 KiB");
	struct px_budget_info pi;
	quota_info(parent, &pi);
	cr_assert_eq(pi.objects[RN_OBJ_TCB], 1, "fpk_process made one thread");
}

Test(quota, tree_of_a_budget_is_its_subtree_in_pages)
{
	struct proc *c, *d, *e;
	tree(&c, &d, &e);
	struct px_budget_rec recs[4];
	uint64_t count;
	cr_assert_eq(quota_tree(c->pid, 0, recs, 4, &count), 2);
	cr_assert_eq(count, 2);
	cr_assert_eq(recs[0].pid, c->pid);
	cr_assert_eq(recs[1].pid, e->pid);
	cr_assert_eq(quota_tree(parent->pid, 1, recs, 2, &count), 2, "skip 1, at most 2");
	cr_assert_eq(count, 4, "parent, c, d, e");
	cr_assert_eq(recs[0].pid, c->pid);
	cr_assert_eq(recs[1].pid, d->pid);
	cr_assert_eq(recs[0].total, MB + 4 * KB);
	cr_assert_eq(recs[1].used + recs[1].lent + recs[1].free, 256 * KB);
}
