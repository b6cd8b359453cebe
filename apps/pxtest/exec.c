/* exec: a child replaced by another program, seen through its exit
 * status; and the errors of an exec that cannot happen. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "pxtest.h"

/* Each returns only when the exec failed: 100 tells the parent so. */
static int run_execv(long path)
{
	char *argv[] = { (char *)path, NULL };

	execv((char *)path, argv);
	return 100;
}

static int run_execvp(long file)
{
	char *argv[] = { (char *)file, NULL };

	execvp((char *)file, argv);
	return 100;
}

static int run_execl(long path)
{
	execl((char *)path, (char *)path, "an argument", (char *)NULL);
	return 100;
}

int test_exec(void)
{
	if (expect_exit(spawn(run_execv, (long)"/bin/exit42"), 42) < 0)
		return -1;
	if (expect_exit(spawn(run_execvp, (long)"exit42"), 42) < 0) /* PATH: /bin */
		return -1;
	return expect_exit(spawn(run_execl, (long)"/bin/true"), 0);
}

/* The child reports the errno of its failed exec (0: ENOENT, as wanted). */
static int exec_missing(long path)
{
	char *argv[] = { (char *)path, NULL };

	if (execv((char *)path, argv) != -1)
		return 100;
	return errno == ENOENT ? 0 : errno;
}

int test_exec_missing(void)
{
	if (expect_exit(spawn(exec_missing, (long)"/bin/no-such-program"), 0) < 0)
		return -1;
	return expect_exit(spawn(exec_missing, (long)"/no-such-dir/x"), 0);
}
