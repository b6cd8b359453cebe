/* realpath's walk (libc-glue/path_walk.c) over a made-up tree: where "."
 * and ".." go, which names must be directories, and what each failure
 * says. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include "libc-glue/path_walk.h"

/* The tree: /bin/sh (file), /etc/passwd (file), /tmp/a/b (directories). */
static const char *const dirs[] = { "/", "/bin", "/etc", "/tmp", "/tmp/a", "/tmp/a/b" };
static const char *const files[] = { "/bin/sh", "/etc/passwd" };
static int lookups;

static enum path_kind tree(const char *prefix, void *ctx)
{
	(void)ctx;
	lookups++;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (strcmp(prefix, dirs[i]) == 0)
			return PATH_DIR;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (strcmp(prefix, files[i]) == 0)
			return PATH_OTHER;
	errno = ENOENT;
	return PATH_MISSING;
}

static void walks_to(const char *cwd, const char *path, const char *want)
{
	char out[64];
	int r = path_walk(cwd, path, out, sizeof out, tree, NULL);
	cr_assert_eq(r, 0, "\"%s\" from %s: errno %d", path, cwd, errno);
	cr_assert_str_eq(out, want, "\"%s\" from %s", path, cwd);
}

static void fails_with(const char *cwd, const char *path, size_t size, int err)
{
	char out[64];
	errno = 0;
	int r = path_walk(cwd, path, out, size, tree, NULL);
	cr_assert_eq(r, -1, "\"%s\" from %s resolved to %s", path, cwd, out);
	cr_assert_eq(errno, err, "\"%s\": errno %d, expected %d", path, errno, err);
}

Test(path_walk, absolute_paths_lose_dots_and_extra_slashes)
{
	walks_to("/tmp", "/bin/../etc//passwd", "/etc/passwd");
	walks_to("/tmp", "///bin/./sh", "/bin/sh");
	walks_to("/tmp", "/", "/");
	walks_to("/tmp", "/tmp/a/b/", "/tmp/a/b");
}

Test(path_walk, relative_paths_start_at_the_working_directory)
{
	walks_to("/tmp/a", "b", "/tmp/a/b");
	walks_to("/tmp/a/b", ".", "/tmp/a/b");
	walks_to("/tmp/a/b", "..", "/tmp/a");
	walks_to("/tmp/a/b", "./../b/.", "/tmp/a/b");
	walks_to("/", "tmp", "/tmp");
}

Test(path_walk, dot_dot_of_the_root_is_the_root)
{
	walks_to("/tmp", "/..", "/");
	walks_to("/tmp/a", "../../../../etc/", "/etc");
	walks_to("/", "..", "/");
}

Test(path_walk, every_name_is_looked_up_before_the_next)
{
	/* "missing/.." is not cut away by text alone. */
	fails_with("/tmp", "missing/..", 64, ENOENT);
	lookups = 0;
	walks_to("/tmp", "a/b/..", "/tmp/a");
	cr_assert_eq(lookups, 2, "a and a/b looked up, not %d names", lookups);
}

Test(path_walk, the_empty_path_and_missing_names_are_enoent)
{
	fails_with("/tmp", "", 64, ENOENT);
	fails_with("/tmp", "/nope", 64, ENOENT);
	fails_with("/tmp", "a/nope/b", 64, ENOENT);
}

Test(path_walk, only_directories_have_names_after_them)
{
	fails_with("/", "/etc/passwd/", 64, ENOTDIR);
	fails_with("/", "/etc/passwd/.", 64, ENOTDIR);
	fails_with("/", "/etc/passwd/..", 64, ENOTDIR);
	fails_with("/", "/bin/sh/x", 64, ENOTDIR);
	walks_to("/", "/etc/passwd", "/etc/passwd");
}

Test(path_walk, a_result_too_long_for_the_buffer_is_enametoolong)
{
	fails_with("/tmp", "/etc/passwd", 8, ENAMETOOLONG);
	fails_with("/tmp/a/b", ".", 8, ENAMETOOLONG);
	char out[12];
	cr_assert_eq(path_walk("/tmp", "/etc/passwd", out, sizeof out, tree, NULL), 0,
	             "exactly 11 bytes and the NUL fit");
}
