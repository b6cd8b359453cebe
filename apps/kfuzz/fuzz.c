/* The fuzz threads: an endless loop of random system calls on the caps of
 * the shared fuzz CNode. Each call is shaped like a real one most of the
 * time (a cap of the right type, the words the label needs, sensible
 * values) and is garbage the rest, so both the decoders' refusals and the
 * paths behind them get exercised.
 *
 * A thread checks what it can check alone: a Call that the kernel answered
 * by itself must come back with an error code and well-formed details, or
 * a success of a sane length, and every register but a0..a5 as it was.
 * Anything else is an ABI violation, recorded for the supervisor. "By
 * itself": `kfuzz.epoch`, which every fuzz thread bumps before and after
 * each of its calls, did not move during the Call. The other thread can
 * only answer a Call as a reply after receiving it, and that receive
 * returns (and bumps) before the reply can be sent. */
#include <stdbool.h>
#include <stddef.h>
#include <ration/errors.h>
#include <ration/faults.h>
#include <ration/invocation.h>
#include <ration/objects.h>
#include <ration/cspace.h>
#include "kfuzz.h"

/* What a message word (or an extra cap) should look like. */
enum kind {
	K_ANY, K_SLOT, K_DEPTH, K_NODE_DEPTH, K_TYPE, K_BITS, K_COUNT, K_RIGHTS, K_BADGE,
	K_GUARD, K_VADDR, K_BUFADDR, K_BOOL, K_PRIO, K_REGCOUNT, K_IRQ, K_ATTR, K_DEADLINE,
	/* extra caps / invoked caps */
	C_CNODE, C_UT, C_SMALL_UT, C_VSPACE, C_PT, C_FRAME, C_EP, C_NTFN, C_REPLY, C_TCB,
	C_POOL, C_ASID_CONTROL, C_IRQ_CONTROL, C_IRQ_HANDLER, C_GROUP, C_ANYCAP,
};

/* One invocation: the cap to invoke, its words and its extra caps. */
struct shape {
	uint8_t label;
	uint8_t service;
	uint8_t nwords;
	uint8_t ncaps;
	uint8_t words[8];
	uint8_t caps[3];
};

