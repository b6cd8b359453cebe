/* Signals (personality/signal.c) on the fake kernel: actions, masks and
 * pending sets in the process record; handlers started in the thread (its
 * registers in the fake TCB, the frame on its stack page); stops. */
#include <criterion/criterion.h>
#include <string.h>

#include <ration/syscall.h>

#include "personality/proc.h"
#include "personality/signal.h"
#include "personality/vm.h"
#include "tests/unit/support/px/fake_kernel.h"

#define BIT(sig) (1u << (sig))
#define USR1     30 /* newlib's SIGUSR1 and SIGUSR2 (rn/px.h names neither) */
#define USR2     31
#define HANDLER  0x10100ul
#define ENTRY    0x10200ul
#define PC       0x10500ul
#define SP       (PX_STACK_TOP - 256)

static struct proc *init, *shell, *p;
static struct fpk_tcb *t;

/* init (pid 1); a shell leading its session; p in a group of its own in
 * the shell's session (a job), running user code at PC with sp SP on a
 * mapped stack page. */
static void setup(void)
{
	fpk_setup();
	init = fpk_process(18, 0);
	shell = fpk_process(18, init);
	p = fpk_process(20, shell);
	p->sid = shell->sid;
	/* Budgets as fork lends them; init holds the system right, and gave
	 * it to the shell, as to the console session. */
	shell->mem_parent = init->pid;
	p->mem_parent = shell->pid;
	init->system_right = 1;
	shell->system_right = 1;
	fpk_user_page(p, PX_STACK_TOP - PAGE_BYTES);
	t = fpk_tcb(CAP(p->pid, p->tcb));
	cr_assert_not_null(t);
	for (unsigned i = 0; i < 32; i++)
		t->regs[i] = 0x1000 + i;
	t->regs[0] = PC;
	t->regs[2] = SP;
}

TestSuite(signal, .init = setup);

static void handle(struct proc *q, int sig, uint64_t flags)
{
	struct px_sigaction a = { .handler = HANDLER, .entry = ENTRY, .flags = flags };
	cr_assert_eq(signal_action(q, (uint64_t)sig, 1, &a), 0);
}

static struct px_sigframe frame_at(uint64_t sp)
{
	struct px_sigframe f;
	cr_assert(vm_user_copy(p, sp, &f, sizeof(f), false), "the frame at %#lx",
	          (unsigned long)sp);
	return f;
}

Test(signal, default_action_ends_the_process)
{
	signal_send(p, PX_SIGTERM);
	cr_assert_eq(p->state, PROC_DOOMED);
	cr_assert_eq(p->exit_status, PX_W_SIGNALED(PX_SIGTERM));
	cr_assert_eq(proc_next_doomed(), p, "serve() will end it");
}

Test(signal, ignored_is_discarded)
{
	cr_assert_eq(signal_disposition(p, PX_SIGINT, PX_SIG_IGN), PX_SIG_DFL);
	signal_send(p, PX_SIGINT);
	cr_assert_eq(p->state, PROC_RUNNING);
	cr_assert_eq(p->sig_pending, 0);
	cr_assert_eq(t->suspends, 0, "the thread was not touched");
}

Test(signal, ignored_by_default_changes_nothing)
{
	signal_send(p, PX_SIGCHLD);
	signal_send(p, PX_SIGURG);
	cr_assert_eq(p->state, PROC_RUNNING);
	cr_assert_eq(p->sig_pending, 0);
}

Test(signal, pending_signal_is_discarded_when_its_action_becomes_ignore)
{
	cr_assert_geq(signal_procmask(p, PX_SIG_BLOCK, BIT(USR1)), 0);
	signal_send(p, USR1);
	cr_assert_eq(p->sig_pending, BIT(USR1), "blocked, it waits");
	cr_assert_eq(p->state, PROC_RUNNING);
	signal_disposition(p, USR1, PX_SIG_IGN);
	cr_assert_eq(p->sig_pending, 0, "POSIX: discarded, blocked or not");
}

