/* nl: numbers the lines of a file.
 *   nl [-b a|t|n] [-i incr] [-s sep] [-v start] [-w width] [file]
 * -b which lines get a number: a all, t (the default) the non-empty
 * ones, n none; the number is right-aligned in width (6) columns, then
 * sep (a tab). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/output.h"

int main(int argc, char **argv)
{
	char style = 't';
	const char *sep = "\t";
	long incr = 1, start = 1, width = 6;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		char o = argv[i][1];
		const char *arg = argv[i][2] ? argv[i] + 2 : i + 1 < argc ? argv[++i] : NULL;
		if (!arg || !strchr("bisvw", o))
			goto usage;
		if (o == 'b') {
			style = arg[0];
			if (!strchr("atn", style) || arg[1])
				goto usage;
		} else if (o == 's') {
			sep = arg;
		} else {
			char *end;
			long v = strtol(arg, &end, 10);
			if (*end || (o == 'w' && (v < 1 || v > 64)))
				goto usage;
			*(o == 'i' ? &incr : o == 'v' ? &start : &width) = v;
		}
	}
	if (argc - i > 1)
		goto usage;
	FILE *f = input_open("nl", i < argc ? argv[i] : "-");
	if (!f)
		return 1;
	char *line = NULL;
	size_t cap = 0;
	long n;
	while ((n = input_line(f, &line, &cap)) >= 0) {
		if (style == 'a' || (style == 't' && n > 0)) {
			printf("%*ld%s%s\n", (int)width, start, sep, line);
			start += incr;
		} else {
			printf("%*s%s\n", (int)(width + strlen(sep)), "", line);
		}
	}
	free(line);
	input_close(f);
	return output_flush("nl") < 0;
usage:
	fprintf(stderr, "usage: nl [-b a|t|n] [-i incr] [-s sep] [-v start] [-w width] [file]\n");
	return 2;
}
