/* The file system: the initrd's tree (read-only), /dev with console, null
 * and zero, /proc, and the writable /tmp and /home (tmpfs.h, every page
 * charged to a process's budget). Paths are resolved against the process's
 * working directory, a node (proc.h), so it has no depth limit: only a
 * path given to a call does (PX_PATH_MAX). */
#ifndef PERSONALITY_VFS_H
#define PERSONALITY_VFS_H

#include "personality/path.h"
#include "personality/proc.h"

enum vnode_kind { VN_DIR = 1, VN_FILE, VN_CONSOLE, VN_NULL, VN_ZERO, VN_LINK };

/* The mount points of the writable file system (tmpfs.h): /tmp, /home. */
#define VFS_INO_TMP  6
#define VFS_INO_HOME 7

/* The longest path (with its NUL) of a node outside tmpfs: the root, an
 * initrd entry, /dev's and /proc's. They are fixed and short; an initrd
 * entry with a longer name is not found. Below a tmpfs directory a walk
 * goes by node numbers, so tmpfs has no such limit. */
#define VFS_FIXED_PATH_MAX PATH_INITRD_MAX

/* A node: what a path names. */
struct vnode {
	uint32_t kind;
	uint32_t mode;       /* PX_S_IF* | permission bits */
	uint64_t ino;        /* stable number of the node */
	const uint8_t *data; /* a file's bytes (in the initrd) */
	uint64_t size;
	uint64_t mtime; /* ns since the epoch (boot for what never changes) */
	uint64_t entry; /* the tmpfs node holding the name it was found by: ino
	                 * itself, or an extra name (a hard link); 0: not tmpfs */
	uint32_t nlink; /* its names (tmpfs: links; others 1) */
	/* A node outside tmpfs: its path, normalised (no leading '/', "" is
	 * the root) and free of links. A tmpfs node: "" (vfs_path builds its
	 * path from its directories). */
	char path[VFS_FIXED_PATH_MAX];
};

/* The node outside tmpfs at normalised path `path`, or a tmpfs node the
 * path reaches from the root or an initrd directory (a walk's start and
 * its ".."): 0, or -PX_ENOENT / -PX_ENOTDIR. */
int vfs_lookup(const char *path, struct vnode *out);

/* vfs_walk's flags: a symbolic link as the last name is the node found
 * (lstat, readlink, unlink, rename, link, O_NOFOLLOW), unless a slash
 * follows it. */
#define VFS_NOFOLLOW 1

/* Finds path buf from process p (relative to its working directory; buf
 * must hold its NUL within PX_PATH_MAX, else -PX_ENAMETOOLONG) a name at a
 * time, each name at most PX_NAME_MAX bytes (else -PX_ENAMETOOLONG): ".."
 * is the parent of the directory reached (physical, as POSIX has it, not
 * the text before it), and a symbolic link in any name is replaced by its
 * target (relative: from the link's directory), at most PX_SYMLOOP_MAX
 * times (then -PX_ELOOP). 0 with the node in v; dir and name, if not
 * NULL, get the directory the last name is in and that name ("" for the
 * root). -PX_ENOENT with dir and name filled when only the last name is
 * missing (where a new node would go), name "" otherwise. Other errors:
 * -PX_ENOTDIR, -PX_ENAMETOOLONG. A working directory that was removed
 * holds nothing and has no "..": -PX_ENOENT. */
int vfs_walk(const struct proc *p, const char *buf, unsigned flags, struct vnode *v,
             struct vnode *dir, char name[PX_NAME_MAX + 1]);

/* The directory node v's name is in (the name it was found by, for a hard
 * link), and that name ("" for the root): 0, or -PX_ENOENT if v is in no
 * directory now (removed). */
int vfs_place_of(const struct vnode *v, struct vnode *dir, char name[PX_NAME_MAX + 1]);

/* Whether directory v was removed (a working directory or an open
 * description still holds it): nothing can be made in it (ENOENT). */
bool vfs_removed(const struct vnode *v);

/* The absolute path of node v ("/" for the root), as its directories name
 * it now: its length (no NUL), and its bytes from `off` with its NUL, as
 * many as fit in cap, in out. -PX_ENOENT if v is in no directory now. */
long vfs_path(const struct vnode *v, char *out, uint64_t off, uint64_t cap);

/* A working directory (a node number, 0 for the root) is held as an open
 * directory is, so that it lives, removed, until let go. */
void vfs_hold(uint64_t ino);
void vfs_release(uint64_t ino);

/* vfs_walk following every link, for the node alone. */
int vfs_resolve(const struct proc *p, const char *buf, struct vnode *out);

