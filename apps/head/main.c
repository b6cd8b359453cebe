/* head: copies the first lines of each file.
 *   head [-n count | -c count] [file...]     (also head -count)
 * count lines (default 10), or with -c count bytes, of each file, or of the standard input ("-" or
 * no operand). With more than one file, each is introduced by
 * "==> name <==". */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/headtail.h"

static void usage(void)
{
	fputs("usage: head [-n count | -c count] [file...]\n", stderr);
	exit(2);
}

/* The number of lines (-n), or of bytes (-c). */
static unsigned long long lines = 10;
static int bytes;

/* -n's count: decimal digits only, and small enough to count in. */
static void set_count(const char *s, int in_bytes)
{
	bytes = in_bytes;
	char *end;

	errno = 0;
	lines = strtoull(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end != '\0' || errno == ERANGE) {
		fprintf(stderr, "head: invalid line count: %s\n", s);
		usage();
	}
}

/* Copies the first lines of f. Exits if the output fails; 0, or -1
 * after naming the input if it does. */
static int head(FILE *f, const char *name)
{
	unsigned long long n = lines;
	int c;

	while (n > 0 && (c = getc(f)) != EOF) {
		if (putchar(c) == EOF) {
			fprintf(stderr, "head: write error: %s\n", strerror(errno));
			exit(1);
		}
		if (c == '\n' || bytes)
			n--;
	}
	if (ferror(f)) {
		fprintf(stderr, "head: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	return headtail_main("head", argc, argv, usage, set_count, head);
}
