/* Ration's <machine/time.h>, found before newlib's own: newlib's <time.h>
 * includes it first thing, and declares clock_gettime, nanosleep and
 * CLOCK_MONOTONIC only for targets that define _POSIX_TIMERS and
 * _POSIX_MONOTONIC_CLOCK, which bare riscv does not. Defining those would
 * also promise timer_create and the rest, which Ration lacks; so this
 * declares just what libc-glue/px_time.c has. */
#ifndef _MACHTIME_H_
#define _MACHTIME_H_

#include <sys/_timespec.h>
#include <sys/types.h>

#define _CLOCKS_PER_SEC_ 1000000 /* newlib's value for riscv: libc.a uses it */

/* The `time` counter since boot (newlib's number for it). */
#define CLOCK_MONOTONIC ((clockid_t)4)

int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_getres(clockid_t clock_id, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
