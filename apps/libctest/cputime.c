/* Processor time, as clock(), times() and getrusage() report it: it grows
 * while the process computes, not while it waits, and a child's is its
 * parent's children's once waited for. The kernel samples it at each
 * timer tick (10 ms by default), so the bounds leave a few ticks. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libctest.h"

/* Computes for about ms milliseconds of wall time. */
static void spin(long ms)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

static long clock_ms(clock_t c)
{
	return (long)(c * 1000 / CLOCKS_PER_SEC);
}

int test_cpu_time(void)
{
	clock_t c0 = clock();
	pid_t pid = fork();
	if (pid == 0) {
		spin(300);
		_exit(0);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return fail("fork/waitpid: %s", strerror(errno));
	/* Waiting for a computing child costs the parent (almost) nothing. */
	long waited = clock_ms(clock() - c0);
	struct tms t;
	times(&t);
	if (waited > 100)
		return fail("clock() advanced %ld ms while the process waited (user %ld, system %ld ms)",
		            waited, clock_ms(t.tms_utime), clock_ms(t.tms_stime));
	long child = clock_ms(t.tms_cutime + t.tms_cstime);
	if (child < 200 || child > 2000)
		return fail("the child computed 300 ms; times() says %ld ms", child);
	struct rusage ru;
	if (getrusage(RUSAGE_CHILDREN, &ru) < 0 ||
	    ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 < 150)
		return fail("getrusage(RUSAGE_CHILDREN) says %ld.%06ld s", (long)ru.ru_utime.tv_sec,
		            (long)ru.ru_utime.tv_usec);
	c0 = clock();
	spin(300);
	long own = clock_ms(clock() - c0);
	if (own < 200 || own > 2000)
		return fail("300 ms of computing: clock() advanced %ld ms", own);
	struct timespec cpu;
	if (clock_gettime((clockid_t)2 /* CLOCK_PROCESS_CPUTIME_ID */, &cpu) < 0 ||
	    cpu.tv_sec * 1000 + cpu.tv_nsec / 1000000 < own)
		return fail("CLOCK_PROCESS_CPUTIME_ID is behind clock()");
	return 0;
}
