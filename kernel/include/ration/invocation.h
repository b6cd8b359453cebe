/* Invocation labels and message layouts. An invocation names a capability
 * (the service), a label, message words mr[0..] and extra capabilities
 * (looked up in the caller's CSpace, depth 64). Replies come back in
 * message words too. Every message word named below is required: a shorter
 * message fails with RN_TRUNCATED_MESSAGE before anything else is checked. */
#ifndef RATION_INVOCATION_H
#define RATION_INVOCATION_H

enum rn_invocation_label {
	RN_INVALID_INVOCATION = 0,

	/* Untyped_Retype, service an Untyped cap, extra cap 0 = root CNode cap.
	 *   mr0 type (enum rn_object_type)   mr1 user size bits (objects.h)
	 *   mr2 node_index  mr3 node_depth   mr4 node_offset  mr5 num_objects
	 * The destination CNode is the root itself when node_depth is 0, else
	 * the CNode cap found at (node_index, node_depth) from the root.
	 * Objects go into slots node_offset .. node_offset+num_objects-1. */
	RN_UNTYPED_RETYPE = 1,
	/* Untyped_Describe, service an Untyped cap, no arguments. Replies
	 *   mr0 paddr  mr1 size bits  mr2 free bytes  mr3 flags
	 *   (RN_UNTYPED_DEVICE, RN_UNTYPED_HAS_CHILDREN)  mr4 watermark
	 * Free bytes are what the next Retype can use before alignment:
	 * the whole size when the untyped has no children. */
	RN_UNTYPED_DESCRIBE = 2,

	/* CNode invocations, service a CNode cap. The first two words always
	 * address a slot relative to the service cap: mr0 index, mr1 depth.
	 * Copy..Mutate: that slot is the (empty) destination; extra cap 0 is
	 * the source root, mr2 src_index, mr3 src_depth. */
	RN_CNODE_REVOKE = 3, /* mr0 index mr1 depth */
	RN_CNODE_DELETE = 4, /* mr0 index mr1 depth */
	RN_CNODE_COPY = 5,   /* ... mr4 rights mask */
	RN_CNODE_MINT = 6,   /* ... mr4 rights mask, mr5 badge (or CNode guard) */
	RN_CNODE_MOVE = 7,   /* ... */
	RN_CNODE_MUTATE = 8, /* ... mr4 CNode guard data (0 for other caps) */
	/* CNode_CopyRange, service a CNode cap (the destination root): copies
	 * the caps of count consecutive slots into count consecutive empty
	 * slots in one call, each as Copy would, with rights masked.
	 *   mr0 node_index  mr1 node_depth  mr2 offset: the destination CNode
	 *     (as for Untyped_Retype: depth 0 is the service CNode itself)
	 *   extra cap 0 the source root; mr3 src_index  mr4 src_depth  mr5
	 *     src_offset: the source CNode, likewise (depth 0: the root)
	 *   mr6 count (1..RN_COPY_RANGE_MAX)  mr7 rights mask
	 * Everything is checked first, so a refused batch copies nothing:
	 * RN_RANGE_ERROR (mr6; mr2 or mr5 and mr6 past their CNode),
	 * RN_INVALID_ARGUMENT 7 (rights), RN_FAILED_LOOKUP (.lookup_source 1:
	 * the source CNode), RN_DELETE_FIRST (an occupied destination; its
	 * index i in the run in .range_min), or the error Copy would give for
	 * source i (RN_INVALID_CAPABILITY with .arg 1 for an empty one,
	 * RN_REVOKE_FIRST, RN_ILLEGAL_OPERATION), .range_min = i. (Not in
	 * seL4: a fork shares a program's text pages in one call, not one
	 * per page.) */
	RN_CNODE_COPY_RANGE = 9,

