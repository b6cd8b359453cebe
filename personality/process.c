/* Process life (process.h). Every object here is retyped from the
 * process's own budget; the only server-wide state is the pid table. */
#include "personality/process.h"

#include "personality/exec.h"
#include "personality/fd.h"
#include "personality/jobs.h"
#include "personality/lend.h"
#include "personality/mmap.h"
#include "personality/signal.h"
#include "personality/sysmem.h"
#include "personality/timer.h"
#include "personality/tmpfs.h"
#include "personality/tty.h"
#include "personality/vfs.h"
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

/* Who may take on an ending process's files (lend_heirs): one budget. */
#define PROCESS_MAX_HEIRS 1

/* A process's CSpace: 4 slots, guard 62, so that cptr = slot number. */
#define CSPACE_RADIX 2

/* The kernel objects' block: 1280 bytes would fit 2 KiB, but a page is
 * the smallest top block of the first block (proc_create) and the other
 * half of a split would lie unused: taken whole, one Retype fewer. */
#define KOBJ_ORDER 12
_Static_assert((1u << RN_TCB_BITS) + (1u << (CSPACE_RADIX + RN_SLOT_BITS)) +
                       (1u << RN_NOTIFICATION_BITS) + (1u << RN_SCHED_GROUP_BITS) <=
                   (1u << KOBJ_ORDER),
               "the kernel objects fit their block");

bool process_setup(struct proc *p)
{
	budget_slot_t tcb;
	/* One block for the TCB, the CSpace CNode, the notification and a
	 * scheduling group (jobs.c), each aligned to its size: 1 KiB + 128 +
	 * 32 + 64 bytes end at 1280. */
	p->kobj_block = proc_alloc_objects(p, KOBJ_ORDER, BUDGET_KERNEL, RN_OBJ_TCB, 0, 1, &tcb);
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

	/* The VSpace and the tables every process needs, for its first 2 MiB
	 * (buffers and program: two levels) and for its stack: one block, one
	 * Retype; none of them goes before the process does. */
	budget_slot_t pt[4];
	if (proc_alloc_objects(p, 14, BUDGET_KERNEL, RN_OBJ_PAGE_TABLE, 0, 4, pt) == BUDGET_NONE)
		return false;
	p->vspace = pt[0];
	cptr_t vs = CAP(p->pid, p->vspace);
	if (vm_assign_asid(p, p->vspace) || rn_page_table_map(CAP(p->pid, pt[1]), vs, 0) ||
	    rn_page_table_map(CAP(p->pid, pt[2]), vs, 0) ||
	    rn_page_table_map(CAP(p->pid, pt[3]), vs, PX_STACK_TOP - 1))
		return false;

	/* The IPC buffer and the shared buffer, on consecutive pages: one
	 * block, one Retype, one mapping. */
	_Static_assert(PX_SHARED_VA == PX_IPC_BUFFER_VA + PAGE_BYTES, "the buffers are neighbours");
	budget_slot_t buf[2];
	p->ipc_block = proc_alloc_objects(p, 13, BUDGET_FRAMES, RN_OBJ_FRAME_4K, 0, 2, buf);
	if (p->ipc_block == BUDGET_NONE || vm_map_frames(p, buf, 2, PX_IPC_BUFFER_VA))
		return false;
	budget_slot_t ipc = buf[0], shared = buf[1];
	/* The server's own view of the shared buffer: a second cap to it. */
	p->shared_copy = proc_slot_alloc(p);
	if (p->shared_copy == BUDGET_NONE ||
	    rn_cnode_copy(SELF, CAP(p->pid, p->shared_copy), DEPTH_LEAF_SLOT, SELF,
	                  CAP(p->pid, shared), DEPTH_LEAF_SLOT, RN_RIGHT_READ | RN_RIGHT_WRITE))
		return false;
	proc_chain_slot(p, p->ipc_block, p->shared_copy);
	if (rn_frame_map(CAP(p->pid, p->shared_copy), ROOT(RN_SLOT_ROOT_VSPACE),
	                 window_va(p->pid, WINDOW_SHARED_PAGE), RN_RIGHT_READ | RN_RIGHT_WRITE, 0))
		return false;

	cptr_t t = CAP(p->pid, tcb);
	return !rn_tcb_configure(t, CAP(p->pid, p->cspace_guarded), vs, CAP(p->pid, ipc),
	                         PX_IPC_BUFFER_VA) &&
	       !rn_tcb_set_fault_ep(t, CAP(p->pid, p->fault_ep)) &&
	       !rn_tcb_set_priority(t, CONFIG_PX_PRIORITY);
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
		/* Its SchedGroup goes with its memory: the group's turns go on
		 * in a member that is left. */
		jobs_hand_over(c);
		/* Every cap of c's goes with its memory: those not derived from
		 * it (the fault endpoint's, the text's copies) sit in its book,
		 * whose CNodes are. */
		c = lend_return(c);
	}
}

