/* The trap vector: every trap, from U-mode or S-mode, enters here (stvec,
 * direct mode, so 4-byte aligned).
 *
 * sscratch tells the two apart: while a user thread runs it holds a pointer
 * to that thread's struct user_context (context.h); while the kernel runs it
 * holds 0.
 *
 * From U-mode: all registers go into the user context (for an ecall, all
 * but the temporaries t0..t6, which it does not keep, and for the IPC
 * fastpath's, not the message words either). An ecall of Call or
 * ReplyRecv goes to the IPC fastpath (kernel/ipc.c) at once, with the
 * thread's argument registers as they were; any other ecall goes to
 * handle_user_syscall() and any other trap to handle_user_trap(), with sp
 * the top of the kernel stack (the kernel keeps no state on its stack
 * between traps, as in seL4, so one stack per hart serves every thread).
 * None returns: they leave through restore_syscall_context() or
 * restore_user_context().
 *
 * From S-mode (an interrupt while idle, or a kernel bug): a struct
 * trap_frame (trap.h) is pushed on the current stack, kernel_trap() runs,
 * and if it returns, the frame is restored.
 */
#include "arch/riscv/memlayout.h"
#include <generated/config.h>

#define REG(n) ((n) * 8)
#define CTX_SEPC (32 * 8)
#define FRAME_SIZE (36 * 8)
#define FRAME_SEPC (32 * 8)
#define FRAME_SSTATUS (33 * 8)
#define FRAME_SCAUSE (34 * 8)
#define FRAME_STVAL (35 * 8)
#define SSTATUS_SPP (1 << 8)
#define SSTATUS_SPIE (1 << 5)
#define SYS_CALL 1		/* RN_SYS_CALL (trap.c checks both) */
#define SYS_REPLY_RECV 6	/* RN_SYS_REPLY_RECV */

/* Stores or loads x1..x30 (everything but x0 and x31) at base. */
.macro regs op, base
	\op x1, REG(1)(\base)
	\op x2, REG(2)(\base)
	\op x3, REG(3)(\base)
	\op x4, REG(4)(\base)
	\op x5, REG(5)(\base)
	\op x6, REG(6)(\base)
	\op x7, REG(7)(\base)
	\op x8, REG(8)(\base)
	\op x9, REG(9)(\base)
	\op x10, REG(10)(\base)
	\op x11, REG(11)(\base)
	\op x12, REG(12)(\base)
	\op x13, REG(13)(\base)
	\op x14, REG(14)(\base)
	\op x15, REG(15)(\base)
	\op x16, REG(16)(\base)
	\op x17, REG(17)(\base)
	\op x18, REG(18)(\base)
	\op x19, REG(19)(\base)
	\op x20, REG(20)(\base)
	\op x21, REG(21)(\base)
	\op x22, REG(22)(\base)
	\op x23, REG(23)(\base)
	\op x24, REG(24)(\base)
	\op x25, REG(25)(\base)
	\op x26, REG(26)(\base)
	\op x27, REG(27)(\base)
	\op x28, REG(28)(\base)
	\op x29, REG(29)(\base)
	\op x30, REG(30)(\base)
.endm

/* beq t5, t3, sym, encoded by hand: the assembler turns a conditional
 * branch to another file's symbol into a branch over a jump, one
 * instruction more, in case it is far (4 KiB either way). kernel.ld keeps
 * the fastpath's entries near, and the linker refuses the branch (an
 * error, not a wrong jump) if they are not. */
.macro beq_t5_t3 sym
	.reloc ., R_RISCV_BRANCH, \sym
	.4byte 0x01cf0063		/* beq t5, t3, . (the linker sets the offset) */
.endm

	/* In .text.trap, which kernel.ld puts beside the IPC fastpath's
	 * entries (kernel/ipc.c), so that a conditional branch (4 KiB either
	 * way) reaches them: one instruction fewer than a branch over a jump. */
	.section .text.trap, "ax"
	.balign 4
	.globl trap_vector
trap_vector:
	/* a7 = context (or 0), sscratch = the user's a7. a7 is the one
	 * argument register an ecall's C entries do not take from the user
	 * (it is the call number), so the IPC fastpath gets a0..a6 as the
	 * thread left them and the context in a7. */
	csrrw a7, sscratch, a7
	beqz a7, from_kernel

	/* Everything but a7, the temporaries t0..t6, which an ecall does not
	 * keep (<ration/syscall.h>), and the message words a2..a5: other
	 * traps save those (below), and so do ecalls but for the IPC
	 * fastpath's, which takes the words from the registers and stores
	 * them only when it refuses (fastpath_refuse). Until then the trap is
	 * told apart with s0, saved already. */
	.irp n, 1,2,3,4,8,9,10,11,16,18,19,20,21,22,23,24,25,26,27
	sd x\n, REG(\n)(a7)
	.endr
	csrr s0, scause
	addi s0, s0, -8			/* environment call from U-mode? */
	bnez s0, user_trap
	csrrw t5, sscratch, zero	/* the user's own a7; in the kernel now */
	sd t5, REG(17)(a7)
	/* The thread resumes after its ecall however the call ends (an
	 * unknown one steps back). */
	csrr t4, sepc
	addi t4, t4, 4
	sd t4, CTX_SEPC(a7)
