/* Calls to the POSIX server (protocol in rn/px.h). Every libc-glue system
 * call is one of these; pxtest also uses px_call raw, to send the server
 * requests the library never would. */
#ifndef RN_PX_CALL_H
#define RN_PX_CALL_H

#include <rn/px.h>

/* The process's shared buffer page, for bulk data in both directions. */
#define PX_SHARED ((void *)PX_SHARED_VA)

/* One Call: mr = {call, a1, a2, a3}. Returns the server's mr0, a result
 * (>= 0) or -PX_E*; if extra is not NULL, extra[0..2] get mr1..mr3. */
long px_call(long call, long a1, long a2, long a3, long *extra);

/* Signal handlers started so far, and those of them without SA_RESTART
 * (px_signal.c counts them), so that a wait can tell it was interrupted. */
extern volatile unsigned long px_signal_runs, px_signal_interrupts;

/* Waits for the process's notification and asks again while the server
 * answers -PX_EWOULDBLOCK_INTERNAL (out of line: the rare case); -PX_EINTR
 * once px_signal_interrupts is no longer `interrupts`. */
long px_call_wait(unsigned long interrupts, long call, long a1, long a2, long a3, long *extra);

/* px_call for a call that may have to wait. The count is taken before the
 * call: a handler may run between its answer and the wait. */
static inline long px_call_blocking(long call, long a1, long a2, long a3, long *extra)
{
	unsigned long n = px_signal_interrupts;
	long r = px_call(call, a1, a2, a3, extra);
	return r == -PX_EWOULDBLOCK_INTERNAL ? px_call_wait(n, call, a1, a2, a3, extra) : r;
}

/* Sets errno = -r and returns -1 (out of line: the rare case). */
long px_fail(long r);

/* The POSIX convention for a result: r when r >= 0, else errno = -r and
 * -1. */
static inline long px_return(long r)
{
	return r >= 0 ? r : px_fail(r);
}

#endif
