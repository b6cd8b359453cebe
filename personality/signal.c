/* Signals, process groups and sessions (signal.h).
 *
 * Delivery. A handler runs in the process's own thread: the server stops
 * the thread (TCB Suspend), reads its registers, writes them with the
 * mask to restore as a struct px_sigframe below its stack pointer (the
 * stack grows as for a fault), and starts it at libc-glue's entry with sp
 * at the frame. PX_SIGRETURN reads the frame back and restores exactly
 * that context and mask. The thread is found in one of two states:
 *   - waiting for the answer to its own call (the caller: a signal it
 *     sent itself, or one its call unblocked): the frame holds the context
 *     "the call returned with its answer" (signal_answer), so kill() and
 *     raise() return after the handler ran, as POSIX asks;
 *   - anywhere else: in user code, or waiting on its notification after
 *     an "ask again" answer; either way its registers are exactly where it
 *     stopped (a cancelled wait returns as if woken, which the wait loop
 *     allows). Its notification is signalled too, so that the wait loop
 *     sees what the handler did.
 * No process can be half way into a call to the server: the server runs
 * at a higher priority than every process, on one hart, so a Call is
 * received the moment it is made, and while the server works on one
 * request no process runs.
 *
 * Stopping (SIGSTOP, and SIGTSTP/SIGTTIN/SIGTTOU by default) is the same
 * TCB Suspend, left in place until SIGCONT resumes the thread; a caller
 * that stops has its answer written into its registers first, so it
 * returns from its call once continued. A stopped process keeps the
 * signals it catches pending until then; one whose default is to end it
 * (and SIGKILL) ends it at once, as on Linux. */
#include "personality/signal.h"

#include "personality/jobs.h"
#include "personality/vm.h"

#include <rn/debug.h>
#include <rn/ipc.h>
#include <rn/tcb.h>

#include "kernel/string.h"

static unsigned stopped; /* processes stopped now: none, and exits need no orphan check */

#define BIT(sig) (1u << (sig))
#define STOP_SIGNALS (BIT(PX_SIGSTOP) | BIT(PX_SIGTSTP) | BIT(PX_SIGTTIN) | BIT(PX_SIGTTOU))
/* What can be caught, blocked or ignored: not SIGKILL or SIGSTOP (nor 0,
 * which is no signal). */
#define CATCHABLE (~(BIT(0) | BIT(PX_SIGKILL) | BIT(PX_SIGSTOP)))
#define SA_KNOWN                                                                                   \
	(PX_SA_NOCLDSTOP | PX_SA_RESTART | PX_SA_NODEFER | PX_SA_RESETHAND | PX_SA_ONSTACK)

static bool default_ignored(int sig)
{
	return sig == PX_SIGURG || sig == PX_SIGCONT || sig == PX_SIGCHLD || sig == PX_SIGWINCH;
}

/* Whether sig's action in p is to ignore it. init's default for every
 * signal is to ignore it, as on Linux: nothing ends it by accident, and
 * it can still use handlers. */
static bool ignored(const struct proc *p, int sig)
{
	uint64_t h = p->sig_action[sig].handler;
	return h == PX_SIG_IGN || (h == PX_SIG_DFL && (default_ignored(sig) || p->pid == 1));
}

bool signal_refused(const struct proc *p, int sig)
{
	return ignored(p, sig) || (p->sig_mask & BIT(sig));
}

bool signal_ignored(const struct proc *p, int sig)
{
	return ignored(p, sig);
}

void (*signal_alarm_hook)(struct proc *p);

/* Drops the pending signals p no longer blocks and ignores; returns the
 * lowest one left that p does not block, or 0. */
static int next_signal(struct proc *p)
{
	for (uint32_t ready = p->sig_pending & ~p->sig_mask; ready; ready &= ready - 1) {
		int sig = __builtin_ctz(ready);
		if (!ignored(p, sig))
			return sig;
		p->sig_pending &= ~BIT(sig);
	}
	return 0;
}

/* ---- stopping and continuing ------------------------------------------------ */

/* Tells p's parent that p stopped or continued: wait(WUNTRACED) wakes,
 * and SIGCHLD comes unless the parent asked not (SA_NOCLDSTOP). */
static void tell_parent(const struct proc *p)
{
	struct proc *parent = proc_get(p->ppid);
	if (!parent)
		return;
	proc_wake(parent);
	if (!(parent->sig_action[PX_SIGCHLD].flags & PX_SA_NOCLDSTOP))
		signal_send(parent, PX_SIGCHLD);
}

/* Stops p's thread for sig. The tty's stop signals do nothing to an
 * orphaned group (POSIX), which nothing could continue. */
