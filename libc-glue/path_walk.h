/* The logic of realpath() with the file system left out, so that the host
 * tests can run it (tests/unit/test_path_walk.c). */
#ifndef LIBC_GLUE_PATH_WALK_H
#define LIBC_GLUE_PATH_WALK_H

#include <stddef.h>

/* What a path names, as path_walk's caller finds out. */
enum path_kind {
	PATH_MISSING, /* not there (the lookup set errno) */
	PATH_DIR,
	PATH_OTHER, /* a file, a device, a pipe */
};

/* Resolves `path` (relative to `cwd`, itself absolute and resolved) into
 * `out` (`size` bytes): absolute, one slash between names, no "." or "..".
 * Every name on the way is looked up with kind(prefix, ctx): it must be
 * there, and all but the last (and the last too if the path ends in a
 * slash) must be directories. ".." of the root is the root. There are no
 * symbolic links to follow. 0, or -1 with errno: ENOENT ("" or a missing
 * name), ENOTDIR, ENAMETOOLONG (out too small), or kind's errno. */
int path_walk(const char *cwd, const char *path, char *out, size_t size,
              enum path_kind (*kind)(const char *prefix, void *ctx), void *ctx);

#endif
