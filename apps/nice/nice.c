/* nice: runs a command with a changed nice value.
 *   nice [-n increment] utility [argument...]
 * Ration's scheduler has no nice values (a process's share of the
 * processor is its job's, docs/personality.md), so the increment cannot
 * be applied: nice says so on stderr, as POSIX allows, and runs the
 * command as it is. Status: the command's, 126 if it could not be run,
 * 127 if it was not found or nice itself failed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/exec.h"
#include "apps/lib/options.h"

int main(int argc, char **argv)
{
	char *arg, *end;
	int c;

	while ((c = option_arg(argc, argv, "nice", "n:", &arg)) != -1) {
		if (c != 'n')
			goto usage;
		strtol(arg, &end, 10);
		if (!*arg || *end) {
			fprintf(stderr, "nice: %s: not a number\n", arg);
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	fputs("nice: this system has no nice values; the command runs unchanged\n", stderr);
	exec_command(argv + optind);
	int err = errno;
	fprintf(stderr, "nice: %s: %s\n", argv[optind], strerror(err));
	return err == ENOENT ? 127 : 126;
usage:
	fputs("usage: nice [-n increment] utility [argument...]\n", stderr);
	return 127;
}
