/* link: makes a second name for a file (POSIX XCU link).
 *   link file1 file2
 * Calls link() and nothing else: no options, exactly two operands, and
 * no directory operand (use ln for those). Exit 0, or 1 after saying why
 * the call failed; 2 with the usage line for a bad command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/options.h"

static void usage(void)
{
	fputs("usage: link file1 file2\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	if (option_next(argc, argv, "link", "") != -1 || argc - optind != 2)
		usage();
	if (link(argv[optind], argv[optind + 1]) < 0) {
		fprintf(stderr, "link: %s -> %s: %s\n", argv[optind + 1], argv[optind],
		        strerror(errno));
		return 1;
	}
	return 0;
}