Test(signal, blocked_stays_pending_until_unblocked_and_answered)
{
	signal_procmask(p, PX_SIG_BLOCK, BIT(PX_SIGTERM));
	signal_send(p, PX_SIGTERM);
	cr_assert_eq(p->state, PROC_RUNNING);
	cr_assert_eq(p->sig_pending, BIT(PX_SIGTERM));
	p->awaiting_answer = 1; /* its sigprocmask call */
	cr_assert_eq(signal_procmask(p, PX_SIG_UNBLOCK, BIT(PX_SIGTERM)), BIT(PX_SIGTERM),
	             "the old mask");
	cr_assert_eq(p->state, PROC_RUNNING, "not before the call is answered");
	uint64_t answer = 0;
	cr_assert(signal_answer(p, &answer, 1));
	cr_assert_eq(p->state, PROC_DOOMED);
	cr_assert_eq(p->exit_status, PX_W_SIGNALED(PX_SIGTERM));
}

Test(signal, kill_and_stop_cannot_be_blocked_caught_or_ignored)
{
	signal_procmask(p, PX_SIG_SETMASK, ~0ul);
	cr_assert_eq(p->sig_mask & (BIT(PX_SIGKILL) | BIT(PX_SIGSTOP)), 0, "quietly dropped");
	struct px_sigaction a = { .handler = HANDLER, .entry = ENTRY };
	cr_assert_eq(signal_action(p, PX_SIGKILL, 1, &a), -PX_EINVAL);
	cr_assert_eq(signal_disposition(p, PX_SIGSTOP, PX_SIG_IGN), -PX_EINVAL);
	signal_send(p, PX_SIGKILL);
	cr_assert_eq(p->state, PROC_DOOMED);
	cr_assert_eq(p->exit_status, PX_W_SIGNALED(PX_SIGKILL));
}

Test(signal, init_gets_only_the_signals_it_handles)
{
	signal_send(init, PX_SIGTERM);
	signal_send(init, PX_SIGKILL);
	cr_assert_eq(init->state, PROC_RUNNING);
	cr_assert_eq(init->sig_pending, 0);
}

Test(signal, action_is_checked_whole_before_anything_changes)
{
	struct px_sigaction a = { .handler = HANDLER + 1, .entry = ENTRY };
	cr_assert_eq(signal_action(p, USR1, 1, &a), -PX_EINVAL, "a misaligned handler");
	a = (struct px_sigaction){ .handler = HANDLER, .entry = PX_STACK_TOP };
	cr_assert_eq(signal_action(p, USR1, 1, &a), -PX_EINVAL, "an entry outside user code");
	a = (struct px_sigaction){ .handler = HANDLER, .entry = ENTRY, .flags = 0x10000 };
	cr_assert_eq(signal_action(p, USR1, 1, &a), -PX_EINVAL, "an unknown flag");
	cr_assert_eq(p->sig_action[USR1].handler, PX_SIG_DFL);
	cr_assert_eq(p->sig_entry, 0);
	cr_assert_eq(signal_action(p, 0, 1, &a), -PX_EINVAL);
	cr_assert_eq(signal_action(p, PX_NSIG, 0, &a), -PX_EINVAL);
}

Test(signal, action_answers_the_old_one)
{
	handle(p, USR2, PX_SA_RESTART);
	struct px_sigaction a = { .handler = PX_SIG_IGN };
	cr_assert_eq(signal_action(p, USR2, 1, &a), 0);
	cr_assert_eq(a.handler, HANDLER);
	cr_assert_eq(a.entry, ENTRY);
	cr_assert_eq(a.flags, PX_SA_RESTART);
	cr_assert_eq(p->sig_action[USR2].handler, PX_SIG_IGN);
}

