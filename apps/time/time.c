/* time: times a command (POSIX XCU time).
 *   time [-p] command [argument...]
 * Runs the command and then writes to stderr, in POSIX's -p format
 * (always), "real", "user" and "sys" seconds with two decimals. real is
 * measured with CLOCK_MONOTONIC; user and sys are the children's times
 * times(2) reports. The exit status is the command's; 126 if it could not
 * be run, 127 if it was not found.
 *
 * Ration's times() does not account the CPU time of children yet
 * (tms_cutime and tms_cstime are 0), so user and sys show 0.00 there. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "apps/lib/exec.h"

static double seconds(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct timespec start, end;
	struct tms tms;
	int i = 1, st;
	pid_t pid;

	if (i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc || (argv[i][0] == '-' && argv[i][1])) {
		fputs("usage: time [-p] command [argument...]\n", stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "time: fork: %s\n", strerror(errno));
		return 126;
	}
	if (pid == 0) {
		exec_command(argv + i);
		fprintf(stderr, "time: %s: %s\n", argv[i], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	/* The shell's ^C is for the command: time waits and reports. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "time: wait: %s\n", strerror(errno));
			return 126;
		}
	clock_gettime(CLOCK_MONOTONIC, &end);
	times(&tms);
	/* libc-glue's times() counts in CLOCKS_PER_SEC units (px_time.c). */
	double hz = CLOCKS_PER_SEC;
	fprintf(stderr, "real %.2f\nuser %.2f\nsys %.2f\n", seconds(&end) - seconds(&start),
	        (double)tms.tms_cutime / hz, (double)tms.tms_cstime / hz);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
