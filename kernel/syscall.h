/* System-call entry (syscall.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/message.h"

/* The entries, ipc_fastpath() then handle_user_syscall(), are declared
 * in kernel/ipc.h and with the other trap entries in arch/riscv/context.h. */

#ifdef CONFIG_KERNEL_INVARIANTS
/* The invariant check after a system call the fastpath handled. */
void syscall_fastpath_check(void);
#endif

#endif
