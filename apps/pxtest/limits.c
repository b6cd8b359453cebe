/* The budget policy's promises, each tried as a program would break it:
 * only a budget's lender (or the lender's agent) may change it; a
 * subtree never holds more than its limit however its processes
 * allocate; a guarantee is held at once and a runaway sibling cannot
 * take it; memory comes back exactly when a child frees or ends; a
 * fork asking for nonsense is refused and changes nothing; and a
 * child's files stay charged to its lender after it ends. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

static int exit_zero(pid_t pid, const char *const why[], int most);

/* ---- who may change a budget ------------------------------------------------ */

enum { PERM_GROW = 1, PERM_SHRINK, PERM_GUARANTEE, PERM_SELF, PERM_FIGURES };

/* A sibling of the target: every change is EPERM. */
static int sibling_changes(long target)
{
	size_t could;
	if (rn_budget_grow((pid_t)target, 4096) != -1 || errno != EPERM)
		return PERM_GROW;
	if (rn_budget_shrink((pid_t)target, 4096, &could) != -1 || errno != EPERM)
		return PERM_SHRINK;
	if (rn_budget_guarantee((pid_t)target, 4096) != -1 || errno != EPERM)
		return PERM_GUARANTEE;
	return 0;
}

/* The lender's agent: every change is allowed, but not to itself. */
static int agent_changes(long target)
{
	struct px_budget_info c0, c1;
	size_t could;
	if (rn_budget_info((pid_t)target, &c0) < 0)
		return PERM_FIGURES;
	if (rn_budget_grow((pid_t)target, 64 << 10) < 0)
		return PERM_GROW;
	if (rn_budget_shrink((pid_t)target, 32 << 10, &could) != 32 << 10)
		return PERM_SHRINK;
	if (rn_budget_guarantee((pid_t)target, 64 << 10) < 0)
		return PERM_GUARANTEE;
	if (rn_budget_grow(getpid(), 4096) != -1 || errno != EPERM)
		return PERM_SELF;
	if (rn_budget_info((pid_t)target, &c1) < 0 || c1.limit != c0.limit + (32 << 10) ||
	    c1.guarantee != 64 << 10 || c1.total < 64 << 10)
		return PERM_FIGURES;
	return 0;
}

/* The target's own child changes its parent's budget: EPERM. */
static int borrower_changes(long unused)
{
	(void)unused;
	return sibling_changes(getppid());
}

static int target_with_child(long unused)
{
	(void)unused;
	pid_t k = spawn(borrower_changes, 0);
	int status;
	if (k < 0 || waitpid(k, &status, 0) != k || !WIFEXITED(status))
		return 100;
	return WEXITSTATUS(status);
}

int test_budget_change_rights(void)
{
	struct px_budget_info me0, c0;
	pid_t t = spawn_budget(512 << 10, park, 0);
	if (t < 0)
		return fail("spawn: %s", strerror(errno));
	if (budget_read(&me0) < 0 || budget_of(t, &c0) < 0)
		return -1;
	/* A sibling (a plain fork of the same lender) may not. */
	if (expect_exit(spawn(sibling_changes, t), 0) < 0)
		return fail("a sibling's change was not EPERM (exit 1: grow, 2: shrink, 3: "
		            "guarantee)");
	if (budget_unchanged(t, &me0, &c0, "a sibling's refused change") < 0)
		return -1;
	/* Nor may a budget's own child change it. */
	if (expect_exit(spawn_budget(512 << 10, target_with_child, 0), 0) < 0)
		return fail("a borrower's change of its lender was not EPERM (exit 1: grow, 2: "
		            "shrink, 3: guarantee)");
	/* An agent of the lender may. */
	if (expect_exit(spawn_limits(0, 0, PX_FORK_AGENT, agent_changes, t), 0) < 0)
		return fail("the agent's change failed (exit 1: grow, 2: shrink, 3: guarantee, "
		            "4: it changed itself, 5: wrong figures after)");
	kill(t, SIGKILL);
	return expect_signal(t, SIGKILL);
}

/* ---- limits hold whole subtrees ---------------------------------------------- */

#define HOG_CHUNK (64ul << 10)

