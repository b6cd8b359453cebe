/* more: a screen at a time.
 *   more [-ces] [-n number] [file...]
 * Writes the files a screenful at a time (number lines, else LINES less
 * one, else 23; long lines take COLUMNS, else 80, to a row), then waits
 * under a "--More--" prompt for a key from the terminal: space or f the
 * next screen, return or j the next line, d half a screen, q to quit. A
 * file after another is headed by its name between lines of colons.
 * When the standard output is not a terminal the files are copied as
 * they are. -s squeezes runs of empty lines into one; -c and -e are
 * accepted (the screen is never cleared; the end of the last file always
 * ends more). Keys are read from the terminal the output goes to, with
 * its line editing and echo off. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

#define P "more"

static long page = 23, cols = 80;
static int squeeze, keys = -1; /* the terminal, for keys */
static struct termios saved;
static long left;              /* rows before the next prompt */
static int quit;

/* Waits for a key under the prompt: how many rows to show next, or 0 to
 * quit. */
static long prompt(void)
{
	char c;

	fputs("--More--", stdout);
	fflush(stdout);
	for (;;) {
		if (read(keys, &c, 1) != 1)
			c = 'q';
		fputs("\r        \r", stdout);
		switch (c) {
		case ' ':
		case 'f':
			return page;
		case '\r':
		case '\n':
		case 'j':
			return 1;
		case 'd':
			return page / 2 > 0 ? page / 2 : 1;
		case 'q':
		case 'Q':
			return 0;
		default:
			fputs("--More-- (space: next screen, return: next line, d: half, q: quit)", stdout);
			fflush(stdout);
		}
	}
}

/* Writes one row of text (n bytes and a newline), prompting first when
 * the screen is full. */
static void put_row(const char *s, size_t n)
{
	if (left == 0 && !quit) {
		left = prompt();
		if (left == 0)
			quit = 1;
	}
	if (quit)
		return;
	fwrite(s, 1, n, stdout);
	putchar('\n');
	left--;
}

static void page_file(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	long n;
	int blank = 0;

	while (!quit && (n = input_line(f, &line, &cap)) >= 0) {
		if (squeeze && n == 0 && blank)
			continue;
		blank = n == 0;
		/* A long line is as many rows as the screen wraps it to. */
		long at = 0;
		do {
			long take = n - at > cols ? cols : n - at;
			put_row(line + at, (size_t)take);
			at += take;
		} while (at < n && !quit);
	}
	free(line);
}

static void copy_file(FILE *f)
{
	char buf[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
}

static int open_keys(void)
{
	const char *tty = ttyname(1);
	struct termios t;

	keys = tty ? open(tty, O_RDONLY) : -1;
	if (keys < 0 || tcgetattr(keys, &saved) < 0) {
		fprintf(stderr, P ": cannot read keys from the terminal: %s\n", strerror(errno));
		return -1;
	}
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return tcsetattr(keys, TCSANOW, &t);
}

int main(int argc, char **argv)
{
	char *arg, *end;
	const char *env;
	int c, status = 0, paging;

	if ((env = getenv("LINES")) && atol(env) > 1)
		page = atol(env) - 1;
	if ((env = getenv("COLUMNS")) && atol(env) > 0)
		cols = atol(env);
	while ((c = option_arg(argc, argv, P, "cesn:", &arg)) != -1) {
		if (c == 's') {
			squeeze = 1;
		} else if (c == 'n') {
			page = strtol(arg, &end, 10);
			if (*end || page < 1)
				goto usage;
		} else if (c != 'c' && c != 'e') {
			goto usage;
		}
	}
	paging = isatty(1);
	if (paging && open_keys() < 0)
		paging = 0;
	left = page;
	for (int i = optind; !quit && (i == optind || i < argc); i++) {
		const char *name = i < argc ? argv[i] : "-";
		FILE *f = input_open(P, name);
		if (!f) {
			status = 1;
			continue;
		}
		if (argc - optind > 1) {
			if (paging) {
				put_row("::::::::::::::", 14);
				put_row(name, strlen(name));
				put_row("::::::::::::::", 14);
			} else {
				printf("::::::::::::::\n%s\n::::::::::::::\n", name);
			}
		}
		if (paging)
			page_file(f);
		else
			copy_file(f);
		input_close(f);
	}
	if (paging)
		tcsetattr(keys, TCSANOW, &saved);
	return output_flush(P) < 0 ? 1 : status;
usage:
	fputs("usage: more [-ces] [-n number] [file...]\n", stderr);
	return 2;
}
