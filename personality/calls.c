/* The call table (calls.h). Each handler takes its arguments out of the
 * request's words and the caller's shared buffer and calls the module
 * that does the work; docs/personality.md lists which module that is for
 * every call. */
#include "personality/calls.h"

#include "personality/fd.h"
#include "personality/jobs.h"
#include "personality/lend.h"
#include "personality/mmap.h"
#include "personality/process.h"
#include "personality/procfs.h"
#include "personality/quota.h"
#include "personality/signal.h"
#include "personality/sysmem.h"
#include "personality/clock.h"
#include "personality/timer.h"
#include "personality/tty.h"
#include "personality/vfs.h"
#include "personality/vm.h"

#include <generated/config.h>
#include <rn/syscall.h>
#include <rn/px.h>

/* The caller's shared buffer, where bulk arguments and results travel. */
static char *buffer(struct proc *p)
{
	return (char *)window_va(p->pid, WINDOW_SHARED_PAGE);
}

/* ---- processes ---------------------------------------------------------------- */

static long sys_exit(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	process_exit(p, PX_W_EXITED(in[1]));
	return CALL_NO_ANSWER;
}

static long sys_getpid(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return p->pid;
}

static long sys_getppid(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return p->ppid;
}

/* The system right passes only from a holder, and only when it asks
 * (PX_FORK_SYSTEM): a child starts without it. */
static long sys_fork(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	unsigned flags = (unsigned)in[3];
	if ((flags & PX_FORK_SYSTEM) && !p->system_right)
		return -PX_EPERM;
	long pid = process_fork(p, in[1], in[2], flags & ~(unsigned)PX_FORK_SYSTEM);
	if (pid > 0)
		proc_get((uint64_t)pid)->system_right = (flags & PX_FORK_SYSTEM) != 0;
	return pid;
}

static long sys_execve(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	long r = process_exec(p, (const struct px_exec_args *)buffer(p));
	return r ? r : CALL_NO_ANSWER; /* it runs the new program */
}

static long sys_wait(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	uint32_t status = 0;
	long r = process_wait(p, (long)in[1], (unsigned)in[2], &status, &out[1]);
	out[0] = status;
	return r;
}

static long sys_mmap(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return mmap_map(p, (const struct px_mmap_args *)buffer(p));
}

static long sys_munmap(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return mmap_unmap(p, in[1], in[2]);
}

static long sys_mprotect(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return mmap_protect(p, in[1], in[2], (unsigned)in[3]);
}

static long sys_poll(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_poll(p, (struct px_pollfd *)buffer(p), in[1], in[2]);
}

static long sys_times(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	process_times(p, (struct px_times *)buffer(p));
	return CONFIG_TIMER_TICK_US; /* what the kernel samples in */
}

static long sys_sbrk(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vm_sbrk(p, (long)in[1]);
}

/* Stops the whole system: the system right's holders only. */
static long sys_poweroff(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	if (!p->system_right)
		return -PX_EPERM;
	sysmem_poweroff((int)(in[1] & 0xff));
}

/* ---- signals ------------------------------------------------------------------ */

static long sys_kill(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return signal_kill(p, (long)in[1], (long)in[2]);
}

static long sys_signal(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return signal_disposition(p, in[1], in[2]);
}

static long sys_sigaction(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return signal_action(p, in[1], in[2], (struct px_sigaction *)buffer(p));
}

static long sys_sigprocmask(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return signal_procmask(p, in[1], in[2]);
}

static long sys_sigpending(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return p->sig_pending;
}

static long sys_sigsuspend(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return signal_suspend(p, in[1]);
}

static long sys_sigreturn(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	long r = signal_return(p, in[1]);
	return r ? r : CALL_NO_ANSWER; /* it resumed where the handler interrupted it */
}

static long sys_sigaltstack(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return signal_altstack(p, in[1], in[2], in[3], out);
}

/* ---- process groups, sessions, the terminal ----------------------------------- */

static long sys_setpgid(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return jobs_setpgid(p, in[1], in[2]);
}

