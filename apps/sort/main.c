/* sort: writes the lines of all its input files, sorted.
 *   sort [-bcfnru] [-o output] [-t char] [-k key]... [file...]
 * Lines are compared byte by byte (the C locale); with -n by the number
 * at their start (optional blanks, '-', digits, '.' and digits; none is
 * 0), lines with equal numbers then byte by byte. -r reverses the order.
 * -u writes only the first (in the input) of each set of lines that
 * compare equal (by the number alone with -n). -f folds lower case to
 * upper, -b skips blanks at the start of a key.
 * -k field_start[type][,field_end[type]] (POSIX): a key is fields
 * f1.c1 to f2.c2 (from 1; c2 0 or absent: the field's end; no f2: the
 * line's end); type is letters of b f n r that then apply to that key
 * alone. Lines are compared key by key, the first that differs deciding,
 * and then, if all are equal, as whole lines. Fields are separated by the
 * -t character, or else each begins where blanks (after non-blanks) do.
 * -c only checks that the input is sorted (status 1 and a message at the
 * first line out of order; with -u, also if two lines are equal). -o
 * writes to output, which may be one of the inputs: it is opened only
 * when they have all been read.
 * "-" or no operand is the standard input. Every line is held in memory
 * until the end of the input. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/alloc.h"
#include "apps/lib/output.h"

struct line {
	char *s; /* without its newline */
	size_t len;
	size_t index; /* where it came in the input */
};

/* A -k key; with no -k, one key of the whole line. */
struct key {
	int f1, c1, f2, c2; /* f2 0: to the end of the line */
	int numeric, reverse, blanks, fold;
};

static int opt_numeric, opt_reverse, opt_unique, opt_blanks, opt_fold, opt_check;
static const char *output; /* -o */
static int separator = -1; /* -t: the field separator; -1 blanks */
static struct key *keys;
static int nkeys;
static struct line *lines;
static size_t nlines, cap;

static void usage(void)
{
	fputs("usage: sort [-bcfnru] [-o output] [-t char] [-k key]... [file...]\n", stderr);
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

/* Where field f (from 1) of [s, end) starts; end if there are fewer. */
static const char *field_start(const char *s, const char *end, int f)
{
	for (; f > 1 && s < end; f--) {
		if (separator >= 0) {
			while (s < end && *s != separator)
				s++;
			if (s < end)
				s++; /* the separator belongs to neither field */
		} else {
			while (s < end && isblank((unsigned char)*s))
				s++;
			while (s < end && !isblank((unsigned char)*s))
				s++;
		}
	}
	return s;
}

/* Where the field starting at s ends. */
static const char *field_end(const char *s, const char *end)
{
	if (separator >= 0) {
		while (s < end && *s != separator)
			s++;
		return s;
	}
	while (s < end && isblank((unsigned char)*s))
		s++; /* the blanks before a field are part of it */
	while (s < end && !isblank((unsigned char)*s))
		s++;
	return s;
}

static const char *skip_blanks(const char *s, const char *end)
{
	while (s < end && isblank((unsigned char)*s))
		s++;
	return s;
}

/* The part of line l that key k covers: [*from, *to). */
static void key_span(const struct line *l, const struct key *k, const char **from, const char **to)
{
	const char *end = l->s + l->len, *f = field_start(l->s, end, k->f1), *t;

	if (k->blanks)
		f = skip_blanks(f, end);
	f = f + (k->c1 - 1) < end ? f + (k->c1 - 1) : end;
	if (k->f2 == 0) {
		t = end;
	} else {
		t = field_start(l->s, end, k->f2);
		if (k->c2 == 0) {
			t = field_end(t, end);
		} else {
			if (k->blanks)
				t = skip_blanks(t, end);
			t = t + k->c2 < end ? t + k->c2 : end;
		}
	}
	*from = f;
	*to = t > f ? t : f;
}

static int compare_text(const char *a, size_t al, const char *b, size_t bl, int fold)
{
	for (size_t i = 0; i < al && i < bl; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (fold) {
			x = toupper(x);
			y = toupper(y);
		}
		if (x != y)
			return x - y;
	}
	return (al > bl) - (al < bl);
}

/* One key of two lines. */
static int compare_by(const struct line *a, const struct line *b, const struct key *k)
{
	const char *af, *at, *bf, *bt;
	int r;

	key_span(a, k, &af, &at);
	key_span(b, k, &bf, &bt);
	if (k->numeric) {
		double x = leading_number(af, (size_t)(at - af)), y = leading_number(bf, (size_t)(bt - bf));
		r = (x > y) - (x < y);
	} else {
		r = compare_text(af, (size_t)(at - af), bf, (size_t)(bt - bf), k->fold);
	}
	return k->reverse ? -r : r;
}

/* The sort keys alone: what -u calls equal. */
static int compare_key(const struct line *a, const struct line *b)
{
	for (int i = 0; i < nkeys; i++) {
		int r = compare_by(a, b, &keys[i]);
		if (r)
			return r;
	}
	return 0;
}

static int compare(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int r = compare_key(a, b);

	/* The last resort, as POSIX has it: the whole lines, byte by byte;
	 * not with -u, whose equal lines must stay together in input order
	 * for the first to be kept. */
	if (r == 0 && !opt_unique) {
		r = compare_text(a->s, a->len, b->s, b->len, 0);
		if (opt_reverse)
			r = -r;
	}
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
		lines[nlines].index = nlines;
		nlines++;
	} while (c != EOF);
	return ferror(f) ? -1 : 0;
}

