/* The wall clock (clock.h). */
#include "personality/clock.h"

#include "personality/layout.h"
#include "personality/sysmem.h"

#include <rn/debug.h>
#include <rn/timebase.h>

/* Goldfish RTC registers: nanoseconds since the epoch; reading the low
 * word latches the high one. */
#define RTC_TIME_LOW  0
#define RTC_TIME_HIGH 1

static uint64_t boot_ns; /* ns since the epoch at counter 0 */

static uint64_t ticks_to_ns(uint64_t t)
{
	return t / RN_TIMEBASE_HZ * 1000000000 + t % RN_TIMEBASE_HZ * 1000000000 / RN_TIMEBASE_HZ;
}

void clock_init(const struct rn_bootinfo *bi)
{
	/* libc-glue converts with the fixed RN_TIMEBASE_HZ. */
	if (bi->timebase_hz != RN_TIMEBASE_HZ)
		rn_printf("pxserver: timebase %lu Hz, not the %llu Hz rn/timebase.h assumes\n",
		          (unsigned long)bi->timebase_hz, RN_TIMEBASE_HZ);
	if (!bi->rtc_paddr) {
		rn_printf("pxserver: no real-time clock; the time of day starts at 1970\n");
		return;
	}
	sysmem_map_device(bi->rtc_paddr & ~0xffful, RTC_VA, "mapping the RTC");
	volatile uint32_t *rtc = (volatile uint32_t *)(RTC_VA + (bi->rtc_paddr & 0xfff));
	uint64_t low = rtc[RTC_TIME_LOW];
	uint64_t ns = (uint64_t)rtc[RTC_TIME_HIGH] << 32 | low;
	boot_ns = ns - ticks_to_ns(rn_rdtime());
}

uint64_t clock_boot_ns(void)
{
	return boot_ns;
}

uint64_t clock_now_ns(void)
{
	return boot_ns + ticks_to_ns(rn_rdtime());
}
