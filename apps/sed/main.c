/* sed: the stream editor (POSIX XCU sed).
 *   sed [-nE] script [file...]
 *   sed [-nE] -e script [-e script]... [-f file]... [file...]
 * Commands: s/re/repl/[gpNIw file] d p q n N D P = l a\ i\ c\ (and GNU's
 * one-line a text) r file, w file, y/abc/xyz/ h H g G x { } b t :label,
 * each with no address, one
 * (a line number, $, /re/ or \cREc) or two (a range), and ! to invert.
 * Commands are separated by newlines or ';'. -n writes only what p and s
 * ///p say; -E takes extended regular expressions.
 *
 * This file reads the command line; parse.c compiles the script and
 * run.c runs it. Exit status 0, 1 for a bad script, 2 for an unreadable
 * input file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/sed/sed.h"

const char *prog = "sed";
int opt_quiet, opt_ext;

_Noreturn void sed_usage(void)
{
	fputs("usage: sed [-nE] [-e script]... [-f file]... [script] [file...]\n", stderr);
	exit(1);
}

/* Appends piece and a newline to the script text *t. */
static void add_text(char **t, const char *piece)
{
	size_t old = *t ? strlen(*t) : 0, n = strlen(piece);

	*t = xrealloc(prog, *t, old + n + 2);
	memcpy(*t + old, piece, n);
	(*t)[old + n] = '\n';
	(*t)[old + n + 1] = '\0';
}

/* The lines of a -f file, appended. */
static void add_file(char **t, const char *path)
{
	FILE *f = input_open(prog, path);
	char *line = NULL;
	size_t cap = 0;

	if (!f)
		exit(1);
	while (input_line(f, &line, &cap) >= 0)
		add_text(t, line);
	free(line);
	input_close(f);
}

/* The argument of -e or -f: the rest of the word or the next one. */
static const char *argument(char **argv, int *i, const char *rest)
{
	const char *a = *rest ? rest : argv[++*i];

	if (!a)
		sed_usage();
	return a;
}

int main(int argc, char **argv)
{
	struct script s = { 0 };
	char *text = NULL;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'e' || *p == 'f') {
				const char *a = argument(argv, &i, p + 1);
				if (*p == 'e')
					add_text(&text, a);
				else
					add_file(&text, a);
				break;
			}
			if (*p == 'n')
				opt_quiet = 1;
			else if (*p == 'E' || *p == 'r')
				opt_ext = 1;
			else {
				fprintf(stderr, "sed: unknown option -%c\n", *p);
				sed_usage();
			}
		}
	}
	if (!text) {
		if (i == argc)
			sed_usage();
		add_text(&text, argv[i++]);
	}
	sed_compile(&s, text);
	return sed_run(&s, argv + i);
}
