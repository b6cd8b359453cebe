/* Threads: state changes, the scheduling decision, and TCB invocations.
 *
 * The kernel is event-driven, as seL4's: every entry (system call, fault,
 * interrupt) runs to completion on the per-hart kernel stack and leaves
 * through thread_return_to_user(), which picks the thread to run and loads
 * it. Nothing is kept on the stack between entries. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "kernel/arch.h"
#include "kernel/cspace.h"
#include "kernel/invoke.h"
#include "kernel/sched.h"
#include "kernel/pmem.h"
#include "kernel/tcb.h"

static inline struct tcb *tcb_from_cap(const struct cap *c)
{
	return (struct tcb *)paddr_to_kptr(cap_paddr(c));
}

/* Makes a thread runnable (queued; it runs when it is the highest). */
void thread_make_runnable(struct tcb *t);

/* Stops a thread: out of the ready queue and any wait queue, INACTIVE. */
void thread_suspend(struct tcb *t);

/* Sets the state of a thread that blocks (it leaves the ready queue). */
void thread_block(struct tcb *t, enum thread_state state, void *on);

/* The running thread gives up the rest of its slice. */
void thread_yield(void);

/* One timer tick charged to the running thread. */
void thread_tick(void);

/* ---- the CSpace cache (struct cspace_cache, tcb.h) ---------------------------
 *
 * The IPC fastpath looks caps up at the first level of the CSpace only.
 * Decoding the root cap (type, guard size, radix, guard, CNode address)
 * takes about 15 instructions per lookup; TCB_Configure decodes it once
 * when it installs the root, and keeps the cap's words beside the result.
 *
 * Why a matching cache is as good as decoding: the decoded fields depend on
 * nothing but the cap's two words, so while the slot holds the same words
 * they are what decoding would give now. The slot changes only by
 * TCB_Configure (which decodes again) or by a delete or revoke emptying it
 * (a null or zombie cap: another type, so another first word, and the
 * cache no longer matches); nothing rewrites a word of it in place, so
 * the first word is all the fastpath compares. A zeroed TCB's cache
 * matches an empty slot and names no slot (slots 0).
 * The general path never uses the cache; thread_check_cspace_cache (test
 * kernels) checks it against the cap on every exit. */

/* The cache for a CSpace root cap. */
static inline void cspace_cache_fill(struct cspace_cache *cc, const struct cap *root)
{
	word_t radix = cap_cnode_radix(root), guard_size = cap_cnode_guard_size(root);
	cc->cap = *root;
	if (cap_type(root) != CAP_CNODE || guard_size + radix > 64) {
		cc->base = NULL;
		cc->shift = cc->guard = cc->slots = 0;
		return;
	}
	cc->base = cnode_slot(root, 0);
	cc->shift = 64 - guard_size - radix; /* radix >= 1: at most 63 */
	cc->guard = cap_cnode_guard(root) << radix;
	cc->slots = BIT(radix);
}

/* Decodes t's CSpace root into its cache (TCB_Configure, host tests). */
static inline void thread_cache_cspace(struct tcb *t)
{
	cspace_cache_fill(&t->cspace, &t->slots[TCB_SLOT_CSPACE].cap);
}

/* Whether t's CSpace cache still describes its root: the slot's first
 * word is the one decoded. The first word alone is enough: it holds the
 * type, so emptying the slot or making it a zombie changes it, and any
 * other new cap comes in by TCB_Configure, which decodes again; nothing
 * rewrites the second word of a cap in place in a TCB's slot (test
 * kernels check on every exit that a matching cache is the decoding). */
static inline __attribute__((always_inline)) bool thread_cspace_cached(const struct tcb *t)
{
	return t->slots[TCB_SLOT_CSPACE].cap.w[0] == t->cspace.cap.w[0];
}

/* The first level of a depth-64 lookup of cptr through a matching cache:
 * true with *slot the slot the root's guard and index name, false if the
 * guard does not match. The top bits minus the guard in place leave the
 * index, or a value past the last slot when they differ (unsigned): the
 * index is below 2^radix exactly when the guard matches. A slot holding a
 * CNode with bits left over would be looked into further by the real
 * lookup (cspace_first_level, cspace.h): the fastpath accepts only
 * endpoint and reply caps, so it need not ask. */
