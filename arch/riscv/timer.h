#ifndef ARCH_RISCV_TIMER_H
#define ARCH_RISCV_TIMER_H

#include "kernel/types.h"

/* Starts the periodic tick (CONFIG_TIMER_TICK_US) through SBI TIME. */
void timer_init(uint64_t timebase_hz);

/* The timer interrupt: the timer line's deadline if it has passed, the
 * tick if it is due; then the next compare value. */
void timer_interrupt(void);

#endif
