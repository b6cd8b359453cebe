/* sed's execution: the cycle over the input lines (POSIX XCU sed,
 * "Editing commands").
 *
 * Each cycle reads a line into the pattern space, runs the commands from
 * the first (pc is the index of the next), and writes the pattern space
 * unless -n; then the text queued by a. The input is all the files as one
 * stream, read one line ahead so that $ knows the last line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/lib/output.h"
#include "apps/sed/sed.h"

struct buf {
	char *s;
	size_t len, cap;
};

static struct buf ps, hold, out;
static char **files;
static FILE *in;
static char *ahead; /* the next line, read ahead (NULL: none) */
static size_t ahead_cap;
static long ahead_len = -1;
static unsigned long lineno;
static int status;
static const struct regex *last_re;
/* The texts of a and the files of r, for the end of the cycle. */
static const struct command **queue;
static size_t nqueue;

static void buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more + 1 > b->cap) {
		b->cap = (b->len + more + 1) * 2;
		b->s = xrealloc(prog, b->s, b->cap);
	}
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_set(struct buf *b, const char *s, size_t n)
{
	b->len = 0;
	buf_add(b, s, n);
}

/* Reads the line after the current one into `ahead`, going on to the
 * next file at the end of one. */
static void read_ahead(void)
{
	for (;;) {
		if (!in) {
			if (!*files)
				break;
			in = input_open(prog, *files++);
			if (!in) {
				status = 2;
				continue;
			}
		}
		if ((ahead_len = input_line(in, &ahead, &ahead_cap)) >= 0)
			return;
		input_close(in);
		in = NULL;
	}
	ahead_len = -1;
}

/* The next line into the pattern space (replace) or after a newline in
 * it; 0 at the end of the input. */
static int next_line(int append)
{
	if (ahead_len < 0)
		return 0;
	if (append)
		buf_add(&ps, "\n", 1);
	else
		ps.len = 0;
	buf_add(&ps, ahead, (size_t)ahead_len);
	lineno++;
	read_ahead();
	return 1;
}

static void put(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
	putchar('\n');
}

static const struct regex *use_re(const struct regex *re)
{
	if (re)
		last_re = re;
	if (!last_re) {
		fputs("sed: no previous regular expression\n", stderr);
		exit(1);
	}
	return last_re;
}

static int matches(const struct addr *a)
{
	switch (a->kind) {
	case ADDR_LINE:
		return lineno == a->line;
	case ADDR_LAST:
		return ahead_len < 0;
	case ADDR_RE:
		return re_search(use_re(a->re), ps.s, (long)ps.len, 0, NULL);
	default:
		return 1;
	}
}

/* Whether the command applies to this line; a range's state moves on. */
static int selected(struct command *c)
{
	int sel;

	if (c->a2.kind == ADDR_NONE) {
		sel = matches(&c->a1);
	} else if (!c->in_range) {
		sel = matches(&c->a1);
		/* A second address that is a line not after this one ends the
		 * range at once. */
		if (sel)
			c->in_range = !(c->a2.kind == ADDR_LINE && c->a2.line <= lineno);
	} else {
		sel = 1;
		if (c->a2.kind == ADDR_LINE ? lineno >= c->a2.line : matches(&c->a2))
			c->in_range = 0;
	}
	return sel != c->negate;
}

/* The replacement of s for one match, into out. */
static void replace(const char *repl, const struct re_match *m)
{
	for (const char *r = repl; *r; r++) {
		int g = -1;
		if (*r == '&')
			g = 0;
		else if (*r == '\\' && r[1] >= '0' && r[1] <= '9')
			g = *++r - '0';
		else if (*r == '\\' && r[1]) {
			r++;
			buf_add(&out, *r == 'n' ? "\n" : r, 1);
			continue;
		}
		if (g < 0)
			buf_add(&out, r, 1);
		else if (m[g].so >= 0)
			buf_add(&out, ps.s + m[g].so, (size_t)(m[g].eo - m[g].so));
	}
}

