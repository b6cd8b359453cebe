/* Traps: `trap action condition...`. A signal with an action is caught
 * by a handler that only notes it; the action runs between commands
 * (traps_run, called by the executor), never inside the handler. The
 * EXIT action runs once, when the shell leaves. A subshell starts with
 * the actions reset, but what is ignored stays ignored. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "apps/sh/sh.h"

static const struct {
	const char *name;
	int sig;
} names[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "FPE", SIGFPE },   { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 }, { "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
};

#define NNAMES (sizeof names / sizeof names[0])

static char *actions[SH_NSIG]; /* NULL: default; "": ignored */
static char *exit_action;
static volatile sig_atomic_t caught[SH_NSIG];
volatile int traps_pending;

static void on_signal(int sig)
{
	if (sig > 0 && sig < SH_NSIG)
		caught[sig] = 1;
	traps_pending = 1;
}

/* A condition's number: 0 for EXIT, -1 if unknown. */
static int condition(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n >= 0 && n < SH_NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	if (strcasecmp(s, "EXIT") == 0)
		return 0;
	for (size_t k = 0; k < NNAMES; k++)
		if (strcasecmp(s, names[k].name) == 0)
			return names[k].sig;
	return -1;
}

static const char *signal_name(int sig)
{
	for (size_t k = 0; k < NNAMES; k++)
		if (names[k].sig == sig)
			return names[k].name;
	return "?";
}

static void set_disposition(int sig, const char *action)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	if (!action) {
		/* Back to what the shell would have: an interactive one ignores
		 * the job-control keys' signals. */
		int keys = sig == SIGINT || sig == SIGQUIT || sig == SIGTSTP || sig == SIGTTIN ||
		           sig == SIGTTOU;
		sa.sa_handler = sh.interactive && keys ? SIG_IGN : SIG_DFL;
	} else if (!*action) {
		sa.sa_handler = SIG_IGN;
	} else {
		sa.sa_handler = on_signal;
	}
	sigaction(sig, &sa, NULL);
}

void traps_run(void)
{
	static int running;

	if (running)
		return;
	running = 1;
	traps_pending = 0;
	for (int sig = 1; sig < SH_NSIG; sig++) {
		if (!caught[sig])
			continue;
		caught[sig] = 0;
		if (actions[sig] && *actions[sig]) {
			int status = sh.status;
			char *a = strdup(actions[sig]);
			if (a)
				run_source(a, NULL);
			free(a);
			sh.status = status;
		}
	}
	running = 0;
}

void traps_exit(void)
{
	char *a = exit_action;

	if (!a)
		return;
	exit_action = NULL;
	sh.jump = SH_J_NONE;
	run_source(a, NULL);
	free(a);
}

int traps_exit_set(void)
{
	return exit_action != NULL;
}

void traps_for_subshell(void)
{
	free(exit_action);
	exit_action = NULL;
	for (int sig = 1; sig < SH_NSIG; sig++) {
		if (actions[sig] && *actions[sig]) {
			free(actions[sig]);
			actions[sig] = NULL;
			set_disposition(sig, NULL);
		}
	}
}

static void print_action(const char *name, const char *action)
{
	printf("trap -- '");
	for (const char *p = action; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*p);
	}
	printf("' %s\n", name);
}

int b_trap(int argc, char **argv)
{
	int i = 1, status = 0;
	const char *action;

	if (argc > 1 && strcmp(argv[1], "--") == 0)
		i++;
	if (i >= argc) {
		if (exit_action)
			print_action("EXIT", exit_action);
		for (int sig = 1; sig < SH_NSIG; sig++)
			if (actions[sig])
				print_action(signal_name(sig), actions[sig]);
		return 0;
	}
	if (strcmp(argv[i], "-l") == 0) {
		for (size_t k = 0; k < NNAMES; k++)
			printf("%d) SIG%s\n", names[k].sig, names[k].name);
		return 0;
	}
	/* trap 2 3: a number first means every operand is a condition to reset. */
	action = condition(argv[i]) >= 0 && strspn(argv[i], "0123456789") == strlen(argv[i])
	                 ? "-"
	                 : argv[i++];
	if (i >= argc) {
		builtin_usage("trap");
		return 2;
	}
	for (; i < argc; i++) {
		int sig = condition(argv[i]);
		char *copy = strcmp(action, "-") ? strdup(action) : NULL;

		if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
			fprintf(stderr, "sh: trap: %s: bad condition\n", argv[i]);
			free(copy);
			status = 1;
			continue;
		}
		if (sig == 0) {
			free(exit_action);
			exit_action = copy;
			continue;
		}
		free(actions[sig]);
		actions[sig] = copy;
		set_disposition(sig, copy);
	}
	return status;
}
