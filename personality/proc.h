/* Processes: the record the server keeps for each, and its book (the
 * server's CNodes holding every cap made for it). The record, the book and
 * their metadata all come from the process's own budget and live in its
 * window of the server's address space (layout.h). */
#ifndef PERSONALITY_PROC_H
#define PERSONALITY_PROC_H

#include "personality/budget.h"
#include "personality/layout.h"

#include <rn/px.h>

#include <stdbool.h>
#include <stdint.h>

enum proc_state {
	PROC_FREE = 0,
	PROC_RUNNING,
	PROC_ZOMBIE, /* ended; its parent has not waited yet */
	PROC_HUSK,   /* waited for, but descendants still live in its budget */
	PROC_DOOMED, /* to end at the end of this request (proc_doom) */
};

/* Slot metadata flags (struct budget_block.flags) for what the server made
 * from a block or keeps in a slot. */
#define SLOT_USED   0x01 /* a non-block cap lives here (object or copy) */
#define SLOT_MAPPED 0x02 /* a user frame mapped at .tag (block: its frame, .obj) */
#define SLOT_WRITE  0x04 /* ... writable */
#define SLOT_EXEC   0x08 /* ... executable */
#define SLOT_SHARED 0x10 /* a copy of a system text frame, mapped at .tag */
#define SLOT_LARGE  0x20 /* with SLOT_MAPPED: the frame is 2 MiB */
#define SLOT_TABLE  0x40 /* a page table vm_map made for .tag: the 2 MiB it
                          * maps (with SLOT_LARGE: the 1 GiB) */
#define SLOT_HIDDEN 0x80 /* with SLOT_MAPPED: not in the VSpace now (PROT_NONE) */

/* A signal's action (signal.h): handler PX_SIG_DFL, PX_SIG_IGN or a
 * function of the process. */
struct sig_action {
	uint64_t handler;
	uint32_t mask;  /* blocked while the handler runs */
	uint32_t flags; /* PX_SA_* */
};

/* A place in one of timer.c's queues, ordered by `at` (0: not queued). */
struct timer_link {
	uint64_t at;
	uint32_t next; /* the next process's pid; 0 ends */
};

struct proc {
	uint32_t pid;
	uint32_t ppid;       /* POSIX parent (init after reparenting) */
	uint32_t mem_parent; /* whose budget this one's came from (0: none) */
	uint32_t state;
	/* The block of mem_parent's budget that holds this one's records (its
	 * first), and the first of the others lent to it (lend.c links them
	 * in mem_parent's book), in mem_parent's book. */
	budget_slot_t first_lent, lent_head;
	/* The most this budget's subtree may hold, and what is set aside for
	 * it (lend.h). */
	uint64_t limit, guarantee;
	uint64_t child_guarantees; /* the guarantees of the budgets lent from ours */
	/* What a child forked with no limit asked gets (a job): this percent
	 * of our limit (0: all of it), and this guarantee. */
	uint32_t job_percent;
	uint64_t job_guarantee;
	uint32_t agent_for; /* may change the budgets this pid lent (0: none) */
	/* Holds the system right: may power off and signal any process
	 * (docs/personality.md, "Who may do what"). init holds it from boot;
	 * a fork passes it on only when the holder asks (PX_FORK_SYSTEM). */
	uint32_t system_right;
	uint32_t nprocs;    /* processes in this budget's subtree, itself included */
	uint32_t exit_status;               /* wait(2) encoding */
	uint32_t doomed_next;               /* the next doomed pid (proc_doom) */
	uint32_t awaiting_answer;           /* its thread waits for the answer to its call */
	uint32_t nchildren;                 /* POSIX children not yet waited for */
	uint32_t nborrowers;                /* processes whose budget is a block of ours */
	uint32_t first_child, next_sibling; /* POSIX children, by pid (0 ends) */
	struct budget budget;

	/* The book: leaves made so far, and per leaf its free slots (a list
	 * and a count: slots are taken from the lowest leaf that has one, so
	 * that the last leaves empty out and can go, proc_trim_book) and the
	 * block holding its CNode and metadata page (obj: the frame's slot;
	 * tag: a second block for the page, or BUDGET_NONE; leaf 0's are in
	 * the first block). */
	uint32_t nleaves;
	uint32_t nfree_slots;
	uint32_t low_leaf; /* no leaf below it has a free slot */
	uint32_t growing_book; /* add_leaf runs (it does not nest) */
	budget_slot_t leaf_free[BOOK_LEAVES];
	uint8_t leaf_nfree[BOOK_LEAVES];
	budget_slot_t leaf_block[BOOK_LEAVES];

