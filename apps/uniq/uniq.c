/* uniq: writes its input without repeated adjacent lines.
 *   uniq [-c] [-d | -u] [input [output]]
 * -c prefixes each line with its count, -d writes only the repeated
 * ones, -u only the ones not repeated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static int count, dups, uniques;

static void emit(const char *line, long n)
{
	if ((dups && n < 2) || (uniques && n > 1))
		return;
	if (count)
		printf("%7ld %s\n", n, line);
	else
		puts(line);
}

int main(int argc, char **argv)
{
	int c;

	while ((c = option_next(argc, argv, "uniq", "cdu")) != -1) {
		if (c == 'c')
			count = 1;
		else if (c == 'd')
			dups = 1;
		else if (c == 'u')
			uniques = 1;
		else
			goto usage;
	}
	if (argc - optind > 2)
		goto usage;
	FILE *in = input_open("uniq", optind < argc ? argv[optind] : "-");
	if (!in)
		return 1;
	if (optind + 1 < argc && !freopen(argv[optind + 1], "w", stdout)) {
		perror(argv[optind + 1]);
		return 1;
	}
	char *line = NULL, *prev = NULL;
	size_t cap = 0;
	long n = 0;
	while (input_line(in, &line, &cap) >= 0) {
		if (prev && strcmp(prev, line) == 0) {
			n++;
			continue;
		}
		if (prev)
			emit(prev, n);
		free(prev);
		prev = strdup(line);
		if (!prev) {
			fprintf(stderr, "uniq: out of memory\n");
			return 1;
		}
		n = 1;
	}
	if (prev)
		emit(prev, n);
	free(prev);
	free(line);
	input_close(in);
	return output_flush("uniq") < 0;
usage:
	fprintf(stderr, "usage: uniq [-c] [-d | -u] [input [output]]\n");
	return 2;
}
