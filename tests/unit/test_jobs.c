/* Process groups and sessions (personality/jobs.c) on the fake kernel:
 * setpgid, getpgid and setsid with POSIX's refusals, orphaned groups, and
 * the SchedGroup a group's threads share (which object each member's TCB
 * is bound to, as the fake records it). */
#include <criterion/criterion.h>

#include <ration/invocation.h>
#include <rn/px.h>

#include "personality/jobs.h"
#include "personality/proc.h"
#include "tests/unit/support/px/fake_kernel.h"

static struct proc *init, *shell, *a, *b, *c;

/* A child of the shell in the shell's session and group, as fork leaves
 * it. */
static struct proc *shell_child(void)
{
	struct proc *q = fpk_process(18, shell);
	q->sid = shell->sid;
	q->pgid = shell->pgid;
	return q;
}

/* init (pid 1); a shell leading its own session; a, b and c its children
 * in its group. */
static void setup(void)
{
	fpk_setup();
	init = fpk_process(18, 0);
	shell = fpk_process(18, init);
	a = shell_child();
	b = shell_child();
	c = shell_child();
}

TestSuite(jobs, .init = setup);

/* The SchedGroup object q's thread is bound to (0: none), and the one
 * q holds. */
static unsigned bound(const struct proc *q)
{
	return fpk_tcb(CAP(q->pid, q->tcb))->group;
}

static unsigned held(const struct proc *q)
{
	cr_assert_neq(q->sched_group, BUDGET_NONE, "pid %u has a SchedGroup", q->pid);
	return fpk_object(CAP(q->pid, q->sched_group));
}

Test(jobs, setpgid_zero_makes_a_new_group_led_by_the_caller)
{
	cr_assert_eq(jobs_setpgid(a, 0, 0), 0);
	cr_assert_eq(a->pgid, a->pid);
	cr_assert_eq(a->sid, shell->sid, "the same session");
	cr_assert_eq(jobs_getpgid(shell, a->pid), a->pid);
}

Test(jobs, new_group_runs_on_a_sched_group_of_its_own)
{
	jobs_setpgid(shell, a->pid, a->pid);
	cr_assert_eq(a->group_held, a->pid);
	cr_assert_neq(held(a), 0);
	cr_assert_eq(bound(a), held(a));
}

Test(jobs, setpgid_of_a_session_leader_is_EPERM)
{
	cr_assert_eq(jobs_setpgid(shell, 0, 0), -PX_EPERM);
	cr_assert_eq(shell->pgid, shell->pid);
}

Test(jobs, setpgid_of_a_child_in_another_session_is_EPERM)
{
	cr_assert_eq(jobs_setsid(a), a->pid);
	cr_assert_eq(jobs_setpgid(shell, a->pid, 0), -PX_EPERM);
	cr_assert_eq(a->pgid, a->pid);
	cr_assert_eq(a->sid, a->pid);
}

Test(jobs, setpgid_of_a_process_not_a_child_is_ESRCH)
{
	cr_assert_eq(jobs_setpgid(a, b->pid, 0), -PX_ESRCH, "a sibling");
	cr_assert_eq(jobs_setpgid(a, shell->pid, 0), -PX_ESRCH, "the parent");
	cr_assert_eq(jobs_setpgid(a, MAX_PROCS - 1, 0), -PX_ESRCH, "no process");
	cr_assert_eq(b->pgid, shell->pid);
}

Test(jobs, setpgid_beyond_the_pids_is_EINVAL)
{
	cr_assert_eq(jobs_setpgid(shell, a->pid, MAX_PROCS), -PX_EINVAL);
}

Test(jobs, setpgid_joins_only_a_group_of_the_callers_session)
{
	cr_assert_eq(jobs_setpgid(a, 0, init->pgid), -PX_EPERM, "init's group, init's session");
	cr_assert_eq(jobs_setpgid(a, 0, c->pid), -PX_EPERM, "no group has that number");
	cr_assert_eq(a->pgid, shell->pid);
	cr_assert_eq(jobs_setpgid(shell, b->pid, b->pid), 0);
	cr_assert_eq(jobs_setpgid(a, 0, b->pid), 0, "b's group is in a's session");
	cr_assert_eq(a->pgid, b->pid);
}

