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

/* For a path that does not exist yet: its directory (which must exist)
 * and last component. 0 or -PX_E* (-PX_EEXIST for the root). */
static int vfs_parent(const struct proc *p, const char *buf, struct vnode *dir,
                      char name[PX_NAME_MAX + 1])
{
	char path[PX_PATH_MAX];
	if (!has_nul(buf, PX_PATH_MAX))
		return -PX_ENAMETOOLONG;
	if (!buf[0])
		return -PX_ENOENT;
	int err = vfs_normalise(p, buf, path);
	if (err)
		return err;
	size_t len = strlen(path), cut = len;
	if (len == 0)
		return -PX_EEXIST; /* the root */
	while (cut > 0 && path[cut - 1] != '/')
		cut--;
	memcpy(name, path + cut, len - cut + 1);
	path[cut > 0 ? cut - 1 : 0] = 0;
	return vfs_lookup(path, dir);
}

/* The error for making name in dir when it does not exist yet. */
static int check_new(const struct vnode *dir)
{
	if (dir->kind != VN_DIR)
		return -PX_ENOTDIR;
	return vfs_writable_dir(dir) ? 0 : -PX_EROFS;
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
		tmpfs_unlink(v->ino);
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

int vfs_create(struct proc *p, const char *buf, uint64_t mode, struct vnode *v,
               struct vfs_place *at)
{
	struct vnode dir;
	int err = vfs_parent(p, buf, &dir, at->name);
	if (!err)
		err = check_new(&dir);
	if (err)
		return err;
	long ino = tmpfs_create(p, 0, at->name, PX_S_IFREG | (mode & 0777));
	if (ino < 0)
		return (int)ino;
	at->dir = dir.ino;
	memset(v, 0, sizeof(*v));
	v->kind = VN_FILE;
	v->mode = PX_S_IFREG | (mode & 0777);
	v->ino = (uint64_t)ino;
	return 0;
}

int vfs_copy_up(struct proc *p, const char *buf, struct vnode *v, uint64_t bytes,
                struct vfs_place *at)
{
	struct vnode dir;
	int err = vfs_parent(p, buf, &dir, at->name);
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
	struct vnode v, dir;
	char name[PX_NAME_MAX + 1];
	int err = vfs_resolve(p, buf, &v);
	if (err == 0)
		return -PX_EEXIST;
	if (err != -PX_ENOENT)
		return err;
	err = vfs_parent(p, buf, &dir, name);
	if (err == 0)
		err = check_new(&dir);
	if (err)
		return err;
	long ino = tmpfs_create(p, 0, name, PX_S_IFDIR | (mode & 0777));
	if (ino < 0)
		return ino;
	attach((uint64_t)ino, dir.ino, name);
	return 0;
}

/* The node at buf, its directory and name, for a call that takes it away:
 * -PX_EBUSY for a mount point, -PX_EROFS in /dev or /proc. */
static int resolve_removable(const struct proc *p, const char *buf, struct vnode *v,
                             struct vnode *dir, char name[PX_NAME_MAX + 1])
{
	int err = vfs_resolve(p, buf, v);
	if (err)
		return err;
	if (vfs_is_mount_point(v))
		return -PX_EBUSY;
	err = vfs_parent(p, buf, dir, name);
	if (err)
		return err;
	return vfs_writable_dir(dir) ? 0 : -PX_EROFS;
}

long vfs_unlink(struct proc *p, char *buf)
{
	struct vnode v, dir;
	char name[PX_NAME_MAX + 1];
	int err = vfs_resolve(p, buf, &v);
	if (!err && v.kind == VN_DIR)
		return -PX_EISDIR; /* as Linux answers */
	if (!err)
		err = resolve_removable(p, buf, &v, &dir, name);
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
	int err = vfs_resolve(p, buf, &v);
	if (!err && v.kind != VN_DIR)
		return -PX_ENOTDIR;
	if (!err)
		err = resolve_removable(p, buf, &v, &dir, name);
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

/* Whether node ino is dir or lies below it. */
static bool is_within(uint64_t ino, uint64_t dir)
{
	for (unsigned depth = 0; depth < PX_PATH_MAX; depth++) {
		if (ino == dir)
			return true;
		const char *name;
		if (!tmpfs_is_node(ino) || tmpfs_parent(ino, &ino, &name))
			return false;
	}
	return false;
}

/* The checks of rename(from, to) on the node `to` names now, if any (*old,
 * *exists): 0, or the refusal. */
static int check_rename_target(const struct proc *p, const char *to, const struct vnode *from,
                               struct vnode *old, bool *exists)
{
	int err = vfs_resolve(p, to, old);
	*exists = err == 0;
	if (err)
		return err == -PX_ENOENT ? 0 : err;
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

/* rename: a tmpfs node moves; an initrd file is copied (charged to p) to
 * the new name; an initrd directory is refused with EXDEV, as overlayfs
 * does (it would mean copying its tree). Where the old name showed an
 * initrd entry, a whiteout (p's) hides it. */
long vfs_rename(struct proc *p, char *buf)
{
	char *to = buf + PX_PATH_MAX;
	struct vnode from, fdir, dir, old;
	char fname[PX_NAME_MAX + 1], name[PX_NAME_MAX + 1];
	bool exists;
	int err = resolve_removable(p, buf, &from, &fdir, fname);
	if (err)
		return err;
	if (from.kind == VN_DIR && vfs_in_initrd(&from))
		return -PX_EXDEV;
	err = vfs_parent(p, to, &dir, name);
	if (err)
		return err == -PX_EEXIST ? -PX_EBUSY : err;
	if (dir.kind != VN_DIR)
		return -PX_ENOTDIR;
	if (!vfs_writable_dir(&dir))
		return -PX_EXDEV; /* /dev, /proc: another file system */
	if (from.kind == VN_DIR && is_within(dir.ino, from.ino))
		return -PX_EINVAL; /* into itself */
	err = check_rename_target(p, to, &from, &old, &exists);
	if (err || (exists && old.ino == from.ino))
		return err;
	/* Every page first. */
	long moved = tmpfs_is_node(from.ino) ? (long)from.ino : copy_of(p, &from, name, from.size);
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
	err = vfs_copy_up(p, buf, &v, v.size, &at);
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
