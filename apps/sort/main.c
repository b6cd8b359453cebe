/* sort: writes the lines of all its input files, sorted.
 *   sort [-nru] [file...]
 * Lines are compared byte by byte (the C locale); with -n by the number
 * at their start (optional blanks, '-', digits, '.' and digits; none is
 * 0), lines with equal numbers then byte by byte. -r reverses the order.
 * -u writes only the first (in the input) of each set of lines that
 * compare equal (by the number alone with -n). "-" or no operand is the standard input. Every
 * line is held in memory until the end of the input. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/alloc.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

struct line {
	char *s; /* without its newline */
	size_t len;
	double num;   /* -n: its leading number */
	size_t index; /* where it came in the input */
};

static int opt_numeric, opt_reverse, opt_unique;
static struct line *lines;
static size_t nlines, cap;

static void usage(void)
{
	fputs("usage: sort [-nru] [file...]\n", stderr);
	exit(2);
}

/* The number at the start of s, as sort -n reads it. */
static double leading_number(const char *s, size_t len)
{
	const char *end = s + len;
	double v = 0, scale = 0.1;
	int negative = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == '-') {
		negative = 1;
		s++;
	}
	while (s < end && isdigit((unsigned char)*s))
		v = v * 10 + (*s++ - '0');
	if (s < end && *s == '.') {
		for (s++; s < end && isdigit((unsigned char)*s); s++) {
			v += (*s - '0') * scale;
			scale /= 10;
		}
	}
	return negative ? -v : v;
}

static int compare_bytes(const struct line *a, const struct line *b)
{
	int r = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

	if (r == 0)
		r = (a->len > b->len) - (a->len < b->len);
	return r;
}

/* The sort key alone: what -u calls equal. */
static int compare_key(const struct line *a, const struct line *b)
{
	if (opt_numeric)
		return (a->num > b->num) - (a->num < b->num);
	return compare_bytes(a, b);
}

static int compare(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int r = compare_key(a, b);

	/* The last resort, as POSIX has it; not with -u, whose equal lines
	 * must stay together in input order for the first to be kept. */
	if (r == 0 && opt_numeric && !opt_unique)
		r = compare_bytes(a, b);
	if (opt_reverse)
		r = -r;
	/* Equal lines in input order: qsort is not stable by itself. */
	if (r == 0)
		r = (a->index > b->index) - (a->index < b->index);
	return r;
}

/* Appends every line of f. 0, or -1 with errno if reading fails. */
static int read_lines(FILE *f)
{
	static char *buf;
	static size_t bufcap;
	int c;

	do {
		size_t len = 0;

		while ((c = getc(f)) != EOF && c != '\n') {
			if (len == bufcap) {
				bufcap = bufcap ? bufcap * 2 : 128;
				buf = xrealloc("sort", buf, bufcap);
			}
			buf[len++] = (char)c;
		}
		if (c == EOF && len == 0)
			break; /* no last line without a newline */
		if (nlines == cap) {
			cap = cap ? cap * 2 : 256;
			lines = xrealloc("sort", lines, cap * sizeof *lines);
		}
		lines[nlines].s = xmalloc("sort", len ? len : 1);
		memcpy(lines[nlines].s, buf, len);
		lines[nlines].len = len;
		lines[nlines].num = opt_numeric ? leading_number(buf, len) : 0;
		lines[nlines].index = nlines;
		nlines++;
	} while (c != EOF);
	return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	int status = 0, c;

	/* Options come first; "-" alone is an operand, "--" ends them. */
	while ((c = option_next(argc, argv, "sort", "nru")) != -1) {
		switch (c) {
		case 'n':
			opt_numeric = 1;
			break;
		case 'r':
			opt_reverse = 1;
			break;
		case 'u':
			opt_unique = 1;
			break;
		default:
			usage();
		}
	}

	if (optind == argc && read_lines(stdin) < 0) {
		fprintf(stderr, "sort: stdin: %s\n", strerror(errno));
		status = 1;
	}
	for (int i = optind; i < argc; i++) {
		int stdin_op = strcmp(argv[i], "-") == 0;
		FILE *f = stdin_op ? stdin : fopen(argv[i], "r");

		if (!f || read_lines(f) < 0) {
			fprintf(stderr, "sort: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
		if (f && !stdin_op)
			fclose(f);
	}

	qsort(lines, nlines, sizeof *lines, compare);
	for (size_t i = 0; i < nlines; i++) {
		if (opt_unique && i > 0 && compare_key(&lines[i - 1], &lines[i]) == 0)
			continue;
		if (fwrite(lines[i].s, 1, lines[i].len, stdout) != lines[i].len ||
		    putchar('\n') == EOF)
			break;
	}

	if (output_flush("sort") < 0)
		return 1;
	return status;
}