/* Takes 64K chunks until malloc fails; 0 if it failed with ENOMEM, else
 * 1. With a pipe (fd > 0): says so on it, then waits to be killed,
 * holding all it took. */
static int hold_all(long fd)
{
	char *p;
	errno = 0;
	while ((p = malloc(HOG_CHUNK)))
		for (size_t off = 0; off < HOG_CHUNK; off += 4096)
			p[off] = 1;
	int r = errno == ENOMEM ? 0 : 1;
	if (fd > 0) {
		char c = (char)('0' + r);
		if (write((int)fd, &c, 1) != 1)
			return 2;
		park(0);
	}
	return r;
}

enum { LIM_FORK_ERRNO = 1, LIM_HOG, LIM_OVER, LIM_PIPE, LIM_NONE };

/* The middle of a subtree under a 1 MiB limit: four children take all
 * they can; it reports its own total (in KiB) once they all hold it. */
static int limited_middle(long fds2)
{
	int up = (int)(fds2 & 0xff), down = (int)(fds2 >> 8);
	int fds[2];
	pid_t kids[4];
	int n = 0, code = 0;
	if (pipe(fds) < 0)
		return LIM_PIPE;
	for (int i = 0; i < 4; i++) {
		pid_t k = fork();
		if (k == 0)
			_exit(hold_all(fds[1]));
		if (k < 0) {
			if (errno != EAGAIN)
				code = LIM_FORK_ERRNO;
			break;
		}
		kids[n++] = k;
	}
	for (int i = 0; i < n && !code; i++) {
		char c;
		if (read(fds[0], &c, 1) != 1)
			code = LIM_PIPE;
		else if (c != '0')
			code = LIM_HOG;
	}
	struct px_budget_info b;
	if (!code && (rn_budget_info(0, &b) < 0 || b.total > b.limit || b.limit != 1 << 20))
		code = LIM_OVER;
	if (!code && n == 0)
		code = LIM_NONE;
	/* Tell the parent, and hold until it has looked. */
	char c = (char)('0' + code);
	if (write((int)up, &c, 1) != 1)
		code = LIM_PIPE;
	if (read(down, &c, 1) < 0)
		code = LIM_PIPE;
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	return code;
}

