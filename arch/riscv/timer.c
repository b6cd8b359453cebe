/* The hart's timer: the periodic tick and the timer line's deadline, both
 * on the `time` counter (timebase from the device tree). SBI TIME holds one
 * compare value, so it is programmed for whichever comes first: a deadline
 * between two ticks fires when it is due, not at the next tick. Tick
 * deadlines advance by exactly one period, so ticks do not drift with
 * interrupt latency. All of this is the hart's own state (one hart runs the
 * kernel; with SMP each hart would keep its own copy, as struct cpu). */
#include "arch/riscv/timer.h"
#include "arch/riscv/csr.h"
#include "kernel/irq.h"
#include "kernel/printf.h"
#include "kernel/thread.h"
#include "sbi/sbi.h"

static uint64_t period;   /* time-counter units per tick */
static uint64_t tick_due; /* when the next tick is due */
static uint64_t line_due; /* the timer line's deadline; 0: none */
static uint64_t ticks;

/* The SBI timer compares for the earlier of the two. A value already past
 * interrupts as soon as interrupts are on again (on the way to user mode). */
static void program(void)
{
	sbi_set_timer(line_due && line_due < tick_due ? line_due : tick_due);
}

void timer_init(uint64_t timebase_hz)
{
	period = timebase_hz * CONFIG_TIMER_TICK_US / 1000000;
	if (period == 0)
		period = 1;
	tick_due = read_time() + period;
	program();
	csr_set(sie, SIE_STIE);
	pr_info("timer: tick every %d us (%lu timebase units at %lu Hz)\n", CONFIG_TIMER_TICK_US,
	        period, timebase_hz);
}

static void tick(uint64_t now)
{
	ticks++;
	tick_due += period;
	if (tick_due <= now) /* fell behind (e.g. a debugger stop): skip ahead */
		tick_due = now + period;
	thread_tick();

#ifdef CONFIG_TIMER_REPORT
	/* One report after the first second shows the tick really runs. */
	if (ticks * CONFIG_TIMER_TICK_US == 1000000)
		pr_info("timer: %lu ticks, 1 s of timer interrupts\n", ticks);
#endif
}

void timer_interrupt(void)
{
	uint64_t now = read_time();
	if (line_due && now >= line_due) {
		line_due = 0; /* once: the holder sets the next one */
		irq_deliver(RN_IRQ_TIMER);
	}
	if (now >= tick_due)
		tick(now);
	program();
}

void arch_timer_set_deadline(uint64_t when)
{
	line_due = when;
	program();
}
