/* Budget lending (personality/lend.c) and the budget figures
 * (personality/quota.c) on the fake kernel: what a new budget starts
 * with, memory on demand within every limit on the way up, guarantees
 * set aside, blocks given back, who may change a budget, heirs, and the
 * identities every budget's figures keep, after random operations too;
 * and heap runs (personality/vm.c: a large sbrk in blocks of up to 64
 * pages, each mapped by one VSpace_MapFrames) on the same budgets. */
#include <criterion/criterion.h>

#include <generated/config.h>
#include <ration/errors.h>
#include <ration/invocation.h>
#include <ration/objects.h>
#include <rn/px.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "personality/lend.h"
#include "personality/proc.h"
#include "personality/quota.h"
#include "personality/tmpfs.h"
#include "personality/vm.h"
#include "personality/vfs.h"
#include "tests/unit/support/px/fake_kernel.h"

#define KB    (1ul << 10)
#define MB    (1ul << 20)
#define FIRST (1ul << LEND_FIRST_ORDER) /* the first block */

static struct proc *init, *parent;

/* init (pid 1) and a parent with a root budget of its own untyped of 4
 * MiB (its limit is what it holds). */
static void setup(void)
{
	fpk_setup();
	lend_boot();
	init = fpk_process(18, 0);
	parent = fpk_process(22, init);
	lend_root(parent);
}

TestSuite(lend, .init = setup);

static struct proc *lend(struct proc *from, uint64_t limit, uint64_t guarantee)
{
	long err;
	struct proc *c = lend_new_budget(from, limit, guarantee, 0, &err);
	cr_assert_not_null(c, "a budget limited to %lu from pid %u: %ld", (unsigned long)limit,
	                   from->pid, err);
	return c;
}

/* A 4 KiB frame in p's budget, or BUDGET_NONE. */
static budget_slot_t page(struct proc *p)
{
	budget_slot_t frame;
	return proc_alloc_objects(p, 12, BUDGET_FRAMES, RN_OBJ_FRAME_4K, 0, 1, &frame);
}

/* Whether p still holds a block lent to it that is whole and free. */
static bool holds_whole_free_lent_block(struct proc *p)
{
	for (budget_slot_t id = 0; id < (p->nleaves << LEAF_BITS); id++) {
		const struct budget_block *b = proc_meta(p, id);
		if (b->state == BUDGET_FREE && b->parent == BUDGET_NONE && b->buddy != BUDGET_NONE)
			return true;
	}
	return false;
}

Test(lend, a_new_budget_holds_its_first_block_only)
{
	uint64_t free = parent->budget.free;
	struct proc *c = lend(parent, 0, 0);
	cr_assert_eq(c->budget.total, FIRST);
	cr_assert_eq(c->limit, parent->limit, "by default the lender's limit");
	cr_assert_eq(c->guarantee, 0);
	cr_assert_eq(c->mem_parent, parent->pid);
	cr_assert_eq(parent->budget.lent, FIRST);
	cr_assert_eq(parent->budget.free, free - FIRST);
	cr_assert_eq(parent->nborrowers, 1);
}

Test(lend, a_guarantee_is_lent_at_once)
{
	struct proc *c = lend(parent, MB, 256 * KB);
	cr_assert_eq(c->budget.total, 256 * KB);
	cr_assert_eq(c->limit, MB);
	cr_assert_eq(parent->child_guarantees, 256 * KB);
	cr_assert_eq(parent->budget.lent, 256 * KB);
}

