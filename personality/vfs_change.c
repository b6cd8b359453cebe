/* The calls that change the file system's tree: mkdir, unlink, rmdir,
 * rename (vfs.h). Only tmpfs directories take changes; everything else is
 * read-only (EROFS). Each call checks everything before it changes
 * anything, so a failed call leaves the tree as it was. */
#include "personality/vfs.h"

#include "personality/tmpfs.h"

#include "kernel/string.h"

bool vfs_writable_dir(const struct vnode *v)
{
	return v->kind == VN_DIR &&
	       (v->ino == VFS_INO_TMP || v->ino == VFS_INO_HOME || tmpfs_is_node(v->ino));
}

static bool has_nul(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			return true;
	return false;
}

int vfs_parent(const struct proc *p, const char *buf, struct vnode *dir,
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
	long ino = tmpfs_create(p, dir.ino, name, PX_S_IFDIR | (mode & 0777));
	return ino < 0 ? ino : 0;
}

/* The node at buf for unlink/rmdir/rename: it must be in tmpfs. */
static int resolve_tmpfs(const struct proc *p, const char *buf, struct vnode *v)
{
	int err = vfs_resolve(p, buf, v);
	if (err)
		return err;
	if (v->ino == VFS_INO_TMP || v->ino == VFS_INO_HOME)
		return -PX_EBUSY; /* a mount point */
	return tmpfs_is_node(v->ino) ? 0 : -PX_EROFS;
}

long vfs_unlink(struct proc *p, char *buf)
{
	struct vnode v;
	int err = vfs_resolve(p, buf, &v);
	if (err)
		return err;
	if (v.kind == VN_DIR)
		return -PX_EISDIR; /* as Linux answers */
	if (!tmpfs_is_node(v.ino))
		return -PX_EROFS;
	tmpfs_unlink(v.ino);
	return 0;
}

long vfs_rmdir(struct proc *p, char *buf)
{
	struct vnode v;
	int err = resolve_tmpfs(p, buf, &v);
	if (err)
		return err == -PX_EROFS && v.kind != VN_DIR ? -PX_ENOTDIR : err;
	if (v.kind != VN_DIR)
		return -PX_ENOTDIR;
	if (tmpfs_has_children(v.ino))
		return -PX_ENOTEMPTY;
	tmpfs_unlink(v.ino);
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

long vfs_rename(struct proc *p, char *buf)
{
	char *to = buf + PX_PATH_MAX;
	struct vnode from, dir, old;
	char name[PX_NAME_MAX + 1];
	int err = resolve_tmpfs(p, buf, &from);
	if (err)
		return err;
	err = vfs_parent(p, to, &dir, name);
	if (err)
		return err == -PX_EEXIST ? -PX_EBUSY : err;
	if (dir.kind != VN_DIR)
		return -PX_ENOTDIR;
	if (!vfs_writable_dir(&dir))
		return -PX_EXDEV; /* another file system */
	if (from.kind == VN_DIR && is_within(dir.ino, from.ino))
		return -PX_EINVAL; /* into itself */
	err = vfs_resolve(p, to, &old);
	if (err && err != -PX_ENOENT)
		return err;
	if (!err) {
		if (old.ino == from.ino)
			return 0;
		if (old.ino == VFS_INO_TMP || old.ino == VFS_INO_HOME)
			return -PX_EBUSY;
		if (from.kind == VN_DIR && old.kind != VN_DIR)
			return -PX_ENOTDIR;
		if (from.kind != VN_DIR && old.kind == VN_DIR)
			return -PX_EISDIR;
		if (old.kind == VN_DIR && tmpfs_has_children(old.ino))
			return -PX_ENOTEMPTY;
		tmpfs_unlink(old.ino);
	}
	tmpfs_rename(from.ino, dir.ino, name);
	return 0;
}
