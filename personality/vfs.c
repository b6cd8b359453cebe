/* The file system (vfs.h): the initrd's tree, read-only; /dev; /proc;
 * and the writable mounts /tmp and /home (tmpfs.h). */
#include "personality/vfs.h"

#include "personality/exec.h"
#include "personality/path.h"
#include "personality/procfs.h"
#include "personality/tmpfs.h"

#include "kernel/cpio.h"
#include "kernel/string.h"

/* Numbers of the nodes that are not in the initrd (an initrd node's number
 * is the offset of its name in the archive, never this small). */
#define INO_ROOT    1
#define INO_DEV     2
#define INO_CONSOLE 3
#define INO_NULL    4
#define INO_ZERO    5

/* The writable mounts: the roots of tmpfs trees. */
static const struct {
	const char *name;
	uint64_t ino;
} mounts[] = {
	{ "tmp", VFS_INO_TMP },
	{ "home", VFS_INO_HOME },
};
#define NMOUNTS (sizeof(mounts) / sizeof(mounts[0]))

static const struct {
	const char *name;
	uint32_t kind;
	uint64_t ino;
} devices[] = {
	{ "console", VN_CONSOLE, INO_CONSOLE },
	{ "null", VN_NULL, INO_NULL },
	{ "zero", VN_ZERO, INO_ZERO },
};

