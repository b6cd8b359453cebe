/* pr: files in pages, for printing.
 *   pr [+page] [-dFnt] [-h header] [-l lines] [-o offset] [file...]
 * Pages of lines (66) lines: a header of five (two blank, then the date
 * "%b %e %H:%M %Y", the header (the file's name) and "Page n", two
 * blank), the text and a trailer of five blank lines (with -F one form
 * feed); -t leaves out header and trailer (and, as with lines of 10 or
 * fewer, does not fill the last page, and -F has no page ends to mark). +page starts at that page, -d
 * double-spaces, -n numbers the lines ("%5d" and a tab), -o indents by
 * offset spaces. One column: POSIX's -column, -a, -m, -e, -i, -s and -w
 * are not here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

#define P "pr"

static long page_len = 66, first_page = 1, offset;
static int double_space, form_feed, numbered, no_header;
static const char *header;

struct pager {
	long page, row; /* row: output lines of the page so far */
	long body;      /* text lines per page */
	char date[40];
	const char *title;
	long number;    /* the last line's, for -n */
};

static int showing(const struct pager *pg)
{
	return pg->page >= first_page;
}

static void page_start(struct pager *pg)
{
	if (showing(pg) && !no_header)
		printf("\n\n%s %s Page %ld\n\n\n", pg->date, pg->title, pg->page);
}

static void page_end(struct pager *pg)
{
	if (showing(pg) && !no_header) {
		if (form_feed) {
			putchar('\f');
		} else {
			for (long r = pg->row; r < pg->body; r++)
				putchar('\n');
			fputs("\n\n\n\n\n", stdout);
		}
	}
	pg->page++;
	pg->row = 0;
}

/* One output line (the text, or blank: NULL). */
static void put_row(struct pager *pg, const char *text, long n)
{
	if (pg->row == 0)
		page_start(pg);
	if (showing(pg)) {
		for (long i = 0; i < offset; i++)
			putchar(' ');
		if (numbered && text)
			printf("%5ld\t", pg->number);
		if (text)
			fwrite(text, 1, (size_t)n, stdout);
		putchar('\n');
	}
	if (++pg->row == pg->body)
		page_end(pg);
}

static void pr_file(FILE *f, const char *name)
{
	struct pager pg = { .page = 1, .title = header ? header : name };
	struct stat st;
	time_t when = time(NULL);
	char *line = NULL;
	size_t cap = 0;
	long n;

	if (f != stdin && fstat(fileno(f), &st) == 0)
		when = st.st_mtime;
	strftime(pg.date, sizeof pg.date, "%b %e %H:%M %Y", localtime(&when));
	pg.body = no_header ? page_len : page_len - 10;
	while ((n = input_line(f, &line, &cap)) >= 0) {
		pg.number++;
		put_row(&pg, line, n);
		if (double_space)
			put_row(&pg, NULL, 0);
	}
	if (pg.row > 0 && !no_header)
		page_end(&pg);
	free(line);
}

int main(int argc, char **argv)
{
	char *arg, *end;
	int c, status = 0;

	/* +page among the options: taken out before they are read. */
	for (int i = 1; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] != '+')
			continue;
		first_page = strtol(argv[i] + 1, &end, 10);
		if (*end || first_page < 1)
			goto usage;
		memmove(&argv[i], &argv[i + 1], (size_t)(argc - i) * sizeof *argv);
		argc--;
		i--;
	}
	while ((c = option_arg(argc, argv, P, "dFh:l:no:t", &arg)) != -1) {
		switch (c) {
		case 'd':
			double_space = 1;
			break;
		case 'F':
			form_feed = 1;
			break;
		case 'h':
			header = arg;
			break;
		case 'n':
			numbered = 1;
			break;
		case 't':
			no_header = 1;
			break;
		case 'l':
		case 'o':
			*(c == 'l' ? &page_len : &offset) = strtol(arg, &end, 10);
			if (*end || page_len < 1 || offset < 0)
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (page_len <= 10)
		no_header = 1;
	for (int i = optind; i == optind || i < argc; i++) {
		const char *name = i < argc ? argv[i] : "-";
		FILE *f = input_open(P, name);
		if (!f) {
			status = 1;
			continue;
		}
		pr_file(f, strcmp(name, "-") == 0 ? "" : name);
		input_close(f);
	}
	return output_flush(P) < 0 ? 1 : status;
usage:
	fputs("usage: pr [+page] [-dFnt] [-h header] [-l lines] [-o offset] [file...]\n", stderr);
	return 2;
}
