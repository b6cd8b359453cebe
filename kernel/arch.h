/* The hooks generic kernel code calls into the architecture for. One
 * implementation per architecture (arch/riscv/). */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include "arch/riscv/memlayout.h"
#include "kernel/invoke.h"
#include "kernel/tcb.h"

/* User addresses are below this (Sv39: the lower half, 256 GiB). */
#define ARCH_USER_TOP USER_TOP

/* Address spaces. Inline on the target (arch/riscv/vspace_inline.h); host
 * tests link stand-ins.
 * - arch_vspace_usable: whether `vspace` (a cap in a TCB's VSpace slot) is
 *   an address space a thread can run in: a top-level page table with an
 *   ASID.
 * - arch_vspace_root: for a usable one, the value that enters it (satp).
 * - arch_load_vspace_root: enters it.
 * - arch_vspace_generation: moves (never to 0) whenever the answer of
 *   arch_vspace_usable or arch_vspace_root for unchanged cap words could
 *   change (ASIDs and pools made, assigned, released, deleted); the
 *   threads' VSpace caches (thread.h) rely on it. */
extern word_t arch_vspace_generation;
#ifdef RATION_HOST
bool arch_vspace_usable(const struct cap *vspace);
word_t arch_vspace_root(const struct cap *vspace);
void arch_load_vspace_root(word_t root);
#else
#include "arch/riscv/vspace_inline.h"
#endif

/* Floating point, kept lazily per thread (arch/riscv/fpu.c):
 * - arch_fpu_switch: at every return to a thread by the general exit;
 * - the IPC fastpath's exit: if arch_fpu_switch_needed(next), arch_fpu_switch_and_exit
 *   (next) does arch_fpu_switch and returns to next, never returning
 *   itself (so the fastpath needs no frame for it);
 * - arch_fpu_forget: when its TCB goes.
 * Host tests run no FP: no-ops there. */
#ifdef RATION_HOST
static inline void arch_fpu_switch(const struct tcb *next)
{
	(void)next;
}
static inline void arch_fpu_forget(const struct tcb *t)
{
	(void)t;
}
#else
#include "arch/riscv/fpu.h"
#endif

/* A thread's saved registers are read and written by role (the badge, the
 * message info, message word i, ...) through the accessors of
 * arch/riscv/context.h, which kernel/tcb.h includes; which register plays
 * which role is the user-visible <ration/registers.h>. */

/* Powers the machine off with a status (the platform says how it shows). */
_Noreturn void arch_poweroff(int status);

/* Prints the call chain from frame pointer fp and pc (a panic's). */
void arch_backtrace(word_t fp, word_t pc);

/* Nothing to run: wait for an interrupt on a fresh kernel stack. */
_Noreturn void arch_idle(void);

/* Mapping bookkeeping when a Frame or PageTable's last cap goes: unmap it, or
 * release the ASID of a VSpace root. */
void arch_finalise_frame(const struct cap *c);
void arch_finalise_page_table(const struct cap *c);
void arch_finalise_asid_pool(const struct cap *c);

/* Invocations of the arch's own caps (ASID control and pools, page
 * tables, frames). */
int arch_decode_invocation(struct slot *s, const struct inv_msg *msg, struct inv_reply *reply,
                           struct rn_error_info *err);
/* Frame_CopyRange, invoked on a CNode (kernel/cnode.c hands it over):
 * frames are the arch's. */
int arch_decode_frame_copy_range(struct slot *cnode, const struct inv_msg *msg,
                                 struct rn_error_info *err);

#endif
