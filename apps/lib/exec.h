/* Running a command by name, as POSIX's execvp does it: a file the
 * system cannot execute (ENOEXEC: a script) is run by the shell. libc-
 * glue's execvp stops at ENOEXEC, and /bin's utilities in ubox are
 * scripts (apps/ubox/ubox.c), so find -exec, xargs and time go through
 * here.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_EXEC_H
#define APPS_LIB_EXEC_H

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

/* Returns only on failure, with errno. */
static inline int exec_command(char *const argv[])
{
	size_t n = 0;
	char **v;

	execvp(argv[0], argv);
	if (errno != ENOEXEC)
		return -1;
	/* sh -c 'exec "$0" "$@"' name args: the shell finds and runs it. */
	while (argv[n])
		n++;
	v = malloc((n + 4) * sizeof *v);
	if (!v)
		return -1;
	v[0] = "sh";
	v[1] = "-c";
	v[2] = "exec \"$0\" \"$@\"";
	for (size_t i = 0; i <= n; i++)
		v[3 + i] = argv[i];
	execv("/bin/sh", v);
	free(v);
	errno = ENOEXEC;
	return -1;
}

#endif
