/* Budgets as quota sees them: snapshots of the whole tree and their
 * identities (every subtree within its limit, every running budget
 * holding its guarantee), changing a child's limit and guarantee, a child's
 * peak reported by wait, and kernel objects counted by type. Static
 * buffers: the exact tests touch no new memory. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

#define MAX_RECS 64
#define FIRST_BLOCK (32ul << 10) /* every budget's first block: its records */
static struct px_budget_rec recs[MAX_RECS];

static const struct px_budget_rec *rec_of(size_t n, unsigned pid)
{
	for (size_t i = 0; i < n; i++)
		if (recs[i].pid == pid)
			return &recs[i];
	return NULL;
}

/* Takes a snapshot and checks every identity the accounting promises.
 * Returns the number of records, or fail(). */
int budget_tree_checked(void)
{
	struct rn_budget_tree_info info;
	int n = rn_budget_tree(0, 0, recs, MAX_RECS, &info);
	if (n < 0)
		return fail("rn_budget_tree: %s", strerror(errno));
	if ((size_t)n != info.count)
		return fail("%d records of %zu: more processes than the test expects", n,
		            info.count);
	unsigned long top = 0;
	for (int i = 0; i < n; i++) {
		const struct px_budget_rec *r = &recs[i];
		unsigned long children = 0;
		unsigned long used = r->used_kernel + r->used_frames + r->used_records;
		if (used + r->lent + r->free != r->total)
			return fail("pid %u: used %lu + lent %lu + free %lu != total %lu", r->pid,
			            used, r->lent, r->free, r->total);
		/* total counts what it lent: the whole subtree is within the limit */
		if (r->total > r->limit)
			return fail("pid %u holds %lu, past its limit %lu", r->pid, r->total, r->limit);
		if (r->guarantee > r->limit ||
		    (r->state == PX_STATE_RUNNING && r->total < r->guarantee))
			return fail("pid %u (state %u) holds %lu of its guarantee %lu (limit %lu)",
			            r->pid, r->state, r->total, r->guarantee, r->limit);
		for (int j = 0; j < n; j++)
			if (recs[j].budget_parent == r->pid)
				children += recs[j].total;
		if (children != r->lent)
			return fail("pid %u lent %lu but its budget children hold %lu", r->pid,
			            r->lent, children);
		if (!r->budget_parent)
			top += r->total;
	}
	if (top + info.server != info.ram)
		return fail("server %zu + budgets %lu != RAM %zu", info.server, top, info.ram);
	return n;
}

