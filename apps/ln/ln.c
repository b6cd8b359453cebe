/* ln: links files (POSIX XCU ln).
 *   ln [-fs] source target
 *   ln [-fs] source... directory
 * -s makes symbolic links, -f removes an existing target first. With a
 * directory last, each link is made in it under its source's last name.
 *
 * Ration's file system has neither kind of link today: link() fails with
 * EPERM ("a tmpfs node has one name") and there is no symlink(). ln says
 * so plainly and exits 1 rather than copying: a copy would not behave as
 * a link. symlink is looked up weakly, so ln -s works as soon as the C
 * library has it, without a change here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "apps/lib/options.h"
#include "apps/lib/path.h"

/* Not in this libc (yet): NULL then. */
extern int symlink(const char *target, const char *path) __attribute__((weak));

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
	if (opt_symbolic) {
		if (!symlink) {
			fprintf(stderr, "ln: %s: symbolic links are not supported on this system\n", target);
			return 1;
		}
		r = symlink(source, target);
	} else {
		r = link(source, target);
	}
	if (r == 0)
		return 0;
	if (!opt_symbolic && errno == EPERM)
		fprintf(stderr, "ln: %s: hard links are not supported by this file system (%s)\n", target,
		        strerror(errno));
	else
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
