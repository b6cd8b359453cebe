/* Processes: identity, fork and the wait family with their statuses, and
 * the signals the server delivers (kill, and SIGSEGV for bad accesses). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

/* The child checks its identity against its parent's pid (arg). */
static int identity_child(long parent)
{
	if (getppid() != parent)
		return 1;
	if (getpid() == parent || getpid() <= 0)
		return 2;
	return 0;
}

int test_getpid(void)
{
	pid_t pid = getpid(), ppid = getppid();

	if (pid <= 0)
		return fail("getpid() = %d", pid);
	if (ppid < 0 || ppid == pid)
		return fail("getppid() = %d (pid %d)", ppid, pid);
	if (getpid() != pid)
		return fail("getpid() changed: %d, then %d", pid, getpid());
	return expect_exit(spawn(identity_child, pid), 0);
}

/* Several children at once, reaped in whatever order they end. */
int test_fork_wait(void)
{
	static const int codes[] = { 0, 7, 255 };
	pid_t pids[3];
	int status;

	for (int i = 0; i < 3; i++)
		if ((pids[i] = spawn(exit_with, codes[i])) < 0)
			return fail("fork: %s", strerror(errno));
	for (int n = 0; n < 3; n++) {
		pid_t pid = wait(&status);
		int i = 0;

		while (i < 3 && pids[i] != pid)
			i++;
		if (i == 3)
			return fail("wait() = %d (%s), not a child waited for", pid,
			            strerror(errno));
		forget(pid);
		pids[i] = 0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != codes[i])
			return fail("pid %d: status %#x, expected exit %d", pid, status, codes[i]);
	}
	if (wait(&status) != -1 || errno != ECHILD)
		return fail("a fourth wait(): %s, expected ECHILD", strerror(errno));
	return 0;
}

/* waitpid for one child returns that one, even when another ended first. */
int test_waitpid_pid(void)
{
	pid_t slow = spawn(sleep_then_exit, 1);
	pid_t fast = spawn(exit_with, 2);

	if (slow < 0 || fast < 0)
		return fail("fork: %s", strerror(errno));
	if (expect_exit(slow, 1) < 0)
		return -1;
	return expect_exit(fast, 2);
}

int test_waitpid_wnohang(void)
{
	pid_t pid = spawn(sleep_then_exit, 3);
	int status = -1;
	pid_t r;

	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	r = waitpid(pid, &status, WNOHANG);
	if (r != 0)
		return fail("waitpid(WNOHANG) on a running child = %d (%s)", r, strerror(errno));
	if (status != -1)
		return fail("waitpid(WNOHANG) returned 0 but set the status");
	r = waitpid(-1, &status, WNOHANG);
	if (r != 0)
		return fail("waitpid(-1, WNOHANG) = %d (%s)", r, strerror(errno));
	return expect_exit(pid, 3);
}

/* waitpid(0, ...) waits for a child in the caller's group, waitpid(-g, ...)
 * for one in group g; a group with no child of ours is ECHILD. */