Test(lend, wrong_terms_are_refused_and_change_nothing)
{
	long err;
	uint64_t free = parent->budget.free, refused = parent->budget.refused;
	cr_assert_null(lend_new_budget(parent, MB, 2 * MB, 0, &err), "guarantee above limit");
	cr_assert_eq(err, -PX_EINVAL);
	cr_assert_null(lend_new_budget(parent, 16 * KB, 0, 0, &err), "below the first block");
	cr_assert_eq(err, -PX_EINVAL);
	cr_assert_null(lend_new_budget(parent, 1ul << 50, 0, 0, &err), "absurd limit");
	cr_assert_eq(err, -PX_EINVAL);
	cr_assert_null(lend_new_budget(parent, MB, ~0ul, 0, &err), "absurd guarantee");
	cr_assert_eq(err, -PX_EINVAL);
	cr_assert_null(lend_new_budget(parent, MB, 0, 0x80, &err), "unknown flag");
	cr_assert_eq(err, -PX_EINVAL);
	cr_assert_null(lend_new_budget(parent, 8 * MB, 8 * MB, 0, &err), "more than it has");
	cr_assert_eq(err, -PX_EAGAIN);
	cr_assert_eq(parent->budget.free, free);
	cr_assert_eq(parent->budget.lent, 0);
	cr_assert_eq(parent->nborrowers, 0);
	cr_assert_eq(parent->child_guarantees, 0);
	cr_assert_geq(parent->budget.refused, refused);
}

Test(lend, memory_comes_on_demand_up_to_the_limit)
{
	struct proc *c = lend(parent, 512 * KB, 0);
	unsigned n = 0;
	while (page(c) != BUDGET_NONE)
		n++;
	cr_assert_leq(c->budget.total, 512 * KB, "never past its limit");
	cr_assert_geq(c->budget.total, 512 * KB - 16 * KB, "its whole limit, near enough");
	cr_assert_geq(n * 4 * KB, 512 * KB - FIRST - 64 * KB, "%u pages", n);
	cr_assert_eq(parent->budget.lent, c->budget.total);
	cr_assert_gt(c->budget.refused, 0, "the refusal is counted");
}

Test(lend, a_subtree_never_holds_more_than_its_limit)
{
	struct proc *c = lend(parent, 768 * KB, 0);
	struct proc *d = lend(c, 0, 0), *e = lend(c, 0, 0);
	cr_assert_eq(d->limit, 768 * KB);
	for (int stuck = 0; stuck < 3;) {
		stuck = 0;
		stuck += page(d) == BUDGET_NONE;
		stuck += page(e) == BUDGET_NONE;
		stuck += page(c) == BUDGET_NONE;
		cr_assert_leq(c->budget.total, 768 * KB);
	}
	cr_assert_eq(c->budget.lent, d->budget.total + e->budget.total);
	cr_assert_eq(parent->budget.lent, c->budget.total);
}

Test(lend, draws_pass_a_lenders_unused_guarantee_by)
{
	struct proc *c = lend(parent, 2 * MB, MB);
	struct proc *d = lend(c, 0, 0);
	uint64_t c_total = c->budget.total;
	for (unsigned i = 0; i < 64; i++)
		cr_assert_neq(page(d), BUDGET_NONE);
	cr_assert_gt(c->budget.total, c_total, "c drew from parent for d");
	uint64_t own = c->budget.used[0] + c->budget.used[1] + c->budget.used[2];
	cr_assert_geq(c->budget.free, MB - own - FIRST,
	              "c's guarantee is still there for c (but d's first block, c's own act)");
	cr_assert_neq(page(c), BUDGET_NONE, "c can use it");
}

Test(lend, a_guarantee_is_not_taken_by_a_sibling)
{
	struct proc *c = lend(parent, 2 * MB, 512 * KB);
	struct proc *hog = lend(parent, 0, 0);
	while (page(hog) != BUDGET_NONE)
		;
	cr_assert_geq(c->budget.total, 512 * KB);
	unsigned n = 0;
	while (n < 100 && page(c) != BUDGET_NONE)
		n++;
	cr_assert_eq(n, 100, "c can still use its guarantee: %u pages", n);
}

Test(lend, freed_blocks_go_back_but_some_slack)
{
	struct proc *c = lend(parent, 4 * MB, 0);
	budget_slot_t pages[256];
	for (unsigned i = 0; i < 256; i++)
		cr_assert_neq(pages[i] = page(c), BUDGET_NONE);
	uint64_t peak = c->budget.total;
	cr_assert_geq(peak, MB);
	for (unsigned i = 0; i < 256; i++)
		proc_free_objects(c, pages[i]);
	cr_assert_lt(c->budget.total, peak / 2, "whole free blocks went back");
	cr_assert_eq(parent->budget.lent, c->budget.total);
	lend_settle(c);
	cr_assert(!holds_whole_free_lent_block(c), "settling gives back every free lent block");
	cr_assert_leq(c->budget.total, FIRST + (c->nleaves - 1) * 2 * LEND_MAX_DRAW,
	              "the first block and what the book's leaves keep");
}

