/* strings: the printable text in files.
 *   strings [-a] [-t d|o|x] [-n number] [file...]
 * Prints each run of at least number (4) printable characters (a tab
 * counts), one a line; -t first gives its byte offset in the file, in
 * decimal, octal or hex. The whole file is always read (-a is accepted:
 * there are no object formats to pick sections from). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static long min_len = 4;
static char radix;

static void strings(FILE *f)
{
	char *run = xmalloc("strings", (size_t)min_len);
	long n = 0, off = 0, start = 0;
	int c;

	for (;; off++) {
		c = getc(f);
		if (c != EOF && (isprint(c) || c == '\t')) {
			if (n < min_len) {
				if (n == 0)
					start = off;
				run[n] = (char)c;
			}
			if (++n == min_len) {
				if (radix)
					printf(radix == 'd' ? "%7ld " : radix == 'o' ? "%7lo " : "%7lx ", start);
				fwrite(run, 1, (size_t)n, stdout);
			} else if (n > min_len) {
				putchar(c);
			}
			continue;
		}
		if (n >= min_len)
			putchar('\n');
		n = 0;
		if (c == EOF)
			break;
	}
	free(run);
}

int main(int argc, char **argv)
{
	char *arg, *end;
	int c, status = 0;

	while ((c = option_arg(argc, argv, "strings", "at:n:", &arg)) != -1) {
		if (c == 'a') {
			continue;
		} else if (c == 't') {
			if ((*arg != 'd' && *arg != 'o' && *arg != 'x') || arg[1])
				goto usage;
			radix = *arg;
		} else if (c == 'n') {
			min_len = strtol(arg, &end, 10);
			if (*end || min_len < 1)
				goto usage;
		} else {
			goto usage;
		}
	}
	for (int i = optind; i == optind || i < argc; i++) {
		FILE *f = input_open("strings", i < argc ? argv[i] : "-");
		if (!f) {
			status = 1;
			continue;
		}
		strings(f);
		input_close(f);
	}
	return output_flush("strings") < 0 ? 1 : status;
usage:
	fputs("usage: strings [-a] [-t d|o|x] [-n number] [file...]\n", stderr);
	return 2;
}
