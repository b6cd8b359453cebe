/* awk: pattern scanning and processing (POSIX XCU awk).
 *   awk [-F fs] [-v var=value]... 'program' [argument...]
 *   awk [-F fs] [-v var=value]... -f progfile... [argument...]
 * A program is patterns and actions (BEGIN, END, expressions, /re/,
 * ranges p1, p2) over the records of the files named (var=value among
 * them assigns); fields $0..$NF; NR NF FNR FS OFS ORS RS FILENAME SUBSEP
 * RSTART RLENGTH CONVFMT OFMT ENVIRON ARGC ARGV; arithmetic in doubles,
 * concatenation, comparison, ~ !~, in; if while do for for-in break
 * continue next nextfile exit return delete; getline in its forms; print
 * and printf with > >> |; functions of its own and the built-ins length
 * substr index split sub gsub match sprintf sin cos atan2 exp log sqrt
 * int rand srand tolower toupper system close fflush.
 *
 * The parts: lex.c parse.c (the program to a tree), interp.c (running
 * it), fields.c (records and fields), io.c (files and streams),
 * builtin.c, value.c (values, arrays, variables). Exit status: exit's, or
 * 2 for a bad program or a fatal error (said on stderr). */
#include <stdlib.h>
#include <string.h>
#include "apps/awk/awk.h"

extern char **environ;

static void usage(void)
{
	fputs("usage: awk [-F fs] [-v var=value]... ['program' | -f progfile]... [argument...]\n",
	      stderr);
	exit(2);
}

static void set_globals_default(void)
{
	static const char *const names[G_SPECIAL] = {
		"NR", "NF", "FNR", "FS", "OFS", "ORS", "RS", "FILENAME", "SUBSEP", "RSTART", "RLENGTH",
		"CONVFMT", "OFMT", "ENVIRON", "ARGC", "ARGV",
	};

	for (int i = 0; i < G_SPECIAL; i++)
		global_index(names[i]); /* in enum order: the indices are the enum's */
	set_global_str(G_FS, " ");
	set_global_str(G_OFS, " ");
	set_global_str(G_ORS, "\n");
	set_global_str(G_RS, "\n");
	set_global_str(G_SUBSEP, "\034");
	set_global_str(G_CONVFMT, "%.6g");
	set_global_str(G_OFMT, "%.6g");
	set_global_num(G_NR, 0);
	set_global_num(G_NF, 0);
	set_global_num(G_FNR, 0);
	set_global_num(G_RSTART, 0);
	set_global_num(G_RLENGTH, -1);
	record.str = xstrdup("");
}

static void set_environ(void)
{
	struct array *env = cell_array(&globals[G_ENVIRON]);

	for (char **e = environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');
		if (!eq)
			continue;
		char *name = xstrndup(*e, (size_t)(eq - *e));
		struct value *v = array_get(env, name, 1);
		*v = val_strnum(eq + 1);
		free(name);
	}
}

static void set_argv(int argc, char **argv, int first)
{
	struct array *a = cell_array(&globals[G_ARGV]);
	char key[32];

	*array_get(a, "0", 1) = val_str("awk");
	for (int i = first; i < argc; i++) {
		snprintf(key, sizeof key, "%d", i - first + 1);
		*array_get(a, key, 1) = val_strnum(argv[i]);
	}
	set_global_num(G_ARGC, argc - first + 1);
}

/* -v var=value */
static void assign_option(const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		usage();
	char *name = xstrndup(arg, (size_t)(eq - arg)), *value = unescape(eq + 1, strlen(eq + 1));
	int g = global_index(name);
	val_free(&globals[g].v);
	globals[g].v = val_strnum(value);
	free(name);
	free(value);
}

/* A -f file's text, appended to *prog. */
static void add_progfile(char **prog, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	size_t len = *prog ? strlen(*prog) : 0;
	int c;

	if (!f)
		fatal("can't open file %s", path);
	while ((c = getc(f)) != EOF) {
		*prog = xresize(*prog, len + 3);
		(*prog)[len++] = (char)c;
	}
	*prog = xresize(*prog, len + 2);
	(*prog)[len++] = '\n';
	(*prog)[len] = '\0';
	if (f != stdin)
		fclose(f);
}

static const char *option_arg(char **argv, int *i, const char *rest)
{
	const char *a = *rest ? rest : argv[++*i];

	if (!a)
		usage();
	return a;
}

int main(int argc, char **argv)
{
	struct program prog;
	char *text = NULL, *fs = NULL;
	int i;

	set_globals_default();
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p = argv[i] + 1;
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (*p == 'F') {
			const char *a = option_arg(argv, &i, p + 1);
			fs = unescape(a, strlen(a));
		} else if (*p == 'v')
			assign_option(option_arg(argv, &i, p + 1));
		else if (*p == 'f')
			add_progfile(&text, option_arg(argv, &i, p + 1));
		else {
			fprintf(stderr, "awk: unknown option -%c\n", *p);
			usage();
		}
	}
	if (!text) {
		if (i == argc)
			usage();
		text = argv[i++];
	}
	if (fs)
		set_global_str(G_FS, strcmp(fs, "t") == 0 ? "\t" : fs);
	set_environ();
	set_argv(argc, argv, i);
	parse_program(&prog, text);
	return run_program(&prog);
}
