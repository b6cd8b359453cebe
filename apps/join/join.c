/* join: joins the lines of two sorted files on a field.
 *   join [-a file_number | -v file_number] [-e string] [-o list] [-t char]
 *        [-1 field] [-2 field] file1 file2
 * For each pair of lines, one of each file, whose join fields (the first,
 * or -1's and -2's) are equal, prints the join field, the other fields of
 * file1's line and those of file2's; or with -o the fields it lists
 * ("1.3,2.1,0": file.field, 0 the join field), -e's string for one
 * missing. -a n also prints the lines of file n that pair with none, -v n
 * only them. Fields are separated by blanks (leading ones ignored), or by
 * each -t char; output fields by a space or the char. The files are read
 * whole and must be sorted on the join field (sort's order in C). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

#define P "join"

struct line {
	char **field;
	int n;
};

struct file {
	struct line *line;
	long n, cap;
	int key; /* the join field, from 0 */
};

static int sep = -1; /* -t's char, or -1: blanks */
static const char *empty;
static int show_unpaired[3], show_paired = 1;
static struct {
	int file, field; /* file 0: the join field */
} out_list[64];
static int n_out = -1; /* -1: no -o */

static void split_line(struct line *l, char *s)
{
	int cap = 8;

	l->field = xmalloc(P, (size_t)cap * sizeof *l->field);
	l->n = 0;
	for (;;) {
		if (sep < 0)
			s += strspn(s, " \t");
		if (sep < 0 && *s == '\0')
			break;
		if (l->n == cap)
			l->field = xrealloc(P, l->field, (size_t)(cap *= 2) * sizeof *l->field);
		l->field[l->n++] = s;
		s += sep < 0 ? strcspn(s, " \t") : strcspn(s, (char[]){ (char)sep, 0 });
		if (*s == '\0')
			break;
		*s++ = '\0';
	}
}

static int read_file(struct file *f, const char *name)
{
	FILE *in = input_open(P, name);
	char *buf = NULL;
	size_t cap = 0;

	if (!in)
		return -1;
	while (input_line(in, &buf, &cap) >= 0) {
		if (f->n == f->cap)
			f->line = xrealloc(P, f->line, (size_t)(f->cap = f->cap ? 2 * f->cap : 64) *
			                                      sizeof *f->line);
		char *copy = xmalloc(P, strlen(buf) + 1);
		strcpy(copy, buf);
		split_line(&f->line[f->n++], copy);
	}
	free(buf);
	input_close(in);
	return 0;
}

static const char *key_of(const struct file *f, long i)
{
	const struct line *l = &f->line[i];
	return f->key < l->n ? l->field[f->key] : "";
}

static void put_field(const char *s, int *first)
{
	if (!*first)
		putchar(sep < 0 ? ' ' : sep);
	*first = 0;
	fputs(s, stdout);
}

/* One output line from a line of each file (either may be NULL, not
 * both). */
static void emit(const struct file *f1, const struct line *a, const struct file *f2,
                 const struct line *b)
{
	int first = 1;
	const char *key = a ? (f1->key < a->n ? a->field[f1->key] : "")
	                    : (f2->key < b->n ? b->field[f2->key] : "");

	if (n_out >= 0) {
		for (int i = 0; i < n_out; i++) {
			const struct line *l = out_list[i].file == 1 ? a : b;
			int k = out_list[i].field;
			const char *s = out_list[i].file == 0 ? key
			                : l && k < l->n       ? l->field[k]
			                                      : NULL;
			put_field(s && (*s || !empty) ? s : empty ? empty : "", &first);
		}
	} else {
		put_field(key, &first);
		for (int i = 0; a && i < a->n; i++)
			if (i != f1->key)
				put_field(a->field[i], &first);
		for (int i = 0; b && i < b->n; i++)
			if (i != f2->key)
				put_field(b->field[i], &first);
	}
	putchar('\n');
}

static void join(const struct file *f1, const struct file *f2)
{
	long i = 0, j = 0;

	while (i < f1->n || j < f2->n) {
		int c = i >= f1->n ? 1 : j >= f2->n ? -1 : strcmp(key_of(f1, i), key_of(f2, j));
		if (c < 0) {
			if (show_unpaired[1])
				emit(f1, &f1->line[i], f2, NULL);
			i++;
		} else if (c > 0) {
			if (show_unpaired[2])
				emit(f1, NULL, f2, &f2->line[j]);
			j++;
		} else {
			/* The runs of equal keys in each: every pair. */
			long i2 = i, j2 = j;
			while (i2 < f1->n && strcmp(key_of(f1, i2), key_of(f1, i)) == 0)
				i2++;
			while (j2 < f2->n && strcmp(key_of(f2, j2), key_of(f2, j)) == 0)
				j2++;
			for (long a = i; show_paired && a < i2; a++)
				for (long b = j; b < j2; b++)
					emit(f1, &f1->line[a], f2, &f2->line[b]);
			i = i2;
			j = j2;
		}
	}
}

/* -o's list: 0 or -1 after a message. */
static int parse_list(char *s)
{
	n_out = 0;
	for (char *w = strtok(s, ", \t"); w; w = strtok(NULL, ", \t")) {
		char *end;
		if (n_out == (int)(sizeof out_list / sizeof out_list[0]))
			goto bad;
		if (strcmp(w, "0") == 0) {
			out_list[n_out].file = 0;
		} else {
			if ((w[0] != '1' && w[0] != '2') || w[1] != '.')
				goto bad;
			out_list[n_out].file = w[0] - '0';
			out_list[n_out].field = (int)strtol(w + 2, &end, 10) - 1;
			if (*end || out_list[n_out].field < 0)
				goto bad;
		}
		n_out++;
	}
	return 0;
bad:
	fprintf(stderr, P ": bad field list\n");
	return -1;
}

int main(int argc, char **argv)
{
	struct file f1 = { 0 }, f2 = { 0 };
	char *arg, *end;
	int c;
	long n;

	while ((c = option_arg(argc, argv, P, "a:v:e:o:t:1:2:", &arg)) != -1) {
		switch (c) {
		case 'a':
		case 'v':
			if ((arg[0] != '1' && arg[0] != '2') || arg[1])
				goto usage;
			show_unpaired[arg[0] - '0'] = 1;
			if (c == 'v')
				show_paired = 0;
			break;
		case 'e':
			empty = arg;
			break;
		case 'o':
			if (parse_list(arg) < 0)
				goto usage;
			break;
		case 't':
			if (!arg[0] || arg[1])
				goto usage;
			sep = (unsigned char)arg[0];
			break;
		case '1':
		case '2':
			n = strtol(arg, &end, 10);
			if (*end || n < 1)
				goto usage;
			(c == '1' ? &f1 : &f2)->key = (int)n - 1;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2 || (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0))
		goto usage;
	if (read_file(&f1, argv[optind]) < 0 || read_file(&f2, argv[optind + 1]) < 0)
		return 1;
	join(&f1, &f2);
	return output_flush(P) < 0 ? 1 : 0;
usage:
	fputs("usage: join [-a file_number | -v file_number] [-e string] [-o list] [-t char]\n"
	      "            [-1 field] [-2 field] file1 file2\n",
	      stderr);
	return 2;
}
