/* Signals: actions, the mask, waiting for a signal, and the entry where
 * the server starts every handler (docs/personality.md, "Signals"). The
 * server keeps the actions, the mask and the pending set; a handler runs
 * on the interrupted thread's stack, below the frame the server saved
 * there, and PX_SIGRETURN resumes the interrupted code exactly. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <rn/ipc.h>
#include <rn/px_call.h>
#include "syscalls.h"

_Static_assert(PX_SA_NOCLDSTOP == SA_NOCLDSTOP && PX_SA_RESTART == SA_RESTART &&
                   PX_SA_NODEFER == SA_NODEFER && PX_SA_RESETHAND == SA_RESETHAND &&
                   PX_SA_ONSTACK == SA_ONSTACK,
               "px.h sa_flags are <signal.h>'s");
_Static_assert(PX_MINSIGSTKSZ == MINSIGSTKSZ && PX_SS_ONSTACK == SS_ONSTACK &&
                   PX_SS_DISABLE == SS_DISABLE,
               "px.h alternate stack values are <signal.h>'s");
_Static_assert(PX_SIG_BLOCK == SIG_BLOCK && PX_SIG_UNBLOCK == SIG_UNBLOCK &&
                   PX_SIG_SETMASK == SIG_SETMASK && PX_NSIG == NSIG && PX_SIGCHLD == SIGCHLD &&
                   PX_SIGSTOP == SIGSTOP && PX_SIGPIPE == SIGPIPE && PX_SIGINT == SIGINT &&
                   PX_SIGCONT == SIGCONT && PX_SIGQUIT == SIGQUIT,
               "px.h signal values are newlib's");
_Static_assert(SIG_DFL == (_sig_func_ptr)PX_SIG_DFL && SIG_IGN == (_sig_func_ptr)PX_SIG_IGN,
               "px.h dispositions are newlib's");
_Static_assert(sizeof(struct px_sigframe) % 16 == 0, "a frame keeps sp 16-byte aligned");

volatile unsigned long px_signal_runs, px_signal_interrupts;

/* The server starts every handler at px_signal_entry (fp_regs.S), with
 * sp = f (rn/px.h); gp and tp are the interrupted code's, which never
 * change. It keeps the FP registers, calls px_signal_run, restores them
 * and calls px_signal_return: the frame's context resumes. */
void px_signal_entry(int sig, struct px_sigframe *f, void (*handler)(int));
void px_signal_run(int sig, struct px_sigframe *f, void (*handler)(int));
__attribute__((noreturn)) void px_signal_return(struct px_sigframe *f);

void px_signal_run(int sig, struct px_sigframe *f, void (*handler)(int))
{
	/* The interrupted code may be between a call and its reading of the
	 * shared buffer, which the handler's own calls would overwrite. */
	char shared[PX_SHARED_SIZE];
	int saved_errno = errno;

	memcpy(shared, PX_SHARED, sizeof shared);
	/* Counted first: a wait inside the handler takes its own count. */
	px_signal_runs++;
	if (!(f->flags & PX_SA_RESTART))
		px_signal_interrupts++;
	handler(sig);
	memcpy(PX_SHARED, shared, sizeof shared);
	errno = saved_errno;
}

/* Uses no FP register: the interrupted code's are loaded already. */
void px_signal_return(struct px_sigframe *f)
{
	px_call(PX_SIGRETURN, (long)f, 0, 0, NULL);
	_exit(128 + SIGSEGV); /* answered: the handler broke its frame */
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct px_sigaction *b = PX_SHARED;

	if ((act && !px_user_buffer(act, sizeof *act)) || (old && !px_user_buffer(old, sizeof *old))) {
		errno = EFAULT;
		return -1;
	}
	if (act) {
		b->handler = (unsigned long)act->sa_handler;
		b->entry = (unsigned long)px_signal_entry;
		b->mask = act->sa_mask;
		b->flags = (unsigned int)act->sa_flags;
	}
	long r = px_call(PX_SIGACTION, sig, act != NULL, 0, NULL);
	if (r < 0)
		return px_return(r);
	if (old) {
		memset(old, 0, sizeof *old);
		old->sa_handler = (_sig_func_ptr)b->handler;
		old->sa_mask = b->mask;
		old->sa_flags = (int)b->flags;
	}
	return 0;
}

/* newlib's signal() keeps its own table and never tells the server; this
 * one replaces it (so its archive member is never linked). BSD's and
 * glibc's semantics: the handler stays, and waits it interrupts go on. */
_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };
	struct sigaction old = { .sa_handler = SIG_ERR };

	return sigaction(sig, &sa, &old) < 0 ? SIG_ERR : old.sa_handler;
}

/* A signal for the caller is handled before kill() returns. */
int raise(int sig)
{
	return kill(getpid(), sig);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	/* No set: only asks (blocking nothing), whatever `how` is. */
	long r = set ? px_call(PX_SIGPROCMASK, how, (long)*set, 0, NULL)
	             : px_call(PX_SIGPROCMASK, PX_SIG_BLOCK, 0, 0, NULL);

	if (r < 0)
		return px_return(r);
	if (old)
		*old = (sigset_t)r;
	return 0;
}

int sigpending(sigset_t *set)
{
	long r = px_call(PX_SIGPENDING, 0, 0, 0, NULL);

	if (r < 0)
		return px_return(r);
	*set = (sigset_t)r;
	return 0;
}

/* Waits with `mask` until a handler has run (SA_RESTART or not), then
 * fails with EINTR, the mask restored. */
int sigsuspend(const sigset_t *mask)
{
	unsigned long runs = px_signal_runs;
	long r = px_call(PX_SIGSUSPEND, (long)*mask, 0, 0, NULL);

	/* The server signals the notification when it starts a handler, so
	 * one that runs just before rn_wait does not leave it waiting. */
	while (r == -PX_EWOULDBLOCK_INTERNAL && px_signal_runs == runs) {
		rn_wait(PX_SLOT_NOTIFY);
		if (px_signal_runs != runs)
			break;
		r = px_call(PX_SIGSUSPEND, (long)*mask, 0, 0, NULL);
	}
	return px_fail(-PX_EINTR);
}

int pause(void)
{
	sigset_t now;

	if (sigprocmask(SIG_BLOCK, NULL, &now) < 0)
		return -1;
	return sigsuspend(&now);
}

int sigaltstack(const stack_t *ss, stack_t *old)
{
	long extra[3], set = ss != NULL, base = 0, size = 0;

	if (ss && (ss->ss_flags & ~SS_DISABLE)) {
		errno = EINVAL;
		return -1;
	}
	if (ss && !(ss->ss_flags & SS_DISABLE)) {
		base = (long)ss->ss_sp;
		size = (long)ss->ss_size;
		if (size < MINSIGSTKSZ) {
			errno = ENOMEM; /* also what the server says */
			return -1;
		}
	}
	long r = px_call(PX_SIGALTSTACK, set, base, size, extra);
	if (r < 0)
		return (int)px_fail(r);
	if (old) {
		old->ss_sp = (void *)extra[0];
		old->ss_size = (size_t)extra[1];
		old->ss_flags = (int)extra[2];
	}
	return 0;
}