static const struct shape shapes[] = {
	{ RN_UNTYPED_RETYPE, C_UT, 6, 1,
	  { K_TYPE, K_BITS, K_SLOT, K_NODE_DEPTH, K_SLOT, K_COUNT }, { C_CNODE } },
	{ RN_UNTYPED_DESCRIBE, C_UT, 0, 0, { 0 }, { 0 } },
	{ RN_CNODE_REVOKE, C_CNODE, 2, 0, { K_SLOT, K_DEPTH }, { 0 } },
	{ RN_CNODE_DELETE, C_CNODE, 2, 0, { K_SLOT, K_DEPTH }, { 0 } },
	{ RN_CNODE_COPY, C_CNODE, 5, 1, { K_SLOT, K_DEPTH, K_SLOT, K_DEPTH, K_RIGHTS },
	  { C_CNODE } },
	{ RN_CNODE_MINT, C_CNODE, 6, 1,
	  { K_SLOT, K_DEPTH, K_SLOT, K_DEPTH, K_RIGHTS, K_BADGE }, { C_CNODE } },
	{ RN_CNODE_MOVE, C_CNODE, 4, 1, { K_SLOT, K_DEPTH, K_SLOT, K_DEPTH }, { C_CNODE } },
	{ RN_CNODE_MUTATE, C_CNODE, 5, 1, { K_SLOT, K_DEPTH, K_SLOT, K_DEPTH, K_GUARD },
	  { C_CNODE } },
	{ RN_CNODE_COPY_RANGE, C_CNODE, 8, 1,
	  { K_SLOT, K_NODE_DEPTH, K_SLOT, K_SLOT, K_NODE_DEPTH, K_SLOT, K_COUNT, K_RIGHTS },
	  { C_CNODE } },
	{ RN_TCB_CONFIGURE, C_TCB, 1, 3, { K_BUFADDR }, { C_CNODE, C_VSPACE, C_FRAME } },
	{ RN_TCB_SET_FAULT_EP, C_TCB, 0, 1, { 0 }, { C_EP } },
	{ RN_TCB_SET_PRIORITY, C_TCB, 1, 0, { K_PRIO }, { 0 } },
	{ RN_TCB_READ_REGISTERS, C_TCB, 1, 0, { K_REGCOUNT }, { 0 } },
	{ RN_TCB_WRITE_REGISTERS, C_TCB, 6, 0, { K_BOOL, K_REGCOUNT, K_ANY, K_ANY, K_ANY, K_ANY },
	  { 0 } },
	{ RN_TCB_COPY_REGISTERS, C_TCB, 2, 1, { K_BOOL, K_BOOL }, { C_TCB } },
	{ RN_TCB_RESUME, C_TCB, 0, 0, { 0 }, { 0 } },
	{ RN_TCB_SUSPEND, C_TCB, 0, 0, { 0 }, { 0 } },
	{ RN_TCB_BIND_NOTIFICATION, C_TCB, 0, 1, { 0 }, { C_NTFN } },
	{ RN_TCB_UNBIND_NOTIFICATION, C_TCB, 0, 0, { 0 }, { 0 } },
	{ RN_TCB_SET_GROUP, C_TCB, 0, 1, { 0 }, { C_GROUP } },
	{ RN_TCB_SET_GROUP, C_TCB, 0, 0, { 0 }, { 0 } },
	{ RN_TCB_BILL, C_TCB, 0, 0, { 0 }, { 0 } },
	{ RN_SCHED_GROUP_SET_PARENT, C_GROUP, 0, 1, { 0 }, { C_GROUP } },
	{ RN_SCHED_GROUP_SET_PARENT, C_GROUP, 0, 0, { 0 }, { 0 } },
	{ RN_ASID_CONTROL_MAKE_POOL, C_ASID_CONTROL, 2, 2, { K_SLOT, K_DEPTH },
	  { C_SMALL_UT, C_CNODE } },
	{ RN_ASID_POOL_ASSIGN, C_POOL, 0, 1, { 0 }, { C_PT } },
	{ RN_PAGE_TABLE_MAP, C_PT, 1, 1, { K_VADDR }, { C_VSPACE } },
	{ RN_PAGE_TABLE_UNMAP, C_PT, 0, 0, { 0 }, { 0 } },
	{ RN_FRAME_MAP, C_FRAME, 3, 1, { K_VADDR, K_RIGHTS, K_ATTR }, { C_VSPACE } },
	{ RN_FRAME_UNMAP, C_FRAME, 0, 0, { 0 }, { 0 } },
	{ RN_VSPACE_MAP_FRAMES, C_VSPACE, 7, 1,
	  { K_SLOT, K_NODE_DEPTH, K_SLOT, K_COUNT, K_VADDR, K_RIGHTS, K_ATTR }, { C_CNODE } },
	{ RN_FRAME_GET_ADDRESS, C_FRAME, 0, 0, { 0 }, { 0 } },
	{ RN_FRAME_COPY_RANGE, C_CNODE, 7, 1,
	  { K_SLOT, K_NODE_DEPTH, K_SLOT, K_SLOT, K_NODE_DEPTH, K_SLOT, K_COUNT }, { C_CNODE } },
	{ RN_IRQ_CONTROL_GET, C_IRQ_CONTROL, 3, 1, { K_IRQ, K_SLOT, K_DEPTH }, { C_CNODE } },
	{ RN_IRQ_HANDLER_SET_NOTIFICATION, C_IRQ_HANDLER, 0, 1, { 0 }, { C_NTFN } },
	{ RN_IRQ_HANDLER_ACK, C_IRQ_HANDLER, 0, 0, { 0 }, { 0 } },
	{ RN_IRQ_HANDLER_CLEAR, C_IRQ_HANDLER, 0, 0, { 0 }, { 0 } },
	{ RN_IRQ_HANDLER_SET_DEADLINE, C_IRQ_HANDLER, 1, 0, { K_DEADLINE }, { 0 } },
};
#define N_SHAPES (sizeof(shapes) / sizeof(shapes[0]))

