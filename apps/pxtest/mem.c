/* Memory and budgets: the break, malloc, running out of memory without
 * crashing, running out of budget for processes, and the server's
 * accounting of it all (each `exact` test also checks the bytes come
 * back, main.c). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

#define PAGE 4096

int test_budget_info(void)
{
	struct px_budget_info me, again;

	if (budget_read(&me) < 0)
		return -1;
	if (me.pid != (unsigned long)getpid())
		return fail("budget of pid %lu, asked for the caller's (%d)", me.pid, getpid());
	if (me.total == 0 || me.free > me.total || me.peak < me.total - me.free)
		return fail("figures out of range: total %lu, free %lu, peak %lu", me.total,
		            me.free, me.peak);
	if (rn_budget_info(getpid(), &again) < 0 || again.total != me.total)
		return fail("by pid: %s, total %lu", strerror(errno), again.total);
	if (rn_budget_info(99999, &again) != -1 || errno != ESRCH)
		return fail("budget of a missing pid: %s, expected ESRCH", strerror(errno));
	return 0;
}

/* The break moves both ways, then malloc takes 1 MiB that must hold a
 * pattern on every page. */
int test_sbrk_malloc(void)
{
	char *brk0 = sbrk(0), *p = sbrk(PAGE);
	unsigned char *m;
	size_t size = 1 << 20;

	if (brk0 == (char *)-1 || p != brk0)
		return fail("sbrk(%d) = %p, break was %p", PAGE, (void *)p, (void *)brk0);
	memset(p, 0xa5, PAGE);
	if (sbrk(0) != brk0 + PAGE || sbrk(-PAGE) != brk0 + PAGE || sbrk(0) != brk0)
		return fail("the break did not go back to %p", (void *)brk0);

	if (!(m = malloc(size)))
		return fail("malloc(1 MiB): %s", strerror(errno));
	for (size_t i = 0; i < size; i++)
		m[i] = (unsigned char)(i ^ i >> 12);
	for (size_t i = 0; i < size; i++)
		if (m[i] != (unsigned char)(i ^ i >> 12)) {
			free(m);
			return fail("byte %zu of 1 MiB reads %#x", i, m[i]);
		}
	free(m);
	return 0;
}

/* ---- malloc until it fails ---- */
#define HOG_BUDGET (4ul << 20)
#define HOG_CHUNK  (64ul << 10)
enum { HOG_BAD_ERRNO = 250, HOG_UNBOUNDED = 251 };

/* Allocates and touches 64 KiB chunks until malloc says ENOMEM; exits with
 * the number of chunks, which its budget bounds. */
static int hog(long unused)
{
	size_t n = 0;
	char *p;

	errno = 0;
	while ((p = malloc(HOG_CHUNK))) {
		for (size_t off = 0; off < HOG_CHUNK; off += PAGE)
			p[off] = 1;
		if (++n > HOG_BUDGET / HOG_CHUNK)
			return HOG_UNBOUNDED;
	}
	return errno == ENOMEM ? (int)n : HOG_BAD_ERRNO;
}

/* Meanwhile a sibling allocates, fills and checks, round after round: the
 * hog's exhaustion must not touch it (1: malloc failed, 2: bad data). */
static int sibling(long unused)
{
	enum { BLOCKS = 16, SIZE = 16 << 10 };

	for (int round = 0; round < 8; round++) {
		unsigned char *b[BLOCKS];
		uint64_t wrote = 0, read = 0;

		for (int i = 0; i < BLOCKS; i++) {
			if (!(b[i] = malloc(SIZE)))
				return 1;
			for (int j = 0; j < SIZE; j++)
				wrote += b[i][j] = (unsigned char)(i * 31 + round + j);
		}
		for (int i = 0; i < BLOCKS; i++) {
			for (int j = 0; j < SIZE; j++)
				read += b[i][j];
			free(b[i]);
		}
		if (read != wrote)
			return 2;
		usleep(1000); /* let the hog run in between */
	}
	return 0;
}

int test_malloc_exhaustion(void)
{
	pid_t h = spawn_budget(HOG_BUDGET, hog, 0);
	pid_t s = spawn(sibling, 0);
	int status;

	if (reap(h, &status) < 0)
		return -1;
	if (!WIFEXITED(status))
		return fail("the hog died of signal %d instead of seeing NULL", WTERMSIG(status));
	if (WEXITSTATUS(status) == HOG_BAD_ERRNO)
		return fail("malloc returned NULL without ENOMEM");
	if (WEXITSTATUS(status) == HOG_UNBOUNDED)
		return fail("malloc went past the hog's %lu-byte budget", HOG_BUDGET);
	return expect_exit(s, 0);
}

/* ---- fork until it fails ---- */
#define MAX_FORKS 64
enum { EXH_NEVER_FAILED = 1, EXH_BAD_ERRNO, EXH_KILL, EXH_WAIT };

/* Forks children that park until fork fails (it must say EAGAIN), then
 * kills and reaps them all. */
static int forker(long unused)
{
	pid_t kids[MAX_FORKS];
	int n = 0, code = EXH_NEVER_FAILED, status;

	while (n < MAX_FORKS) {
		pid_t pid = fork();

		if (pid == 0)
			park(0);
		if (pid < 0) {
			code = errno == EAGAIN ? 0 : EXH_BAD_ERRNO;
			break;
		}
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		if (kill(kids[i], SIGKILL) != 0)
			code = EXH_KILL;
	for (int i = 0; i < n; i++)
		if (waitpid(kids[i], &status, 0) != kids[i] || !WIFSIGNALED(status) ||
		    WTERMSIG(status) != SIGKILL)
			code = EXH_WAIT;
	return code;
}

int test_fork_exhaustion(void)
{
	static const char *const why[] = {
		[EXH_NEVER_FAILED] = "fork never failed",
		[EXH_BAD_ERRNO] = "fork failed, but not with EAGAIN",
		[EXH_KILL] = "kill of a parked child failed",
		[EXH_WAIT] = "a killed child did not end by SIGKILL",
	};
	struct px_budget_info me;
	size_t budget;
	int status;
	pid_t pid;

	/* Room for the forker and a child or two, whatever a process costs:
	 * a few times the caller's own use, and at least 256 KiB. */
	if (budget_read(&me) < 0)
		return -1;
	budget = 3 * (me.total - me.free - me.lent);
	if (budget < (256ul << 10))
		budget = 256ul << 10;
	pid = spawn_budget(budget, forker, 0);
	if (pid < 0)
		return fail("rn_fork_budget(%zu): %s", budget, strerror(errno));
	if (reap(pid, &status) < 0)
		return -1;
	if (!WIFEXITED(status))
		return fail("the forker died of signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return fail("%s", WEXITSTATUS(status) <= EXH_WAIT ? why[WEXITSTATUS(status)]
		                                                  : "unknown exit status");
	/* Its exhaustion was its own: the caller forks as before. */
	return expect_exit(spawn(exit_with, 0), 0);
}
