/* cmp: compares two files byte by byte.
 *   cmp [-l | -s] file1 file2
 * Says where the first difference is ("a b differ: char 5, line 2"), or
 * with -l lists every differing byte (position, and both in octal); -s
 * says nothing. Status 0 the same, 1 different, 2 trouble. */
#include <stdio.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"

int main(int argc, char **argv)
{
	int list = 0, silent = 0, c;

	while ((c = option_next(argc, argv, "cmp", "ls")) != -1) {
		if (c == 'l')
			list = 1;
		else if (c == 's')
			silent = 1;
		else
			goto usage;
	}
	if (argc - optind != 2 || (list && silent))
		goto usage;
	const char *n1 = argv[optind], *n2 = argv[optind + 1];
	FILE *a = input_open("cmp", n1), *b = a ? input_open("cmp", n2) : NULL;
	if (!a || !b)
		return 2;
	long pos = 1, line = 1;
	int status = 0;
	for (;; pos++) {
		int x = getc(a), y = getc(b);
		if (x == EOF || y == EOF) {
			if (x != y) {
				if (!silent)
					fprintf(stderr, "cmp: EOF on %s\n", x == EOF ? n1 : n2);
				status = 1;
			}
			break;
		}
		if (x != y) {
			status = 1;
			if (silent)
				break;
			if (!list) {
				printf("%s %s differ: char %ld, line %ld\n", n1, n2, pos, line);
				break;
			}
			printf("%ld %o %o\n", pos, x, y);
		}
		if (x == '\n')
			line++;
	}
	input_close(a);
	input_close(b);
	fflush(stdout);
	return status;
usage:
	fprintf(stderr, "usage: cmp [-l | -s] file1 file2\n");
	return 2;
}
