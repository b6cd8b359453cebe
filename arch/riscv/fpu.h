/* User threads' floating-point registers, kept lazily (fpu.c). */
#ifndef ARCH_RISCV_FPU_H
#define ARCH_RISCV_FPU_H

#include "arch/riscv/csr.h"
#include "kernel/tcb.h"

/* The thread whose registers the FPU holds (NULL: none's), and whether
 * they changed since they were last saved in its TCB. */
extern struct tcb *fpu_owner;

void arch_fpu_switch_slow(const struct tcb *next);

/* Whether a switch to `next` must change the FPU's state: not while no
 * thread has ever used it (or all that did are gone), and not for a thread
 * that runs on whatever the FPU holds (tcb.h: fpu_passthrough). */
static inline __attribute__((always_inline)) bool arch_fpu_switch_needed(const struct tcb *next)
{
	if (__builtin_expect(fpu_owner == NULL, 1) || next->fpu_passthrough)
		return false;
	/* Back to the owner from a pass-through thread (the server), which
	 * left the FPU on: nothing to do either. */
	return next != fpu_owner || !(csr_read(sstatus) & SSTATUS_FS);
}

/* On every switch to `next` (the general exit and the IPC fastpath): the
 * FPU is on only for its owner (and stays as it is for a pass-through
 * thread). */
static inline __attribute__((always_inline)) void arch_fpu_switch(const struct tcb *next)
{
	if (arch_fpu_switch_needed(next))
		arch_fpu_switch_slow(next);
}
_Noreturn void arch_fpu_switch_and_exit(struct tcb *next);

/* An illegal-instruction trap from t: if the FPU was off, it was t's
 * first FP instruction since another thread took the FPU: t gets it (its
 * registers loaded, the owner's saved if they changed) and true is
 * returned; the instruction runs again. false: the FPU was on, the
 * instruction is really illegal. */
bool fpu_claim(struct tcb *t);

/* t is going away: it no longer owns the FPU. */
void arch_fpu_forget(const struct tcb *t);

#endif