Test(jobs, joining_a_group_binds_to_its_sched_group)
{
	jobs_setpgid(shell, a->pid, a->pid);
	cr_assert_eq(jobs_setpgid(shell, b->pid, a->pid), 0);
	cr_assert_eq(bound(b), held(a));
	cr_assert_eq(b->group_held, 0, "b holds nothing");
}

Test(jobs, getpgid_of_no_process_is_ESRCH)
{
	cr_assert_eq(jobs_getpgid(a, 0), shell->pid, "its own");
	cr_assert_eq(jobs_getpgid(a, init->pid), init->pid);
	cr_assert_eq(jobs_getpgid(a, MAX_PROCS - 1), -PX_ESRCH);
}

Test(jobs, setsid_of_a_group_leader_is_EPERM)
{
	jobs_setpgid(a, 0, 0);
	cr_assert_eq(jobs_setsid(a), -PX_EPERM);
	cr_assert_eq(a->sid, shell->sid);
}

Test(jobs, setsid_makes_a_new_session_and_group_with_their_own_turns)
{
	cr_assert_eq(jobs_setsid(a), a->pid);
	cr_assert_eq(a->sid, a->pid);
	cr_assert_eq(a->pgid, a->pid);
	cr_assert_eq(bound(a), held(a));
	cr_assert(jobs_in_session(a->pid, a->pid));
	cr_assert_not(jobs_in_session(a->pid, shell->sid));
}

Test(jobs, next_member_walks_the_running_members_in_pid_order)
{
	jobs_setpgid(shell, a->pid, a->pid);
	jobs_setpgid(shell, c->pid, a->pid);
	cr_assert_eq(jobs_next_member(a->pid, 0), a);
	cr_assert_eq(jobs_next_member(a->pid, a->pid), c, "b is in another group");
	cr_assert_null(jobs_next_member(a->pid, c->pid));
	a->state = PROC_ZOMBIE;
	cr_assert_eq(jobs_next_member(a->pid, 0), c, "an ended member is none");
}

Test(jobs, group_with_a_parent_in_another_group_of_the_session_is_not_orphaned)
{
	jobs_setpgid(shell, a->pid, a->pid);
	cr_assert_not(jobs_orphaned(a->pid), "the shell can continue it");
	cr_assert(jobs_orphaned(shell->pid), "init is in another session");
}

Test(jobs, group_is_orphaned_when_its_parent_ends)
{
	jobs_setpgid(shell, a->pid, a->pid);
	shell->state = PROC_ZOMBIE;
	cr_assert(jobs_orphaned(a->pid));
}

Test(jobs, group_whose_parents_are_in_it_is_orphaned)
{
	jobs_setpgid(shell, a->pid, a->pid);
	struct proc *g = fpk_process(18, a); /* a's child, in a's group */
	g->sid = a->sid;
	g->pgid = a->pgid;
	cr_assert_not(jobs_orphaned(a->pid), "a's parent, the shell, is outside");
	a->ppid = init->pid; /* as if reparented: init is in another session */
	cr_assert(jobs_orphaned(a->pid));
}

Test(jobs, leader_reaped_hands_the_group_to_a_member_and_every_member_follows)
{
	jobs_setpgid(shell, a->pid, a->pid);
	jobs_setpgid(shell, b->pid, a->pid);
	jobs_setpgid(shell, c->pid, a->pid);
	unsigned old = held(a);
	a->state = PROC_ZOMBIE;
	jobs_hand_over(a);
	cr_assert_eq(a->group_held, 0);
	cr_assert_eq(b->group_held, a->pid, "the first member with an object");
	cr_assert_neq(held(b), old);
	cr_assert_eq(bound(b), held(b));
	cr_assert_eq(bound(c), held(b), "c shares b's turns");
}

