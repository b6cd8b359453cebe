/* forkbomb: forks until its budget says no.
 *   forkbomb [-d DEPTH] [-w WIDTH] [-a SIZE]
 * With no options every process runs `for (;;) fork();` for ever. -d stops
 * processes DEPTH generations down from forking, -w lets each process make
 * at most WIDTH children, -a makes every child take and touch SIZE bytes
 * (K, M suffixes) of heap first. A process with nothing left to do waits
 * to be killed. A fork that fails with anything but EAGAIN (which is what
 * a full budget must say) is reported, and ends the bomb with status 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long parse(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	return *end || v < 0 ? -1 : v;
}

static int usage(void)
{
	fputs("usage: forkbomb [-d DEPTH] [-w WIDTH] [-a SIZE]\n", stderr);
	return 2;
}

static void take(long bytes)
{
	char *p = malloc((size_t)bytes);
	for (long i = 0; p && i < bytes; i += 4096)
		p[i] = 1;
}

int main(int argc, char **argv)
{
	long depth = -1, width = -1, alloc = 0;
	int opt;
	while ((opt = getopt(argc, argv, "d:w:a:")) != -1) {
		long v = parse(optarg);
		if (v < 0)
			return usage();
		if (opt == 'd')
			depth = v;
		else if (opt == 'w')
			width = v;
		else if (opt == 'a')
			alloc = v;
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	printf("forkbomb: pid %d\n", getpid());
	fflush(stdout);
	long level = 0, made = 0;
	for (;;) {
		if ((depth >= 0 && level >= depth) || (width >= 0 && made >= width)) {
			for (;;)
				pause(); /* done: wait to be killed */
		}
		pid_t pid = fork();
		if (pid == 0) {
			level++;
			made = 0;
			if (alloc)
				take(alloc);
		} else if (pid > 0) {
			made++;
		} else if (errno != EAGAIN) {
			fprintf(stderr, "forkbomb: pid %d: fork: %s\n", getpid(), strerror(errno));
			return 1;
		}
	}
}