/* ---- fork ------------------------------------------------------------------ */

/* A fork that failed half way: what was made for c goes back. */
static void unborn_undo(struct proc *c)
{
	if (c->fault_ep != BUDGET_NONE && c->fault_ep)
		rn_cnode_delete(SELF, CAP(c->pid, c->fault_ep), DEPTH_LEAF_SLOT);
	lend_return(c);
}

long process_fork(struct proc *parent, uint64_t limit, uint64_t guarantee, unsigned flags)
{
	long err;
	struct proc *c = lend_new_budget(parent, limit, guarantee, flags, &err);
	if (!c)
		return err;
	c->fault_ep = BUDGET_NONE;
	memcpy(c->name, parent->name, sizeof(c->name));
	c->pgid = parent->pgid;
	c->sid = parent->sid;
	signal_fork(parent, c);
	if (!process_setup(c) || !vm_copy(parent, c) || !mmap_fork(parent, c)) {
		unborn_undo(c);
		return -PX_EAGAIN;
	}
	jobs_fork(parent, c); /* its parent's share: its turns, not new ones */
	c->heap_start = parent->heap_start;
	c->brk = parent->brk;
	c->heap_end = parent->heap_end;
	c->heap_large = parent->heap_large;
	c->stack_low = parent->stack_low;

	/* The child resumes where the parent called, with the answer 0. */
	uint64_t regs[RN_TCB_REGISTERS];
	if (rn_tcb_read_registers(CAP(parent->pid, parent->tcb), RN_TCB_REGISTERS, regs)) {
		unborn_undo(c);
		return -PX_EAGAIN;
	}
	regs[RN_REG_BADGE] = 0;
	regs[RN_REG_INFO] = RN_MSGINFO(0, 0, 0, RN_MSG_REGISTERS);
	for (unsigned i = 0; i < RN_MSG_REGISTERS; i++)
		regs[RN_REG_MR(i)] = 0; /* mr0 = 0: "you are the child" */
	if (rn_tcb_write_registers(CAP(c->pid, c->tcb), 1, RN_TCB_REGISTERS, regs)) {
		unborn_undo(c);
		return -PX_EAGAIN;
	}
	fd_fork(parent, c);
	add_child(parent, c);
	return c->pid;
}

/* ---- exec -------------------------------------------------------------------- */

/* The exec request, copied out of the shared buffer before it is read so
 * that what is checked is what is used. */
static struct px_exec_args exec_args;
static struct exec_plan exec_plan;

