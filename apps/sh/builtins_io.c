/* Builtins that print or look things up: echo, printf, test and [
 * (their code is in apps/lib/printf.h and test.h), alias,
 * unalias, type, command and umask. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "apps/lib/printf.h"
#include "apps/lib/test.h"
#include "apps/sh/sh.h"

int b_echo(int argc, char **argv)
{
	int i = 1, newline = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++) {
		fputs(argv[i], stdout);
		if (i < argc - 1)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	if (fflush(stdout) != 0) {
		fprintf(stderr, "sh: echo: write error: %s\n", strerror(errno));
		clearerr(stdout);
		return 1;
	}
	return 0;
}

int b_printf(int argc, char **argv)
{
	int r = printf_main("printf", argc, argv);
	clearerr(stdout);
	return r;
}

int b_test(int argc, char **argv)
{
	return test_main(argv[0], argc, argv);
}

int b_alias(int argc, char **argv)
{
	int status = 0;

	if (argc == 1) {
		alias_print(NULL);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq) {
			if (!alias_get(argv[i])) {
				fprintf(stderr, "sh: alias: %s: not found\n", argv[i]);
				status = 1;
			} else {
				alias_print(argv[i]);
			}
			continue;
		}
		*eq = '\0';
		if (alias_set(argv[i], eq + 1) < 0)
			status = 1;
		*eq = '=';
	}
	return status;
}

int b_unalias(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-a") == 0) {
			alias_unset_all();
			continue;
		}
		if (alias_unset(argv[i]) < 0) {
			fprintf(stderr, "sh: unalias: %s: not found\n", argv[i]);
			status = 1;
		}
	}
	return status;
}

/* What a name is, as type and command -V say it. 0 if found. */
static int describe(const char *name, int brief)
{
	char path[512];
	int kind;

	if (alias_get(name)) {
		if (brief)
			printf("alias %s='%s'\n", name, alias_get(name));
		else
			printf("%s is an alias for %s\n", name, alias_get(name));
		return 0;
	}
	kind = command_kind(name, path, sizeof path);
	if (brief) {
		if (kind == 'p')
			puts(path);
		else if (kind)
			puts(name);
		return kind ? 0 : 1;
	}
	switch (kind) {
	case 'f':
		printf("%s is a shell function\n", name);
		return 0;
	case 's':
		printf("%s is a special shell builtin\n", name);
		return 0;
	case 'b':
		printf("%s is a shell builtin\n", name);
		return 0;
	case 'p':
		printf("%s is %s\n", name, path);
		return 0;
	}
	fprintf(stderr, "%s: not found\n", name);
	return 1;
}

int b_type(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++)
		if (describe(argv[i], 0))
			status = 127;
	return status;
}

/* command [-p] [-v|-V] name [arg...]: name as a builtin or program,
 * never a function; -v and -V say what it is. */
int b_command(int argc, char **argv)
{
	int i = 1, mode = 0;
	builtin_fn *fn;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'v' || *o == 'V')
				mode = *o;
			else if (*o != 'p') {
				builtin_usage("command");
				return 2;
			}
		}
	}
	if (i >= argc)
		return 0;
	if (mode) {
		int status = 0;
		for (; i < argc; i++)
			if (describe(argv[i], mode == 'v'))
				status = 127;
		return status;
	}
	fn = builtin_find(argv[i], NULL);
	if (fn)
		return fn(argc - i, argv + i);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		subshell_enter();
		signals_for_child(0);
		_exit(exec_command(argv + i));
	}
	if (pid < 0) {
		fprintf(stderr, "sh: command: fork: %s\n", strerror(errno));
		return 1;
	}
	int wstatus = 0;
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	report_signal(wstatus);
	return status_from_wait(wstatus);
}

/* umask [-S] [mask]: the system has no umask call yet, so the mask is
 * the shell's: the files its redirections create lose those bits. */
int b_umask(int argc, char **argv)
{
	int i = 1, symbolic = 0;

	if (i < argc && strcmp(argv[i], "-S") == 0) {
		symbolic = 1;
		i++;
	}
	if (i >= argc) {
		mode_t m = sh.umask;
		if (!symbolic) {
			printf("%04o\n", (unsigned)m);
			return 0;
		}
		const char *who = "ugo";
		for (int k = 0; k < 3; k++) {
			int bits = (~m >> (6 - 3 * k)) & 7;
			printf("%c=%s%s%s%s", who[k], bits & 4 ? "r" : "", bits & 2 ? "w" : "",
			       bits & 1 ? "x" : "", k < 2 ? "," : "\n");
		}
		return 0;
	}
	char *end;
	long v = strtol(argv[i], &end, 8);
	if (*end || v < 0 || v > 0777) {
		fprintf(stderr, "sh: umask: %s: an octal mode is expected\n", argv[i]);
		return 1;
	}
	sh.umask = (mode_t)v;
	return 0;
}
