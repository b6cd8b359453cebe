/* Process groups and sessions, and the CPU turns a group shares (jobs.h). */
#include "personality/jobs.h"

#include <ration/objects.h>
#include <rn/px.h>
#include <rn/tcb.h>

struct proc *jobs_next_member(uint32_t pgid, uint32_t pid)
{
	struct proc *q = proc_next(pid);
	while (q && (q->state != PROC_RUNNING || q->pgid != pgid))
		q = proc_next(q->pid);
	return q;
}

bool jobs_orphaned(uint32_t pgid)
{
	for (struct proc *q = jobs_next_member(pgid, 0); q; q = jobs_next_member(pgid, q->pid)) {
		struct proc *parent = proc_get(q->ppid);
		if (parent && parent->state == PROC_RUNNING && parent->pgid != pgid &&
		    parent->sid == q->sid)
			return false;
	}
	return true;
}

/* A SchedGroup for p to hold: the one it has, if it holds no group's
 * turns now (rebinding moved every member away), or a new one. */
static bool free_group_object(struct proc *p)
{
	if (p->sched_group != BUDGET_NONE)
		return p->group_held == 0;
	p->sched_group = proc_retype_more(p, p->kobj_block, RN_OBJ_SCHED_GROUP, 0);
	return p->sched_group != BUDGET_NONE;
}

bool jobs_lead_group(struct proc *p)
{
	if (p->group_held == p->pid && p->sched_group != BUDGET_NONE && p->share_pgid == p->pid &&
	    p->share_sid == p->sid)
		return true;
	jobs_hand_over(p); /* what it held before, if anything */
	p->share_pgid = p->pid;
	p->share_sid = p->sid;
	if (!free_group_object(p))
		return false;
	p->group_held = p->pid;
	return true;
}

/* Who holds share (pgid, sid)'s SchedGroup: its leader, found at once;
 * else (the leader has gone) a member it was handed to. */
static struct proc *group_holder(uint32_t pgid, uint32_t sid)
{
	struct proc *h = proc_get(pgid);
	if (h && h->group_held == pgid && h->share_sid == sid && h->sched_group != BUDGET_NONE)
		return h;
	for (h = proc_next(0); h; h = proc_next(h->pid)) {
		if (h->group_held == pgid && h->share_sid == sid && h->sched_group != BUDGET_NONE)
			return h;
	}
	return 0;
}

void jobs_join_group(struct proc *p)
{
	struct proc *h = group_holder(p->share_pgid, p->share_sid);
	/* Priorities all equal (CONFIG_PX_PRIORITY): it cannot be refused. */
	rn_tcb_set_group(CAP(p->pid, p->tcb), h ? CAP(h->pid, h->sched_group) : 0);
}

void jobs_fork(const struct proc *parent, struct proc *child)
{
	child->share_pgid = parent->share_pgid;
	child->share_sid = parent->share_sid;
	jobs_join_group(child);
}

/* The next running process after pid in h's share (g, h's share
 * session), other than h. */
static struct proc *other_member(uint32_t pid, const struct proc *h, uint32_t g)
{
	struct proc *q = proc_next(pid);
	while (q && (q == h || q->state != PROC_RUNNING || q->share_pgid != g ||
	             q->share_sid != h->share_sid))
		q = proc_next(q->pid);
	return q;
}

void jobs_hand_over(struct proc *h)
{
	uint32_t g = h->group_held;
	if (!g || h->sched_group == BUDGET_NONE)
		return;
	h->group_held = 0;
	/* The new holder: a running member with a SchedGroup to spare. */
	struct proc *m = 0;
	for (struct proc *q = other_member(0, h, g); q && !m; q = other_member(q->pid, h, g)) {
		if (free_group_object(q))
			m = q;
	}
	if (m)
		m->group_held = g;
	/* Every member moves to it (or, with none, to no group), so h's
	 * object keeps no thread. */
	for (struct proc *q = other_member(0, h, g); q; q = other_member(q->pid, h, g))
		rn_tcb_set_group(CAP(q->pid, q->tcb), m ? CAP(m->pid, m->sched_group) : 0);
}

bool jobs_in_session(uint32_t pgid, uint32_t sid)
{
	for (struct proc *q = jobs_next_member(pgid, 0); q; q = jobs_next_member(pgid, q->pid)) {
		if (q->sid == sid)
			return true;
	}
	return false;
}

/* Whether p's own new groups and sessions get CPU shares of their own:
 * init's children (the console session) and the session's jobs (children
 * of a budget that gives job terms, PX_FORK_SESSION) do; a job's
 * descendants do not, so that a job is one share however many groups it
 * makes. */
static bool own_shares(const struct proc *p)
{
	const struct proc *lender = proc_get(p->mem_parent);
	return !lender || lender->pid == 1 || lender->job_percent;
}

/* t, entitled to shares, is now in group g of its session: the share of
 * the group (its own if it leads it, else the one the group's members
 * run in). */
static void take_share_of(struct proc *t, uint32_t g)
{
	if (g == t->pid) {
		jobs_lead_group(t); /* a new group: its turns are its own */
		return;
	}
	struct proc *m = jobs_next_member(g, 0);
	while (m && (m == t || m->sid != t->sid))
		m = jobs_next_member(g, m->pid);
	uint32_t share = m ? m->share_pgid : g;
	if (share != t->share_pgid || t->share_sid != t->sid)
		jobs_hand_over(t); /* if it holds its old share's turns */
	t->share_pgid = share;
	t->share_sid = t->sid;
}

long jobs_setpgid(struct proc *p, uint64_t pid, uint64_t pgid)
{
	struct proc *t = pid ? proc_get(pid) : p;
	if (!t || (t != p && t->ppid != p->pid))
		return -PX_ESRCH;
	if (pgid >= MAX_PROCS)
		return -PX_EINVAL;
	if (t->sid != p->sid || t->pid == t->sid)
		return -PX_EPERM; /* another session, or a session leader */
	uint32_t g = pgid ? (uint32_t)pgid : t->pid;
	if (g != t->pid && !jobs_in_session(g, p->sid))
		return -PX_EPERM;
	t->pgid = g;
	if (own_shares(t))
		take_share_of(t, g);
	jobs_join_group(t);
	return 0;
}

long jobs_getpgid(struct proc *p, uint64_t pid)
{
	struct proc *t = pid ? proc_get(pid) : p;
	return t ? (long)t->pgid : -PX_ESRCH;
}

long jobs_setsid(struct proc *p)
{
	if (p->pgid == p->pid)
		return -PX_EPERM; /* a group leader cannot */
	p->sid = p->pgid = p->pid;
	if (own_shares(p))
		jobs_lead_group(p); /* hands over what it held before */
	jobs_join_group(p);
	return p->pid;
}