/* The node with number ino (a directory an open description names). */
int vfs_node_of(uint64_t ino, struct vnode *out);

/* The n-th entry of directory dir (n from 0; "." and ".." first). Returns
 * 1 with name and kind filled, 0 after the last. *cursor (0 at first; a
 * description keeps it) makes the next entry's lookup one step
 * (tmpfs_dir_entry); NULL: none. */
int vfs_dir_entry(const struct vnode *dir, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *kind,
                  uint64_t *cursor);

/* Whether new entries can be made in directory v (all but /dev, /proc
 * and /proc's directories). */
bool vfs_writable_dir(const struct vnode *v);

/* Whether v is the initrd's (a file there is copied up to change it). */
bool vfs_in_initrd(const struct vnode *v);

/* Whether v is the root, /dev, /proc, /tmp or /home: never removed or
 * renamed (EBUSY). */
bool vfs_is_mount_point(const struct vnode *v);

/* Whether the initrd has an entry called name in directory dir (dir shows
 * the initrd's entries): taking away what dir/name shows then needs a
 * whiteout. */
bool vfs_initrd_has(const struct vnode *dir, const char *name);

/* The file exec of path buf (from the process) runs: in out, an initrd
 * program's normalised path and *ino 0 (it runs from its shared text), or
 * a tmpfs program's name and *ino its node. 0, or -PX_EACCES (not a regular file, or no execute
 * bit), or -PX_ENOEXEC (a file in memory that is not an ELF: a shell runs
 * it as a script), or another -PX_E*. */
int vfs_exec_path(const struct proc *p, const char *buf, char out[PX_PATH_MAX], uint64_t *ino);

/* Where a new node goes: its directory's number and its name. */
struct vfs_place {
	uint64_t dir;
	char name[PX_NAME_MAX + 1];
};

/* open(O_CREAT) of a name that does not exist: a new tmpfs file charged
 * to p, in v, in no directory yet (an open that fails after this frees it
 * with its description), to go into directory dir as at->name (vfs_walk
 * found both); at->dir is set for vfs_put. 0 or -PX_E*. */
int vfs_create(struct proc *p, const struct vnode *dir, uint64_t mode, struct vnode *v,
               struct vfs_place *at);

/* Opening initrd file v to change it: a tmpfs copy of its first `bytes`
 * bytes (all, or 0 for O_TRUNC), charged to p, in no directory yet, as
 * vfs_create, to go where v's name is; v becomes the copy. 0, or
 * -PX_ENOSPC / -PX_EFBIG with nothing changed. */
int vfs_copy_up(struct proc *p, struct vnode *v, uint64_t bytes, struct vfs_place *at);

/* Puts the node vfs_create or vfs_copy_up made in its place, where it
 * shadows the initrd's entry of its name or replaces a whiteout. */
void vfs_put(uint64_t ino, const struct vfs_place *at);

/* The calls on paths (buffer = the process's shared buffer). */
long vfs_stat(struct proc *p, char *buf);
long vfs_lstat(struct proc *p, char *buf);
long vfs_readlink(struct proc *p, char *buf); /* the target's length; it in buf */
/* The length; "/path" in buf (-PX_ENAMETOOLONG if it does not fit
 * PX_PATH_MAX). */
long vfs_realpath(struct proc *p, char *buf);
/* PX_LINK: a new name (buf + PX_PATH_MAX) for the file at buf; an initrd
 * file is copied up first (charged to p, as for a write) so that both
 * names are one file. A directory: EPERM; /dev, /proc: EXDEV. */
long vfs_link(struct proc *p, char *buf);
long vfs_symlink(struct proc *p, char *buf); /* target at buf, the link's path after */
long vfs_mkdir(struct proc *p, char *buf, uint64_t mode);
long vfs_unlink(struct proc *p, char *buf);
long vfs_rmdir(struct proc *p, char *buf);
long vfs_rename(struct proc *p, char *buf); /* old path, new at PX_PATH_MAX */
long vfs_chmod(struct proc *p, char *buf, uint64_t mode);
/* PX_UTIMENS: sets the modification time (an initrd file is copied up
 * first, as for chmod). */
long vfs_utimens(struct proc *p, char *buf, uint64_t ns);
long vfs_chdir(struct proc *p, char *buf);
/* PX_GETCWD: the working directory's path's length, and its bytes from
 * off in buf (PX_SHARED_SIZE); *version the tree's (tmpfs_version), so
 * that a path read in pieces can be known whole. -PX_ENOENT if the
 * directory was removed. */
long vfs_getcwd(struct proc *p, char *buf, uint64_t off, uint64_t *version);

#endif
