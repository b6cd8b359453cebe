/* Reading command lines. On a terminal that can be put in raw mode, an
 * editor: the cursor moves in the line, history is kept, and the screen
 * is updated with a few ANSI sequences (cursor left/right, clear to end of
 * line), written only where the line changed. Elsewhere (a file, a pipe,
 * a console without termios), plain line reads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/sh/sh.h"

/* newlib's <termios.h> includes a <sys/termios.h> it does not have: the
 * editor is built once libc-glue provides one. */
#if defined(__has_include)
#if __has_include(<sys/termios.h>)
#include <termios.h>
#define HAVE_TERMIOS 1
#endif
#endif

#define LINE_MAX_SH 4096 /* the console's MAX_CANON (personality/tty.c) */
#define KEY_CTRL(c) ((c)&0x1f)

/* ---- plain reads ----------------------------------------------------------- */
int le_read_file(FILE *f, char **line)
{
	struct sh_buf b = { 0 };
	int c;

	while ((c = getc(f)) != EOF && c != '\n')
		sh_buf_putc(&b, (char)c);
	if (c == EOF && b.len == 0) {
		free(sh_buf_take(&b));
		return LE_EOF;
	}
	*line = sh_buf_take(&b);
	return *line ? LE_LINE : LE_EOF;
}

/* ---- history --------------------------------------------------------------- */
static char *history[SH_HISTORY];
static int nhistory;
static int history_dropped; /* lines dropped from the front: history[0]'s number is this + 1 */

static void history_add(const char *line)
{
	char *copy;

	if (!*line || (nhistory > 0 && strcmp(history[nhistory - 1], line) == 0))
		return;
	copy = strdup(line);
	if (!copy)
		return;
	if (nhistory == SH_HISTORY) {
		free(history[0]);
		memmove(history, history + 1, (SH_HISTORY - 1) * sizeof history[0]);
		nhistory--;
		history_dropped++;
	}
	history[nhistory++] = copy;
}

int le_history_last(void)
{
	return history_dropped + nhistory;
}

const char *le_history(int number)
{
	int i = number - history_dropped - 1;

	return i >= 0 && i < nhistory ? history[i] : NULL;
}

#ifdef HAVE_TERMIOS
static struct termios cooked; /* the terminal as we found it */
static int have_cooked;

int le_init(void)
{
	have_cooked = tcgetattr(0, &cooked) == 0;
	return have_cooked;
}

void le_restore(void)
{
	if (have_cooked)
		tcsetattr(0, TCSADRAIN, &cooked);
}

/* Bytes one at a time, echo off, ^C and ^D as bytes, not signals. */
static int raw_mode(void)
{
	struct termios t = cooked;

	if (!have_cooked)
		return -1;
	t.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(ICRNL | INLCR | IXON);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return tcsetattr(0, TCSADRAIN, &t);
}

/* ---- the editor ------------------------------------------------------------- */
struct editor {
	char buf[LINE_MAX_SH];
	size_t len, pos; /* the line, and the cursor in it */
	int hist;        /* the history line shown; nhistory: the new one */
	char *stash;     /* the new line, while the history is shown */
	struct sh_buf out;
};

static void out(struct editor *e, const char *s, size_t n)
{
	sh_buf_putn(&e->out, s, n);
}

static void outs(struct editor *e, const char *s)
{
	out(e, s, strlen(s));
}

static void flush_out(struct editor *e)
{
	size_t off = 0;

	while (off < e->out.len) {
		ssize_t n = write(2, e->out.s + off, e->out.len - off);
		if (n <= 0 && errno != EINTR)
			break;
		if (n > 0)
			off += (size_t)n;
	}
	e->out.len = 0;
}

/* ESC [ n D / C: the cursor n columns left or right. */
static void move(struct editor *e, long n)
{
	char seq[24];

	if (n == 0)
		return;
	snprintf(seq, sizeof seq, "\033[%ld%c", n < 0 ? -n : n, n < 0 ? 'D' : 'C');
	outs(e, seq);
}

static void go_to(struct editor *e, size_t pos)
{
	move(e, (long)pos - (long)e->pos);
	e->pos = pos;
}

/* The line from the cursor on is rewritten, what was after it cleared,
 * and the cursor put back. */
static void redraw_tail(struct editor *e)
{
	out(e, e->buf + e->pos, e->len - e->pos);
	outs(e, "\033[K");
	move(e, -(long)(e->len - e->pos));
}

static void insert(struct editor *e, char c)
{
	if (e->len + 1 >= sizeof e->buf)
		return;
	memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
	e->buf[e->pos] = c;
	e->len++;
	out(e, &c, 1);
	e->pos++;
	if (e->pos < e->len)
		redraw_tail(e);
}

/* Removes [from, to) and redraws from there. */
static void delete (struct editor *e, size_t from, size_t to)
{
	if (from >= to)
		return;
	go_to(e, from);
	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	redraw_tail(e);
}