/* s: whether anything was replaced. */
static int substitute(const struct command *c)
{
	const struct regex *re = use_re(c->re);
	struct re_match m[RE_NGROUPS];
	unsigned long count = 0, nth = c->nth ? c->nth : 1;
	long pos = 0, prev_end = -1;
	int done = 0;

	out.len = 0;
	buf_add(&out, "", 0);
	while (pos <= (long)ps.len && re_search(re, ps.s, (long)ps.len, pos, m)) {
		/* An empty match just where the last one ended is no match
		 * ("baaac" s/a*\/x/g is "xbxcx"). */
		if (m[0].so == m[0].eo && m[0].so == prev_end) {
			if (m[0].so < (long)ps.len)
				buf_add(&out, ps.s + m[0].so, 1);
			pos = m[0].so + 1;
			continue;
		}
		buf_add(&out, ps.s + pos, (size_t)(m[0].so - pos));
		if (++count >= nth) {
			replace(c->repl, m);
			done = 1;
		} else {
			buf_add(&out, ps.s + m[0].so, (size_t)(m[0].eo - m[0].so));
		}
		pos = m[0].eo;
		prev_end = m[0].eo;
		if (done && !c->global)
			break;
		if (m[0].so == m[0].eo) {
			if (pos < (long)ps.len)
				buf_add(&out, ps.s + pos, 1);
			pos++;
		}
	}
	if (!done)
		return 0;
	if (pos < (long)ps.len)
		buf_add(&out, ps.s + pos, ps.len - (size_t)pos);
	buf_set(&ps, out.s, out.len);
	return 1;
}

static void translate(const struct command *c)
{
	for (size_t i = 0; i < ps.len; i++) {
		const char *k = strchr(c->text, ps.s[i]);
		if (k && ps.s[i])
			ps.s[i] = c->text2[k - c->text];
	}
}

/* a's text, or r's file (nothing if it cannot be read, as POSIX says). */
static void append_output(const struct command *c)
{
	FILE *f;
	char buf[4096];
	size_t n;

	if (c->cmd == 'a') {
		put(c->text, strlen(c->text));
		return;
	}
	if (!(f = fopen(c->text, "r")))
		return;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
}

/* l: the pattern space unambiguously: C escapes, other unprintable bytes
 * as \ooo, lines folded at 69 columns with a \, the end marked by $. */
static void list(void)
{
	static const char from[] = "\\\a\b\f\r\t\v", to[] = "\\abfrtv";
	int col = 0;

	for (size_t i = 0; i < ps.len; i++) {
		unsigned char c = (unsigned char)ps.s[i];
		char piece[8];
		const char *k = c ? strchr(from, c) : NULL;
		if (c == '\n')
			snprintf(piece, sizeof piece, "\\n");
		else if (k)
			snprintf(piece, sizeof piece, "\\%c", to[k - from]);
		else if (c < ' ' || c >= 127)
			snprintf(piece, sizeof piece, "\\%03o", c);
		else
			snprintf(piece, sizeof piece, "%c", c);
		if (col + (int)strlen(piece) > 69) {
			fputs("\\\n", stdout);
			col = 0;
		}
		fputs(piece, stdout);
		col += (int)strlen(piece);
	}
	fputs("$\n", stdout);
}

/* The end of a cycle: the pattern space (unless -n), then a's texts. */
static void end_cycle(int print)
{
	if (print && !opt_quiet)
		put(ps.s, ps.len);
	for (size_t i = 0; i < nqueue; i++)
		append_output(queue[i]);
	nqueue = 0;
}

static void swap_hold(void)
{
	struct buf t = ps;

	ps = hold;
	hold = t;
	buf_add(&ps, "", 0); /* the hold space may never have been set */
}

/* What the cycle does after a command: go on, or end the cycle (new
 * cycle without printing, D's restart, the script's end, q). */
enum { GO_ON, NEW_CYCLE, RESTART, END, QUIT_PRINT };

