/* init: the first process. Starts one program (argv[1] with its arguments
 * when the server passes them, else the shell, or /bin/hello if there is
 * none), then reaps every process that ends, its own children and the
 * orphans the server hands it, until none is left; then powers the
 * machine off. So leaving the shell (exit or ^D) ends the session. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>

static pid_t start(char *const argv[])
{
	pid_t pid;

	fflush(stdout); /* the child must not print our buffer again */
	/* The console session: all of init's memory but what init keeps,
	 * with a guarantee, and a default limit for every job it starts; and
	 * the system right (power-off), which the shell hands on to its
	 * poweroff command alone. */
	pid = rn_fork_limits(0, 0, PX_FORK_SESSION | PX_FORK_SYSTEM);
	if (pid == 0) {
		/* A session of its own, as a login shell has (when it ends, its
		 * jobs are orphaned groups, and stopped ones get SIGHUP), with
		 * the console's keys (^C, ^Z) for its group until it says
		 * otherwise. */
		setsid();
		tcsetpgrp(0, getpid());
		execv(argv[0], argv);
		printf("init: cannot exec %s: %s\n", argv[0], strerror(errno));
		_exit(127); /* exit() would flush stdio copied from init */
	}
	if (pid < 0)
		printf("init: fork: %s\n", strerror(errno));
	return pid;
}

/* The message of the day, if the initrd has one. */
static void motd(void)
{
	char buf[512];
	int fd = open("/etc/motd", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
}

static void report(pid_t pid, int status)
{
	if (WIFEXITED(status))
		printf("init: pid %d exited with status %d\n", pid, WEXITSTATUS(status));
	else
		printf("init: pid %d killed by signal %d\n", pid, WTERMSIG(status));
}

int main(int argc, char **argv)
{
	static char *shell[] = { "/bin/sh", NULL };
	static char *hello[] = { "/bin/hello", NULL };
	int status, err;
	pid_t pid, first;

	printf("init: Ration init, pid %d\n", getpid());
	motd();
	first = start(argc > 1 ? argv + 1 : access(shell[0], X_OK) == 0 ? shell : hello);
	if (first < 0)
		rn_poweroff(1);

	/* Orphans (background jobs of a shell that has gone) are reaped
	 * quietly, as a Unix init does; only the first program's end is news. */
	for (;;) {
		pid = wait(&status);
		if (pid == first)
			report(pid, status);
		else if (pid < 0 && errno != EINTR)
			break;
	}
	err = errno;
	if (err != ECHILD)
		printf("init: wait: %s\n", strerror(err));
	printf("init: no processes left, powering off\n");
	fflush(stdout);
	rn_poweroff(err == ECHILD ? 0 : 1);
}