	/* Kernel objects. */
	budget_slot_t kobj_block; /* TCB, CSpace CNode, notification, scheduling group */
	/* A SchedGroup in kobj_block (BUDGET_NONE until one is made), and the
	 * process group whose turns it is (group_held; 0: none now): the one
	 * this process leads, or one handed to it when its leader went. */
	budget_slot_t sched_group;
	uint32_t group_held;
	/* The CPU share it runs in (jobs.h): the process group and session
	 * whose SchedGroup its thread is bound to: its process group's, or
	 * the share it ran in when no share of its own could be made. */
	uint32_t share_pgid, share_sid;
	/* While it holds a group's object (group_held): the share that
	 * group is nested in (up_pgid 0: a top group). */
	uint32_t up_pgid, up_sid;
	budget_slot_t tcb, cspace, cspace_guarded, ntfn, ep, fault_ep, vspace;
	budget_slot_t ipc_block; /* the IPC buffer and the shared buffer */
	budget_slot_t shared_copy;

	/* Address space. */
	uint64_t heap_start, brk, heap_end; /* heap pages mapped up to heap_end */
	uint64_t heap_large; /* the heap's 2 MiB pages start here (vm_sbrk) */
	uint64_t stack_low;                 /* lowest mapped stack page */
	uint32_t maps;                      /* its mmap areas' record (mmap.c; 0: none) */
	/* Processor time of the children waited for, and theirs (user,
	 * system; microseconds). */
	uint64_t children_us[2];
	char name[32];

	/* Descriptors (fd.h): a handle per fd, 0 when closed. */
	uint32_t fd[PX_OPEN_MAX];
	uint8_t fd_cloexec[PX_OPEN_MAX];
	/* Window pages holding records made on demand (pipes), a bit each. */
	uint64_t window_used[WINDOW_PAGES / 64];
	/* The working directory: its node's number (vfs.h; 0 is the root),
	 * held as an open directory is (vfs_hold), so it may lie at any depth
	 * and moves with its directory. */
	uint64_t cwd;
	uint32_t pgid, sid; /* process group and session */
	uint32_t fs_pages;     /* file system pages it pays for (tmpfs.c) */
	/* Signals (signal.h): a bit per signal in the sets. */
	struct sig_action sig_action[PX_NSIG];
	uint64_t sig_entry;     /* libc-glue's handler entry */
	uint64_t altstack_base, altstack_size; /* sigaltstack (size 0: none) */
	uint32_t sig_mask;      /* blocked */
	uint32_t sig_pending;   /* sent while blocked */
	uint32_t sig_suspended; /* in sigsuspend: sig_saved_mask is the mask to restore */
	uint32_t sig_saved_mask;
	/* Job control: the signal that stopped it (0: not stopped; the thread
	 * is suspended until SIGCONT), and whether wait (WUNTRACED,
	 * WCONTINUED) has yet to report the last stop or continue. */
	uint32_t stop_sig, stop_unreported, cont_unreported;
	/* The pipe this process waits on (its handle; 0: none), and the next waiter on it. */
	uint32_t waiting_on, wait_next;
	/* poll(2) links (proc_poll_link): the fds in the poll list of the
	 * file each names, a bit each, and per fd the next link in that
	 * list. */
	uint64_t poll_linked;
	uint32_t poll_next[PX_OPEN_MAX];
	/* Asleep (timer.h): when it is due, in the sleepers' queue. */
	struct timer_link sleep;
	/* The interval timer (PX_ALARM): when SIGALRM is due, in the alarms'
	 * queue; then every alarm_interval ticks (0: once). Parked (timer.c):
	 * armed but out of the queue while SIGALRM is ignored, alarm.at its
	 * phase. alarm_overruns: expiries that were late by whole intervals
	 * and were counted instead of sent. */
	struct timer_link alarm;
	uint64_t alarm_interval;
	uint32_t alarm_parked;
	uint32_t alarm_overruns;
};
_Static_assert(sizeof(struct proc) <= 4096, "a process record is one page");

/* Which pids are in use (proc.c). */
extern uint8_t proc_pid_used[MAX_PROCS];

/* The record of pid, or NULL if pid is not in use. Inline: every request
 * starts here. */
static inline struct proc *proc_get(uint64_t pid)
{
	if (pid == 0 || pid >= MAX_PROCS || !proc_pid_used[pid])
		return 0;
	return (struct proc *)window_va(pid, WINDOW_RECORD_PAGE);
}

/* The record of the first pid in use after pid (0: the first of all),
 * or NULL: every walk of the pid table goes through this. */
static inline struct proc *proc_next(uint32_t pid)
{
	while (++pid < MAX_PROCS) {
		if (proc_pid_used[pid])
			return (struct proc *)window_va(pid, WINDOW_RECORD_PAGE);
	}
	return 0;
}

/* Metadata of a book slot of p. */
struct budget_block *proc_meta(struct proc *p, budget_slot_t id);

/* A free slot in p's book (growing the book from its budget when low), or
 * BUDGET_NONE. */
budget_slot_t proc_slot_alloc(struct proc *p);
void proc_slot_free(struct proc *p, budget_slot_t id);