Test(jobs, last_member_gone_leaves_the_group_ungrouped)
{
	jobs_setpgid(shell, a->pid, a->pid);
	jobs_setpgid(shell, b->pid, a->pid);
	a->state = PROC_ZOMBIE;
	jobs_hand_over(a);
	b->state = PROC_ZOMBIE;
	jobs_hand_over(b);
	cr_assert_eq(b->group_held, 0);
	for (struct proc *q = proc_next(0); q; q = proc_next(q->pid))
		cr_assert_neq(q->group_held, a->pid, "pid %u holds the ended group", q->pid);
}

Test(jobs, member_joining_later_finds_the_holder_after_its_leader_is_gone)
{
	jobs_setpgid(shell, a->pid, a->pid);
	jobs_setpgid(shell, b->pid, a->pid);
	a->state = PROC_ZOMBIE;
	jobs_hand_over(a);
	cr_assert_eq(jobs_setpgid(shell, c->pid, a->pid), 0);
	cr_assert_eq(bound(c), held(b));
}

Test(jobs, leader_leaving_its_group_hands_it_over)
{
	jobs_setpgid(shell, a->pid, a->pid);
	jobs_setpgid(shell, b->pid, a->pid);
	jobs_setpgid(shell, c->pid, c->pid);
	cr_assert_eq(jobs_setpgid(shell, a->pid, c->pid), 0);
	cr_assert_eq(b->group_held, a->pid);
	cr_assert_eq(bound(b), held(b));
	cr_assert_eq(bound(a), held(c), "a runs in c's group now");
	cr_assert_eq(a->group_held, 0);
}

Test(jobs, leader_starting_a_session_hands_its_old_group_over)
{
	jobs_setpgid(shell, a->pid, a->pid);
	jobs_setpgid(shell, b->pid, a->pid);
	jobs_setpgid(shell, c->pid, a->pid);
	/* c, no leader, starts a session: a keeps its group. */
	cr_assert_eq(jobs_setsid(c), c->pid);
	cr_assert_eq(a->group_held, a->pid);
	cr_assert_eq(bound(b), held(a));
	cr_assert_eq(bound(c), held(c));
	cr_assert_neq(held(c), held(a));
}

Test(jobs, lead_group_reuses_an_object_that_holds_no_turns)
{
	jobs_setpgid(shell, a->pid, a->pid);
	unsigned first = held(a);
	jobs_setpgid(shell, b->pid, b->pid);
	jobs_setpgid(shell, a->pid, b->pid); /* a leaves: its group is handed to no one */
	cr_assert_eq(a->group_held, 0);
	unsigned sched_groups = fpk_count(RN_UNTYPED_RETYPE);
	cr_assert_eq(jobs_setpgid(shell, a->pid, a->pid), 0);
	cr_assert_eq(held(a), first, "the same object");
	cr_assert_eq(fpk_count(RN_UNTYPED_RETYPE), sched_groups, "no new one");
	cr_assert_eq(bound(a), first);
}

/* The console session as init starts it (job terms for its children) and
 * a job of it in a group of its own; k a child of the job, as fork makes
 * it (the job's budget, group and share). */
static struct proc *job_with_a_child(struct proc **k)
{
	shell->mem_parent = init->pid;
	shell->job_percent = 75;
	cr_assert(jobs_lead_group(shell));
	a->mem_parent = shell->pid;
	cr_assert_eq(jobs_setpgid(shell, a->pid, a->pid), 0);
	*k = fpk_process(18, a);
	(*k)->mem_parent = a->pid;
	(*k)->sid = a->sid;
	(*k)->pgid = a->pgid;
	jobs_fork(a, *k);
	cr_assert_eq(bound(*k), held(a), "the child runs in the job's share");
	return a;
}

/* The SchedGroup q holds is nested in (0: a top group). */
static unsigned parent_of(const struct proc *q)
{
	return fpk_group_parent(CAP(q->pid, q->sched_group));
}