	/* TCB invocations, service a TCB cap (kernel/thread.c).
	 * Configure: extra caps 0 CSpace root CNode, 1 VSpace (a page table
	 *   with an ASID), 2 (optional) IPC buffer frame; mr0 the buffer's
	 *   address, aligned to 2^RN_IPC_BUFFER_ALIGN_BITS.
	 * SetFaultEP: extra cap 0 an endpoint with Write (none: clear).
	 * SetPriority: mr0 priority, at most the invoking thread's own.
	 * ReadRegisters: mr0 count (1..32); replies pc, x1, ..., x(count-1).
	 * WriteRegisters: mr0 flags (RN_TCB_WRITE_RESUME: resume it;
	 *   RN_TCB_WRITE_FP_RESET: its FP registers and fcsr become 0, as for
	 *   a new program), mr1 count, mr2.. pc, x1, ...
	 * CopyRegisters: extra cap 0 the source TCB; mr0 suspend source,
	 *   mr1 resume target.
	 * Resume / Suspend: no arguments.
	 * SetGroup: extra cap 0 a SchedGroup: the thread joins it (leaving
	 *   any other); no extra cap: it leaves its group. A group's threads
	 *   all have one priority: a thread of another priority than the
	 *   group's members is refused (RN_ILLEGAL_OPERATION), and so is
	 *   SetPriority of a grouped thread (leave the group first). */
	RN_TCB_CONFIGURE = 16,
	RN_TCB_SET_FAULT_EP = 17,
	RN_TCB_SET_PRIORITY = 18,
	RN_TCB_READ_REGISTERS = 19,
	RN_TCB_WRITE_REGISTERS = 20, /* flags below */
	RN_TCB_COPY_REGISTERS = 21,
	RN_TCB_RESUME = 22,
	RN_TCB_SUSPEND = 23,
	RN_TCB_BIND_NOTIFICATION = 24, /* extra cap 0 a notification */
	RN_TCB_UNBIND_NOTIFICATION = 25,
	RN_TCB_SET_GROUP = 26,
	/* TCB_GetTimes: replies mr0 the microseconds the thread ran, mr1 those
	 * a server ran answering its Calls (both sampled at each timer tick,
	 * so in whole ticks: CONFIG_TIMER_TICK_US). */
	RN_TCB_GET_TIMES = 27,
	/* TCB_Bill: the calling thread's time, until it bills again, is
	 *   charged to the invoked thread as a server's work for its Call is:
	 *   its entity's turn, then its debt, and its served time (GetTimes
	 *   mr1). Invoked on the caller's own TCB: its time is its own again.
	 *   For work a server does for a client outside a Call (its timers). */
	RN_TCB_BILL = 28,
	/* SchedGroup_SetParent: extra cap 0 a SchedGroup: the invoked group,
	 *   with its members and subgroups, nests in it: its turns become a
	 *   share of the parent's, as a member thread's are; no extra cap: it
	 *   becomes a top group, with turns of its own at its priority.
	 *   RN_ILLEGAL_OPERATION if the parent is the group or below it, if a
	 *   chain of groups would be longer than 8, or if the two trees'
	 *   threads have other priorities. */
	RN_SCHED_GROUP_SET_PARENT = 29,

	/* Address spaces (arch/riscv/vspace_object.c).
	 * ASIDControl_MakePool: extra caps 0 a 4 KiB untyped without
	 *   children, 1 a CNode root; mr0 index, mr1 depth of the empty slot
	 *   that receives the pool cap.
	 * ASIDPool_Assign: extra cap 0 an unmapped page table: it becomes a
	 *   VSpace root with an ASID (RN_NOT_ENOUGH_MEMORY: the pool is full).
	 * PageTable_Map: extra cap 0 a VSpace; mr0 vaddr. The table goes
	 *   where the walk to vaddr first finds no table.
	 * Frame_Map: extra cap 0 a VSpace; mr0 vaddr (aligned to the frame),
	 *   mr1 rights (RN_RIGHT_READ, optionally | RN_RIGHT_WRITE), mr2
	 *   attributes (RN_FRAME_EXECUTE; never with write). A missing page
	 *   table is RN_FAILED_LOOKUP; an occupied entry RN_DELETE_FIRST.
	 * Frame_GetAddress: replies mr0 the physical address.
	 * Frame_Copy: extra cap 0 a frame of the same size with Read; its
	 *   contents are copied into the invoked frame, which needs Write.
	 *   Neither may be a device frame. With mr0, the source may be a
	 *   2 MiB frame and the invoked one 4 KiB: the 4 KiB at offset mr0
	 *   (aligned) are copied (a large page split in small ones). (Not in
	 *   seL4: it saves a server four mappings per page of a fork.) */
	RN_ASID_CONTROL_MAKE_POOL = 32,
	RN_ASID_POOL_ASSIGN = 33,
	RN_PAGE_TABLE_MAP = 34,
	RN_PAGE_TABLE_UNMAP = 35,
	RN_FRAME_MAP = 36,
	RN_FRAME_UNMAP = 37,
	RN_FRAME_GET_ADDRESS = 38,
	RN_FRAME_COPY = 39,
	/* VSpace_MapFrames, service a VSpace (a page table with an ASID):
	 * maps a run of 4 KiB frames in one call. Extra cap 0 a CNode root;
	 *   mr0 node_index  mr1 node_depth (the CNode that holds the frames,
	 *   as for Untyped_Retype: depth 0 is the root itself)
	 *   mr2 offset  mr3 count (1..RN_MAP_FRAMES_MAX)  mr4 vaddr
	 *   mr5 rights  mr6 attributes (as for Frame_Map).
	 * The frame in slot offset+i goes at vaddr + i * 4 KiB. Everything is
	 * checked first (each slot a 4 KiB frame cap, unmapped, with Write if
	 * asked; the range inside the CNode and below the user top; each
	 * entry's page table there and the entry empty), so a refused batch
	 * maps nothing: RN_RANGE_ERROR (mr3, or mr2/mr3 past the CNode),
	 * RN_INVALID_CAPABILITY for the first bad frame (err.arg 1: the
	 * CNode's slots; err.range_min its index i in the run),
	 * RN_FAILED_LOOKUP (a missing table), RN_DELETE_FIRST (an occupied
	 * entry). (Not in seL4: a 64-page sbrk makes one call, not 64.) */
	RN_VSPACE_MAP_FRAMES = 40,
	/* Frame_CopyRange, service a CNode cap (the destination root): the
	 * contents of the frames in count consecutive slots go into the
	 * frames of count consecutive slots, in one call (Frame_Copy for
	 * each pair: a fork copies a run of pages at once).
	 *   mr0 node_index  mr1 node_depth  mr2 offset: the destination CNode
	 *     (as for CNode_CopyRange: depth 0 is the service CNode itself)
	 *   extra cap 0 the source root; mr3 src_index  mr4 src_depth  mr5
	 *     src_offset: the source CNode, likewise
	 *   mr6 count (1..RN_COPY_FRAMES_MAX)
	 * Everything is checked first, so a refused batch copies nothing:
	 * RN_TRUNCATED_MESSAGE, RN_RANGE_ERROR (mr6; mr2 or mr5 and mr6 past
	 * their CNode), RN_FAILED_LOOKUP (.lookup_source 1: the source
	 * CNode), RN_INVALID_CAPABILITY with .arg 0 for a destination that is
	 * not a 4 KiB frame of RAM with Write, .arg 1 for a source that is not
	 * a 4 KiB frame of RAM with Read, and its index i in the run in
	 * .range_min. (Not in seL4.) */
	RN_FRAME_COPY_RANGE = 41,