static void stop(struct proc *p, int sig)
{
	if (p->stop_sig || (sig != PX_SIGSTOP && jobs_orphaned(p->pgid)))
		return;
	p->stop_sig = (uint32_t)sig;
	p->stop_unreported = 1;
	p->cont_unreported = 0;
	stopped++;
	rn_tcb_suspend(CAP(p->pid, p->tcb));
	tell_parent(p);
}

static void start_handlers(struct proc *p, const uint64_t *answer, unsigned len);

/* SIGCONT: a stopped p runs again, first taking the signals that came
 * while it was stopped. */
static void resume(struct proc *p)
{
	if (!p->stop_sig)
		return;
	p->stop_sig = 0;
	p->stop_unreported = 0;
	p->cont_unreported = 1;
	stopped--;
	if (next_signal(p)) {
		start_handlers(p, 0, 0);
	} else {
		rn_tcb_resume(CAP(p->pid, p->tcb));
		proc_wake(p); /* a wait it was in was cancelled: ask again */
	}
	tell_parent(p);
}

void signal_exit(struct proc *p)
{
	if (p->stop_sig) {
		p->stop_sig = 0;
		stopped--;
	}
}

void signal_orphan_check(uint32_t pgid)
{
	bool has_stopped = false;
	for (struct proc *q = stopped ? jobs_next_member(pgid, 0) : 0; q && !has_stopped;
	     q = jobs_next_member(pgid, q->pid))
		has_stopped = q->stop_sig != 0;
	if (has_stopped && jobs_orphaned(pgid)) {
		signal_group(pgid, PX_SIGHUP);
		signal_group(pgid, PX_SIGCONT);
	}
}

/* ---- starting handlers ------------------------------------------------------ */

/* Whether sp is on p's alternate stack (its top included: empty). */
static bool on_altstack(const struct proc *p, uint64_t sp)
{
	return p->altstack_size && sp > p->altstack_base && sp <= p->altstack_base + p->altstack_size;
}

/* Saves the context in regs in a frame below its sp (or at the top of the
 * alternate stack, for an SA_ONSTACK handler not already on it) and
 * points regs at the handler of sig. False if the frame could not be
 * written: p has ended with SIGSEGV. */
static bool push_frame(struct proc *p, int sig, uint64_t regs[RN_TCB_REGISTERS])
{
	struct sig_action *a = &p->sig_action[sig];
	struct px_sigframe f = { .sig = (unsigned)sig, .flags = a->flags };
	memcpy(f.regs, regs, sizeof(f.regs));
	/* In sigsuspend, the mask it replaced comes back after the handler. */
	f.mask = p->sig_suspended ? p->sig_saved_mask : p->sig_mask;
	uint64_t top = regs[RN_REG_SP];
	if ((a->flags & PX_SA_ONSTACK) && p->altstack_size && !on_altstack(p, top))
		top = p->altstack_base + p->altstack_size;
	uint64_t sp = (top - sizeof(f)) & ~15ul; /* the ABI's stack alignment */
	if (top < sizeof(f) || !vm_user_copy(p, sp, &f, sizeof(f), true)) {
		rn_printf("pxserver: pid %u (%s): no stack for a handler of signal %d at sp %#lx\n",
		          p->pid, p->name, sig, (unsigned long)regs[RN_REG_SP]);
		proc_doom(p, PX_W_SIGNALED(PX_SIGSEGV));
		return false;
	}
	p->sig_suspended = 0;
	p->sig_mask |= (a->mask | (a->flags & PX_SA_NODEFER ? 0 : BIT(sig))) & CATCHABLE;
	/* libc-glue's entry(sig, frame, handler) never returns. */
	regs[RN_REG_PC] = p->sig_entry;
	regs[RN_REG_RA] = 0;
	regs[RN_REG_SP] = sp;
	regs[RN_REG_ARG(0)] = (uint64_t)sig;
	regs[RN_REG_ARG(1)] = sp;
	regs[RN_REG_ARG(2)] = a->handler;
	if (a->flags & PX_SA_RESETHAND)
		*a = (struct sig_action){ .handler = PX_SIG_DFL };
	return true;
}

/* Acts on every pending signal p does not block, starting handlers on top
 * of the context in regs (the last one started runs first), until one
 * stops p. Returns whether p still lives: then regs are its context, to
 * be written back (and resumed unless it stopped). */
