/* Building the fuzz world (the layout is in kfuzz.h, enum fuzz_slot).
 *
 *   parent untyped (RAM, had no children)
 *     └─ U  (2^U_BITS)           revoked at every rebuild and at the end
 *          ├─ fuzz CNode C (radix FUZZ_RADIX)  + guarded copy for CSpaces
 *          ├─ fuzz TCBs A, B, their IPC buffer frames (root VSpace)
 *          ├─ the play objects, retyped straight into C's fixed slots
 *          └─ play VSpace and victim TCB, moved into C
 *   another untyped
 *     └─ SU: the supervisor's endpoint, reply object and the page table
 *            under the IPC buffers; they live as long as kfuzz
 *
 * The supervisor keeps the originals of everything it must be able to
 * reset (TCBs, C, IPC frames) in its own CNode, which the fuzz threads
 * cannot reach; they hold copies, whose deletion never destroys anything. */
#include <ration/cspace.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include <rn/vspace.h>
#include "kfuzz.h"
#include "world.h"

#define U_BITS 18       /* 256 KiB for everything the fuzzers touch */
#define PLAY_UT_BITS 16 /* what they retype from */
#define SU_BITS 16
#define KFUZZ_PRIORITY 100
#define ROOT RN_SLOT_ROOT_CNODE

rn_cptr_t kfuzz_sup_ep, kfuzz_sup_reply;
int kfuzz_probe_failures;

static rn_word_t next_slot;
static rn_cptr_t parent, ut, fault_ep[KFUZZ_THREADS + 1];
static rn_word_t parent_free_before;
/* Root CNode slots of the current world's originals. */
static rn_cptr_t c_orig, c_guarded, tcb[KFUZZ_THREADS], ipc_frame[KFUZZ_THREADS], tmp[2];
static rn_word_t fuzz_stacks[KFUZZ_THREADS][KFUZZ_STACK_WORDS] __attribute__((aligned(16)));

static rn_cptr_t alloc_slot(void)
{
	return next_slot++;
}

/* Stops at the first failed step, naming it. */
#define TRY(expr)                                                                       \
	do {                                                                            \
		int err_ = (expr);                                                      \
		if (err_) {                                                             \
			rn_printf("kfuzz: %s:%d: %s: %s\n", __FILE__, __LINE__, #expr,  \
				  rn_error_name(err_));                                 \
			return -1;                                                      \
		}                                                                       \
	} while (0)

static int retype_root(rn_cptr_t from, rn_word_t type, rn_word_t bits, rn_cptr_t slot)
{
	return rn_untyped_retype(from, type, bits, ROOT, 0, 0, slot, 1);
}

/* Straight into slot `fix` of C. */
static int retype_fuzz(rn_word_t type, rn_word_t bits, rn_word_t fix)
{
	return rn_untyped_retype(ut, type, bits, ROOT, c_orig, 64, fix, 1);
}

/* Maps `frame` at vaddr in the root VSpace, adding page tables from `pts`. */
static int map_root_frame(rn_cptr_t frame, rn_word_t vaddr, rn_cptr_t pts)
{
	for (int level = 0; level < 3; level++) {
		int err = rn_frame_map(frame, RN_SLOT_ROOT_VSPACE, vaddr,
				       RN_RIGHT_READ | RN_RIGHT_WRITE, 0);
		if (err != RN_FAILED_LOOKUP)
			return err;
		rn_cptr_t pt = alloc_slot();
		TRY(retype_root(pts, RN_OBJ_PAGE_TABLE, 0, pt));
		TRY(rn_page_table_map(pt, RN_SLOT_ROOT_VSPACE, vaddr));
	}
	return RN_FAILED_LOOKUP;
}