Test(lend, an_ended_budget_gives_back_everything_it_can)
{
	struct proc *c = lend(parent, 4 * MB, 256 * KB);
	budget_slot_t pages[64];
	for (unsigned i = 0; i < 64; i++)
		cr_assert_neq(pages[i] = page(c), BUDGET_NONE);
	for (unsigned i = 0; i < 64; i++)
		proc_free_objects(c, pages[i]);
	c->state = PROC_ZOMBIE;
	lend_settle(c);
	cr_assert(!holds_whole_free_lent_block(c), "no guarantee or slack kept");
	cr_assert_leq(c->budget.total, FIRST + (c->nleaves - 1) * 2 * LEND_MAX_DRAW,
	              "the first block and what the book's leaves keep");
	cr_assert_eq(parent->budget.lent, c->budget.total);
}

Test(lend, the_lender_and_its_agent_may_change_a_budget)
{
	long err;
	struct proc *c = lend(parent, MB, 0);
	struct proc *sibling = lend(parent, MB, 0);
	struct proc *agent = lend_new_budget(parent, MB, 0, PX_FORK_AGENT, &err);
	cr_assert_not_null(agent);
	cr_assert_eq(lend_grow(sibling, c->pid, 4 * KB), -PX_EPERM, "a sibling");
	cr_assert_eq(lend_grow(c, c->pid, 4 * KB), -PX_EPERM, "itself");
	cr_assert_eq(lend_grow(init, c->pid, 4 * KB), -PX_EPERM, "a stranger");
	cr_assert_eq(lend_guarantee(sibling, c->pid, 64 * KB), -PX_EPERM);
	uint64_t could;
	cr_assert_eq(lend_shrink(sibling, c->pid, 64 * KB, &could), -PX_EPERM);
	cr_assert_eq(lend_grow(parent, MAX_PROCS - 1, 4 * KB), -PX_ESRCH, "no process");
	cr_assert_eq(c->limit, MB, "nothing changed");
	cr_assert_eq(lend_grow(agent, c->pid, 4 * KB), 0, "the agent acts for parent");
	cr_assert_eq(lend_grow(parent, c->pid, 4 * KB), 0);
	cr_assert_eq(c->limit, MB + 8 * KB);
	cr_assert_eq(lend_grow(agent, agent->pid, 4 * KB), -PX_EPERM, "not on itself");
	c->state = PROC_ZOMBIE;
	cr_assert_eq(lend_grow(parent, c->pid, 4 * KB), -PX_ESRCH, "ended");
}

Test(lend, grow_refuses_zero_partial_pages_and_absurd_sizes)
{
	struct proc *c = lend(parent, MB, 0);
	cr_assert_eq(lend_grow(parent, c->pid, 0), -PX_EINVAL);
	cr_assert_eq(lend_grow(parent, c->pid, 100), -PX_EINVAL);
	cr_assert_eq(lend_grow(parent, c->pid, ~0ul & ~4095ul), -PX_EINVAL);
	cr_assert_eq(c->limit, MB);
}

Test(lend, shrink_lowers_the_limit_to_what_is_held_at_most)
{
	struct proc *c = lend(parent, MB, 0);
	budget_slot_t pages[32];
	for (unsigned i = 0; i < 32; i++)
		cr_assert_neq(pages[i] = page(c), BUDGET_NONE);
	uint64_t could;
	long took = lend_shrink(parent, c->pid, 64 * KB, &could);
	cr_assert_eq(took, 64 * KB);
	cr_assert_eq(c->limit, MB - 64 * KB);
	took = lend_shrink(parent, c->pid, 16 * MB, &could);
	cr_assert_eq((uint64_t)took, could);
	cr_assert_eq(c->limit, c->budget.total, "down to what it holds");
	cr_assert_eq(page(c) == BUDGET_NONE || c->budget.total <= c->limit, true);
	for (unsigned i = 0; i < 32; i++)
		proc_free_objects(c, pages[i]);
	cr_assert_leq(c->budget.total, c->limit);
}

