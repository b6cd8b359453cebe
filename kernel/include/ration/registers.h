/* A thread's registers, numbered as TCB_ReadRegisters, TCB_WriteRegisters
 * and a fault handler see them, and named by role. One fact, one place:
 * the kernel's accessors (arch/riscv/context.h) and user level (through
 * <rn/tcb.h>) both use these names. RISC-V: index 0 is the pc, index i is
 * x(i) for i = 1..31 (x0 is always 0, so it needs no slot).
 *
 * The system-call ABI (<ration/syscall.h>) says what each of its registers
 * holds; here is which register that is. A thread started with
 * TCB_WriteRegisters begins at RN_REG_PC with its stack at RN_REG_SP, its C
 * arguments in RN_REG_ARG(n) and (by libc-glue's convention, <rn/syscall.h>)
 * its IPC buffer's address in RN_REG_TP.
 */
#ifndef RATION_REGISTERS_H
#define RATION_REGISTERS_H

/* How many registers TCB_ReadRegisters and TCB_WriteRegisters know: a
 * thread's whole register file. */
#define RN_TCB_REGISTERS 32

/* The C calling convention's registers. */
#define RN_REG_PC     0                 /* where the thread resumes */
#define RN_REG_RA     1                 /* x1: return address */
#define RN_REG_SP     2                 /* x2: stack pointer */
#define RN_REG_GP     3                 /* x3: global pointer */
#define RN_REG_TP     4                 /* x4: thread pointer (the IPC buffer's address) */
#define RN_REG_FP     8                 /* x8 (s0): frame pointer */
#define RN_REG_A0     10                /* x10..x17: a0..a7 */
#define RN_REG_ARG(n) (RN_REG_A0 + (n)) /* C argument n (0..7), a0 the result */

/* The system call's registers, by role (see above). */
#define RN_REG_CPTR    RN_REG_ARG(0)         /* a0 on entry */
#define RN_REG_BADGE   RN_REG_ARG(0)         /* a0 on return */
#define RN_REG_INFO    RN_REG_ARG(1)         /* a1 */
#define RN_REG_MR(i)   (RN_REG_ARG(2) + (i)) /* a2..a5: i < RN_MSG_REGISTERS */
#define RN_REG_REPLY   RN_REG_ARG(6)         /* a6 */
#define RN_REG_SYSCALL RN_REG_ARG(7)         /* a7 */

#endif
