/* Opening the files a utility reads: "-" is the standard input.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_INPUT_H
#define APPS_LIB_INPUT_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stream, or NULL after "prog: path: reason". */
static inline FILE *input_open(const char *prog, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (!f)
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
	return f;
}

static inline void input_close(FILE *f)
{
	if (f && f != stdin)
		fclose(f);
}

/* One line without its newline into *buf (grown as need be): its length,
 * or -1 at the end. */
static inline long input_line(FILE *f, char **buf, size_t *cap)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (n + 2 > *cap) {
			size_t ncap = *cap ? 2 * *cap : 128;
			char *nb = realloc(*buf, ncap);
			if (!nb) {
				fprintf(stderr, "out of memory\n");
				exit(1);
			}
			*buf = nb;
			*cap = ncap;
		}
		(*buf)[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return -1;
	if (!*buf) {
		*buf = malloc(1);
		if (!*buf)
			exit(1);
		*cap = 1;
	}
	(*buf)[n] = '\0';
	return (long)n;
}

#endif
