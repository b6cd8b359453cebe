/* Time: sleeping on the server's timer, the monotonic clock and the time
 * of day. Bounds on lateness are generous: the test kernel checks every
 * capability invariant after every system call, and QEMU shares a busy
 * machine. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <rn/px_call.h>
#include "pxtest.h"

#define MS 1000000ll /* nanoseconds */

/* CLOCK_MONOTONIC in nanoseconds. */
static int64_t mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* nanosleep for ns nanoseconds; how long it took, or -1. */
static int64_t timed_sleep(int64_t ns)
{
	struct timespec t = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };
	int64_t start = mono_ns();

	if (nanosleep(&t, NULL) < 0)
		return -1;
	return mono_ns() - start;
}

int test_nanosleep_duration(void)
{
	static const int64_t asks[] = { 1 * MS, 10 * MS, 35 * MS };
	int64_t late_max = 0;

	for (unsigned i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		int64_t took = timed_sleep(asks[i]);
		if (took < 0)
			return fail("nanosleep: %s", strerror(errno));
		if (took < asks[i])
			return fail("asked %lld ns, slept %lld", (long long)asks[i],
			            (long long)took);
		if (took - asks[i] > late_max)
			late_max = took - asks[i];
	}
	printf("pxtest: note: nanosleep at most %lld us late\n", (long long)late_max / 1000);
	/* A tick is 10 ms: a polling or tick-bound sleep would often be
	 * later than this. */
	if (late_max > 100 * MS)
		return fail("a sleep was %lld us late", (long long)late_max / 1000);
	/* usleep and sleep(0) go the same way. */
	int64_t start = mono_ns();
	if (usleep(2000) < 0 || sleep(0) != 0)
		return fail("usleep/sleep: %s", strerror(errno));
	if (mono_ns() - start < 2 * MS)
		return fail("usleep(2000) took %lld ns", (long long)(mono_ns() - start));
	return 0;
}

int test_nanosleep_einval(void)
{
	static const struct timespec bad[] = {
		{ 0, -1 },
		{ 0, 1000000000 },
		{ -1, 0 },
		{ 1, 2000000000 },
	};
	struct timespec t = { 0, 0 };

	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		if (nanosleep(&bad[i], NULL) != -1 || errno != EINVAL)
			return fail("nanosleep {%lld, %ld}: %s, expected EINVAL",
			            (long long)bad[i].tv_sec, bad[i].tv_nsec, strerror(errno));
	}
	if (nanosleep(&t, &t) != 0)
		return fail("nanosleep 0: %s", strerror(errno));
	if (clock_gettime((clockid_t)99, &t) != -1 || errno != EINVAL)
		return fail("clock 99: %s, expected EINVAL", strerror(errno));
	/* A deadline already past (0, or long ago) answers at once. */
	if (px_call(PX_SLEEP_UNTIL, 0, 0, 0, NULL) != 0 ||
	    px_call(PX_SLEEP_UNTIL, 1, 0, 0, NULL) != 0)
		return fail("PX_SLEEP_UNTIL of a past deadline did not answer 0");
	return 0;
}

static int go[2], order[2];

/* Waits for the start time on `go`, sleeps until arg >> 8 milliseconds
 * after it, then writes its name (the low byte of arg) to `order`. Exit 4 if the
 * deadline had passed before it slept (the machine was too slow for the
 * test to mean anything), 1 if it woke early. */
static int sleep_and_report(long arg)
{
	int64_t start, offset = (arg >> 8) * MS;
	char name = (char)(arg & 0xff);

	close(go[1]);
	close(order[0]);
	if (read(go[0], &start, sizeof start) != sizeof start)
		return 2;
	int64_t deadline = start + offset, now = mono_ns();
	if (now >= deadline)
		return 4;
	if (timed_sleep(deadline - now) < 0)
		return 3;
	if (mono_ns() < deadline)
		return 1;
	return write(order[1], &name, 1) == 1 ? 0 : 3;
}

/* Three sleepers asked in one order wake in the order of their deadlines;
 * a child that ends meanwhile (a stale wake-up for the parent, which
 * sleeps too) changes nothing. */