/* Values at the edges, where decoders tend to be wrong. */
static const rn_word_t edges[] = {
	0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 65, 127, 128, 255, 256, 257,
	4095, 4096, 4097, 0x7fffffff, 0x80000000ul, 0xffffffffu, 0x100000000ul,
	(1ul << 38), (1ul << 39) - 4096, 0x3fffffffffful, 0x4000000000ul,
	0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffff000ull,
	0xfffffffffffffffeull, 0xffffffffffffffffull, 0xffffffc080200000ull,
	(1ul << 52) - 1,
};
#define N_EDGES (sizeof(edges) / sizeof(edges[0]))

static rn_word_t any_word(rn_word_t *r)
{
	switch (rng_below(r, 6)) {
	case 0:
		return edges[rng_below(r, N_EDGES)];
	case 1:
		return rng_below(r, 16);
	case 2:
		return rng_next(r);
	case 3:
		return KFUZZ_PLAY_AREA + (rng_below(r, 64) << 12);
	case 4:
		return rng_next(r) >> rng_below(r, 64);
	default:
		return edges[rng_below(r, N_EDGES)] + rng_below(r, 3) - 1;
	}
}

/* A slot of the fuzz CNode: mostly the fixed and nearby free ones. */
static rn_word_t any_slot(rn_word_t *r)
{
	switch (rng_below(r, 8)) {
	case 0:
	case 1:
	case 2:
	case 3:
		return 1 + rng_below(r, FIX_COUNT - 1);
	case 4:
	case 5:
		return FIX_COUNT + rng_below(r, FUZZ_HOT_SLOTS - FIX_COUNT);
	case 6:
		return rng_below(r, FUZZ_SLOTS);
	default:
		return rng_below(r, 4) ? rng_below(r, FUZZ_HOT_SLOTS) : any_word(r);
	}
}

/* A slot that is free at world start: where new caps go. */
static rn_word_t free_slot(rn_word_t *r)
{
	return FIX_COUNT + rng_below(r, FUZZ_HOT_SLOTS - FIX_COUNT);
}

static rn_word_t cap_of(rn_word_t *r, int kind)
{
	if (rng_below(r, 8) == 0)
		return any_slot(r);
	switch (kind) {
	case C_CNODE:
		return rng_below(r, 4) ? FIX_SELF_CNODE : FIX_SUB_CNODE;
	case C_UT:
		return rng_below(r, 4) ? FIX_PLAY_UT : FIX_SMALL_UT;
	case C_SMALL_UT:
		return FIX_SMALL_UT;
	case C_VSPACE:
		return rng_below(r, 4) ? FIX_PLAY_VSPACE : FIX_PT0 + rng_below(r, 2);
	case C_PT:
		return FIX_PT0 + rng_below(r, 2);
	case C_FRAME:
		return FIX_FRAME0 + rng_below(r, 2);
	case C_EP:
		return FIX_EP0 + rng_below(r, 3);
	case C_NTFN:
		return FIX_NTFN0 + rng_below(r, 2);
	case C_REPLY:
		return FIX_REPLY0 + rng_below(r, 3);
	case C_TCB:
		return rng_below(r, 2) ? FIX_VICTIM_TCB : FIX_TCB_A + rng_below(r, 2);
	case C_POOL:
		return FIX_ASID_POOL;
	case C_ASID_CONTROL:
		return FIX_ASID_CONTROL;
	case C_IRQ_CONTROL:
		return FIX_IRQ_CONTROL;
	case C_GROUP:
		return FIX_GROUP;
	case C_IRQ_HANDLER: /* only ever in a free slot, if IRQControl_Get made one */
		return free_slot(r);
	default:
		return any_slot(r);
	}
}

