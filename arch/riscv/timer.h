#ifndef ARCH_RISCV_TIMER_H
#define ARCH_RISCV_TIMER_H

#include "kernel/types.h"

/* Starts the periodic tick (CONFIG_TIMER_TICK_US) through SBI TIME. */
void timer_init(uint64_t timebase_hz);
void timer_tick(void);
uint64_t timer_ticks(void);

#endif
