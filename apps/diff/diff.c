/* diff: compares two files line by line (POSIX XCU diff).
 *   diff [-u | -U n] [-biq] file1 file2
 * The normal output: "NaM" (lines of file2 added after line N of file1),
 * "N,MdK" (deleted), "N,McK,L" (changed), with "< " before the lines of
 * file1 and "> " before those of file2, "---" between them. -u gives the
 * unified format with 3 lines of context (-U n: n). -b ignores changes in
 * the amount of white space, -i in case; -q only says whether the files
 * differ. A file named "-" is the standard input; if file2 is a
 * directory, file2/basename(file1) is compared.
 *
 * The lines that stay are a longest common subsequence (lcs.c); lines
 * are compared by a hash first. Exit status 0 if the files are the same,
 * 1 if they differ, 2 on trouble. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "apps/diff/lcs.h"
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/lib/output.h"
#include "apps/lib/path.h"

struct line {
	char *s;
	size_t len;
	unsigned long hash;
};

struct file {
	const char *name;
	struct line *lines;
	long n;
	int no_newline; /* the last line had none */
	long *match;
};

static int opt_blank, opt_icase, opt_quiet, opt_unified;
static long context = 3;

static void usage(void)
{
	fputs("usage: diff [-u | -U n] [-biq] file1 file2\n", stderr);
	exit(2);
}

/* The hash of a line as the options see it. */
static unsigned long line_hash(const char *s, size_t n)
{
	unsigned long h = 5381;

	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (opt_blank && isspace(c)) {
			while (i + 1 < n && isspace((unsigned char)s[i + 1]))
				i++;
			if (i + 1 == n)
				break; /* blanks at the end are none */
			c = ' ';
		}
		if (opt_icase)
			c = tolower(c);
		h = h * 33 + (unsigned long)c;
	}
	return h;
}

static int same_line(const struct line *a, const struct line *b)
{
	size_t i = 0, j = 0;

	if (a->hash != b->hash)
		return 0;
	if (!opt_blank && !opt_icase)
		return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
	for (;;) {
		if (opt_blank && i < a->len && j < b->len && isspace((unsigned char)a->s[i]) &&
		    isspace((unsigned char)b->s[j])) {
			while (i < a->len && isspace((unsigned char)a->s[i]))
				i++;
			while (j < b->len && isspace((unsigned char)b->s[j]))
				j++;
			continue;
		}
		if (opt_blank) { /* blanks at the end are none */
			size_t k = i, l = j;
			while (k < a->len && isspace((unsigned char)a->s[k]))
				k++;
			while (l < b->len && isspace((unsigned char)b->s[l]))
				l++;
			if (k == a->len && l == b->len)
				return 1;
		}
		if (i == a->len || j == b->len)
			return i == a->len && j == b->len;
		int x = (unsigned char)a->s[i++], y = (unsigned char)b->s[j++];
		if (opt_icase ? tolower(x) != tolower(y) : x != y)
			return 0;
	}
}

struct pair {
	struct file *a, *b;
};

static int equal_lines(void *ctx, long i, long j)
{
	struct pair *p = ctx;

	return same_line(&p->a->lines[i], &p->b->lines[j]);
}

/* Reads the whole file; -1 after a message if it cannot. */
static int load(struct file *f)
{
	FILE *in = input_open("diff", f->name);
	long cap = 0;
	int c;

	if (!in)
		return -1;
	for (;;) {
		char *s = NULL;
		size_t len = 0, scap = 0;
		while ((c = getc(in)) != EOF && c != '\n') {
			if (len + 1 >= scap)
				s = xrealloc("diff", s, scap = scap ? 2 * scap : 64);
			s[len++] = (char)c;
		}
		if (c == EOF && len == 0) {
			free(s);
			break;
		}
		if (f->n == cap)
			f->lines = xrealloc("diff", f->lines, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *f->lines);
		f->lines[f->n++] = (struct line){ s ? s : strdup(""), len, line_hash(s ? s : "", len) };
		if (c == EOF) {
			f->no_newline = 1;
			break;
		}
	}
	if (ferror(in)) {
		fprintf(stderr, "diff: %s: %s\n", f->name, strerror(errno));
		input_close(in);
		return -1;
	}
	input_close(in);
	f->match = xmalloc("diff", (size_t)(f->n + 1) * sizeof *f->match);
	return 0;
}

static void print_line(char mark, const struct file *f, long i)
{
	printf("%c%s", mark, opt_unified ? "" : " ");
	fwrite(f->lines[i].s, 1, f->lines[i].len, stdout);
	putchar('\n');
	if (i == f->n - 1 && f->no_newline)
		puts("\\ No newline at end of file");
}

static void range(long from, long to) /* lines from..to, from 1 */
{
	if (to <= from)
		printf("%ld", from);
	else
		printf("%ld,%ld", from, to);
}