Test(lend, a_guarantee_set_later_is_lent_or_refused_whole)
{
	struct proc *c = lend(parent, 2 * MB, 0);
	cr_assert_eq(lend_guarantee(parent, c->pid, 512 * KB), 0);
	cr_assert_geq(c->budget.total, 512 * KB);
	cr_assert_eq(parent->child_guarantees, 512 * KB);
	cr_assert_eq(lend_guarantee(parent, c->pid, 4 * MB), -PX_EINVAL, "above its limit");
	cr_assert_eq(lend_guarantee(parent, c->pid, 100), -PX_EINVAL);
	struct proc *d = lend(parent, 8 * MB, 0);
	cr_assert_eq(lend_guarantee(parent, d->pid, 8 * MB), -PX_ENOMEM, "parent has 4 MiB");
	cr_assert_eq(d->guarantee, 0);
	cr_assert_eq(parent->child_guarantees, 512 * KB);
}

Test(lend, the_heir_is_the_nearest_running_budget_ancestor)
{
	struct proc *c = lend(parent, MB, 0);
	struct proc *d = lend(c, 256 * KB, 0);
	struct proc *heirs[4];
	cr_assert_eq(lend_heirs(d, heirs, 4), 1, "one heir only");
	cr_assert_eq(heirs[0], c);
	c->state = PROC_HUSK;
	cr_assert_eq(lend_heirs(d, heirs, 4), 1, "a husk takes nothing on");
	cr_assert_eq(heirs[0], parent);
	cr_assert_eq(lend_heirs(parent, heirs, 4), 0, "its budget is its own");
}

Test(lend, budget_returned_goes_back_whole)
{
	uint64_t free = parent->budget.free;
	struct proc *c = lend(parent, 2 * MB, 128 * KB);
	for (unsigned i = 0; i < 100; i++)
		cr_assert_neq(page(c), BUDGET_NONE);
	cr_assert_eq(lend_return(c), parent);
	cr_assert_eq(parent->budget.free, free);
	cr_assert_eq(parent->budget.lent, 0);
	cr_assert_eq(parent->nborrowers, 0);
	cr_assert_eq(parent->child_guarantees, 0);
	cr_assert_eq(parent->nprocs, 1);
}

/* ---- random operations, and the invariants after each ------------------------ */

#define NPROCS 8
#define NPAGES 96

struct live {
	struct proc *p;
	budget_slot_t pages[NPAGES];
	unsigned npages;
};

static void check_invariants(struct live *l, unsigned n, uint64_t root_total)
{
	uint64_t guarantees = 0;
	for (unsigned i = 0; i < n; i++) {
		struct proc *p = l[i].p;
		cr_assert_eq(budget_check(&p->budget), 0, "pid %u's budget", p->pid);
		cr_assert_leq(p->budget.total, p->limit, "pid %u within its limit", p->pid);
		cr_assert_geq(p->budget.total, p->guarantee, "pid %u holds its guarantee", p->pid);
		uint64_t lent = 0, promised = 0;
		for (unsigned j = 0; j < n; j++)
			if (l[j].p->mem_parent == p->pid) {
				lent += l[j].p->budget.total;
				promised += l[j].p->guarantee;
			}
		cr_assert_eq(p->budget.lent, lent, "pid %u lent what its borrowers hold", p->pid);
		cr_assert_eq(p->child_guarantees, promised);
		guarantees += p->guarantee;
	}
	uint64_t lent = 0;
	for (unsigned j = 0; j < n; j++)
		lent += l[j].p->mem_parent == parent->pid ? l[j].p->budget.total : 0;
	cr_assert_eq(parent->budget.lent, lent);
	cr_assert_eq(parent->budget.total, root_total, "exact: the root's memory is all there");
	(void)guarantees;
}

