/* Builtins: the commands that must change the shell itself (cd, exit,
 * export, unset, wait, jobs, fg, bg, and kill for its %n jobs), and a
 * few that need not be programs. Each
 * takes argc/argv like main and returns its exit status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "apps/sh/sh.h"

#define PATH_MAX_SH 512

/* Where cd went, as a path without . or .. (for $PWD when the system has
 * no getcwd): dir taken from base. */
static void join_path(char *out, size_t size, const char *base, const char *dir)
{
	char tmp[PATH_MAX_SH * 2];
	size_t len = 0;

	snprintf(tmp, sizeof tmp, "%s/%s", dir[0] == '/' ? "" : base, dir);
	out[0] = '\0';
	for (char *part = strtok(tmp, "/"); part; part = strtok(NULL, "/")) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			char *slash = strrchr(out, '/');
			len = slash ? (size_t)(slash - out) : 0;
			out[len] = '\0';
			continue;
		}
		if (len + 1 + strlen(part) + 1 > size)
			break;
		out[len++] = '/';
		strcpy(out + len, part);
		len += strlen(part);
	}
	if (len == 0)
		snprintf(out, size, "/");
}

/* The current directory: the system's answer, else $PWD. */
static const char *current_dir(char *buf, size_t size)
{
	if (getcwd(buf, size))
		return buf;
	return var_get("PWD");
}

static int b_cd(int argc, char **argv)
{
	char old[PATH_MAX_SH], now[PATH_MAX_SH];
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	const char *was = current_dir(old, sizeof old);

	if (argc > 2) {
		fprintf(stderr, "sh: cd: too many arguments\n");
		return 1;
	}
	if (!dir || !*dir)
		dir = "/";
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (!dir) {
			fprintf(stderr, "sh: cd: OLDPWD not set\n");
			return 1;
		}
		puts(dir);
	}
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (!getcwd(now, sizeof now))
		join_path(now, sizeof now, was ? was : "/", dir);
	if (was)
		var_export("OLDPWD", was);
	var_export("PWD", now);
	return 0;
}

static int b_pwd(int argc, char **argv)
{
	char buf[PATH_MAX_SH];
	const char *dir = current_dir(buf, sizeof buf);

	if (!dir) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	puts(dir);
	return 0;
}

static int b_exit(int argc, char **argv)
{
	char *end;
	long n;

	if (argc > 2) {
		fprintf(stderr, "sh: exit: too many arguments\n");
		return 1;
	}
	if (sh.interactive && !sh.subshell && jobs_warn_stopped())
		return 1;
	if (argc == 1)
		shell_exit(sh.status);
	n = strtol(argv[1], &end, 10);
	if (!*argv[1] || *end) {
		fprintf(stderr, "sh: exit: %s: numeric argument required\n", argv[1]);
		shell_exit(2);
	}
	shell_exit((int)(n & 0xff));
}

static int bad_name(const char *cmd, const char *name)
{
	fprintf(stderr, "sh: %s: '%s': not a valid identifier\n", cmd, name);
	return 1;
}

static int b_export(int argc, char **argv)
{
	int status = 0;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
		var_print_exports();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);

		if (!sh_is_name(argv[i], n)) {
			status = bad_name("export", argv[i]);
			continue;
		}
		if (eq)
			*eq = '\0';
		if (var_export(argv[i], eq ? eq + 1 : NULL) < 0) {
			fprintf(stderr, "sh: export: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
		if (eq)
			*eq = '=';
	}
	return status;
}

static int b_unset(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		if (sh_is_name(argv[i], strlen(argv[i])))
			var_unset(argv[i]);
		else
			status = bad_name("unset", argv[i]);
	}
	return status;
}

static int b_jobs(int argc, char **argv)
{
	jobs_print();
	return 0;
}

static int b_wait(int argc, char **argv)
{
	int status = 0;

	if (argc == 1)
		return jobs_wait(NULL);
	for (int i = 1; i < argc; i++)
		status = jobs_wait(argv[i]);
	return status;
}

static int b_fg(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: fg [%%n]\n");
		return 2;
	}
	return jobs_fg(argv[1]);
}

static int b_bg(int argc, char **argv)
{
	int status = 0;

	if (argc == 1)
		return jobs_bg(NULL);
	for (int i = 1; i < argc; i++)
		status |= jobs_bg(argv[i]);
	return status;
}

