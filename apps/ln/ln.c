/* ln: links files (POSIX XCU ln).
 *   ln [-fs] source target
 *   ln [-fs] source... directory
 * Without -s, a hard link: target becomes another name of source's file
 * (one file, its link count one more; a directory cannot be linked). -s
 * makes symbolic links: target holds source's text as given, resolved
 * when used (from target's directory if relative), whether or not it
 * exists. -f removes an existing target first. With a directory last,
 * each link is made in it under its source's last name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "apps/lib/options.h"
#include "apps/lib/path.h"

static int opt_force, opt_symbolic;

static void usage(void)
{
	fputs("usage: ln [-fs] source target | ln [-fs] source... directory\n", stderr);
	exit(2);
}

static int make_link(const char *source, const char *target)
{
	int r;

	if (opt_force && unlink(target) < 0 && errno != ENOENT) {
		fprintf(stderr, "ln: %s: %s\n", target, strerror(errno));
		return 1;
	}
	r = opt_symbolic ? symlink(source, target) : link(source, target);
	if (r == 0)
		return 0;
	fprintf(stderr, "ln: %s -> %s: %s\n", target, source, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct stat st;
	int c, status = 0, nsources;
	const char *last;

	while ((c = option_next(argc, argv, "ln", "fs")) != -1) {
		if (c == 'f')
			opt_force = 1;
		else if (c == 's')
			opt_symbolic = 1;
		else
			usage();
	}
	nsources = argc - optind - 1;
	if (nsources < 1)
		usage();
	last = argv[argc - 1];
	if (stat(last, &st) == 0 && S_ISDIR(st.st_mode)) {
		for (int i = optind; i < argc - 1; i++) {
			char *target = path_into_dir("ln", last, argv[i]);
			status |= make_link(argv[i], target);
			free(target);
		}
		return status;
	}
	if (nsources > 1) {
		fprintf(stderr, "ln: %s: not a directory\n", last);
		return 1;
	}
	return make_link(argv[optind], last);
}
