/* sh: where the commands come from.
 *
 *   sh                   the terminal (interactive: prompt, editor, jobs)
 *                        or, when stdin is not one, stdin's lines
 *   sh -c 'cmds' [name [args]]
 *   sh file [args]       a script; a #! first line is a comment to us
 *
 * Input is read a line at a time and run as soon as it parses; a line
 * that stops inside a quote or after |, && or || is continued by the
 * next ("> " prompt). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/sh/sh.h"

struct shell sh;

static void setup_interactive(void)
{
	pid_t pid = getpid();

	signals_for_shell();
	/* Our own process group (EPERM: we lead a session, so have one) with
	 * the console; either may be missing (ENOSYS): no job control then,
	 * every job shares the shell's group. */
	if ((setpgid(0, pid) == 0 || errno == EPERM) && tcsetpgrp(0, pid) == 0) {
		sh.job_control = 1;
		sh.pgid = pid;
	}
	le_init();
}

/* Reads and runs commands until the input ends; the last status. f NULL:
 * the terminal. name: the script's, for error messages. */
static int run_input(FILE *f, const char *name)
{
	struct sh_buf src = { 0 };
	int lineno = 0, first = 0; /* lines read; where the command started */
	char err[160];

	for (;;) {
		struct sh_list l;
		char *line;
		int r;

		jobs_reap(sh.interactive);
		if (f) {
			r = le_read_file(f, &line);
		} else {
			const char *ps1 = var_get("PS1");
			r = le_read(src.len ? "> " : ps1 ? ps1 : "$ ", &line);
		}
		if (r == LE_INTERRUPT) {
			free(sh_buf_take(&src));
			sh.status = 130;
			continue;
		}
		if (r == LE_EOF && !(sh.interactive && !f && jobs_warn_stopped()))
			break;
		if (r == LE_EOF)
			continue;
		if (src.len == 0)
			first = lineno + 1;
		lineno++;
		sh_buf_putn(&src, line, strlen(line));
		sh_buf_putc(&src, '\n');
		free(line);
		r = src.oom ? SH_ERROR : sh_parse(src.s, &l, err, sizeof err);
		if (src.oom)
			snprintf(err, sizeof err, "line too long: out of memory");
		if (r == SH_INCOMPLETE)
			continue;
		free(sh_buf_take(&src));
		if (r != SH_OK) {
			if (name)
				fprintf(stderr, "sh: %s: line %d: %s\n", name, first, err);
			else
				fprintf(stderr, "sh: %s\n", err);
			sh.status = 2;
			if (!sh.interactive)
				break; /* a script with a syntax error stops there */
			continue;
		}
		exec_list(&l);
		sh_list_free(&l);
	}
	if (src.len) {
		fprintf(stderr, "sh: %s%ssyntax error: unexpected end of file\n", name ? name : "",
		        name ? ": " : "");
		sh.status = 2;
	}
	free(sh_buf_take(&src));
	if (sh.interactive)
		fputs("exit\n", stderr);
	return sh.status;
}

static void set_params(char **argv, int n)
{
	sh.params = argv;
	sh.nparams = n > 0 ? n : 0;
}

int main(int argc, char **argv)
{
	char cwd[512];
	int i = 1, force_interactive = 0, from_stdin = 0;

	sh.pid = getpid();
	sh.script_fd = -1;
	sh.name = argv[0] ? argv[0] : "sh";
	if (!getenv("PWD") && getcwd(cwd, sizeof cwd))
		var_export("PWD", cwd);

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "sh: -c: option requires an argument\n");
				return 2;
			}
			if (i + 2 < argc)
				sh.name = argv[i + 2];
			set_params(argv + i + 3, argc - i - 3);
			shell_exit(run_source(argv[i + 1]));
		} else if (strcmp(argv[i], "-i") == 0) {
			force_interactive = 1;
		} else if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "-") == 0 ||
		           strcmp(argv[i], "--") == 0) {
			from_stdin = 1; /* the arguments after are $1 ... */
			i++;
			break;
		} else {
			fprintf(stderr,
			        "sh: %s: unknown option\n"
			        "usage: sh [-i] [-c command [name [arg ...]] | file [arg ...]]\n",
			        argv[i]);
			return 2;
		}
	}
	if (!from_stdin && i < argc) {
		FILE *f = fopen(argv[i], "r");

		if (!f) {
			fprintf(stderr, "sh: %s: %s\n", argv[i], strerror(errno));
			return errno == ENOENT ? 127 : 126;
		}
		sh.name = argv[i];
		sh.script_fd = fileno(f);
		fcntl(sh.script_fd, F_SETFD, FD_CLOEXEC);
		set_params(argv + i + 1, argc - i - 1);
		shell_exit(run_input(f, argv[i]));
	}
	set_params(argv + i, argc - i);
	sh.interactive = force_interactive || isatty(0);
	if (sh.interactive)
		setup_interactive();
	shell_exit(run_input(sh.interactive ? NULL : stdin, NULL));
}
