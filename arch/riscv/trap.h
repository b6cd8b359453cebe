#ifndef ARCH_RISCV_TRAP_H
#define ARCH_RISCV_TRAP_H

#include "kernel/types.h"

/* The registers saved on a trap, in the order trap.S stores them:
 * regs[i] is x(i) (regs[0], x0, is unused), then the trap CSRs. */
struct trap_frame {
	word_t regs[32];
	word_t sepc;
	word_t sstatus;
	word_t scause;
	word_t stval;
};
#define TRAP_FRAME_SIZE (36 * 8)
compile_assert(trap_frame_size, sizeof(struct trap_frame) == TRAP_FRAME_SIZE);

void trap_init(void);
void kernel_trap(struct trap_frame *tf);
const char *trap_cause_name(word_t scause);
void trap_dump(const struct trap_frame *tf);

#endif
