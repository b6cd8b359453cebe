/* Running a command by name, as POSIX's execvp does it: a file the
 * system cannot execute (ENOEXEC: a script) is run by the shell, or by
 * its #! interpreter. libc-glue's execvp does that (px_exec.c); /bin's
 * utilities in ubox are such scripts (apps/ubox/ubox.c). find -exec,
 * xargs, env, time, nice and nohup go through here.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_EXEC_H
#define APPS_LIB_EXEC_H

#include <unistd.h>

/* Returns only on failure, with errno. */
static inline int exec_command(char *const argv[])
{
	return execvp(argv[0], argv);
}

#endif
