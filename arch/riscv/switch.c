/* Leaving the kernel with nothing to run: idling. (Loading a thread's
 * address space is inline: vspace_inline.h.) */
#include "arch/riscv/csr.h"
#include "arch/riscv/mapping.h"
#include "kernel/arch.h"

extern char boot_stack_top[];

/* Runs on a fresh kernel stack: whatever called us is finished. An
 * interrupt arrives as an S-mode trap (sscratch is 0), and kernel_trap
 * leaves through thread_return_to_user() if it made a thread runnable. */
static _Noreturn void idle_loop(void)
{
	csr_write(sscratch, 0);
	csr_set(sstatus, SSTATUS_SIE);
	for (;;)
		wfi();
}

void arch_idle(void)
{
	__asm__ volatile("mv sp, %0\n"
	                 "mv fp, zero\n"
	                 "j %1" ::"r"(boot_stack_top),
	                 "i"(idle_loop));
	__builtin_unreachable();
}
