/* The calls that change the file system's tree: create, copy-up, mkdir,
 * unlink, rmdir, rename (vfs.h). Every directory but /dev and /proc takes
 * changes. The initrd's own bytes never change: in the root and in each
 * initrd directory, a tmpfs node over an initrd entry of the same name
 * shadows it (a copy of a file, or a directory made in its place) or hides
 * it (a whiteout), as vfs.c's lookup reads them.
 *
 * Each call first gets every page it needs (new nodes are made in no
 * directory, tmpfs.h) and checks everything, and only then changes the
 * tree, so a failed call leaves it as it was. */
#include "personality/vfs.h"

#include "personality/clock.h"
#include "personality/tmpfs.h"

#include "kernel/string.h"

static bool has_nul(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			return true;
	return false;
}

/* The error for making name in dir when it does not exist yet. */
static int check_new(const struct vnode *dir)
{
	if (dir->kind != VN_DIR)
		return -PX_ENOTDIR;
	if (vfs_removed(dir))
		return -PX_ENOENT; /* a removed working directory: as Linux */
	return vfs_writable_dir(dir) ? 0 : -PX_EROFS;
}

/* Where a new name at path buf goes: its directory (existing, writable)
 * and name. -PX_EEXIST if buf names anything (a symbolic link too, even a
 * dangling one: it is not followed), or the walk's error. */
static int new_place(const struct proc *p, const char *buf, struct vnode *dir,
                     char name[PX_NAME_MAX + 1])
{
	struct vnode v;
	int err = vfs_walk(p, buf, VFS_NOFOLLOW, &v, dir, name);
	if (err == 0)
		return -PX_EEXIST;
	if (err == -PX_ENOENT && name[0])
		return check_new(dir);
	return err;
}

/* Whether directory v lists nothing (besides . and ..), the initrd's
 * entries and tmpfs's together. */
static bool is_empty(const struct vnode *v)
{
	char name[PX_NAME_MAX + 1];
	uint32_t kind;
	return !vfs_dir_entry(v, 2, name, &kind, NULL);
}

/* Puts node ino (in no directory) at dir/name, which shows nothing now: a
 * whiteout there gives way. */
static void attach(uint64_t ino, uint64_t dir, const char *name)
{
	uint64_t old = tmpfs_child(dir, name, strlen(name));
	if (old)
		tmpfs_unlink(old); /* a whiteout, never open: freed now */
	tmpfs_rename(ino, dir, name);
}

/* If taking away what dir/name shows would show the initrd's entry of that
 * name, a whiteout for it, charged to p and in no directory yet: its
 * number; else 0; or -PX_ENOSPC. */
static long whiteout_for(struct proc *p, const struct vnode *dir, const char *name)
{
	if (!vfs_initrd_has(dir, name))
		return 0;
	return tmpfs_create(p, 0, name, TMPFS_S_IFWHT);
}

/* Takes away node v, which dir/name shows (checked: a file, or an empty
 * directory); whiteout, if not 0, then hides the initrd's entry there. */
static void take_away(const struct vnode *v, uint64_t dir, const char *name, long whiteout)
{
	if (tmpfs_is_node(v->ino))
		tmpfs_unlink(v->entry); /* the name, which may be a hard link's */
	else if (v->kind == VN_DIR)
		tmpfs_drop_whiteouts(v->ino); /* an initrd directory: they hid all it had */
	if (whiteout)
		tmpfs_rename((uint64_t)whiteout, dir, name);
}

/* A tmpfs file in no directory, charged to p, called name, with the mode
 * and first `bytes` bytes of initrd file v: its number, or -PX_E*. */
static long copy_of(struct proc *p, const struct vnode *v, const char *name, uint64_t bytes)
{
	if (bytes > TMPFS_FILE_MAX)
		return -PX_EFBIG;
	long ino = tmpfs_create(p, 0, name, v->mode);
	if (ino < 0)
		return ino;
	long n = tmpfs_write(p, (uint64_t)ino, 0, (const char *)v->data, bytes);
	if (n != (long)bytes) {
		tmpfs_unlink((uint64_t)ino); /* frees it and its pages */
		return n < 0 ? n : -PX_ENOSPC;
	}
	/* A whole copy is the same file, as old as it was (a cut one, for
	 * O_TRUNC, is new). */
	if (bytes == v->size)
		tmpfs_set_mtime((uint64_t)ino, v->mtime);
	return ino;
}

int vfs_create(struct proc *p, const struct vnode *dir, uint64_t mode, struct vnode *v,
               struct vfs_place *at)
{
	int err = check_new(dir);
	if (err)
		return err;
	long ino = tmpfs_create(p, 0, at->name, PX_S_IFREG | (mode & 0777));
	if (ino < 0)
		return (int)ino;
	at->dir = dir->ino;
	memset(v, 0, sizeof(*v));
	v->kind = VN_FILE;
	v->mode = PX_S_IFREG | (mode & 0777);
	v->ino = (uint64_t)ino;
	return 0;
}

