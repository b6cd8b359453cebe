/* Builtins on the shell's variables, options and parameters: export,
 * readonly, unset, local, set, shift, getopts and read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/sh/sh.h"

static int bad_name(const char *cmd, const char *name)
{
	fprintf(stderr, "sh: %s: '%s': not a valid identifier\n", cmd, name);
	return 1;
}

/* export and readonly: name[=value]... gets flag; -p or nothing lists. */
static int flag_names(int argc, char **argv, int flag, const char *cmd)
{
	int status = 0, i = 1;

	if (i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		var_print(flag, flag == V_EXPORT ? "export " : "readonly ");
		return 0;
	}
	for (; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);

		if (!sh_is_name(argv[i], n)) {
			status = bad_name(cmd, argv[i]);
			continue;
		}
		if (eq)
			*eq = '\0';
		if ((eq && var_set(argv[i], eq + 1) < 0) || var_flag(argv[i], flag) < 0)
			status = 1;
		if (eq)
			*eq = '=';
	}
	return status;
}

int b_export(int argc, char **argv)
{
	return flag_names(argc, argv, V_EXPORT, "export");
}

int b_readonly(int argc, char **argv)
{
	return flag_names(argc, argv, V_READONLY, "readonly");
}

int b_unset(int argc, char **argv)
{
	int status = 0, funcs = 0, i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-f") == 0)
			funcs = 1;
		else if (strcmp(argv[i], "-v") == 0)
			funcs = 0;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			builtin_usage("unset");
			return 2;
		}
	}
	for (; i < argc; i++) {
		if (!sh_is_name(argv[i], strlen(argv[i])))
			status = bad_name("unset", argv[i]);
		else if (funcs)
			func_unset(argv[i]);
		else if (var_unset(argv[i]) < 0)
			status = 1;
	}
	return status;
}

int b_local(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);

		if (!sh_is_name(argv[i], n)) {
			status = bad_name("local", argv[i]);
			continue;
		}
		if (eq)
			*eq = '\0';
		if (local_save(argv[i]) < 0) {
			fprintf(stderr, "sh: local: not in a function\n");
			status = 1;
		} else if (eq && var_set(argv[i], eq + 1) < 0) {
			status = 1;
		}
		if (eq)
			*eq = '=';
	}
	return status;
}

/* ---- set ------------------------------------------------------------------------- */
static const struct {
	char letter;
	const char *name;
	int *flag;
} options[] = {
	{ 'e', "errexit", &sh.opt_e }, { 'f', "noglob", &sh.opt_f },  { 'u', "nounset", &sh.opt_u },
	{ 'v', "verbose", &sh.opt_v }, { 'x', "xtrace", &sh.opt_x },  { 'n', "noexec", &sh.opt_n },
	{ 'm', "monitor", &sh.opt_m }, { 'a', "allexport", &sh.opt_a }, { 'C', "noclobber", &sh.opt_C },
	{ 0, "ignoreeof", &sh.opt_ignoreeof }, /* -o only */
};

#define NOPTIONS (sizeof options / sizeof options[0])

static int set_option(char letter, const char *name, int on)
{
	for (size_t k = 0; k < NOPTIONS; k++) {
		if (letter ? options[k].letter == letter : strcmp(options[k].name, name) == 0) {
			*options[k].flag = on;
			sh_ops.nounset = sh.opt_u;
			sh_ops.noglob = sh.opt_f;
			return 0;
		}
	}
	if (letter)
		fprintf(stderr, "sh: set: -%c: unknown option\n", letter);
	else
		fprintf(stderr, "sh: set: -o %s: unknown option\n", name);
	return -1;
}

int b_set(int argc, char **argv)
{
	int i = 1;

	if (argc == 1) {
		var_print(0, "");
		return 0;
	}
	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+'); i++) {
		int on = argv[i][0] == '-';
		const char *a = argv[i] + 1;

		if (strcmp(argv[i], "--") == 0 || strcmp(argv[i], "-") == 0) {
			i++;
			params_set(argv + i, argc - i);
			return 0;
		}
		if (strcmp(a, "o") == 0) {
			/* set -o: the options in words; set +o: as the commands
			 * that set them so again. */
			if (i + 1 >= argc) {
				for (size_t k = 0; k < NOPTIONS; k++)
					if (on)
						printf("%-12s%s\n", options[k].name, *options[k].flag ? "on" : "off");
					else
						printf("set %co %s\n", *options[k].flag ? '-' : '+', options[k].name);
				return 0;
			}
			if (set_option(0, argv[++i], on) < 0)
				return 2;
			continue;
		}
		for (; *a; a++)
			if (set_option(*a, NULL, on) < 0) {
				builtin_usage("set");
				return 2;
			}
	}
	if (i < argc)
		params_set(argv + i, argc - i);
	return 0;
}

int b_shift(int argc, char **argv)
{
	long n = 1;
	char **v;

	if (argc > 1) {
		char *end;
		n = strtol(argv[1], &end, 10);
		if (*end || n < 0) {
			fprintf(stderr, "sh: shift: %s: bad number\n", argv[1]);
			return 2;
		}
	}
	if (n > sh.nparams) {
		fprintf(stderr, "sh: shift: can't shift that many\n");
		return 1;
	}
	v = sh.params;
	for (long i = 0; i < n; i++)
		free(v[i]);
	memmove(v, v + n, (size_t)(sh.nparams - n + 1) * sizeof *v);
	sh.nparams -= (int)n;
	return 0;
}

