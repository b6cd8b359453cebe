/* od: dumps files in octal and other formats (POSIX XCU od).
 *   od [-bcdovx] [-A d|o|x|n] [-t type]... [-j skip] [-N count] [-v] [file...]
 * Types: a (named characters), c (characters, C escapes), d u o x with a
 * size of 1, 2, 4 or 8 (d2, x1, ...; C S I L as well); default o2 (octal
 * words). -b is -t o1, -c -t c, -d -t u2, -o -t o2, -x -t x2. The
 * address (-A) is octal by default. Each line shows 16 bytes, once per
 * type; a line the same as the one before is shown as "*" (not with
 * -v). Words are read in the machine's order (little-endian here), a
 * short last word padded with zero bytes. The files are one stream.
 *
 * The field widths are GNU od's, so the output reads the same. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/output.h"

#define LINE 16

struct type {
	char kind; /* a c d u o x */
	int size;
};

static struct type types[16];
static int ntypes, verbose, status;
static char radix = 'o';
static unsigned long long skip, limit = ~0ULL;

static void usage(void)
{
	fputs("usage: od [-bcdovx] [-A d|o|x|n] [-t type]... [-j skip] [-N count] [file...]\n", stderr);
	exit(1);
}

static void add_type(char kind, int size)
{
	if (ntypes == 16)
		usage();
	types[ntypes++] = (struct type){ kind, size };
}

/* A -t argument: one or more types, "x1", "d", "c", "xC", "o2c". */
static void parse_types(const char *s)
{
	while (*s) {
		char kind = *s++;
		int size = 4;
		if (!strchr("acduox", kind)) {
			fprintf(stderr, "od: invalid type %c\n", kind);
			usage();
		}
		if (kind == 'a' || kind == 'c') {
			add_type(kind, 1);
			continue;
		}
		if (*s == 'C' || *s == 'S' || *s == 'I' || *s == 'L') {
			size = *s == 'C' ? 1 : *s == 'S' ? 2 : *s == 'I' ? 4 : 8;
			s++;
		} else if (*s >= '1' && *s <= '9') {
			size = (int)strtol(s, (char **)&s, 10);
			if (size != 1 && size != 2 && size != 4 && size != 8) {
				fprintf(stderr, "od: invalid type size %d\n", size);
				usage();
			}
		}
		add_type(kind, size);
	}
}

/* The width of one field of a type (its widest value), as GNU has it. */
static int width(const struct type *t)
{
	static const int o[] = { 0, 3, 6, 0, 11, 0, 0, 0, 22 }, d[] = { 0, 4, 6, 0, 11, 0, 0, 0, 20 },
			 u[] = { 0, 3, 5, 0, 10, 0, 0, 0, 20 };

	switch (t->kind) {
	case 'o': return o[t->size];
	case 'd': return d[t->size];
	case 'u': return u[t->size];
	case 'x': return 2 * t->size;
	default: return 3;
	}
}

static void char_field(unsigned char c, char kind)
{
	static const char *const names[33] = {
		"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs",  "ht",  "nl",
		"vt",  "ff",  "cr",  "so",  "si",  "dle", "dc1", "dc2", "dc3", "dc4", "nak",
		"syn", "etb", "can", "em",  "sub", "esc", "fs",  "gs",  "rs",  "us",  "sp",
	};
	static const char esc_from[] = "\0\a\b\f\n\r\t\v", *esc_to[] = { "\\0", "\\a", "\\b", "\\f",
									  "\\n", "\\r", "\\t", "\\v" };

	if (kind == 'a') {
		unsigned char a = c & 0x7f;
		if (a <= ' ')
			printf(" %3s", names[a]);
		else if (a == 127)
			printf(" del");
		else
			printf(" %3c", a);
		return;
	}
	const char *e = memchr(esc_from, c, sizeof esc_from - 1);
	if (e)
		printf(" %3s", esc_to[e - esc_from]);
	else if (c >= ' ' && c < 127)
		printf(" %3c", c);
	else
		printf(" %03o", c);
}

static void number_field(const unsigned char *p, const struct type *t)
{
	uint64_t v = 0;
	int w = width(t);

	for (int i = t->size - 1; i >= 0; i--)
		v = v << 8 | p[i];
	switch (t->kind) {
	case 'o': printf(" %0*llo", w, (unsigned long long)v); break;
	case 'x': printf(" %0*llx", w, (unsigned long long)v); break;
	case 'u': printf(" %*llu", w, (unsigned long long)v); break;
	default: { /* d: sign-extended from its size */
		int shift = 64 - 8 * t->size;
		long long s = (long long)(v << shift) >> shift;
		printf(" %*lld", w, s);
	}
	}
}