/* Shows another line in place of this one, the cursor at its end. */
static void replace(struct editor *e, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof e->buf)
		n = sizeof e->buf - 1;
	go_to(e, 0);
	memcpy(e->buf, s, n);
	e->len = e->pos = n;
	out(e, e->buf, n);
	outs(e, "\033[K");
}

static void history_move(struct editor *e, int dir)
{
	int to = e->hist + dir;

	if (to < 0 || to > nhistory)
		return;
	if (e->hist == nhistory) {
		free(e->stash);
		e->buf[e->len] = '\0';
		e->stash = strdup(e->buf);
	}
	e->hist = to;
	replace(e, to == nhistory ? (e->stash ? e->stash : "") : history[to]);
}

static int read_byte(char *c)
{
	ssize_t n;

	do
		n = read(0, c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

/* After ESC: [A..[D arrows, [H/[F or [1~/[4~ home/end, [3~ delete;
 * other sequences are read to their end and ignored. */
static void escape(struct editor *e)
{
	char c, num = 0;

	if (read_byte(&c) < 0 || (c != '[' && c != 'O') || read_byte(&c) < 0)
		return;
	while ((c >= '0' && c <= '9') || c == ';') {
		if (c != ';')
			num = c;
		if (read_byte(&c) < 0)
			return;
	}
	if (c == '~')
		c = num == '1' || num == '7' ? 'H' : num == '4' || num == '8' ? 'F' : num;
	switch (c) {
	case 'A':
		history_move(e, -1);
		break;
	case 'B':
		history_move(e, 1);
		break;
	case 'C':
		if (e->pos < e->len)
			go_to(e, e->pos + 1);
		break;
	case 'D':
		if (e->pos > 0)
			go_to(e, e->pos - 1);
		break;
	case 'H':
		go_to(e, 0);
		break;
	case 'F':
		go_to(e, e->len);
		break;
	case '3':
		delete (e, e->pos, e->pos + (e->pos < e->len));
		break;
	default:
		break;
	}
}

/* One key; LE_LINE/LE_EOF/LE_INTERRUPT when the line is over, else -1. */
static int key(struct editor *e, char c)
{
	size_t p;

	switch (c) {
	case '\r':
	case '\n':
		outs(e, "\r\n");
		return LE_LINE;
	case KEY_CTRL('C'):
		outs(e, "^C\r\n");
		return LE_INTERRUPT;
	case KEY_CTRL('D'):
		if (e->len == 0)
			return LE_EOF;
		delete (e, e->pos, e->pos + (e->pos < e->len));
		break;
	case 0x7f:
	case '\b':
		if (e->pos > 0)
			delete (e, e->pos - 1, e->pos);
		break;
	case KEY_CTRL('A'):
		go_to(e, 0);
		break;
	case KEY_CTRL('E'):
		go_to(e, e->len);
		break;
	case KEY_CTRL('B'):
		if (e->pos > 0)
			go_to(e, e->pos - 1);
		break;
	case KEY_CTRL('F'):
		if (e->pos < e->len)
			go_to(e, e->pos + 1);
		break;
	case KEY_CTRL('P'):
		history_move(e, -1);
		break;
	case KEY_CTRL('N'):
		history_move(e, 1);
		break;
	case KEY_CTRL('U'):
		delete (e, 0, e->pos);
		break;
	case KEY_CTRL('K'):
		delete (e, e->pos, e->len);
		break;
	case KEY_CTRL('W'):
		/* The word before the cursor, and the blanks after it. */
		p = e->pos;
		while (p > 0 && e->buf[p - 1] == ' ')
			p--;
		while (p > 0 && e->buf[p - 1] != ' ')
			p--;
		delete (e, p, e->pos);
		break;
	case '\033':
		escape(e);
		break;
	default:
		if ((unsigned char)c >= ' ')
			insert(e, c);
		break;
	}
	return -1;
}

static int edit(const char *prompt, char **line)
{
	struct editor e = { .hist = nhistory };
	int r = -1;
	char c;

	outs(&e, prompt);
	while (r < 0) {
		flush_out(&e);
		if (read_byte(&c) < 0)
			r = e.len ? LE_LINE : LE_EOF;
		else
			r = key(&e, c);
	}
	flush_out(&e);
	free(sh_buf_take(&e.out));
	free(e.stash);
	e.buf[e.len] = '\0';
	*line = NULL;
	if (r == LE_LINE) {
		*line = strdup(e.buf);
		if (!*line)
			return LE_INTERRUPT;
		history_add(e.buf);
	}
	return r;
}
#else
int le_init(void)
{
	return 0;
}

void le_restore(void)
{
}

static int raw_mode(void)
{
	return -1;
}

static int edit(const char *prompt, char **line)
{
	return LE_EOF;
}
#endif

int le_read(const char *prompt, char **line)
{
	int r;

	fflush(stdout);
	fflush(stderr);
	if (raw_mode() < 0) {
		/* The console's own line discipline edits the line. */
		fputs(prompt, stderr);
		fflush(stderr);
		clearerr(stdin);
		r = le_read_file(stdin, line);
		if (r == LE_LINE)
			history_add(*line);
		return r;
	}
	r = edit(prompt, line);
	le_restore();
	return r;
}