/* The commands that only change the buffers. */
static void edit(const struct command *c)
{
	switch (c->cmd) {
	case 'h': buf_set(&hold, ps.s, ps.len); break;
	case 'H': buf_add(&hold, "\n", 1); buf_add(&hold, ps.s, ps.len); break;
	case 'g': buf_set(&ps, hold.s ? hold.s : "", hold.len); break;
	case 'G': buf_add(&ps, "\n", 1); buf_add(&ps, hold.s ? hold.s : "", hold.len); break;
	case 'x': swap_hold(); break;
	case 'y': translate(c); break;
	case 'p': put(ps.s, ps.len); break;
	case 'P': put(ps.s, strcspn(ps.s, "\n")); break;
	case '=': printf("%lu\n", lineno); break;
	case 'i': put(c->text, strlen(c->text)); break;
	case 'l': list(); break;
	case 'w':
		fwrite(ps.s, 1, ps.len, c->wfile);
		putc('\n', c->wfile);
		break;
	case 'a':
	case 'r':
		queue = xrealloc(prog, queue, (nqueue + 1) * sizeof *queue);
		queue[nqueue++] = c;
		break;
	}
}

/* Runs one command that applies; what the cycle does next. */
static int execute(struct command *c, size_t *pc, int *replaced)
{
	char *nl;

	switch (c->cmd) {
	case 'd': return NEW_CYCLE;
	case 'D':
		if (!(nl = memchr(ps.s, '\n', ps.len)))
			return NEW_CYCLE;
		ps.len -= (size_t)(nl + 1 - ps.s);
		memmove(ps.s, nl + 1, ps.len + 1);
		return RESTART;
	case 'c':
		/* In a range, the text once, at its end. */
		if (c->a2.kind == ADDR_NONE || !c->in_range || c->negate)
			put(c->text, strlen(c->text));
		return NEW_CYCLE;
	case 'q': status = (int)c->nth; return QUIT_PRINT;
	case 'n':
		if (ahead_len < 0)
			return QUIT_PRINT;
		if (!opt_quiet)
			put(ps.s, ps.len);
		next_line(0);
		break;
	case 'N':
		if (!next_line(1))
			return QUIT_PRINT; /* GNU's way: the pattern space is written */
		break;
	case 's':
		if (substitute(c)) {
			*replaced = 1;
			if (c->print)
				put(ps.s, ps.len);
			if (c->wfile) {
				fwrite(ps.s, 1, ps.len, c->wfile);
				putc('\n', c->wfile);
			}
		}
		break;
	case 'b': *pc = c->jump; return GO_ON;
	case 't':
		if (*replaced) {
			*replaced = 0;
			*pc = c->jump;
			return GO_ON;
		}
		break;
	default:
		edit(c);
	}
	++*pc;
	return GO_ON;
}

/* One pass of the script over the pattern space. */
static int run_script(struct script *s, int *replaced)
{
	size_t pc = 0;

	while (pc < s->n) {
		struct command *c = &s->cmds[pc];
		if (!selected(c)) {
			pc = c->cmd == '{' ? c->jump : pc + 1;
			continue;
		}
		if (c->cmd == '{' || c->cmd == '}' || c->cmd == ':') {
			pc++;
			continue;
		}
		int r = execute(c, &pc, replaced);
		if (r != GO_ON)
			return r;
	}
	return END;
}

int sed_run(struct script *s, char **f)
{
	static char *none[] = { "-", NULL };
	int restart = 0;

	files = *f ? f : none;
	read_ahead();
	for (;;) {
		int replaced = 0, r;
		if (!restart && !next_line(0))
			break;
		restart = 0;
		r = run_script(s, &replaced);
		end_cycle(r == END || r == QUIT_PRINT);
		restart = r == RESTART;
		if (r == QUIT_PRINT)
			break;
		if (ferror(stdout))
			break; /* output_flush says so */
	}
	if (output_flush(prog) < 0)
		return 4;
	return status;
}
