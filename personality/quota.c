/* The figures of budgets (quota.h), read from the books themselves. */
#include "personality/quota.h"

#include "personality/tmpfs.h"

#include <ration/objects.h>
#include <rn/px.h>
#include <rn/tcb.h>

#include "kernel/string.h"

/* Kernel objects in p's book by type: the object slots, the budget's
 * blocks (untyped), and the book's own CNodes, which live in book slots
 * rather than leaf slots. */
static void count_objects(const struct proc *p, unsigned long count[PX_OBJ_TYPES])
{
	for (unsigned t = 0; t < PX_OBJ_TYPES; t++)
		count[t] = 0;
	for (budget_slot_t id = 0; id < p->nleaves * LEAF_SLOTS; id++) {
		const struct budget_block *m = proc_meta((struct proc *)p, id);
		if (m->state != BUDGET_EMPTY)
			count[RN_OBJ_UNTYPED]++;
		else if ((m->flags & SLOT_USED) && m->kind)
			count[m->kind - 1]++;
	}
	count[RN_OBJ_CNODE] += 1 + p->nleaves;
}

/* The PX_STATE_* a process is seen in (a stopped one is still running;
 * a doomed one has as good as ended). */
static uint32_t px_state(const struct proc *p)
{
	if (p->state == PROC_DOOMED)
		return PX_STATE_ZOMBIE;
	return p->state == PROC_RUNNING && p->stop_sig ? PX_STATE_STOPPED : p->state;
}

void quota_cpu(const struct proc *p, unsigned long us[2])
{
	rn_word_t own[2] = { 0, 0 };
	if (p->state == PROC_RUNNING || p->state == PROC_ZOMBIE || p->state == PROC_DOOMED)
		rn_tcb_get_times(CAP(p->pid, p->tcb), own);
	us[0] = own[0] + p->children_us[0];
	us[1] = own[1] + p->children_us[1];
}

static unsigned long cpu_us(const struct proc *p)
{
	unsigned long us[2];
	quota_cpu(p, us);
	return us[0] + us[1];
}

void quota_info(const struct proc *p, struct px_budget_info *out)
{
	const struct budget *b = &p->budget;
	_Static_assert(PX_OBJ_TYPES == RN_OBJ_TYPE_COUNT, "px.h counts every object type");
	count_objects(p, out->objects);
	out->files = tmpfs_charged(p);
	out->ppid = p->ppid;
	out->budget_parent = p->mem_parent;
	out->state = px_state(p);
	out->cpu_us = cpu_us(p);
	memcpy(out->name, p->name, sizeof(out->name));
	out->name[sizeof(out->name) - 1] = 0;
	out->pid = p->pid;
	out->limit = p->limit;
	out->guarantee = p->guarantee;
	out->total = b->total;
	out->used_kernel = b->used[BUDGET_KERNEL];
	out->used_frames = b->used[BUDGET_FRAMES];
	out->used_records = b->used[BUDGET_RECORDS];
	out->lent = b->lent;
	out->free = b->free;
	out->peak = b->peak;
	out->refused = b->refused;
}

/* TCB objects in p's book (count_objects, for one type). */
static unsigned long count_threads(const struct proc *p)
{
	unsigned long n = 0;
	for (budget_slot_t id = 0; id < p->nleaves * LEAF_SLOTS; id++) {
		const struct budget_block *m = proc_meta((struct proc *)p, id);
		n +=
		    m->state == BUDGET_EMPTY && (m->flags & SLOT_USED) && m->kind == RN_OBJ_TCB + 1;
	}
	return n;
}

/* Whether pid's budget lies in root's subtree (root 0: everything). */
static bool in_subtree(uint32_t pid, uint32_t root)
{
	for (unsigned depth = 0; pid && depth < MAX_PROCS; depth++) {
		const struct proc *p = proc_get(pid);
		if (pid == root)
			return true;
		if (!p)
			break;
		pid = p->mem_parent;
	}
	return root == 0;
}

unsigned quota_tree(uint32_t root, uint64_t skip, struct px_budget_rec *out, unsigned max,
                    uint64_t *count)
{
	unsigned n = 0;
	*count = 0;
	for (const struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
		uint32_t pid = p->pid;
		if (!in_subtree(pid, root) || (*count)++ < skip || n == max)
			continue;
		const struct budget *b = &p->budget;
		struct px_budget_rec *r = &out[n++];
		r->pid = pid;
		r->budget_parent = p->mem_parent;
		r->ppid = p->ppid;
		r->state = px_state(p);
		r->limit = p->limit;
		r->guarantee = p->guarantee;
		r->total = b->total;
		r->lent = b->lent;
		r->free = b->free;
		r->peak = b->peak;
		r->refused = b->refused;
		r->used_kernel = b->used[BUDGET_KERNEL];
		r->used_frames = b->used[BUDGET_FRAMES];
		r->used_records = b->used[BUDGET_RECORDS];
		r->threads = count_threads(p);
		r->cpu_ms = (uint32_t)(cpu_us(p) / 1000);
		memcpy(r->name, p->name, sizeof(r->name) - 1);
		r->name[sizeof(r->name) - 1] = 0;
	}
	return n;
}
