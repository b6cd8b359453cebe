/* exec: the new program's path, arguments and environment are packed into
 * the shared buffer (struct px_exec_args) and the server replaces the
 * process. The exec* variants newlib lacks are built on execve.
 *
 * The server runs ELF files only: anything else is ENOEXEC. execvp and
 * execlp then do what POSIX has them do, run the file with the shell
 * (sh file arg...); a file that starts with "#!interpreter [argument]"
 * runs with that interpreter instead, as the shell itself does (sh's
 * program.c), so that a "#!/bin/awk -f" script works from C too. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rn/px_call.h>
#include "syscalls.h"

_Static_assert(sizeof(struct px_exec_args) == PX_SHARED_SIZE,
               "struct px_exec_args fills the shared buffer exactly");

/* Appends s and its NUL to a->strings; false if they do not fit. */
static bool put_string(struct px_exec_args *a, const char *s)
{
	size_t room = sizeof a->strings - a->len;
	size_t n = strnlen(s, room);

	if (n == room)
		return false;
	memcpy(a->strings + a->len, s, n + 1);
	a->len += n + 1;
	return true;
}

/* Appends the strings of a NULL-terminated vector (NULL: none); their
 * count, or -1 with errno E2BIG if they do not fit, EFAULT if a pointer
 * cannot be the caller's. */
static int put_vector(struct px_exec_args *a, char *const v[])
{
	int n = 0;

	for (; v; n++) {
		if (!px_user_buffer(&v[n], sizeof v[n])) {
			errno = EFAULT;
			return -1;
		}
		if (!v[n])
			break;
		if (!px_user_buffer(v[n], 1)) {
			errno = EFAULT;
			return -1;
		}
		if (!put_string(a, v[n])) {
			errno = E2BIG;
			return -1;
		}
	}
	return n;
}

