/* cut: selected parts of each line.
 *   cut -b list [-n] [file...]
 *   cut -c list [file...]
 *   cut -f list [-d delim] [-s] [file...]
 * A list is numbers and ranges (1,3-5,7-), from 1. With -f, fields are
 * separated by delim (a tab); a line without one is printed whole, or
 * not at all with -s. Bytes and characters are the same here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/output.h"

#define MAX_RANGES 64

static struct {
	long from, to; /* to 0: to the end */
} ranges[MAX_RANGES];
static int nranges;

static int usage(void)
{
	fprintf(stderr, "usage: cut -b list [-n] [file...]\n       cut -c list [file...]\n"
	                "       cut -f list [-d delim] [-s] [file...]\n");
	return 2;
}

static int parse_list(const char *s)
{
	while (*s) {
		char *end;
		long from = 1, to;

		if (nranges == MAX_RANGES)
			return -1;
		if (*s != '-') {
			from = strtol(s, &end, 10);
			if (end == s || from < 1)
				return -1;
			s = end;
		}
		to = from;
		if (*s == '-') {
			s++;
			to = 0;
			if (*s >= '0' && *s <= '9') {
				to = strtol(s, &end, 10);
				s = end;
				if (to < from)
					return -1;
			}
		}
		ranges[nranges].from = from;
		ranges[nranges++].to = to;
		if (*s == ',' || *s == ' ')
			s++;
		else if (*s)
			return -1;
	}
	return nranges ? 0 : -1;
}

static int selected(long i)
{
	for (int k = 0; k < nranges; k++)
		if (i >= ranges[k].from && (ranges[k].to == 0 || i <= ranges[k].to))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int mode = 0, only_delimited = 0, status = 0;
	char delim = '\t';
	const char *list = NULL;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'b' || *o == 'c' || *o == 'f' || *o == 'd') {
				const char *arg = o[1] ? o + 1 : (i + 1 < argc ? argv[++i] : NULL);
				if (!arg)
					return usage();
				if (*o == 'd') {
					delim = arg[0];
				} else {
					mode = *o;
					list = arg;
				}
				break;
			} else if (*o == 's') {
				only_delimited = 1;
			} else if (*o != 'n') {
				fprintf(stderr, "cut: unknown option -%c\n", *o);
				return usage();
			}
		}
	}
	if (!mode || parse_list(list) < 0)
		return usage();
	char *line = NULL;
	size_t cap = 0;
	for (int k = i; k == i || k < argc; k++) {
		FILE *f = input_open("cut", k < argc ? argv[k] : "-");
		long n;
		if (!f) {
			status = 1;
			continue;
		}
		while ((n = input_line(f, &line, &cap)) >= 0) {
			if (mode != 'f') {
				for (long c = 0; c < n; c++)
					if (selected(c + 1))
						putchar(line[c]);
				putchar('\n');
				continue;
			}
			if (!strchr(line, delim)) {
				if (!only_delimited)
					puts(line);
				continue;
			}
			long field = 1;
			int first = 1;
			for (char *p = line;; field++) {
				char *end = strchr(p, delim);
				size_t len = end ? (size_t)(end - p) : strlen(p);
				if (selected(field)) {
					if (!first)
						putchar(delim);
					fwrite(p, 1, len, stdout);
					first = 0;
				}
				if (!end)
					break;
				p = end + 1;
			}
			putchar('\n');
		}
		input_close(f);
	}
	free(line);
	return output_flush("cut") < 0 ? 1 : status;
}
