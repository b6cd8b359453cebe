/* The file system, read-only for now: the initrd's tree, plus /dev with
 * console, null and zero. Paths are resolved against the process's working
 * directory. (Writable files, with their pages charged to the writer's
 * budget, come next: docs/personality.md.) */
#ifndef PERSONALITY_VFS_H
#define PERSONALITY_VFS_H

#include "personality/proc.h"

enum vnode_kind { VN_DIR = 1, VN_FILE, VN_CONSOLE, VN_NULL, VN_ZERO };

/* A node: what a path names. */
struct vnode {
	uint32_t kind;
	uint32_t mode;       /* PX_S_IF* | permission bits */
	uint64_t ino;        /* stable number of the node */
	const uint8_t *data; /* a file's bytes (in the initrd) */
	uint64_t size;
	char path[PX_PATH_MAX]; /* normalised, no leading '/' ("" is the root) */
};

/* Makes `path` (from the process, relative to its cwd) absolute and
 * normal ("." and ".." resolved) in out. 0 or -PX_E*. */
int vfs_normalise(const struct proc *p, const char *path, char out[PX_PATH_MAX]);

/* The node at a normalised path: 0, or -PX_ENOENT / -PX_ENOTDIR. */
int vfs_lookup(const char *path, struct vnode *out);

/* vfs_normalise then vfs_lookup of a path from the process (buf must
 * hold its NUL within PX_PATH_MAX): 0 or -PX_E*. */
int vfs_resolve(const struct proc *p, const char *buf, struct vnode *out);

/* The node with number ino (a directory an open description names). */
int vfs_node_of(uint64_t ino, struct vnode *out);

/* The n-th entry of directory dir (n from 0; "." and ".." first). Returns
 * 1 with name and kind filled, 0 after the last. */
int vfs_dir_entry(const struct vnode *dir, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *kind);

/* The calls on paths (buffer = the process's shared buffer). */
long vfs_stat(struct proc *p, char *buf);
long vfs_chdir(struct proc *p, char *buf);
long vfs_getcwd(struct proc *p, char *buf);

#endif
