/* poll and select. The server answers at once, or says "ask again" and
 * wakes the process at the next change of a pipe or the console, or at
 * the deadline (personality/fd.c: fd_poll). The entries are put in the
 * shared buffer before each question, since a signal handler that ran in
 * between may have used it. Neither is ever restarted after a handler
 * (POSIX): EINTR. select is poll over the same descriptors. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <rn/ipc.h>
#include <rn/px_call.h>
#include <rn/timebase.h>

_Static_assert(sizeof(struct pollfd) == sizeof(struct px_pollfd), "pollfd is px_pollfd");

/* The deadline on the time counter for a timeout in milliseconds (< 0:
 * none, 0: do not wait). */
static unsigned long deadline_of(long long ms)
{
	if (ms < 0)
		return ~0ul;
	if (ms == 0)
		return 0;
	return rn_rdtime() + (unsigned long long)ms * (RN_TIMEBASE_HZ / 1000);
}

static int poll_until(struct pollfd *fds, nfds_t n, unsigned long deadline)
{
	if (n > PX_POLL_MAX) {
		errno = EINVAL;
		return -1;
	}
	unsigned long runs = px_signal_runs;
	long r;
	for (;;) {
		memcpy(PX_SHARED, fds, n * sizeof *fds);
		r = px_call(PX_POLL, (long)n, (long)deadline, 0, NULL);
		if (r != -PX_EWOULDBLOCK_INTERNAL)
			break;
		if (px_signal_runs == runs)
			rn_wait(PX_SLOT_NOTIFY);
		if (px_signal_runs != runs) {
			errno = EINTR;
			return -1;
		}
	}
	if (r < 0)
		return (int)px_return(r);
	const struct pollfd *answer = PX_SHARED;
	for (nfds_t i = 0; i < n; i++)
		fds[i].revents = answer[i].revents;
	return (int)r;
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	return poll_until(fds, nfds, deadline_of(timeout));
}

/* select's sets as poll entries and back. */
static int select_until(int n, fd_set *r, fd_set *w, fd_set *e, unsigned long deadline)
{
	if (n < 0 || n > FD_SETSIZE) {
		errno = EINVAL;
		return -1;
	}
	struct pollfd fds[FD_SETSIZE];
	nfds_t count = 0;
	for (int fd = 0; fd < n; fd++) {
		short ev = (short)((r && FD_ISSET(fd, r) ? POLLIN : 0) |
		                   (w && FD_ISSET(fd, w) ? POLLOUT : 0) |
		                   (e && FD_ISSET(fd, e) ? POLLPRI : 0));
		if (ev)
			fds[count++] = (struct pollfd){ fd, ev, 0 };
	}
	int got = poll_until(fds, count, deadline);
	if (got < 0)
		return -1;
	for (nfds_t i = 0; i < count; i++)
		if (fds[i].revents & POLLNVAL) {
			errno = EBADF;
			return -1;
		}
	if (r)
		FD_ZERO(r);
	if (w)
		FD_ZERO(w);
	if (e)
		FD_ZERO(e);
	int bits = 0;
	for (nfds_t i = 0; i < count; i++) {
		short ev = fds[i].events, rev = fds[i].revents;
		/* End of file and errors make a descriptor readable (a read
		 * says what happened), and writable if it was asked about. */
		if ((ev & POLLIN) && (rev & (POLLIN | POLLHUP | POLLERR)))
			FD_SET(fds[i].fd, r), bits++;
		if ((ev & POLLOUT) && (rev & (POLLOUT | POLLERR)))
			FD_SET(fds[i].fd, w), bits++;
		if ((ev & POLLPRI) && (rev & POLLPRI))
			FD_SET(fds[i].fd, e), bits++;
	}
	return bits;
}

int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout)
{
	long long ms = -1;
	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_usec < 0 || timeout->tv_usec >= 1000000) {
			errno = EINVAL;
			return -1;
		}
		/* Rounded up: never earlier than asked. */
		ms = (long long)timeout->tv_sec * 1000 + (timeout->tv_usec + 999) / 1000;
	}
	unsigned long deadline = deadline_of(ms);
	int got = select_until(n, r, w, e, deadline);
	if (timeout && got >= 0) { /* as Linux: the time that was left */
		unsigned long now = rn_rdtime();
		unsigned long us = deadline > now && deadline != ~0ul
		                       ? (deadline - now) / (RN_TIMEBASE_HZ / 1000000)
		                       : 0;
		timeout->tv_sec = (time_t)(us / 1000000);
		timeout->tv_usec = (suseconds_t)(us % 1000000);
	}
	return got;
}