static long sys_getpgid(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return jobs_getpgid(p, in[1]);
}

static long sys_setsid(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return jobs_setsid(p);
}

static long sys_tcgetpgrp(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return tty_tcgetpgrp(p);
}

static long sys_tcsetpgrp(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return tty_tcsetpgrp(p, in[1]);
}

static long sys_tcgetattr(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	tty_getattr(&out[0], &out[1]);
	return 0;
}

static long sys_tcsetattr(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return tty_setattr(in[1], in[2]);
}

/* ---- descriptors ---------------------------------------------------------------- */

static long sys_write(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_write(p, in[1], buffer(p), in[2]);
}

static long sys_read(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_read(p, in[1], buffer(p), in[2]);
}

static long sys_open(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_open(p, buffer(p), in[1], in[2]);
}

static long sys_close(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_close(p, in[1]);
}

static long sys_fstat(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_fstat(p, in[1], buffer(p));
}

static long sys_lseek(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_lseek(p, in[1], (int64_t)in[2], in[3]);
}

static long sys_pipe(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_pipe(p, out);
}

static long sys_dup(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_dup(p, in[1], in[2]);
}

static long sys_dup2(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_dup2(p, in[1], in[2]);
}

static long sys_fcntl(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_fcntl(p, in[1], in[2], in[3]);
}

static long sys_readdir(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_readdir(p, in[1], buffer(p), in[2]);
}

static long sys_ftruncate(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return fd_ftruncate(p, in[1], in[2]);
}

/* ---- paths ---------------------------------------------------------------------- */

static long sys_stat(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_stat(p, buffer(p));
}

static long sys_chdir(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_chdir(p, buffer(p));
}

static long sys_getcwd(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_getcwd(p, buffer(p), in[1], &out[0]);
}

static long sys_unlink(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_unlink(p, buffer(p));
}

static long sys_mkdir(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_mkdir(p, buffer(p), in[1]);
}

static long sys_rmdir(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_rmdir(p, buffer(p));
}

static long sys_rename(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_rename(p, buffer(p));
}

static long sys_link(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_link(p, buffer(p));
}

static long sys_symlink(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_symlink(p, buffer(p));
}

static long sys_readlink(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_readlink(p, buffer(p));
}

static long sys_lstat(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_lstat(p, buffer(p));
}

static long sys_realpath(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_realpath(p, buffer(p));
}

static long sys_chmod(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_chmod(p, buffer(p), in[1]);
}

static long sys_utimens(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return vfs_utimens(p, buffer(p), in[1]);
}

/* ---- time ----------------------------------------------------------------------- */

static long sys_sleep_until(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return timer_sleep_until(p, in[1]);
}

static long sys_alarm(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return timer_alarm(p, in[1] != 0, in[2], in[3], &out[0], &out[1]);
}

static long sys_realtime(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	out[0] = clock_boot_ns();
	return 0;
}

/* ---- budgets -------------------------------------------------------------------- */

static long sys_budget(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	struct proc *t = in[1] ? proc_get(in[1]) : p;
	if (!t)
		return -PX_ESRCH;
	quota_info(t, (struct px_budget_info *)buffer(p));
	return 0;
}

static long sys_budget_tree(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	if (in[1] && !proc_get(in[1]))
		return -PX_ESRCH;
	out[1] = procfs_ram;
	out[2] = procfs_server;
	return quota_tree((uint32_t)in[1], in[2], (struct px_budget_rec *)buffer(p),
	                  PX_SHARED_SIZE / sizeof(struct px_budget_rec), &out[0]);
}

static long sys_budget_grow(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return lend_grow(p, in[1], in[2]);
}

static long sys_budget_guarantee(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return lend_guarantee(p, in[1], in[2]);
}

static long sys_budget_shrink(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return lend_shrink(p, in[1], in[2], &out[0]);
}

/* ---- the table ------------------------------------------------------------------ */

