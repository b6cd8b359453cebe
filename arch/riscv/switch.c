/* Leaving the kernel: loading a thread's address space, or idling. */
#include "arch/riscv/csr.h"
#include "arch/riscv/mapping.h"
#include "kernel/arch.h"

extern char boot_stack_top[];

void arch_switch_vspace(const struct tcb *t)
{
	const struct cap *vs = &t->slots[TCB_SLOT_VSPACE].cap;
	word_t satp = SATP_MODE_SV39 | mapping_asid(cap_mapping(vs)) << 44 |
		      cap_paddr(vs) >> 12;
	if (csr_read(satp) != satp)
		csr_write(satp, satp); /* no fence: ASIDs keep the TLB apart */
}

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
