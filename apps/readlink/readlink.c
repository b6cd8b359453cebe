/* readlink: what a symbolic link holds.
 *   readlink [-f] path...
 * Writes each link's target as it was given to ln -s or symlink(), one a
 * line; a path that is not a symbolic link is an error (exit 1). -f
 * writes instead the absolute path each one leads to, every link on the
 * way followed (realpath()). Not in POSIX, which shows links through
 * ls -l; this is the usual tool's common part. */
#include <errno.h>
#include <sys/syslimits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static int opt_follow;

static void usage(void)
{
	fputs("usage: readlink [-f] path...\n", stderr);
	exit(2);
}

/* Writes what path leads to: 0, or 1 after saying why not. */
static int show(const char *path)
{
	char out[PATH_MAX];
	ssize_t n;

	if (opt_follow) {
		if (!realpath(path, out))
			goto fail;
		puts(out);
		return 0;
	}
	n = readlink(path, out, sizeof out - 1);
	if (n < 0)
		goto fail;
	out[n] = 0;
	puts(out);
	return 0;
fail:
	fprintf(stderr, "readlink: %s: %s\n", path, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int c, status = 0;

	while ((c = option_next(argc, argv, "readlink", "f")) != -1) {
		if (c == 'f')
			opt_follow = 1;
		else
			usage();
	}
	if (optind == argc)
		usage();
	for (int i = optind; i < argc; i++)
		status |= show(argv[i]);
	if (output_flush("readlink") < 0)
		return 1;
	return status;
}
