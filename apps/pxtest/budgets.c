/* Budgets as quota sees them: snapshots of the whole tree and their
 * identities, growing and shrinking a child's budget exactly, a child's
 * peak reported by wait, and kernel objects counted by type. Static
 * buffers: the exact tests touch no new memory. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

#define MAX_RECS 64
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
static int snapshot_checked(void)
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
		if (r->used + r->lent + r->free != r->total)
			return fail("pid %u: used %lu + lent %lu + free %lu != total %lu", r->pid,
			            r->used, r->lent, r->free, r->total);
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
	int before = snapshot_checked();
	if (before < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if ((kids[i] = spawn_budget((size_t)(i + 2) * (128 << 10), park, 0)) < 0)
			return fail("spawn: %s", strerror(errno));
	int during = snapshot_checked();
	if (during < 0)
		return -1;
	if (during != before + 3)
		return fail("%d records with 3 children parked, %d before", during, before);
	for (int i = 0; i < 3; i++) {
		const struct px_budget_rec *r = rec_of((size_t)during, (unsigned)kids[i]);
		if (!r || r->budget_parent != (unsigned)getpid() ||
		    r->total != (unsigned long)(i + 2) * (128 << 10) ||
		    r->state != PX_STATE_RUNNING)
			return fail("child %d: %s", kids[i], r ? "wrong figures" : "missing");
	}
	/* One budget's subtree alone. */
	struct rn_budget_tree_info info;
	if (rn_budget_tree(kids[0], 0, recs, MAX_RECS, &info) != 1 || info.count != 1 ||
	    recs[0].pid != (unsigned)kids[0])
		return fail("the subtree of a leaf budget is not just itself");
	if (rn_budget_tree(99999, 0, recs, MAX_RECS, &info) != -1 || errno != ESRCH)
		return fail("the subtree of no process: %s, expected ESRCH", strerror(errno));
	kill_children();
	return snapshot_checked() == before ? 0 : fail("the children's budgets did not go");
}

int test_budget_grow_shrink(void)
{
	struct px_budget_info me0, me1, child;
	size_t could;
	pid_t pid = spawn_budget(256 << 10, park, 0);
	if (pid < 0)
		return fail("spawn: %s", strerror(errno));
	if (budget_read(&me0) < 0)
		return -1;
	if (rn_budget_grow(pid, 96 << 10) < 0)
		return fail("grow by 96K: %s", strerror(errno));
	if (budget_read(&me1) < 0 || rn_budget_info(pid, &child) < 0)
		return -1;
	if (child.total != (256 + 96) << 10 || me1.free != me0.free - (96 << 10) ||
	    me1.lent != me0.lent + (96 << 10))
		return fail("after growing by 96K: the child has %lu, we lent %lu more",
		            child.total, me1.lent - me0.lent);
	/* The 64K and 32K blocks are whole and free: both can come back. */
	ssize_t took = rn_budget_shrink(pid, 1 << 20, &could);
	if (took != 96 << 10 || could != 96 << 10)
		return fail("shrink took %zd (could %zu), expected 96K", took, could);
	if (budget_read(&me1) < 0 || me1.free != me0.free || rn_budget_info(pid, &child) < 0 ||
	    child.total != 256 << 10)
		return fail("after shrinking: our free %lu (was %lu), child's total %lu", me1.free,
		            me0.free, child.total);
	/* Nothing else is free in whole blocks: the first holds its life. */
	if (rn_budget_shrink(pid, 1 << 20, &could) != 0 || could != 0)
		return fail("a second shrink took something");
	if (rn_budget_grow(pid, 4097) != -1 || errno != EINVAL)
		return fail("grow by 4097 bytes: %s, expected EINVAL", strerror(errno));
	if (rn_budget_grow(pid, me1.free + 4096) != -1 || errno != ENOMEM)
		return fail("grow by more than we have: %s, expected ENOMEM", strerror(errno));
	if (rn_budget_grow(1, 4096) != -1 || errno != ESRCH)
		return fail("grow init: %s, expected ESRCH", strerror(errno));
	if (rn_budget_shrink(getpid(), 4096, &could) != -1 || errno != ESRCH)
		return fail("shrink ourselves: %s, expected ESRCH", strerror(errno));
	if (budget_read(&me1) < 0 || me1.free != me0.free)
		return fail("a refused change changed our budget");
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
