/* tail: copies the last lines of each file.
 *   tail [-n [+]count | -c [+]count] [file...]     (also tail -count)
 * The last count lines (default 10) of each file, or of the standard
 * input ("-" or no operand); with +count, every line from line count on.
 * With -c the same in bytes.
 * The input is read once, front to back, so a pipe works as well as a
 * file: only the last count lines are kept, in a ring. With more than one
 * file, each is introduced by "==> name <==". */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/alloc.h"
#include "apps/lib/headtail.h"

/* A line as read, its newline included (the last may have none). Its
 * buffer is kept and reused when the ring comes round. */
struct line {
	char *s;
	size_t len, cap;
};

static void usage(void)
{
	fputs("usage: tail [-n [+]count | -c [+]count] [file...]\n", stderr);
	exit(2);
}

static void put(const char *s, size_t len)
{
	if (fwrite(s, 1, len, stdout) != len) {
		fprintf(stderr, "tail: write error: %s\n", strerror(errno));
		exit(1);
	}
}

/* Reads one line of f, its newline included, into l (grown as needed).
 * Its length; 0 at the end of the input or on a read error. */
static size_t get_line(FILE *f, struct line *l)
{
	int c;

	l->len = 0;
	while ((c = getc(f)) != EOF) {
		if (l->len == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 128;
			l->s = xrealloc("tail", l->s, l->cap);
		}
		l->s[l->len++] = (char)c;
		if (c == '\n')
			break;
	}
	return l->len;
}

/* The last n lines of f. 0, or -1 with errno when the input fails. */
static int tail_last(FILE *f, unsigned long long n)
{
	struct line *ring = NULL;
	size_t cap = 0, used = 0, oldest = 0;
	struct line spare = { 0 };

	if (n == 0)
		return 0;
	for (;;) {
		struct line *slot, t;

		/* The ring grows until it holds n lines, then the newest line
		 * replaces the oldest. */
		if (used == cap && used < n) {
			size_t ncap = cap ? cap * 2 : 16;
			struct line *r;

			if (ncap > n)
				ncap = (size_t)n;
			r = xrealloc("tail", ring, ncap * sizeof *r);
			memset(r + cap, 0, (ncap - cap) * sizeof *r);
			ring = r;
			cap = ncap;
		}
		slot = used < cap ? &ring[used] : &ring[oldest];
		/* Read into a spare, so that the end of the input does not
		 * overwrite the oldest line. */
		if (get_line(f, &spare) == 0)
			break;
		t = *slot;
		*slot = spare;
		spare = t;
		if (used < cap)
			used++;
		else
			oldest = (oldest + 1) % cap;
	}
	for (size_t i = 0; i < used; i++) {
		struct line *l = &ring[(oldest + i) % used];
		put(l->s, l->len);
	}
	for (size_t i = 0; i < cap; i++)
		free(ring[i].s);
	free(ring);
	free(spare.s);
	return ferror(f) ? -1 : 0;
}

/* Every line of f from line `from` (1: the first) on. */
static int tail_from(FILE *f, unsigned long long from)
{
	int c;

	while (from > 1 && (c = getc(f)) != EOF) {
		if (c == '\n')
			from--;
	}
	while ((c = getc(f)) != EOF) {
		if (putchar(c) == EOF) {
			fprintf(stderr, "tail: write error: %s\n", strerror(errno));
			exit(1);
		}
	}
	return ferror(f) ? -1 : 0;
}

/* The count (-n), and whether it is +count: from line count on. */
static unsigned long long count = 10;
static int from_start, bytes;

/* The last n bytes of f, in a ring of n. */
static int tail_bytes(FILE *f, unsigned long long n)
{
	char *ring = n ? xmalloc("tail", n) : NULL;
	unsigned long long total = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (n)
			ring[total % n] = (char)c;
		total++;
	}
	if (total > n) {
		put(ring + total % n, n - total % n); /* the oldest kept, to the ring's end */
		put(ring, total % n);
	} else {
		put(ring, total);
	}
	free(ring);
	return ferror(f) ? -1 : 0;
}

/* Every byte from byte n (from 1) on. */
static int tail_bytes_from(FILE *f, unsigned long long n)
{
	int c;

	for (unsigned long long at = 1; (c = getc(f)) != EOF; at++)
		if (at >= n && putchar(c) == EOF) {
			fprintf(stderr, "tail: write error: %s\n", strerror(errno));
			exit(1);
		}
	return ferror(f) ? -1 : 0;
}

/* -n's count: "count" or "+count", decimal. */
static void set_count(const char *s, int in_bytes)
{
	bytes = in_bytes;
	char *end;

	from_start = s[0] == '+';
	if (from_start)
		s++;
	errno = 0;
	count = strtoull(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end != '\0' || errno == ERANGE) {
		fprintf(stderr, "tail: invalid line count: %s\n", s);
		usage();
	}
}

static int tail(FILE *f, const char *name)
{
	int r = bytes ? (from_start ? tail_bytes_from(f, count) : tail_bytes(f, count))
	              : (from_start ? tail_from(f, count) : tail_last(f, count));

	if (r < 0) {
		fprintf(stderr, "tail: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	return headtail_main("tail", argc, argv, usage, set_count, tail);
}
