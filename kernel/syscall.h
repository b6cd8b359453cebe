/* System-call entry (syscall.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/message.h"

/* Handles the `ecall` the running thread `t` just made. */
void handle_syscall(struct tcb *t);

#endif
