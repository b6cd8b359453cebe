/* Floating point for user threads, kept lazily by sstatus.FS (privileged
 * spec 3.1.6.6): Off makes every FP instruction trap, Initial and Clean say
 * the registers match what was loaded, and the hardware makes it Dirty at
 * the first FP write.
 *
 * One thread at a time owns the FPU: its registers are the ones in the
 * FPU, and FS is on only while it runs. Every other thread runs with FS
 * Off, so the kernel need not touch FP registers at a switch:
 *
 *   switch away from the owner   FS Off; Dirty is remembered (fpu_dirty)
 *   switch back to the owner     FS Clean, or Dirty if it was
 *   FP instruction, FS Off       trap: the owner's registers are saved in
 *                                its TCB if Dirty, the thread's loaded
 *                                from its TCB, it becomes the owner
 *
 * So registers are saved only when they changed and another thread wants
 * the FPU, and a thread that never uses FP costs nothing but the test of
 * fpu_owner at a switch.
 *
 * A pass-through thread (the root task: tcb.h) is the exception: a switch
 * to it leaves FS as it is, so while it runs the FPU may be on with the
 * owner's registers. It is built integer-only and holds every cap, so it
 * neither changes nor learns anything it could not otherwise; a client's
 * call to the server and the reply then touch no FPU state. The invariant
 * the rest relies on: FS on means the FPU holds fpu_owner's registers. A TCB's state starts zeroed by Retype: registers
 * 0, fcsr 0 (round to nearest, no flags). The kernel itself never uses FP
 * (fpu_regs.S alone has FP instructions). Single hart: the owner is a global. */
#include "arch/riscv/csr.h"
#include "arch/riscv/fpu.h"

void fpu_save(struct fpu_context *c);
void fpu_load(const struct fpu_context *c);

struct tcb *fpu_owner;
static bool fpu_dirty; /* the owner's registers differ from its TCB's copy */

static word_t sstatus_clear_fs(void)
{
	word_t old;
	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(old) : "r"(SSTATUS_FS));
	return old;
}

/* Turns FS on for the owner, as its registers are. */
static void fs_on(void)
{
	csr_set(sstatus, fpu_dirty ? SSTATUS_FS_DIRTY : SSTATUS_FS_CLEAN);
}

void arch_fpu_switch_slow(const struct tcb *next)
{
	if ((sstatus_clear_fs() & SSTATUS_FS) == SSTATUS_FS_DIRTY)
		fpu_dirty = true;
	if (next == fpu_owner)
		fs_on();
}

void arch_fpu_switch_and_exit(struct tcb *next)
{
	arch_fpu_switch_slow(next);
	restore_syscall_context(&next->ctx);
}

bool fpu_claim(struct tcb *t)
{
	if (csr_read(sstatus) & SSTATUS_FS)
		return false;
	if (fpu_owner != t) {
		csr_set(sstatus, SSTATUS_FS_DIRTY); /* for fpu_save and fpu_load */
		if (fpu_owner && fpu_dirty)
			fpu_save(&fpu_owner->fpu);
		fpu_load(&t->fpu);
		sstatus_clear_fs();
		fpu_owner = t;
		fpu_dirty = false;
	}
	fs_on();
	return true;
}

void arch_fpu_forget(const struct tcb *t)
{
	if (fpu_owner != t)
		return;
	sstatus_clear_fs(); /* nobody's registers: the next thread traps */
	fpu_owner = NULL;
	fpu_dirty = false;
}
