/* Children for the tests: spawning, reaping and checking how they ended.
 * Every child is tracked until reaped, so that a test that fails half way
 * leaves no process behind to confuse the next one. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include <rn/ipc.h>
#include "pxtest.h"

#define MAX_TRACKED 32

static pid_t tracked[MAX_TRACKED];
static int ntracked;

static void track(pid_t pid)
{
	if (ntracked < MAX_TRACKED)
		tracked[ntracked++] = pid;
}

void forget(pid_t pid)
{
	for (int i = 0; i < ntracked; i++)
		if (tracked[i] == pid)
			tracked[i] = tracked[--ntracked];
}

int kill_children(void)
{
	int n = ntracked, status;

	for (int i = 0; i < n; i++) {
		kill(tracked[i], SIGKILL);
		waitpid(tracked[i], &status, 0);
	}
	ntracked = 0;
	return n;
}

pid_t spawn_limits(size_t limit, size_t guarantee, unsigned flags, int (*body)(long),
                   long arg)
{
	pid_t pid;

	/* The child gets a copy of stdio's buffer: empty it first. */
	fflush(stdout);
	pid = limit || guarantee || flags ? rn_fork_limits(limit, guarantee, flags) : fork();
	if (pid == 0) {
		int code = body(arg);

		fflush(stdout);
		_exit(code); /* not exit(): no atexit handlers of the parent's */
	}
	if (pid > 0)
		track(pid);
	return pid;
}

pid_t spawn_budget(size_t limit, int (*body)(long), long arg)
{
	return spawn_limits(limit, 0, 0, body, arg);
}

pid_t spawn(int (*body)(long), long arg)
{
	return spawn_limits(0, 0, 0, body, arg);
}

int reap(pid_t pid, int *status)
{
	pid_t r;

	if (pid < 0) /* spawn's failure, passed on */
		return fail("fork: %s", strerror(errno));
	r = waitpid(pid, status, 0);
	if (r != pid)
		return fail("waitpid(%d) = %d: %s", pid, r, strerror(errno));
	forget(pid);
	return 0;
}

int expect_exit(pid_t pid, int code)
{
	int status;

	if (reap(pid, &status) < 0)
		return -1;
	if (WIFSIGNALED(status))
		return fail("pid %d killed by signal %d, expected exit %d", pid, WTERMSIG(status),
		            code);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		return fail("pid %d: status %#x, expected exit %d", pid, status, code);
	return 0;
}

int expect_signal(pid_t pid, int sig)
{
	int status;

	if (reap(pid, &status) < 0)
		return -1;
	if (WIFEXITED(status))
		return fail("pid %d exited with %d, expected signal %d", pid, WEXITSTATUS(status),
		            sig);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != sig)
		return fail("pid %d: status %#x, expected signal %d", pid, status, sig);
	return 0;
}

int exit_with(long code)
{
	return (int)code;
}

int sleep_then_exit(long code)
{
	usleep(200 * 1000);
	return (int)code;
}

/* Blocks on the process's own notification, which nothing signals for a
 * process without children: it costs no processor time until killed. */
int park(long unused)
{
	for (;;)
		rn_wait(PX_SLOT_NOTIFY);
}
