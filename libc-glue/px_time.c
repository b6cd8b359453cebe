/* Time. CLOCK_MONOTONIC is the `time` counter since boot (rn/timebase.h),
 * read in the process; the time of day adds the server's real-time base
 * (PX_REALTIME: the epoch time when the counter read 0, from the RTC at
 * boot). Sleeping asks the server to wake the process at a deadline on
 * the counter (PX_SLEEP_UNTIL), so a sleeper uses no processor time; the
 * interval timer (alarm, setitimer) is the server's too (PX_ALARM).
 * Processor time (times, clock, getrusage, the CPU-time clocks) is the
 * kernel's, sampled at each timer tick, through the server (PX_TIMES). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <rn/px_call.h>
#include <rn/timebase.h>
#include "syscalls.h"

/* newlib names the CPU-time clocks only where _POSIX_CPUTIME is set, which
 * it is not for this target; their values are newlib's. */
#ifndef CLOCK_PROCESS_CPUTIME_ID
#define CLOCK_PROCESS_CPUTIME_ID ((clockid_t)2)
#endif
#ifndef CLOCK_THREAD_CPUTIME_ID
#define CLOCK_THREAD_CPUTIME_ID ((clockid_t)3)
#endif

#define NS_PER_SEC 1000000000ull

/* t counter ticks in units of 1/per_sec second, without overflow. */
static uint64_t ticks_to(uint64_t t, uint64_t per_sec)
{
	return t / RN_TIMEBASE_HZ * per_sec + t % RN_TIMEBASE_HZ * per_sec / RN_TIMEBASE_HZ;
}

static void ns_to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NS_PER_SEC);
	ts->tv_nsec = (long)(ns % NS_PER_SEC);
}

/* Nanoseconds since the epoch, or a -PX_E* error. */
static int realtime_ns(uint64_t *ns)
{
	long extra[3];
	long r = px_call(PX_REALTIME, 0, 0, 0, extra);

	if (r < 0)
		return (int)r;
	*ns = (uint64_t)extra[0] + ticks_to(rn_rdtime(), NS_PER_SEC);
	return 0;
}

/* The process's processor time (PX_TIMES). */
static int cpu_times(struct px_times *t)
{
	long r = px_call(PX_TIMES, 0, 0, 0, NULL);
	if (r < 0)
		return (int)px_fail(r);
	memcpy(t, PX_SHARED, sizeof *t);
	return 0; /* r: the sampling period (clock_getres) */
}

int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
	uint64_t ns;
	int r;

	switch (clock_id) {
	case CLOCK_MONOTONIC:
		ns_to_timespec(ticks_to(rn_rdtime(), NS_PER_SEC), tp);
		return 0;
	case CLOCK_REALTIME:
		if ((r = realtime_ns(&ns)) < 0)
			return (int)px_fail(r);
		ns_to_timespec(ns, tp);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID: { /* one thread a process */
		struct px_times t = { 0, 0, 0, 0 };
		if (cpu_times(&t) < 0)
			return -1;
		ns_to_timespec((t.user_us + t.system_us) * 1000, tp);
		return 0;
	}
	default:
		errno = EINVAL;
		return -1;
	}
}

/* The wall clocks count in steps of one counter tick; processor time in
 * the kernel's timer ticks (it is sampled there). */
int clock_getres(clockid_t clock_id, struct timespec *res)
{
	bool cpu = clock_id == CLOCK_PROCESS_CPUTIME_ID || clock_id == CLOCK_THREAD_CPUTIME_ID;
	if (clock_id != CLOCK_MONOTONIC && clock_id != CLOCK_REALTIME && !cpu) {
		errno = EINVAL;
		return -1;
	}
	long tick_us = cpu ? px_call(PX_TIMES, 0, 0, 0, NULL) : 0;
	if (tick_us < 0)
		return (int)px_fail(tick_us);
	if (res)
		ns_to_timespec(cpu ? (uint64_t)tick_us * 1000 : NS_PER_SEC / RN_TIMEBASE_HZ, res);
	return 0;
}

