/* Signals, process groups and sessions (signal.h). */
#include "personality/signal.h"

#include "personality/process.h"

uint32_t signal_foreground = 1;

static bool default_ignored(int sig)
{
	/* SIGURG, SIGCONT, SIGCHLD, SIGWINCH (newlib's numbers). */
	return sig == 16 || sig == 19 || sig == PX_SIGCHLD || sig == 28;
}

void signal_send(struct proc *p, int sig)
{
	if (sig == 0 || p->state != PROC_RUNNING)
		return;
	bool catchable = sig != PX_SIGKILL && sig != PX_SIGSTOP;
	if (catchable && ((p->sig_ignored & (1u << sig)) || default_ignored(sig)))
		return;
	process_exit(p, PX_W_SIGNALED(sig));
}

unsigned signal_group(uint32_t pgid, int sig)
{
	unsigned n = 0;
	for (uint32_t pid = 1; pid < MAX_PROCS; pid++) {
		struct proc *p = proc_get(pid);
		if (p && p->state == PROC_RUNNING && p->pgid == pgid) {
			signal_send(p, sig);
			n++;
		}
	}
	return n;
}

long signal_kill(struct proc *from, long pid, long sig)
{
	if (sig < 0 || sig >= PX_NSIG)
		return -PX_EINVAL;
	if (pid == 0 || pid < -1) {
		uint32_t pgid = pid == 0 ? from->pgid : (uint32_t)-pid;
		if (pgid == 1 && sig)
			return -PX_EPERM; /* init's group is init alone */
		return signal_group(pgid, (int)sig) ? 0 : -PX_ESRCH;
	}
	if (pid == -1) {
		/* Everyone but init and the caller, as Linux does. */
		for (uint32_t q = 2; q < MAX_PROCS; q++) {
			struct proc *t = proc_get(q);
			if (t && t != from && t->state == PROC_RUNNING)
				signal_send(t, (int)sig);
		}
		return 0;
	}
	struct proc *t = proc_get((uint64_t)pid);
	if (!t)
		return -PX_ESRCH;
	if (t->pid == 1 && sig)
		return -PX_EPERM;
	signal_send(t, (int)sig);
	return 0;
}

long signal_disposition(struct proc *p, uint64_t sig, uint64_t action)
{
	if (sig == 0 || sig >= PX_NSIG)
		return -PX_EINVAL;
	long old = p->sig_ignored & (1u << sig) ? PX_SIG_IGN : PX_SIG_DFL;
	if (action > PX_SIG_IGN)
		return -PX_ENOSYS; /* a handler in the process: not yet */
	if (sig == PX_SIGKILL || sig == PX_SIGSTOP)
		return action == PX_SIG_DFL ? old : -PX_EINVAL;
	if (action == PX_SIG_IGN)
		p->sig_ignored |= 1u << sig;
	else
		p->sig_ignored &= ~(1u << sig);
	return old;
}

static bool group_in_session(uint32_t pgid, uint32_t sid)
{
	for (uint32_t pid = 1; pid < MAX_PROCS; pid++) {
		struct proc *q = proc_get(pid);
		if (q && q->state == PROC_RUNNING && q->pgid == pgid && q->sid == sid)
			return true;
	}
	return false;
}

long signal_setpgid(struct proc *p, uint64_t pid, uint64_t pgid)
{
	struct proc *t = pid ? proc_get(pid) : p;
	if (!t || (t != p && t->ppid != p->pid))
		return -PX_ESRCH;
	if (pgid >= MAX_PROCS)
		return -PX_EINVAL;
	if (t->sid != p->sid || t->pid == t->sid)
		return -PX_EPERM; /* another session, or a session leader */
	uint32_t g = pgid ? (uint32_t)pgid : t->pid;
	if (g != t->pid && !group_in_session(g, p->sid))
		return -PX_EPERM;
	t->pgid = g;
	return 0;
}

long signal_getpgid(struct proc *p, uint64_t pid)
{
	struct proc *t = pid ? proc_get(pid) : p;
	return t ? (long)t->pgid : -PX_ESRCH;
}

long signal_setsid(struct proc *p)
{
	if (p->pgid == p->pid)
		return -PX_EPERM; /* a group leader cannot */
	p->sid = p->pgid = p->pid;
	return p->pid;
}

long signal_tcsetpgrp(struct proc *p, uint64_t pgid)
{
	if (pgid == 0 || pgid >= MAX_PROCS)
		return -PX_EINVAL;
	if (!group_in_session((uint32_t)pgid, p->sid))
		return -PX_EPERM;
	signal_foreground = (uint32_t)pgid;
	return 0;
}
