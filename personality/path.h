/* Paths: making one absolute and normal, and finding one in the initrd's
 * tree (a cpio archive in memory). Pure logic over strings and bytes, so
 * it is also built for the host (tests/unit/test_vfs_path.c); vfs.c adds
 * the processes, /dev and /proc.
 *
 * A normalised path has no leading '/', no "." or ".." and no empty
 * components: "bin/sh"; "" is the root. */
#ifndef PERSONALITY_PATH_H
#define PERSONALITY_PATH_H

#include "kernel/cpio.h"

#include <rn/px.h>

#include <stdbool.h>
#include <stdint.h>

/* Makes path absolute against cwd (normalised) and normal in out: "." and
 * ".." are resolved by name (".." of the root is the root). 0, or
 * -PX_ENOENT for "", -PX_ENAMETOOLONG if path, a component or the result
 * does not fit. */
int path_normalise(const char *cwd, const char *path, char out[PX_PATH_MAX]);

/* The path of entry name in directory dir (both normalised; "" is the
 * root): "dir/name", or "name" in the root. 0, or -PX_ENAMETOOLONG if it
 * does not fit. */
int path_join(const char *dir, const char *name, char out[PX_PATH_MAX]);

/* Whether path can only name a directory: it ends in '/', "." or ".."
 * (POSIX: "file/" is ENOTDIR, though normalising drops the slash). */
bool path_wants_dir(const char *path);

/* Finds a normalised path (not the root) in the archive: 0 with *e and
 * *ino (a number for the node, stable for the archive, never below 16)
 * filled, -PX_ENOTDIR if a prefix of it is a file, else -PX_ENOENT. A
 * directory the archive holds only implicitly (it has a/b/c but no a/b)
 * is found too, with mode CPIO_MODE_DIR | 0755 and no data. */
int path_find(const void *initrd, uint64_t size, const char *path, struct cpio_entry *e,
              uint64_t *ino);

/* The path of the node numbered ino (from path_find) in out: 0, or
 * -PX_EBADF if no node has that number. */
int path_of_ino(const void *initrd, uint64_t size, uint64_t ino, char out[PX_PATH_MAX]);

/* Where a listing is: start it with { 0 }. */
struct path_cursor {
	uint64_t off;               /* the next entry of the archive */
	char last[PX_NAME_MAX + 1]; /* the child the entry before it named */
};

/* The next child of directory dir (normalised) in the archive: 1 with its
 * name and *is_dir, 0 after the last. Each child comes once, implicit
 * directories included. */
int path_next_child(const void *initrd, uint64_t size, const char *dir, struct path_cursor *cur,
                    char name[PX_NAME_MAX + 1], bool *is_dir);

/* Whether two strings (paths, names) are the same. */
bool path_same(const char *a, const char *b);

#endif
