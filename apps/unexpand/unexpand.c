/* unexpand: spaces to tabs.
 *   unexpand [-a] [-t tablist] [file...]
 * Blanks at the start of a line that reach a tab stop (every 8 columns,
 * or -t's, apps/lib/tabs.h) become a tab; -a (and -t) converts blanks
 * anywhere on the line, where two or more reach a stop. Other blanks stay
 * as they are. */
#include <stdio.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"
#include "apps/lib/tabs.h"

static int all;
static struct tabs tabs = { .every = 8 };

/* The spaces not yet written, since the last stop; and whether one
 * space alone reached a stop: it becomes a tab only if a blank follows. */
static long pend_spaces;
static int one_at_stop;

static void flush_blanks(int blank_follows)
{
	if (one_at_stop)
		putchar(blank_follows ? '\t' : ' ');
	one_at_stop = 0;
	for (; pend_spaces > 0; pend_spaces--)
		putchar(' ');
}

static void unexpand(FILE *f)
{
	long col = 0;
	int c, leading = 1;

	while ((c = getc(f)) != EOF) {
		int convert = leading || all;
		if (c == ' ' && convert) {
			long stop = tabs_next(&tabs, col);
			if (one_at_stop)
				putchar('\t');
			one_at_stop = 0;
			pend_spaces++;
			col++;
			if (stop == col) {
				if (pend_spaces > 1)
					putchar('\t');
				else
					one_at_stop = 1;
				pend_spaces = 0;
			}
			continue;
		}
		if (c == '\t' && convert) {
			long stop = tabs_next(&tabs, col);
			if (one_at_stop)
				putchar('\t');
			one_at_stop = 0;
			pend_spaces = 0;
			putchar('\t');
			col = stop < 0 ? col + 1 : stop;
			continue;
		}
		flush_blanks(c == ' ' || c == '\t');
		putchar(c);
		if (c == '\n') {
			col = 0;
			leading = 1;
		} else if (c == '\b') {
			col -= col > 0;
		} else {
			col++;
			if (c != ' ' && c != '\t')
				leading = 0;
		}
	}
	flush_blanks(0);
}

int main(int argc, char **argv)
{
	char *arg;
	int c, status = 0;

	while ((c = option_arg(argc, argv, "unexpand", "at:", &arg)) != -1) {
		if (c == 'a') {
			all = 1;
		} else if (c == 't') {
			if (tabs_parse(&tabs, "unexpand", arg) < 0)
				goto usage;
			all = 1;
		} else {
			goto usage;
		}
	}
	for (int i = optind; i == optind || i < argc; i++) {
		FILE *f = input_open("unexpand", i < argc ? argv[i] : "-");
		if (!f) {
			status = 1;
			continue;
		}
		unexpand(f);
		input_close(f);
	}
	return output_flush("unexpand") < 0 ? 1 : status;
usage:
	fputs("usage: unexpand [-a] [-t tablist] [file...]\n", stderr);
	return 2;
}
