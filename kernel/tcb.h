/* Thread control blocks. A TCB object (2^RN_TCB_BITS bytes, retyped from
 * untyped like everything else) starts with the thread's saved registers
 * (the trap vector and the IPC fastpath reach them at the TCB's own
 * address), then a few capability slots that the thread owns, so that
 * deleting the TCB empties them through the same path as a CNode's
 * (object_slots, objects.c), then the rest of the thread's state. */
#ifndef KERNEL_TCB_H
#define KERNEL_TCB_H

#include "arch/riscv/context.h"
#include "kernel/cdt.h"

/* The slots at the start of every TCB. */
enum tcb_slot {
	TCB_SLOT_CSPACE,     /* CNode: the thread's CSpace root */
	TCB_SLOT_VSPACE,     /* top-level PageTable: its address space */
	TCB_SLOT_IPC_BUFFER, /* Frame holding its IPC buffer */
	TCB_SLOT_FAULT_EP,   /* Endpoint its faults are sent to */
	TCB_SLOT_COUNT
};
#define TCB_SLOT_BITS 2
compile_assert(tcb_slot_bits, TCB_SLOT_COUNT == BIT(TCB_SLOT_BITS));

enum thread_state {
	THREAD_INACTIVE = 0,   /* never resumed, or suspended */
	THREAD_RUNNABLE,       /* running or in a ready queue */
	THREAD_BLOCKED_SEND,   /* queued on an endpoint to send */
	THREAD_BLOCKED_RECV,   /* queued on an endpoint to receive */
	THREAD_BLOCKED_REPLY,  /* sent a Call (or a fault), waits for the reply */
	THREAD_BLOCKED_NOTIFY, /* waits on a notification */
};

/* The address space a thread last ran in, remembered when the general path
 * loads it (thread_load_vspace, thread.h) so that the IPC fastpath need not
 * check and rebuild it: valid while the VSpace slot holds the same cap words
 * and the arch's VSpace generation has not moved (the argument is in
 * thread.h). Zeroed by Retype: generation 0 never matches. */
struct vspace_cache {
	struct cap cap;    /* the VSpace slot's cap, as it was */
	word_t generation; /* arch_vspace_generation then */
	word_t root;       /* what the arch loads to enter it (satp) */
};

/* The thread's CSpace root decoded for the IPC fastpath's one-level
 * lookup (thread.h: thread_cspace_slot), filled by TCB_Configure when it
 * installs the root. A pure function of the root cap's two words, which it
 * keeps: valid while the slot still holds those words (thread.h has the
 * argument). A zeroed TCB's cache matches only an empty slot, and decodes
 * to no slot at all (slots 0). */
struct cspace_cache {
	struct cap cap;     /* the CSpace slot's cap, as it was decoded */
	struct slot *base;  /* the root CNode's slots */
	word_t shift;       /* 64 - guard size - radix: cptr >> shift = guard, index */
	word_t guard;       /* the guard, shifted above the index */
	word_t slots;       /* 2^radix; 0 if the root is no CNode the lookup can use */
};

/* What a priority's ready queue holds (kernel/sched.h): an ungrouped
 * thread (the entity in its TCB) or a scheduling group. An entity's turn
 * lasts slice_left timer ticks, whichever of its threads run. */
struct sched_entity {
	struct sched_entity *prev, *next; /* in its ready queue: a priority's, or a group's */
	uint32_t slice_left;              /* timer ticks left in its turn */
	bool is_group;                    /* a struct sched_group, else a tcb */
	bool queued;                      /* in a ready queue */
	uint16_t debt; /* ticks a server worked for it past its slice (sched.h) */
};

struct sched_group;

struct tcb {
	/* First: the saved registers are at the TCB's own address, so the
	 * IPC fastpath turns neither into the other (tcb_of_context). */
	struct user_context ctx;
	/* Aligned as a cap's address field can name them (a zombie's). */
	struct slot slots[TCB_SLOT_COUNT] __attribute__((aligned(16)));
	struct cspace_cache cspace;
	struct vspace_cache vspace;
	uint8_t state;    /* enum thread_state */
	uint8_t priority; /* 0 (lowest) .. 255 */
	bool queued;      /* ready and not running: held, or in a queue */
	/* Its own entity: queued at its priority while it is in no group,
	 * else in its group's FIFO; charged only in no group (a grouped
	 * thread's turns are its top group's). */
	struct sched_entity ent;
	/* Its group (or NULL) and the links of the group's list of members
	 * (sched.c). */
	struct sched_group *group;
	struct tcb *member_prev, *member_next;
	/* Endpoint or notification wait-queue links, and what it waits on. */
	struct tcb *wait_prev, *wait_next;
	void *blocked_on;
	vaddr_t ipc_buffer; /* user address of the IPC buffer */
	/* --- IPC state (owned by ipc.c) --- */
	/* While BLOCKED_SEND: the badge of the cap it sends through. */
	word_t ipc_badge;
	/* IPC_CALL, IPC_GRANT, IPC_FAULT (kernel/ipc.c): what the pending
	 * send is, or (BLOCKED_REPLY) whether the awaited reply is a fault's. */
	word_t ipc_flags;
	/* While BLOCKED_RECV: the reply object it offered (or NULL). While
	 * BLOCKED_REPLY the reply object is blocked_on. */
	struct reply *ipc_reply;
	/* The notification bound to this thread (or NULL). */
	struct notification *bound_ntfn;
	/* A fault message waiting to be delivered: the kernel, not the
	 * thread's registers, is its source, so a restart finds them intact. */
	word_t fault_info; /* message info: label, length */
	word_t fault_mr[4];
	/* --- end of IPC state --- */
	char name[16];     /* for debug output only */
	/* Processor time, sampled at each timer tick (thread.c): ticks it ran,
	 * and ticks a server ran answering its Calls. */
	uint64_t ticks_own, ticks_served;
	/* Switching to it leaves the FPU as it is (arch/riscv/fpu.c): set at
	 * boot for the root task alone, which is built integer-only and holds
	 * every cap anyway, so that a client's call to the server toggles
	 * no FPU state on the way in or out. */
	bool fpu_passthrough;
	/* Its floating-point registers while another thread's are in the
	 * FPU (the arch keeps them lazily: arch/riscv/fpu.c). */
	struct fpu_context fpu;
};
compile_assert(tcb_fits_object, sizeof(struct tcb) <= BIT(RN_TCB_BITS));
compile_assert(tcb_context_first, __builtin_offsetof(struct tcb, ctx) == 0);
compile_assert(tcb_slots_nameable, __builtin_offsetof(struct tcb, slots) % 16 == 0);

/* The TCB whose saved registers ctx is (the kernel's entries get ctx). */
static inline struct tcb *tcb_of_context(struct user_context *ctx)
{
	return (struct tcb *)((char *)ctx - __builtin_offsetof(struct tcb, ctx));
}

#endif