static void address(unsigned long long a)
{
	switch (radix) {
	case 'd': printf("%07llu", a); break;
	case 'x': printf("%06llx", a); break;
	case 'n': break;
	default: printf("%07llo", a);
	}
}

/* With several types, the columns line up: each field is padded to its
 * bytes times the widest any type needs for a byte. */
static int padding(const struct type *t)
{
	int per_byte = 0;

	if (ntypes < 2)
		return 0;
	for (int k = 0; k < ntypes; k++) {
		int w = (width(&types[k]) + 1 + types[k].size - 1) / types[k].size;
		if (w > per_byte)
			per_byte = w;
	}
	return t->size * per_byte - (width(t) + 1);
}

/* One line of n bytes, once per type. */
static void dump_line(unsigned long long at, const unsigned char *p, size_t n)
{
	unsigned char buf[LINE] = { 0 };

	memcpy(buf, p, n);
	for (int k = 0; k < ntypes; k++) {
		const struct type *t = &types[k];
		if (k == 0)
			address(at);
		else if (radix != 'n')
			printf("%*s", radix == 'x' ? 6 : 7, "");
		for (size_t i = 0; i < n; i += (size_t)t->size) {
			printf("%*s", padding(t), "");
			if (t->kind == 'a' || t->kind == 'c')
				char_field(buf[i], t->kind);
			else
				number_field(buf + i, t);
		}
		putchar('\n');
	}
}

/* The bytes of the files as one stream: the next one, or EOF. */
static int next_byte(char ***files)
{
	static FILE *in;
	int c;

	for (;;) {
		if (!in) {
			if (!**files)
				return EOF;
			in = input_open("od", *(*files)++);
			if (!in) {
				status = 1;
				continue;
			}
		}
		if ((c = getc(in)) != EOF)
			return c;
		input_close(in);
		in = NULL;
	}
}

static void dump(char **files)
{
	unsigned char line[LINE], prev[LINE];
	unsigned long long at = skip, left = limit;
	int have_prev = 0, starred = 0, c;

	for (unsigned long long i = 0; i < skip && next_byte(&files) != EOF; i++)
		;
	for (;;) {
		size_t n = 0;
		while (n < LINE && left > 0 && (c = next_byte(&files)) != EOF) {
			line[n++] = (unsigned char)c;
			left--;
		}
		if (n == 0)
			break;
		if (!verbose && have_prev && n == LINE && memcmp(line, prev, LINE) == 0) {
			if (!starred)
				puts("*");
			starred = 1;
		} else {
			dump_line(at, line, n);
			starred = 0;
		}
		memcpy(prev, line, n);
		have_prev = n == LINE;
		at += n;
		if (n < LINE)
			break;
	}
	if (radix != 'n') {
		address(at);
		putchar('\n');
	}
}

static unsigned long long count_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (end == s)
		usage();
	if (*end == 'b')
		v *= 512;
	else if (*end == 'k')
		v *= 1024;
	else if (*end == 'm')
		v *= 1048576;
	else if (*end)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	static char *none[] = { "-", NULL };
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (strchr("AtjN", *p)) {
				const char *a = p[1] ? p + 1 : argv[++i];
				if (!a)
					usage();
				if (*p == 'A') {
					if (strlen(a) != 1 || !strchr("doxn", a[0]))
						usage();
					radix = a[0];
				} else if (*p == 't') {
					parse_types(a);
				} else if (*p == 'j') {
					skip = count_arg(a);
				} else {
					limit = count_arg(a);
				}
				break;
			}
			switch (*p) {
			case 'b': add_type('o', 1); break;
			case 'c': add_type('c', 1); break;
			case 'd': add_type('u', 2); break;
			case 'o': add_type('o', 2); break;
			case 'x': add_type('x', 2); break;
			case 'v': verbose = 1; break;
			default:
				fprintf(stderr, "od: unknown option -%c\n", *p);
				usage();
			}
		}
	}
	if (ntypes == 0)
		add_type('o', 2);
	dump(i < argc ? argv + i : none);
	if (output_flush("od") < 0)
		return 1;
	return status;
}
