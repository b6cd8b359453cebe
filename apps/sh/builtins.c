/* Builtins: the table, and the ones that steer the shell itself (cd,
 * exit, exec, eval, ., break, continue, return, the jobs). The ones on
 * variables are in builtins_vars.c, the ones that read and print in
 * builtins_io.c, trap in trap.c. Each takes argc/argv like main and
 * returns its exit status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "apps/sh/sh.h"

/* Where cd went, as a path without . or .. (for $PWD when the system has
 * no getcwd): dir taken from base; allocated, or NULL. */
static char *join_path(const char *base, const char *dir)
{
	size_t size = strlen(base) + strlen(dir) + 3, len = 0;
	char *tmp = malloc(size), *out = malloc(size);

	if (!tmp || !out) {
		free(tmp);
		free(out);
		return NULL;
	}
	snprintf(tmp, size, "%s/%s", dir[0] == '/' ? "" : base, dir);
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
		out[len++] = '/';
		strcpy(out + len, part);
		len += strlen(part);
	}
	if (len == 0)
		strcpy(out, "/");
	free(tmp);
	return out;
}

/* The current directory, allocated (a directory may be of any depth): the
 * system's answer, else $PWD; NULL if neither. */
static char *current_dir(void)
{
	char *dir = getcwd(NULL, 0);

	if (!dir && var_get("PWD"))
		dir = strdup(var_get("PWD"));
	return dir;
}

static int b_cd(int argc, char **argv)
{
	int i = 1;

	while (i < argc && (strcmp(argv[i], "-L") == 0 || strcmp(argv[i], "-P") == 0))
		i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	const char *dir = i < argc ? argv[i] : var_get("HOME");

	if (argc > i + 1) {
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
	char *was = current_dir();
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		free(was);
		return 1;
	}
	char *now = getcwd(NULL, 0);
	if (!now)
		now = join_path(was ? was : "/", dir);
	if (was)
		var_set("OLDPWD", was);
	if (now)
		var_set("PWD", now);
	free(was);
	free(now);
	return 0;
}

static int b_pwd(int argc, char **argv)
{
	char *dir = current_dir();

	if (!dir) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	puts(dir);
	free(dir);
	return 0;
}

/* A status operand (exit, return): 0 to 255, or -1 after saying why. */
static int status_arg(const char *cmd, const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (!*s || *end || n < 0) {
		fprintf(stderr, "sh: %s: %s: numeric argument required\n", cmd, s);
		return -1;
	}
	return (int)(n & 0xff);
}

static int b_exit(int argc, char **argv)
{
	int n = sh.status;

	if (argc > 2) {
		fprintf(stderr, "sh: exit: too many arguments\n");
		return 1;
	}
	if (sh.interactive && !sh.subshell && jobs_warn_stopped())
		return 1;
	if (argc == 2 && (n = status_arg("exit", argv[1])) < 0)
		n = 2;
	shell_exit(n);
}

static int b_return(int argc, char **argv)
{
	int n = sh.status;

	if (argc == 2 && (n = status_arg("return", argv[1])) < 0)
		n = 2;
	if (!sh.funcs && !sh.dots) {
		fprintf(stderr, "sh: return: not in a function or . script\n");
		return 1;
	}
	sh.status = n;
	sh.jump = SH_J_RETURN;
	return n;
}

