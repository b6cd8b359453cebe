/* The `time` CSR: a counter since reset that every hart sees alike. The
 * kernel sets scounteren so that U-mode can read it with rdtime. */
#ifndef RN_TIMEBASE_H
#define RN_TIMEBASE_H

#include <stdint.h>

/* Ticks per second of `time` on QEMU virt (its device tree's /cpus
 * timebase-frequency). The kernel reads the real value from the device
 * tree and gives it to the root task; processes have no call to ask for
 * it yet, so it is fixed here, in one place. */
#define RN_TIMEBASE_HZ 10000000ull

#ifdef RATION_HOST
/* Host unit tests: the fake kernel's clock (tests/unit/support/px/). */
uint64_t rn_host_rdtime(void);
#endif

static inline uint64_t rn_rdtime(void)
{
#ifdef RATION_HOST
	return rn_host_rdtime();
#else
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
#endif
}

#endif