Test(lend, random_operations_keep_every_invariant)
{
	static struct live l[NPROCS];
	unsigned n = 0;
	uint64_t root_total = parent->budget.total;
	srand(15);
	for (unsigned step = 0; step < 3000; step++) {
		unsigned op = (unsigned)rand() % 10, i = n ? (unsigned)rand() % n : 0;
		if (op == 0 && n < NPROCS) { /* a new budget under parent or a live one */
			struct proc *from = n && rand() % 2 ? l[i].p : parent;
			uint64_t limit = (uint64_t)(rand() % 4 ? 64 + rand() % 1024 : 0) * KB;
			uint64_t guarantee = rand() % 3 ? 0 : (uint64_t)(rand() % 256) * KB;
			long err;
			struct proc *c = lend_new_budget(from, limit, guarantee, 0, &err);
			if (c)
				l[n++] = (struct live){ .p = c };
		} else if (op <= 5 && n && l[i].npages < NPAGES) {
			budget_slot_t b = page(l[i].p);
			if (b != BUDGET_NONE)
				l[i].pages[l[i].npages++] = b;
		} else if (op <= 8 && n && l[i].npages) {
			unsigned k = (unsigned)rand() % l[i].npages;
			proc_free_objects(l[i].p, l[i].pages[k]);
			l[i].pages[k] = l[i].pages[--l[i].npages];
		} else if (op == 9 && n) { /* a leaf ends and is reaped */
			bool leaf = true;
			for (unsigned j = 0; j < n; j++)
				leaf &= l[j].p->mem_parent != l[i].p->pid;
			if (leaf) {
				l[i].p->state = PROC_ZOMBIE;
				lend_settle(l[i].p);
				lend_return(l[i].p);
				l[i] = l[--n];
			}
		}
		check_invariants(l, n, root_total);
	}
}

/* ---- quota: the figures -------------------------------------------------------- */

TestSuite(quota, .init = setup);

/* parent lends to c and d, c to e; each has some pages. */
static void tree(struct proc **c, struct proc **d, struct proc **e)
{
	*c = lend(parent, 2 * MB, 0);
	*d = lend(parent, MB, 256 * KB);
	*e = lend(*c, 512 * KB, 0);
	for (unsigned i = 0; i < 40; i++) {
		cr_assert_neq(page(*c), BUDGET_NONE);
		cr_assert_neq(page(*e), BUDGET_NONE);
	}
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
		cr_assert_eq(recs[i].used_kernel + recs[i].used_frames + recs[i].used_records +
		                 recs[i].lent + recs[i].free,
		             recs[i].total, "pid %u", recs[i].pid);
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
		cr_assert_eq(recs[i].lent, sum, "pid %u", recs[i].pid);
	}
	cr_assert_eq(parent->budget.lent, c->budget.total + d->budget.total);
}

Test(quota, info_shows_limit_guarantee_and_counts_objects)
{
	struct proc *c, *d, *e;
	tree(&c, &d, &e);
	struct px_budget_info info;
	quota_info(d, &info);
	cr_assert_eq(info.limit, MB);
	cr_assert_eq(info.guarantee, 256 * KB);
	quota_info(c, &info);
	cr_assert_eq(info.pid, c->pid);
	cr_assert_eq(info.budget_parent, parent->pid);
	cr_assert_eq(info.limit, 2 * MB);
	cr_assert_eq(info.total, c->budget.total);
	cr_assert_eq(info.lent, e->budget.total);
	cr_assert_eq(info.used_kernel + info.used_frames + info.used_records + info.lent +
	                 info.free,
	             info.total);
	cr_assert_eq(info.state, PX_STATE_RUNNING);
	cr_assert_geq(info.objects[RN_OBJ_UNTYPED], 2, "c's blocks");
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
	cr_assert_eq(recs[1].limit, 512 * KB);
	cr_assert_eq(quota_tree(parent->pid, 1, recs, 2, &count), 2, "skip 1, at most 2");
	cr_assert_eq(count, 4, "parent, c, d, e");
	cr_assert_eq(recs[0].pid, c->pid);
	cr_assert_eq(recs[1].pid, d->pid);
	cr_assert_eq(recs[1].used_kernel + recs[1].used_frames + recs[1].used_records +
	                 recs[1].lent + recs[1].free,
	             recs[1].total);
}

/* A writer that filled its lender's limit with a file, then ended: the
 * file stays, charged to the lender. The copies are made before the
 * writer's pages go back, so for a moment the lender's subtree holds
 * both: it may draw beyond its limit by what the writer still holds
 * (lend_moving). After the writer is reaped the lender uses no more than
 * its limit; what it drew beyond is free, at most one draw. */
