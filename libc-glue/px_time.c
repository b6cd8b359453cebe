/* Time, from the `time` CSR (rn/timebase.h): clocks count from boot, as
 * there is no real-time clock yet. Sleeping polls the counter and yields
 * the processor; a server timer (a notification at a deadline) will
 * replace that, so that a sleeper costs nothing. */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <rn/syscall.h>
#include <rn/timebase.h>
#include "syscalls.h"

/* Counter value at start-up, for times(): the process's age stands in for
 * its CPU time, which nobody counts yet. */
static uint64_t start_ticks;

__attribute__((constructor)) static void note_start(void)
{
	start_ticks = rn_rdtime();
}

/* t counter ticks in units of 1/per_sec second, without overflow. */
static uint64_t ticks_to(uint64_t t, uint64_t per_sec)
{
	return t / RN_TIMEBASE_HZ * per_sec + t % RN_TIMEBASE_HZ * per_sec / RN_TIMEBASE_HZ;
}

/* In CLOCKS_PER_SEC units: newlib's clock() adds up these fields. */
clock_t _times(struct tms *buf)
{
	uint64_t now = rn_rdtime();

	if (buf) {
		buf->tms_utime = ticks_to(now - start_ticks, CLOCKS_PER_SEC);
		buf->tms_stime = buf->tms_cutime = buf->tms_cstime = 0;
	}
	return ticks_to(now, CLOCKS_PER_SEC);
}

int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t now = rn_rdtime();

	if (tv) {
		tv->tv_sec = now / RN_TIMEBASE_HZ;
		tv->tv_usec = ticks_to(now % RN_TIMEBASE_HZ, 1000000);
	}
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	uint64_t start = rn_rdtime(), wait;

	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) {
		errno = EINVAL;
		return -1;
	}
	/* Longer than the counter can count (58,000 years): forever. */
	if ((uint64_t)req->tv_sec > UINT64_MAX / RN_TIMEBASE_HZ - 1)
		wait = UINT64_MAX;
	else
		wait = (uint64_t)req->tv_sec * RN_TIMEBASE_HZ +
		       ((uint64_t)req->tv_nsec * RN_TIMEBASE_HZ + 999999999) / 1000000000;
	while (rn_rdtime() - start < wait)
		rn_yield();
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

unsigned sleep(unsigned seconds)
{
	struct timespec t = { .tv_sec = seconds };

	nanosleep(&t, NULL);
	return 0;
}

int usleep(useconds_t us)
{
	struct timespec t = { .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000 };

	return nanosleep(&t, NULL);
}
