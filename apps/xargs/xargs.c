/* xargs: runs a command with arguments read from its input.
 *   xargs [-t] [-n number] [-I replstr] [utility [argument...]]
 * Arguments are separated by blanks and newlines, with '...', "..." and
 * \x quoting; the utility (echo by default) runs with as many as -n
 * allows (all of them otherwise, in runs of at most 512). -I runs it
 * once per input line, replstr in its arguments replaced by the line.
 * -t writes each command on stderr first. Status: 0, 123 if a run
 * failed, 126/127 if the utility could not be run or found. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "apps/lib/exec.h"

#define MAX_ARGS 512

static int trace;

static int run(char **argv)
{
	if (trace) {
		for (int i = 0; argv[i]; i++)
			fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
		fputc('\n', stderr);
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		exec_command(argv);
		fprintf(stderr, "xargs: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pid < 0) {
		fprintf(stderr, "xargs: fork: %s\n", strerror(errno));
		return 1;
	}
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFEXITED(wstatus) && (WEXITSTATUS(wstatus) == 126 || WEXITSTATUS(wstatus) == 127))
		exit(WEXITSTATUS(wstatus));
	return !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0;
}

/* The next argument of the input, or NULL at its end. */
static char *next_arg(void)
{
	static char buf[4096];
	size_t n = 0;
	int c, quote = 0, any = 0;

	while ((c = getchar()) != EOF) {
		if (!quote && (c == ' ' || c == '\t' || c == '\n')) {
			if (any)
				break;
			continue;
		}
		any = 1;
		if (!quote && (c == '\'' || c == '"')) {
			quote = c;
			continue;
		}
		if (quote && c == quote) {
			quote = 0;
			continue;
		}
		if (!quote && c == '\\') {
			c = getchar();
			if (c == EOF)
				break;
		}
		if (n + 1 < sizeof buf)
			buf[n++] = (char)c;
	}
	if (quote) {
		fprintf(stderr, "xargs: unmatched %c\n", quote);
		exit(1);
	}
	if (!any)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

/* s with every repl replaced by with. */
static char *replace(const char *s, const char *repl, const char *with)
{
	size_t rl = strlen(repl), wl = strlen(with), n = 0;
	char *out = malloc(strlen(s) * (wl + 1) + 1);

	if (!out)
		exit(1);
	while (*s) {
		if (rl && strncmp(s, repl, rl) == 0) {
			memcpy(out + n, with, wl);
			n += wl;
			s += rl;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

int main(int argc, char **argv)
{
	long max = MAX_ARGS;
	const char *repl = NULL;
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-t") == 0) {
			trace = 1;
			continue;
		}
		char o = argv[i][1];
		const char *arg = argv[i][2] ? argv[i] + 2 : i + 1 < argc ? argv[++i] : NULL;
		if (!arg || (o != 'n' && o != 'I'))
			goto usage;
		if (o == 'I') {
			repl = arg;
		} else {
			char *end;
			max = strtol(arg, &end, 10);
			if (*end || max < 1)
				goto usage;
			if (max > MAX_ARGS)
				max = MAX_ARGS;
		}
	}
	static char *echo[] = { "echo", NULL };
	char **cmd = i < argc ? argv + i : echo;
	int ncmd = i < argc ? argc - i : 1;
	char **v = calloc((size_t)(ncmd + MAX_ARGS + 1), sizeof *v);
	if (!v)
		return 1;
	if (repl) {
		char line[4096];
		while (fgets(line, sizeof line, stdin)) {
			line[strcspn(line, "\n")] = '\0';
			for (int k = 0; k < ncmd; k++)
				v[k] = replace(cmd[k], repl, line);
			v[ncmd] = NULL;
			status |= run(v);
			for (int k = 0; k < ncmd; k++)
				free(v[k]);
		}
		return status ? 123 : 0;
	}
	for (int k = 0; k < ncmd; k++)
		v[k] = cmd[k];
	int ran = 0;
	for (;;) {
		int n = 0;
		char *a;
		while (n < max && (a = next_arg()))
			v[ncmd + n++] = a;
		if (n == 0 && ran)
			break;
		v[ncmd + n] = NULL;
		status |= run(v);
		ran = 1;
		for (int k = 0; k < n; k++)
			free(v[ncmd + k]);
		if (n < max)
			break;
	}
	free(v);
	return status ? 123 : 0;
usage:
	fprintf(stderr, "usage: xargs [-t] [-n number] [-I replstr] [utility [argument...]]\n");
	return 2;
}
