/* The hooks generic kernel code calls into the architecture for. One
 * implementation per architecture (arch/riscv/). */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include "arch/riscv/memlayout.h"
#include "kernel/invoke.h"
#include "kernel/tcb.h"

/* User addresses are below this (Sv39: the lower half, 256 GiB). */
#define ARCH_USER_TOP USER_TOP

/* Whether `vspace` (a cap in a TCB's VSpace slot) is an address space a
 * thread can run in: a top-level page table with an ASID. Inline on the
 * target (arch/riscv/vspace_usable.h); host tests link a stand-in. */
#ifdef RATION_HOST
bool arch_vspace_usable(const struct cap *vspace);
void arch_switch_vspace(const struct tcb *t); /* loads t's address space */
#else
#include "arch/riscv/vspace_inline.h"
#endif

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

#endif