int test_waitpid_groups(void)
{
	int status;
	pid_t same = spawn(exit_with, 4), other = spawn(park, 0);

	if (same < 0 || other < 0)
		return fail("fork: %s", strerror(errno));
	/* (parked, so that it is still there to move into a group of its own) */
	if (setpgid(other, other) < 0 || kill(other, SIGKILL) < 0)
		return fail("setpgid, kill: %s", strerror(errno));
	pid_t r = waitpid(-other, &status, 0);
	if (r != other || !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		return fail("waitpid(-%d) = %d, status %#x", other, r, status);
	forget(other);
	r = waitpid(0, &status, 0);
	if (r != same || !WIFEXITED(status) || WEXITSTATUS(status) != 4)
		return fail("waitpid(0) = %d, status %#x", r, status);
	forget(same);
	if (waitpid(-other, &status, WNOHANG) != -1 || errno != ECHILD)
		return fail("waitpid of an empty group: %s, expected ECHILD", strerror(errno));
	return 0;
}

int test_wait_echild(void)
{
	int status;

	if (wait(&status) != -1 || errno != ECHILD)
		return fail("wait() without children: %s, expected ECHILD", strerror(errno));
	if (waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD)
		return fail("waitpid(-1, WNOHANG) without children: %s", strerror(errno));
	return 0;
}

int test_kill(void)
{
	pid_t pid = spawn(park, 0);

	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	if (kill(pid, SIGTERM) != 0)
		return fail("kill(%d, SIGTERM): %s", pid, strerror(errno));
	return expect_signal(pid, SIGTERM);
}

/* Three kinds of bad access; the compiler must not see the address (it
 * would warn, or assume the access cannot happen). */
enum { WRITE_NEAR_NULL, READ_KERNEL_HALF, JUMP_NEAR_NULL };

static int bad_access(long kind)
{
	volatile uintptr_t low = 0x10, high = 0xffffffc000000000ul;

	if (kind == WRITE_NEAR_NULL)
		*(volatile int *)low = 1;
	else if (kind == READ_KERNEL_HALF)
		return *(volatile int *)high;
	else
		((void (*)(void))low)();
	return 0; /* still alive: the parent sees exit 0, not SIGSEGV */
}

int test_sigsegv(void)
{
	for (long kind = WRITE_NEAR_NULL; kind <= JUMP_NEAR_NULL; kind++) {
		pid_t pid = spawn(bad_access, kind);

		if (pid < 0)
			return fail("fork: %s", strerror(errno));
		if (expect_signal(pid, SIGSEGV) < 0)
			return -1;
	}
	return 0;
}

/* An orphan: the child forks a grandchild and exits at once. The grandchild
 * is reparented to init (this test program is pid 1 when it runs as init),
 * and its memory, which lies inside the child's budget, comes back only
 * when both are reaped. */
static int orphan_grandchild(long unused)
{
	(void)unused;
	pid_t me = getpid();
	pid_t g = fork();
	if (g < 0)
		return 1;
	if (g == 0) {
		/* Wait until the parent has gone (bounded). */
		for (int i = 0; i < 10000 && getppid() == me; i++)
			usleep(100);
		_exit(getppid() == 1 ? 42 : 43);
	}
	return 0;
}

int test_orphans(void)
{
	if (getpid() != 1)
		return 0; /* reparenting goes to init: only meaningful as init */
	int status;
	if (expect_exit(spawn(orphan_grandchild, 0), 0) < 0)
		return -1;
	pid_t g = wait(&status);
	if (g < 0)
		return fail("wait for the orphan: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 42)
		return fail("orphan %d: status %#x, expected exit 42 (saw init as parent)", g,
		            status);
	return 0;
}

/* A child asked for with rn_fork_budget gets that limit exactly (a
 * power of two or not), no guarantee, and holds only what it drew on
 * demand, its first block at least; one with a guarantee holds it at
 * once. */
static int terms_are(long packed)
{
	unsigned long limit = (unsigned long)packed >> 24 << 12,
	              guarantee = ((unsigned long)packed & 0xffffff) << 12;
	struct px_budget_info b;
	if (rn_budget_info(0, &b) < 0)
		return 2;
	if (b.limit != limit || b.guarantee != guarantee)
		return 1;
	if (b.total > limit || b.total < guarantee || b.total < (32ul << 10))
		return 3;
	return 0;
}

int test_exact_budget(void)
{
	static const long sizes[][2] = {
		{ 256 << 10, 0 },
		{ 300 << 10, 0 },
		{ (1 << 20) + (12 << 10), 0 },
		{ 1 << 20, 300 << 10 },
		{ 2 << 20, 2 << 20 },
	};
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		long packed = sizes[i][0] >> 12 << 24 | sizes[i][1] >> 12;
		pid_t pid = spawn_limits((size_t)sizes[i][0], (size_t)sizes[i][1], 0, terms_are, packed);
		if (expect_exit(pid, 0) < 0)
			return fail("a child asked to have limit %ld, guarantee %ld has other terms "
			            "(exit 1: not those, 3: holds past them)",
			            sizes[i][0], sizes[i][1]);
	}
	return 0;
}
