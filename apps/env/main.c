/* env: prints the environment, or runs a program in a changed one.
 *   env [-i] [name=value...] [program [argument...]]
 * -i starts from an empty environment; each name=value then sets a
 * variable. With no program, the resulting environment is written, one
 * name=value a line. A program is found on PATH like a shell would; if
 * it cannot be run, env exits 127 (not found) or 126 (found, not run). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/exec.h"
#include "apps/lib/output.h"

extern char **environ;

static void usage(void)
{
	fputs("usage: env [-i] [name=value...] [program [argument...]]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	int i;

	/* Options end at the first operand, which may be a program with
	 * options of its own; "-" alone is POSIX's old spelling of -i. */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p != 'i') {
				fprintf(stderr, "env: unknown option -%c\n", *p);
				usage();
			}
		}
		environ = empty;
	}
	for (; i < argc && strchr(argv[i], '=') && argv[i][0] != '='; i++) {
		if (putenv(argv[i]) != 0) {
			fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
	}

	if (i < argc) {
		int err;

		exec_command(argv + i);
		err = errno;
		fprintf(stderr, "env: %s: %s\n", argv[i], strerror(err));
		return err == ENOENT ? 127 : 126;
	}

	for (char **e = environ; *e; e++)
		puts(*e);
	if (output_flush("env") < 0)
		return 1;
	return 0;
}