int test_sleepers_in_order(void)
{
	static const struct {
		int64_t at;
		char name;
	} who[] = { { 400, 'c' }, { 200, 'a' }, { 300, 'b' } }; /* ms after the start */
	pid_t pids[3];
	char got[4] = { 0 };

	if (pipe(go) < 0 || pipe(order) < 0)
		return fail("pipe: %s", strerror(errno));
	for (int i = 0; i < 3; i++)
		pids[i] = spawn(sleep_and_report, who[i].at << 8 | who[i].name);
	pid_t quick = spawn(exit_with, 0); /* ends while the parent sleeps */
	close(go[0]);
	close(order[1]);
	/* One start time for all, once all are forked (forks are slow on
	 * the test kernel); 200 ms for them to get to their sleeps. */
	int64_t start = mono_ns();
	for (int i = 0; i < 3; i++)
		write(go[1], &start, sizeof start); /* atomic: below PIPE_BUF */
	close(go[1]);
	int64_t took = timed_sleep(50 * MS);
	if (took < 50 * MS)
		return fail("the parent's sleep took %lld ns of 50 ms", (long long)took);
	ssize_t n = 0, r;
	while (n < 3 && (r = read(order[0], got + n, 3 - n)) > 0)
		n += r;
	close(order[0]);
	for (int i = 0; i < 3; i++) {
		if (expect_exit(pids[i], 0) < 0)
			return -1;
	}
	if (expect_exit(quick, 0) < 0)
		return -1;
	if (n != 3 || strcmp(got, "abc") != 0)
		return fail("woke in the order \"%s\", expected \"abc\"", got);
	return 0;
}

static int ready[2];

/* Says it is about to sleep, then sleeps until the monotonic time
 * `deadline` (ns). */
static int announce_and_sleep(long deadline)
{
	close(ready[0]);
	if (write(ready[1], "s", 1) != 1)
		return 2;
	int64_t now = mono_ns();
	return deadline > now && timed_sleep(deadline - now) < 0 ? 1 : 0;
}

/* A sleeper killed while first in the queue leaves it: the next sleeper
 * (and the parent) still wake, on time. */
int test_sleeper_killed(void)
{
	int64_t base = mono_ns() + 1500 * MS; /* after both forks, surely */
	char c;

	if (pipe(ready) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t victim = spawn(announce_and_sleep, base);
	pid_t next = spawn(announce_and_sleep, base + 200 * MS);
	close(ready[1]);
	int n = (read(ready[0], &c, 1) == 1) + (read(ready[0], &c, 1) == 1);
	close(ready[0]);
	if (n != 2)
		return fail("the sleepers did not get ready");
	usleep(20 * 1000); /* both asleep by now */
	if (mono_ns() >= base)
		return fail("too slow: the victim's deadline passed before the kill");
	if (kill(victim, SIGKILL) < 0)
		return fail("kill: %s", strerror(errno));
	if (expect_signal(victim, SIGKILL) < 0)
		return -1;
	if (expect_exit(next, 0) < 0)
		return -1;
	int64_t late = mono_ns() - (base + 200 * MS);
	if (late > 1000 * MS)
		return fail("the next sleeper was reaped %lld ms after its deadline",
		            (long long)late / MS);
	if (timed_sleep(5 * MS) < 5 * MS)
		return fail("the parent's own sleep");
	return 0;
}

int test_clock_monotonic(void)
{
	struct timespec a, b, res;

	if (clock_gettime(CLOCK_MONOTONIC, &a) < 0)
		return fail("clock_gettime: %s", strerror(errno));
	for (int i = 0; i < 1000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &b) < 0)
			return fail("clock_gettime: %s", strerror(errno));
		if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
			return fail("went back from %lld.%09ld to %lld.%09ld", (long long)a.tv_sec,
			            a.tv_nsec, (long long)b.tv_sec, b.tv_nsec);
		if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000)
			return fail("tv_nsec %ld", b.tv_nsec);
		a = b;
	}
	if (clock_getres(CLOCK_MONOTONIC, &res) < 0 || res.tv_sec != 0 || res.tv_nsec != 100)
		return fail("resolution %ld ns, expected 100", res.tv_nsec);
	return 0;
}

