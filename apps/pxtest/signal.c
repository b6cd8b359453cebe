/* Signal dispositions, process groups and sessions, and the console's
 * modes. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "pxtest.h"

static int ready[2];

/* Ignores SIGTERM, says so through the pipe, then lives a while. */
static int ignoring_child(long unused)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };
	(void)unused;
	if (sigaction(SIGTERM, &sa, NULL) < 0)
		return 1;
	close(ready[0]);
	write(ready[1], "r", 1);
	for (int i = 0; i < 50; i++)
		usleep(1000);
	return 0;
}

int test_signal_ignore(void)
{
	char c;
	if (pipe(ready) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t pid = spawn(ignoring_child, 0);
	close(ready[1]);
	ssize_t n = read(ready[0], &c, 1);
	close(ready[0]);
	if (n != 1)
		return fail("the child did not get ready");
	if (kill(pid, SIGTERM) < 0)
		return fail("kill: %s", strerror(errno));
	if (expect_exit(pid, 0) < 0) /* it ignored SIGTERM */
		return -1;
	struct sigaction sa = { .sa_handler = (void (*)(int))1234 };
	if (sigaction(SIGUSR1, &sa, NULL) != -1 || errno != EINVAL)
		return fail("a handler below the program: %s, expected EINVAL", strerror(errno));
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGKILL, &sa, NULL) != -1 || errno != EINVAL)
		return fail("ignoring SIGKILL: %s, expected EINVAL", strerror(errno));
	return 0;
}

int test_process_groups(void)
{
	pid_t a = spawn(park, 0), b = spawn(park, 0);
	if (a < 0 || b < 0)
		return fail("fork: %s", strerror(errno));
	if (setpgid(a, a) < 0 || setpgid(b, a) < 0)
		return fail("setpgid: %s", strerror(errno));
	if (getpgid(b) != a)
		return fail("getpgid(b) = %d, expected %d", getpgid(b), a);
	if (setpgid(4000, 4000) != -1 || errno != ESRCH)
		return fail("setpgid of no such process: %s, expected ESRCH", strerror(errno));
	if (kill(-a, SIGKILL) < 0)
		return fail("kill of the group: %s", strerror(errno));
	if (expect_signal(a, SIGKILL) < 0 || expect_signal(b, SIGKILL) < 0)
		return -1;
	if (kill(-a, SIGKILL) != -1 || errno != ESRCH)
		return fail("kill of an empty group: %s, expected ESRCH", strerror(errno));
	return 0;
}

/* setsid in a child that is not a group leader: a new session. */
static int new_session(long unused)
{
	(void)unused;
	pid_t s = setsid();
	return s == getpid() && getpgrp() == s && setsid() == -1 && errno == EPERM ? 0 : 1;
}

int test_sessions(void)
{
	return expect_exit(spawn(new_session, 0), 0);
}

int test_termios(void)
{
	struct termios t, u;
	int p[2];
	if (tcgetattr(0, &t) < 0)
		return fail("tcgetattr on the console: %s", strerror(errno));
	if (!(t.c_lflag & ICANON) || !(t.c_lflag & ECHO))
		return fail("the console is not in line mode with echo");
	u = t;
	u.c_lflag &= ~(tcflag_t)ECHO;
	if (tcsetattr(0, TCSANOW, &u) < 0 || tcgetattr(0, &u) < 0 || (u.c_lflag & ECHO))
		return fail("echo could not be turned off");
	tcsetattr(0, TCSANOW, &t);
	if (pipe(p) < 0)
		return fail("pipe: %s", strerror(errno));
	int r = tcgetattr(p[0], &u);
	int err = errno;
	close(p[0]);
	close(p[1]);
	if (r != -1 || err != ENOTTY)
		return fail("tcgetattr on a pipe: %s, expected ENOTTY", strerror(err));
	if (isatty(0) != 1)
		return fail("isatty(0) is not 1");
	return 0;
}
