/* sed's script compiler: text to struct script (sed.h).
 *
 * One pass over the text with a cursor: addresses, '!', the command
 * letter and its arguments, then a separator. Regular expressions are
 * compiled here, once; an empty one (//) is left NULL for run.c to take
 * the last one used, as POSIX says. Labels are resolved when the whole
 * script is read, since b may jump forward. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/sed/sed.h"

static const char *at; /* the cursor */

static char *xstrdup_n(const char *s, size_t n)
{
	char *d = xmalloc(prog, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

_Noreturn static void bad(const char *what)
{
	fprintf(stderr, "sed: %s near \"%.10s\"\n", what, at);
	exit(1);
}

static void skip_blanks(void)
{
	while (*at == ' ' || *at == '\t')
		at++;
}

/* Text up to the unescaped delimiter d, the cursor left past it. An
 * escaped delimiter loses its backslash; with keep, other escapes keep
 * theirs (the regex or the replacement reads them), else \n is a newline
 * and \\ a backslash (y's sets). */
static char *delimited(char d, int keep)
{
	size_t n = 0, cap = 16;
	char *s = xmalloc(prog, cap);

	for (; *at && *at != d; at++) {
		char c = *at;
		if (n + 3 > cap)
			s = xrealloc(prog, s, cap *= 2);
		if (c == '\\' && at[1]) {
			c = *++at;
			if (c == d && d != '\n')
				;
			else if (keep)
				s[n++] = '\\';
			else if (c == 'n')
				c = '\n';
		} else if (c == '\n' && keep != 2) {
			break; /* an unterminated s or y */
		}
		s[n++] = c;
	}
	if (*at != d)
		bad("unterminated command");
	at++;
	s[n] = '\0';
	return s;
}

/* A regex from its source: NULL for the empty one. */
static struct regex *compile_re(const char *src, int flags)
{
	struct regex *re;

	if (!*src)
		return NULL;
	re = xmalloc(prog, sizeof *re);
	if (re_compile(re, src, flags | (opt_ext ? RE_EXTENDED : 0)) < 0) {
		fprintf(stderr, "sed: %s: %s\n", src, re->err);
		exit(1);
	}
	return re;
}

/* One address at the cursor, if there is one: 1 if so. */
static int address(struct addr *a)
{
	if (isdigit((unsigned char)*at)) {
		a->kind = ADDR_LINE;
		a->line = strtoul(at, (char **)&at, 10);
		return 1;
	}
	if (*at == '$') {
		at++;
		a->kind = ADDR_LAST;
		return 1;
	}
	if (*at == '/' || *at == '\\') {
		char d = *at == '\\' ? *++at : '/';
		char *src;
		at++;
		src = delimited(d, 1);
		a->kind = ADDR_RE;
		a->re = compile_re(src, 0);
		free(src);
		return 1;
	}
	return 0;
}

/* The file of r, w and s///w: the rest of the line. w files are made
 * now, before any input is read (POSIX). */
static void file_argument(struct command *c, int write)
{
	char *name;

	while (*at == ' ' || *at == '\t')
		at++;
	name = xstrdup_n(at, strcspn(at, "\n"));
	at += strlen(name);
	if (!*name)
		bad("missing file name");
	c->text = name;
	if (write) {
		c->wfile = strcmp(name, "/dev/stdout") == 0 ? stdout : fopen(name, "w");
		if (!c->wfile) {
			fprintf(stderr, "sed: %s: cannot open for writing\n", name);
			exit(1);
		}
	}
}

/* s's flags: g p N I w. */
static void s_flags(struct command *c, int *icase)
{
	for (;;) {
		if (*at == 'w') {
			at++;
			file_argument(c, 1);
			return;
		}
		if (*at == 'g')
			c->global = 1;
		else if (*at == 'p')
			c->print = 1;
		else if (*at == 'I' || *at == 'i')
			*icase = RE_ICASE;
		else if (isdigit((unsigned char)*at)) {
			c->nth = strtoul(at, (char **)&at, 10);
			if (c->nth == 0)
				bad("the number in s///N may not be 0");
			continue;
		} else
			return;
		at++;
	}
}

static void parse_s(struct command *c)
{
	char d = *at++, *src;
	int icase = 0;

	if (!d || d == '\n' || d == '\\')
		bad("unterminated s command");
	src = delimited(d, 1);
	c->repl = delimited(d, 2); /* a replacement may hold escaped newlines */
	s_flags(c, &icase);
	c->re = compile_re(src, icase);
	if (!c->re && icase)
		bad("s//I needs a regular expression");
	free(src);
}

static void parse_y(struct command *c)
{
	char d = *at++;

	if (!d || d == '\n' || d == '\\')
		bad("unterminated y command");
	c->text = delimited(d, 0);
	c->text2 = delimited(d, 0);
	if (strlen(c->text) != strlen(c->text2))
		bad("y strings of different lengths");
}

/* The text of a i c: "a\" and the lines after it (each but the last
 * ending in a backslash), or GNU's "a text" to the end of the line. */
static void parse_text(struct command *c)
{
	size_t n = 0, cap = 16;
	char *s = xmalloc(prog, cap);

	skip_blanks();
	if (*at == '\\') {
		at++;
		if (*at == '\n')
			at++;
	}
	skip_blanks(); /* POSIX drops blanks before the text */
	for (; *at && *at != '\n'; at++) {
		if (n + 2 > cap)
			s = xrealloc(prog, s, cap *= 2);
		if (*at == '\\' && at[1])
			at++; /* an escaped newline goes on; \x is x */
		s[n++] = *at;
	}
	s[n] = '\0';
	c->text = s;
}

/* A label, to the end of the line or a ';'. */
static char *label(void)
{
	const char *start;
	size_t n;
	char *s;

	skip_blanks();
	start = at;
	while (*at && *at != '\n' && *at != ';')
		at++;
	n = (size_t)(at - start);
	while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
		n--;
	s = xmalloc(prog, n + 1);
	memcpy(s, start, n);
	s[n] = '\0';
	return s;
}

/* The command letter's arguments. */
static void arguments(struct command *c)
{
	switch (c->cmd) {
	case 's': parse_s(c); break;
	case 'y': parse_y(c); break;
	case 'a': case 'i': case 'c': parse_text(c); break;
	case 'r': case 'w': file_argument(c, c->cmd == 'w'); break;
	case 'b': case 't': case ':': c->text = label(); break;
	case 'q':
		skip_blanks();
		c->nth = isdigit((unsigned char)*at) ? strtoul(at, (char **)&at, 10) : 0;
		break;
	case '{': case '}': case 'd': case 'D': case 'p': case 'P': case 'n': case 'N':
	case 'l': case '=': case 'h': case 'H': case 'g': case 'G': case 'x':
		break;
	default:
		at--;
		bad("unknown command");
	}
	if (c->cmd == ':' && (c->a1.kind != ADDR_NONE || !*c->text))
		bad(": takes a label and no address");
}

static struct command *new_command(struct script *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->cmds = xrealloc(prog, s->cmds, s->cap * sizeof *s->cmds);
	}
	memset(&s->cmds[s->n], 0, sizeof *s->cmds);
	return &s->cmds[s->n++];
}

/* b and t: the index of the label, or the end of the script. */
static void resolve_labels(struct script *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct command *c = &s->cmds[i];
		if (c->cmd != 'b' && c->cmd != 't')
			continue;
		c->jump = s->n;
		if (!*c->text)
			continue;
		size_t k = 0;
		while (k < s->n && !(s->cmds[k].cmd == ':' && strcmp(s->cmds[k].text, c->text) == 0))
			k++;
		if (k == s->n) {
			fprintf(stderr, "sed: can't find label for jump to `%s'\n", c->text);
			exit(1);
		}
		c->jump = k;
	}
}