long process_exec(struct proc *p, const struct px_exec_args *request)
{
	memcpy(&exec_args, request, sizeof(exec_args));
	struct px_exec_args *a = &exec_args;
	if (a->len > sizeof(a->strings) || a->argc > PAGE_BYTES || a->envc > PAGE_BYTES)
		return -PX_EINVAL;
	size_t path_len = 0;
	while (path_len < a->len && a->strings[path_len])
		path_len++;
	if (path_len == a->len || path_len == 0)
		return -PX_EINVAL;
	const char *args = a->strings + path_len + 1;
	/* The file as the file system sees it: an initrd program, or a tmpfs
	 * file (new, or a copy-up that replaced the initrd's) (vfs.h). */
	static char path[PX_PATH_MAX];
	uint64_t ino;
	int err = vfs_exec_path(p, a->strings, path, &ino);
	if (!err)
		err = exec_prepare(&exec_plan, path, ino, args, a->len - path_len - 1, a->argc,
		                   a->envc);
	if (err)
		return err;

	/* The point of no return: the old image goes. */
	rn_tcb_suspend(CAP(p->pid, p->tcb));
	vm_free_user(p);
	mmap_exec(p);
	if (exec_commit(p, &exec_plan)) {
		process_exit(p, PX_W_SIGNALED(PX_SIGKILL)); /* as Linux does */
		return 0;
	}
	fd_exec(p);
	signal_exec(p);
	rn_tcb_resume(CAP(p->pid, p->tcb));
	return 0;
}

/* ---- exit, wait, kill ------------------------------------------------------ */

void process_times(struct proc *p, struct px_times *t)
{
	rn_word_t own[2] = { 0, 0 }; /* its TCB lives until it is reaped */
	rn_tcb_get_times(CAP(p->pid, p->tcb), own);
	t->user_us = own[0];
	t->system_us = own[1];
	t->children_user_us = p->children_us[0];
	t->children_system_us = p->children_us[1];
}

void process_exit(struct proc *p, uint32_t wstatus)
{
	if (p->state == PROC_RUNNING)
		p->exit_status = wstatus;
	else if (p->state != PROC_DOOMED)
		return;
	p->state = PROC_ZOMBIE;
	signal_exit(p);
	/* Only the thread stops now. Its memory goes back in one revoke of
	 * its block when its parent has waited (reap), which also covers
	 * blocks lent to its own children that are still alive. */
	rn_tcb_suspend(CAP(p->pid, p->tcb));
	fd_exit(p);
	/* If it leaves files or descendants, its pages go now and what it
	 * holds free goes back to its lender (which then has room for the
	 * files; a husk keeps only its records, kernel objects and what its
	 * live descendants use). Otherwise all goes back at once when it is
	 * reaped, in a few revokes. */
	if (p->fs_pages || p->nborrowers) {
		vm_free_user(p);
		lend_settle(p);
	}
	/* What it leaves in files goes to its budget's parent. */
	struct proc *heirs[PROCESS_MAX_HEIRS];
	lend_moving(p);
	tmpfs_exit(p, heirs, lend_heirs(p, heirs, PROCESS_MAX_HEIRS));
	lend_moving(NULL);
	timer_forget(p);
	tty_exit(p);
	struct proc *init = proc_get(1);
	while (p->first_child) {
		struct proc *c = proc_get(p->first_child);
		remove_child(p, c);
		add_child(init, c);
		if (c->state == PROC_ZOMBIE)
			proc_wake(init);
		/* p held c's group to its session; now perhaps nobody does. */
		if (c->pgid != p->pgid && c->sid == p->sid)
			signal_orphan_check(c->pgid);
	}
	struct proc *parent = proc_get(p->ppid);
	if (parent && parent->pgid != p->pgid && parent->sid == p->sid)
		signal_orphan_check(p->pgid);
	if (parent) {
		proc_wake(parent);
		signal_send(parent, PX_SIGCHLD);
	} else if (p->pid == 1) {
		rn_printf("pxserver: init ended with status %#x; powering off\n", wstatus);
		sysmem_poweroff(wstatus ? 2 : 0);
	}
}

void process_end_all_doomed(void)
{
	struct proc *p;
	while ((p = proc_next_doomed()) != 0)
		process_exit(p, p->exit_status);
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
				/* Its time counts as its parent's children's. */
				struct px_times t;
				process_times(c, &t);
				p->children_us[0] += t.user_us + t.children_user_us;
				p->children_us[1] += t.system_us + t.children_system_us;
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
