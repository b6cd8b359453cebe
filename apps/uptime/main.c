/* uptime: how long the system has been running.
 *   uptime
 * Writes "up [D days, ]H:MM:SS": CLOCK_MONOTONIC, which counts from boot. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "apps/lib/output.h"

int main(int argc, char **argv)
{
	struct timespec tv;
	unsigned long long s, days;

	if (argc > 1) {
		fputs("usage: uptime\n", stderr);
		return 2;
	}
	if (clock_gettime(CLOCK_MONOTONIC, &tv) < 0) {
		fprintf(stderr, "uptime: clock_gettime: %s\n", strerror(errno));
		return 1;
	}
	s = (unsigned long long)tv.tv_sec;
	days = s / 86400;
	s %= 86400;
	fputs("up ", stdout);
	if (days > 0)
		printf("%llu day%s, ", days, days == 1 ? "" : "s");
	printf("%llu:%02llu:%02llu\n", s / 3600, s / 60 % 60, s % 60);
	if (output_flush("uptime") < 0)
		return 1;
	return 0;
}