static rn_word_t word_of(rn_word_t *r, int kind)
{
	if (rng_below(r, 10) == 0)
		return any_word(r);
	switch (kind) {
	case K_SLOT:
		return rng_below(r, 2) ? free_slot(r) : any_slot(r);
	case K_DEPTH: {
		static const rn_word_t d[] = { 64, 64, 64, 64, 64, 64, 8, 4, 0, 1, 56, 63, 65 };
		return d[rng_below(r, sizeof(d) / sizeof(d[0]))];
	}
	case K_NODE_DEPTH:
		return rng_below(r, 4) ? 0 : (rng_below(r, 2) ? 64 : word_of(r, K_DEPTH));
	case K_TYPE:
		return rng_below(r, 12);
	case K_BITS:
		return rng_below(r, 3) ? 4 + rng_below(r, 13) : rng_below(r, 41);
	case K_COUNT:
		return rng_below(r, 4) ? 1 + rng_below(r, 4) : edges[rng_below(r, 20)];
	case K_RIGHTS:
		return rng_below(r, 8) ? rng_below(r, 8) : rng_below(r, 32);
	case K_BADGE:
		return rng_below(r, 2) ? rng_below(r, 64) : any_word(r);
	case K_GUARD: {
		rn_word_t size = rng_below(r, 2) ? 64 - FUZZ_RADIX : rng_below(r, 64);
		return RN_CNODE_GUARD_DATA(rng_below(r, 4) ? 0 : rng_below(r, 4), size);
	}
	case K_VADDR:
		switch (rng_below(r, 4)) {
		case 0:
			return KFUZZ_PLAY_AREA + (rng_below(r, 16) << 12);
		case 1:
			return KFUZZ_PLAY_AREA + (rng_below(r, 4) << 21);
		case 2:
			return rng_below(r, 64) << 30;
		default:
			return any_word(r) & ~0xffful;
		}
	case K_BUFADDR:
		return KFUZZ_IPC_AREA + (rng_below(r, 8) << 10);
	case K_BOOL:
		return rng_below(r, 2);
	case K_PRIO:
		return rng_below(r, 300);
	case K_REGCOUNT:
		return rng_below(r, 35);
	case K_IRQ:
		return rng_below(r, 16);
	case K_ATTR:
		return rng_below(r, 4) ? 0 : rng_below(r, 3);
	case K_DEADLINE: { /* cancel, past, soon (within a tick or two), far */
		rn_word_t now;
		__asm__ volatile("rdtime %0" : "=r"(now));
		switch (rng_below(r, 4)) {
		case 0:
			return 0;
		case 1:
			return now - rng_below(r, 1u << 20);
		case 2:
			return now + rng_below(r, 1u << 18);
		default:
			return any_word(r);
		}
	}
	default:
		return any_word(r);
	}
}

static const rn_word_t valid_labels[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
	32, 33, 34, 35, 36, 37, 38, 48, 49, 50, 51, 52,
};

static rn_word_t any_label(rn_word_t *r)
{
	switch (rng_below(r, 8)) {
	case 0:
		return 0;
	case 1:
		return rng_next(r) & ((1ul << 52) - 1);
	case 2:
		return rng_below(r, 64);
	default:
		return valid_labels[rng_below(r, sizeof(valid_labels) / sizeof(valid_labels[0]))];
	}
}

static rn_word_t any_length(rn_word_t *r, rn_word_t need)
{
	switch (rng_below(r, 10)) {
	case 0:
		return rng_below(r, 128); /* 121..127 are over the limit */
	case 1:
		return need ? need - 1 : 0; /* one short */
	case 2:
	case 3:
		return rng_below(r, 9);
	default:
		return need + (rng_below(r, 4) == 0 ? rng_below(r, 3) : 0);
	}
}

