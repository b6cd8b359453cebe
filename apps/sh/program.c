/* Programs, signals and leaving: how a command name is found in PATH
 * and exec'd (a script without #! by /bin/sh), the signals the shell
 * ignores for itself and gives back to its children, and how the shell
 * (or a forked copy of it) ends. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "apps/sh/sh.h"

/* ---- signals and leaving ---------------------------------------------------------- */
static void set_signals(int how, const int *sigs, size_t n)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = how ? SIG_IGN : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < n; i++)
		sigaction(sigs[i], &sa, NULL);
}

static const int job_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
#define NJOB_SIGNALS (sizeof job_signals / sizeof job_signals[0])
static int ignoring; /* signals_for_shell was called */

/* The console goes to each foreground job and comes back: an interactive
 * shell takes ^C, ^\ and ^Z as keys, not signals, and is not stopped for
 * using the terminal while it is not the foreground. */
void signals_for_shell(void)
{
	set_signals(1, job_signals, NJOB_SIGNALS);
	ignoring = 1;
}

/* What the shell ignores for itself, its commands get back; what it
 * inherited ignored, they inherit too. */
void signals_for_child(int background)
{
	static const int interrupts[] = { SIGINT, SIGQUIT };

	if (ignoring)
		set_signals(0, job_signals, NJOB_SIGNALS);
	ignoring = 0;
	/* Without process groups a background job shares the console's ^C. */
	if (background && !sh.job_control)
		set_signals(1, interrupts, 2);
}

void shell_exit(int status)
{
	sh.status = status;
	traps_exit();
	fflush(stdout);
	fflush(stderr);
	if (sh.subshell)
		_exit(sh.status);
	le_restore();
	exit(sh.status);
}

void subshell_enter(void)
{
	sh.subshell = 1;
	sh.interactive = 0;
	traps_for_subshell();
	jobs_forget();
	if (sh.script_fd >= 0) {
		close(sh.script_fd);
		sh.script_fd = -1;
	}
}


/* ---- finding and running programs --------------------------------------------------- */
/* Runs a file the system would not exec: a script, by the interpreter
 * its #! line names, or by /bin/sh without one; as other shells do. Not
 * a binary: its first bytes have no NUL. Returns with errno set if the
 * file is not for us. */
static void exec_script(const char *path, char **argv)
{
	char head[128], *interp = "/bin/sh", *arg = NULL, **v;
	size_t argc = 0, k = 0;
	struct stat st;
	int fd;
	ssize_t n;

	/* Permission bits, when the system has them, must allow it. */
	if (stat(path, &st) == 0 && (st.st_mode & 0777) && !(st.st_mode & 0111)) {
		errno = EACCES;
		return;
	}
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, head, sizeof head - 1);
	if (fd >= 0)
		close(fd);
	if (n < 0 || memchr(head, '\0', (size_t)n)) {
		errno = ENOEXEC;
		return;
	}
	head[n] = '\0';
	if (head[0] == '#' && head[1] == '!') {
		/* #!interpreter [one argument] */
		interp = head + 2 + strspn(head + 2, " \t");
		head[strcspn(head, "\n")] = '\0';
		arg = interp + strcspn(interp, " \t");
		if (*arg) {
			*arg++ = '\0';
			arg += strspn(arg, " \t");
		}
		if (!*arg)
			arg = NULL;
	}
	while (argv[argc])
		argc++;
	v = calloc(argc + 3, sizeof *v);
	if (!v)
		return;
	v[k++] = interp;
	if (arg)
		v[k++] = arg;
	v[k++] = (char *)path;
	for (size_t i = 1; i < argc; i++)
		v[k++] = argv[i];
	execv(interp, v);
	free(v);
}

/* The file name stands for in PATH (an empty entry is the current
 * directory): 0 with path filled, or -1. */
static int find_in_path(const char *name, char *path, size_t size)
{
	const char *dirs = var_get("PATH");

	if (!dirs)
		dirs = "/bin";
	for (const char *d = dirs;; d++) {
		size_t n = strcspn(d, ":");
		struct stat st;

		if (snprintf(path, size, "%.*s/%s", n ? (int)n : 1, n ? d : ".", name) < (int)size &&
		    stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			return 0;
		d += n;
		if (*d == '\0')
			return -1;
	}
}

int command_kind(const char *name, char *path, size_t size)
{
	int special;

	if (func_get(name))
		return 'f';
	if (builtin_find(name, &special))
		return special ? 's' : 'b';
	if (strchr(name, '/')) {
		size_t n = strlen(name);
		if (n >= size)
			return 0;
		memcpy(path, name, n + 1);
		return access(name, F_OK) == 0 ? 'p' : 0;
	}
	return find_in_path(name, path, size) == 0 ? 'p' : 0;
}

int exec_command(char **argv)
{
	char path[512];
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		execv(argv[0], argv);
		if (errno == ENOEXEC)
			exec_script(argv[0], argv);
		err = errno;
	} else if (find_in_path(argv[0], path, sizeof path) == 0) {
		execv(path, argv);
		if (errno == ENOEXEC)
			exec_script(path, argv);
		err = errno;
	}
	if (err == ENOENT && !strchr(argv[0], '/'))
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
	else
		fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
	return err == ENOENT ? 127 : 126;
}