Test(signal, handler_starts_on_a_frame_below_the_stack_pointer)
{
	handle(p, USR1, 0);
	p->sig_mask = BIT(PX_SIGHUP);
	unsigned wakes = fpk_signals(CAP(p->pid, p->ntfn));
	signal_send(p, USR1);
	uint64_t sp = (SP - sizeof(struct px_sigframe)) & ~15ul;
	cr_assert_eq(t->regs[0], ENTRY, "the thread starts at the entry");
	cr_assert_eq(t->regs[2], sp);
	cr_assert_eq(t->regs[10], USR1, "a0: the signal");
	cr_assert_eq(t->regs[11], sp, "a1: the frame");
	cr_assert_eq(t->regs[12], HANDLER, "a2: the handler");
	cr_assert_not(t->suspended, "and runs");
	cr_assert_eq(p->sig_mask, BIT(PX_SIGHUP) | BIT(USR1), "blocked while it runs");
	cr_assert_eq(p->sig_pending, 0);
	cr_assert_eq(fpk_signals(CAP(p->pid, p->ntfn)), wakes + 1, "a wait it was in ends");
	struct px_sigframe f = frame_at(sp);
	cr_assert_eq(f.regs[0], PC, "the interrupted context");
	cr_assert_eq(f.regs[2], SP);
	cr_assert_eq(f.regs[31], 0x1000 + 31);
	cr_assert_eq(f.mask, BIT(PX_SIGHUP), "the mask to restore");
	cr_assert_eq(f.sig, USR1);
}

Test(signal, sigreturn_restores_the_context_and_the_mask)
{
	handle(p, USR1, 0);
	signal_send(p, USR1);
	uint64_t frame = t->regs[11];
	t->regs[0] = ENTRY + 0x40; /* the handler ran */
	cr_assert_eq(signal_return(p, frame), 0);
	cr_assert_eq(t->regs[0], PC);
	cr_assert_eq(t->regs[2], SP);
	cr_assert_eq(t->regs[10], 0x1000 + 10);
	cr_assert_eq(p->sig_mask, 0);
	cr_assert_not(t->suspended);
	cr_assert_eq(signal_return(p, frame + 8), -PX_EINVAL, "a misaligned frame");
	cr_assert_eq(signal_return(p, PX_STACK_TOP - 2 * PAGE_BYTES), -PX_EFAULT, "no page there");
}

Test(signal, sigreturn_that_unblocks_a_pending_signal_starts_its_handler)
{
	handle(p, USR1, 0);
	signal_send(p, USR1);
	uint64_t frame = t->regs[11];
	signal_send(p, USR1); /* blocked while its handler runs */
	cr_assert_eq(p->sig_pending, BIT(USR1));
	cr_assert_eq(signal_return(p, frame), 0);
	cr_assert_eq(p->sig_pending, 0);
	cr_assert_eq(t->regs[0], ENTRY, "the second handler starts on top");
	cr_assert_eq(frame_at(t->regs[11]).regs[0], PC, "and returns to the first context");
}

Test(signal, caller_runs_its_handler_when_its_call_is_answered)
{
	handle(p, USR1, 0);
	p->awaiting_answer = 1;
	signal_send(p, USR1); /* kill(getpid(), SIGUSR1) */
	cr_assert_eq(p->sig_pending, BIT(USR1), "not while it waits for the answer");
	cr_assert_eq(t->suspends, 0);
	uint64_t answer[2] = { 0, 77 };
	cr_assert(signal_answer(p, answer, 2), "the server must not answer");
	struct px_sigframe f = frame_at(t->regs[11]);
	cr_assert_eq(f.regs[10], 0, "a0: the badge");
	cr_assert_eq(f.regs[11], RN_MSGINFO(0, 0, 0, 2), "a1: the answer's info");
	cr_assert_eq(f.regs[12], 0);
	cr_assert_eq(f.regs[13], 77, "the answer's words");
	cr_assert_not(signal_answer(p, answer, 2), "nothing more to deliver");
}