const struct call calls[PX_CALL_COUNT] = {
	[PX_EXIT] = { sys_exit, 0 },
	[PX_WRITE] = { sys_write, 0 },
	[PX_READ] = { sys_read, 0 },
	[PX_GETPID] = { sys_getpid, 0 },
	[PX_GETPPID] = { sys_getppid, 0 },
	[PX_SBRK] = { sys_sbrk, 0 },
	[PX_MMAP] = { sys_mmap, 0 },
	[PX_MUNMAP] = { sys_munmap, 0 },
	[PX_MPROTECT] = { sys_mprotect, 0 },
	[PX_POLL] = { sys_poll, 0 },
	[PX_TIMES] = { sys_times, 0 },
	[PX_LINK] = { sys_link, 0 },
	[PX_SYMLINK] = { sys_symlink, 0 },
	[PX_READLINK] = { sys_readlink, 0 },
	[PX_LSTAT] = { sys_lstat, 0 },
	[PX_REALPATH] = { sys_realpath, 0 },
	[PX_FORK] = { sys_fork, 0 },
	[PX_EXECVE] = { sys_execve, 0 },
	[PX_WAIT] = { sys_wait, 2 },
	[PX_KILL] = { sys_kill, 0 },
	[PX_FSTAT] = { sys_fstat, 0 },
	[PX_LSEEK] = { sys_lseek, 0 },
	[PX_CLOSE] = { sys_close, 0 },
	[PX_OPEN] = { sys_open, 0 },
	[PX_BUDGET] = { sys_budget, 0 },
	[PX_POWEROFF] = { sys_poweroff, 0 },
	[PX_PIPE] = { sys_pipe, 2 },
	[PX_DUP] = { sys_dup, 0 },
	[PX_DUP2] = { sys_dup2, 0 },
	[PX_FCNTL] = { sys_fcntl, 0 },
	[PX_STAT] = { sys_stat, 0 },
	[PX_READDIR] = { sys_readdir, 0 },
	[PX_CHDIR] = { sys_chdir, 0 },
	[PX_GETCWD] = { sys_getcwd, 1 },
	[PX_SIGNAL] = { sys_signal, 0 },
	[PX_SETPGID] = { sys_setpgid, 0 },
	[PX_GETPGID] = { sys_getpgid, 0 },
	[PX_SETSID] = { sys_setsid, 0 },
	[PX_TCGETPGRP] = { sys_tcgetpgrp, 0 },
	[PX_TCSETPGRP] = { sys_tcsetpgrp, 0 },
	[PX_TCGETATTR] = { sys_tcgetattr, 2 },
	[PX_TCSETATTR] = { sys_tcsetattr, 0 },
	[PX_UNLINK] = { sys_unlink, 0 },
	[PX_MKDIR] = { sys_mkdir, 0 },
	[PX_RMDIR] = { sys_rmdir, 0 },
	[PX_RENAME] = { sys_rename, 0 },
	[PX_FTRUNCATE] = { sys_ftruncate, 0 },
	[PX_CHMOD] = { sys_chmod, 0 },
	[PX_UTIMENS] = { sys_utimens, 0 },
	[PX_SIGACTION] = { sys_sigaction, 0 },
	[PX_SIGPROCMASK] = { sys_sigprocmask, 0 },
	[PX_SIGPENDING] = { sys_sigpending, 0 },
	[PX_SIGSUSPEND] = { sys_sigsuspend, 0 },
	[PX_SIGRETURN] = { sys_sigreturn, 0 },
	[PX_SLEEP_UNTIL] = { sys_sleep_until, 0 },
	[PX_REALTIME] = { sys_realtime, 1 },
	[PX_ALARM] = { sys_alarm, 2 },
	[PX_BUDGET_GROW] = { sys_budget_grow, 0 },
	[PX_BUDGET_SHRINK] = { sys_budget_shrink, 1 },
	[PX_BUDGET_TREE] = { sys_budget_tree, 3 },
	[PX_BUDGET_GUARANTEE] = { sys_budget_guarantee, 0 },
	[PX_SIGALTSTACK] = { sys_sigaltstack, 3 },
};
