/* RISC-V supervisor CSRs and their bits (privileged spec v1.12). */
#ifndef ARCH_RISCV_CSR_H
#define ARCH_RISCV_CSR_H

#include "kernel/types.h"

#define SSTATUS_SIE  BIT(1)  /* interrupts enabled in S-mode */
#define SSTATUS_SPIE BIT(5)  /* SIE before the trap */
#define SSTATUS_SPP  BIT(8)  /* previous mode was S */
#define SSTATUS_SUM  BIT(18) /* S-mode may touch user pages */
/* FS, the FPU's state (privileged spec 3.1.6.6): Off, Initial, Clean, Dirty */
#define SSTATUS_FS       (3ul << 13)
#define SSTATUS_FS_CLEAN (2ul << 13)
#define SSTATUS_FS_DIRTY (3ul << 13)

#define SIE_SSIE BIT(1) /* software (IPI) */
#define SIE_STIE BIT(5) /* timer */
#define SIE_SEIE BIT(9) /* external (PLIC) */

#define SCAUSE_INTERRUPT BIT(63)
#define IRQ_S_SOFT       1
#define IRQ_S_TIMER      5
#define IRQ_S_EXT        9
#define CAUSE_ILLEGAL_INSTRUCTION 2

#define SATP_MODE_SV39 (8ull << 60)

#define csr_read(csr)                                                                              \
	({                                                                                         \
		word_t v_;                                                                         \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_));                                     \
		v_;                                                                                \
	})
#define csr_write(csr, val)  __asm__ volatile("csrw " #csr ", %0" ::"rK"(val))
#define csr_set(csr, bits)   __asm__ volatile("csrs " #csr ", %0" ::"rK"(bits))
#define csr_clear(csr, bits) __asm__ volatile("csrc " #csr ", %0" ::"rK"(bits))

static inline uint64_t read_time(void)
{
	return csr_read(time);
}

static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi");
}

#endif