/* break [n] and continue [n]: out of (or on with) the n-th loop out. */
static int b_break(int argc, char **argv)
{
	long n = 1;

	if (argc == 2) {
		char *end;
		n = strtol(argv[1], &end, 10);
		if (*end || n < 1) {
			fprintf(stderr, "sh: %s: %s: loop count must be 1 or more\n", argv[0], argv[1]);
			return 1;
		}
	}
	if (sh.loops == 0)
		return 0; /* as dash: nothing to leave */
	sh.jump = strcmp(argv[0], "break") == 0 ? SH_J_BREAK : SH_J_CONTINUE;
	sh.jump_n = n > sh.loops ? sh.loops : (int)n;
	return 0;
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
		builtin_usage("fg");
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

/* exec cmd: the shell becomes cmd. exec alone: the redirections stay
 * (exec.c keeps them). */
static int b_exec(int argc, char **argv)
{
	int status;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
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

/* eval: the arguments joined by spaces, run as commands. */
static int b_eval(int argc, char **argv)
{
	struct sh_buf b = { 0 };
	char *src;
	int status;

	for (int i = 1; i < argc; i++) {
		if (i > 1)
			sh_buf_putc(&b, ' ');
		sh_buf_puts(&b, argv[i]);
	}
	src = sh_buf_take(&b);
	if (!src) {
		fprintf(stderr, "sh: eval: out of memory\n");
		return 1;
	}
	status = run_source(src, NULL);
	free(src);
	return status;
}

/* . file: its commands, in this shell; a file without a / is looked for
 * in PATH. */
static int b_dot(int argc, char **argv)
{
	char path[512];
	const char *file;
	FILE *f;
	int status;

	if (argc < 2) {
		builtin_usage(".");
		return 2;
	}
	file = argv[1];
	if (!strchr(file, '/') && command_kind(file, path, sizeof path) == 'p')
		file = path;
	f = open_script(file);
	if (!f) {
		fprintf(stderr, "sh: .: %s: %s\n", argv[1], strerror(errno));
		if (!sh.interactive)
			shell_exit(2);
		return 1;
	}
	sh.dots++;
	status = run_file(f, argv[1]);
	sh.dots--;
	fclose(f);
	if (sh.jump == SH_J_RETURN) {
		sh.jump = SH_J_NONE;
		status = sh.status;
	}
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

/* times: the user and system time of the shell, then of its children
 * (Ration counts the time since the process started as user time). */
static int b_times(int argc, char **argv)
{
	struct tms t;
	long hz = CLOCKS_PER_SEC; /* libc-glue's times() counts in these */

	if (times(&t) == (clock_t)-1 || hz <= 0) {
		fprintf(stderr, "sh: times: %s\n", strerror(errno));
		return 1;
	}
	printf("%ldm%.3fs %ldm%.3fs\n%ldm%.3fs %ldm%.3fs\n", (long)t.tms_utime / hz / 60,
	       (double)(t.tms_utime % (hz * 60)) / hz, (long)t.tms_stime / hz / 60,
	       (double)(t.tms_stime % (hz * 60)) / hz, (long)t.tms_cutime / hz / 60,
	       (double)(t.tms_cutime % (hz * 60)) / hz, (long)t.tms_cstime / hz / 60,
	       (double)(t.tms_cstime % (hz * 60)) / hz);
	return 0;
}

/* hash: the shell remembers no paths (it looks each command up), so
 * there is nothing to list or forget. */
static int b_hash(int argc, char **argv)
{
	return 0;
}

static int b_help(int argc, char **argv);

static const struct builtin {
	const char *name;
	builtin_fn *fn;
	int special; /* POSIX's special builtins */
	const char *usage;
} builtins[] = {
	{ ".", b_dot, 1, ". file            run file's commands in this shell" },
	{ ":", b_true, 1, ": [arg...]        do nothing, successfully" },
	{ "[", b_test, 0, "[ expr ]          test expr" },
	{ "alias", b_alias, 0, "alias [name[=value]...]  define or list aliases" },
	{ "bg", b_bg, 0, "bg [%n]           continue a stopped job in the background" },
	{ "break", b_break, 1, "break [n]         leave the n-th enclosing loop" },
	{ "cd", b_cd, 0, "cd [dir | -]      change directory (no dir: $HOME, or /)" },
	{ "command", b_command, 0, "command [-v|-V] name [arg...]  run name, not a function" },
	{ "continue", b_break, 1, "continue [n]      next turn of the n-th enclosing loop" },
	{ "echo", b_echo, 0, "echo [-n] [arg...]  print the arguments" },
	{ "eval", b_eval, 1, "eval [arg...]     run the arguments as commands" },
	{ "exec", b_exec, 1, "exec [cmd [arg...]]  become cmd; alone: keep the redirections" },
	{ "exit", b_exit, 1, "exit [n]          leave the shell with status n" },
	{ "export", b_export, 1, "export [-p] [name[=value]...]  give variables to programs" },
	{ "false", b_false, 0, "false             fail" },
	{ "fc", b_fc, 0, "fc -l [-nr] [first [last]]  list the command history" },
	{ "fg", b_fg, 0, "fg [%n]           continue a job in the foreground" },
	{ "getopts", b_getopts, 0, "getopts optstring name [arg...]  parse options" },
	{ "hash", b_hash, 0, "hash [-r] [name...]  (nothing: commands are looked up each time)" },
	{ "help", b_help, 0, "help [builtin...]  this list, or a builtin's usage" },
	{ "jobs", b_jobs, 0, "jobs              list the jobs (cmd &, or stopped by ^Z)" },
	{ "kill", b_kill, 0, "kill [-sig] pid|%n  send a signal (a job: its process group)" },
	{ "local", b_local, 0, "local name[=value]...  a variable of this function call" },
	{ "printf", b_printf, 0, "printf format [arg...]  print formatted" },
	{ "pwd", b_pwd, 0, "pwd               print the current directory" },
	{ "read", b_read, 0, "read [-r] name...  read a line into variables" },
	{ "readonly", b_readonly, 1, "readonly [-p] [name[=value]...]  make variables read-only" },
	{ "return", b_return, 1, "return [n]        leave a function with status n" },
	{ "set", b_set, 1, "set [-aCefmnuvx] [+aCefmnuvx] [-o opt | +o opt] [--] [arg...]  options, $1..." },
	{ "shift", b_shift, 1, "shift [n]         drop the first n positional parameters" },
	{ "test", b_test, 0, "test expr         evaluate expr (-f file, a = b, n -lt m ...)" },
	{ "times", b_times, 1, "times             the time used by the shell and its children" },
	{ "trap", b_trap, 1, "trap [action condition...]  run action on a signal or EXIT" },
	{ "true", b_true, 0, "true              succeed" },
	{ "type", b_type, 0, "type name...      what each name is" },
	{ "ulimit", b_ulimit, 0, "ulimit [-a | -c|-d|-f|-n|-s|-t|-v [limit]]  the limits on a process" },
	{ "umask", b_umask, 0, "umask [-S] [mask]  the mode bits new files lose" },
	{ "unalias", b_unalias, 0, "unalias [-a] name...  forget aliases" },
	{ "unset", b_unset, 1, "unset [-fv] name...  forget variables or functions" },
	{ "wait", b_wait, 0, "wait [pid | %n...]  wait for background jobs to end" },
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static int b_help(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			builtin_usage(argv[i]);
		return 0;
	}
	puts("Ration sh, a POSIX shell. Builtin commands:");
	for (size_t i = 0; i < NBUILTINS; i++)
		printf("  %s\n", builtins[i].usage);
	puts("Any other command is a program, looked up in each directory of $PATH\n"
	     "(\"/bin\" when unset): the system's programs are the files in /bin.\n"
	     "Syntax: a | b   a; b   a && b   a || b   a &   ! a   ( list )   { list; }\n"
	     "        if a; then b; elif c; then d; else e; fi   while a; do b; done\n"
	     "        until a; do b; done   for v in words; do b; done\n"
	     "        case $v in a|b) x ;; *) y ;; esac   name() { list; }\n"
	     "        < > >> >| <> n>&m n<&m n>&- <<EOF <<-EOF\n"
	     "        'literal'  \"with $v\"  \\x  $v ${v:-x} ${#v} ${v%p} $(cmd) `cmd` $((1+2))\n"
	     "Keys: left/right, ^A/^E, up/down for history, ^C to drop the line,\n"
	     "      ^C/^\\ end the foreground job, ^Z stops it,\n"
	     "      ^D on an empty line to leave.");
	return 0;
}

builtin_fn *builtin_find(const char *name, int *special)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0) {
			if (special)
				*special = builtins[i].special;
			return builtins[i].fn;
		}
	return NULL;
}

void builtin_usage(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0) {
			fprintf(stderr, "usage: %s\n", builtins[i].usage);
			return;
		}
	fprintf(stderr, "sh: help: %s: not a builtin\n", name);
}
