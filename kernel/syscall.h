/* System-call entry (syscall.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/message.h"

/* The kernel's entries for a system call: the arch's trap entry
 * (arch/riscv/trapvec.S) reads the call number and jumps to
 * ipc_fastpath_call or ipc_fastpath_reply_recv (ipc.h) for Call and
 * ReplyRecv, to handle_user_syscall for the rest; the fastpath hands what
 * it refuses to handle_user_syscall too (through the arch, which gives it
 * the kernel stack). */

/* The general path: syscall_dispatch, then the thread to run. Never
 * returns (not declared _Noreturn, so that callers can jump to it). */
void handle_user_syscall(struct user_context *ctx);

/* Decodes the system call in t's registers (ABI in <ration/syscall.h>)
 * and performs it: t gets its results in its registers and IPC buffer, or
 * is blocked. Returns; the host tests call it as the general path does. */
void syscall_dispatch(struct tcb *t);

#ifdef CONFIG_KERNEL_INVARIANTS
/* The invariant check after a system call the fastpath handled. */
void syscall_fastpath_check(void);
#endif

#endif
