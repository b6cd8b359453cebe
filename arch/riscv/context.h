/* A user thread's registers while it is not running: saved by trapvec.S on
 * every trap from U-mode and loaded by restore_user_context(). Lives inside
 * the thread's TCB. regs[i] is x(i); regs[0] is unused. */
#ifndef ARCH_RISCV_CONTEXT_H
#define ARCH_RISCV_CONTEXT_H

#include "kernel/types.h"
#include <ration/registers.h>
#include <ration/syscall.h>

struct user_context {
	word_t regs[32];
	word_t sepc; /* where the thread resumes */
};
#define USER_CONTEXT_SEPC (32 * 8) /* offset used by trapvec.S */

/* A user thread's floating-point registers while the FPU holds another's
 * (arch/riscv/fpu.c): f0-f31 as 64-bit values, and fcsr. Inside its TCB. */
struct fpu_context {
	word_t f[32];
	word_t fcsr;
};
#define FPU_CONTEXT_FCSR (32 * 8) /* offset used by fpu_regs.S */
compile_assert(fpu_context_layout, __builtin_offsetof(struct fpu_context, fcsr) == FPU_CONTEXT_FCSR);
compile_assert(user_context_layout,
               __builtin_offsetof(struct user_context, sepc) == USER_CONTEXT_SEPC);
compile_assert(message_registers_below_reply, RN_REG_MR(RN_MSG_REGISTERS - 1) < RN_REG_REPLY);

/* ---- registers by role ---------------------------------------------------------
 *
 * Generic kernel code reads and writes a thread's registers only through
 * these (seL4's badgeRegister, msgInfoRegister, msgRegisters[]); which
 * register plays which role is <ration/registers.h>. */

/* Register i as TCB_ReadRegisters numbers it (0 the pc, i < RN_TCB_REGISTERS). */
static inline word_t arch_get_register(const struct user_context *ctx, word_t i)
{
	return i == RN_REG_PC ? ctx->sepc : ctx->regs[i];
}

static inline void arch_set_register(struct user_context *ctx, word_t i, word_t v)
{
	if (i == RN_REG_PC)
		ctx->sepc = v;
	else
		ctx->regs[i] = v;
}

/* A system call's arguments. */
static inline word_t arch_syscall_number(const struct user_context *ctx)
{
	return ctx->regs[RN_REG_SYSCALL];
}

static inline word_t arch_get_cptr(const struct user_context *ctx)
{
	return ctx->regs[RN_REG_CPTR];
}

static inline word_t arch_get_reply_cptr(const struct user_context *ctx)
{
	return ctx->regs[RN_REG_REPLY];
}

/* The message info: an argument, and a result. */
static inline word_t arch_get_msg_info(const struct user_context *ctx)
{
	return ctx->regs[RN_REG_INFO];
}

static inline void arch_set_msg_info(struct user_context *ctx, word_t info)
{
	ctx->regs[RN_REG_INFO] = info;
}

/* The badge a receive returns. */
static inline void arch_set_badge(struct user_context *ctx, word_t badge)
{
	ctx->regs[RN_REG_BADGE] = badge;
}

/* Message word i < RN_MSG_REGISTERS (the rest are in the IPC buffer). */
static inline word_t arch_get_mr(const struct user_context *ctx, word_t i)
{
	return ctx->regs[RN_REG_MR(i)];
}

static inline void arch_set_mr(struct user_context *ctx, word_t i, word_t v)
{
	ctx->regs[RN_REG_MR(i)] = v;
}

/* Where the thread resumes. */
static inline word_t arch_get_pc(const struct user_context *ctx)
{
	return ctx->sepc;
}

/* The thread, resumed, makes its system call again: the pc goes back from
 * after the ecall (where trapvec.S left it) to the ecall itself. */
static inline void arch_rewind_syscall(struct user_context *ctx)
{
	ctx->sepc -= 4;
}

/* ---- entries and exits ------------------------------------------------------ */

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

/* An `ecall` (scause 8), ctx->sepc already pointing after it, goes from
 * trapvec.S to the kernel's entry for its number (kernel/syscall.h,
 * kernel/ipc.h). */

#endif