/* Fills the buffer's extra-cap and receive fields and a few long words. */
static void scribble_buffer(rn_word_t *r, struct rn_ipc_buffer *b)
{
	for (int i = 0; i < 3; i++)
		b->caps_or_badges[i] = rng_below(r, 4) ? any_slot(r) : any_word(r);
	b->receive_cnode = rng_below(r, 4) ? FIX_SELF_CNODE : cap_of(r, C_CNODE);
	b->receive_index = rng_below(r, 4) ? free_slot(r) : any_slot(r);
	if (b->receive_index == FIX_VICTIM_TCB)
		b->receive_index++;
	b->receive_depth = rng_below(r, 4) ? 64 : word_of(r, K_DEPTH);
	for (int i = 0; i < 4; i++)
		b->msg[4 + rng_below(r, RN_MSG_MAX_LENGTH - 4)] = any_word(r);
}

/* Whether the kernel still uses this thread's own buffer: the other fuzz
 * thread may have given it another one (or none) with TCB_Configure. A
 * cptr with bits above the guard fails with a known lookup failure. */
static bool buffer_is_mine(struct rn_ipc_buffer *b)
{
	static const rn_word_t none[4];
	b->msg[5] = 0;
	struct rn_msg m = rn_syscall(RN_SYS_CALL, ~0ul, RN_MSGINFO(RN_UNTYPED_DESCRIBE, 0, 0, 0),
				     none, 0);
	return m.info == RN_MSGINFO(RN_FAILED_LOOKUP, 0, 0, RN_ERROR_REPLY_WORDS) &&
	       m.mr[0] == 0 && b->msg[5] == RN_LOOKUP_GUARD_MISMATCH;
}

/* Records the first violation in full, for the supervisor to print. */
static void violation(rn_word_t what, const struct rn_msg *m, rn_word_t label,
		      const struct rn_ipc_buffer *b)
{
	rn_word_t words[8];
	for (int i = 0; i < 8; i++)
		words[i] = i < 4 ? m->mr[i] : b->msg[i];
	if (what != 8 && !buffer_is_mine((struct rn_ipc_buffer *)b))
		return; /* a false alarm: the words went elsewhere */
	if (kfuzz.abi_violations++ != 0)
		return;
	for (int t = 0; t < KFUZZ_THREADS; t++)
		for (int i = 0; i < 3; i++)
			kfuzz.calls_at_violation[t][i] = kfuzz.last_call[t][i];
	volatile rn_word_t *v = kfuzz.last_violation;
	v[0] = what;
	v[1] = RN_SYS_CALL;
	v[2] = label;
	v[3] = m->info;
	v[4] = 0; /* the cptr: see calls_at_violation */
	v[5] = m->badge;
	for (int i = 0; i < 8; i++)
		v[6 + i] = words[i];
}

/* The kernel answered a Call by itself: is the answer well-formed? */
static void check_kernel_reply(rn_word_t label_sent, const struct shape *sh,
			       const rn_word_t *mr_sent, const struct rn_msg *m,
			       const struct rn_ipc_buffer *b)
{
	rn_word_t code = RN_MSGINFO_LABEL(m->info), len = RN_MSGINFO_LENGTH(m->info);
	if (code == RN_LABEL_IPC_CANCELLED) {
		/* A receiver took the Call but offered no reply object. */
		if (len != 0 || m->badge != 0)
			violation(1, m, label_sent, b);
		return;
	}
	if (code >= RN_ERROR_COUNT || m->badge != 0 || RN_MSGINFO_CAPS(m->info) ||
	    RN_MSGINFO_UNWRAPPED(m->info)) {
		violation(2, m, label_sent, b);
		return;
	}
	kfuzz.kernel_errors[code]++;
	if (code == RN_OK && label_sent < 64)
		kfuzz.ok_by_label[label_sent]++;
	if (code == RN_OK) {
		if (len > 32)
			violation(3, m, label_sent, b);
		/* Describe replied with its five words: they add up. */
		if (label_sent == RN_UNTYPED_DESCRIBE && len == 5) {
			rn_word_t bits = m->mr[1], free = m->mr[2], wm = b->msg[4];
			if (bits < RN_UNTYPED_MIN_BITS || bits > RN_UNTYPED_MAX_BITS ||
			    free + wm != (1ul << bits) || m->mr[3] > 3)
				violation(4, m, label_sent, b);
		} else if (label_sent == RN_TCB_READ_REGISTERS && sh &&
			   sh->label == RN_TCB_READ_REGISTERS && len != 0 && len != mr_sent[0]) {
			violation(5, m, label_sent, b);
		}
		return;
	}
	if (len != RN_ERROR_REPLY_WORDS) {
		violation(6, m, label_sent, b);
		return;
	}
	rn_word_t arg = m->mr[0], rmin = m->mr[1], rmax = m->mr[2], left = m->mr[3];
	rn_word_t source = b->msg[4], type = b->msg[5], bits_left = b->msg[6];
	bool bad = false;
	switch (code) {
	case RN_INVALID_ARGUMENT:
		bad = arg >= RN_MSG_MAX_LENGTH;
		break;
	case RN_INVALID_CAPABILITY:
		bad = arg > RN_MSG_MAX_EXTRA_CAPS;
		break;
	case RN_RANGE_ERROR:
		bad = rmin > rmax;
		break;
	case RN_FAILED_LOOKUP:
		bad = type < RN_LOOKUP_INVALID_ROOT || type > RN_LOOKUP_GUARD_MISMATCH ||
		      source > 1 || bits_left > 64;
		break;
	case RN_NOT_ENOUGH_MEMORY:
		bad = left > (1ul << RN_UNTYPED_MAX_BITS);
		break;
	default:
		break;
	}
	if (bad)
		violation(7, m, label_sent, b);
}

