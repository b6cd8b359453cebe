/* fold: breaks long lines.
 *   fold [-bs] [-w width] [file...]
 * Lines longer than width (80) columns are broken; -s breaks after the
 * last blank that fits when there is one; -b counts bytes (a tab and a
 * backspace count as columns otherwise: to the next multiple of 8, and
 * back one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/output.h"

static int bytes, spaces;
static long width = 80;

static long advance(long col, char c)
{
	if (bytes)
		return col + 1;
	if (c == '\t')
		return (col / 8 + 1) * 8;
	if (c == '\b')
		return col > 0 ? col - 1 : 0;
	if (c == '\r')
		return 0;
	return col + 1;
}

static void fold_line(const char *s, size_t n)
{
	size_t start = 0;

	while (start < n) {
		long col = 0;
		size_t i = start, blank = 0;
		while (i < n) {
			long next = advance(col, s[i]);
			if (next > width && i > start)
				break;
			col = next;
			if (s[i] == ' ' || s[i] == '\t')
				blank = i + 1;
			i++;
		}
		if (i < n && spaces && blank > start)
			i = blank;
		fwrite(s + start, 1, i - start, stdout);
		if (i < n)
			putchar('\n');
		start = i;
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'b') {
				bytes = 1;
			} else if (*o == 's') {
				spaces = 1;
			} else if (*o == 'w') {
				const char *arg = o[1] ? o + 1 : i + 1 < argc ? argv[++i] : NULL;
				char *end;
				width = arg ? strtol(arg, &end, 10) : 0;
				if (!arg || *end || width < 1)
					goto usage;
				break;
			} else {
				fprintf(stderr, "fold: unknown option -%c\n", *o);
				goto usage;
			}
		}
	}
	char *line = NULL;
	size_t cap = 0;
	for (int k = i; k == i || k < argc; k++) {
		FILE *f = input_open("fold", k < argc ? argv[k] : "-");
		long n;
		if (!f) {
			status = 1;
			continue;
		}
		while ((n = input_line(f, &line, &cap)) >= 0)
			fold_line(line, (size_t)n);
		input_close(f);
	}
	free(line);
	return output_flush("fold") < 0 ? 1 : status;
usage:
	fprintf(stderr, "usage: fold [-bs] [-w width] [file...]\n");
	return 2;
}
