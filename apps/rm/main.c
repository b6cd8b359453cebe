/* rm: removes files.
 *   rm [-fr] path...
 * -r removes directories with everything in them; without it a directory
 * is refused. -f says nothing about paths that do not exist (and allows
 * no operand at all). Paths whose last component is "." or "..", and "/",
 * are refused, as POSIX asks.
 * lstat tells directories from files, so that a symbolic link is removed
 * itself, never followed (rm -r never descends through one). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "apps/lib/options.h"
#include "apps/lib/path.h"

static int opt_force, opt_recursive;

static void usage(void)
{
	fputs("usage: rm [-fr] path...\n", stderr);
	exit(2);
}

static int fail(const char *path)
{
	if (opt_force && errno == ENOENT)
		return 0;
	fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
	return -1;
}

static int remove_path(const char *path);

/* Everything in directory `path`, then the directory. The names are read
 * first and the directory closed before anything is removed: removing
 * while reading is not safe everywhere, and a deep tree would otherwise
 * hold a descriptor for every level. */
static int remove_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	if (!d)
		return fail(path);
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc("rm", names, cap * sizeof *names);
		}
		names[n++] = path_join("rm", path, de->d_name);
		errno = 0;
	}
	if (errno != 0)
		r = fail(path);
	closedir(d);

	for (size_t i = 0; i < n; i++) {
		if (remove_path(names[i]) < 0)
			r = -1;
		free(names[i]);
	}
	free(names);
	if (r == 0 && rmdir(path) < 0)
		r = fail(path);
	return r;
}

static int remove_path(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return fail(path);
	if (S_ISDIR(st.st_mode)) {
		if (!opt_recursive) {
			fprintf(stderr, "rm: %s: is a directory\n", path);
			return -1;
		}
		return remove_dir(path);
	}
	if (unlink(path) < 0)
		return fail(path);
	return 0;
}

/* "/", or a last component "." or "..". */
static int forbidden(const char *path)
{
	size_t len;
	const char *last = path_last(path, &len);

	if (len == 0 && path[0] == '/')
		return 1;
	return (len == 1 && last[0] == '.') || (len == 2 && last[0] == '.' && last[1] == '.');
}

int main(int argc, char **argv)
{
	int status = 0, c;

	/* Options come first; "--" ends them (rm -- -name). */
	while ((c = option_next(argc, argv, "rm", "fRr")) != -1) {
		switch (c) {
		case 'f':
			opt_force = 1;
			break;
		case 'R':
		case 'r':
			opt_recursive = 1;
			break;
		default:
			usage();
		}
	}
	if (optind == argc && !opt_force)
		usage();
	for (int i = optind; i < argc; i++) {
		if (forbidden(argv[i])) {
			fprintf(stderr, "rm: refusing to remove %s\n", argv[i]);
			status = 1;
		} else if (remove_path(argv[i]) < 0) {
			status = 1;
		}
	}
	return status;
}