/* Gives back the book's last leaves while they hold nothing and enough
 * slots stay free: the book shrinks as it grew. */
void proc_trim_book(struct proc *p);

/* Makes sure a budget operation will not run out of slots half way. */
bool proc_reserve_slots(struct proc *p);

/* Allocates a block of 2^order for `kind` and retypes `count` objects of
 * `type` from it into fresh slots (ids in objs[]; one Retype when the
 * slots are consecutive in a leaf, as they usually are). Returns the block
 * or BUDGET_NONE (nothing changed). */
#define PROC_MAX_OBJECTS 8
budget_slot_t proc_alloc_objects(struct proc *p, unsigned order, enum budget_kind kind,
                                 unsigned type, unsigned size_bits, unsigned count,
                                 budget_slot_t *objs);

/* Adds slot id (a cap derived from one of block's objects) to the block's
 * chain, so that it is freed with it. */
void proc_chain_slot(struct proc *p, budget_slot_t block, budget_slot_t id);

/* Retypes one more object from an allocated block into a fresh slot, on
 * its chain. Returns the slot or BUDGET_NONE. */
budget_slot_t proc_retype_more(struct proc *p, budget_slot_t block, unsigned type,
                               unsigned size_bits);

/* Frees a block from proc_alloc_objects: its objects and their slots. */
void proc_free_objects(struct proc *p, budget_slot_t block);

/* Makes process records: a free pid, its book and record in the window,
 * all retyped from the untyped at `src` (2^order bytes, no children), the
 * rest of which becomes its budget. Returns NULL (nothing made) if out of
 * pids or the block is too small. */
struct proc *proc_create(cptr_t src, unsigned order);

/* Gives p the untyped in root slot `slot` (2^order bytes, no children) as
 * another top block of its budget (the first process takes the boot
 * memory this way). */
bool proc_add_root_untyped(struct proc *p, uint64_t slot, unsigned order);

/* Adds the untyped at `src` (2^order bytes, no children) whole to p's
 * budget as a top block: a block its parent lent it. Returns its slot in
 * p's book, or BUDGET_NONE. */
budget_slot_t proc_add_block(struct proc *p, cptr_t src, unsigned order);

/* Memory on demand and its return (set by lend.c, which decides; the
 * budget's ops call them): get p a free top block of at least `order`;
 * a top block of p is whole and free again. */
extern bool (*proc_grow_hook)(struct proc *p, unsigned order);
extern void (*proc_top_freed_hook)(struct proc *p, budget_slot_t top);
/* A top block of exactly `order` drawn for one use (a leaf of the book),
 * its slot, or BUDGET_NONE. */
extern budget_slot_t (*proc_draw_hook)(struct proc *p, unsigned order);

/* Forgets the pid (the caller has revoked its block). */
void proc_release(struct proc *p);

/* Signals p's notification: a call it waits to make again (an "ask
 * again" answer) should be made now. Nothing if p has ended. */
void proc_wake(struct proc *p);

/* poll(2) waits. Each file that can make a poller wait (a pipe end, the
 * console) heads a list of (process, fd) links, kept in the pollers'
 * records (poll_next), so a waiter costs no memory and a change of one
 * file wakes only the processes polling that file. A link is named
 * POLL_LINK(pid, fd) (0 ends a list); fd.c keeps the invariant: bit fd
 * of p->poll_linked is set exactly while (p, fd) is in the list of the
 * file p->fd[fd] names. */
#define POLL_LINK(pid, fd) ((uint32_t)(pid) << 6 | (uint32_t)(fd))
_Static_assert(PX_OPEN_MAX == 64, "POLL_LINK and poll_linked hold 64 fds");
void proc_poll_link(uint32_t *list, struct proc *p, unsigned fd);
void proc_poll_unlink(uint32_t *list, struct proc *p, unsigned fd);
/* Something changed: every process in the list is taken off it and woken
 * (it polls again). Its links in other lists stay until it does. */
void proc_poll_wake(uint32_t *list);

/* Dooms a running p to end with a wait(2) status: from now it counts as
 * ended (its state is PROC_DOOMED), and serve() ends it (process_exit)
 * before it takes the next request, so that the modules below the
 * process life cycle can end a process without calling up to it. */
void proc_doom(struct proc *p, uint32_t wstatus);
/* Takes the next doomed process off the list, or NULL. */
struct proc *proc_next_doomed(void);
/* The first doomed pid (0: none), read inline on every request. */
extern uint32_t proc_doomed_first;

/* A free page of p's window for a record made on demand (from
 * WINDOW_FIRST_FREE_PAGE), marked used; 0 if none. */
unsigned proc_window_page(struct proc *p);
void proc_window_page_free(struct proc *p, unsigned page);

/* Boot-time setup of the pid space (window page tables). */
void proc_boot(void);

#endif
