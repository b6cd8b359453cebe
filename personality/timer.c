/* Sleepers and the wall clock (timer.h).
 *
 * Sleepers wait in one list ordered by wake time, linked through their
 * records (struct proc: wake_at, sleep_next), so the queue needs no memory
 * of its own and holds every process at most once. The kernel's timer line
 * (RN_IRQ_TIMER) is kept set to the first wake time; its notification is
 * the server's own, with TIMER_BADGE, so serve() sees it beside requests
 * and calls timer_expired(). That signals the notification of every
 * process due, which then asks again and gets its answer: no reply
 * capability is kept for a sleeper ("Calls that wait"). Insertion walks
 * the list (linear in the sleepers, a few in practice). */
#include "personality/timer.h"

#include "personality/console.h"
#include "personality/process.h"
#include "personality/sysmem.h"

#include <ration/invocation.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/irq.h>
#include <rn/px.h>
#include <rn/timebase.h>

/* Goldfish RTC registers: nanoseconds since the epoch; reading the low
 * word latches the high one. */
#define RTC_TIME_LOW  0
#define RTC_TIME_HIGH 1

static uint64_t handler_slot;  /* the timer line's handler */
static uint32_t first;         /* the first sleeper's pid; 0: none */
static uint64_t programmed;    /* the deadline the kernel holds; 0: none */
static uint64_t realtime_base; /* ns since the epoch at counter 0 */

static uint64_t ticks_to_ns(uint64_t t)
{
	return t / RN_TIMEBASE_HZ * 1000000000 + t % RN_TIMEBASE_HZ * 1000000000 / RN_TIMEBASE_HZ;
}

static void read_rtc(const struct rn_bootinfo *bi)
{
	if (!bi->rtc_paddr) {
		rn_printf("pxserver: no real-time clock; the time of day starts at 1970\n");
		return;
	}
	sysmem_map_device(bi->rtc_paddr & ~0xffful, RTC_VA, "mapping the RTC");
	volatile uint32_t *rtc = (volatile uint32_t *)(RTC_VA + (bi->rtc_paddr & 0xfff));
	uint64_t low = rtc[RTC_TIME_LOW];
	uint64_t ns = (uint64_t)rtc[RTC_TIME_HIGH] << 32 | low;
	realtime_base = ns - ticks_to_ns(rn_rdtime());
}

void timer_init(const struct rn_bootinfo *bi)
{
	/* libc-glue converts with the fixed RN_TIMEBASE_HZ. */
	if (bi->timebase_hz != RN_TIMEBASE_HZ)
		rn_printf("pxserver: timebase %lu Hz, not the %llu Hz rn/timebase.h assumes\n",
		          (unsigned long)bi->timebase_hz, RN_TIMEBASE_HZ);
	uint64_t badged = sysmem_slot();
	handler_slot = sysmem_slot();
	int err = rn_cnode_mint(SELF, badged, DEPTH_ROOT_SLOT, SELF, console_notification(),
	                        DEPTH_ROOT_SLOT, RN_RIGHT_WRITE, TIMER_BADGE);
	if (!err)
		err = rn_irq_control_get(ROOT(RN_SLOT_IRQ_CONTROL), RN_IRQ_TIMER, SELF,
		                         handler_slot, DEPTH_ROOT_SLOT);
	if (!err)
		err = rn_irq_handler_set_notification(ROOT(handler_slot), ROOT(badged));
	if (err)
		die("the timer", err);
	read_rtc(bi);
}

/* Keeps the kernel's deadline at the first sleeper's wake time. */
static void program(void)
{
	uint64_t want = first ? proc_get(first)->wake_at : 0;
	if (want == programmed)
		return;
	int err = rn_irq_handler_set_deadline(ROOT(handler_slot), want);
	if (err)
		rn_printf("pxserver: setting the timer: %s\n", rn_error_name(err));
	else
		programmed = want;
}

/* Takes p out of the list (if it is in it). */
static void unlink(struct proc *p)
{
	if (!p->wake_at)
		return;
	uint32_t *link = &first;
	while (*link && *link != p->pid)
		link = &proc_get(*link)->sleep_next;
	if (*link)
		*link = p->sleep_next;
	p->wake_at = 0;
	p->sleep_next = 0;
}

/* Puts p in the list at its wake time, after those due no later (so
 * equal deadlines wake in the order they were asked for). */
static void insert(struct proc *p, uint64_t when)
{
	uint32_t *link = &first;
	while (*link && proc_get(*link)->wake_at <= when)
		link = &proc_get(*link)->sleep_next;
	p->wake_at = when;
	p->sleep_next = *link;
	*link = p->pid;
}

long timer_sleep_until(struct proc *p, uint64_t deadline)
{
	/* Asking again after any other wake-up (a child ended) puts p back
	 * in its place. */
	unlink(p);
	long r = 0;
	if (rn_rdtime() < deadline) {
		insert(p, deadline);
		r = -PX_EWOULDBLOCK_INTERNAL;
	}
	program();
	return r;
}

void timer_expired(void)
{
	programmed = 0; /* the kernel's deadline fires once */
	uint64_t now = rn_rdtime();
	while (first && proc_get(first)->wake_at <= now) {
		struct proc *p = proc_get(first);
		unlink(p);
		process_wake(p);
	}
	program();
}

void timer_forget(struct proc *p)
{
	if (p->wake_at) {
		unlink(p);
		program();
	}
}

uint64_t timer_realtime_base(void)
{
	return realtime_base;
}
