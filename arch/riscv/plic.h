#ifndef ARCH_RISCV_PLIC_H
#define ARCH_RISCV_PLIC_H

#include "kernel/types.h"

/* Sets up the PLIC at `base` for this hart's S-mode context and enables the
 * UART's source. */
void plic_init(paddr_t base, word_t hartid, uint32_t ndev, uint32_t uart_irq);

/* Claims, dispatches and completes pending sources (external interrupt). */
void plic_handle(void);

#endif