static bool take_signals(struct proc *p, uint64_t regs[RN_TCB_REGISTERS])
{
	/* A stop tells the parent, which may end p (an orphaned group's
	 * SIGHUP): p's state is checked each time round. */
	for (int sig; p->state == PROC_RUNNING && !p->stop_sig && (sig = next_signal(p));) {
		p->sig_pending &= ~BIT(sig);
		if (p->sig_action[sig].handler == PX_SIG_DFL && (BIT(sig) & STOP_SIGNALS)) {
			stop(p, sig);
		} else if (p->sig_action[sig].handler == PX_SIG_DFL) {
			proc_doom(p, PX_W_SIGNALED(sig));
			return false;
		} else if (!push_frame(p, sig, regs)) {
			return false;
		}
	}
	return p->state == PROC_RUNNING;
}

/* Stops p's thread and acts on its signals. With `answer`, p waits for
 * the answer to its call, which the handlers' context gets instead (the
 * registers rn_syscall returns: a0 badge, a1 info, a2.. the words). */
static void start_handlers(struct proc *p, const uint64_t *answer, unsigned len)
{
	cptr_t t = CAP(p->pid, p->tcb);
	uint64_t regs[RN_TCB_REGISTERS];
	rn_tcb_suspend(t);
	if (rn_tcb_read_registers(t, RN_TCB_REGISTERS, regs)) {
		proc_doom(p, PX_W_SIGNALED(PX_SIGKILL)); /* cannot happen: our own TCB */
		return;
	}
	if (answer) {
		regs[RN_REG_BADGE] = 0;
		regs[RN_REG_INFO] = RN_MSGINFO(0, 0, 0, len);
		for (unsigned i = 0; i < RN_MSG_REGISTERS; i++)
			regs[RN_REG_MR(i)] = i < len ? answer[i] : 0;
	}
	if (take_signals(p, regs))
		rn_tcb_write_registers(t, !p->stop_sig, RN_TCB_REGISTERS, regs);
	if (!answer)
		proc_wake(p);
}

bool signal_answer(struct proc *p, const uint64_t *answer, unsigned len)
{
	if (!next_signal(p))
		return false;
	start_handlers(p, answer, len);
	return true;
}

void signal_send(struct proc *p, int sig)
{
	if (sig <= 0 || sig >= PX_NSIG || p->state != PROC_RUNNING)
		return;
	/* init: not even SIGKILL (ignored() has the rest). */
	if (p->pid == 1 && p->sig_action[sig].handler <= PX_SIG_IGN)
		return;
	/* SIGCONT continues p whatever its action; a stop drops a pending
	 * SIGCONT and SIGCONT every pending stop (POSIX). */
	if (sig == PX_SIGCONT) {
		p->sig_pending &= ~STOP_SIGNALS;
		resume(p);
		if (p->state != PROC_RUNNING)
			return; /* its pending signals ended it */
	} else if (BIT(sig) & STOP_SIGNALS) {
		p->sig_pending &= ~BIT(PX_SIGCONT);
	}
	if (sig == PX_SIGKILL) {
		proc_doom(p, PX_W_SIGNALED(sig));
		return;
	}
	bool blocked = p->sig_mask & BIT(sig);
	/* Blocked, it waits even when ignored by default: the action may
	 * change before it is unblocked (as Linux does). */
	if (p->sig_action[sig].handler == PX_SIG_IGN || (!blocked && ignored(p, sig)))
		return;
	bool dfl = p->sig_action[sig].handler == PX_SIG_DFL;
	if (!blocked && dfl && !(BIT(sig) & STOP_SIGNALS)) {
		proc_doom(p, PX_W_SIGNALED(sig));
		return;
	}
	/* The caller stops, or starts its handler, when its call is
	 * answered; a stopped process when it continues. */
	if (!blocked && dfl && !p->awaiting_answer) {
		stop(p, sig);
		return;
	}
	p->sig_pending |= BIT(sig);
	if (!blocked && !p->awaiting_answer && !p->stop_sig)
		start_handlers(p, 0, 0);
}

/* ---- the calls -------------------------------------------------------------- */

unsigned signal_group(uint32_t pgid, int sig)
{
	unsigned n = 0;
	for (struct proc *p = jobs_next_member(pgid, 0); p; p = jobs_next_member(pgid, p->pid)) {
		signal_send(p, sig);
		n++;
	}
	return n;
}

/* Whether a lies in the budget subtree of pid `top` (is it, or lends
 * from it down): budgets nest, so this is the chain of lenders. */
static bool in_subtree(const struct proc *a, uint32_t top)
{
	for (; a; a = proc_get(a->mem_parent)) {
		if (a->pid == top)
			return true;
	}
	return false;
}

/* The nearest budget ancestor of p (its lender, its lender's, ...) that
 * holds the system right: the console's shell for whatever runs at the
 * console. init holds it, so there is always one. */
