/* exec: the new program's path, arguments and environment are packed into
 * the shared buffer (struct px_exec_args) and the server replaces the
 * process. The exec* variants newlib lacks are built on execve. */
#include <errno.h>
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

/* Each argument takes at least its NUL in the buffer: more cannot fit. */
#define EXEC_MAX_ARGS (sizeof((struct px_exec_args *)0)->strings)

int execl(const char *path, const char *arg0, ...)
{
	va_list ap;
	size_t n = 0;

	va_start(ap, arg0);
	for (const char *s = arg0; s; s = va_arg(ap, const char *))
		n++;
	va_end(ap);
	if (n > EXEC_MAX_ARGS) {
		errno = E2BIG;
		return -1;
	}

	const char *argv[n + 1];
	va_start(ap, arg0);
	argv[0] = arg0;
	for (size_t i = 1; i <= n; i++)
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
		return execv(file, argv);
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
			execv(full, argv);
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
