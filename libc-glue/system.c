/* Running a command through the shell: system(), popen() and pclose().
 * newlib's system() is built with NO_EXEC on this target and only says
 * ENOSYS, and it has no popen; these replace it (its archive member is then
 * never linked). Both are fork + exec of `/bin/sh -c command`, as POSIX
 * describes them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHELL "/bin/sh"

/* The child's half: the shell with the command, or status 127 when the
 * shell cannot be run (what POSIX asks of both functions). */
__attribute__((noreturn)) static void run_shell(const char *command)
{
	execl(SHELL, "sh", "-c", command, (char *)NULL);
	_exit(127);
}

/* Waits for pid whatever signals come (a handler that interrupts the wait
 * is not the command's end); its status, or -1 with errno. */
static int wait_for(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* POSIX: while the command runs, the caller ignores SIGINT and SIGQUIT
 * (^C at the console is for the command) and blocks SIGCHLD (so that a
 * SIGCHLD handler cannot reap the child first); the child runs with the
 * caller's own actions and mask. */
int system(const char *command)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigset_t chld, old_mask;
	int status;

	if (!command) /* is there a shell? */
		return access(SHELL, X_OK) == 0;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);

	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		run_shell(command);
	}
	status = pid < 0 ? -1 : wait_for(pid);

	int saved = errno;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	errno = saved;
	return status;
}

/* The streams popen opened and their commands, so that pclose can wait
 * for the right child and each new child can close its siblings' pipes. */
struct piped {
	FILE *stream;
	pid_t pid;
	struct piped *next;
};
static struct piped *opened;

/* mode "r": the caller reads the command's standard output; "w": writes
 * its standard input. An "e" after it (as glibc) sets close-on-exec on
 * the caller's end. */
FILE *popen(const char *command, const char *mode)
{
	int fds[2];
	bool reading = mode[0] == 'r';

	if ((mode[0] != 'r' && mode[0] != 'w') || (mode[1] && strcmp(mode + 1, "e") != 0)) {
		errno = EINVAL;
		return NULL;
	}
	struct piped *p = malloc(sizeof *p);
	if (!p)
		return NULL;
	if (pipe(fds) < 0) {
		free(p);
		return NULL;
	}
	/* The caller's end, and the end that becomes the command's fd 0 or 1. */
	int mine = reading ? fds[0] : fds[1], theirs = reading ? fds[1] : fds[0];

	pid_t pid = fork();
	if (pid == 0) {
		/* POSIX: none of the streams earlier popen calls left open
		 * reaches the command. */
		for (struct piped *q = opened; q; q = q->next)
			close(fileno(q->stream));
		close(mine);
		if (theirs != (reading ? STDOUT_FILENO : STDIN_FILENO)) {
			dup2(theirs, reading ? STDOUT_FILENO : STDIN_FILENO);
			close(theirs);
		}
		run_shell(command);
	}
	int saved = errno;
	close(theirs);
	if (pid < 0) {
		close(mine);
		free(p);
		errno = saved;
		return NULL;
	}
	if (mode[1] == 'e')
		fcntl(mine, F_SETFD, FD_CLOEXEC);
	p->stream = fdopen(mine, reading ? "r" : "w");
	if (!p->stream) {
		saved = errno;
		close(mine);
		wait_for(pid);
		free(p);
		errno = saved;
		return NULL;
	}
	p->pid = pid;
	p->next = opened;
	opened = p;
	return p->stream;
}

/* Closes the stream (the command sees end of file on its input, or its
 * output's reader gone) and returns the command's wait status. */
int pclose(FILE *stream)
{
	struct piped **link = &opened, *p;

	while ((p = *link) && p->stream != stream)
		link = &p->next;
	if (!p) { /* not a stream popen opened */
		errno = ECHILD;
		return -1;
	}
	*link = p->next;
	fclose(stream);
	int status = wait_for(p->pid);
	free(p);
	return status;
}