Test(signal, handler_with_no_stack_ends_the_process_with_sigsegv)
{
	handle(p, USR1, 0);
	t->regs[2] = PX_STACK_TOP - 2 * PAGE_BYTES + 64; /* no page below */
	signal_send(p, USR1);
	cr_assert_eq(p->state, PROC_DOOMED);
	cr_assert_eq(p->exit_status, PX_W_SIGNALED(PX_SIGSEGV));
	cr_assert_not_null(strstr(fpk_output(), "no stack for a handler"));
}

Test(signal, resethand_makes_the_action_default_and_nodefer_leaves_it_unblocked)
{
	handle(p, USR1, PX_SA_RESETHAND | PX_SA_NODEFER);
	signal_send(p, USR1);
	cr_assert_eq(t->regs[0], ENTRY);
	cr_assert_eq(p->sig_action[USR1].handler, PX_SIG_DFL);
	cr_assert_eq(p->sig_mask & BIT(USR1), 0);
}

Test(signal, onstack_handler_gets_its_frame_on_the_alternate_stack)
{
	uint64_t base = 0x200000, out[3];
	fpk_user_page(p, base);
	fpk_user_page(p, base + PAGE_BYTES);
	cr_assert_eq(signal_altstack(p, 1, base, PX_MINSIGSTKSZ - 1, out), -PX_ENOMEM);
	cr_assert_eq(signal_altstack(p, 1, base, 2 * PAGE_BYTES, out), 0);
	cr_assert_eq(out[2], PX_SS_DISABLE, "there was none");
	handle(p, PX_SIGSEGV, PX_SA_ONSTACK);
	signal_send(p, PX_SIGSEGV);
	uint64_t top = base + 2 * PAGE_BYTES;
	cr_assert_eq(t->regs[2], (top - sizeof(struct px_sigframe)) & ~15ul);
	cr_assert_eq(frame_at(t->regs[2]).regs[2], SP, "the frame keeps the thread's own sp");
}

Test(signal, suspend_says_eintr_once_a_handler_will_run)
{
	handle(p, USR1, 0);
	p->awaiting_answer = 1;
	cr_assert_eq(signal_suspend(p, 0), -PX_EWOULDBLOCK_INTERNAL, "nothing yet: ask again");
	cr_assert(p->sig_suspended);
	signal_send(p, USR1);
	cr_assert_eq(signal_suspend(p, BIT(PX_SIGHUP)), -PX_EINTR);
	uint64_t answer = (uint64_t)-PX_EINTR;
	cr_assert(signal_answer(p, &answer, 1));
	cr_assert_eq(frame_at(t->regs[11]).mask, 0, "the mask sigsuspend replaced comes back");
}

Test(signal, stop_suspends_the_thread_and_tells_the_parent)
{
	unsigned parent_wakes = fpk_signals(CAP(shell->pid, shell->ntfn));
	signal_send(p, PX_SIGTSTP);
	cr_assert_eq(p->stop_sig, PX_SIGTSTP);
	cr_assert(t->suspended);
	cr_assert(p->stop_unreported, "for wait(WUNTRACED)");
	cr_assert_eq(fpk_signals(CAP(shell->pid, shell->ntfn)), parent_wakes + 1);
	cr_assert_eq(p->state, PROC_RUNNING);
}

Test(signal, cont_resumes_a_stopped_process)
{
	signal_send(p, PX_SIGSTOP);
	cr_assert(t->suspended);
	signal_send(p, PX_SIGCONT);
	cr_assert_eq(p->stop_sig, 0);
	cr_assert_not(t->suspended);
	cr_assert(p->cont_unreported, "for wait(WCONTINUED)");
	cr_assert_eq(p->sig_pending, 0, "SIGCONT itself is ignored by default");
}

