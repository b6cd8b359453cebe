/* kill: sends a signal to processes.
 *   kill [-s signal | -signal] pid...
 *   kill -l
 * The signal is a name (TERM, KILL, INT, HUP, ...; "SIG" in front and the
 * case do not matter) or a number; TERM when none is given. -l lists the
 * names with their numbers. Every pid is checked before any signal is
 * sent. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include "apps/lib/output.h"

static const struct {
	const char *name;
	int number;
} signals[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "FPE", SIGFPE },   { "KILL", SIGKILL },
	{ "BUS", SIGBUS },   { "SEGV", SIGSEGV }, { "SYS", SIGSYS },   { "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "URG", SIGURG },   { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "CONT", SIGCONT }, { "CHLD", SIGCHLD }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
};
#define NSIGNALS (sizeof signals / sizeof signals[0])

static int usage(void)
{
	fputs("usage: kill [-s signal | -signal] pid...\n"
	      "       kill -l\n",
	      stderr);
	return 2;
}

/* A signal's name or number; -1 if s is neither. */
static int parse_signal(const char *s)
{
	char *end;
	long n;

	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < NSIGNALS; i++) {
		if (strcasecmp(s, signals[i].name) == 0)
			return signals[i].number;
	}
	n = strtol(s, &end, 10);
	if (*s >= '0' && *s <= '9' && *end == '\0' && n < NSIG)
		return (int)n;
	return -1;
}

static int list(void)
{
	for (size_t i = 0; i < NSIGNALS; i++)
		printf("%2d %s\n", signals[i].number, signals[i].name);
	if (output_flush("kill") < 0)
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, status = 0, i = 1;
	pid_t *pids;

	if (argc == 2 && strcmp(argv[1], "-l") == 0)
		return list();
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		if (i + 1 == argc)
			return usage();
		sig = parse_signal(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' &&
	           strcmp(argv[i], "--") != 0) {
		sig = parse_signal(argv[i] + 1);
		i++;
	}
	if (sig < 0) {
		fprintf(stderr, "kill: unknown signal: %s\n", argv[i - 1]);
		return usage();
	}
	/* After the signal, everything is a pid, even a negative one. */
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		return usage();

	pids = malloc((argc - i) * sizeof *pids);
	if (!pids) {
		fputs("kill: out of memory\n", stderr);
		return 1;
	}
	for (int j = i; j < argc; j++) {
		char *end;
		long pid;

		errno = 0;
		pid = strtol(argv[j], &end, 10);
		if (end == argv[j] || *end != '\0' || errno == ERANGE || pid != (pid_t)pid) {
			fprintf(stderr, "kill: not a process id: %s\n", argv[j]);
			return usage();
		}
		pids[j - i] = (pid_t)pid;
	}
	for (int j = i; j < argc; j++) {
		if (kill(pids[j - i], sig) < 0) {
			fprintf(stderr, "kill: %s: %s\n", argv[j], strerror(errno));
			status = 1;
		}
	}
	free(pids);
	return status;
}