static clock_t us_to_clock(unsigned long us)
{
	return (clock_t)(us / 1000000 * CLOCKS_PER_SEC + us % 1000000 * CLOCKS_PER_SEC / 1000000);
}

/* In CLOCKS_PER_SEC units; the answer is the time since boot, in the
 * same units. */
clock_t _times(struct tms *buf)
{
	struct px_times t = { 0, 0, 0, 0 };
	if (buf) {
		if (cpu_times(&t) < 0)
			return (clock_t)-1;
		buf->tms_utime = us_to_clock(t.user_us);
		buf->tms_stime = us_to_clock(t.system_us);
		buf->tms_cutime = us_to_clock(t.children_user_us);
		buf->tms_cstime = us_to_clock(t.children_system_us);
	}
	return ticks_to(rn_rdtime(), CLOCKS_PER_SEC);
}

/* The process's own processor time: newlib's clock() would add its
 * children's too, as some old systems did; POSIX and every current one
 * count the process alone. */
clock_t clock(void)
{
	struct px_times t = { 0, 0, 0, 0 };
	if (cpu_times(&t) < 0)
		return (clock_t)-1;
	return us_to_clock(t.user_us + t.system_us);
}

static void us_to_timeval(unsigned long us, struct timeval *tv)
{
	tv->tv_sec = (time_t)(us / 1000000);
	tv->tv_usec = (suseconds_t)(us % 1000000);
}

int getrusage(int who, struct rusage *ru)
{
	struct px_times t = { 0, 0, 0, 0 };
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN) {
		errno = EINVAL;
		return -1;
	}
	if (cpu_times(&t) < 0)
		return -1;
	bool self = who == RUSAGE_SELF;
	us_to_timeval(self ? t.user_us : t.children_user_us, &ru->ru_utime);
	us_to_timeval(self ? t.system_us : t.children_system_us, &ru->ru_stime);
	return 0;
}

/* newlib's gettimeofday() and time() come here. */
int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns;
	int r;

	(void)tz;
	if (!tv)
		return 0;
	if ((r = realtime_ns(&ns)) < 0)
		return (int)px_fail(r);
	tv->tv_sec = (time_t)(ns / NS_PER_SEC);
	tv->tv_usec = (suseconds_t)(ns % NS_PER_SEC / 1000);
	return 0;
}

/* The counter ticks in t, rounded up (a sleep is never shorter than
 * asked); UINT64_MAX when longer than the counter can count (58,000
 * years): forever. */
static uint64_t timespec_to_ticks(const struct timespec *t)
{
	if ((uint64_t)t->tv_sec > UINT64_MAX / RN_TIMEBASE_HZ - 1)
		return UINT64_MAX;
	return (uint64_t)t->tv_sec * RN_TIMEBASE_HZ +
	       ((uint64_t)t->tv_nsec * RN_TIMEBASE_HZ + NS_PER_SEC - 1) / NS_PER_SEC;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	uint64_t start = rn_rdtime();

	if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long)NS_PER_SEC) {
		errno = EINVAL;
		return -1;
	}
	uint64_t wait = timespec_to_ticks(req);
	if (wait == 0)
		return 0;
	uint64_t deadline = wait > UINT64_MAX - start ? UINT64_MAX : start + wait;
	long r = px_call_blocking(PX_SLEEP_UNTIL, (long)deadline, 0, 0, NULL);
	if (r == -PX_EINTR && rem) {
		/* A signal came first: what is left, for the caller to sleep
		 * again. */
		uint64_t now = rn_rdtime();
		ns_to_timespec(now < deadline ? ticks_to(deadline - now, NS_PER_SEC) : 0, rem);
	}
	return r < 0 ? (int)px_fail(r) : 0;
}

unsigned sleep(unsigned seconds)
{
	struct timespec t = { .tv_sec = seconds }, left;

	if (nanosleep(&t, &left) < 0 && errno == EINTR)
		return (unsigned)left.tv_sec + (left.tv_nsec > 0); /* whole seconds, rounded up */
	return 0;
}