int test_budget_tree(void)
{
	pid_t kids[3];
	int before = budget_tree_checked();
	if (before < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if ((kids[i] = spawn_budget((size_t)(i + 2) * (128 << 10), park, 0)) < 0)
			return fail("spawn: %s", strerror(errno));
	int during = budget_tree_checked();
	if (during < 0)
		return -1;
	if (during != before + 3)
		return fail("%d records with 3 children parked, %d before", during, before);
	/* Each has the limit asked for, no guarantee, and holds what it
	 * drew on demand: at least its first block, at most its limit. */
	for (int i = 0; i < 3; i++) {
		const struct px_budget_rec *r = rec_of((size_t)during, (unsigned)kids[i]);
		if (!r || r->budget_parent != (unsigned)getpid() ||
		    r->limit != (unsigned long)(i + 2) * (128 << 10) || r->guarantee != 0 ||
		    r->total < FIRST_BLOCK || r->total > r->limit || r->state != PX_STATE_RUNNING)
			return fail("child %d: %s (limit %lu, guarantee %lu, total %lu)", kids[i],
			            r ? "wrong figures" : "missing", r ? r->limit : 0,
			            r ? r->guarantee : 0, r ? r->total : 0);
	}
	/* One budget's subtree alone. */
	struct rn_budget_tree_info info;
	if (rn_budget_tree(kids[0], 0, recs, MAX_RECS, &info) != 1 || info.count != 1 ||
	    recs[0].pid != (unsigned)kids[0])
		return fail("the subtree of a leaf budget is not just itself");
	if (rn_budget_tree(99999, 0, recs, MAX_RECS, &info) != -1 || errno != ESRCH)
		return fail("the subtree of no process: %s, expected ESRCH", strerror(errno));
	kill_children();
	return budget_tree_checked() == before ? 0 : fail("the children's budgets did not go");
}

/* The figures of pid's budget, or fail(). */
int budget_of(pid_t pid, struct px_budget_info *b)
{
	if (rn_budget_info(pid, b) < 0)
		return fail("rn_budget_info(%d): %s", (int)pid, strerror(errno));
	return 0;
}

/* Whether a refused change left the child's terms and our budget as
 * they were. */
int budget_unchanged(pid_t pid, const struct px_budget_info *me0,
                     const struct px_budget_info *c0, const char *what)
{
	struct px_budget_info me, c;
	if (budget_read(&me) < 0 || budget_of(pid, &c) < 0)
		return -1;
	if (c.limit != c0->limit || c.guarantee != c0->guarantee || me.free != me0->free ||
	    me.lent != me0->lent)
		return fail("%s changed something: limit %lu -> %lu, guarantee %lu -> %lu, our "
		            "free %lu -> %lu",
		            what, c0->limit, c.limit, c0->guarantee, c.guarantee, me0->free, me.free);
	return 0;
}

/* grow raises the limit and moves no memory; shrink lowers it to no
 * less than what the child holds once its free blocks went back. */
int test_budget_grow_shrink(void)
{
	struct px_budget_info me0, me1, c0, c1;
	size_t could;
	pid_t pid = spawn_budget(256 << 10, park, 0);
	if (pid < 0)
		return fail("spawn: %s", strerror(errno));
	if (budget_read(&me0) < 0 || budget_of(pid, &c0) < 0)
		return -1;
	if (c0.limit != 256 << 10)
		return fail("a child forked with a 256K limit has %lu", c0.limit);
	if (rn_budget_grow(pid, 96 << 10) < 0)
		return fail("grow by 96K: %s", strerror(errno));
	if (budget_read(&me1) < 0 || budget_of(pid, &c1) < 0)
		return -1;
	if (c1.limit != (256 + 96) << 10 || c1.total != c0.total || me1.free != me0.free ||
	    me1.lent != me0.lent)
		return fail("after growing by 96K: limit %lu, total %lu (was %lu), we lent %ld more",
		            c1.limit, c1.total, c0.total, (long)(me1.lent - me0.lent));
	ssize_t took = rn_budget_shrink(pid, 1 << 20, &could);
	if (took < 0)
		return fail("shrink: %s", strerror(errno));
	if (budget_of(pid, &c1) < 0 || budget_read(&me1) < 0)
		return -1;
	if ((size_t)took != could || c1.limit != (256u + 96) * 1024 - (size_t)took ||
	    c1.limit != c1.total || me1.lent != me0.lent - (c0.total - c1.total))
		return fail("shrink by 1M took %zd (could %zu): limit %lu, total %lu, we lent %lu "
		            "(was %lu)",
		            took, could, c1.limit, c1.total, me1.lent, me0.lent);
	/* At its floor: nothing more to take, and a shrink of less takes
	 * what is asked only when there is room. */
	if (rn_budget_shrink(pid, 1 << 20, &could) != 0 || could != 0)
		return fail("a second shrink took something (could %zu)", could);
	if (rn_budget_grow(pid, 64 << 10) < 0 || rn_budget_shrink(pid, 16 << 10, &could) != 16 << 10 ||
	    could != 64 << 10 || budget_of(pid, &c1) < 0 || c1.limit != c1.total + (48 << 10))
		return fail("grow 64K, shrink 16K: could %zu, limit %lu, total %lu", could, c1.limit,
		            c1.total);
	/* Refusals change nothing. */
	if (budget_read(&me0) < 0 || budget_of(pid, &c0) < 0)
		return -1;
	if (expect_errno(rn_budget_grow(pid, 4097), EINVAL, "grow by 4097 bytes") < 0 ||
	    expect_errno(rn_budget_grow(pid, 0), EINVAL, "grow by 0") < 0 ||
	    expect_errno(rn_budget_grow(pid, (size_t)1 << 62), EINVAL, "grow by 2^62") < 0 ||
	    expect_errno(rn_budget_grow(pid, SIZE_MAX & ~(size_t)4095), EINVAL, "grow by ~0") < 0)
		return -1;
	if (expect_errno(rn_budget_grow(getpid(), 4096), EPERM, "grow ourselves") < 0 ||
	    expect_errno((int)rn_budget_shrink(getpid(), 4096, &could), EPERM, "shrink ourselves") < 0)
		return -1;
	if (budget_unchanged(pid, &me0, &c0, "a refused grow or shrink") < 0)
		return -1;
	kill(pid, SIGKILL);
	return expect_signal(pid, SIGKILL);
}

/* No such process: pid 0, negative, huge, gone, or ended and not yet
 * waited for, is ESRCH for grow, shrink and guarantee alike. */
int test_budget_change_no_process(void)
{
	static const pid_t bad[] = { 0, -1, -2, 99999, 0x7fffffff };
	size_t could;
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char what[3][48];
		snprintf(what[0], sizeof what[0], "grow of pid %d", (int)bad[i]);
		snprintf(what[1], sizeof what[1], "shrink of pid %d", (int)bad[i]);
		snprintf(what[2], sizeof what[2], "guarantee of pid %d", (int)bad[i]);
		if (expect_errno(rn_budget_grow(bad[i], 4096), ESRCH, what[0]) < 0 ||
		    expect_errno((int)rn_budget_shrink(bad[i], 4096, &could), ESRCH, what[1]) < 0 ||
		    expect_errno(rn_budget_guarantee(bad[i], 4096), ESRCH, what[2]) < 0)
			return -1;
	}
	/* A zombie: ended, not yet reaped. */
	pid_t z = spawn_budget(256 << 10, exit_with, 0);
	struct px_budget_info c;
	for (int i = 0; z > 0 && i < 500; i++) {
		if (rn_budget_info(z, &c) == 0 && c.state == PX_STATE_ZOMBIE)
			break;
		usleep(2000);
	}
	if (z < 0 || rn_budget_info(z, &c) < 0 || c.state != PX_STATE_ZOMBIE)
		return fail("the child did not become a zombie");
	if (expect_errno(rn_budget_grow(z, 4096), ESRCH, "grow of a zombie") < 0 ||
	    expect_errno(rn_budget_guarantee(z, 4096), ESRCH, "guarantee of a zombie") < 0)
		return -1;
	return expect_exit(z, 0);
}