int test_limit_holds_subtree(void)
{
	int up[2], down[2];
	if (pipe(up) < 0 || pipe(down) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t m = spawn_budget(1 << 20, limited_middle, up[1] | down[0] << 8);
	char c = 0;
	int r = m < 0 ? fail("spawn: %s", strerror(errno)) : 0;
	if (!r && read(up[0], &c, 1) != 1)
		r = fail("the middle said nothing");
	if (!r && c != '0')
		r = fail("the middle reports %c (1: fork not EAGAIN, 2: malloc not ENOMEM, "
		         "3: its total past its limit, 5: no child)",
		         c);
	struct px_budget_info b;
	if (!r && budget_of(m, &b) < 0)
		r = -1;
	if (!r && (b.total > 1 << 20 || b.total < (1 << 20) - (256 << 10)))
		r = fail("a subtree under 1M that took all it could holds %lu", b.total);
	if (!r && budget_tree_checked() < 0)
		r = -1;
	c = 'g';
	if (m > 0 && write(down[1], &c, 1) != 1 && !r)
		r = fail("write: %s", strerror(errno));
	for (int i = 0; i < 2; i++) {
		close(up[i]);
		close(down[i]);
	}
	if (m > 0 && expect_exit(m, 0) < 0 && !r)
		r = -1;
	return r;
}

/* ---- a guarantee is kept ---------------------------------------------------- */

enum { RUN_PIPE = 1, RUN_FORK, RUN_HOG, RUN_TAKEN, RUN_VICTIM, RUN_OVER };

/* The guaranteed child: once told (a byte on fd), takes and touches
 * 512 KiB, within what it was guaranteed. */
static int guaranteed(long fd)
{
	char c;
	if (read((int)fd, &c, 1) != 1)
		return 1;
	char *p = malloc(512 << 10);
	if (!p)
		return 2;
	for (size_t off = 0; off < 512 << 10; off += 4096)
		p[off] = 1;
	return 0;
}

/* Under a 4 MiB limit: a child guaranteed 1 MiB, then a sibling with no
 * guarantee that takes everything it can and holds it. The guaranteed
 * child still holds its 1 MiB, and can use it. */
static int runaway_middle(long unused)
{
	(void)unused;
	int go[2], held[2], status, code = 0;
	if (pipe(go) < 0 || pipe(held) < 0)
		return RUN_PIPE;
	fflush(stdout);
	pid_t a = rn_fork_limits(2 << 20, 1 << 20, 0);
	if (a == 0)
		_exit(guaranteed(go[0]));
	pid_t b = a < 0 ? -1 : fork();
	if (b == 0) {
		/* The runaway: default terms, this budget's whole limit. */
		char *p;
		errno = 0;
		while ((p = malloc(64 << 10)))
			for (size_t off = 0; off < 64 << 10; off += 4096)
				p[off] = 1;
		char c = errno == ENOMEM ? 'y' : 'n';
		if (write(held[1], &c, 1) != 1)
			_exit(1);
		park(0);
	}
	if (a < 0 || b < 0)
		return RUN_FORK;
	char c;
	struct px_budget_info ai, me;
	if (read(held[0], &c, 1) != 1)
		code = RUN_PIPE;
	else if (c != 'y')
		code = RUN_HOG;
	else if (rn_budget_info(a, &ai) < 0 || ai.total < 1 << 20 || ai.guarantee != 1 << 20)
		code = RUN_TAKEN;
	else if (rn_budget_info(0, &me) < 0 || me.total > me.limit)
		code = RUN_OVER;
	if (write(go[1], "g", 1) != 1 && !code)
		code = RUN_PIPE;
	if (waitpid(a, &status, 0) != a || !WIFEXITED(status) || WEXITSTATUS(status))
		code = code ? code : RUN_VICTIM;
	kill(b, SIGKILL);
	waitpid(b, &status, 0);
	return code;
}

int test_guarantee_survives_runaway(void)
{
	static const char *const why[] = {
		[RUN_PIPE] = "a pipe failed",
		[RUN_FORK] = "a fork failed",
		[RUN_HOG] = "the runaway's malloc failed without ENOMEM",
		[RUN_TAKEN] = "the runaway took the guarantee",
		[RUN_VICTIM] = "the guaranteed child could not use its guarantee",
		[RUN_OVER] = "the subtree went past its limit",
	};
	return exit_zero(spawn_budget(4 << 20, runaway_middle, 0), why, RUN_OVER);
}

/* Reaps pid: 0 if it exited 0, else fail() with why[its status]. */
static int exit_zero(pid_t pid, const char *const why[], int most)
{
	int status;
	if (reap(pid, &status) < 0)
		return -1;
	if (!WIFEXITED(status))
		return fail("pid %d died of signal %d", (int)pid, WTERMSIG(status));
	int code = WEXITSTATUS(status);
	if (code == 0)
		return 0;
	return fail("%s (exit %d)", code <= most && why[code] ? why[code] : "unknown", code);
}

/* ---- memory comes back ------------------------------------------------------- */

/* Takes 4 MiB, says so, frees it, says so, waits to be killed. */
static int take_and_free(long fds2)
{
	int up = (int)(fds2 & 0xff), down = (int)(fds2 >> 8);
	char c;
	char *p = malloc(4 << 20);
	if (!p)
		return 1;
	for (size_t off = 0; off < 4 << 20; off += 4096)
		p[off] = 1;
	if (write(up, "t", 1) != 1 || read(down, &c, 1) != 1)
		return 2;
	free(p);
	if (write(up, "f", 1) != 1)
		return 2;
	park(0);
}

/* A child that takes 4 MiB holds it; once it frees it, the blocks go
 * back to us (but for a little slack and at most 2 MiB of blocks that
 * still hold something); once it ends, every byte, and every figure of
 * ours is what it was.
 * (A leaf of the child's book used to keep the block it was cut from:
 * leaves now have blocks of their own, drawn for them.) */
int test_memory_comes_back(void)
{
	struct px_budget_info me0, me1, c0, c1, c2;
	int up[2], down[2];
	char c;
	if (pipe(up) < 0 || pipe(down) < 0)
		return fail("pipe: %s", strerror(errno));
	if (budget_read(&me0) < 0)
		return -1;
	pid_t pid = spawn_budget(16 << 20, take_and_free, up[1] | down[0] << 8);
	int r = pid < 0 ? fail("spawn: %s", strerror(errno)) : 0;
	usleep(1000);
	if (!r && (read(up[0], &c, 1) != 1 || budget_of(pid, &c1) < 0))
		r = fail("the child did not take its 4 MiB");
	if (!r && c1.total < 4 << 20)
		r = fail("a child using 4 MiB holds %lu", c1.total);
	if (!r && (write(down[1], "f", 1) != 1 || read(up[0], &c, 1) != 1 ||
	           budget_of(pid, &c2) < 0))
		r = fail("the child did not free");
	/* What went back: all but blocks that still hold something (the
	 * heap's page tables) and the 64 KiB of slack. */
	if (!r && c2.total + (2 << 20) > c1.total)
		r = fail("a child that freed 4 MiB of its %lu still holds %lu (free %lu)", c1.total,
		         c2.total, c2.free);
	(void)c0;
	for (int i = 0; i < 2; i++) {
		close(up[i]);
		close(down[i]);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		if (expect_signal(pid, SIGKILL) < 0 && !r)
			r = -1;
	}
	if (!r && budget_read(&me1) < 0)
		r = -1;
	/* Exact, but that our book may have given back a leaf it grew for
	 * the child's blocks (records down, free up as much). */
	if (!r && (me1.total != me0.total || me1.lent != me0.lent ||
	           me1.used_kernel != me0.used_kernel || me1.used_frames != me0.used_frames ||
	           me1.used_records > me0.used_records ||
	           me1.free + me1.used_records != me0.free + me0.used_records))
		r = fail("after the child: total %lu -> %lu, free %lu -> %lu, lent %lu -> %lu",
		         me0.total, me1.total, me0.free, me1.free, me0.lent, me1.lent);
	return r;
}

/* ---- a fork that asks for nonsense ------------------------------------------- */

int test_fork_terms_refused(void)
{
	struct px_budget_info me0, me1;
	if (budget_read(&me0) < 0)
		return -1;
	/* Refused forks leave no child behind: track none. */
	static const struct {
		size_t limit, guarantee;
		unsigned flags;
		int err;
		const char *what;
	} bad[] = {
		{ 16 << 10, 0, 0, EINVAL, "a limit below the first block" },
		{ (size_t)1 << 62, 0, 0, EINVAL, "a limit of 2^62" },
		{ SIZE_MAX & ~(size_t)4095, 0, 0, EINVAL, "a limit of ~0" },
		{ 1 << 20, 0, 0x100, EINVAL, "an unknown flag" },
		{ 1 << 20, 2 << 20, 0, EINVAL, "a guarantee past the limit" },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fflush(stdout);
		pid_t pid = rn_fork_limits(bad[i].limit, bad[i].guarantee, bad[i].flags);
		if (pid == 0)
			_exit(0);
		if (pid > 0) {
			waitpid(pid, NULL, 0);
			return fail("fork with %s made pid %d", bad[i].what, (int)pid);
		}
		if (errno != bad[i].err)
			return fail("fork with %s: %s, expected %s", bad[i].what, strerror(errno),
			            strerror(bad[i].err));
	}
	/* A guarantee we cannot give: EAGAIN, and no block of it stays lent. */
	size_t g = (me0.free + (8 << 20)) & ~(size_t)4095;
	fflush(stdout);
	pid_t pid = rn_fork_limits(g, g, 0);
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		waitpid(pid, NULL, 0);
		return fail("a guarantee of %zu with %lu free was given", g, me0.free);
	}
	if (errno != EAGAIN)
		return fail("a guarantee we cannot give: %s, expected EAGAIN", strerror(errno));
	if (budget_read(&me1) < 0)
		return -1;
	if (me1.free != me0.free || me1.lent != me0.lent || me1.total != me0.total)
		return fail("refused forks changed our budget: free %lu -> %lu, lent %lu -> %lu",
		            me0.free, me1.free, me0.lent, me1.lent);
	return 0;
}