static const struct proc *holder_above(const struct proc *p)
{
	const struct proc *a = proc_get(p->mem_parent);
	while (a && !a->system_right)
		a = proc_get(a->mem_parent);
	return a;
}

bool signal_may(const struct proc *from, const struct proc *t)
{
	if (from->system_right || t == from || t->pid == 1)
		return true;
	const struct proc *h = holder_above(from);
	return h && in_subtree(t, h->pid);
}

/* kill(-1): every process the caller may signal but init, itself and the
 * lenders it runs under (POSIX leaves out "an unspecified set of system
 * processes": these are that set), so a job's kill(-1, SIGKILL) cannot
 * end the shell that started it. ESRCH if it reached none. */
static long kill_all(struct proc *from, int sig)
{
	unsigned n = 0;
	for (struct proc *t = proc_next(1); t; t = proc_next(t->pid)) {
		if (t != from && t->state == PROC_RUNNING && signal_may(from, t) &&
		    !in_subtree(from, t->pid)) {
			signal_send(t, sig);
			n++;
		}
	}
	return n ? 0 : -PX_ESRCH;
}

/* kill(-pgid): the members the caller may signal; EPERM if it may signal
 * none of them, ESRCH if the group has none. */
static long kill_group(struct proc *from, uint32_t pgid, int sig)
{
	unsigned members = 0, sent = 0;
	for (struct proc *t = jobs_next_member(pgid, 0); t; t = jobs_next_member(pgid, t->pid)) {
		members++;
		if (signal_may(from, t)) {
			signal_send(t, sig);
			sent++;
		}
	}
	return sent ? 0 : members ? -PX_EPERM : -PX_ESRCH;
}

long signal_kill(struct proc *from, long pid, long sig)
{
	if (sig < 0 || sig >= PX_NSIG)
		return -PX_EINVAL;
	if (pid == 0 || pid < -1)
		return kill_group(from, pid == 0 ? from->pgid : (uint32_t)-pid, (int)sig);
	if (pid == -1)
		return kill_all(from, (int)sig);
	struct proc *t = proc_get((uint64_t)pid);
	if (!t)
		return -PX_ESRCH;
	if (!signal_may(from, t))
		return -PX_EPERM;
	signal_send(t, (int)sig);
	return 0;
}

/* Where a handler or the entry may be: user code, 2-byte aligned (RVC). */
static bool user_code(uint64_t va)
{
	return va >= PX_TEXT_BASE && va < PX_STACK_TOP && !(va & 1);
}

static long check_action(int sig, const struct px_sigaction *a)
{
	if (a->flags & ~(uint64_t)SA_KNOWN)
		return -PX_EINVAL;
	if (!(BIT(sig) & CATCHABLE))
		return a->handler == PX_SIG_DFL ? 0 : -PX_EINVAL;
	if (a->handler > PX_SIG_IGN && (!user_code(a->handler) || !user_code(a->entry)))
		return -PX_EINVAL;
	return 0;
}

static void set_action(struct proc *p, int sig, uint64_t handler, uint64_t mask, uint64_t flags)
{
	p->sig_action[sig] = (struct sig_action){
		.handler = handler,
		.mask = (uint32_t)mask & CATCHABLE, /* sigfillset's extra bits go */
		.flags = (uint32_t)flags,
	};
	/* POSIX: a pending signal now ignored is discarded, blocked or not. */
	if (ignored(p, sig))
		p->sig_pending &= ~BIT(sig);
	else if (sig == PX_SIGALRM && signal_alarm_hook)
		signal_alarm_hook(p); /* a timer parked while it was ignored runs again */
}

long signal_action(struct proc *p, uint64_t sig, uint64_t set, struct px_sigaction *buf)
{
	if (sig == 0 || sig >= PX_NSIG || set > 1)
		return -PX_EINVAL;
	struct px_sigaction new = *buf; /* what is checked is what is used */
	if (set) {
		long err = check_action((int)sig, &new);
		if (err)
			return err;
	}
	const struct sig_action *a = &p->sig_action[sig];
	*buf = (struct px_sigaction){
		.handler = a->handler, .entry = p->sig_entry, .mask = a->mask, .flags = a->flags
	};
	if (set) {
		set_action(p, (int)sig, new.handler, new.mask, new.flags);
		if (new.handler > PX_SIG_IGN)
			p->sig_entry = new.entry;
	}
	return 0;
}