Test(jobs, a_jobs_new_group_is_a_share_nested_in_the_jobs)
{
	struct proc *k, *job = job_with_a_child(&k);
	cr_assert_eq(jobs_setpgid(k, 0, 0), 0);
	cr_assert_eq(k->pgid, k->pid, "a process group of its own (POSIX)");
	cr_assert_eq(k->group_held, k->pid);
	cr_assert_eq(bound(k), held(k), "turns of its own");
	cr_assert_eq(parent_of(k), held(job), "within the job's: a share of its share");
	cr_assert_eq(parent_of(job), 0, "the job is a top group");
}

Test(jobs, a_jobs_new_session_is_a_share_nested_in_the_jobs)
{
	struct proc *k, *job = job_with_a_child(&k);
	cr_assert_eq(jobs_setsid(k), k->pid);
	cr_assert_eq(k->sid, k->pid);
	cr_assert_eq(bound(k), held(k));
	cr_assert_eq(parent_of(k), held(job));
}

/* Nesting is as deep as groups make it: a group in a group of the job is
 * in that one's share. */
Test(jobs, a_group_made_in_a_nested_share_nests_in_it)
{
	struct proc *k, *job = job_with_a_child(&k);
	jobs_setsid(k);
	struct proc *kk = fpk_process(18, k);
	kk->mem_parent = k->pid;
	kk->sid = k->sid;
	kk->pgid = k->pgid;
	jobs_fork(k, kk);
	cr_assert_eq(bound(kk), held(k));
	cr_assert_eq(jobs_setpgid(kk, 0, 0), 0);
	cr_assert_eq(parent_of(kk), held(k));
	cr_assert_eq(parent_of(k), held(job));
}

/* A job's process may join another job's process group (one session),
 * but not its turns. */
Test(jobs, a_jobs_process_joining_another_jobs_group_keeps_its_jobs_turns)
{
	struct proc *k, *job = job_with_a_child(&k);
	b->mem_parent = shell->pid;
	cr_assert_eq(jobs_setpgid(shell, b->pid, b->pid), 0);
	cr_assert_eq(jobs_setpgid(k, 0, b->pid), 0, "POSIX allows it: one session");
	cr_assert_eq(k->pgid, b->pid);
	cr_assert_eq(bound(k), held(job), "still the job's turns, not b's");
}

/* The job's leader gone, its one splinter share takes the job's place at
 * the top; a second splinter nests in that one: still one share. */
Test(jobs, a_jobs_splinter_shares_stay_one_share_when_the_job_ends)
{
	struct proc *k, *job = job_with_a_child(&k);
	struct proc *k2 = fpk_process(18, job);
	k2->mem_parent = job->pid;
	k2->sid = job->sid;
	k2->pgid = job->pgid;
	jobs_fork(job, k2);
	jobs_setsid(k);
	jobs_setsid(k2);
	cr_assert_eq(parent_of(k), held(job));
	cr_assert_eq(parent_of(k2), held(job));
	job->state = PROC_ZOMBIE;
	jobs_hand_over(job);
	cr_assert_eq(job->group_held, 0);
	cr_assert_eq(parent_of(job), 0, "the spare object is in no tree");
	struct proc *first = k->up_pgid == 0 ? k : k2, *other = first == k ? k2 : k;
	cr_assert_eq(parent_of(first), 0, "one splinter takes the job's place at the top");
	cr_assert_eq(parent_of(other), held(first), "the other nests in it");
	cr_assert_eq(bound(k), held(k));
	cr_assert_eq(bound(k2), held(k2));
}

Test(jobs, the_sessions_jobs_still_get_shares_of_their_own)
{
	struct proc *k, *job = job_with_a_child(&k);
	b->mem_parent = shell->pid;
	cr_assert_eq(jobs_setpgid(shell, b->pid, b->pid), 0);
	cr_assert_neq(held(b), held(job));
	cr_assert_eq(bound(b), held(b));
	cr_assert_neq(held(shell), held(job));
}
