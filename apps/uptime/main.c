/* uptime: how long the system has been running.
 *   uptime
 * Writes "up [D days, ]H:MM:SS". The clocks count from boot here (there
 * is no real-time clock yet), so the time of day is the uptime.
 * clock_gettime(CLOCK_MONOTONIC) is the right clock for this, once
 * libc-glue has it; gettimeofday reads the same counter. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

int main(int argc, char **argv)
{
	struct timeval tv;
	unsigned long long s, days;

	if (argc > 1) {
		fputs("usage: uptime\n", stderr);
		return 2;
	}
	if (gettimeofday(&tv, NULL) < 0) {
		fprintf(stderr, "uptime: gettimeofday: %s\n", strerror(errno));
		return 1;
	}
	s = (unsigned long long)tv.tv_sec;
	days = s / 86400;
	s %= 86400;
	fputs("up ", stdout);
	if (days > 0)
		printf("%llu day%s, ", days, days == 1 ? "" : "s");
	printf("%llu:%02llu:%02llu\n", s / 3600, s / 60 % 60, s % 60);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "uptime: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
