/* The wall clock: the real-time clock read once at boot, then the
 * `time` counter (rn/timebase.h) since. */
#ifndef PERSONALITY_CLOCK_H
#define PERSONALITY_CLOCK_H

#include <ration/bootinfo.h>
#include <stdint.h>

/* Reads the real-time clock (boot, before the server's memory is handed
 * over); without one the time of day starts at 1970. */
void clock_init(const struct rn_bootinfo *bi);

/* Nanoseconds since the epoch when the counter read 0 (boot), and now. */
uint64_t clock_boot_ns(void);
uint64_t clock_now_ns(void);

#endif
