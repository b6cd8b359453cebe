/* sed's script, as parse.c compiles it and run.c carries it out.
 *
 * A script is an array of commands; { and } are commands too ({ holds
 * the index just past its }, so an unselected block is jumped over), and
 * so are b and t, whose targets are resolved to indices once the whole
 * script is read. Addresses keep the state of their range in the command
 * (active, and the line it began on). */
#ifndef APPS_SED_SED_H
#define APPS_SED_SED_H

#include <stddef.h>
#include <stdio.h>
#include "apps/lib/regex.h"

enum addr_kind { ADDR_NONE, ADDR_LINE, ADDR_LAST, ADDR_RE };

struct addr {
	enum addr_kind kind;
	unsigned long line;
	struct regex *re; /* ADDR_RE; NULL: the last regex used */
};

struct command {
	struct addr a1, a2;
	int negate;   /* ! */
	int in_range; /* a1,a2: between them now */
	char cmd;
	/* s: */
	struct regex *re;  /* NULL: the last regex used */
	char *repl;        /* replacement, escapes kept (run.c reads them) */
	int global, print; /* flags g, p */
	unsigned long nth; /* flag N (0: the first) */
	/* a i c: the text; y: the two sets; b t: the label; r w: the file */
	char *text, *text2;
	FILE *wfile; /* w, and s///w: opened when the script is read */
	size_t jump; /* { b t: the index to go to (b t without label: the end) */
};

struct script {
	struct command *cmds;
	size_t n, cap;
};

extern const char *prog;
extern int opt_quiet, opt_ext;

_Noreturn void sed_usage(void);
/* Compiles text (the whole script, commands separated by ; or newlines)
 * into s; exits with status 1 after a message if it is not a script. */
void sed_compile(struct script *s, const char *text);
/* Runs the script over the files (NULL-terminated; none: stdin). The exit
 * status. */
int sed_run(struct script *s, char **files);

#endif
