/* Processes: identity, fork, wait, signals and the end of a process. The
 * server does the work; here are only the calls and errno. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include <rn/ipc.h>
#include <rn/px_call.h>
#include "syscalls.h"

_Static_assert(PX_WNOHANG == WNOHANG && PX_WUNTRACED == WUNTRACED && PX_WCONTINUED == WCONTINUED,
               "px.h wait options are newlib's (and libc-glue's)");
_Static_assert(PX_SIGKILL == SIGKILL && PX_SIGSEGV == SIGSEGV && PX_SIGTERM == SIGTERM &&
                   PX_SIGHUP == SIGHUP && PX_SIGSTOP == SIGSTOP && PX_SIGTSTP == SIGTSTP &&
                   PX_SIGCONT == SIGCONT && PX_SIGTTIN == SIGTTIN && PX_SIGTTOU == SIGTTOU,
               "px.h signal numbers are newlib's");
_Static_assert(WIFEXITED(PX_W_EXITED(255)) && WEXITSTATUS(PX_W_EXITED(255)) == 255 &&
                   WIFSIGNALED(PX_W_SIGNALED(PX_SIGSEGV)) &&
                   WTERMSIG(PX_W_SIGNALED(PX_SIGSEGV)) == PX_SIGSEGV &&
                   WIFSTOPPED(PX_W_STOPPED(PX_SIGTSTP)) &&
                   WSTOPSIG(PX_W_STOPPED(PX_SIGTSTP)) == PX_SIGTSTP &&
                   WIFCONTINUED(PX_W_CONTINUED) && !WIFSTOPPED(PX_W_CONTINUED) &&
                   !WIFEXITED(PX_W_CONTINUED) && !WIFSIGNALED(PX_W_CONTINUED),
               "px.h wait statuses decode with newlib's <sys/wait.h>");

/* PX_EXIT is not answered: the server ends the caller. Should the Call
 * ever return, the process waits where it costs nothing. */
void _exit(int status)
{
	px_call(PX_EXIT, status, 0, 0, NULL);
	for (;;)
		rn_wait(PX_SLOT_NOTIFY);
}

/* Answered only when refused (EPERM: the caller lacks the system right). */
int rn_poweroff(int status)
{
	return px_return(px_call(PX_POWEROFF, status, 0, 0, NULL));
}

pid_t _getpid(void)
{
	return (pid_t)px_call(PX_GETPID, 0, 0, 0, NULL); /* cannot fail */
}

pid_t getppid(void)
{
	return (pid_t)px_call(PX_GETPPID, 0, 0, 0, NULL); /* cannot fail */
}

void px_fp_save_callee(double buf[13]);
void px_fp_load_callee(const double buf[13]);

/* The child wakes from the same Call, answered with 0. The server copies
 * the parent's integer registers into the child's new thread, whose FP
 * registers start at zero: the ones a caller may keep across a call
 * (fs0-fs11, fcsr) are carried over here, through the child's copy of
 * this stack. */
pid_t rn_fork_limits(size_t limit, size_t guarantee, unsigned flags)
{
#if __riscv_flen == 64
	double fp[13];

	px_fp_save_callee(fp);
	pid_t pid = px_return(px_call_blocking(PX_FORK, limit, guarantee, flags, NULL));
	if (pid == 0)
		px_fp_load_callee(fp);
	return pid;
#else /* a soft-float build (bench comparisons): no FP registers */
	return px_return(px_call_blocking(PX_FORK, limit, guarantee, flags, NULL));
#endif
}

pid_t rn_fork_budget(size_t limit)
{
	return rn_fork_limits(limit, 0, 0);
}

pid_t _fork(void)
{
	return rn_fork_budget(0);
}

int _kill(pid_t pid, int sig)
{
	return px_return(px_call_blocking(PX_KILL, pid, sig, 0, NULL));
}

/* The server answers "would block" while the awaited children run, and
 * signals the notification when one ends (px_call_blocking waits). */
pid_t rn_wait_peak(pid_t pid, int *status, int options, size_t *peak)
{
	long extra[3];
	long r = px_call_blocking(PX_WAIT, pid, options, 0, extra);

	if (r > 0 && status)
		*status = (int)extra[0];
	if (r > 0 && peak)
		*peak = (size_t)extra[1];
	return px_return(r);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return rn_wait_peak(pid, status, options, NULL);
}

int rn_budget_grow(pid_t pid, size_t bytes)
{
	return px_return(px_call(PX_BUDGET_GROW, pid, (long)bytes, 0, NULL));
}

int rn_budget_guarantee(pid_t pid, size_t bytes)
{
	return px_return(px_call(PX_BUDGET_GUARANTEE, pid, (long)bytes, 0, NULL));
}

ssize_t rn_budget_shrink(pid_t pid, size_t bytes, size_t *could)
{
	long extra[3];
	long r = px_call(PX_BUDGET_SHRINK, pid, (long)bytes, 0, extra);

	if (could)
		*could = r >= 0 ? (size_t)extra[0] : 0;
	return px_return(r);
}

pid_t _wait(int *status)
{
	return waitpid(-1, status, 0);
}

int rn_budget_tree(pid_t root, size_t skip, struct px_budget_rec *out, size_t max,
                   struct rn_budget_tree_info *info)
{
	long extra[3];
	long r = px_call(PX_BUDGET_TREE, root, (long)skip, 0, extra);

	if (r < 0)
		return (int)px_fail(r);
	info->count = (size_t)extra[0];
	info->ram = (size_t)extra[1];
	info->server = (size_t)extra[2];
	if ((size_t)r > max)
		r = (long)max;
	if (px_copy_out(out, PX_SHARED, (size_t)r * sizeof *out) < 0)
		return -1;
	return (int)r;
}