Test(lend, files_of_a_writer_that_filled_the_limit_outlive_it)
{
	struct proc *h = lend(parent, 256 * KB, 0);
	struct proc *w = lend(h, 0, 0);
	long ino = tmpfs_create(w, VFS_INO_TMP, "full", PX_S_IFREG | 0644);
	cr_assert_gt(ino, 0);
	static char chunk[4 * KB];
	memset(chunk, 'f', sizeof(chunk));
	uint64_t size = 0;
	while (tmpfs_write(w, (uint64_t)ino, size, chunk, sizeof(chunk)) == (long)sizeof(chunk))
		size += sizeof(chunk);
	cr_assert_gt(size, 128 * KB, "the writer filled most of the limit: %lu", (unsigned long)size);
	w->state = PROC_ZOMBIE; /* as process_exit does */
	lend_settle(w);
	struct proc *heirs[1];
	lend_moving(w);
	tmpfs_exit(w, heirs, lend_heirs(w, heirs, 1));
	lend_moving(NULL);
	uint32_t mode;
	uint64_t now;
	cr_assert_eq(tmpfs_stat((uint64_t)ino, &mode, &now), 0, "the file is still there");
	cr_assert_eq(now, size);
	static char out[4 * KB];
	cr_assert_eq(tmpfs_read((uint64_t)ino, size - sizeof(out), out, sizeof(out)), (long)sizeof(out));
	cr_assert_arr_eq(out, chunk, sizeof(out), "with its bytes");
	cr_assert_eq(w->fs_pages, 0, "charged to the heir now");
	cr_assert_eq(tmpfs_charged(h), size + 4 * KB, "its pages and its node");
	lend_return(w);
	cr_assert_leq(h->budget.total - h->budget.free, h->limit, "the heir uses no more than its limit");
	cr_assert_leq(h->budget.total, h->limit + LEND_MAX_DRAW, "and holds at most a draw more");
	cr_assert_eq(budget_check(&h->budget), 0);
}

/* ---- heap runs (personality/vm.c) ------------------------------------------------ */

#define HEAP  0x100000ul
#define PAGES(n) ((long)(n) * 4096)

static uint64_t frames_used(const struct proc *p)
{
	return p->budget.used[BUDGET_FRAMES];
}

/* Writes a different byte on each of n heap pages through the server's
 * copy path (which must find each page's own frame), then reads them all. */
static void pattern(struct proc *p, uint64_t from, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint8_t b = (uint8_t)(i * 7 + 1);
		cr_assert(vm_user_copy(p, from + i * 4096ul + 100, &b, 1, true), "page %u", i);
	}
	for (unsigned i = 0; i < n; i++) {
		uint8_t b = 0;
		cr_assert(vm_user_copy(p, from + i * 4096ul + 100, &b, 1, false), "page %u", i);
		cr_assert_eq(b, (uint8_t)(i * 7 + 1), "page %u holds another page's byte", i);
	}
}

TestSuite(heap_runs, .init = setup);

Test(heap_runs, a_large_sbrk_maps_in_runs_and_charges_every_page_once)
{
	vm_heap_start(parent, HEAP);
	uint64_t before = frames_used(parent);
	unsigned batches = fpk_count(RN_VSPACE_MAP_FRAMES), single = fpk_count(RN_FRAME_MAP);
	cr_assert_eq(vm_sbrk(parent, PAGES(256) + 100), (long)HEAP);
	/* 257 pages: runs of 64 and a page. */
	cr_assert_eq(frames_used(parent) - before, 257 * 4096ul);
	cr_assert_leq(fpk_count(RN_VSPACE_MAP_FRAMES) - batches, 8);
	/* (and the book's new leaves' metadata pages, in the server) */
	cr_assert_leq(fpk_count(RN_FRAME_MAP) - single, 8, "pages mapped one by one: %u, batches %u",
	              fpk_count(RN_FRAME_MAP) - single, fpk_count(RN_VSPACE_MAP_FRAMES) - batches);
	pattern(parent, HEAP, 257);
	cr_assert_eq(budget_check(&parent->budget), 0);

	cr_assert_eq(vm_sbrk(parent, -(PAGES(256) + 100)), (long)(HEAP + PAGES(256) + 100));
	cr_assert_eq(frames_used(parent), before, "every page of every run went back");
	cr_assert_eq(budget_check(&parent->budget), 0);
}