int _execve(const char *path, char *const argv[], char *const envp[])
{
	struct px_exec_args *a = PX_SHARED;
	int argc, envc;

	a->len = a->pad = 0;
	if (!px_user_buffer(path, 1)) {
		errno = EFAULT;
		return -1;
	}
	if (!put_string(a, path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	argc = put_vector(a, argv);
	envc = argc < 0 ? -1 : put_vector(a, envp);
	if (envc < 0)
		return -1;
	a->argc = argc;
	a->envc = envc;
	/* Only a failure is answered. */
	return px_return(px_call_blocking(PX_EXECVE, 0, 0, 0, NULL));
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

#define SHELL_PATH "/bin/sh"
#define SCRIPT_HEAD 256 /* the most of a #! line that is read */
#define SCRIPT_NEST 4   /* interpreters that are scripts themselves, in turn */

/* After execv(path, argv) failed with ENOEXEC: runs path as a script
 * (its interpreter may be one too: /bin/awk is a script that runs ubox).
 * Returns only on failure, with errno (ENOEXEC for a file with a NUL in
 * its first bytes: a binary the server does not take). */
static int exec_script(const char *path, char *const argv[], int nest)
{
	char head[SCRIPT_HEAD + 1];
	char *interp = SHELL_PATH, *arg = NULL;
	const char *first = argv && argv[0] ? argv[0] : path;
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, head, SCRIPT_HEAD);
	size_t argc = 0, k = 0;

	if (fd >= 0)
		close(fd);
	if (n < 0 || memchr(head, '\0', (size_t)n)) {
		errno = ENOEXEC;
		return -1;
	}
	head[n] = '\0';
	if (head[0] == '#' && head[1] == '!') {
		head[strcspn(head, "\n")] = '\0';
		interp = head + 2 + strspn(head + 2, " \t");
		arg = interp + strcspn(interp, " \t");
		if (*arg) {
			*arg++ = '\0';
			arg += strspn(arg, " \t");
		}
		if (!*arg)
			arg = NULL;
		first = interp;
	}
	while (argv && argv[argc])
		argc++;
	/* first, [arg,] path, then argv[1] on. */
	char **v = malloc((argc + 3) * sizeof *v);
	if (!v) {
		errno = ENOMEM;
		return -1;
	}
	v[k++] = (char *)first;
	if (arg)
		v[k++] = arg;
	v[k++] = (char *)path;
	for (size_t i = 1; i < argc; i++)
		v[k++] = argv[i];
	v[k] = NULL;
	execv(interp, v);
	if (errno == ENOEXEC && nest < SCRIPT_NEST)
		exec_script(interp, v, nest + 1);
	int err = errno;
	free(v);
	errno = err;
	return -1;
}

/* execv, and a file that is not a program run as a script. */
static int exec_or_script(const char *path, char *const argv[])
{
	execv(path, argv);
	if (errno == ENOEXEC)
		exec_script(path, argv, 0);
	return -1;
}

/* Each argument takes at least its NUL in the buffer: more cannot fit. */
#define EXEC_MAX_ARGS (sizeof((struct px_exec_args *)0)->strings)

/* The arguments of a list up to its NULL: their count, or -1 with E2BIG
 * when more than EXEC_MAX_ARGS. */
static long count_args(const char *arg0, va_list ap)
{
	long n = 0;

	for (const char *s = arg0; s; s = va_arg(ap, const char *))
		n++;
	if (n > (long)EXEC_MAX_ARGS) {
		errno = E2BIG;
		return -1;
	}
	return n;
}

int execl(const char *path, const char *arg0, ...)
{
	va_list ap;

	va_start(ap, arg0);
	long n = count_args(arg0, ap);
	va_end(ap);
	if (n < 0)
		return -1;

	const char *argv[n + 1];
	va_start(ap, arg0);
	argv[0] = arg0;
	for (long i = 1; i <= n; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	return execv(path, (char *const *)argv);
}

/* A name without a slash is looked for in each directory of PATH ("/bin"
 * when unset; an empty entry is the current directory), in order. */
int execvp(const char *file, char *const argv[])
{
	const char *dirs = getenv("PATH");
	size_t flen = strlen(file);
	char full[PX_SHARED_SIZE]; /* no longer path could reach the server */

	if (flen == 0) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/'))
		return exec_or_script(file, argv);
	if (!dirs)
		dirs = "/bin";
	for (const char *d = dirs;; d++) {
		size_t dlen = strcspn(d, ":");
		const char *dir = dlen ? d : ".";
		size_t n = dlen ? dlen : 1;

		if (n + 1 + flen < sizeof full) {
			memcpy(full, dir, n);
			full[n] = '/';
			memcpy(full + n + 1, file, flen + 1);
			exec_or_script(full, argv);
			/* Not there: try the next directory; any other
			 * failure is the answer. */
			if (errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG)
				return -1;
		}
		d += dlen;
		if (*d == '\0')
			break;
	}
	errno = ENOENT;
	return -1;
}

int execlp(const char *file, const char *arg0, ...)
{
	va_list ap;

	va_start(ap, arg0);
	long n = count_args(arg0, ap);
	va_end(ap);
	if (n < 0)
		return -1;

	const char *argv[n + 1];
	va_start(ap, arg0);
	argv[0] = arg0;
	for (long i = 1; i <= n; i++)
		argv[i] = va_arg(ap, const char *);
	va_end(ap);
	return execvp(file, (char *const *)argv);
}

/* execl with the environment after the list's NULL. */
int execle(const char *path, const char *arg0, ...)
{
	va_list ap;

	va_start(ap, arg0);
	long n = count_args(arg0, ap);
	va_end(ap);
	if (n < 0)
		return -1;

	const char *argv[n + 1];
	va_start(ap, arg0);
	argv[0] = arg0;
	for (long i = 1; i <= n; i++)
		argv[i] = va_arg(ap, const char *);
	char *const *envp = va_arg(ap, char *const *);
	va_end(ap);
	return execve(path, (char *const *)argv, envp);
}
