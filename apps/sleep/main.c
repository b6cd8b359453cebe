/* sleep: waits for a while.
 *   sleep time
 * time is a number of seconds, with a fraction if wanted (0.5), and an
 * optional unit: s (seconds), m (minutes), h (hours) or d (days). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The longest wait: a century, beyond any real use, small enough that
 * no product below overflows, and within sleep()'s unsigned seconds. */
#define MAX_SECONDS (100ll * 365 * 24 * 3600)

static int usage(void)
{
	fputs("usage: sleep time[s|m|h|d]\n", stderr);
	return 2;
}

/* "digits[.digits][unit]" into *t, exactly (no floating point). 0, or -1
 * if s is not such a time. */
static int parse_time(const char *s, struct timespec *t)
{
	long long sec = 0, nsec = 0, unit = 1;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		sec = sec * 10 + (*s - '0');
		if (sec > MAX_SECONDS)
			return -1;
	}
	if (*s == '.') {
		long long place = 100000000; /* the first digit's nanoseconds */

		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			nsec += (*s - '0') * place; /* digits past the ninth add 0 */
			place /= 10;
		}
	}
	if (digits == 0)
		return -1;
	switch (*s) {
	case '\0':
	case 's':
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 24 * 3600;
		break;
	default:
		return -1;
	}
	if (*s && s[1])
		return -1;
	/* unit * (sec + nsec / 1e9), in whole seconds and nanoseconds. */
	nsec *= unit;
	sec = sec * unit + nsec / 1000000000;
	if (sec > MAX_SECONDS)
		return -1;
	t->tv_sec = sec;
	t->tv_nsec = nsec % 1000000000;
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec t;

	if (argc == 3 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc != 2)
		return usage();
	if (parse_time(argv[1], &t) < 0) {
		fprintf(stderr, "sleep: invalid time interval: %s\n", argv[1]);
		return usage();
	}
	/* A signal that does not end the process only interrupts the wait:
	 * sleep for what is left. */
	while (nanosleep(&t, &t) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sleep: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}