/* A guarantee is lent at once, and set again is lent or may go back;
 * one past the limit, or not whole pages, is refused. */
int test_budget_guarantee(void)
{
	struct px_budget_info me0, me1, c0, c1;
	pid_t pid = spawn_limits(1 << 20, 256 << 10, 0, park, 0);
	if (pid < 0)
		return fail("rn_fork_limits(1M, 256K): %s", strerror(errno));
	if (budget_read(&me0) < 0 || budget_of(pid, &c0) < 0)
		return -1;
	if (c0.limit != 1 << 20 || c0.guarantee != 256 << 10 || c0.total < 256 << 10)
		return fail("forked with 1M and 256K: limit %lu, guarantee %lu, total %lu", c0.limit,
		            c0.guarantee, c0.total);
	if (rn_budget_guarantee(pid, 640 << 10) < 0)
		return fail("guarantee 640K: %s", strerror(errno));
	if (budget_read(&me1) < 0 || budget_of(pid, &c1) < 0)
		return -1;
	if (c1.guarantee != 640 << 10 || c1.total < 640 << 10 ||
	    me1.lent != me0.lent + (c1.total - c0.total))
		return fail("after guarantee 640K: guarantee %lu, total %lu, we lent %lu more",
		            c1.guarantee, c1.total, me1.lent - me0.lent);
	/* Refused: not pages, past the limit, absurd. */
	if (budget_read(&me0) < 0 || budget_of(pid, &c0) < 0)
		return -1;
	if (expect_errno(rn_budget_guarantee(pid, 4097), EINVAL, "guarantee 4097 bytes") < 0 ||
	    expect_errno(rn_budget_guarantee(pid, (1 << 20) + 4096), EINVAL,
	                 "guarantee past the limit") < 0 ||
	    expect_errno(rn_budget_guarantee(pid, (size_t)1 << 62), EINVAL, "guarantee 2^62") < 0)
		return -1;
	if (budget_unchanged(pid, &me0, &c0, "a refused guarantee") < 0)
		return -1;
	/* A running child holds its guarantee for as long as it runs. */
	usleep(20000);
	if (budget_of(pid, &c1) < 0 || c1.total < c1.guarantee)
		return fail("the child holds %lu of its guarantee %lu", c1.total, c1.guarantee);
	if (rn_budget_guarantee(pid, 0) < 0 || budget_of(pid, &c1) < 0 || c1.guarantee != 0)
		return fail("guarantee 0: %s, guarantee %lu", strerror(errno), c1.guarantee);
	kill(pid, SIGKILL);
	return expect_signal(pid, SIGKILL);
}

