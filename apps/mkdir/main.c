/* mkdir: makes directories.
 *   mkdir [-p] dir...
 * -p makes the missing parents too, and an existing directory is then
 * no error. New directories get mode 0777 less the umask. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "apps/lib/options.h"

static int usage(void)
{
	fputs("usage: mkdir [-p] dir...\n", stderr);
	return 2;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Each prefix of path that ends before a '/', then path itself: made
 * unless it is a directory already. 0, or -1 with errno and the failing
 * prefix left in path. */
static int make_parents(char *path)
{
	for (char *p = path;; p++) {
		char saved;

		/* The end of a component: a '/' that follows a name, or the end. */
		if (*p != '\0' && !(*p == '/' && p > path && p[-1] != '/'))
			continue;
		saved = *p;
		*p = '\0';
		if (!is_dir(path) && mkdir(path, 0777) < 0) {
			if (errno != EEXIST)
				return -1;
			/* Made by someone else meanwhile, or not a directory: a
			 * file in the way of a parent is "not a directory". */
			if (!is_dir(path)) {
				errno = saved == '\0' ? EEXIST : ENOTDIR;
				return -1;
			}
		}
		if (saved == '\0')
			return 0;
		*p = saved;
	}
}

int main(int argc, char **argv)
{
	int parents = 0, status = 0, c;

	/* Options come first; "--" ends them. */
	while ((c = option_next(argc, argv, "mkdir", "p")) != -1) {
		if (c != 'p')
			return usage();
		parents = 1;
	}
	if (optind == argc)
		return usage();
	for (int i = optind; i < argc; i++) {
		if (parents) {
			char *path = strdup(argv[i]);

			if (!path) {
				fputs("mkdir: out of memory\n", stderr);
				return 1;
			}
			if (make_parents(path) < 0) {
				fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
				status = 1;
			}
			free(path);
		} else if (mkdir(argv[i], 0777) < 0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