Test(heap_runs, a_break_inside_a_run_keeps_the_run_whole)
{
	vm_heap_start(parent, HEAP);
	uint64_t before = frames_used(parent);
	cr_assert_eq(vm_sbrk(parent, PAGES(64)), (long)HEAP);
	pattern(parent, HEAP, 64);
	cr_assert_eq(vm_sbrk(parent, -PAGES(1)), (long)(HEAP + PAGES(64)));
	cr_assert_eq(frames_used(parent) - before, 64 * 4096ul, "the run stays, charged whole");
	/* Growing again reuses it: nothing new is charged, the data is there. */
	cr_assert_eq(vm_sbrk(parent, PAGES(1)), (long)(HEAP + PAGES(63)));
	cr_assert_eq(frames_used(parent) - before, 64 * 4096ul);
	uint8_t b = 0;
	cr_assert(vm_user_copy(parent, HEAP + PAGES(63) + 100, &b, 1, false));
	cr_assert_eq(b, (uint8_t)(63 * 7 + 1));
	cr_assert_eq(vm_sbrk(parent, -PAGES(64)), (long)(HEAP + PAGES(64)));
	cr_assert_eq(frames_used(parent), before);
}

Test(heap_runs, exhaustion_is_enomem_with_the_budget_as_it_was)
{
	struct proc *c = fpk_process(19, init); /* 512 KiB of its own, no lender */
	vm_heap_start(c, HEAP);
	struct budget was = c->budget;
	unsigned caps = fpk_live_caps();
	cr_assert_eq(vm_sbrk(c, PAGES(256)), -PX_ENOMEM);
	cr_assert_eq(c->budget.used[BUDGET_FRAMES], was.used[BUDGET_FRAMES]);
	cr_assert_eq(c->heap_end, HEAP);
	cr_assert_eq(budget_check(&c->budget), 0);
	for (unsigned k = 0; k < BUDGET_KIND_COUNT; k++)
		cr_assert_eq(c->budget.used[k], was.used[k], "kind %u: %lu, was %lu", k,
		             (unsigned long)c->budget.used[k], (unsigned long)was.used[k]);
	cr_assert_eq(c->budget.total, was.total);
	cr_assert_eq(c->budget.free, was.free);
	cr_assert_eq(fpk_live_caps(), caps, "caps: %u, were %u", fpk_live_caps(), caps);
	/* What fits still works, in runs. */
	cr_assert_eq(vm_sbrk(c, PAGES(32)), (long)HEAP);
	pattern(c, HEAP, 32);
}

Test(heap_runs, a_refused_batch_falls_back_to_pages_and_leaks_nothing)
{
	vm_heap_start(parent, HEAP);
	uint64_t before = frames_used(parent);
	fpk_fail(RN_VSPACE_MAP_FRAMES, 0, RN_DELETE_FIRST);
	cr_assert_eq(vm_sbrk(parent, PAGES(100)), (long)HEAP);
	fpk_fail(RN_VSPACE_MAP_FRAMES, 0, 0);
	cr_assert_eq(frames_used(parent) - before, 100 * 4096ul);
	pattern(parent, HEAP, 100);
	cr_assert_eq(vm_sbrk(parent, -PAGES(100)), (long)(HEAP + PAGES(100)));
	cr_assert_eq(frames_used(parent), before);
	cr_assert_eq(budget_check(&parent->budget), 0);
}

