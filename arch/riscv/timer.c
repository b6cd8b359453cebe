/* The periodic tick: SBI TIME programs the next deadline on the `time`
 * counter (timebase from the device tree). Deadlines advance by exactly one
 * period, so ticks do not drift with interrupt latency. */
#include "arch/riscv/timer.h"
#include "arch/riscv/csr.h"
#include "kernel/printf.h"
#include "kernel/thread.h"
#include "sbi/sbi.h"

static uint64_t period;   /* time-counter units per tick */
static uint64_t deadline; /* when the next tick is due */
static uint64_t ticks;

void timer_init(uint64_t timebase_hz)
{
	period = timebase_hz * CONFIG_TIMER_TICK_US / 1000000;
	if (period == 0)
		period = 1;
	deadline = read_time() + period;
	sbi_set_timer(deadline);
	csr_set(sie, SIE_STIE);
	pr_info("timer: tick every %d us (%lu timebase units at %lu Hz)\n", CONFIG_TIMER_TICK_US,
	        period, timebase_hz);
}

void timer_tick(void)
{
	ticks++;
	deadline += period;
	uint64_t now = read_time();
	if (deadline <= now) /* fell behind (e.g. a debugger stop): skip ahead */
		deadline = now + period;
	sbi_set_timer(deadline);
	thread_tick();

	/* One report after the first second shows the tick really runs. */
	if (ticks * CONFIG_TIMER_TICK_US == 1000000)
		pr_info("timer: %lu ticks, 1 s of timer interrupts\n", ticks);
}

uint64_t timer_ticks(void)
{
	return ticks;
}