long signal_disposition(struct proc *p, uint64_t sig, uint64_t action)
{
	if (sig == 0 || sig >= PX_NSIG || action > PX_SIG_IGN)
		return -PX_EINVAL;
	uint64_t h = p->sig_action[sig].handler;
	long old = h > PX_SIG_IGN ? PX_SIG_HANDLER : (long)h;
	if (!(BIT(sig) & CATCHABLE))
		return action == PX_SIG_DFL ? old : -PX_EINVAL;
	set_action(p, (int)sig, action, 0, 0);
	return old;
}

long signal_procmask(struct proc *p, uint64_t how, uint64_t set)
{
	uint32_t old = p->sig_mask, s = (uint32_t)set & CATCHABLE;
	switch (how) {
	case PX_SIG_BLOCK:
		p->sig_mask |= s;
		break;
	case PX_SIG_UNBLOCK:
		p->sig_mask &= ~s;
		break;
	case PX_SIG_SETMASK:
		p->sig_mask = s;
		break;
	default:
		return -PX_EINVAL;
	}
	return old; /* signals it unblocked are delivered with this answer */
}

long signal_suspend(struct proc *p, uint64_t mask)
{
	/* Asked again after a stale wake-up, it keeps the first saved mask. */
	if (!p->sig_suspended) {
		p->sig_saved_mask = p->sig_mask;
		p->sig_suspended = 1;
	}
	p->sig_mask = (uint32_t)mask & CATCHABLE;
	/* EINTR once a handler will run (its frame restores the mask). A
	 * stop is no reason to return: it stops p (with the answer "ask
	 * again"), and continued, p waits on with the same masks. */
	int sig = next_signal(p);
	if (!sig || (p->sig_action[sig].handler == PX_SIG_DFL && (BIT(sig) & STOP_SIGNALS)))
		return -PX_EWOULDBLOCK_INTERNAL;
	return -PX_EINTR;
}

long signal_return(struct proc *p, uint64_t frame)
{
	struct px_sigframe f;
	if (frame & 15 || frame < PX_TEXT_BASE || frame >= PX_STACK_TOP)
		return -PX_EINVAL;
	if (!vm_user_copy(p, frame, &f, sizeof(f), false))
		return -PX_EFAULT;
	cptr_t t = CAP(p->pid, p->tcb);
	rn_tcb_suspend(t); /* it waits for an answer it will not get */
	p->sig_mask = f.mask & CATCHABLE;
	p->sig_suspended = 0;
	if (take_signals(p, f.regs))
		rn_tcb_write_registers(t, !p->stop_sig, RN_TCB_REGISTERS, f.regs);
	return 0;
}

void signal_fork(const struct proc *parent, struct proc *child)
{
	memcpy(child->sig_action, parent->sig_action, sizeof(child->sig_action));
	child->sig_entry = parent->sig_entry;
	child->altstack_base = parent->altstack_base; /* its copy of the same memory */
	child->altstack_size = parent->altstack_size;
	child->sig_mask = parent->sig_mask;
	child->sig_pending = 0; /* POSIX: the child starts with none */
}

void signal_exec(struct proc *p)
{
	/* The handlers were in the old image; ignoring and the mask stay. */
	for (int sig = 1; sig < PX_NSIG; sig++) {
		if (p->sig_action[sig].handler > PX_SIG_IGN)
			set_action(p, sig, PX_SIG_DFL, 0, 0);
	}
	p->sig_entry = 0;
	p->altstack_base = p->altstack_size = 0; /* it was in the old image */
}

long signal_altstack(struct proc *p, uint64_t set, uint64_t base, uint64_t size, uint64_t out[3])
{
	uint64_t sp = 0;
	cptr_t t = CAP(p->pid, p->tcb);
	uint64_t regs[RN_REG_SP + 1];
	/* Where the caller runs: sp, read from its thread (it waits for this
	 * answer, so its registers are its call's). */
	if (rn_tcb_read_registers(t, RN_REG_SP + 1, regs) == 0)
		sp = regs[RN_REG_SP];
	out[0] = p->altstack_base;
	out[1] = p->altstack_size;
	out[2] = !p->altstack_size ? PX_SS_DISABLE : on_altstack(p, sp) ? PX_SS_ONSTACK : 0;
	if (!set)
		return 0;
	if (on_altstack(p, sp))
		return -PX_EPERM; /* not while running on it (POSIX) */
	if (size && size < PX_MINSIGSTKSZ)
		return -PX_ENOMEM;
	if (size && (base < PX_TEXT_BASE || base >= PX_STACK_TOP || size > PX_STACK_TOP - base))
		return -PX_EINVAL;
	p->altstack_base = size ? base : 0;
	p->altstack_size = size;
	return 0;
}
