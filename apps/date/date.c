/* date: writes the date and time (POSIX XCU date).
 *   date [-u] [+format]
 *   date [-u] -r seconds [+format]   (the time given, in seconds since
 *                                     the epoch, as BSD date -r)
 * The default format is POSIX's "%a %b %e %H:%M:%S %Z %Y"; +format is
 * strftime(3)'s. Ration keeps no time zones: the time is UTC, named so
 * (newlib's %Z would say GMT, or nothing). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "apps/lib/alloc.h"
#include "apps/lib/output.h"

static void usage(void)
{
	fputs("usage: date [-u] [-r seconds] [+format]\n", stderr);
	exit(1);
}

/* The format with each %Z made "UTC" (%% kept as it is). */
static char *utc_format(const char *f)
{
	char *out = xmalloc("date", 3 * strlen(f) + 1), *o = out;

	while (*f) {
		if (f[0] == '%' && f[1] == 'Z') {
			memcpy(o, "UTC", 3);
			o += 3;
			f += 2;
		} else if (f[0] == '%' && f[1]) {
			*o++ = *f++;
			*o++ = *f++;
		} else {
			*o++ = *f++;
		}
	}
	*o = '\0';
	return out;
}

int main(int argc, char **argv)
{
	const char *format = "%a %b %e %H:%M:%S %Z %Y";
	time_t t = time(NULL);
	char buf[1024];
	struct tm tm;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-u") == 0)
			continue;
		if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			t = (time_t)strtoll(argv[++i], &end, 10);
			if (*end || errno)
				usage();
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		fprintf(stderr, "date: unknown option %s\n", argv[i]);
		usage();
	}
	if (i < argc) {
		if (argv[i][0] != '+' || i + 1 < argc)
			usage(); /* setting the clock is not supported */
		format = argv[i] + 1;
	}
	gmtime_r(&t, &tm);
	char *f = utc_format(format);
	size_t n = strftime(buf, sizeof buf, f, &tm);
	if (n == 0 && *f) {
		fprintf(stderr, "date: the format's output is too long or empty\n");
		return 1;
	}
	printf("%s\n", buf);
	free(f);
	return output_flush("date") < 0;
}