/* A system call that also checks the ABI's promise that every register
 * but a0..a5 and the temporaries t0..t6 comes back as it was: s2..s6 and
 * ra are loaded with a pattern derived from s7, sp, gp, tp, a6 and a7 are
 * kept in s-registers, and the differences after the ecall are ORed
 * together. Nonzero: clobbered. (The other fuzz thread may rewrite this
 * thread's registers, but TCB_WriteRegisters always sets the pc too, so
 * the check is then never reached; CopyRegisters copies s7 and the
 * pattern together.) */
static rn_word_t ecall_checked(rn_word_t sys, rn_word_t cap, rn_word_t info,
			       const rn_word_t mr[4], rn_word_t reply, rn_word_t pattern,
			       struct rn_msg *out)
{
	register rn_word_t a0 __asm__("a0") = cap;
	register rn_word_t a1 __asm__("a1") = info;
	register rn_word_t a2 __asm__("a2") = mr[0];
	register rn_word_t a3 __asm__("a3") = mr[1];
	register rn_word_t a4 __asm__("a4") = mr[2];
	register rn_word_t a5 __asm__("a5") = mr[3];
	register rn_word_t a6 __asm__("a6") = reply;
	register rn_word_t a7 __asm__("a7") = sys;
	register rn_word_t s7 __asm__("s7") = pattern;
	__asm__ volatile(
		"addi s2, s7, 7\n\taddi s3, s7, 8\n\taddi s4, s7, 9\n"
		"addi s5, s7, 10\n\taddi s6, s7, 11\n\taddi ra, s7, 13\n"
		"mv s8, sp\n\tmv s9, gp\n\tmv s10, tp\n\tmv s11, a6\n\tmv s1, a7\n"
		"ecall\n\t"
		"sub s8, s8, sp\n\tsub s9, s9, gp\n\tsub s10, s10, tp\n"
		"sub s11, s11, a6\n\tsub s1, s1, a7\n"
		"or s8, s8, s9\n\tor s8, s8, s10\n\tor s8, s8, s11\n\tor s8, s8, s1\n"
		"addi s2, s2, -7\n\taddi s3, s3, -8\n\taddi s4, s4, -9\n"
		"addi s5, s5, -10\n\taddi s6, s6, -11\n\taddi ra, ra, -13\n"
		"xor s2, s2, s7\n\txor s3, s3, s7\n\txor s4, s4, s7\n"
		"xor s5, s5, s7\n\txor s6, s6, s7\n\txor ra, ra, s7\n"
		"or s8, s8, s2\n\tor s8, s8, s3\n\tor s8, s8, s4\n"
		"or s8, s8, s5\n\tor s8, s8, s6\n\tor s8, s8, ra\n"
		"mv s7, s8"
		: "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(s7)
		: "r"(a6), "r"(a7)
		: "memory", "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "s1", "s2", "s3",
		  "s4", "s5", "s6", "s8", "s9", "s10", "s11");
	*out = (struct rn_msg){ a0, a1, { a2, a3, a4, a5 } };
	return s7;
}