/* ---- files stay with the lender ----------------------------------------------- */

#define HEIR_FILE "/tmp/pxt-heir"

/* Writes three pages to HEIR_FILE. */
static int write_three_pages(long unused)
{
	(void)unused;
	static char page[4096];
	int fd = open(HEIR_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	memset(page, 'h', sizeof page);
	for (int i = 0; i < 3; i++)
		if (write(fd, page, sizeof page) != (ssize_t)sizeof page)
			return 2;
	return close(fd) < 0 ? 3 : 0;
}

enum { HEIR_FORK = 1, HEIR_WRITER, HEIR_NOT_OURS, HEIR_PASSED_UP, HEIR_FIGURES, HEIR_PIPE };

/* The writer's lender, under a 1 MiB limit: once the writer ends, the
 * file is charged to it (not passed further up), within its limit. */
static int heir_middle(long fds2)
{
	int up = (int)(fds2 & 0xff), down = (int)(fds2 >> 8);
	struct px_budget_info b0, b1, top0, top1;
	int status;
	if (rn_budget_info(0, &b0) < 0 || rn_budget_info(getppid(), &top0) < 0)
		return HEIR_FIGURES;
	fflush(stdout);
	pid_t w = fork();
	if (w == 0)
		_exit(write_three_pages(0));
	if (w < 0)
		return HEIR_FORK;
	if (waitpid(w, &status, 0) != w || !WIFEXITED(status) || WEXITSTATUS(status))
		return HEIR_WRITER;
	if (rn_budget_info(0, &b1) < 0 || rn_budget_info(getppid(), &top1) < 0)
		return HEIR_FIGURES;
	if (b1.files < b0.files + 3 * 4096 || b1.total > b1.limit)
		return HEIR_NOT_OURS;
	if (top1.files != top0.files)
		return HEIR_PASSED_UP;
	char c;
	if (write(up, "w", 1) != 1 || read(down, &c, 1) != 1)
		return HEIR_PIPE;
	return 0;
}

/* A child's files are charged to its lender once it ends: to the
 * nearest running budget above it, and only to that one; when that one
 * ends too, to ours. Unlinking gives every byte back. */
int test_files_stay_with_lender(void)
{
	static const char *const why[] = {
		[HEIR_FORK] = "fork failed",
		[HEIR_WRITER] = "the writer failed",
		[HEIR_NOT_OURS] = "the writer's lender was not charged for its file, or went past "
		                  "its limit",
		[HEIR_PASSED_UP] = "the file was charged further up than the writer's lender",
		[HEIR_FIGURES] = "rn_budget_info failed",
		[HEIR_PIPE] = "a pipe failed",
	};
	struct px_budget_info me0, me1, me2;
	int up[2], down[2];
	char c;
	if (budget_read(&me0) < 0)
		return -1;
	if (pipe(up) < 0 || pipe(down) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t m = spawn_budget(1 << 20, heir_middle, up[1] | down[0] << 8);
	int r = m < 0 ? fail("spawn: %s", strerror(errno)) : 0;
	/* While the middle runs we pay for nothing of the file. */
	if (!r && read(up[0], &c, 1) == 1) {
		if (budget_read(&me1) < 0)
			r = -1;
		else if (me1.files != me0.files)
			r = fail("the file was charged to us (files %lu -> %lu) while its writer's "
			         "lender runs",
			         me0.files, me1.files);
	}
	if (m > 0 && write(down[1], "g", 1) != 1 && !r)
		r = fail("write: %s", strerror(errno));
	for (int i = 0; i < 2; i++) {
		close(up[i]);
		close(down[i]);
	}
	if (m > 0 && exit_zero(m, why, HEIR_PIPE) < 0 && !r)
		r = -1;
	/* The middle ended: the file is ours now, every page of it. */
	if (!r && (budget_read(&me2) < 0 || me2.files < me0.files + 3 * 4096))
		r = r ? r : fail("after its lender ended, the file is charged to no one here "
		                 "(files %lu -> %lu)",
		                 me0.files, me2.files);
	if (unlink(HEIR_FILE) < 0 && !r)
		r = fail("unlink: %s", strerror(errno));
	return r;
}