	/* IRQs. IRQControl_Get: mr0 irq, mr1 index, mr2 depth, extra cap 0 the
	 * CNode root: an IRQHandler cap for that line (RN_IRQ_TIMER: the
	 * timer). IRQHandler_SetNotification: extra cap 0 a notification;
	 * Ack: unmask the line again (nothing to do for the timer); Clear:
	 * forget the notification.
	 * IRQHandler_SetDeadline, the timer's handler only: mr0 an absolute
	 * time on the `time` counter (rn/timebase.h); the notification is
	 * signalled once when the counter reaches it, at once if it already
	 * has. 0 cancels; a new deadline replaces the old one. */
	RN_IRQ_CONTROL_GET = 48,
	RN_IRQ_HANDLER_SET_NOTIFICATION = 49,
	RN_IRQ_HANDLER_ACK = 50,
	RN_IRQ_HANDLER_CLEAR = 51,
	RN_IRQ_HANDLER_SET_DEADLINE = 52,
	/* IRQControl_PowerOff: mr0 RN_POWEROFF_MAGIC, mr1 the exit status
	 * for QEMU. Stops the machine; no reply. The IRQ control cap is the
	 * machine's (one, made at boot for the root task), so whoever holds
	 * it may stop the machine too. The magic word (like Linux's
	 * reboot(2) magic numbers) keeps a stray or fuzzed invocation from
	 * doing so: anything else is RN_INVALID_ARGUMENT. */
	RN_IRQ_CONTROL_POWEROFF = 53,

	RN_INVOCATION_LABEL_COUNT
};

#define RN_POWEROFF_MAGIC 0x504f5745524f4646ul /* "POWEROFF" in ASCII: IRQControl_PowerOff */

/* The timer's line: a deadline on the `time` counter instead of a device.
 * The PLIC spec reserves source 0 ("no interrupt"), so no device has it. */
#define RN_IRQ_TIMER 0

/* The most frames one VSpace_MapFrames maps: a bound on the time the
 * kernel spends in one call (it is not preemptible). */
#define RN_MAP_FRAMES_MAX 64

/* The most caps one CNode_CopyRange copies: a bound on the time the
 * kernel spends in one call. */
#define RN_COPY_RANGE_MAX 64
/* The most frames Frame_CopyRange copies in one call (4 KiB each: 256 KiB
 * of copying at most, a bounded time in a kernel that is not preempted). */
#define RN_COPY_FRAMES_MAX 64

/* Frame_Map attributes (mr2). */
#define RN_FRAME_EXECUTE 0x1u

/* Untyped_Describe flags (mr3). */
#define RN_UNTYPED_DEVICE       0x1u
#define RN_UNTYPED_HAS_CHILDREN 0x2u

/* Message sizes the kernel accepts. */
#define RN_MSG_MAX_EXTRA_CAPS 3
#define RN_MSG_MAX_REPLY      8

/* TCB_WriteRegisters' flags (mr0). */
#define RN_TCB_WRITE_RESUME   0x1u
#define RN_TCB_WRITE_FP_RESET 0x2u

#endif