int vfs_copy_up(struct proc *p, struct vnode *v, uint64_t bytes, struct vfs_place *at)
{
	struct vnode dir;
	int err = vfs_place_of(v, &dir, at->name);
	if (err)
		return err;
	long ino = copy_of(p, v, at->name, bytes);
	if (ino < 0)
		return (int)ino;
	at->dir = dir.ino;
	v->ino = (uint64_t)ino;
	v->data = 0;
	v->size = bytes;
	return 0;
}

void vfs_put(uint64_t ino, const struct vfs_place *at)
{
	attach(ino, at->dir, at->name);
}

long vfs_mkdir(struct proc *p, char *buf, uint64_t mode)
{
	struct vnode dir;
	char name[PX_NAME_MAX + 1];
	int err = new_place(p, buf, &dir, name);
	if (err)
		return err;
	long ino = tmpfs_create(p, 0, name, PX_S_IFDIR | (mode & 0777));
	if (ino < 0)
		return ino;
	attach((uint64_t)ino, dir.ino, name);
	return 0;
}

/* The node at buf (a symbolic link itself, not followed), its directory
 * and name, for a call that takes a name away: -PX_EBUSY for a mount
 * point, -PX_EROFS in /dev or /proc. */
static int resolve_removable(const struct proc *p, const char *buf, struct vnode *v,
                             struct vnode *dir, char name[PX_NAME_MAX + 1])
{
	int err = vfs_walk(p, buf, VFS_NOFOLLOW, v, dir, name);
	if (err)
		return err;
	if (vfs_is_mount_point(v))
		return -PX_EBUSY;
	return vfs_writable_dir(dir) ? 0 : -PX_EROFS;
}

long vfs_unlink(struct proc *p, char *buf)
{
	struct vnode v, dir;
	char name[PX_NAME_MAX + 1];
	int err = resolve_removable(p, buf, &v, &dir, name);
	if (!err && v.kind == VN_DIR)
		return -PX_EISDIR; /* as Linux answers */
	if (err)
		return err;
	long whiteout = whiteout_for(p, &dir, name);
	if (whiteout < 0)
		return whiteout;
	take_away(&v, dir.ino, name, whiteout);
	return 0;
}

/* Whether the path's last name is "." or ".." (trailing slashes aside). */
static bool ends_in_dot(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	size_t len = n - start;
	return (len == 1 && path[start] == '.') ||
	       (len == 2 && path[start] == '.' && path[start + 1] == '.');
}

long vfs_rmdir(struct proc *p, char *buf)
{
	struct vnode v, dir;
	char name[PX_NAME_MAX + 1];
	/* POSIX: "." or ".." as the last name is EINVAL (rmdir("."), of the
	 * working directory, would otherwise succeed). */
	if (has_nul(buf, PX_PATH_MAX) && ends_in_dot(buf))
		return -PX_EINVAL;
	int err = resolve_removable(p, buf, &v, &dir, name);
	if (!err && v.kind != VN_DIR)
		return -PX_ENOTDIR;
	if (err)
		return err;
	if (!is_empty(&v))
		return -PX_ENOTEMPTY;
	long whiteout = whiteout_for(p, &dir, name);
	if (whiteout < 0)
		return whiteout;
	take_away(&v, dir.ino, name, whiteout);
	return 0;
}

/* Whether node ino is dir or lies below it: up to the top, however deep
 * (the tree has no cycle: this check keeps it so). */
static bool is_within(uint64_t ino, uint64_t dir)
{
	for (;;) {
		if (ino == dir)
			return true;
		const char *name;
		if (!tmpfs_is_node(ino) || tmpfs_parent(ino, &ino, &name))
			return false;
	}
}

/* The checks of rename(from, to) on old, the node `to` names now: 0, or
 * the refusal. */
static int check_rename_target(const struct vnode *from, const struct vnode *old)
{
	if (old->ino == from->ino)
		return 0;
	if (vfs_is_mount_point(old))
		return -PX_EBUSY;
	if (from->kind == VN_DIR && old->kind != VN_DIR)
		return -PX_ENOTDIR;
	if (from->kind != VN_DIR && old->kind == VN_DIR)
		return -PX_EISDIR;
	if (old->kind == VN_DIR && !is_empty(old))
		return -PX_ENOTEMPTY;
	return 0;
}

/* rename: a tmpfs name moves (a symbolic link, or one hard link of a
 * file, is moved itself); an initrd file is copied (charged to p) to the
 * new name; an initrd directory is refused with EXDEV, as overlayfs does
 * (it would mean copying its tree). Where the old name showed an initrd
 * entry, a whiteout (p's) hides it. Two names of one file: nothing is
 * done (POSIX). */
