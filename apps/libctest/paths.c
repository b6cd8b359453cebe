/* Paths through the C library: a tree deeper than PATH_MAX made, entered
 * and left again, getcwd's ERANGE and pieces, a working directory removed
 * or moved under it, ENAMETOOLONG (issue 18). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syslimits.h>
#include <unistd.h>
#include "libctest.h"

#define TOP "/tmp/libctest-deep"

/* Climbs `levels` directories called name from the working directory,
 * removing each on the way (files called f first). */
static void climb_out(int levels, const char *name)
{
	for (int i = 0; i < levels; i++) {
		unlink("f");
		chdir("..");
		rmdir(name);
	}
}

int test_deep_tree(void)
{
	char path[PATH_MAX], out[PATH_MAX], name[16];
	int r = 0, depth = 0;

	rmdir(TOP);
	if (mkdir(TOP, 0777) < 0)
		return fail("mkdir " TOP ": %s", strerror(errno));
	/* 100 levels, each by its absolute path: 20 + 100 * 7 bytes. */
	strcpy(path, TOP);
	for (depth = 0; depth < 100; depth++) {
		snprintf(name, sizeof name, "/lvl%02d", depth);
		strcat(path, name);
		if (mkdir(path, 0777) < 0) {
			r = fail("mkdir at depth %d (%zu bytes): %s", depth + 1, strlen(path),
			         strerror(errno));
			break;
		}
	}
	if (r == 0 && chdir(path) < 0)
		r = fail("chdir %s: %s", path, strerror(errno));
	if (r == 0 && (!getcwd(out, sizeof out) || strcmp(out, path) != 0))
		r = fail("getcwd = %s", errno ? strerror(errno) : out);
	int fd = r == 0 ? open("f", O_RDWR | O_CREAT, 0666) : -1;
	if (r == 0 && fd < 0)
		r = fail("open f there: %s", strerror(errno));
	close(fd);
	struct stat st;
	strcat(path, "/f");
	if (r == 0 && stat(path, &st) < 0)
		r = fail("stat by its whole path: %s", strerror(errno));
	if (r == 0 && (!realpath("f", out) || strcmp(out, path) != 0))
		r = fail("realpath(f) = %s", errno ? strerror(errno) : out);
	path[strlen(path) - 2] = 0;
	/* 40 more, each from the one before: past PATH_MAX. */
	int more = 0;
	for (; r == 0 && more < 40; more++) {
		if (mkdir("deeper-level", 0777) < 0 || chdir("deeper-level") < 0)
			r = fail("level %d below: %s", more + 1, strerror(errno));
	}
	size_t want = strlen(path) + 40 * strlen("/deeper-level");
	errno = 0;
	if (r == 0)
		r = expect_errno(getcwd(out, sizeof out) ? 0 : -1, ERANGE, "getcwd(PATH_MAX)");
	if (r == 0)
		r = expect_errno(getcwd(out, 0) ? 0 : -1, EINVAL, "getcwd(buf, 0)");
	char *all = r == 0 ? getcwd(NULL, 0) : NULL;
	if (r == 0 && (!all || strlen(all) != want || strncmp(all, path, strlen(path)) != 0 ||
	               strcmp(all + want - 13, "/deeper-level") != 0))
		r = fail("getcwd(NULL, 0) = %s", all ? all : strerror(errno));
	free(all);
	if (r == 0)
		r = expect_errno(realpath(".", out) ? 0 : -1, ENAMETOOLONG, "realpath deeper than PATH_MAX");
	fd = r == 0 ? open("f", O_RDWR | O_CREAT, 0666) : -1;
	if (r == 0 && fd < 0)
		r = fail("open f at the bottom: %s", strerror(errno));
	close(fd);
	climb_out(more, "deeper-level");
	unlink("f");
	for (int i = depth - 1; i >= 0; i--) {
		snprintf(name, sizeof name, "lvl%02d", i);
		chdir("..");
		rmdir(name);
	}
	chdir("/");
	if (r == 0 && rmdir(TOP) < 0)
		r = fail("the tree was not all removed: %s", strerror(errno));
	return r;
}

int test_getcwd_past_a_page(void)
{
	char name[NAME_MAX + 1];
	int r = 0, levels = 0;

	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = 0;
	if (chdir("/tmp") < 0)
		return fail("chdir /tmp: %s", strerror(errno));
	for (; levels < 17; levels++) {
		if (mkdir(name, 0777) < 0 || chdir(name) < 0) {
			r = fail("level %d: %s", levels + 1, strerror(errno));
			break;
		}
	}
	char *all = r == 0 ? getcwd(NULL, 0) : NULL;
	if (r == 0 && (!all || strlen(all) != 4 + 17 * (NAME_MAX + 1) || strncmp(all, "/tmp/nnn", 8)))
		r = fail("getcwd of %d bytes = %s", 4 + 17 * (NAME_MAX + 1),
		         all ? all : strerror(errno));
	free(all);
	climb_out(levels, name);
	chdir("/");
	return r;
}

int test_cwd_removed_or_moved(void)
{
	char out[64];
	int r = 0;

	rmdir("/tmp/lct-gone");
	if (mkdir("/tmp/lct-gone", 0777) < 0 || chdir("/tmp/lct-gone") < 0 ||
	    rmdir("/tmp/lct-gone") < 0)
		return fail("set-up: %s", strerror(errno));
	r = expect_errno(getcwd(out, sizeof out) ? 0 : -1, ENOENT, "getcwd of a removed directory");
	if (r == 0)
		r = expect_errno(open("x", O_RDWR | O_CREAT, 0666), ENOENT, "creating in it");
	chdir("/");
	if (r == 0 && (mkdir("/tmp/lct-r1", 0777) < 0 || mkdir("/tmp/lct-r1/in", 0777) < 0 ||
	               chdir("/tmp/lct-r1/in") < 0 || rename("/tmp/lct-r1", "/tmp/lct-r2") < 0))
		r = fail("set-up of the rename: %s", strerror(errno));
	if (r == 0 && (!getcwd(out, sizeof out) || strcmp(out, "/tmp/lct-r2/in") != 0))
		r = fail("getcwd after its parent moved = %s", errno ? strerror(errno) : out);
	chdir("/");
	rmdir("/tmp/lct-r2/in");
	rmdir("/tmp/lct-r2");
	return r;
}

int test_name_too_long(void)
{
	static char path[PATH_MAX + 8];
	char name[NAME_MAX + 8];
	int r = 0;

	memset(path, 'a', PATH_MAX);
	path[0] = '/';
	path[PATH_MAX] = 0; /* PATH_MAX bytes and the NUL */
	r = expect_errno(open(path, O_RDONLY), ENAMETOOLONG, "open of PATH_MAX bytes");
	if (r == 0)
		r = expect_errno(mkdir(path, 0777), ENAMETOOLONG, "mkdir of PATH_MAX bytes");
	snprintf(name, sizeof name, "/tmp/%0*d", NAME_MAX + 1, 0);
	if (r == 0)
		r = expect_errno(mkdir(name, 0777), ENAMETOOLONG, "a name of NAME_MAX + 1");
	snprintf(name, sizeof name, "/tmp/%0*d", NAME_MAX, 0);
	if (r == 0 && mkdir(name, 0777) < 0)
		r = fail("a name of NAME_MAX: %s", strerror(errno));
	rmdir(name);
	return r;
}