int test_time_of_day(void)
{
	struct timeval tv;
	struct timespec ts;

	if (gettimeofday(&tv, NULL) < 0)
		return fail("gettimeofday: %s", strerror(errno));
	time_t t = time(NULL);
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return fail("clock_gettime: %s", strerror(errno));
	/* 2020-01-01: the RTC gives the host's time, not time since boot. */
	if (tv.tv_sec < 1577836800)
		return fail("gettimeofday says %lld s since the epoch", (long long)tv.tv_sec);
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return fail("tv_usec %ld", (long)tv.tv_usec);
	if (t < tv.tv_sec || t > tv.tv_sec + 2 || ts.tv_sec < t || ts.tv_sec > t + 2)
		return fail("gettimeofday %lld, time %lld, CLOCK_REALTIME %lld disagree",
		            (long long)tv.tv_sec, (long long)t, (long long)ts.tv_sec);
	/* Real time moves with the monotonic clock. */
	int64_t before = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	if (timed_sleep(10 * MS) < 0 || clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return fail("sleep: %s", strerror(errno));
	int64_t after = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	if (after - before < 10 * MS)
		return fail("CLOCK_REALTIME moved %lld ns across a 10 ms sleep",
		            (long long)(after - before));
	return 0;
}

/* ---- the interval timer --------------------------------------------------------- */

static volatile int alarms_seen;

static void on_alarm(int sig)
{
	(void)sig;
	alarms_seen++;
}

/* Disarms the timer and puts SIGALRM back to its default. */
static void no_alarm(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGALRM, SIG_DFL);
}

/* setitimer(ITIMER_REAL) sends SIGALRM at the first expiry and then at
 * every interval; getitimer reads the time left; pause returns when the
 * handler has run; disarming stops it; alarm() says how many seconds were
 * left of the old setting. */
int test_interval_timer(void)
{
	/* The interval is long beside a handler's run on the test kernel
	 * (which checks every invariant after every call: milliseconds), or
	 * each sigreturn would find the next SIGALRM already due. */
	struct itimerval v = { { 0, 100000 }, { 0, 50000 } }, now, old;
	int r = 0;

	alarms_seen = 0;
	signal(SIGALRM, on_alarm);
	int64_t start = mono_ns();
	if (setitimer(ITIMER_REAL, &v, NULL) < 0)
		r = fail("setitimer: %s", strerror(errno));
	if (!r && (getitimer(ITIMER_REAL, &now) < 0 || now.it_value.tv_sec != 0 ||
	           now.it_value.tv_usec <= 0 || now.it_value.tv_usec > 50000 ||
	           now.it_interval.tv_usec != 100000))
		r = fail("getitimer: %ld us left, interval %ld us", (long)now.it_value.tv_usec,
		         (long)now.it_interval.tv_usec);
	if (!r)
		pause();
	int64_t first = mono_ns() - start;
	if (!r && (alarms_seen < 1 || first < 50 * MS || first > 1000 * MS))
		r = fail("the first SIGALRM after %lld ms (%d seen), asked for 50",
		         (long long)(first / MS), alarms_seen);
	while (!r && alarms_seen < 3 && mono_ns() - start < 3000 * MS)
		pause();
	int64_t three = mono_ns() - start;
	if (!r && (alarms_seen < 3 || three < 250 * MS))
		r = fail("%d SIGALRMs in %lld ms, expected 3 in at least 250", alarms_seen,
		         (long long)(three / MS));
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	if (!r && (setitimer(ITIMER_REAL, &off, &old) < 0 || old.it_interval.tv_usec != 100000))
		r = fail("disarming: %s, old interval %ld us", strerror(errno),
		         (long)old.it_interval.tv_usec);
	int seen = alarms_seen;
	if (!r && timed_sleep(100 * MS) < 0)
		r = fail("nanosleep: %s", strerror(errno));
	if (!r && alarms_seen != seen)
		r = fail("SIGALRM after the timer was disarmed");
	if (!r && (alarm(30) != 0 || alarm(0) != 30))
		r = fail("alarm(30) then alarm(0) did not say 0 then 30");
	if (!r && (getitimer(ITIMER_REAL, &now) < 0 || now.it_value.tv_sec || now.it_value.tv_usec))
		r = fail("alarm(0) left the timer armed");
	no_alarm();
	return r;
}

