/* Builtins about the system and the session: ulimit and fc.
 *
 * ulimit reports the limits a process here really has, in ulimit's units
 * (KiB, or 512-byte blocks for -f): the memory a process may take (-d,
 * -v) is its budget's limit, the most it and its children may hold
 * (docs/personality.md); its stack is PX_STACK_MAX; descriptors are
 * OPEN_MAX. Ration has no resource limits of the getrlimit kind: none of
 * these can be changed from here (memory limits are set with quota), so
 * setting one to another value fails and says so; setting it to what it
 * already is succeeds. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rn/budget.h>
#include <rn/px.h>
#include "apps/sh/sh.h"

#define UNLIMITED -1L

struct limit {
	char letter;
	const char *what;
	long unit; /* bytes per unit of the figure */
	const char *how; /* why it cannot be set */
};

static const struct limit limits[] = {
	{ 'c', "core file size (blocks)", 512, "no core files are written" },
	{ 'd', "data seg size (kbytes)", 1024, "memory is the budget's: quota changes it" },
	{ 'f', "file size (blocks)", 512, "there is no per-process file size limit" },
	{ 'n', "open files", 1, "the server's descriptor table has this size" },
	{ 's', "stack size (kbytes)", 1024, "the stack's size is fixed" },
	{ 't', "cpu time (seconds)", 1, "there is no processor time limit" },
	{ 'v', "virtual memory (kbytes)", 1024, "memory is the budget's: quota changes it" },
};

#define NLIMITS (sizeof limits / sizeof limits[0])

/* The limit now, in its unit; UNLIMITED; or -2 if it cannot be read. */
static long limit_now(char letter)
{
	struct px_budget_info b;

	switch (letter) {
	case 'c':
		return 0;
	case 'd':
	case 'v':
		if (rn_budget_info(0, &b) < 0)
			return -2;
		return (long)(b.limit / 1024);
	case 'n':
		return sysconf(_SC_OPEN_MAX);
	case 's':
		return (long)(PX_STACK_MAX / 1024);
	default: /* f, t */
		return UNLIMITED;
	}
}

static void print_limit(long v)
{
	if (v == UNLIMITED)
		puts("unlimited");
	else
		printf("%ld\n", v);
}

int b_ulimit(int argc, char **argv)
{
	const struct limit *l = &limits[2]; /* -f, POSIX's default */
	int all = 0, i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			size_t k = 0;
			if (*o == 'a') {
				all = 1;
				continue;
			}
			while (k < NLIMITS && limits[k].letter != *o)
				k++;
			if (k == NLIMITS) {
				fprintf(stderr, "sh: ulimit: -%c: unknown option\n", *o);
				builtin_usage("ulimit");
				return 2;
			}
			l = &limits[k];
		}
	}
	if (all) {
		if (i < argc) {
			builtin_usage("ulimit");
			return 2;
		}
		for (size_t k = 0; k < NLIMITS; k++) {
			printf("-%c: %-26s", limits[k].letter, limits[k].what);
			print_limit(limit_now(limits[k].letter));
		}
		return 0;
	}
	long now = limit_now(l->letter);
	if (now == -2) {
		fprintf(stderr, "sh: ulimit: %s\n", strerror(errno));
		return 1;
	}
	if (i == argc) {
		print_limit(now);
		return 0;
	}
	if (i + 1 < argc) {
		builtin_usage("ulimit");
		return 2;
	}
	long want;
	char *end;
	if (strcmp(argv[i], "unlimited") == 0) {
		want = UNLIMITED;
	} else {
		want = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end || want < 0) {
			fprintf(stderr, "sh: ulimit: %s: not a number\n", argv[i]);
			return 2;
		}
	}
	if (want == now)
		return 0;
	fprintf(stderr, "sh: ulimit: -%c: cannot be changed: %s\n", l->letter, l->how);
	return 1;
}

/* ---- fc ------------------------------------------------------------------- */
/* fc -l [-nr] [first [last]]: lists the history (the editor's, at a
 * terminal). The command running now is the newest line; -1 is the one
 * before it. first and last are numbers, negative ones counting back from
 * now, or the start of a command (the newest that begins so); by default
 * first is -16 and last -1. Editing and running again (fc without -l,
 * fc -s) are not here. */

/* The number a first or last operand names, or 0 (none). */
static int history_number(const char *s, int now)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n < 0 ? (int)(now + n) : n == 0 ? now - 1 : (int)n;
	for (int k = now - 1; k > 0 && le_history(k); k--)
		if (strncmp(le_history(k), s, strlen(s)) == 0)
			return k;
	return 0;
}

int b_fc(int argc, char **argv)
{
	int list = 0, numbers = 1, reverse = 0, i = 1;
	int now = le_history_last(), first, last;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] && !isdigit((unsigned char)argv[i][1]); i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'l')
				list = 1;
			else if (*o == 'n')
				numbers = 0;
			else if (*o == 'r')
				reverse = 1;
			else if (*o == 'e' || *o == 's')
				goto not_here;
			else
				goto usage;
		}
	}
	if (!list)
		goto not_here;
	if (argc - i > 2)
		goto usage;
	first = i < argc ? history_number(argv[i], now) : now - 16;
	last = i + 1 < argc ? history_number(argv[i + 1], now) : now - 1;
	for (int k = i; k < argc; k++)
		if ((k == i ? first : last) == 0) {
			fprintf(stderr, "sh: fc: %s: no such command in the history\n", argv[k]);
			return 1;
		}
	if (first > last) {
		int t = first;
		first = last;
		last = t;
		reverse = !reverse;
	}
	for (int k = reverse ? last : first; reverse ? k >= first : k <= last; k += reverse ? -1 : 1) {
		const char *line = le_history(k);
		if (!line)
			continue;
		if (numbers)
			printf("%d\t%s\n", k, line);
		else
			printf("\t%s\n", line);
	}
	return 0;
not_here:
	fputs("sh: fc: only -l (listing) is supported: no editing or re-running\n", stderr);
	return 2;
usage:
	builtin_usage("fc");
	return 2;
}
