/* memhog: takes memory until its budget says no, and says how much it got.
 *   memhog [-c CHUNK] [-k]
 * Takes CHUNK bytes at a time (default 64K; K, M suffixes) with malloc and
 * touches every page, until malloc fails with ENOMEM; prints the total and
 * exits 0 (the memory goes back with it), or with -k keeps it and waits to
 * be killed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long chunk = 64 << 10;
	int keep = 0, opt;
	while ((opt = getopt(argc, argv, "c:k")) != -1) {
		char *end;
		if (opt != 'c' && opt != 'k') {
			fputs("usage: memhog [-c CHUNK] [-k]\n", stderr);
			return 2;
		}
		if (opt == 'k') {
			keep = 1;
			continue;
		}
		chunk = strtol(optarg, &end, 10);
		if (*end == 'K' || *end == 'k')
			chunk <<= 10, end++;
		else if (*end == 'M' || *end == 'm')
			chunk <<= 20, end++;
		if (opt != 'c' || *end || chunk <= 0) {
			fputs("usage: memhog [-c CHUNK] [-k]\n", stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs("usage: memhog [-c CHUNK] [-k]\n", stderr);
		return 2;
	}
	long total = 0;
	char *p;
	errno = 0;
	while ((p = malloc((size_t)chunk)) != NULL) {
		for (long i = 0; i < chunk; i += 4096)
			p[i] = (char)i;
		total += chunk;
	}
	printf("memhog: got %ld bytes (%ld KiB) before %s\n", total, total >> 10,
	       errno == ENOMEM ? "ENOMEM" : strerror(errno));
	fflush(stdout);
	if (errno != ENOMEM)
		return 1;
	while (keep)
		pause();
	return 0;
}
