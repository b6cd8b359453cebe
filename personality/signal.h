/* Signals. Each process has an action per
 * signal (default, ignore, or a handler that runs in the process), a mask
 * of blocked signals and a set of pending ones; signal.c says how a
 * handler is started in the process's thread and how sigreturn resumes
 * it. The default action ends the process, except for the signals whose
 * default is to be ignored and the stop signals (SIGSTOP, SIGTSTP,
 * SIGTTIN, SIGTTOU), which stop it until SIGCONT. A signal that ends a
 * process dooms it (proc_doom): it ends before the server takes its next
 * request. A process waiting for the answer to its call (awaiting_answer,
 * set by serve()) starts its handlers when it is answered. */
#ifndef PERSONALITY_SIGNAL_H
#define PERSONALITY_SIGNAL_H

#include "personality/proc.h"

/* Sends sig to p (checks done): ignored, made pending, handled (its
 * handler started now, or for the caller when answered) or p ends. */
void signal_send(struct proc *p, int sig);

/* Sends sig to every running process of group pgid; how many got it. */
unsigned signal_group(uint32_t pgid, int sig);

/* Before p (the caller) is answered: if a signal is ready for it, starts
 * its handler with "the call returned answer[0..len)" as the context to
 * resume, and returns true (the server must not answer). */
bool signal_answer(struct proc *p, const uint64_t *answer, unsigned len);

/* Whether p has a pending signal it does not block: only then can
 * signal_answer have anything to do (inline: every answer asks). */
static inline bool signal_any_ready(const struct proc *p)
{
	return (p->sig_pending & ~p->sig_mask) != 0;
}

/* Whether `from` may send t a signal (docs/personality.md, "Who may do
 * what"): a holder of the system right may signal any process; any other
 * process itself, init (which gets only the signals it catches), and the
 * budget subtree of the nearest holder of the system right above it (the
 * console's shell, for whatever runs at the console: the shell, its jobs
 * and everything they started, daemons included), but nothing outside
 * it. */
bool signal_may(const struct proc *from, const struct proc *t);

/* The calls (rn/px.h). signal_return returns 0 when p resumes (no
 * answer) or an error. */
long signal_kill(struct proc *from, long pid, long sig);
long signal_disposition(struct proc *p, uint64_t sig, uint64_t action);
long signal_action(struct proc *p, uint64_t sig, uint64_t set, struct px_sigaction *buf);
long signal_procmask(struct proc *p, uint64_t how, uint64_t set);
long signal_suspend(struct proc *p, uint64_t mask);
long signal_return(struct proc *p, uint64_t frame);
/* PX_SIGALTSTACK: out gets the old base, size and PX_SS_* flags; with
 * set, base and size (0: none) become p's alternate stack. */
long signal_altstack(struct proc *p, uint64_t set, uint64_t base, uint64_t size, uint64_t out[3]);

/* Job control at exit: p no longer counts as stopped (signal_exit, as it
 * ends); then each process group its end may have orphaned (its own, if
 * its parent was in another group of the session; a child's, if p was)
 * is checked: orphaned now and with a stopped member, it gets SIGHUP and
 * then SIGCONT (POSIX), so no stopped job outlives the shell that could
 * continue it. Costs nothing while no process is stopped. */
void signal_exit(struct proc *p);
void signal_orphan_check(uint32_t pgid);

/* fork: the child gets the parent's actions and mask, nothing pending.
 * exec: handlers go back to the default. */
void signal_fork(const struct proc *parent, struct proc *child);
void signal_exec(struct proc *p);

/* Whether p would neither handle nor act on sig now (ignored, or
 * blocked): a stop signal then cannot stop it. */
bool signal_refused(const struct proc *p, int sig);

/* Whether sig's action in p is to ignore it (sending it changes nothing). */
bool signal_ignored(const struct proc *p, int sig);

/* Called (when set: timer.c sets it) when p stops ignoring SIGALRM, so
 * that an interval timer parked meanwhile runs again. A hook, so that
 * signal.c need not call up to the timers. */
extern void (*signal_alarm_hook)(struct proc *p);

#endif