/* One command with its addresses; the stack of open { updated. */
static void one_command(struct script *s, size_t *open, int *depth)
{
	struct command *c = new_command(s);

	if (address(&c->a1) && *at == ',') {
		at++;
		if (!address(&c->a2))
			bad("unexpected ,");
	}
	skip_blanks();
	while (*at == '!') {
		c->negate = 1;
		at++;
		skip_blanks();
	}
	if (!*at)
		bad("missing command");
	c->cmd = *at++;
	arguments(c);
	if (c->cmd == '{') {
		if (*depth == 64)
			bad("blocks nested too deep");
		open[(*depth)++] = s->n - 1;
	} else if (c->cmd == '}') {
		if (*depth == 0 || c->a1.kind != ADDR_NONE)
			bad("unexpected }");
		s->cmds[open[--*depth]].jump = s->n;
	}
}

void sed_compile(struct script *s, const char *text)
{
	size_t open[64];
	int depth = 0;

	at = text;
	for (;;) {
		while (*at == ' ' || *at == '\t' || *at == '\n' || *at == ';')
			at++;
		if (*at == '#') {
			while (*at && *at != '\n')
				at++;
			continue;
		}
		if (!*at)
			break;
		one_command(s, open, &depth);
		skip_blanks();
		/* A command ends at a separator; } may follow directly, and a
		 * { needs none. */
		if (s->cmds[s->n - 1].cmd != '{' && *at && *at != '\n' && *at != ';' && *at != '}' &&
		    *at != '#')
			bad("extra characters after command");
	}
	if (depth)
		bad("unmatched {");
	resolve_labels(s);
}
