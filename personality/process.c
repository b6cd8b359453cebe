/* Process life (process.h). Every object here is retyped from the
 * process's own budget; the only server-wide state is the pid table. */
#include "personality/process.h"

#include "personality/fd.h"
#include "personality/signal.h"
#include "personality/sysmem.h"
#include "personality/timer.h"
#include "personality/tmpfs.h"
#include "personality/vm.h"

#include <generated/config.h>
#include <ration/bootinfo.h>
#include <ration/cspace.h>
#include <ration/objects.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/ipc.h>
#include <rn/px.h>
#include <rn/tcb.h>
#include <rn/vspace.h>

#include "kernel/string.h"

#define PAGE 4096ul

/* The ASID pools: one per 512 pids, made at boot (main.c). */
extern uint64_t asid_pool_slot[];

/* A process's CSpace: 4 slots, guard 62, so that cptr = slot number. */
#define CSPACE_RADIX 2

/* The next missing page table on the walk to va, from p's budget. */
static bool make_table(struct proc *p, uint64_t va)
{
	budget_slot_t pt;
	budget_slot_t block =
	    proc_alloc_objects(p, 12, BUDGET_KERNEL, RN_OBJ_PAGE_TABLE, 0, 1, &pt);
	if (block == BUDGET_NONE)
		return false;
	if (rn_page_table_map(CAP(p->pid, pt), CAP(p->pid, p->vspace), va)) {
		proc_free_objects(p, block);
		return false;
	}
	return true;
}

