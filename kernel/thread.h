/* Threads: state changes, the scheduling decision, and TCB invocations.
 *
 * The kernel is event-driven, as seL4's: every entry (system call, fault,
 * interrupt) runs to completion on the per-hart kernel stack and leaves
 * through thread_return_to_user(), which picks the thread to run and loads
 * it. Nothing is kept on the stack between entries. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "kernel/arch.h"
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

/* Makes `next` the running thread and loads its address space; the
 * caller then loads its registers. The IPC fastpath has made it runnable
 * (not queued) and checked it may run and has an address space. */
static inline void thread_switch_to(struct tcb *next)
{
	sched_set_current(next);
	if (next->slice_left == 0)
		next->slice_left = CONFIG_TIME_SLICE_TICKS;
	arch_switch_vspace(next);
}

/* Chooses the thread to run and returns to it in U-mode (or idles). */
_Noreturn void thread_return_to_user(void);

/* The running thread ended in a way it cannot continue (unknown syscall with
 * no fault handler, ...): it is stopped with a message naming why. */
void thread_stop_with_message(struct tcb *t, const char *why, word_t value);

/* Called when a TCB's last cap goes: stop it and hand back its slots. */
void tcb_finalise(struct tcb *t);

/* TCB invocations (labels in <ration/invocation.h>). */
int decode_tcb_invocation(struct slot *tcb_slot, const struct inv_msg *msg, struct inv_reply *reply,
                          struct rn_error_info *err);

#endif