/* One hunk of the normal format: a's [i, i2) became b's [j, j2). */
static void normal_hunk(struct file *a, struct file *b, long i, long i2, long j, long j2)
{
	if (i2 > i && j2 > j) {
		range(i + 1, i2);
		putchar('c');
		range(j + 1, j2);
	} else if (i2 > i) {
		range(i + 1, i2);
		printf("d%ld", j);
	} else {
		printf("%lda", i);
		range(j + 1, j2);
	}
	putchar('\n');
	for (long k = i; k < i2; k++)
		print_line('<', a, k);
	if (i2 > i && j2 > j)
		puts("---");
	for (long k = j; k < j2; k++)
		print_line('>', b, k);
}

/* The next change at or after (i, j): its ends in *i2, *j2; 0 if none. */
static int next_change(struct file *a, struct file *b, long *i, long *j, long *i2, long *j2)
{
	while (*i < a->n && *j < b->n && a->match[*i] == *j)
		(*i)++, (*j)++;
	if (*i >= a->n && *j >= b->n)
		return 0;
	*i2 = *i;
	*j2 = *j;
	while (*i2 < a->n && a->match[*i2] < 0)
		(*i2)++;
	while (*j2 < b->n && b->match[*j2] < 0)
		(*j2)++;
	return 1;
}

static void unified_range(long start, long count)
{
	if (count == 1)
		printf("%ld", start);
	else
		printf("%ld,%ld", count == 0 ? start - 1 + (start == 0) : start, count);
}

/* -u: the changes grouped into hunks with context lines around them. */
static void unified(struct file *a, struct file *b)
{
	long i = 0, j = 0, i2, j2;

	printf("--- %s\n+++ %s\n", a->name, b->name);
	while (next_change(a, b, &i, &j, &i2, &j2)) {
		long hi = i - context > 0 ? i - context : 0, hj = j - (i - hi);
		long ei = i2, ej = j2, ni, nj, ni2, nj2;
		/* Take in the next changes while their context would touch. */
		for (;;) {
			ni = ei;
			nj = ej;
			if (!next_change(a, b, &ni, &nj, &ni2, &nj2) || ni - ei > 2 * context)
				break;
			ei = ni2;
			ej = nj2;
		}
		long ti = ei + context < a->n ? ei + context : a->n;
		long tj = ej + (ti - ei);
		printf("@@ -");
		unified_range(hi + 1, ti - hi);
		printf(" +");
		unified_range(hj + 1, tj - hj);
		printf(" @@\n");
		while (hi < ti || hj < tj) {
			if (hi < ti && hj < tj && a->match[hi] == hj) {
				print_line(' ', a, hi++);
				hj++;
				continue;
			}
			while (hi < ti && a->match[hi] < 0)
				print_line('-', a, hi++);
			while (hj < tj && b->match[hj] < 0)
				print_line('+', b, hj++);
		}
		i = ti;
		j = tj;
	}
}

static int compare(struct file *a, struct file *b)
{
	struct pair p = { a, b };
	long i = 0, j = 0, i2, j2;
	int differ = 0;

	if (lcs_match(a->n, b->n, equal_lines, &p, a->match, b->match) < 0)
		out_of_memory("diff");
	/* Same lines but one file ends without a newline: they differ. */
	if (a->n == b->n && a->no_newline != b->no_newline && a->n > 0 && a->match[a->n - 1] == b->n - 1) {
		a->match[a->n - 1] = b->match[b->n - 1] = -1;
	}
	for (long k = 0; k < a->n && !differ; k++)
		differ = a->match[k] < 0;
	differ |= a->n != b->n;
	if (!differ)
		return 0;
	if (opt_quiet) {
		printf("Files %s and %s differ\n", a->name, b->name);
		return 1;
	}
	if (opt_unified) {
		unified(a, b);
		return 1;
	}
	while (next_change(a, b, &i, &j, &i2, &j2)) {
		normal_hunk(a, b, i, i2, j, j2);
		i = i2;
		j = j2;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct file a = { 0 }, b = { 0 };
	struct stat st;
	int i, r;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'U') {
				const char *n = p[1] ? p + 1 : argv[++i];
				if (!n || (context = strtol(n, NULL, 10)) < 0)
					usage();
				opt_unified = 1;
				break;
			}
			switch (*p) {
			case 'u': opt_unified = 1; break;
			case 'b': opt_blank = 1; break;
			case 'i': opt_icase = 1; break;
			case 'q': opt_quiet = 1; break;
			default:
				fprintf(stderr, "diff: unknown option -%c\n", *p);
				usage();
			}
		}
	}
	if (argc - i != 2)
		usage();
	a.name = argv[i];
	b.name = argv[i + 1];
	if (strcmp(b.name, "-") != 0 && stat(b.name, &st) == 0 && S_ISDIR(st.st_mode))
		b.name = path_into_dir("diff", b.name, a.name);
	if (load(&a) < 0 || load(&b) < 0)
		return 2;
	r = compare(&a, &b);
	if (output_flush("diff") < 0)
		return 2;
	return r;
}
