/* awk's files: the main input (the operands in ARGV, with var=value
 * assignments among them), records as RS separates them, and the streams
 * print, printf and getline name ("file", >> "file", | "cmd", "cmd" |
 * getline, getline < "file"), each opened once and kept until close().
 *
 * RS is one character (newline by default), or "" for paragraphs:
 * records separated by blank lines. Before a command runs (a pipe or
 * system()), stdout is flushed, so output stays in the order written. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "apps/awk/awk.h"

struct stream {
	char *name;
	FILE *f;
	int kind; /* '>' T_APPEND '|' (output), '<' T_GETLINE (input) */
	struct stream *next;
};

static struct stream *streams;
static FILE *cur;       /* the main input file */
static int argi = 1;    /* the next ARGV operand */
static int had_file;    /* an operand named a file */

static void grow(char **buf, size_t *cap, size_t need)
{
	if (need > *cap) {
		*cap = need * 2;
		*buf = xresize(*buf, *cap);
	}
}

/* One record of f into *buf (*len bytes, NUL after): 1, or 0 at the end. */
int read_record(FILE *f, char **buf, size_t *cap, size_t *len)
{
	const char *rs = global_str(G_RS);
	int sep = rs[0] ? (unsigned char)rs[0] : '\n', c, para = !rs[0];
	size_t n = 0;

	if (para)
		while ((c = getc(f)) == '\n')
			;
	else
		c = getc(f);
	if (c == EOF)
		return 0;
	for (; c != EOF; c = getc(f)) {
		if (c == sep) {
			if (!para)
				break;
			int d = getc(f);
			if (d == '\n' || d == EOF) { /* a blank line ends the paragraph */
				while ((d = getc(f)) == '\n')
					;
				if (d != EOF)
					ungetc(d, f);
				break;
			}
			ungetc(d, f);
		}
		grow(buf, cap, n + 2);
		(*buf)[n++] = (char)c;
	}
	grow(buf, cap, n + 1);
	(*buf)[n] = '\0';
	*len = n;
	return 1;
}

/* An operand name=value, name a valid variable name: assigned, 1. */
static int operand_assignment(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *name, *value;

	if (!eq || eq == arg || isdigit((unsigned char)arg[0]))
		return 0;
	for (const char *p = arg; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return 0;
	name = xstrndup(arg, (size_t)(eq - arg));
	value = unescape(eq + 1, strlen(eq + 1));
	int g = global_index(name);
	val_free(&globals[g].v);
	globals[g].v = val_strnum(value);
	free(name);
	free(value);
	return 1;
}

/* Opens the next input file; 0 when there is none left. */
static int next_file(void)
{
	while (argi < (int)to_num(&globals[G_ARGC].v)) {
		char key[32];
		snprintf(key, sizeof key, "%d", argi++);
		struct value *v = array_get(cell_array(&globals[G_ARGV]), key, 0);
		const char *arg = v ? to_str(v) : "";
		if (!*arg || operand_assignment(arg))
			continue;
		had_file = 1;
		cur = strcmp(arg, "-") == 0 ? stdin : fopen(arg, "r");
		if (!cur)
			fatal("can't open file %s: %s", arg, strerror(errno));
		set_global_str(G_FILENAME, arg);
		set_global_num(G_FNR, 0);
		return 1;
	}
	if (had_file)
		return 0;
	had_file = 1; /* no file operands: the standard input, once */
	cur = stdin;
	return 1;
}

void skip_file(void)
{
	if (cur && cur != stdin)
		fclose(cur);
	cur = NULL;
}

int getline_main(char **buf, size_t *cap, size_t *len)
{
	for (;;) {
		if (!cur && !next_file())
			return 0;
		if (read_record(cur, buf, cap, len))
			return 1;
		skip_file();
	}
}

static FILE *open_stream(int kind, const char *name)
{
	if (kind == '|' || kind == T_GETLINE) {
		fflush(stdout);
		return popen(name, kind == '|' ? "w" : "r");
	}
	if (kind == '<')
		return strcmp(name, "-") == 0 || strcmp(name, "/dev/stdin") == 0 ? stdin
		                                                                  : fopen(name, "r");
	if (strcmp(name, "/dev/stdout") == 0 || strcmp(name, "-") == 0)
		return stdout;
	if (strcmp(name, "/dev/stderr") == 0)
		return stderr;
	return fopen(name, kind == T_APPEND ? "a" : "w");
}

/* The stream for name, opened the first time. Output that cannot be
 * opened is fatal; input gives NULL (getline then returns -1). */
FILE *output_stream(int kind, const char *name)
{
	struct stream *s;
	int input = kind == '<' || kind == T_GETLINE;

	for (s = streams; s; s = s->next)
		if (strcmp(s->name, name) == 0 && (s->kind == '<' || s->kind == T_GETLINE) == input)
			return s->f;
	FILE *f = open_stream(kind, name);
	if (!f) {
		if (input)
			return NULL;
		fatal("can't redirect to %s: %s", name, strerror(errno));
	}
	s = xalloc(sizeof *s);
	s->name = xstrdup(name);
	s->f = f;
	s->kind = kind;
	s->next = streams;
	streams = s;
	return f;
}

static int close_one(struct stream *s)
{
	if (s->kind == '|' || s->kind == T_GETLINE) {
		int st = pclose(s->f);
		return st >= 0 && (st & 0x7f) == 0 ? (st >> 8) & 0xff : st;
	}
	if (s->f == stdout || s->f == stderr || s->f == stdin)
		return fflush(s->f);
	return fclose(s->f);
}

int close_stream(const char *name)
{
	for (struct stream **ps = &streams; *ps; ps = &(*ps)->next)
		if (strcmp((*ps)->name, name) == 0) {
			struct stream *s = *ps;
			int r = close_one(s);
			*ps = s->next;
			free(s->name);
			free(s);
			return r;
		}
	return -1;
}

void close_all(void)
{
	fflush(stdout);
	while (streams)
		close_stream(streams->name);
}
