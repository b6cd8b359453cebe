/* Stand-ins for the POSIX calls the shell uses that libc-glue does not
 * have yet, so that it links today. Each is weak: when libc-glue defines
 * the real one, that definition is linked instead of this one (libc-glue's
 * objects are linked directly, not from an archive, so the strong symbol
 * always wins). Each fails with ENOSYS, which the shell expects: without
 * setpgid/tcsetpgrp there is no job control, without sigaction ^C is left
 * to its default. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

/* libc-glue's real one overrides this. */
__attribute__((weak)) int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	errno = ENOSYS;
	return -1;
}

/* libc-glue's real one overrides this. */
__attribute__((weak)) int setpgid(pid_t pid, pid_t pgid)
{
	errno = ENOSYS;
	return -1;
}

/* libc-glue's real one overrides this. */
__attribute__((weak)) int tcsetpgrp(int fd, pid_t pgrp)
{
	errno = ENOSYS;
	return -1;
}