/* -c: 0 if the lines are in order, else 1 after naming the first that
 * is not. */
static int check_sorted(void)
{
	for (size_t i = 1; i < nlines; i++) {
		int r = compare_key(&lines[i - 1], &lines[i]);
		if (r == 0 && !opt_unique) {
			r = compare_text(lines[i - 1].s, lines[i - 1].len, lines[i].s, lines[i].len, 0);
			if (opt_reverse)
				r = -r;
		}
		if (r > 0 || (r == 0 && opt_unique)) {
			fprintf(stderr, "sort: disorder: %.*s\n", (int)lines[i].len, lines[i].s);
			return 1;
		}
	}
	return 0;
}

static int set_flag(struct key *k, char c)
{
	switch (c) {
	case 'b': k->blanks = 1; return 0;
	case 'f': k->fold = 1; return 0;
	case 'n': k->numeric = 1; return 0;
	case 'r': k->reverse = 1; return 0;
	default: return -1;
	}
}

/* A number of a -k key at *p (moved past it); -1 if none. */
static int key_number(const char **p)
{
	int v = 0;

	if (!isdigit((unsigned char)**p))
		return -1;
	while (isdigit((unsigned char)**p))
		v = v * 10 + (*(*p)++ - '0');
	return v;
}

/* Reads field[.char][type] at *p; 0, or -1 if it is not one. */
static int key_part(const char **p, struct key *k, int *f, int *c, int start)
{
	if ((*f = key_number(p)) < (start ? 1 : 0))
		return -1;
	*c = start ? 1 : 0;
	if (**p == '.') {
		(*p)++;
		if ((*c = key_number(p)) < (start ? 1 : 0))
			return -1;
	}
	while (**p && **p != ',')
		if (set_flag(k, *(*p)++) < 0)
			return -1;
	return 0;
}

static void add_key(const char *spec)
{
	struct key k = { 0 };
	const char *p = spec;

	if (key_part(&p, &k, &k.f1, &k.c1, 1) < 0 ||
	    (*p == ',' && (p++, key_part(&p, &k, &k.f2, &k.c2, 0) < 0 || k.f2 == 0)) || *p) {
		fprintf(stderr, "sort: invalid key: %s\n", spec);
		usage();
	}
	keys = xrealloc("sort", keys, (size_t)(nkeys + 1) * sizeof *keys);
	keys[nkeys++] = k;
}

/* Keys with no letters of their own take the global ones; no -k is one
 * key of the whole line. */
static void finish_keys(void)
{
	if (nkeys == 0)
		add_key("1");
	for (int i = 0; i < nkeys; i++) {
		struct key *k = &keys[i];
		if (!k->numeric && !k->reverse && !k->blanks && !k->fold) {
			k->numeric = opt_numeric;
			k->reverse = opt_reverse;
			k->blanks = opt_blanks;
			k->fold = opt_fold;
		}
	}
}

/* The argument of -k or -t: the rest of the word, or the next one. */
static const char *option_argument(char **argv, int *i, const char *rest)
{
	const char *a = *rest ? rest : argv[++*i];

	if (!a)
		usage();
	return a;
}

/* Options come first; "-" alone is an operand, "--" ends them. Read here,
 * not by option_next: -k and -t take arguments. */
static void read_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			struct key global = { 0 };
			if (*p == 'k' || *p == 't' || *p == 'o') {
				const char *a = option_argument(argv, &i, p + 1);
				if (*p == 'k')
					add_key(a);
				else if (*p == 'o')
					output = a;
				else if (strlen(a) != 1)
					usage();
				else
					separator = (unsigned char)a[0];
				break;
			}
			if (*p == 'u') {
				opt_unique = 1;
			} else if (*p == 'c') {
				opt_check = 1;
			} else if (set_flag(&global, *p) < 0) {
				fprintf(stderr, "sort: unknown option -%c\n", *p);
				usage();
			}
			opt_numeric |= global.numeric;
			opt_reverse |= global.reverse;
			opt_blanks |= global.blanks;
			opt_fold |= global.fold;
		}
	}
	optind = i;
}

int main(int argc, char **argv)
{
	int status = 0;

	read_options(argc, argv);
	finish_keys();
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

	if (opt_check)
		return status ? 2 : check_sorted();
	if (output && !freopen(output, "w", stdout)) {
		fprintf(stderr, "sort: %s: %s\n", output, strerror(errno));
		return 2;
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