static int wait_for_alarm(long unused)
{
	(void)unused;
	alarm(1);
	pause(); /* SIGALRM's default action ends it here */
	return 1;
}

static int alarm_inherited(long unused)
{
	(void)unused;
	return alarm(0); /* what was left of the parent's: must be none */
}

/* SIGALRM's default ends the process; a child does not inherit its
 * parent's timer; bad requests are refused and change nothing. */
int test_interval_timer_edges(void)
{
	int64_t start = mono_ns();
	int r = expect_signal(spawn(wait_for_alarm, 0), SIGALRM);
	if (!r && mono_ns() - start < 900 * MS)
		r = fail("alarm(1) fired after %lld ms", (long long)((mono_ns() - start) / MS));
	alarm(60);
	if (!r)
		r = expect_exit(spawn(alarm_inherited, 0), 0);
	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } }, now;
	if (!r)
		r = expect_errno(setitimer(ITIMER_REAL, &bad, NULL), EINVAL, "setitimer, usec 1e6");
	if (!r)
		r = expect_errno(setitimer(5, &bad, NULL), EINVAL, "setitimer of timer 5");
	if (!r)
		r = expect_errno(getitimer(ITIMER_VIRTUAL, &now), ENOSYS, "getitimer(VIRTUAL)");
	if (!r && (px_call(PX_ALARM, 1, (long)PX_ALARM_MAX + 1, 0, NULL) != -PX_EINVAL))
		r = fail("PX_ALARM took a time beyond PX_ALARM_MAX");
	if (!r && (getitimer(ITIMER_REAL, &now) < 0 || now.it_value.tv_sec < 58))
		r = fail("a refused request changed the timer: %ld s left", (long)now.it_value.tv_sec);
	no_alarm();
	return r;
}

/* A job's timer storm: SIGALRM ignored, a 1 us interval timer, then a
 * wait for ever. */
static int timer_storm(long unused)
{
	struct itimerval v = { { 0, 1 }, { 0, 1 } }, now;
	(void)unused;
	signal(SIGALRM, SIG_IGN);
	if (setitimer(ITIMER_REAL, &v, NULL) < 0)
		return 10;
	/* POSIX rounds the interval up to what the timer takes. */
	if (getitimer(ITIMER_REAL, &now) < 0 || now.it_interval.tv_sec ||
	    now.it_interval.tv_usec < 100)
		return 11;
	park(0);
}

/* Beside a 1 us interval timer, the victim's sleeps are as on time as
 * ever (the server takes at most one expiry per minimum interval, and an
 * ignored one parks), and the storm's SIGALRM, ignored, does nothing. */
int test_interval_timer_storm(void)
{
	pid_t storm = spawn(timer_storm, 0);
	if (storm < 0)
		return fail("fork: %s", strerror(errno));
	int64_t late_max = 0;
	for (int i = 0; i < 10; i++) {
		int64_t took = timed_sleep(5 * MS);
		if (took < 0)
			return fail("nanosleep: %s", strerror(errno));
		if (took - 5 * MS > late_max)
			late_max = took - 5 * MS;
	}
	printf("pxtest: note: beside a 1 us timer, nanosleep at most %lld us late\n",
	       (long long)late_max / 1000);
	int status;
	int r = 0;
	if (waitpid(storm, &status, WNOHANG) != 0)
		r = fail("the storm ended: status %#x", status);
	else if (late_max > 100 * MS)
		r = fail("a sleep beside the storm was %lld us late", (long long)late_max / 1000);
	kill(storm, SIGKILL);
	int e = expect_signal(storm, SIGKILL);
	return r ? r : e;
}