int world_init(const struct rn_bootinfo *bi)
{
	next_slot = bi->first_free_slot;

	/* U comes from the largest RAM untyped that has no children, so that
	 * deleting U must give its parent back every byte. */
	rn_word_t best_bits = 0;
	rn_cptr_t other = 0;
	for (rn_word_t i = 0; i < bi->n_untyped; i++) {
		const struct rn_untyped_desc *d = &bi->untyped[i];
		struct rn_untyped_info info;
		if (d->is_device || rn_untyped_describe(d->slot, &info) != RN_OK)
			continue;
		if (!(info.flags & RN_UNTYPED_HAS_CHILDREN) && d->size_bits > best_bits &&
		    d->size_bits > U_BITS) {
			parent = d->slot;
			best_bits = d->size_bits;
		}
	}
	for (rn_word_t i = 0; i < bi->n_untyped && !other; i++) {
		const struct rn_untyped_desc *d = &bi->untyped[i];
		struct rn_untyped_info info;
		if (!d->is_device && d->slot != parent &&
		    rn_untyped_describe(d->slot, &info) == RN_OK &&
		    info.free_bytes >= (2ul << SU_BITS))
			other = d->slot;
	}
	if (!parent || !other) {
		rn_printf("kfuzz: no untyped to work in\n");
		return -1;
	}

	/* The supervisor's own objects, from another untyped. */
	rn_cptr_t su = alloc_slot();
	TRY(retype_root(other, RN_OBJ_UNTYPED, SU_BITS, su));
	kfuzz_sup_ep = alloc_slot();
	kfuzz_sup_reply = alloc_slot();
	TRY(retype_root(su, RN_OBJ_ENDPOINT, 0, kfuzz_sup_ep));
	TRY(retype_root(su, RN_OBJ_REPLY, 0, kfuzz_sup_reply));
	for (int i = 0; i <= KFUZZ_THREADS; i++) {
		fault_ep[i] = alloc_slot();
		TRY(rn_cnode_mint(ROOT, fault_ep[i], 64, ROOT, kfuzz_sup_ep, 64, RN_RIGHTS_ALL,
				  (rn_word_t)i + 1));
	}
	/* Page tables for the IPC buffers' area, mapped once with a frame that
	 * stays there (so the tables never go). */
	rn_cptr_t anchor = alloc_slot();
	TRY(retype_root(su, RN_OBJ_FRAME_4K, 0, anchor));
	TRY(map_root_frame(anchor, KFUZZ_IPC_AREA + 0x10000, su));

	struct rn_untyped_info info;
	TRY(rn_untyped_describe(parent, &info));
	parent_free_before = info.free_bytes;
	ut = alloc_slot();
	TRY(retype_root(parent, RN_OBJ_UNTYPED, U_BITS, ut));
	rn_printf("kfuzz: fuzz untyped: %lu KiB from slot %lu (%lu bytes free there)\n",
		  (unsigned long)(1ul << U_BITS) >> 10, (unsigned long)parent,
		  (unsigned long)parent_free_before);

	rn_cptr_t probe_slots = next_slot;
	next_slot += 8;
	kfuzz_probe_failures = probes_run(ut, probe_slots);

	c_orig = alloc_slot();
	c_guarded = alloc_slot();
	for (int i = 0; i < KFUZZ_THREADS; i++) {
		tcb[i] = alloc_slot();
		ipc_frame[i] = alloc_slot();
	}
	tmp[0] = alloc_slot();
	tmp[1] = alloc_slot();

	/* Fuzz threads get the supervisor's priority and round-robin with it. */
	TRY(rn_tcb_set_priority(RN_SLOT_ROOT_TCB, KFUZZ_PRIORITY));
	return 0;
}

/* U has no children and all of it is free (Untyped_Describe's free bytes
 * go to *free_out). */
static int check_ut_whole(rn_word_t *free_out)
{
	struct rn_untyped_info info;
	TRY(rn_untyped_describe(ut, &info));
	*free_out = info.free_bytes;
	if (info.free_bytes != (1ul << U_BITS) || (info.flags & RN_UNTYPED_HAS_CHILDREN) ||
	    info.watermark != 0) {
		rn_printf("kfuzz: after revoke U has %lu of %lu bytes free (flags %#lx, "
			  "watermark %lu)\n",
			  (unsigned long)info.free_bytes, 1ul << U_BITS, (unsigned long)info.flags,
			  (unsigned long)info.watermark);
		return -1;
	}
	return 0;
}

