/* sh: where the commands come from.
 *
 *   sh [-eufvx]                     the terminal (interactive: prompt, editor,
 *                                   jobs) or, when stdin is not one, stdin's lines
 *   sh [-eufvx] -c 'cmds' [name [arg...]]
 *   sh [-eufvx] file [arg...]       a script; a #! first line is a comment to us
 *
 * Input is read a line at a time and run as soon as what was read parses
 * as complete commands; a line that stops inside a quote, a compound
 * command, a here-document or after |, && or || is continued by the next
 * ("> " prompt). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/sh/sh.h"

extern char **environ;

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
		sh.opt_m = 1;
		sh.pgid = pid;
	}
	le_init();
}

int run_file(FILE *f, const char *name)
{
	struct sh_buf src = { 0 };
	int lineno = 0, first = 0; /* lines read; where the command started */
	int eofs = 0;              /* ^Ds in a row refused by ignoreeof */
	int terminal = f == NULL;
	char err[200];

	for (;;) {
		struct sh_node *tree;
		char *line;
		int r;

		if (terminal)
			jobs_reap(1);
		if (!terminal) {
			r = le_read_file(f, &line);
		} else {
			const char *ps = var_get(src.len ? "PS2" : "PS1");
			r = le_read(ps ? ps : src.len ? "> " : "$ ", &line);
		}
		if (r == LE_INTERRUPT) {
			free(sh_buf_take(&src));
			sh.status = 130;
			continue;
		}
		/* set -o ignoreeof: ^D at the prompt is not the end (ten in
		 * a row are: the terminal may be gone). */
		if (r == LE_EOF && terminal && sh.opt_ignoreeof && src.len == 0 && ++eofs < 10) {
			fputs("sh: use \"exit\" to leave the shell\n", stderr);
			continue;
		}
		if (r == LE_EOF && !(terminal && jobs_warn_stopped()))
			break;
		if (r == LE_EOF)
			continue;
		eofs = 0;
		if (src.len == 0)
			first = lineno + 1;
		lineno++;
		if (sh.opt_v)
			fprintf(stderr, "%s\n", line);
		sh_buf_puts(&src, line);
		sh_buf_putc(&src, '\n');
		free(line);
		r = src.oom ? SH_ERROR : sh_parse(src.s, &tree, err, sizeof err);
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
		sh.intr = 0;
		sh.lineno = first;
		if (!sh.opt_n)
			sh.status = exec_node(tree, 0);
		sh_node_free(tree);
		if (traps_pending)
			traps_run();
		if (sh.jump == SH_J_RETURN && sh.dots)
			break;
		sh.jump = SH_J_NONE;
	}
	if (src.len) {
		fprintf(stderr, "sh: %s%ssyntax error: unexpected end of file\n", name ? name : "",
		        name ? ": " : "");
		sh.status = 2;
	}
	free(sh_buf_take(&src));
	if (terminal)
		fputs("exit\n", stderr);
	return sh.status;
}

FILE *open_script(const char *path)
{
	/* Above 9, out of the way of the script's own `exec 3>file`. */
	int fd = open(path, O_RDONLY), high = fd < 0 ? -1 : fcntl(fd, F_DUPFD, 10);
	FILE *f = high >= 0 ? fdopen(high, "r") : NULL;

	if (fd >= 0)
		close(fd);
	if (!f) {
		int e = errno;
		if (high >= 0)
			close(high);
		errno = e;
		return NULL;
	}
	fcntl(high, F_SETFD, FD_CLOEXEC);
	return f;
}

static void usage(void)
{
	fprintf(stderr, "usage: sh [-eifnuvx] [-c command [name [arg...]] | file [arg...]]\n");
}

int main(int argc, char **argv)
{
	char cwd[512], pid[24];
	int i = 1, force_interactive = 0, from_stdin = 0;
	const char *command = NULL;

	sh.pid = getpid();
	sh.script_fd = -1;
	sh.name = argv[0] ? argv[0] : "sh";
	sh.umask = 022;
	var_import(environ);
	if (!var_get("PWD") && getcwd(cwd, sizeof cwd)) {
		var_set("PWD", cwd);
		var_flag("PWD", V_EXPORT);
	}
	snprintf(pid, sizeof pid, "%d", (int)getppid());
	var_set("PPID", pid);
	var_set("IFS", " \t\n");
	var_set("OPTIND", "1");
	sh_alias_lookup = alias_get;

	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			int on = argv[i][0] == '-';
			if (*o == 'c' && on) {
				command = "";
			} else if (*o == 'i') {
				force_interactive = on;
			} else if (*o == 's') {
				from_stdin = 1;
			} else if (strchr("efnuvxm", *o)) {
				char opt[3] = { argv[i][0], *o, '\0' };
				char *v[] = { "set", opt, NULL };
				b_set(2, v);
			} else {
				fprintf(stderr, "sh: -%c: unknown option\n", *o);
				usage();
				return 2;
			}
		}
	}
	if (command) {
		if (i >= argc) {
			fprintf(stderr, "sh: -c: option requires an argument\n");
			usage();
			return 2;
		}
		command = argv[i++];
		if (i < argc)
			sh.name = argv[i++];
		params_set(argv + i, argc - i);
		shell_exit(run_source(command, NULL));
	}
	if (!from_stdin && i < argc) {
		FILE *f = open_script(argv[i]);

		if (!f) {
			fprintf(stderr, "sh: %s: %s\n", argv[i], strerror(errno));
			return errno == ENOENT ? 127 : 126;
		}
		sh.name = argv[i];
		sh.script_fd = fileno(f);
		params_set(argv + i + 1, argc - i - 1);
		shell_exit(run_file(f, argv[i]));
	}
	params_set(argv + i, argc - i);
	sh.interactive = force_interactive || isatty(0);
	if (sh.interactive)
		setup_interactive();
	/* Commands from stdin are read a byte at a time, so that what they
	 * leave there (for `read`, or a program) is not in our buffer. */
	if (!sh.interactive)
		setvbuf(stdin, NULL, _IONBF, 0);
	shell_exit(run_file(sh.interactive ? NULL : stdin, NULL));
}
