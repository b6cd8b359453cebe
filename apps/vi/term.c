/* vi's terminal: raw mode, keys and output.
 *
 * Raw mode is termios's (cfmakeraw: no echo, no line editing, no
 * signals from ^C, no \n to \r\n on output). An arrow key arrives as
 * ESC [ A; a lone ESC (leave insert mode) is told from one by looking,
 * without waiting (VMIN 0), for a '[' or 'O' after a short pause; what
 * came instead is kept for the next read. The screen's size comes from
 * LINES and COLUMNS, else 24 by 80: the console has no way to say. */
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "apps/vi/vi.h"

int rows = 24, cols = 80;
static struct termios saved;
static int pending = -1; /* a byte read ahead after an ESC */

int term_raw(void)
{
	struct termios raw;
	const char *l = getenv("LINES"), *c = getenv("COLUMNS");

	if (l && atoi(l) > 2)
		rows = atoi(l);
	if (c && atoi(c) > 10)
		cols = atoi(c);
	if (tcgetattr(0, &saved) < 0)
		return -1;
	raw = saved;
	cfmakeraw(&raw);
	return tcsetattr(0, TCSAFLUSH, &raw);
}

void term_restore(void)
{
	tcsetattr(0, TCSAFLUSH, &saved);
}

void term_write(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(1, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static int read_byte(void)
{
	unsigned char c;

	if (pending >= 0) {
		c = (unsigned char)pending;
		pending = -1;
		return c;
	}
	return read(0, &c, 1) == 1 ? c : -1;
}

/* A byte if one comes within about 50 ms, else -1. */
static int byte_soon(void)
{
	struct termios t;
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	unsigned char c;
	int got = -1;

	tcgetattr(0, &t);
	t.c_cc[VMIN] = 0;
	tcsetattr(0, TCSANOW, &t);
	for (int i = 0; i < 5 && got < 0; i++) {
		if (read(0, &c, 1) == 1)
			got = c;
		else
			nanosleep(&pause, NULL);
	}
	t.c_cc[VMIN] = 1;
	tcsetattr(0, TCSANOW, &t);
	return got;
}

/* After ESC [ (or ESC O): the key the rest of the sequence names. */
static int escape_sequence(void)
{
	int c = read_byte(), d;

	switch (c) {
	case 'A': return K_UP;
	case 'B': return K_DOWN;
	case 'C': return K_RIGHT;
	case 'D': return K_LEFT;
	case 'H': return K_HOME;
	case 'F': return K_END;
	}
	if (c >= '1' && c <= '6' && (d = read_byte()) == '~')
		return c == '1' ? K_HOME : c == '4' ? K_END : c == '3' ? K_DELETE : c == '5' ? K_PGUP
		       : c == '6' ? K_PGDN : 0;
	return 0; /* unknown: ignored */
}

int term_key(void)
{
	int c = read_byte(), next;

	if (c != '\033')
		return c;
	next = byte_soon();
	if (next == '[' || next == 'O')
		return escape_sequence();
	pending = next;
	return '\033';
}