int usleep(useconds_t us)
{
	struct timespec t = { .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000 };

	return nanosleep(&t, NULL);
}

/* ---- the real-time interval timer (PX_ALARM; SIGALRM) ---------------------- */

static uint64_t timeval_to_ticks(const struct timeval *t)
{
	struct timespec ts = { t->tv_sec, t->tv_usec * 1000 };
	return timespec_to_ticks(&ts);
}

/* Rounded up: a timer with any time left never reads as {0, 0}, which
 * would say it is disarmed. */
static void ticks_to_timeval(uint64_t t, struct timeval *tv)
{
	uint64_t us = t / RN_TIMEBASE_HZ * 1000000 +
	              (t % RN_TIMEBASE_HZ * 1000000 + RN_TIMEBASE_HZ - 1) / RN_TIMEBASE_HZ;
	tv->tv_sec = (time_t)(us / 1000000);
	tv->tv_usec = (suseconds_t)(us % 1000000);
}

/* Sets (set != 0) or reads the timer; *left and *interval get the old one. */
static int alarm_call(int set, uint64_t value, uint64_t interval, uint64_t *left,
                      uint64_t *old_interval)
{
	long extra[3];
	long r = px_call(PX_ALARM, set, (long)value, (long)interval, extra);

	*left = *old_interval = 0;
	if (r < 0)
		return (int)px_fail(r);
	*left = (uint64_t)extra[0];
	*old_interval = (uint64_t)extra[1];
	return 0;
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
	uint64_t left, interval;

	if (which != ITIMER_REAL) {
		errno = which == ITIMER_VIRTUAL || which == ITIMER_PROF ? ENOSYS : EINVAL;
		return -1;
	}
	if (!value || value->it_value.tv_sec < 0 || value->it_value.tv_usec < 0 ||
	    value->it_value.tv_usec >= 1000000 || value->it_interval.tv_sec < 0 ||
	    value->it_interval.tv_usec < 0 || value->it_interval.tv_usec >= 1000000) {
		errno = EINVAL;
		return -1;
	}
	if (alarm_call(1, timeval_to_ticks(&value->it_value), timeval_to_ticks(&value->it_interval),
	               &left, &interval) < 0)
		return -1;
	if (old) {
		ticks_to_timeval(left, &old->it_value);
		ticks_to_timeval(interval, &old->it_interval);
	}
	return 0;
}

int getitimer(int which, struct itimerval *value)
{
	uint64_t left, interval;

	if (which != ITIMER_REAL) {
		errno = which == ITIMER_VIRTUAL || which == ITIMER_PROF ? ENOSYS : EINVAL;
		return -1;
	}
	if (alarm_call(0, 0, 0, &left, &interval) < 0)
		return -1;
	ticks_to_timeval(left, &value->it_value);
	ticks_to_timeval(interval, &value->it_interval);
	return 0;
}

unsigned alarm(unsigned seconds)
{
	uint64_t left, interval;

	uint64_t ticks = (uint64_t)seconds * RN_TIMEBASE_HZ;

	if (alarm_call(1, ticks < PX_ALARM_MAX ? ticks : PX_ALARM_MAX, 0, &left, &interval) < 0)
		return 0;
	/* Whole seconds, rounded: a timer with time left says at least 1. */
	uint64_t s = (left + RN_TIMEBASE_HZ / 2) / RN_TIMEBASE_HZ;
	return left && !s ? 1 : (unsigned)s;
}

useconds_t ualarm(useconds_t us, useconds_t interval)
{
	struct itimerval v = { { interval / 1000000, interval % 1000000 },
		               { us / 1000000, us % 1000000 } },
	                 old;

	if (setitimer(ITIMER_REAL, &v, &old) < 0)
		return 0;
	return (useconds_t)(old.it_value.tv_sec * 1000000 + old.it_value.tv_usec);
}
