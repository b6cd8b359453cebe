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

/* A SchedGroup for p to hold: the one it has, if it holds no group's
 * turns now (rebinding moved every member and subgroup away), or a new
 * one. */
static bool free_group_object(struct proc *p)
{
	if (p->sched_group != BUDGET_NONE)
		return p->group_held == 0;
	p->sched_group = proc_retype_more(p, p->kobj_block, RN_OBJ_SCHED_GROUP, 0);
	return p->sched_group != BUDGET_NONE;
}

/* Who holds share (pgid, sid)'s SchedGroup: its leader, found at once;
 * else (the leader has gone) a member it was handed to. */
static struct proc *group_holder(uint32_t pgid, uint32_t sid)
{
	if (!pgid)
		return 0;
	struct proc *h = proc_get(pgid);
	if (h && h->group_held == pgid && h->share_sid == sid && h->sched_group != BUDGET_NONE)
		return h;
	for (h = proc_next(0); h; h = proc_next(h->pid)) {
		if (h->group_held == pgid && h->share_sid == sid && h->sched_group != BUDGET_NONE)
			return h;
	}
	return 0;
}

/* The cap of share (pgid, sid)'s SchedGroup, or 0 (none: no group). */
static uint64_t share_group(uint32_t pgid, uint32_t sid)
{
	struct proc *h = group_holder(pgid, sid);
	return h ? CAP(h->pid, h->sched_group) : 0;
}

/* The top share of the tree share (pgid, sid) is nested in, as a key
 * (pgid, then sid); the share itself if it is no nested one. */
static uint64_t share_top(uint32_t pgid, uint32_t sid)
{
	struct proc *h;
	for (int i = 0; i < 64 && (h = group_holder(pgid, sid)) && h->up_pgid; i++) {
		pgid = h->up_pgid;
		sid = h->up_sid;
	}
	return (uint64_t)pgid << 32 | sid;
}

/* p's free object becomes the group of its own share, nested in share
 * (up_pgid, up_sid) (0: a top group). False if the kernel refuses (the
 * chain of groups would be too long): p holds nothing then. */
static bool hold_group(struct proc *p, uint32_t up_pgid, uint32_t up_sid)
{
	if (rn_sched_group_set_parent(CAP(p->pid, p->sched_group), share_group(up_pgid, up_sid)))
		return false;
	p->group_held = p->pid;
	p->up_pgid = up_pgid;
	p->up_sid = up_sid;
	return true;
}

bool jobs_lead_group(struct proc *p)
{
	if (p->group_held == p->pid && p->sched_group != BUDGET_NONE && p->share_pgid == p->pid &&
	    p->share_sid == p->sid)
		return true;
	bool top = own_shares(p);
	uint32_t was_pgid = p->share_pgid, was_sid = p->share_sid;
	jobs_hand_over(p); /* what it held before, if anything */
	/* A job's own groups nest in the share they were made in. */
	if (!free_group_object(p) || !hold_group(p, top ? 0 : was_pgid, top ? 0 : was_sid)) {
		if (top) { /* no share: it runs ungrouped */
			p->share_pgid = p->pid;
			p->share_sid = p->sid;
		}
		return false; /* nested: it stays in the share it ran in */
	}
	p->share_pgid = p->pid;
	p->share_sid = p->sid;
	return true;
}

void jobs_join_group(struct proc *p)
{
	/* Priorities all equal (CONFIG_PX_PRIORITY): it cannot be refused. */
	rn_tcb_set_group(CAP(p->pid, p->tcb), share_group(p->share_pgid, p->share_sid));
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

/* A process holding a share nested in share (g, sid), other than `not`,
 * or NULL. */
static struct proc *nested_holder(uint32_t g, uint32_t sid, const struct proc *not)
{
	for (struct proc *q = proc_next(0); q; q = proc_next(q->pid)) {
		if (q != not && q->group_held && q->up_pgid == g && q->up_sid == sid)
			return q;
	}
	return 0;
}

void jobs_hand_over(struct proc *h)
{
	uint32_t g = h->group_held, sid = h->share_sid;
	if (!g || h->sched_group == BUDGET_NONE)
		return;
	h->group_held = 0;
	/* Where h's members and nested shares go: a running member with a
	 * SchedGroup to spare holds h's share now, nested where h's was.
	 * With none, a nested share takes its place in the tree, and the
	 * rest nest in that one: a job whose leader is gone stays one share
	 * however many groups it split into. With neither, the share above
	 * (or, at the top, no group). */
	struct proc *m = 0, *c1 = 0;
	for (struct proc *q = other_member(0, h, g); q && !m; q = other_member(q->pid, h, g)) {
		if (free_group_object(q) && hold_group(q, h->up_pgid, h->up_sid))
			m = q;
	}
	if (m) {
		m->group_held = g;
	} else if ((c1 = nested_holder(g, sid, h))) {
		rn_sched_group_set_parent(CAP(c1->pid, c1->sched_group),
		                          share_group(h->up_pgid, h->up_sid));
		c1->up_pgid = h->up_pgid;
		c1->up_sid = h->up_sid;
	}
	uint32_t to_pgid = m ? g : c1 ? c1->group_held : h->up_pgid;
	uint32_t to_sid = m ? sid : c1 ? c1->share_sid : h->up_sid;
	uint64_t to = share_group(to_pgid, to_sid);
	for (struct proc *q = proc_next(0); q; q = proc_next(q->pid)) {
		if (q == h)
			continue;
		if (q != c1 && q->group_held && q->up_pgid == g && q->up_sid == sid) {
			rn_sched_group_set_parent(CAP(q->pid, q->sched_group), to);
			q->up_pgid = to_pgid;
			q->up_sid = to_sid;
		}
		if (q->state == PROC_RUNNING && q->share_pgid == g && q->share_sid == sid) {
			if (!m && to_pgid) {
				q->share_pgid = to_pgid;
				q->share_sid = to_sid;
			}
			rn_tcb_set_group(CAP(q->pid, q->tcb), to);
		}
	}
	/* h's object keeps nothing now; spare, it is in no tree. */
	rn_sched_group_set_parent(CAP(h->pid, h->sched_group), 0);
}

bool jobs_in_session(uint32_t pgid, uint32_t sid)
{
	for (struct proc *q = jobs_next_member(pgid, 0); q; q = jobs_next_member(pgid, q->pid)) {
		if (q->sid == sid)
			return true;
	}
	return false;
}

/* t is now in group g of its session: the share of the group (its own if
 * it leads it, else the one the group's members run in). */
static void take_share_of(struct proc *t, uint32_t g)
{
	if (g == t->pid) {
		jobs_lead_group(t); /* a new group: its turns are its own */
		return;
	}
	struct proc *m = jobs_next_member(g, 0);
	while (m && (m == t || m->sid != t->sid))
		m = jobs_next_member(g, m->pid);
	uint32_t share = m ? m->share_pgid : g, share_sid = m ? m->share_sid : t->sid;
	/* A job's process may join a group of another job (one session), but
	 * not its turns: it stays in its own job's tree. */
	if (!own_shares(t) && share_top(share, share_sid) != share_top(t->share_pgid, t->share_sid))
		return;
	if (share != t->share_pgid || share_sid != t->share_sid)
		jobs_hand_over(t); /* if it holds its old share's turns */
	t->share_pgid = share;
	t->share_sid = share_sid;
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
	jobs_lead_group(p); /* hands over what it held before */
	jobs_join_group(p);
	return p->pid;
}
