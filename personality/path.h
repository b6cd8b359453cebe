/* The initrd's tree (a cpio archive in memory): finding a path in it,
 * the path of one of its nodes, listing a directory. Pure logic over
 * strings and bytes, so it is also built for the host
 * (tests/unit/test_vfs_path.c); vfs.c walks paths, a name at a time, over
 * it, tmpfs, /dev and /proc.
 *
 * A normalised path has no leading '/', no "." or ".." and no empty
 * components: "bin/sh"; "" is the root. */
#ifndef PERSONALITY_PATH_H
#define PERSONALITY_PATH_H

#include "kernel/cpio.h"

#include <rn/px.h>

#include <stdbool.h>
#include <stdint.h>

/* The longest path of an initrd entry that is found, with its NUL. */
#define PATH_INITRD_MAX 256

/* Finds a normalised path (not the root) in the archive: 0 with *e and
 * *ino (a number for the node, stable for the archive, never below 16)
 * filled, -PX_ENOTDIR if a prefix of it is a file, else -PX_ENOENT. A
 * directory the archive holds only implicitly (it has a/b/c but no a/b)
 * is found too, with mode CPIO_MODE_DIR | 0755 and no data. */
int path_find(const void *initrd, uint64_t size, const char *path, struct cpio_entry *e,
              uint64_t *ino);

/* The path of the node numbered ino (from path_find) in out: 0, or
 * -PX_EBADF if no node has that number. */
int path_of_ino(const void *initrd, uint64_t size, uint64_t ino, char out[PATH_INITRD_MAX]);

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
