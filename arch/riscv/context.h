/* A user thread's registers while it is not running: saved by trapvec.S on
 * every trap from U-mode and loaded by restore_user_context(). Lives inside
 * the thread's TCB. regs[i] is x(i); regs[0] is unused. */
#ifndef ARCH_RISCV_CONTEXT_H
#define ARCH_RISCV_CONTEXT_H

#include "kernel/types.h"

struct user_context {
	word_t regs[32];
	word_t sepc; /* where the thread resumes */
};
#define USER_CONTEXT_SEPC (32 * 8) /* offset used by trapvec.S */
compile_assert(user_context_layout,
               __builtin_offsetof(struct user_context, sepc) == USER_CONTEXT_SEPC);

/* Register numbers of the RISC-V calling convention. */
enum {
	REG_RA = 1,
	REG_SP = 2,
	REG_GP = 3,
	REG_TP = 4,
	REG_S0 = 8,
	REG_A0 = 10,
	REG_A1,
	REG_A2,
	REG_A3,
	REG_A4,
	REG_A5,
	REG_A6,
	REG_A7
};

/* Loads ctx and returns to U-mode in it; sscratch then points at ctx so
 * the next trap saves there. Never returns. */
_Noreturn void restore_user_context(struct user_context *ctx);

/* The same on the way out of a system call that never left the kernel
 * stack (no idling since the ecall): sstatus is already right for U-mode,
 * so it is not touched. */
_Noreturn void restore_syscall_context(struct user_context *ctx);

/* Called by trapvec.S on the kernel stack after a trap from U-mode, with the
 * interrupted thread's registers saved in *ctx. Must not return: it ends by
 * restoring some thread (or idling). */
_Noreturn void handle_user_trap(struct user_context *ctx, word_t scause, word_t stval);

/* For an `ecall` (scause 8), ctx->sepc already pointing after it:
 * trapvec.S jumps to handle_ecall() (kernel/ipc.c), which tries the IPC
 * fastpath (ipc_fastpath, kernel/ipc.h) and leaves through
 * restore_syscall_context, or hands the call to handle_user_syscall()
 * (kernel/syscall.c), the general path. */
void handle_ecall(struct user_context *ctx); /* never returns (see ipc.c) */
_Noreturn void handle_user_syscall(struct user_context *ctx);

#endif
