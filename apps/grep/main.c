/* grep: writes the lines that match a pattern (POSIX XCU grep).
 *   grep [-E|-F] [-cilnqsvx] [-e pattern]... [pattern] [file...]
 * -E  the patterns are extended regular expressions (basic by default)
 * -F  the patterns are fixed strings
 * -c  write only the number of selected lines
 * -i  ignore the case of letters
 * -l  write only the names of the files with a selected line
 * -n  put each line's number (from 1) before it
 * -q  write nothing; the exit status says whether a line was selected
 * -s  say nothing of files that cannot be read
 * -v  select the lines that match none of the patterns
 * -x  a pattern must match the whole line
 * -e  a pattern (may be given more than once); a pattern holding
 *     newlines is one pattern per line, as POSIX has it
 * "-" or no file is the standard input. With more than one file, each
 * line (or count) is preceded by its file's name and ':'.
 *
 * The regular expressions are apps/lib/regex.h's. Exit status: 0 if a
 * line was selected, 1 if none was, 2 on an error (grep's convention, as
 * 1 already means "no match"). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/lib/output.h"
#include "apps/lib/regex.h"

static int opt_count, opt_fixed, opt_ext, opt_icase, opt_list, opt_number, opt_quiet,
	opt_silent, opt_invert, opt_whole;

/* The patterns, as given and (unless -F) compiled. */
static char **pats;
static struct regex *res;
static int npats;

static void usage(void)
{
	fputs("usage: grep [-E|-F] [-cilnqsvx] [-e pattern]... [pattern] [file...]\n", stderr);
	exit(2);
}

/* Adds the patterns of one -e (or the operand): one per line of it. */
static void add_patterns(const char *arg)
{
	for (;;) {
		size_t n = strcspn(arg, "\n");
		char *p = xmalloc("grep", n + 1);

		memcpy(p, arg, n);
		p[n] = '\0';
		pats = xrealloc("grep", pats, (size_t)(npats + 1) * sizeof *pats);
		pats[npats++] = p;
		if (!arg[n])
			break;
		arg += n + 1;
	}
}

static void compile_patterns(void)
{
	int flags = (opt_ext ? RE_EXTENDED : 0) | (opt_icase ? RE_ICASE : 0) |
	            (opt_whole ? RE_WHOLE : 0);

	if (opt_fixed)
		return;
	res = xmalloc("grep", (size_t)npats * sizeof *res);
	for (int i = 0; i < npats; i++)
		if (re_compile(&res[i], pats[i], flags) < 0) {
			fprintf(stderr, "grep: %s: %s\n", pats[i], res[i].err);
			exit(2);
		}
}

static int same_char(int a, int b)
{
	return opt_icase ? tolower(a) == tolower(b) : a == b;
}

/* Whether the fixed string p is in (with -x: is) s. */
static int match_fixed(const char *p, const char *s, size_t len)
{
	size_t plen = strlen(p);

	if (opt_whole && plen != len)
		return 0;
	for (size_t i = 0; i + plen <= len; i++) {
		size_t j = 0;

		while (j < plen && same_char((unsigned char)s[i + j], (unsigned char)p[j]))
			j++;
		if (j == plen)
			return 1;
	}
	return 0;
}

static int matches(const char *s, size_t len)
{
	for (int i = 0; i < npats; i++)
		if (opt_fixed ? match_fixed(pats[i], s, len)
		              : re_search(&res[i], s, (long)len, 0, NULL))
			return 1;
	return 0;
}

static void check_output(void)
{
	if (ferror(stdout)) {
		fprintf(stderr, "grep: write error: %s\n", strerror(errno));
		exit(2);
	}
}

static void print_line(const char *name, unsigned long long lineno, const char *line, size_t len)
{
	if (name)
		printf("%s:", name);
	if (opt_number)
		printf("%llu:", lineno);
	fwrite(line, 1, len, stdout);
	putchar('\n');
	check_output();
}

/* The selected lines of f, or their count or its name, prefixed by
 * `name` if not NULL. The number of lines selected; -1 if the input
 * failed. */
static long long grep(FILE *f, const char *name, const char *listed)
{
	static char *line;
	static size_t cap;
	unsigned long long lineno = 0;
	long long selected = 0;
	long len;

	while ((len = input_line(f, &line, &cap)) >= 0) {
		lineno++;
		if (matches(line, (size_t)len) == opt_invert)
			continue;
		selected++;
		if (opt_quiet)
			exit(0); /* the answer is known */
		if (opt_list) {
			printf("%s\n", listed);
			check_output();
			return selected; /* one line is enough to name the file */
		}
		if (!opt_count)
			print_line(name, lineno, line, (size_t)len);
	}
	if (ferror(f))
		return -1;
	if (opt_count) {
		if (name)
			printf("%s:", name);
		printf("%lld\n", selected);
		check_output();
	}
	return selected;
}

static void set_option(char c)
{
	switch (c) {
	case 'c': opt_count = 1; break;
	case 'E': opt_ext = 1; break;
	case 'F': opt_fixed = 1; break;
	case 'i': opt_icase = 1; break;
	case 'l': opt_list = 1; break;
	case 'n': opt_number = 1; break;
	case 'q': opt_quiet = 1; break;
	case 's': opt_silent = 1; break;
	case 'v': opt_invert = 1; break;
	case 'x': opt_whole = 1; break;
	default:
		fprintf(stderr, "grep: unknown option -%c\n", c);
		usage();
	}
}

/* The options; the index of the first operand. Read here rather than by
 * option_next: -e takes an argument (apps/lib/options.h says why). */
static int read_options(int argc, char **argv)
{
	int first;

	for (first = 1; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
		if (strcmp(argv[first], "--") == 0)
			return first + 1;
		for (const char *p = argv[first] + 1; *p; p++) {
			if (*p == 'e') {
				/* -e pattern or -epattern: the rest of the word */
				const char *pattern = p[1] ? p + 1 : argv[++first];
				if (!pattern)
					usage();
				add_patterns(pattern);
				break;
			}
			set_option(*p);
		}
	}
	return first;
}

/* Runs over one file operand; the number selected, -1 on an error. */
static long long grep_file(const char *arg, int many)
{
	int stdin_op = strcmp(arg, "-") == 0;
	const char *name = stdin_op ? "(standard input)" : arg;
	FILE *f = stdin_op ? stdin : fopen(arg, "r");
	long long r;

	if (!f) {
		if (!opt_silent)
			fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
		return -1;
	}
	r = grep(f, many ? name : NULL, name);
	if (r < 0 && !opt_silent)
		fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
	if (!stdin_op)
		fclose(f);
	return r;
}

int main(int argc, char **argv)
{
	int errors = 0, found = 0, first = read_options(argc, argv);

	if (opt_ext && opt_fixed)
		usage();
	if (npats == 0) {
		if (first == argc)
			usage();
		add_patterns(argv[first++]);
	}
	compile_patterns();
	if (first == argc) {
		long long r = grep(stdin, NULL, "(standard input)");
		if (r < 0)
			fprintf(stderr, "grep: (standard input): %s\n", strerror(errno));
		errors = r < 0;
		found = r > 0;
	}
	for (int i = first; i < argc; i++) {
		long long r = grep_file(argv[i], argc - first > 1);
		errors |= r < 0;
		found |= r > 0;
	}
	if (output_flush("grep") < 0)
		return 2;
	return errors ? 2 : found ? 0 : 1;
}
