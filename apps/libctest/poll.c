/* poll and select as portable programs use them: a pipe with a timeout,
 * a wait that a writer in another process ends, end of file, a signal
 * that interrupts, and select over the same. Waits are timed with
 * CLOCK_MONOTONIC. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libctest.h"

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int test_poll_pipe(void)
{
	int fd[2];
	if (pipe(fd) < 0)
		return fail("pipe: %s", strerror(errno));
	struct pollfd p[2] = { { fd[0], POLLIN, 0 }, { fd[1], POLLOUT, 0 } };
	if (poll(p, 2, 0) != 1 || p[0].revents != 0 || p[1].revents != POLLOUT)
		return fail("an empty pipe: revents %#x, %#x", p[0].revents, p[1].revents);
	/* Nothing comes: the timeout ends the wait, not before it. */
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = poll(p, 1, 150);
	long waited = ms_since(&t0);
	if (r != 0 || waited < 150 || waited > 2000)
		return fail("poll with a 150 ms timeout: %d after %ld ms", r, waited);
	/* A child writes after 100 ms: the wait ends then. */
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 100 * 1000 * 1000 };
		nanosleep(&d, NULL);
		_exit(write(fd[1], "x", 1) == 1 ? 0 : 1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = poll(p, 1, 5000);
	waited = ms_since(&t0);
	if (r != 1 || !(p[0].revents & POLLIN) || waited > 3000)
		return fail("poll for a child's write: %d, revents %#x, after %ld ms", r,
		            p[0].revents, waited);
	char c;
	waitpid(pid, NULL, 0);
	if (read(fd[0], &c, 1) != 1 || c != 'x')
		return fail("the byte poll saw is not there");
	/* The last writer gone: readable (end of file), with POLLHUP. */
	close(fd[1]);
	if (poll(p, 1, -1) != 1 || !(p[0].revents & POLLHUP))
		return fail("a pipe with no writer: revents %#x", p[0].revents);
	struct pollfd bad[2] = { { 99, POLLIN, 0 }, { -1, POLLIN, 0 } };
	if (poll(bad, 2, 0) != 1 || bad[0].revents != POLLNVAL || bad[1].revents != 0)
		return fail("a closed fd and a negative one: revents %#x, %#x", bad[0].revents,
		            bad[1].revents);
	close(fd[0]);
	return 0;
}

static void on_alarm(int sig)
{
}

int test_poll_interrupted(void)
{
	int fd[2];
	if (pipe(fd) < 0)
		return fail("pipe: %s", strerror(errno));
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART }, old;
	sigaction(SIGALRM, &sa, &old);
	alarm(1);
	struct pollfd p = { fd[0], POLLIN, 0 };
	int r = poll(&p, 1, -1);
	int e = errno;
	sigaction(SIGALRM, &old, NULL);
	close(fd[0]);
	close(fd[1]);
	if (r != -1 || e != EINTR)
		return fail("poll with no deadline and SIGALRM: %d (%s), expected EINTR", r,
		            strerror(e));
	return 0;
}

int test_select_pipe(void)
{
	int fd[2];
	if (pipe(fd) < 0)
		return fail("pipe: %s", strerror(errno));
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd[0], &r);
	FD_SET(fd[1], &w);
	struct timeval tv = { 0, 0 };
	int n = select(fd[1] + 1, &r, &w, NULL, &tv);
	if (n != 1 || FD_ISSET(fd[0], &r) || !FD_ISSET(fd[1], &w))
		return fail("select on an empty pipe: %d", n);
	if (write(fd[1], "ab", 2) != 2)
		return fail("write: %s", strerror(errno));
	FD_ZERO(&r);
	FD_SET(fd[0], &r);
	tv = (struct timeval){ 5, 0 };
	n = select(fd[0] + 1, &r, NULL, NULL, &tv);
	if (n != 1 || !FD_ISSET(fd[0], &r) || tv.tv_sec < 4)
		return fail("select on a pipe with data: %d, %ld s left", n, (long)tv.tv_sec);
	FD_ZERO(&r);
	FD_SET(fd[0], &r);
	FD_SET(40, &r);
	if (select(41, &r, NULL, NULL, &tv) != -1 || errno != EBADF)
		return fail("select on a closed descriptor: %s", strerror(errno));
	close(fd[0]);
	close(fd[1]);
	return 0;
}

/* A child that writes one byte to fd after `ms` milliseconds, and ends a
 * second later (its end, SIGCHLD, must not be what wakes the reader). */
static pid_t write_later(int fd, int ms)
{
	pid_t pid = fork();
	if (pid == 0) {
		usleep((useconds_t)ms * 1000);
		int ok = write(fd, "y", 1) == 1;
		sleep(1);
		_exit(ok ? 0 : 1);
	}
	return pid;
}

/* A read and a poll that a signal cut short, on a pipe still open, leave
 * nothing behind that keeps the next wait on another pipe from being
 * woken by its writer (the server once kept the first read's wait). */
int test_waits_after_interrupted_ones(void)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, &old);
	int a[2], b[2], err = 0;
	char c;
	for (int round = 0; round < 2 && !err; round++) {
		if (pipe(a) < 0 || pipe(b) < 0) {
			err = fail("pipe: %s", strerror(errno));
			break;
		}
		ualarm(100000, 0);
		struct pollfd pa = { a[0], POLLIN, 0 };
		long r = round == 0 ? read(a[0], &c, 1) : poll(&pa, 1, -1);
		if (r != -1 || errno != EINTR)
			err = fail("%s cut short by SIGALRM: %ld, expected EINTR",
			           round ? "poll" : "read", r);
		pid_t pid = write_later(b[1], 50);
		alarm(3); /* a wait never woken ends with EINTR here */
		struct pollfd pb = { b[0], POLLIN, 0 };
		r = round == 0 ? read(b[0], &c, 1) : poll(&pb, 1, -1);
		alarm(0);
		if (!err && r != 1)
			err = fail("the next %s, on another pipe: %ld (%s), expected its writer to end it",
			           round ? "poll" : "read", r, strerror(errno));
		if (!err && waitpid(pid, NULL, WNOHANG) != 0)
			err = fail("the next %s ended only when the writer did", round ? "poll" : "read");
		waitpid(pid, NULL, 0);
		close(a[0]);
		close(a[1]);
		close(b[0]);
		close(b[1]);
	}
	sigaction(SIGALRM, &old, NULL);
	return err;
}
