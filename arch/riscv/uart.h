#ifndef ARCH_RISCV_UART_H
#define ARCH_RISCV_UART_H

#include "kernel/types.h"

/* The NS16550A on QEMU virt, driven by the kernel for its boot and debug
 * console (user level takes it over in the threads issue). */
void uart_init(paddr_t base);
bool uart_ready(void);
void uart_putc(int c);
void uart_interrupt(void);

#endif
