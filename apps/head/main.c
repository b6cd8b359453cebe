/* head: copies the first lines of each file.
 *   head [-n count] [file...]     (also head -count)
 * count lines (default 10) of each file, or of the standard input ("-" or
 * no operand). With more than one file, each is introduced by
 * "==> name <==". */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/output.h"

static void usage(void)
{
	fputs("usage: head [-n count] [file...]\n", stderr);
	exit(2);
}

/* A count: decimal digits only, and small enough to count in. */
static unsigned long long parse_count(const char *s)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end != '\0' || errno == ERANGE) {
		fprintf(stderr, "head: invalid line count: %s\n", s);
		usage();
	}
	return n;
}

/* Copies the first n lines of f. Exits if the output fails; 0, or -1
 * with errno when the input does. */
static int head(FILE *f, unsigned long long n)
{
	int c;

	while (n > 0 && (c = getc(f)) != EOF) {
		if (putchar(c) == EOF) {
			fprintf(stderr, "head: write error: %s\n", strerror(errno));
			exit(1);
		}
		if (c == '\n')
			n--;
	}
	return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long long n = 10;
	int status = 0, first, nfiles;

	/* Options come first; "-" alone is an operand, "--" ends them. */
	for (first = 1; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
		const char *p = argv[first] + 1;

		if (strcmp(p, "-") == 0) {
			first++;
			break;
		}
		if (isdigit((unsigned char)*p)) { /* the historical form, head -5 */
			n = parse_count(p);
		} else if (*p == 'n') {
			/* -n count or -ncount */
			p = p[1] ? p + 1 : argv[++first];
			if (!p)
				usage();
			n = parse_count(p);
		} else {
			fprintf(stderr, "head: unknown option -%c\n", *p);
			usage();
		}
	}

	nfiles = argc - first;
	if (nfiles == 0 && head(stdin, n) < 0) {
		fprintf(stderr, "head: stdin: %s\n", strerror(errno));
		status = 1;
	}
	for (int i = first; i < argc; i++) {
		int stdin_op = strcmp(argv[i], "-") == 0;
		FILE *f = stdin_op ? stdin : fopen(argv[i], "r");

		if (!f) {
			fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "",
			       stdin_op ? "standard input" : argv[i]);
		if (head(f, n) < 0) {
			fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
		if (!stdin_op)
			fclose(f);
	}

	if (output_flush("head") < 0)
		return 1;
	return status;
}
