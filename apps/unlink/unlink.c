/* unlink: removes one name of a file (POSIX XCU unlink).
 *   unlink file
 * Calls unlink() and nothing else: no options, exactly one operand (a
 * directory is refused by the call). Exit 0, or 1 after saying why the
 * call failed; 2 with the usage line for a bad command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/options.h"

static void usage(void)
{
	fputs("usage: unlink file\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	if (option_next(argc, argv, "unlink", "") != -1 || argc - optind != 1)
		usage();
	if (unlink(argv[optind]) < 0) {
		fprintf(stderr, "unlink: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	return 0;
}
