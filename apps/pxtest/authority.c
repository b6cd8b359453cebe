/* Authority (docs/personality.md, "Who may do what"): power-off needs the
 * system right, which fork passes on only when its holder asks; the
 * kernel's debug calls are not there for processes; kill reaches only the
 * processes the caller may signal (the subtree of the nearest holder of
 * the system right above it), and kill(-1) spares the caller's
 * ancestors. pxtest runs as init, which holds the system right; its
 * children do not, unless given it. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <generated/config.h>
#include <rn/budget.h>
#include <rn/syscall.h>
#include "pxtest.h"

/* Without the right: power-off and handing the right on are EPERM. */
static int without_the_right(long unused)
{
	(void)unused;
	if (rn_poweroff(0) != -1 || errno != EPERM)
		return 10;
	if (rn_fork_limits(0, 0, PX_FORK_SYSTEM) != -1 || errno != EPERM)
		return 11;
	return 0;
}

/* Given the right: it can hand it on (the child, given it, can too), and
 * a child it does not give it to cannot. */
static int with_the_right(long unused)
{
	int status;
	(void)unused;
	pid_t c = rn_fork_limits(0, 0, PX_FORK_SYSTEM);
	if (c == 0) /* the right, handed on again; that child exits at once */
		_exit(rn_fork_limits(0, 0, PX_FORK_SYSTEM) > 0 ? 0 : 1);
	if (c < 0 || waitpid(c, &status, 0) != c || !WIFEXITED(status))
		return 20;
	if (WEXITSTATUS(status) != 0)
		return 21;
	c = fork();
	if (c == 0)
		_exit(without_the_right(0));
	if (c < 0 || waitpid(c, &status, 0) != c || !WIFEXITED(status))
		return 22;
	return WEXITSTATUS(status) ? 23 : 0;
}

int test_poweroff_right(void)
{
	if (expect_exit(spawn(without_the_right, 0), 0) < 0)
		return -1;
	int status;
	pid_t pid;
	/* A grandchild that exits at once is reaped by its parent, or by us
	 * (init) if its parent went first. */
	if (expect_exit(spawn_limits(0, 0, PX_FORK_SYSTEM, with_the_right, 0), 0) < 0)
		return -1;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		;
	return 0;
}

#ifdef CONFIG_DEBUG_SYSCALLS
int test_debug_calls_off(void)
{
	return 0; /* a kernel test variant: they are there */
}
#else
/* The kernel's debug console and power-off: a process calling them is
 * ended (an unknown system call), and the machine stays up. */
static int debug_putchar(long unused)
{
	(void)unused;
	rn_debug_putchar('!');
	return 0;
}

static int debug_poweroff(long unused)
{
	(void)unused;
	rn_debug_poweroff(0);
}

int test_debug_calls_off(void)
{
	if (expect_signal(spawn(debug_putchar, 0), SIGSEGV) < 0)
		return -1;
	return expect_signal(spawn(debug_poweroff, 0), SIGSEGV);
}
#endif

/* A "shell" (holding the system right, as the console's does) with two
 * jobs: one parks, the other sends kill(-1, SIGKILL) and tries a process
 * outside the shell's subtree (`outsider`). The shell must outlive it;
 * the parked job must not. */
static int shell_with_a_killer(long outsider)
{
	int status;
	pid_t victim = fork();
	if (victim == 0)
		park(0);
	pid_t killer = fork();
	if (killer == 0) {
		if (kill((pid_t)outsider, 0) != -1 || errno != EPERM)
			_exit(3);
		if (kill(-(pid_t)outsider, SIGKILL) != -1 || errno != EPERM)
			_exit(4);
		if (kill(getppid(), 0) != 0)
			_exit(5); /* its lender: yes */
		_exit(kill(-1, SIGKILL) == 0 ? 0 : 6);
	}
	if (victim < 0 || killer < 0)
		return 10;
	if (waitpid(killer, &status, 0) != killer || !WIFEXITED(status))
		return 11;
	if (WEXITSTATUS(status))
		return 20 + WEXITSTATUS(status);
	if (waitpid(victim, &status, 0) != victim || !WIFSIGNALED(status) ||
	    WTERMSIG(status) != SIGKILL)
		return 12;
	return 0;
}

int test_kill_rules(void)
{
	pid_t outsider = spawn(park, 0);
	if (outsider < 0)
		return fail("fork: %s", strerror(errno));
	if (setpgid(outsider, outsider) < 0)
		return fail("setpgid: %s", strerror(errno));
	int r = expect_exit(spawn_limits(0, 0, PX_FORK_SYSTEM, shell_with_a_killer, outsider), 0);
	int status;
	if (!r && waitpid(outsider, &status, WNOHANG) != 0)
		r = fail("kill(-1) from another subtree ended pid %d", (int)outsider);
	if (kill(outsider, SIGKILL) < 0 && !r)
		r = fail("kill: %s", strerror(errno));
	if (!r)
		r = expect_signal(outsider, SIGKILL);
	return r;
}