Test(signal, caught_signal_waits_for_a_stopped_process_to_continue)
{
	handle(p, USR1, 0);
	signal_send(p, PX_SIGSTOP);
	signal_send(p, USR1);
	cr_assert_eq(p->sig_pending, BIT(USR1));
	cr_assert(t->suspended);
	signal_send(p, PX_SIGCONT);
	cr_assert_eq(p->sig_pending, 0);
	cr_assert_eq(t->regs[0], ENTRY, "its handler runs as it continues");
	cr_assert_not(t->suspended);
}

Test(signal, fatal_signal_ends_a_stopped_process_at_once)
{
	signal_send(p, PX_SIGSTOP);
	signal_send(p, PX_SIGTERM);
	cr_assert_eq(p->state, PROC_DOOMED);
}

Test(signal, stop_signal_drops_a_pending_cont_and_cont_drops_pending_stops)
{
	signal_procmask(p, PX_SIG_BLOCK, BIT(PX_SIGCONT) | BIT(PX_SIGTSTP));
	signal_send(p, PX_SIGCONT);
	cr_assert_eq(p->sig_pending, BIT(PX_SIGCONT));
	signal_send(p, PX_SIGTSTP);
	cr_assert_eq(p->sig_pending, BIT(PX_SIGTSTP));
	signal_send(p, PX_SIGCONT);
	cr_assert_eq(p->sig_pending, BIT(PX_SIGCONT));
}

Test(signal, terminal_stop_does_nothing_in_an_orphaned_group)
{
	p->sid = p->pid; /* no parent in its session: nothing could continue it */
	signal_send(p, PX_SIGTSTP);
	cr_assert_eq(p->stop_sig, 0);
	cr_assert_not(t->suspended);
	signal_send(p, PX_SIGSTOP);
	cr_assert_eq(p->stop_sig, PX_SIGSTOP, "SIGSTOP still stops");
}

Test(signal, kill_reaches_a_group_and_refuses_a_missing_pid)
{
	struct proc *q = fpk_process(18, shell);
	q->mem_parent = shell->pid;
	q->pgid = p->pgid;
	q->sid = p->sid;
	cr_assert_eq(signal_kill(shell, -(long)p->pgid, PX_SIGTERM), 0);
	cr_assert_eq(p->state, PROC_DOOMED);
	cr_assert_eq(q->state, PROC_DOOMED);
	cr_assert_eq(shell->state, PROC_RUNNING);
	cr_assert_eq(signal_kill(shell, 999, PX_SIGTERM), -PX_ESRCH);
	cr_assert_eq(signal_kill(shell, -999, PX_SIGTERM), -PX_ESRCH, "an empty group");
	cr_assert_eq(signal_kill(shell, p->pid, PX_NSIG), -PX_EINVAL);
}

Test(signal, kill_of_everyone_spares_init_and_the_caller)
{
	cr_assert_eq(signal_kill(shell, -1, PX_SIGTERM), 0);
	cr_assert_eq(p->state, PROC_DOOMED);
	cr_assert_eq(shell->state, PROC_RUNNING);
	cr_assert_eq(init->state, PROC_RUNNING);
}

/* A process forked by `parent` (budget and POSIX parent), in its session. */
static struct proc *child_of(struct proc *parent)
{
	struct proc *c = fpk_process(18, parent);
	c->mem_parent = parent->pid;
	c->sid = parent->sid;
	c->pgid = parent->pgid;
	return c;
}

Test(signal, a_jobs_kill_of_everyone_spares_the_shell_and_init)
{
	struct proc *sibling = child_of(shell), *grandchild = child_of(p);
	cr_assert_eq(signal_kill(p, -1, PX_SIGKILL), 0);
	cr_assert_eq(sibling->state, PROC_DOOMED, "another job of the shell");
	cr_assert_eq(grandchild->state, PROC_DOOMED, "its own child");
	cr_assert_eq(p->state, PROC_RUNNING, "not the caller");
	cr_assert_eq(shell->state, PROC_RUNNING, "not the shell it runs under");
	cr_assert_eq(init->state, PROC_RUNNING);
}