/* ---- getopts ------------------------------------------------------------------------ */
/* getopts optstring name [arg...]: the next option of the arguments (the
 * positional parameters without any) in name, its argument in OPTARG;
 * OPTIND the next argument to look at. Status 1 when the options end. */
int b_getopts(int argc, char **argv)
{
	static int next_char = 1; /* within the argument at OPTIND */
	static long last_optind = -1;
	char **args = argc > 3 ? argv + 3 : sh.params;
	int nargs = argc > 3 ? argc - 3 : sh.nparams;
	const char *optstring, *oi = var_get("OPTIND");
	long optind = oi ? strtol(oi, NULL, 10) : 1;
	char num[24], opt[2] = { 0, 0 };
	int silent;

	if (argc < 3) {
		builtin_usage("getopts");
		return 2;
	}
	optstring = argv[1];
	silent = optstring[0] == ':';
	if (optind != last_optind || optind < 1)
		next_char = 1; /* the script reset OPTIND */
	if (optind < 1)
		optind = 1;
	var_unset("OPTARG");
	const char *a = optind <= nargs ? args[optind - 1] : NULL;
	if (!a || a[0] != '-' || a[1] == '\0' || (next_char == 1 && strcmp(a, "--") == 0)) {
		if (a && strcmp(a, "--") == 0)
			optind++;
		snprintf(num, sizeof num, "%ld", optind);
		var_set("OPTIND", num);
		last_optind = optind;
		var_set(argv[2], "?");
		return 1;
	}
	opt[0] = a[next_char++];
	const char *spec = opt[0] != ':' ? strchr(optstring, opt[0]) : NULL;
	int done_arg = a[next_char] == '\0';
	if (!spec) {
		if (silent) {
			var_set("OPTARG", opt);
		} else {
			fprintf(stderr, "%s: illegal option -- %c\n", sh.name, opt[0]);
		}
		opt[0] = '?';
	} else if (spec[1] == ':') {
		if (!done_arg) {
			var_set("OPTARG", a + next_char);
			done_arg = 1;
		} else if (optind + 1 <= nargs) {
			var_set("OPTARG", args[optind]);
			optind++;
		} else {
			if (silent) {
				var_set("OPTARG", opt);
				opt[0] = ':';
			} else {
				fprintf(stderr, "%s: option requires an argument -- %c\n", sh.name, opt[0]);
				opt[0] = '?';
			}
		}
	}
	if (done_arg) {
		optind++;
		next_char = 1;
	}
	snprintf(num, sizeof num, "%ld", optind);
	var_set("OPTIND", num);
	last_optind = optind;
	var_set(argv[2], opt);
	return 0;
}

/* ---- read ---------------------------------------------------------------------------- */
static int is_ifs_white(const char *ifs, char c)
{
	return strchr(" \t\n", c) && strchr(ifs, c);
}

/* read [-r] name...: one line from stdin, a byte at a time (what follows
 * the line is left for the next reader), split at IFS into the names; the
 * last takes the rest of the line. Without -r a backslash quotes the next
 * character and \<newline> continues the line. */
int b_read(int argc, char **argv)
{
	int raw = 0, i = 1, status = 0;
	const char *ifs = var_get("IFS");
	struct sh_buf line = { 0 }, quoted = { 0 }; /* quoted: per character, 1 if escaped */

	if (!ifs)
		ifs = " \t\n";
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-r") == 0)
			raw = 1;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			builtin_usage("read");
			return 2;
		}
	}
	if (i >= argc) {
		builtin_usage("read");
		return 2;
	}
	fflush(stdout);
	for (;;) {
		char c;
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			status = 1; /* end of file before a newline */
			break;
		}
		if (c == '\n')
			break;
		if (c == '\\' && !raw) {
			n = read(0, &c, 1);
			if (n <= 0)
				break;
			if (c == '\n')
				continue;
			sh_buf_putc(&line, c);
			sh_buf_putc(&quoted, 1);
			continue;
		}
		sh_buf_putc(&line, c);
		sh_buf_putc(&quoted, 0);
	}
	char *s = line.s ? line.s : "", *q = quoted.s ? quoted.s : "";
	size_t len = line.len, k = 0;
	for (; i < argc; i++) {
		struct sh_buf v = { 0 };
		/* Leading IFS white space goes. */
		while (k < len && !q[k] && is_ifs_white(ifs, s[k]))
			k++;
		if (i == argc - 1) {
			/* The last name: the rest, less trailing IFS white space. */
			size_t end = len;
			while (end > k && !q[end - 1] && is_ifs_white(ifs, s[end - 1]))
				end--;
			sh_buf_putn(&v, s + k, end - k);
			k = len;
		} else {
			while (k < len && (q[k] || !strchr(ifs, s[k])))
				sh_buf_putc(&v, s[k++]);
			/* The delimiter: white space, then at most one other IFS character. */
			while (k < len && !q[k] && is_ifs_white(ifs, s[k]))
				k++;
			if (k < len && !q[k] && strchr(ifs, s[k]))
				k++;
		}
		char *val = sh_buf_take(&v);
		if (!sh_is_name(argv[i], strlen(argv[i]))) {
			fprintf(stderr, "sh: read: '%s': not a valid identifier\n", argv[i]);
			status = 2;
		} else if (var_set(argv[i], val ? val : "") < 0) {
			status = 2;
		}
		free(val);
	}
	free(sh_buf_take(&line));
	free(sh_buf_take(&quoted));
	return status;
}
