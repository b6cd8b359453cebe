/* paste: joins the lines of files side by side.
 *   paste [-s] [-d list] [file...]
 * Line n of each file, joined by the list's characters in turn (a tab by
 * default; \n \t \\ \0 escapes, \0 for none); with -s, the lines of each
 * file in turn joined into one. "-" is the standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/output.h"

static char delims[256];
static int ndelims;

static void parse_delims(const char *s)
{
	ndelims = 0;
	for (; *s && ndelims < 255; s++) {
		char c = *s;
		if (c == '\\' && s[1]) {
			s++;
			c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == '0' ? '\0' : *s;
		}
		delims[ndelims++] = c;
	}
}

static void put_delim(int k)
{
	char c = delims[k % ndelims];
	if (c)
		putchar(c);
}

int main(int argc, char **argv)
{
	int serial = 0, i = 1, status = 0;

	parse_delims("\t");
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-s") == 0) {
			serial = 1;
		} else if (strncmp(argv[i], "-d", 2) == 0) {
			const char *arg = argv[i][2] ? argv[i] + 2 : i + 1 < argc ? argv[++i] : NULL;
			if (!arg || !*arg)
				goto usage;
			parse_delims(arg);
		} else {
			goto usage;
		}
	}
	/* No file: the standard input (as GNU's; POSIX asks for one). */
	int n = argc - i > 0 ? argc - i : 1;
	FILE **f = calloc((size_t)n, sizeof *f);
	if (!f)
		return 1;
	for (int k = 0; k < n; k++)
		if (!(f[k] = input_open("paste", i + k < argc ? argv[i + k] : "-")))
			return 1;
	char *line = NULL;
	size_t cap = 0;
	if (serial) {
		for (int k = 0; k < n; k++) {
			int j = 0;
			while (input_line(f[k], &line, &cap) >= 0) {
				if (j)
					put_delim(j - 1);
				fputs(line, stdout);
				j++;
			}
			putchar('\n');
		}
	} else {
		/* A line of each file; the line out only if one of them had one. */
		char **lines = calloc((size_t)n, sizeof *lines);
		size_t *caps = calloc((size_t)n, sizeof *caps);
		long *lens = calloc((size_t)n, sizeof *lens);
		if (!lines || !caps || !lens)
			return 1;
		for (;;) {
			int any = 0;
			for (int k = 0; k < n; k++) {
				lens[k] = input_line(f[k], &lines[k], &caps[k]);
				any |= lens[k] >= 0;
			}
			if (!any)
				break;
			for (int k = 0; k < n; k++) {
				if (k)
					put_delim(k - 1);
				if (lens[k] >= 0)
					fputs(lines[k], stdout);
			}
			putchar('\n');
		}
		for (int k = 0; k < n; k++)
			free(lines[k]);
		free(lines);
		free(caps);
		free(lens);
	}
	free(line);
	for (int k = 0; k < n; k++)
		input_close(f[k]);
	free(f);
	return output_flush("paste") < 0 ? 1 : status;
usage:
	fprintf(stderr, "usage: paste [-s] [-d list] [file...]\n");
	return 2;
}