long vfs_rename(struct proc *p, char *buf)
{
	char *to = buf + PX_PATH_MAX;
	struct vnode from, fdir, dir, old;
	char fname[PX_NAME_MAX + 1], name[PX_NAME_MAX + 1];
	int err = resolve_removable(p, buf, &from, &fdir, fname);
	if (err)
		return err;
	if (from.kind == VN_DIR && vfs_in_initrd(&from))
		return -PX_EXDEV;
	err = vfs_walk(p, to, VFS_NOFOLLOW, &old, &dir, name);
	bool exists = err == 0;
	if (err && !(err == -PX_ENOENT && name[0]))
		return err;
	if (!name[0])
		return -PX_EBUSY; /* the root */
	if (!vfs_writable_dir(&dir))
		return -PX_EXDEV; /* /dev, /proc: another file system */
	if (vfs_removed(&dir))
		return -PX_ENOENT;
	if (from.kind == VN_DIR && is_within(dir.ino, from.ino))
		return -PX_EINVAL; /* into itself */
	if (exists) {
		err = check_rename_target(&from, &old);
		if (err || old.ino == from.ino)
			return err;
	}
	/* Every page first. */
	long moved = tmpfs_is_node(from.ino) ? (long)from.entry : copy_of(p, &from, name, from.size);
	if (moved < 0)
		return moved;
	long whiteout = whiteout_for(p, &fdir, fname);
	if (whiteout < 0) {
		if (!tmpfs_is_node(from.ino))
			tmpfs_unlink((uint64_t)moved); /* the copy */
		return whiteout;
	}
	/* Then the changes. */
	if (exists)
		take_away(&old, dir.ino, name, 0);
	attach((uint64_t)moved, dir.ino, name);
	if (whiteout)
		tmpfs_rename((uint64_t)whiteout, fdir.ino, fname);
	return 0;
}

/* link: a new name for a file or a symbolic link (not followed, as on
 * Linux). An initrd file is copied up first, as a write would (charged
 * to p), so that both names are one file. Every page comes first (the
 * copy, then the name's node: all p's), so a full budget changes
 * nothing. */
long vfs_link(struct proc *p, char *buf)
{
	struct vnode v, dir;
	struct vfs_place up;
	char name[PX_NAME_MAX + 1];
	int err = vfs_walk(p, buf, VFS_NOFOLLOW, &v, NULL, NULL);
	if (err)
		return err;
	if (v.kind == VN_DIR)
		return -PX_EPERM; /* POSIX allows refusing; no system here links them */
	bool copy = !tmpfs_is_node(v.ino);
	if (copy && !(v.kind == VN_FILE && vfs_in_initrd(&v)))
		return -PX_EXDEV; /* /dev, /proc */
	err = new_place(p, buf + PX_PATH_MAX, &dir, name);
	if (!err && copy)
		err = vfs_copy_up(p, &v, v.size, &up);
	if (err)
		return err;
	long entry = tmpfs_link(p, v.ino, name);
	if (entry < 0) {
		if (copy)
			tmpfs_unlink(v.ino); /* the copy, in no directory: freed */
		return entry;
	}
	if (copy)
		vfs_put(v.ino, &up);
	attach((uint64_t)entry, dir.ino, name);
	return 0;
}

/* symlink: a node of kind PX_S_IFLNK whose data is the target, charged to
 * p. The target is kept as given (it need not exist); it must not be
 * empty (ENOENT, as Linux) and fits PX_PATH_MAX. */
long vfs_symlink(struct proc *p, char *buf)
{
	struct vnode dir;
	char name[PX_NAME_MAX + 1];
	if (!has_nul(buf, PX_PATH_MAX))
		return -PX_ENAMETOOLONG;
	size_t n = strlen(buf);
	if (!n)
		return -PX_ENOENT;
	int err = new_place(p, buf + PX_PATH_MAX, &dir, name);
	if (err)
		return err;
	long ino = tmpfs_create(p, 0, name, PX_S_IFLNK | 0777);
	if (ino < 0)
		return ino;
	long w = tmpfs_write(p, (uint64_t)ino, 0, buf, n);
	if (w != (long)n) {
		tmpfs_unlink((uint64_t)ino);
		return w < 0 ? w : -PX_ENOSPC;
	}
	attach((uint64_t)ino, dir.ino, name);
	return 0;
}

/* The tmpfs node buf names, for a call that changes its attributes: an
 * initrd file is copied up first (charged to the caller), as a write
 * would be; directories, devices and /proc stay as they are (EROFS). */
static long own_node(struct proc *p, char *buf)
{
	struct vnode v;
	struct vfs_place at;
	int err = vfs_resolve(p, buf, &v);
	if (err)
		return err;
	if (tmpfs_is_node(v.ino))
		return (long)v.ino;
	if (v.kind != VN_FILE || !vfs_in_initrd(&v))
		return -PX_EROFS;
	err = vfs_copy_up(p, &v, v.size, &at);
	if (err)
		return err;
	vfs_put(v.ino, &at);
	return (long)v.ino;
}

long vfs_chmod(struct proc *p, char *buf, uint64_t mode)
{
	long ino = own_node(p, buf);
	if (ino < 0)
		return ino;
	tmpfs_chmod((uint64_t)ino, (uint32_t)mode);
	return 0;
}

long vfs_utimens(struct proc *p, char *buf, uint64_t ns)
{
	long ino = own_node(p, buf);
	if (ino < 0)
		return ino;
	tmpfs_set_mtime((uint64_t)ino, ns == PX_UTIME_NOW ? clock_now_ns() : ns);
	return 0;
}
