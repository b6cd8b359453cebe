/* The file system (vfs.h): the initrd's tree, read-only; /dev; /proc;
 * and the writable mounts /tmp and /home (tmpfs.h). */
#include "personality/vfs.h"

#include "personality/exec.h"
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
	size_t len = 0;
	if (path[0] != '/') {
		len = strlen(p->cwd);
		memcpy(out, p->cwd, len);
	}
	out[len] = 0;
	const char *s = path;
	while (*s) {
		while (*s == '/')
			s++;
		const char *c = s;
		while (*s && *s != '/')
			s++;
		size_t n = (size_t)(s - c);
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--; /* the slash before the last component */
			out[len] = 0;
			continue;
		}
		if (n > PX_NAME_MAX || len + (len > 0) + n + 1 > PX_PATH_MAX)
			return -PX_ENAMETOOLONG;
		if (len > 0)
			out[len++] = '/';
		memcpy(out + len, c, n);
		len += n;
		out[len] = 0;
	}
	return 0;
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
	uint64_t size;
	const uint8_t *initrd = exec_initrd(&size);
	struct cpio_entry e;
	const char *err;
	if (cpio_find(initrd, size, path, &e, &err) == 1) {
		bool dir = (e.mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR;
		set_node(v, dir ? VN_DIR : VN_FILE,
		         (dir ? PX_S_IFDIR : PX_S_IFREG) | (e.mode & 0555),
		         (uint64_t)((const uint8_t *)e.name - initrd));
		v->data = e.data;
		v->size = dir ? 0 : e.size;
		return 0;
	}
	/* ENOTDIR if some prefix is a file, else ENOENT. */
	char prefix[PX_PATH_MAX];
	for (size_t i = 1; i < len; i++) {
		if (path[i] != '/')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = 0;
		if (cpio_find(initrd, size, prefix, &e, &err) == 1 &&
		    (e.mode & CPIO_MODE_TYPE) != CPIO_MODE_DIR)
			return -PX_ENOTDIR;
	}
	return -PX_ENOENT;
}

/* Whether name is a child of dir (both normalised) and, if so, where its
 * last component starts. */
static const char *child_name(const char *dir, const char *name)
{
	size_t d = strlen(dir);
	if (d > 0) {
		if (memcmp(name, dir, d) != 0 || name[d] != '/')
			return 0;
		name += d + 1;
	}
	for (const char *c = name; *c; c++)
		if (*c == '/')
			return 0;
	return *name ? name : 0;
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
	uint64_t size, off = 0;
	const uint8_t *initrd = exec_initrd(&size);
	struct cpio_entry e;
	const char *err;
	while (cpio_next(initrd, size, &off, &e, &err) == 1) {
		const char *last = child_name(dir->path, e.name);
		if (!last || (dir->ino == INO_ROOT && (streq(last, "dev") || streq(last, "proc"))))
			continue;
		if (n-- == 0) {
			*kind = (e.mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR ? VN_DIR : VN_FILE;
			return copy_name(name, last);
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
	return err ? err : vfs_lookup(path, v);
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
	/* An initrd node's number is the offset of its name in the archive. */
	uint64_t size;
	const uint8_t *initrd = exec_initrd(&size);
	if (ino >= size)
		return -PX_EBADF;
	return vfs_lookup((const char *)initrd + ino, v);
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
