/* Time in the server: processes asleep until a deadline, and interval
 * timers (the wall clock is clock.h). Times are on the `time` counter (rn/timebase.h). */
#ifndef PERSONALITY_TIMER_H
#define PERSONALITY_TIMER_H

#include "personality/proc.h"

#include <stdbool.h>
#include <stdint.h>

/* The bit the timer's notification sets in the word the server's Recv
 * returns (beside CONSOLE_BADGE, console.h). */
#define TIMER_BADGE (1ul << 41)

/* Takes the kernel's timer line, bound to the server's notification. */
void timer_init(void);

/* PX_SLEEP_UNTIL: 0 if `deadline` has passed; otherwise p joins the
 * sleepers and the answer is "ask again". Code that answers a sleeper
 * otherwise (a signal's -PX_EINTR) may call timer_forget; if it does not,
 * p only gets one stale wake-up at its deadline. */
long timer_sleep_until(struct proc *p, uint64_t deadline);

/* PX_ALARM: *left and *old_interval get p's interval timer as it was
 * (ticks to its next expiry, 0 if disarmed; its interval); with set, it
 * becomes `value` ticks from now (0: disarmed), then every `interval`
 * (0: once), SIGALRM each time. EINVAL beyond PX_ALARM_MAX. */
long timer_alarm(struct proc *p, bool set, uint64_t value, uint64_t interval, uint64_t *left,
                 uint64_t *old_interval);

/* The timer's notification came: wakes every sleeper that is due, and
 * sends SIGALRM for every interval timer that is. */
void timer_expired(void);

/* p ends: it leaves the sleepers, and its timer is disarmed. (A child
 * starts with none: its record starts zeroed.) */
void timer_forget(struct proc *p);

#endif