int world_restart_thread(int i)
{
	rn_word_t buf = KFUZZ_IPC_AREA + (rn_word_t)i * 4096;
	TRY(rn_tcb_suspend(tcb[i]));
	rn_invoke(tcb[i], RN_TCB_UNBIND_NOTIFICATION, 0, 0, 0, 0, 0, 0); /* if bound */
	TRY(rn_tcb_configure(tcb[i], c_guarded, RN_SLOT_ROOT_VSPACE, ipc_frame[i], buf));
	TRY(rn_tcb_set_fault_ep(tcb[i], fault_ep[i]));
	TRY(rn_tcb_set_priority(tcb[i], KFUZZ_PRIORITY));
	rn_word_t regs[RN_REG_ARG(0) + 1] = { 0 };
	regs[RN_REG_PC] = (rn_word_t)fuzz_thread_main;
	regs[RN_REG_SP] = (rn_word_t)&fuzz_stacks[i][KFUZZ_STACK_WORDS];
	regs[RN_REG_TP] = buf;
	regs[RN_REG_ARG(0)] = (rn_word_t)i;
	TRY(rn_tcb_write_registers(tcb[i], 1, RN_REG_ARG(0) + 1, regs));
	return 0;
}

int world_rebuild(void)
{
	rn_word_t free;
	TRY(rn_cnode_revoke(ROOT, ut, 64));
	if (check_ut_whole(&free) != 0)
		return -1;

	/* C, and the copy with a guard that makes cptr == slot at depth 64. */
	TRY(retype_root(ut, RN_OBJ_CNODE, FUZZ_RADIX, c_orig));
	TRY(rn_cnode_mint(ROOT, c_guarded, 64, ROOT, c_orig, 64, RN_RIGHTS_ALL,
			  RN_CNODE_GUARD_DATA(0, 64 - FUZZ_RADIX)));
	TRY(rn_cnode_copy(c_guarded, FIX_SELF_CNODE, 64, ROOT, c_guarded, 64, RN_RIGHTS_ALL));

	/* Play objects. */
	TRY(retype_fuzz(RN_OBJ_UNTYPED, PLAY_UT_BITS, FIX_PLAY_UT));
	TRY(retype_fuzz(RN_OBJ_UNTYPED, 12, FIX_SMALL_UT));
	TRY(retype_fuzz(RN_OBJ_ENDPOINT, 0, FIX_EP0));
	TRY(rn_cnode_mint(c_guarded, FIX_EP0_BADGED, 64, c_guarded, FIX_EP0, 64, RN_RIGHTS_ALL,
			  0x42));
	TRY(retype_fuzz(RN_OBJ_ENDPOINT, 0, FUZZ_SLOTS - 1));
	TRY(rn_cnode_copy(c_guarded, FIX_EP1, 64, c_guarded, FUZZ_SLOTS - 1, 64,
			  RN_RIGHT_READ | RN_RIGHT_WRITE));
	TRY(rn_cnode_delete(c_guarded, FUZZ_SLOTS - 1, 64));
	TRY(retype_fuzz(RN_OBJ_NOTIFICATION, 0, FIX_NTFN0));
	TRY(rn_cnode_mint(c_guarded, FIX_NTFN1, 64, c_guarded, FIX_NTFN0, 64, RN_RIGHTS_ALL,
			  0x10));
	for (int i = 0; i < 3; i++)
		TRY(retype_fuzz(RN_OBJ_REPLY, 0, FIX_REPLY0 + (rn_word_t)i));
	TRY(retype_fuzz(RN_OBJ_FRAME_4K, 0, FIX_FRAME0));
	TRY(retype_fuzz(RN_OBJ_FRAME_4K, 0, FIX_FRAME1));
	TRY(retype_fuzz(RN_OBJ_PAGE_TABLE, 0, FIX_PT0));
	TRY(retype_fuzz(RN_OBJ_PAGE_TABLE, 0, FIX_PT1));
	TRY(retype_fuzz(RN_OBJ_CNODE, 4, FIX_SUB_CNODE));
	TRY(retype_fuzz(RN_OBJ_SCHED_GROUP, 0, FIX_GROUP));

	/* A VSpace of their own, and a victim TCB living in it whose faults
	 * come to the supervisor (which leaves it suspended). */
	TRY(retype_root(ut, RN_OBJ_PAGE_TABLE, 0, tmp[0]));
	TRY(rn_asid_pool_assign(RN_SLOT_ROOT_ASID_POOL, tmp[0]));
	TRY(retype_root(ut, RN_OBJ_TCB, 0, tmp[1]));
	TRY(rn_tcb_configure(tmp[1], c_guarded, tmp[0], 0, 0));
	TRY(rn_tcb_set_fault_ep(tmp[1], fault_ep[KFUZZ_THREADS]));
	TRY(rn_tcb_set_priority(tmp[1], KFUZZ_PRIORITY));
	TRY(rn_cnode_move(c_guarded, FIX_PLAY_VSPACE, 64, ROOT, tmp[0], 64));
	TRY(rn_cnode_move(c_guarded, FIX_VICTIM_TCB, 64, ROOT, tmp[1], 64));

	/* Control caps: copies, which die with C. */
	TRY(rn_cnode_copy(c_guarded, FIX_ASID_POOL, 64, ROOT, RN_SLOT_ROOT_ASID_POOL, 64,
			  RN_RIGHTS_ALL));
	TRY(rn_cnode_copy(c_guarded, FIX_ASID_CONTROL, 64, ROOT, RN_SLOT_ASID_CONTROL, 64,
			  RN_RIGHTS_ALL));
	TRY(rn_cnode_copy(c_guarded, FIX_IRQ_CONTROL, 64, ROOT, RN_SLOT_IRQ_CONTROL, 64,
			  RN_RIGHTS_ALL));

	/* The fuzz threads, with their buffers in the root VSpace. */
	for (int i = 0; i < KFUZZ_THREADS; i++) {
		TRY(retype_root(ut, RN_OBJ_FRAME_4K, 0, ipc_frame[i]));
		TRY(rn_frame_map(ipc_frame[i], RN_SLOT_ROOT_VSPACE,
				 KFUZZ_IPC_AREA + (rn_word_t)i * 4096,
				 RN_RIGHT_READ | RN_RIGHT_WRITE, 0));
		TRY(retype_root(ut, RN_OBJ_TCB, 0, tcb[i]));
		TRY(rn_cnode_copy(c_guarded, FIX_TCB_A + (rn_word_t)i, 64, ROOT, tcb[i], 64,
				  RN_RIGHTS_ALL));
	}
	for (int i = 0; i < KFUZZ_THREADS; i++)
		if (world_restart_thread(i) != 0)
			return -1;
	return 0;
}

void world_stop(void)
{
	for (int i = 0; i < KFUZZ_THREADS; i++)
		rn_tcb_suspend(tcb[i]);
}

int world_finish(void)
{
	rn_word_t free = 0;
	TRY(rn_cnode_revoke(ROOT, ut, 64));
	int whole = check_ut_whole(&free);
	TRY(rn_cnode_delete(ROOT, ut, 64));
	struct rn_untyped_info info;
	TRY(rn_untyped_describe(parent, &info));
	rn_printf("kfuzz: memory: U %lu bytes free after revoke, %lu at the start; parent %lu "
		  "bytes free after deleting U, %lu before\n",
		  (unsigned long)free, 1ul << U_BITS, (unsigned long)info.free_bytes,
		  (unsigned long)parent_free_before);
	if (whole != 0)
		return -1;
	if (info.free_bytes != parent_free_before || (info.flags & RN_UNTYPED_HAS_CHILDREN))
		return -1;
	return 0;
}