static bool has_nul(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			return true;
	return false;
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int vfs_normalise(const struct proc *p, const char *path, char out[PX_PATH_MAX])
{
	return path_normalise(p->cwd, path, out);
}

static void set_node(struct vnode *v, uint32_t kind, uint32_t mode, uint64_t ino)
{
	v->kind = kind;
	v->mode = mode;
	v->ino = ino;
	v->data = 0;
	v->size = 0;
}

/* The node at rest ("" or "/a/b") below tmpfs directory dir; v->path is
 * already the whole path. */
static int tmpfs_walk(uint64_t dir, const char *rest, struct vnode *v)
{
	uint64_t ino = dir, size = 0;
	uint32_t mode = PX_S_IFDIR | 0777;
	while (*rest) {
		const char *c = ++rest; /* past the slash */
		while (*rest && *rest != '/')
			rest++;
		if (!(mode & PX_S_IFDIR))
			return -PX_ENOTDIR;
		ino = tmpfs_child(ino, c, (size_t)(rest - c));
		if (!ino || tmpfs_stat(ino, &mode, &size))
			return -PX_ENOENT;
	}
	set_node(v, mode & PX_S_IFDIR ? VN_DIR : VN_FILE, mode, ino);
	v->size = size;
	return 0;
}

int vfs_lookup(const char *path, struct vnode *v)
{
	size_t len = strlen(path);
	if (len >= PX_PATH_MAX)
		return -PX_ENAMETOOLONG;
	memcpy(v->path, path, len + 1);
	if (len == 0) {
		set_node(v, VN_DIR, PX_S_IFDIR | 0755, INO_ROOT);
		return 0;
	}
	if (streq(path, "dev")) {
		set_node(v, VN_DIR, PX_S_IFDIR | 0755, INO_DEV);
		return 0;
	}
	uint32_t pkind, pmode;
	uint64_t pino;
	int pr = procfs_lookup(path, &pkind, &pino, &pmode);
	if (pr <= 0) {
		if (pr < 0)
			return pr;
		set_node(v, pkind, pmode, pino);
		return 0;
	}
	for (unsigned i = 0; i < NMOUNTS; i++) {
		size_t m = strlen(mounts[i].name);
		if (!memcmp(path, mounts[i].name, m) && (path[m] == 0 || path[m] == '/'))
			return tmpfs_walk(mounts[i].ino, path + m, v);
	}
	for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		if (len == 4 + strlen(devices[i].name) && !memcmp(path, "dev/", 4) &&
		    streq(path + 4, devices[i].name)) {
			set_node(v, devices[i].kind, PX_S_IFCHR | 0666, devices[i].ino);
			return 0;
		}
	}
	uint64_t size, ino;
	const uint8_t *initrd = exec_initrd(&size);
	struct cpio_entry e;
	int err = path_find(initrd, size, path, &e, &ino);
	if (err)
		return err;
	bool dir = (e.mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR;
	/* No write bits: the initrd is read-only. */
	set_node(v, dir ? VN_DIR : VN_FILE, (dir ? PX_S_IFDIR : PX_S_IFREG) | (e.mode & 0555), ino);
	v->data = e.data;
	v->size = dir ? 0 : e.size;
	return 0;
}

static int copy_name(char out[PX_NAME_MAX + 1], const char *name)
{
	size_t n = strlen(name);
	if (n > PX_NAME_MAX)
		n = PX_NAME_MAX;
	memcpy(out, name, n);
	out[n] = 0;
	return 1;
}

int vfs_dir_entry(const struct vnode *dir, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *kind)
{
	if (n < 2) {
		*kind = VN_DIR;
		return copy_name(name, n == 0 ? "." : "..");
	}
	n -= 2;
	if (procfs_is_node(dir->ino))
		return procfs_dir_entry(dir->ino, n, name, kind);
	if (dir->ino == INO_DEV) {
		if (n >= sizeof(devices) / sizeof(devices[0]))
			return 0;
		*kind = devices[n].kind;
		return copy_name(name, devices[n].name);
	}
	if (dir->ino == VFS_INO_TMP || dir->ino == VFS_INO_HOME || tmpfs_is_node(dir->ino)) {
		bool is_dir;
		if (!tmpfs_dir_entry(dir->ino, n, name, &is_dir))
			return 0;
		*kind = is_dir ? VN_DIR : VN_FILE;
		return 1;
	}
	if (dir->ino == INO_ROOT) {
		if (n < 2 + NMOUNTS) {
			*kind = VN_DIR;
			return copy_name(name, n == 0 ? "dev" : n == 1 ? "proc" : mounts[n - 2].name);
		}
		n -= 2 + NMOUNTS;
	}
	uint64_t size;
	const uint8_t *initrd = exec_initrd(&size);
	struct path_cursor cur = { 0 };
	bool is_dir;
	while (path_next_child(initrd, size, dir->path, &cur, name, &is_dir)) {
		if (dir->ino == INO_ROOT && (streq(name, "dev") || streq(name, "proc")))
			continue;
		if (n-- == 0) {
			*kind = is_dir ? VN_DIR : VN_FILE;
			return 1;
		}
	}
	return 0;
}

int vfs_resolve(const struct proc *p, const char *buf, struct vnode *v)
{
	char path[PX_PATH_MAX];
	if (!has_nul(buf, PX_PATH_MAX))
		return -PX_ENAMETOOLONG;
	int err = vfs_normalise(p, buf, path);
	if (!err)
		err = vfs_lookup(path, v);
	if (!err && v->kind != VN_DIR && path_wants_dir(buf))
		return -PX_ENOTDIR; /* "file/" */
	return err;
}

/* The normalised path of tmpfs node ino, built from its name up through
 * its directories to the mount point. */
static int tmpfs_path(uint64_t ino, char out[PX_PATH_MAX])
{
	size_t at = PX_PATH_MAX - 1; /* built from the end backwards */
	char buf[PX_PATH_MAX];
	buf[at] = 0;
	while (tmpfs_is_node(ino)) {
		const char *name;
		int err = tmpfs_parent(ino, &ino, &name);
		if (err)
			return err;
		size_t n = strlen(name);
		if (n + 1 > at)
			return -PX_ENAMETOOLONG;
		at -= n;
		memcpy(buf + at, name, n);
		buf[--at] = '/';
	}
	for (unsigned i = 0; i < NMOUNTS; i++) {
		size_t m = strlen(mounts[i].name);
		if (ino != mounts[i].ino)
			continue;
		if (m > at)
			return -PX_ENAMETOOLONG;
		at -= m;
		memcpy(buf + at, mounts[i].name, m);
		memcpy(out, buf + at, PX_PATH_MAX - at);
		return 0;
	}
	return -PX_ENOENT;
}

int vfs_node_of(uint64_t ino, struct vnode *v)
{
	if (procfs_is_node(ino)) {
		/* Listing a /proc directory needs only its number. */
		memset(v, 0, sizeof(*v));
		v->kind = VN_DIR;
		v->ino = ino;
		return 0;
	}
	if (ino == INO_ROOT)
		return vfs_lookup("", v);
	if (ino == INO_DEV)
		return vfs_lookup("dev", v);
	for (unsigned i = 0; i < NMOUNTS; i++) {
		if (ino == mounts[i].ino)
			return vfs_lookup(mounts[i].name, v);
	}
	if (tmpfs_is_node(ino)) {
		char path[PX_PATH_MAX];
		int err = tmpfs_path(ino, path);
		return err ? err : vfs_lookup(path, v);
	}
	uint64_t size;
	const uint8_t *initrd = exec_initrd(&size);
	char path[PX_PATH_MAX];
	int err = path_of_ino(initrd, size, ino, path);
	return err ? err : vfs_lookup(path, v);
}

long vfs_stat(struct proc *p, char *buf)
{
	struct vnode v;
	int err = vfs_resolve(p, buf, &v);
	if (err)
		return err;
	struct px_stat *st = (struct px_stat *)buf;
	memset(st, 0, sizeof(*st));
	st->ino = v.ino;
	st->size = v.size;
	st->mode = v.mode;
	st->nlink = 1;
	return 0;
}

long vfs_chdir(struct proc *p, char *buf)
{
	struct vnode v;
	int err = vfs_resolve(p, buf, &v);
	if (err)
		return err;
	if (v.kind != VN_DIR)
		return -PX_ENOTDIR;
	memcpy(p->cwd, v.path, strlen(v.path) + 1);
	return 0;
}

long vfs_getcwd(struct proc *p, char *buf)
{
	size_t n = strlen(p->cwd);
	buf[0] = '/';
	memcpy(buf + 1, p->cwd, n + 1);
	return (long)n + 1;
}