static inline __attribute__((always_inline)) bool thread_cspace_slot(const struct tcb *t,
                                                                     word_t cptr,
                                                                     struct slot **slot)
{
	word_t index = (cptr >> t->cspace.shift) - t->cspace.guard;
	if (index >= t->cspace.slots)
		return false;
	*slot = t->cspace.base + index;
	return true;
}

#ifdef CONFIG_KERNEL_INVARIANTS
/* Panics if t's CSpace cache matches its root but is not its decoding. */
void thread_check_cspace_cache(const struct tcb *t);
/* Panics unless t, about to run, has ipc_flags 0 and no wait-queue links,
 * which the IPC fastpath does not store again (ipc.c). */
void thread_check_running(const struct tcb *t);
#endif

/* ---- the VSpace cache (struct vspace_cache, tcb.h) ---------------------------
 *
 * Checking a thread's VSpace (arch_vspace_usable: an ASID lookup) and
 * building satp from the cap takes about 40 instructions. The general path
 * does it when the TCB's cache does not hold, then remembers the cap's
 * words, the arch's VSpace generation and satp there; both paths then load
 * satp from the cache. The IPC fastpath only asks whether the cache holds
 * (and refuses when it does not: the general path refills it).
 *
 * Why a valid cache is as good as the check: arch_vspace_usable(c) and
 * arch_vspace_root(c) depend on nothing but c's two words and the ASID
 * state (the pool table and the pools' root entries), and every change to
 * the ASID state moves arch_vspace_generation (asid.c). So while the slot
 * holds the same words and the generation has not moved, both answers are
 * what they were when the cache was filled: usable, and the same satp.
 * Whatever can make the page table stale or freed changes one of the two:
 * - TCB_Configure with another VSpace, or any delete or revoke emptying
 *   the slot, changes its words (a null cap, a zombie, another cap);
 * - deleting the root (its last cap) releases its ASID, deleting a pool
 *   takes its ASIDs away, an ASID is only reused after being released and
 *   assigned again: each moves the generation.
 * A page table the cache names cannot be freed while the slot still holds
 * a cap to it, and once the slot changes the cache no longer matches. A
 * zeroed TCB (generation 0) never matches: the generation starts at 1. */

/* Whether t's address space is the one it last ran in, still usable. */
static inline __attribute__((always_inline)) bool thread_vspace_cached(const struct tcb *t)
{
	const struct cap *vs = &t->slots[TCB_SLOT_VSPACE].cap;
	return vs->w[0] == t->vspace.cap.w[0] && vs->w[1] == t->vspace.cap.w[1] &&
	       t->vspace.generation == arch_vspace_generation;
}

/* Remembers t's address space, which arch_vspace_usable has just accepted. */
static inline void thread_cache_vspace(struct tcb *t)
{
	const struct cap *vs = &t->slots[TCB_SLOT_VSPACE].cap;
	t->vspace.cap = *vs;
	t->vspace.generation = arch_vspace_generation;
	t->vspace.root = arch_vspace_root(vs);
}

#ifdef CONFIG_KERNEL_INVARIANTS
/* Panics if t's VSpace cache holds but no longer describes a usable VSpace
 * and its root: the argument above, checked on every exit (test kernels). */
void thread_check_vspace_cache(const struct tcb *t);
#endif

/* Makes `next` the running thread and loads its address space; the
 * caller then loads its registers. The IPC fastpath has made it runnable
 * (not queued) and checked it may run and that its VSpace cache holds. */
static inline void thread_switch_to(struct tcb *next)
{
	sched_set_current(next);
	/* Its entity's slice is not refilled here: if it is used up, the
	 * next general kernel exit sends it to the tail (thread.c). */
	arch_load_vspace_root(next->vspace.root);
}

/* Chooses the thread to run and returns to it in U-mode (or idles). */
_Noreturn void thread_return_to_user(void);

/* Called when a TCB's last cap goes: stop it and hand back its slots. */
void tcb_finalise(struct tcb *t);

/* TCB invocations (labels in <ration/invocation.h>). */
int decode_tcb_invocation(struct slot *tcb_slot, const struct inv_msg *msg, struct inv_reply *reply,
                          struct rn_error_info *err);
/* SchedGroup invocations: SetParent. */
int decode_sched_group_invocation(struct slot *group_slot, const struct inv_msg *msg,
                                  struct inv_reply *reply, struct rn_error_info *err);

#endif
