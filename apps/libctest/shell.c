/* The shell from a program: system() and popen()/pclose(), with the exit
 * codes, signals and output a portable program relies on. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libctest.h"

static int expect_exited(int status, int code, const char *what)
{
	if (status == -1)
		return fail("%s: system failed: %s", what, strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		return fail("%s: status %#x, expected exit %d", what, status, code);
	return 0;
}

int test_system_status(void)
{
	char cmd[64];
	int st;

	if (system(NULL) == 0)
		return fail("system(NULL) says there is no shell");
	if (expect_exited(system("exit 3"), 3, "exit 3") < 0 ||
	    expect_exited(system("true"), 0, "true") < 0 ||
	    expect_exited(system("false"), 1, "false") < 0 ||
	    expect_exited(system("exit 3; exit 4"), 3, "exit 3; exit 4") < 0 ||
	    expect_exited(system("/bin/no-such-program"), 127, "a missing program") < 0)
		return -1;
	/* A command that dies of SIGTERM: the shell either is replaced by it
	 * (the status says the signal) or reports it as 128 + 15. */
	snprintf(cmd, sizeof cmd, "/bin/libctest --raise %d", SIGTERM);
	st = system(cmd);
	if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) &&
	    !(WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGTERM))
		return fail("a command killed by SIGTERM: status %#x", st);
	return 0;
}

static volatile int int_runs, chld_runs, chld_reaped;

static void on_int(int sig)
{
	int_runs++;
}

static void on_chld(int sig)
{
	int saved = errno;
	chld_runs++;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		chld_reaped++;
	errno = saved;
}

/* While the command runs, SIGINT and SIGQUIT are ignored by the caller and
 * SIGCHLD is blocked (a SIGCHLD handler cannot steal the status); after,
 * the caller's actions and mask are back. */
int test_system_signals(void)
{
	struct sigaction sa = { .sa_handler = on_int }, chld = { .sa_handler = on_chld }, now;
	sigset_t usr1, mask;
	char cmd[64];
	int r = 0;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGCHLD, &chld, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	snprintf(cmd, sizeof cmd, "/bin/kill -INT %d; /bin/kill -QUIT %d", (int)getpid(),
	         (int)getpid());
	int st = system(cmd);
	if (expect_exited(st, 0, cmd) < 0)
		r = -1;
	else if (int_runs != 0)
		r = fail("SIGINT reached the caller's handler during system()");
	else if (chld_reaped != 0)
		r = fail("the SIGCHLD handler reaped system()'s child");
	else if (sigaction(SIGINT, NULL, &now) < 0 || now.sa_handler != on_int)
		r = fail("SIGINT's handler not restored");
	else if (sigprocmask(SIG_BLOCK, NULL, &mask) < 0 || mask != usr1)
		r = fail("mask %#lx after system(), expected %#lx", (unsigned long)mask,
		         (unsigned long)usr1);
	/* The handlers are back in force. */
	else if (raise(SIGINT) < 0 || int_runs != 1)
		r = fail("SIGINT's handler did not run after system(): %d runs", int_runs);

	signal(SIGINT, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	return r;
}

int test_popen_read(void)
{
	char line[64];
	FILE *f = popen("echo hello; echo world; exit 5", "r");

	if (!f)
		return fail("popen: %s", strerror(errno));
	if (!fgets(line, sizeof line, f) || strcmp(line, "hello\n") != 0)
		return fail("first line: '%s'", line);
	if (!fgets(line, sizeof line, f) || strcmp(line, "world\n") != 0)
		return fail("second line: '%s'", line);
	if (fgets(line, sizeof line, f))
		return fail("more than two lines: '%s'", line);
	int st = pclose(f);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 5)
		return fail("pclose: status %#x, expected exit 5", st);
	if (pclose(f) != -1 || errno != ECHILD)
		return fail("pclose of a closed stream: not ECHILD");
	if (popen("true", "x") || errno != EINVAL)
		return fail("popen mode \"x\": not EINVAL");
	return 0;
}

/* The caller writes the command's input; a second popen stream open at the
 * same time must not keep the first's pipe open in its command (the first
 * command would never see end of file). */
int test_popen_write(void)
{
	const char *path = "/tmp/libctest-popen";
	char buf[64] = "";

	unlink(path);
	FILE *w = popen("cat > /tmp/libctest-popen", "w");
	FILE *r = popen("echo other", "r");
	if (!w || !r)
		return fail("popen: %s", strerror(errno));
	fputs("written through popen\n", w);
	if (pclose(w) != 0)
		return fail("pclose of the writer: not 0");
	if (!fgets(buf, sizeof buf, r) || strcmp(buf, "other\n") != 0)
		return fail("the reader read '%s'", buf);
	if (pclose(r) != 0)
		return fail("pclose of the reader: not 0");

	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	unlink(path);
	if (n < 0)
		return fail("%s: %s", path, strerror(errno));
	buf[n] = '\0';
	if (strcmp(buf, "written through popen\n") != 0)
		return fail("the command wrote '%s'", buf);
	return 0;
}