/* One random system call. The generator's state is saved before the
 * call: a thread restarted while blocked in it goes on with the next one
 * instead of repeating it for ever. */
static void fuzz_one(rn_word_t me, rn_word_t *saved, struct rn_ipc_buffer *b)
{
	rn_word_t state = *saved, *r = &state;
	rn_word_t mr[4], sys, cptr, info, reply = 0, label;
	const struct shape *sh = NULL;
	scribble_buffer(r, b);
	for (int i = 0; i < 4; i++)
		mr[i] = any_word(r);

	rn_word_t pick = rng_below(r, 100);
	if (pick < 62) {
		/* An invocation shaped like a real one (mostly). */
		sys = RN_SYS_CALL;
		sh = &shapes[rng_below(r, N_SHAPES)];
		label = rng_below(r, 16) ? sh->label : any_label(r);
		cptr = rng_below(r, 8) ? cap_of(r, sh->service) : any_slot(r);
		/* CopyRegisters only ever onto the victim (whose slot nothing
		 * else is put into): a fuzz thread given the other's registers
		 * would return from a call it never made, and its checks
		 * would take what is in its registers for the kernel's reply. */
		if (sh->label == RN_TCB_COPY_REGISTERS || label == RN_TCB_COPY_REGISTERS)
			cptr = FIX_VICTIM_TCB;
		for (int i = 0; i < sh->nwords; i++) {
			rn_word_t w = word_of(r, sh->words[i]);
			if (i < 4)
				mr[i] = w;
			else
				b->msg[i] = w;
		}
		/* The CNode ops' destination is mostly a free slot, their
		 * source mostly a fixed one. */
		if (sh->label >= RN_CNODE_COPY && sh->label <= RN_CNODE_MUTATE && rng_below(r, 2))
			mr[2] = 1 + rng_below(r, FIX_COUNT - 1);
		/* Nothing new ever lands in the victim's slot (see below). */
		if (mr[0] == FIX_VICTIM_TCB)
			mr[0]++;
		if (label == RN_CNODE_COPY_RANGE && mr[2] <= FIX_VICTIM_TCB &&
		    FIX_VICTIM_TCB - mr[2] < b->msg[6])
			mr[2] = FIX_VICTIM_TCB + 1;
		if (sh->label == RN_UNTYPED_RETYPE && b->msg[4] <= FIX_VICTIM_TCB &&
		    FIX_VICTIM_TCB - b->msg[4] < b->msg[5])
			b->msg[4] = FIX_VICTIM_TCB + 1;
		if (sh->label == RN_IRQ_CONTROL_GET && mr[1] == FIX_VICTIM_TCB)
			mr[1]++;
		if (sh->label == RN_TCB_WRITE_REGISTERS) {
			for (int i = 4; i < 2 + 32; i++)
				b->msg[i] = any_word(r);
			/* Never a pc or pointer into kfuzz's own image: a fuzz
			 * thread sent there could write over the supervisor. */
			for (int i = 2; i < 2 + 32; i++) {
				rn_word_t *w = i < 4 ? &mr[i] : &b->msg[i];
				if (*w >= KFUZZ_IMAGE_START && *w < KFUZZ_IMAGE_END)
					*w |= 1ul << 38;
			}
		}
		rn_word_t ncaps = rng_below(r, 8) ? sh->ncaps : rng_below(r, 4);
		for (rn_word_t i = 0; i < ncaps && i < sh->ncaps; i++)
			b->caps_or_badges[i] = cap_of(r, sh->caps[i]);
		info = RN_MSGINFO(label, 0, ncaps, any_length(r, sh->nwords));
	} else {
		label = any_label(r);
		info = RN_MSGINFO(label, rng_below(r, 8), rng_below(r, 4),
				  any_length(r, rng_below(r, 8)));
		cptr = rng_below(r, 2) ? cap_of(r, C_EP) : cap_of(r, C_NTFN);
		if (pick < 68) {
			sys = RN_SYS_CALL; /* on an IPC object */
			if (rng_below(r, 4) == 0)
				cptr = cap_of(r, C_REPLY);
		} else if (pick < 72) {
			sys = RN_SYS_SEND;
			if (rng_below(r, 3) == 0)
				cptr = cap_of(r, C_REPLY);
		} else if (pick < 79) {
			sys = RN_SYS_NBSEND;
			if (rng_below(r, 3) == 0)
				cptr = cap_of(r, C_REPLY);
		} else if (pick < 83) {
			sys = RN_SYS_RECV;
		} else if (pick < 91) {
			sys = RN_SYS_NBRECV;
		} else if (pick < 96) {
			sys = RN_SYS_REPLY_RECV;
			if (rng_below(r, 4))
				cptr = cap_of(r, C_EP);
		} else if (pick < 98) {
			sys = RN_SYS_YIELD;
		} else if (pick < 99) {
			/* An unknown system call number: a fault. Never the
			 * debug calls (64: putchar, 65: power-off). */
			sys = 8 + rng_below(r, 56);
			if (rng_below(r, 2))
				sys = rng_next(r) | 0x100;
		} else {
			/* A cptr that does not resolve (or names no IPC object):
			 * a cap fault for anything but a Call. */
			sys = RN_SYS_SEND + rng_below(r, 5);
			cptr = rng_below(r, 2) ? any_word(r) : any_slot(r);
		}
		if (sys >= RN_SYS_RECV && sys <= RN_SYS_REPLY_RECV)
			reply = rng_below(r, 4) ? cap_of(r, C_REPLY)
						: (rng_below(r, 2) ? 0 : any_slot(r));
	}

	bool checked = rng_below(r, 4) == 0;
	rn_word_t pattern = rng_next(r) & ~0xfful;
	*saved = state;
	kfuzz.last_call[me][0] = sys;
	kfuzz.last_call[me][1] = cptr;
	kfuzz.last_call[me][2] = info;
	rn_word_t epoch = ++kfuzz.epoch;
	struct rn_msg m;
	if (checked) {
		rn_word_t clobbered = ecall_checked(sys, cptr, info, mr, reply, pattern, &m);
		if (clobbered) {
			struct rn_msg what = { clobbered, sys, { pattern, m.info, 0, 0 } };
			violation(8, &what, label, b);
		}
	} else {
		m = rn_syscall(sys, cptr, info, mr, reply);
	}
	if (RN_MSGINFO_LABEL(m.info) == RN_LABEL_IPC_CANCELLED)
		kfuzz.cancelled++;
	bool alone = kfuzz.epoch == epoch;
	kfuzz.epoch++;
	if (sys == RN_SYS_CALL && alone) {
		check_kernel_reply(label, sh, mr, &m, b);
	} else if (sys >= RN_SYS_RECV && sys <= RN_SYS_REPLY_RECV &&
		   (m.info != 0 || m.badge != 0)) {
		kfuzz.received++;
		if (RN_MSGINFO_CAPS(m.info) != 0)
			kfuzz.caps_received++;
	}
}

void fuzz_thread_main(rn_word_t me)
{
	struct rn_ipc_buffer *b = rn_ipc_buffer();
	/* Each (re)start draws from where this thread's stream left off. */
	static rn_word_t state[KFUZZ_THREADS];
	me %= KFUZZ_THREADS; /* whatever a0 holds, stay in bounds */
	if (!state[me])
		state[me] = kfuzz.seed * (2 * me + 3) + 0x9e3779b97f4a7c15ull * (me + 1);
	for (;;) {
		me %= KFUZZ_THREADS;
		kfuzz.calls[me]++;
		fuzz_one(me, &state[me], b);
	}
}