/* kill with job operands: each %n becomes the job's target (its group,
 * -pgid), and /bin/kill, which knows the signal names, does the rest. A
 * "--" goes before the first operand, so that a group is not read as a
 * signal. */
static int b_kill(int argc, char **argv)
{
	char **v = calloc((size_t)argc + 2, sizeof *v), (*num)[16] = calloc((size_t)argc, 16);
	int first = 1, n = 0, status = 1;

	if (!v || !num) {
		fprintf(stderr, "sh: kill: out of memory\n");
		goto out;
	}
	if (argc > 1 && argv[1][0] == '-' && strcmp(argv[1], "--") != 0)
		first = strcmp(argv[1], "-s") == 0 ? 3 : 2;
	for (int i = 0; i < argc; i++) {
		if (i == first && i < argc && strcmp(argv[i], "--") != 0)
			v[n++] = "--";
		v[n] = argv[i];
		if (i >= first && argv[i][0] == '%') {
			pid_t target = jobs_target(argv[i]);
			if (!target)
				goto out;
			snprintf(num[i], 16, "%d", (int)target);
			v[n] = num[i];
		}
		n++;
	}
	v[0] = "/bin/kill";
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		signals_for_child(0);
		_exit(exec_command(v));
	}
	int wstatus;
	if (pid < 0)
		fprintf(stderr, "sh: kill: fork: %s\n", strerror(errno));
	else if (waitpid(pid, &wstatus, 0) == pid)
		status = status_from_wait(wstatus);
out:
	free(v);
	free(num);
	return status;
}

static int b_echo(int argc, char **argv)
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
		return 1;
	}
	return 0;
}

/* exec cmd: the shell becomes cmd. exec alone: the redirections stay
 * (exec.c keeps them). */
static int b_exec(int argc, char **argv)
{
	int status;

	if (argc == 1)
		return 0;
	fflush(stdout);
	fflush(stderr);
	le_restore();
	signals_for_child(0);
	status = exec_command(argv + 1);
	if (!sh.interactive)
		shell_exit(status);
	signals_for_shell();
	return status;
}

static int b_true(int argc, char **argv)
{
	return 0;
}

static int b_false(int argc, char **argv)
{
	return 1;
}

static int b_help(int argc, char **argv);

static const struct builtin {
	const char *name;
	builtin_fn *fn;
	const char *usage;
} builtins[] = {
	{ "cd", b_cd, "cd [dir | -]      change directory (no dir: $HOME, or /)" },
	{ "pwd", b_pwd, "pwd               print the current directory" },
	{ "echo", b_echo, "echo [-n] [arg]   print the arguments" },
	{ "export", b_export, "export [name[=value]]  give a variable to programs run" },
	{ "unset", b_unset, "unset name        forget a variable" },
	{ "jobs", b_jobs, "jobs              list the jobs (cmd &, or stopped by ^Z)" },
	{ "fg", b_fg, "fg [%n]           continue a job in the foreground" },
	{ "bg", b_bg, "bg [%n]           continue a stopped job in the background" },
	{ "kill", b_kill, "kill [-sig] pid|%n  send a signal (a job: its process group)" },
	{ "wait", b_wait, "wait [pid | %n]   wait for background jobs to end" },
	{ "true", b_true, "true, false       succeed, fail" },
	{ "false", b_false, NULL },
	{ "exec", b_exec, "exec [cmd [arg]]  become cmd; alone: keep the redirections" },
	{ "exit", b_exit, "exit [n]          leave the shell with status n" },
	{ "help", b_help, "help              this list" },
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static int b_help(int argc, char **argv)
{
	puts("Ration sh. Builtin commands:");
	for (size_t i = 0; i < NBUILTINS; i++)
		if (builtins[i].usage)
			printf("  %s\n", builtins[i].usage);
	puts("Any other command is a program, looked up in each directory of $PATH\n"
	     "(\"/bin\" when unset): the system's programs are the files in /bin.\n"
	     "Syntax: a | b   a; b   a && b   a || b   a &   < > >> 2> 2>&1\n"
	     "        'literal'  \"with $VAR\"  \\x  NAME=value  # comment\n"
	     "Keys: left/right, ^A/^E, up/down for history, ^C to drop the line,\n"
	     "      ^C/^\\ end the foreground job, ^Z stops it,\n"
	     "      ^D on an empty line to leave.");
	return 0;
}

builtin_fn *builtin_find(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}