Test(heap_runs, a_copy_of_a_heap_in_runs_has_its_own_pages_with_the_same_data)
{
	vm_heap_start(parent, HEAP);
	cr_assert_eq(vm_sbrk(parent, PAGES(130)), (long)HEAP);
	pattern(parent, HEAP, 130);
	struct proc *child = fpk_process(22, init);
	uint64_t before = frames_used(child);
	cr_assert(vm_copy(parent, child));
	cr_assert_eq(frames_used(child) - before, 130 * 4096ul);
	for (unsigned i = 0; i < 130; i++) {
		uint8_t b = 0, x = 0xee;
		cr_assert(vm_user_copy(child, HEAP + i * 4096ul + 100, &b, 1, false));
		cr_assert_eq(b, (uint8_t)(i * 7 + 1), "page %u of the copy", i);
		cr_assert(vm_user_copy(child, HEAP + i * 4096ul + 100, &x, 1, true));
	}
	pattern(parent, HEAP, 130); /* the child's writes went to its own pages */
	vm_free_user(child);
	cr_assert_eq(frames_used(child), before);
	cr_assert_eq(budget_check(&child->budget), 0);
}

Test(heap_runs, a_fork_copies_each_run_in_one_call)
{
	vm_heap_start(parent, HEAP);
	cr_assert_eq(vm_sbrk(parent, PAGES(64 + 4)), (long)HEAP); /* runs of 64 and 4 */
	pattern(parent, HEAP, 68);
	struct proc *child = fpk_process(22, init);
	unsigned batches = fpk_count(RN_FRAME_COPY_RANGE), single = fpk_count(RN_FRAME_COPY);
	cr_assert(vm_copy(parent, child));
	cr_assert_eq(fpk_count(RN_FRAME_COPY_RANGE) - batches, 2, "one call a run");
	cr_assert_eq(fpk_count(RN_FRAME_COPY) - single, 0, "no page copied alone");
	pattern(parent, HEAP, 68);
	for (unsigned i = 0; i < 68; i++) {
		uint8_t b = 0;
		cr_assert(vm_user_copy(child, HEAP + i * 4096ul + 100, &b, 1, false));
		cr_assert_eq(b, (uint8_t)(i * 7 + 1), "page %u of the copy", i);
	}
	cr_assert_eq(budget_check(&child->budget), 0);
}

Test(heap_runs, a_refused_run_copy_gives_the_run_back)
{
	vm_heap_start(parent, HEAP);
	cr_assert_eq(vm_sbrk(parent, PAGES(8)), (long)HEAP);
	struct proc *child = fpk_process(22, init);
	uint64_t before = frames_used(child);
	unsigned caps = fpk_live_caps();
	fpk_fail(RN_FRAME_COPY_RANGE, 0, RN_INVALID_CAPABILITY);
	cr_assert(!vm_copy(parent, child));
	fpk_fail(RN_FRAME_COPY_RANGE, 0, 0);
	cr_assert_eq(frames_used(child), before, "the child's run went back");
	cr_assert_eq(fpk_live_caps(), caps);
	cr_assert_eq(budget_check(&child->budget), 0);
}

/* The book shrinks back: pages made one after another grow the book to
 * many leaves, and the budget draws top blocks as it grows. When all but
 * the first page are freed, the free blocks it keeps (slack, in slots of
 * the high leaves) move down, and the leaves go (proc_trim_book). */
Test(lend, the_book_shrinks_when_only_the_budgets_own_blocks_keep_its_leaves)
{
	struct proc *c = lend(parent, 4 * MB, 0);
	static budget_slot_t pages[600];
	for (unsigned i = 0; i < 600; i++) {
		pages[i] = page(c);
		cr_assert_neq(pages[i], BUDGET_NONE, "page %u", i);
	}
	uint32_t grown = c->nleaves;
	cr_assert_geq(grown, 8, "600 pages take %u leaves", grown);
	uint64_t records = c->budget.used[BUDGET_RECORDS];
	for (unsigned i = 1; i < 600; i++)
		proc_free_objects(c, pages[i]);
	proc_trim_book(c); /* as vm_free_range does after freeing pages */
	cr_expect_leq(c->nleaves, 2, "the book kept %u of %u leaves", c->nleaves, grown);
	cr_expect_lt(c->budget.used[BUDGET_RECORDS], records, "their records went back");
	cr_assert_eq(budget_check(&c->budget), 0);
	proc_free_objects(c, pages[0]);
	proc_trim_book(c);
	cr_assert_eq(budget_check(&c->budget), 0);
	cr_expect_eq(c->nleaves, 1, "all gone: leaf 0 alone (%u)", c->nleaves);
}