Test(signal, a_job_cannot_signal_outside_its_shells_subtree)
{
	struct proc *daemon = child_of(init); /* another session's */
	daemon->sid = daemon->pgid = daemon->pid;
	cr_assert_eq(signal_kill(p, daemon->pid, PX_SIGKILL), -PX_EPERM);
	cr_assert_eq(signal_kill(p, -(long)daemon->pgid, PX_SIGKILL), -PX_EPERM);
	cr_assert_eq(signal_kill(p, daemon->pid, 0), -PX_EPERM, "not even asking");
	cr_assert_eq(signal_kill(p, -1, PX_SIGKILL), -PX_ESRCH, "no one it may signal");
	cr_assert_eq(daemon->state, PROC_RUNNING);
	/* Within the shell's subtree, as a Unix user's processes may. */
	struct proc *grandchild = child_of(p);
	cr_assert_eq(signal_kill(grandchild, p->pid, 0), 0, "its parent");
	cr_assert_eq(signal_kill(grandchild, shell->pid, 0), 0, "its grandparent, the shell");
	cr_assert_eq(signal_kill(grandchild, daemon->pid, 0), -PX_EPERM);
}

Test(signal, a_daemon_left_by_its_job_is_still_the_shells_to_signal)
{
	struct proc *d = child_of(p);
	d->sid = d->pgid = d->pid;
	d->ppid = init->pid;  /* its parent ended: reparented for wait */
	p->state = PROC_HUSK; /* whose budget lent it its own */
	struct proc *job = child_of(shell);
	cr_assert_eq(signal_kill(job, d->pid, PX_SIGTERM), 0);
	cr_assert_eq(d->state, PROC_DOOMED);
}

Test(signal, the_system_right_reaches_any_process_but_init)
{
	struct proc *daemon = child_of(init);
	daemon->sid = daemon->pgid = daemon->pid;
	cr_assert_eq(signal_kill(shell, daemon->pid, PX_SIGTERM), 0,
	             "init's subtree: the shell's lender's");
	struct proc *d2 = child_of(init), *job = child_of(p);
	d2->sid = d2->pgid = d2->pid;
	cr_assert_eq(signal_kill(job, d2->pid, PX_SIGTERM), -PX_EPERM);
	job->system_right = 1;
	cr_assert_eq(signal_kill(job, d2->pid, PX_SIGTERM), 0);
	cr_assert_eq(d2->state, PROC_DOOMED);
	cr_assert_eq(signal_kill(job, 1, PX_SIGKILL), 0);
	cr_assert_eq(init->state, PROC_RUNNING, "init gets only what it catches");
}

Test(signal, fork_copies_actions_and_mask_but_nothing_pending)
{
	handle(p, USR1, PX_SA_RESTART);
	signal_procmask(p, PX_SIG_BLOCK, BIT(USR2));
	signal_send(p, USR2);
	struct proc *child = fpk_process(18, p);
	signal_fork(p, child);
	cr_assert_eq(child->sig_action[USR1].handler, HANDLER);
	cr_assert_eq(child->sig_entry, ENTRY);
	cr_assert_eq(child->sig_mask, BIT(USR2));
	cr_assert_eq(child->sig_pending, 0);
}

Test(signal, exec_resets_handlers_and_keeps_ignored_signals_and_the_mask)
{
	handle(p, USR1, 0);
	signal_disposition(p, PX_SIGINT, PX_SIG_IGN);
	signal_procmask(p, PX_SIG_BLOCK, BIT(USR2));
	signal_exec(p);
	cr_assert_eq(p->sig_action[USR1].handler, PX_SIG_DFL);
	cr_assert_eq(p->sig_action[PX_SIGINT].handler, PX_SIG_IGN);
	cr_assert_eq(p->sig_mask, BIT(USR2));
	cr_assert_eq(p->sig_entry, 0);
}