/* A shrink gives back the child's free blocks, but never its guarantee. */
int test_budget_shrink_keeps_guarantee(void)
{
	struct px_budget_info c;
	size_t could;
	pid_t pid = spawn_limits(1 << 20, 512 << 10, 0, park, 0);
	if (pid < 0)
		return fail("rn_fork_limits(1M, 512K): %s", strerror(errno));
	ssize_t took = rn_budget_shrink(pid, 4096, &could);
	if (took != 4096)
		return fail("shrink by 4K took %zd: %s", took, strerror(errno));
	if (budget_of(pid, &c) < 0)
		return -1;
	if (c.total < c.guarantee || c.guarantee != 512 << 10 || c.limit != (1 << 20) - 4096)
		return fail("after a 4K shrink: total %lu, guarantee %lu, limit %lu", c.total,
		            c.guarantee, c.limit);
	kill(pid, SIGKILL);
	return expect_signal(pid, SIGKILL);
}

/* Takes and touches 160 KiB of heap: the peak must show it. (The
 * parent's image stays small: every fork copies it.) */
static int touch_data(long unused)
{
	(void)unused;
	char *heap = malloc(160 << 10);
	if (!heap)
		return 1;
	for (size_t i = 0; i < 160 << 10; i += 4096)
		heap[i] = 1;
	return 0;
}

int test_wait_peak(void)
{
	int status;
	size_t peak = 0;
	pid_t pid = spawn_budget(1 << 20, touch_data, 0);
	if (pid < 0)
		return fail("spawn: %s", strerror(errno));
	pid_t r = rn_wait_peak(pid, &status, 0, &peak);
	forget(pid);
	if (r != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fail("wait: %d, status %#x", (int)r, status);
	if (peak < 160 << 10 || peak > 1 << 20)
		return fail("peak %zu for a child that used over 160K of 1M", peak);
	return 0;
}

int test_budget_objects(void)
{
	struct px_budget_info a, b;
	int fds[2];
	if (budget_read(&a) < 0)
		return -1;
	if (a.objects[1] != 1 || a.objects[3] != 1 || a.objects[5] < 3 || a.objects[8] < 4)
		return fail("a process has %lu TCBs, %lu notifications, %lu CNodes, %lu page "
		            "tables",
		            a.objects[1], a.objects[3], a.objects[5], a.objects[8]);
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	int r = budget_read(&b);
	if (!r && b.objects[6] != a.objects[6] + 1)
		r = fail("a pipe added %ld frames, expected 1",
		         (long)(b.objects[6] - a.objects[6]));
	close(fds[0]);
	close(fds[1]);
	if (!r && (budget_read(&b) < 0 || b.objects[6] != a.objects[6]))
		r = fail("closing the pipe left %ld frames", (long)(b.objects[6] - a.objects[6]));
	return r;
}