bool process_setup(struct proc *p)
{
	budget_slot_t tcb, vspace, ipc, shared;
	p->kobj_block = proc_alloc_objects(p, 12, BUDGET_KERNEL, RN_OBJ_TCB, 0, 1, &tcb);
	if (p->kobj_block == BUDGET_NONE)
		return false;
	p->tcb = tcb;
	p->cspace = proc_retype_more(p, p->kobj_block, RN_OBJ_CNODE, CSPACE_RADIX);
	p->ntfn = proc_retype_more(p, p->kobj_block, RN_OBJ_NOTIFICATION, 0);
	p->cspace_guarded = proc_slot_alloc(p);
	p->fault_ep = proc_slot_alloc(p);
	if (p->cspace == BUDGET_NONE || p->ntfn == BUDGET_NONE ||
	    p->cspace_guarded == BUDGET_NONE || p->fault_ep == BUDGET_NONE)
		return false;
	cptr_t cs = CAP(p->pid, p->cspace);
	/* The guarded cap is derived from the CNode, so it goes with the block. */
	if (rn_cnode_mint(SELF, CAP(p->pid, p->cspace_guarded), DEPTH_LEAF_SLOT, SELF, cs,
	                  DEPTH_LEAF_SLOT, RN_RIGHTS_ALL,
	                  RN_CNODE_GUARD_DATA(0, 64 - CSPACE_RADIX)))
		return false;
	proc_chain_slot(p, p->kobj_block, p->cspace_guarded);
	if (rn_cnode_mint(cs, PX_SLOT_SERVER, CSPACE_RADIX, SELF, SLOT_ENDPOINT, DEPTH_ROOT_SLOT,
	                  RN_RIGHT_WRITE, p->pid) ||
	    rn_cnode_copy(cs, PX_SLOT_NOTIFY, CSPACE_RADIX, SELF, CAP(p->pid, p->ntfn),
	                  DEPTH_LEAF_SLOT, RN_RIGHT_READ | RN_RIGHT_WRITE) ||
	    rn_cnode_mint(SELF, CAP(p->pid, p->fault_ep), DEPTH_LEAF_SLOT, SELF, SLOT_ENDPOINT,
	                  DEPTH_ROOT_SLOT, RN_RIGHT_WRITE, FAULT_BADGE | p->pid))
		return false;

	budget_slot_t vblock =
	    proc_alloc_objects(p, 12, BUDGET_KERNEL, RN_OBJ_PAGE_TABLE, 0, 1, &vspace);
	if (vblock == BUDGET_NONE)
		return false;
	p->vspace = vspace;
	if (rn_asid_pool_assign(ROOT(asid_pool_slot[p->pid / 512]), CAP(p->pid, vspace)))
		return false;
	/* Every process needs the tables for its first 2 MiB (buffers and
	 * program) and for its stack: made now, not after failed maps. */
	if (!make_table(p, 0) || !make_table(p, 0) || !make_table(p, PX_STACK_TOP - 1))
		return false;

	p->ipc_block = proc_alloc_objects(p, 12, BUDGET_FRAMES, RN_OBJ_FRAME_4K, 0, 1, &ipc);
	if (p->ipc_block == BUDGET_NONE ||
	    vm_map(p, ipc, PX_IPC_BUFFER_VA, RN_RIGHT_READ | RN_RIGHT_WRITE, false))
		return false;
	p->shared_block = proc_alloc_objects(p, 12, BUDGET_FRAMES, RN_OBJ_FRAME_4K, 0, 1, &shared);
	if (p->shared_block == BUDGET_NONE ||
	    vm_map(p, shared, PX_SHARED_VA, RN_RIGHT_READ | RN_RIGHT_WRITE, false))
		return false;
	/* The server's own view of the shared buffer: a second cap to it. */
	p->shared_copy = proc_slot_alloc(p);
	if (p->shared_copy == BUDGET_NONE ||
	    rn_cnode_copy(SELF, CAP(p->pid, p->shared_copy), DEPTH_LEAF_SLOT, SELF,
	                  CAP(p->pid, shared), DEPTH_LEAF_SLOT, RN_RIGHT_READ | RN_RIGHT_WRITE))
		return false;
	proc_chain_slot(p, p->shared_block, p->shared_copy);
	if (rn_frame_map(CAP(p->pid, p->shared_copy), ROOT(RN_SLOT_ROOT_VSPACE),
	                 window_va(p->pid, WINDOW_SHARED_PAGE), RN_RIGHT_READ | RN_RIGHT_WRITE, 0))
		return false;

	cptr_t t = CAP(p->pid, tcb);
	return !rn_tcb_configure(t, CAP(p->pid, p->cspace_guarded), CAP(p->pid, vspace),
	                         CAP(p->pid, ipc), PX_IPC_BUFFER_VA) &&
	       !rn_tcb_set_fault_ep(t, CAP(p->pid, p->fault_ep)) &&
	       !rn_tcb_set_priority(t, CONFIG_PX_PRIORITY);
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

bool process_lead_group(struct proc *p)
{
	if (p->group_held == p->pid && p->sched_group != BUDGET_NONE)
		return true;
	process_group_hand_over(p); /* what it held before, if anything */
	if (!free_group_object(p))
		return false;
	p->group_held = p->pid;
	return true;
}

/* Who holds process group pgid's SchedGroup in session sid: its leader,
 * found at once; else (the leader has gone) a member it was handed to. */
static struct proc *group_holder(uint32_t pgid, uint32_t sid)
{
	struct proc *h = proc_get(pgid);
	if (h && h->group_held == pgid && h->sid == sid && h->sched_group != BUDGET_NONE)
		return h;
	for (uint32_t pid = 1; pid < MAX_PROCS; pid++) {
		h = proc_get(pid);
		if (h && h->group_held == pgid && h->sid == sid && h->sched_group != BUDGET_NONE)
			return h;
	}
	return 0;
}

void process_join_group(struct proc *p)
{
	struct proc *h = group_holder(p->pgid, p->sid);
	/* Priorities all equal (CONFIG_PX_PRIORITY): it cannot be refused. */
	rn_tcb_set_group(CAP(p->pid, p->tcb), h ? CAP(h->pid, h->sched_group) : 0);
}

/* A running process of h's session in group g, other than h. */
static struct proc *other_member(uint32_t pid, const struct proc *h, uint32_t g)
{
	struct proc *q = proc_get(pid);
	return q && q != h && q->state == PROC_RUNNING && q->pgid == g && q->sid == h->sid ? q : 0;
}

void process_group_hand_over(struct proc *h)
{
	uint32_t g = h->group_held;
	if (!g || h->sched_group == BUDGET_NONE)
		return;
	h->group_held = 0;
	/* The new holder: a running member with a SchedGroup to spare. */
	struct proc *m = 0;
	for (uint32_t pid = 1; !m && pid < MAX_PROCS; pid++) {
		struct proc *q = other_member(pid, h, g);
		if (q && free_group_object(q))
			m = q;
	}
	if (m)
		m->group_held = g;
	/* Every member moves to it (or, with none, to no group), so h's
	 * object keeps no thread. */
	for (uint32_t pid = 1; pid < MAX_PROCS; pid++) {
		struct proc *q = other_member(pid, h, g);
		if (q)
			rn_tcb_set_group(CAP(q->pid, q->tcb), m ? CAP(m->pid, m->sched_group) : 0);
	}
}

void process_wake(struct proc *p)
{
	if (p->state == PROC_RUNNING)
		rn_signal(CAP(p->pid, p->ntfn));
}

/* ---- the family tree ------------------------------------------------------ */

static void add_child(struct proc *parent, struct proc *c)
{
	c->ppid = parent->pid;
	c->next_sibling = parent->first_child;
	parent->first_child = c->pid;
	parent->nchildren++;
}

static void remove_child(struct proc *parent, struct proc *c)
{
	uint32_t *link = &parent->first_child;
	for (unsigned n = 0; *link && n < MAX_PROCS; n++) {
		if (*link == c->pid) {
			*link = c->next_sibling;
			parent->nchildren--;
			return;
		}
		link = &proc_get(*link)->next_sibling;
	}
}

/* Gives a waited-for process's memory back to the budget it came from, and
 * then any husk that was only waiting for it. */
static void reap(struct proc *c)
{
	while (c && c->state == PROC_HUSK && c->nborrowers == 0 && c->mem_parent) {
		struct proc *m = proc_get(c->mem_parent);
		/* Copied out: the record is in the first block. */
		budget_slot_t lent[PROC_MAX_LENT];
		uint32_t n = c->nlent;
		memcpy(lent, c->lent, sizeof(lent));
		/* Its SchedGroup goes with its memory: the group's turns go on
		 * in a member that is left. */
		process_group_hand_over(c);
		/* Only the fault endpoint cap is not derived from c's memory. */
		rn_cnode_delete(SELF, CAP(c->pid, c->fault_ep), DEPTH_LEAF_SLOT);
		proc_release(c);
		for (uint32_t i = n; i-- > 0;)
			budget_free(&m->budget, lent[i]); /* c's book and record go too */
		m->nborrowers--;
		c = m;
	}
}

/* ---- fork ------------------------------------------------------------------ */

static unsigned floor_log2(uint64_t x)
{
	return 63 - (unsigned)__builtin_clzl(x);
}

static void destroy_unborn(struct proc *parent, struct proc *c, budget_slot_t first)
{
	budget_slot_t lent[PROC_MAX_LENT] = { first };
	uint32_t n = 1;
	if (c) {
		n = c->nlent ? c->nlent : 1;
		if (c->nlent)
			memcpy(lent, c->lent, sizeof(lent));
		if (c->fault_ep != BUDGET_NONE && c->fault_ep)
			rn_cnode_delete(SELF, CAP(c->pid, c->fault_ep), DEPTH_LEAF_SLOT);
		proc_release(c);
	}
	for (uint32_t i = n; i-- > 0;)
		budget_free(&parent->budget, lent[i]);
}

/* The child's share: the first block (which holds its records) is the
 * largest power of two in it the parent has free; the rest follows in
 * blocks, largest first, while the parent has them. */
static unsigned share_order(const struct proc *parent, uint64_t bytes)
{
	int largest = budget_largest_free_order(&parent->budget);
	unsigned order = floor_log2(bytes);
	return largest < 0 ? 0 : order < (unsigned)largest ? order : (unsigned)largest;
}

/* Lends c up to `bytes` more of parent's budget in blocks, largest
 * first, while c has fewer than max_blocks. Returns the bytes lent. */
static uint64_t lend_more(struct proc *parent, struct proc *c, uint64_t bytes,
                          uint32_t max_blocks)
{
	uint64_t left = bytes;
	while (left >= 4096 && c->nlent < max_blocks) {
		unsigned o = share_order(parent, left);
		if (o < 12 || !proc_reserve_slots(parent))
			break;
		budget_slot_t more = budget_lend(&parent->budget, o);
		if (more == BUDGET_NONE)
			break;
		budget_slot_t top = proc_add_block(c, CAP(parent->pid, more), o);
		if (top == BUDGET_NONE) {
			budget_free(&parent->budget, more);
			break;
		}
		c->lent[c->nlent] = more;
		c->lent_top[c->nlent++] = top;
		left -= 1ul << o;
	}
	return bytes - left;
}

/* Gives c's i-th lent block back to its lender: the block must be whole
 * and free in c's budget. Returns its size, or 0. */
static uint64_t give_back(struct proc *m, struct proc *c, uint32_t i)
{
	budget_slot_t top = c->lent_top[i];
	if (top == BUDGET_NONE)
		return 0;
	uint64_t size = 1ul << proc_meta(c, top)->order;
	if (!budget_take_top(&c->budget, top))
		return 0;
	proc_slot_free(c, top);
	budget_free(&m->budget, c->lent[i]); /* the revoke deletes c's cap */
	for (uint32_t j = i; j + 1 < c->nlent; j++) {
		c->lent[j] = c->lent[j + 1];
		c->lent_top[j] = c->lent_top[j + 1];
	}
	c->nlent--;
	return size;
}

/* The running process pid whose budget caller may change, or NULL; *lender
 * is the budget it was lent from. That is the caller's own, or the
 * caller's budget parent's: a child acts for its parent, as `quota -g`
 * run by the shell acts for the shell on the shell's other jobs. */
static struct proc *budget_child(struct proc *caller, uint64_t pid, struct proc **lender)
{
	struct proc *c = proc_get(pid);
	if (!c || c->state != PROC_RUNNING || c == caller ||
	    (c->mem_parent != caller->pid && c->mem_parent != caller->mem_parent))
		return 0;
	*lender = proc_get(c->mem_parent);
	return *lender && (*lender)->state == PROC_RUNNING ? c : 0;
}

long process_budget_grow(struct proc *caller, uint64_t pid, uint64_t bytes)
{
	struct proc *m;
	struct proc *c = budget_child(caller, pid, &m);
	if (!c)
		return -PX_ESRCH;
	if (bytes == 0 || bytes % 4096 || bytes > m->budget.free)
		return bytes > m->budget.free ? -PX_ENOMEM : -PX_EINVAL;
	/* All or nothing: what was lent goes back if the rest cannot be. */
	uint32_t before = c->nlent;
	uint64_t lent = lend_more(m, c, bytes, PROC_MAX_LENT);
	if (lent == bytes)
		return 0;
	while (c->nlent > before)
		give_back(m, c, c->nlent - 1);
	return -PX_ENOMEM;
}

long process_budget_shrink(struct proc *caller, uint64_t pid, uint64_t bytes, uint64_t *could)
{
	struct proc *m;
	struct proc *c = budget_child(caller, pid, &m);
	*could = 0;
	if (!c)
		return -PX_ESRCH;
	for (uint32_t i = 1; i < c->nlent; i++) {
		const struct budget_block *b = proc_meta(c, c->lent_top[i]);
		if (b->state == BUDGET_FREE && b->parent == BUDGET_NONE)
			*could += 1ul << b->order;
	}
	/* Whole free blocks only, largest that fit first (lent largest
	 * first, so from the front). */
	uint64_t taken = 0;
	for (uint32_t i = 1; i < c->nlent;) {
		uint64_t size = 1ul << proc_meta(c, c->lent_top[i])->order;
		if (taken + size <= bytes && give_back(m, c, i) == size) {
			taken += size;
			continue; /* the next block moved into i */
		}
		i++;
	}
	return (long)taken;
}

long process_fork(struct proc *parent, uint64_t bytes)
{
	/* An asked-for size is met exactly (to the page); the default share
	 * in at most 4 blocks, enough to come within 1/8 of it, since every
	 * block costs fork a few thousand instructions. */
	uint32_t max_blocks = bytes ? PROC_MAX_LENT : 4;
	if (!bytes) {
		bytes = parent->budget.free / 100 * CONFIG_PX_FORK_SHARE_PERCENT;
		if (bytes > (uint64_t)CONFIG_PX_FORK_MAX_KB << 10)
			bytes = (uint64_t)CONFIG_PX_FORK_MAX_KB << 10;
		if (bytes < (uint64_t)CONFIG_PX_FORK_MIN_KB << 10)
			bytes = (uint64_t)CONFIG_PX_FORK_MIN_KB << 10;
	}
	bytes &= ~0xffful;
	/* A share the budget cannot give is a refused allocation, as quota
	 * shows it (a fork bomb's EAGAINs). */
	unsigned order = bytes > parent->budget.free ? 0 : share_order(parent, bytes);
	if (bytes < (uint64_t)CONFIG_PX_FORK_MIN_KB << 10 || bytes > (1ul << BUDGET_MAX_ORDER) ||
	    order < 16) { /* proc_create needs 64 KiB for the records and a start */
		parent->budget.refused++;
		return -PX_EAGAIN;
	}
	if (!proc_reserve_slots(parent))
		return -PX_EAGAIN;
	budget_slot_t lent = budget_lend(&parent->budget, order);
	if (lent == BUDGET_NONE)
		return -PX_EAGAIN;
	struct proc *c = proc_create(CAP(parent->pid, lent), order);
	if (!c) {
		destroy_unborn(parent, 0, lent);
		return -PX_EAGAIN;
	}
	c->lent[0] = lent;
	c->lent_top[0] = BUDGET_NONE;
	c->nlent = 1;
	lend_more(parent, c, bytes - (1ul << order), max_blocks);
	c->mem_parent = parent->pid;
	c->fault_ep = BUDGET_NONE;
	memcpy(c->name, parent->name, sizeof(c->name));
	memcpy(c->cwd, parent->cwd, sizeof(c->cwd));
	c->pgid = parent->pgid;
	c->sid = parent->sid;
	signal_fork(parent, c);
	if (!process_setup(c) || !vm_copy(parent, c)) {
		destroy_unborn(parent, c, lent);
		return -PX_EAGAIN;
	}
	process_join_group(c); /* its parent's group: its turns, not new ones */
	c->heap_start = parent->heap_start;
	c->brk = parent->brk;
	c->heap_end = parent->heap_end;
	c->stack_low = parent->stack_low;

	/* The child resumes where the parent called, with the answer 0. */
	uint64_t regs[32];
	if (rn_tcb_read_registers(CAP(parent->pid, parent->tcb), 32, regs)) {
		destroy_unborn(parent, c, lent);
		return -PX_EAGAIN;
	}
	regs[10] = 0;                                  /* a0: badge */
	regs[11] = RN_MSGINFO(0, 0, 0, 4);             /* a1: info */
	regs[12] = regs[13] = regs[14] = regs[15] = 0; /* mr0 = 0: "you are the child" */
	if (rn_tcb_write_registers(CAP(c->pid, c->tcb), 1, 32, regs)) {
		destroy_unborn(parent, c, lent);
		return -PX_EAGAIN;
	}
	fd_fork(parent, c);
	parent->nborrowers++;
	add_child(parent, c);
	return c->pid;
}

/* ---- exit, wait, kill ------------------------------------------------------ */

void process_exit(struct proc *p, uint32_t wstatus)
{
	if (p->state != PROC_RUNNING)
		return;
	p->exit_status = wstatus;
	p->state = PROC_ZOMBIE;
	signal_exit(p);
	/* Only the thread stops now. Its memory goes back in one revoke of
	 * its block when its parent has waited (reap), which also covers
	 * blocks lent to its own children that are still alive. */
	rn_tcb_suspend(CAP(p->pid, p->tcb));
	fd_exit(p);
	tmpfs_exit(p); /* what it leaves in files goes to its budget's parent */
	timer_forget(p);
	struct proc *init = proc_get(1);
	while (p->first_child) {
		struct proc *c = proc_get(p->first_child);
		remove_child(p, c);
		add_child(init, c);
		if (c->state == PROC_ZOMBIE)
			process_wake(init);
		/* p held c's group to its session; now perhaps nobody does. */
		if (c->pgid != p->pgid && c->sid == p->sid)
			signal_orphan_check(c->pgid);
	}
	struct proc *parent = proc_get(p->ppid);
	if (parent && parent->pgid != p->pgid && parent->sid == p->sid)
		signal_orphan_check(p->pgid);
	if (parent) {
		process_wake(parent);
		signal_send(parent, PX_SIGCHLD);
	} else if (p->pid == 1) {
		rn_printf("pxserver: init ended with status %#x; powering off\n", wstatus);
		rn_debug_poweroff(wstatus ? 2 : 0);
	}
}

long process_wait(struct proc *p, long pid, unsigned options, uint32_t *wstatus,
                  uint64_t *peak)
{
	/* -1: any child; 0: any in the caller's group; < -1: any in group -pid. */
	if (pid < -(long)MAX_PROCS || pid >= (long)MAX_PROCS)
		return -PX_ECHILD;
	if (options & ~(unsigned)(PX_WNOHANG | PX_WUNTRACED | PX_WCONTINUED))
		return -PX_EINVAL;
	uint32_t group = pid == 0 ? p->pgid : pid < -1 ? (uint32_t)-pid : 0;
	bool have = false;
	uint32_t id = p->first_child;
	for (unsigned n = 0; id && n < MAX_PROCS; n++) {
		struct proc *c = proc_get(id);
		if (pid == -1 || (group && c->pgid == group) || (pid > 0 && c->pid == (uint32_t)pid)) {
			have = true;
			if (c->state == PROC_ZOMBIE) {
				*wstatus = c->exit_status;
				*peak = c->budget.peak;
				long r = c->pid;
				remove_child(p, c);
				c->state = PROC_HUSK;
				reap(c);
				return r;
			}
			/* A stop or continue is reported once, and the child stays. */
			bool stop = c->stop_unreported && (options & PX_WUNTRACED);
			bool cont = c->cont_unreported && (options & PX_WCONTINUED);
			if (c->state == PROC_RUNNING && (stop || cont)) {
				*wstatus = stop ? PX_W_STOPPED(c->stop_sig) : PX_W_CONTINUED;
				c->stop_unreported = c->cont_unreported = 0;
				*peak = c->budget.peak;
				return c->pid;
			}
		}
		id = c->next_sibling;
	}
	if (!have)
		return -PX_ECHILD;
	return options & PX_WNOHANG ? 0 : -PX_EWOULDBLOCK_INTERNAL;
}

/* ---- the heap -------------------------------------------------------------- */

static void free_heap_pages(struct proc *p, uint64_t from, uint64_t to)
{
	uint32_t ids = p->nleaves << LEAF_BITS;
	for (budget_slot_t id = 0; id < ids; id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state == BUDGET_ALLOC && (m->flags & SLOT_MAPPED) && m->tag >= from &&
		    m->tag < to)
			proc_free_objects(p, id);
	}
}

long process_sbrk(struct proc *p, long increment)
{
	uint64_t old = p->brk, new = old + (uint64_t)increment;
	if ((increment > 0 && new < old) || (increment < 0 && new > old) || new < p->heap_start ||
	    new > PX_HEAP_LIMIT)
		return -PX_ENOMEM;
	uint64_t end = (new + PAGE - 1) & ~(PAGE - 1);
	if (end > p->heap_end) {
		for (uint64_t va = p->heap_end; va < end; va += PAGE) {
			if (vm_new_page(p, va, RN_RIGHT_READ | RN_RIGHT_WRITE, false, 0, 0, 0) ==
			    BUDGET_NONE) {
				free_heap_pages(p, p->heap_end, va);
				return -PX_ENOMEM;
			}
		}
	} else if (end < p->heap_end) {
		free_heap_pages(p, end, p->heap_end);
	}
	p->heap_end = end;
	p->brk = new;
	return (long)old;
}