#ifdef CONFIG_KERNEL_DEBUG
	/* Debug kernels' fastpath has frames (asserts, frame pointers, the
	 * invariant checker): the kernel stack. Release kernels' never
	 * touches the stack (check_fastpath_text, trap.c). */
	lla sp, boot_stack_top
	mv fp, zero			/* backtraces stop here */
#endif
	/* Call and ReplyRecv try the IPC fastpath (kernel/ipc.c), which runs
	 * on the user's sp and hands a call it refuses to fastpath_refuse;
	 * every other call takes the general path. */
	li t3, SYS_CALL
	beq_t5_t3 ipc_fastpath_call
	li t3, SYS_REPLY_RECV
	beq_t5_t3 ipc_fastpath_reply_recv
	mv a0, a7
	/* fall through */

/* fastpath_refuse(ctx, info, mr0, mr1, mr2, mr3): the general path
 * (kernel/syscall.h) on the kernel stack, for a system call the fastpath
 * does not take, once its message words are in ctx too. */
	.globl fastpath_refuse
fastpath_refuse:
	.irp n, 12,13,14,15
	sd x\n, REG(\n)(a0)
	.endr
	lla sp, boot_stack_top
#ifdef CONFIG_KERNEL_DEBUG
	mv fp, zero			/* backtraces stop here */
#endif
	j handle_user_syscall

/* fastpath_exit_fpu(next): the fastpath's way out when the FPU must
 * change (arch/riscv/fpu.c), on the kernel stack. */
	.globl fastpath_exit_fpu
fastpath_exit_fpu:
	lla sp, boot_stack_top
	j arch_fpu_switch_and_exit

user_trap:
	/* Not an ecall: a fault or an interrupt, which may come anywhere, so
	 * the temporaries are the thread's too. */
	.irp n, 5,6,7,12,13,14,15,28,29,30,31
	sd x\n, REG(\n)(a7)
	.endr
	csrrw t5, sscratch, zero	/* the user's own a7; in the kernel now */
	sd t5, REG(17)(a7)
	csrr t4, scause
	csrr t5, sepc
	sd t5, CTX_SEPC(a7)
	mv a0, a7
	mv a1, t4
	csrr a2, stval
	lla sp, boot_stack_top
#ifdef CONFIG_KERNEL_DEBUG
	mv fp, zero
#endif
	j handle_user_trap

from_kernel:
	csrrw a7, sscratch, a7		/* a7 back; sscratch = 0 again */
	addi sp, sp, -FRAME_SIZE
	regs sd, sp
	sd x31, REG(31)(sp)
	addi t0, sp, FRAME_SIZE		/* sp as it was before the trap */
	sd t0, REG(2)(sp)
	csrr t0, sepc
	sd t0, FRAME_SEPC(sp)
	csrr t0, sstatus
	sd t0, FRAME_SSTATUS(sp)
	csrr t0, scause
	sd t0, FRAME_SCAUSE(sp)
	csrr t0, stval
	sd t0, FRAME_STVAL(sp)

	mv a0, sp
	call kernel_trap

	ld t0, FRAME_SEPC(sp)
	csrw sepc, t0
	ld t0, FRAME_SSTATUS(sp)
	csrw sstatus, t0
	ld x31, REG(31)(sp)
	/* Load everything but sp first, then sp itself. */
	ld x1, REG(1)(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	ld x\n, REG(\n)(sp)
	.endr
	addi sp, sp, FRAME_SIZE
	sret

/* restore_user_context(ctx): back to U-mode with the registers in ctx,
 * from anywhere in the kernel (after idling, sstatus.SPP says S-mode). */
	.globl restore_user_context
restore_user_context:
	li t0, SSTATUS_SPP		/* return to U-mode ... */
	csrc sstatus, t0
	li t0, SSTATUS_SPIE		/* ... with interrupts on */
	csrs sstatus, t0
	/* fall through */

/* restore_syscall_context(ctx): the same, when the kernel was entered by
 * an ecall and has not idled since: the trap from U-mode left SPP = 0
 * (U-mode) and SPIE = 1 (U-mode runs with SIE set), so sstatus is right. */
	.globl restore_syscall_context
restore_syscall_context:
	csrw sscratch, a0		/* the next trap saves into ctx */
	ld t0, CTX_SEPC(a0)
	csrw sepc, t0
	/* a0 is the base: everything else first, a0 last. */
	.irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld x\n, REG(\n)(a0)
	.endr
	ld a0, REG(10)(a0)
	sret

/* restore_ipc_context(badge, info, mr0, mr1, mr2, mr3, ctx):
 * restore_syscall_context(ctx) for the IPC fastpath's partner, whose badge
 * and message info (its a0 and a1 after the exchange) come in a0 and a1
 * and were never stored in ctx: a running thread's saved registers count
 * again only once its next trap has saved them (docs/threads.md), so
 * storing them only to load them back here would be two stores and two
 * loads for nothing. a2..a5 hold the caller's message words, which are
 * not used: ctx's are loaded (the fastpath stored the message there). */
	.globl restore_ipc_context
restore_ipc_context:
	csrw sscratch, a6		/* the next trap saves into ctx */
	ld t0, CTX_SEPC(a6)
	csrw sepc, t0
	/* a6 is the base: everything but a0, a1 first, a6 last. */
	.irp n, 1,2,3,4,5,6,7,8,9,12,13,14,15,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld x\n, REG(\n)(a6)
	.endr
	ld a6, REG(16)(a6)
	sret
