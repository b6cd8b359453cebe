/* expand: tabs to spaces.
 *   expand [-t tablist] [file...]
 * Each tab becomes the spaces to the next tab stop (every 8 columns, or
 * -t's, apps/lib/tabs.h; after a list's last stop, one space); a
 * backspace moves back a column. */
#include <stdio.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"
#include "apps/lib/tabs.h"

static void expand(FILE *f, const struct tabs *t)
{
	long col = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (c == '\t') {
			long next = tabs_next(t, col);
			if (next < 0)
				next = col + 1;
			for (; col < next; col++)
				putchar(' ');
			continue;
		}
		putchar(c);
		if (c == '\n')
			col = 0;
		else if (c == '\b')
			col -= col > 0;
		else
			col++;
	}
}

int main(int argc, char **argv)
{
	struct tabs t = { .every = 8 };
	char *arg;
	int c, status = 0;

	while ((c = option_arg(argc, argv, "expand", "t:", &arg)) != -1)
		if (c != 't' || tabs_parse(&t, "expand", arg) < 0)
			goto usage;
	for (int i = optind; i == optind || i < argc; i++) {
		FILE *f = input_open("expand", i < argc ? argv[i] : "-");
		if (!f) {
			status = 1;
			continue;
		}
		expand(f, &t);
		input_close(f);
	}
	return output_flush("expand") < 0 ? 1 : status;
usage:
	fputs("usage: expand [-t tablist] [file...]\n", stderr);
	return 2;
}
