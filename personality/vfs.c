/* The file system (vfs.h): finding a path's node, listing a directory.
 * The tree is the initrd's with tmpfs nodes (tmpfs.h) over it: in the root
 * and in each initrd directory, a tmpfs node shadows the initrd's entry of
 * its name, or hides it (a whiteout); /tmp, /home and every directory
 * made are tmpfs only. /dev and /proc are the server's, fixed. */
#include "personality/vfs.h"

#include "personality/initrd.h"
#include "personality/path.h"
#include "personality/procfs.h"
#include "personality/clock.h"
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

static void set_node(struct vnode *v, uint32_t kind, uint32_t mode, uint64_t ino)
{
	v->kind = kind;
	v->mode = mode;
	v->ino = ino;
	v->data = 0;
	v->size = 0;
	v->entry = 0;
	v->nlink = 1;
	/* /dev, the mounts, the root: as old as the system. */
	v->mtime = clock_boot_ns();
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

/* An initrd node's number is the offset of its name in the archive
 * (path.h: never below 16); /proc's and tmpfs's are above it. */
static bool is_initrd_ino(uint64_t ino)
{
	return ino >= 16 && ino < PROCFS_INO_BASE;
}

bool vfs_in_initrd(const struct vnode *v)
{
	return is_initrd_ino(v->ino);
}

/* Whether directory number dir shows the initrd's entries beneath its
 * tmpfs ones: the root and the initrd's directories. Below a tmpfs
 * directory there is only tmpfs. */
static bool overlays_initrd(uint64_t dir)
{
	return dir == INO_ROOT || is_initrd_ino(dir);
}

static bool is_mount(uint64_t ino)
{
	return ino == VFS_INO_TMP || ino == VFS_INO_HOME;
}

/* Whether tmpfs node ino hides the initrd's entry of its name. */
static bool is_whiteout(uint64_t ino, uint32_t mode)
{
	return tmpfs_is_node(ino) && (mode & TMPFS_S_IFMT) == TMPFS_S_IFWHT;
}

/* The kind of a tmpfs node of this mode. */
static uint32_t kind_of(uint32_t mode)
{
	switch (mode & TMPFS_S_IFMT) {
	case PX_S_IFDIR:
		return VN_DIR;
	case PX_S_IFLNK:
		return VN_LINK;
	default:
		return VN_FILE;
	}
}

/* The initrd's node at prefix (normalised, not the root) in v. */
static int initrd_node(const char *prefix, struct vnode *v)
{
	uint64_t size, ino;
	const uint8_t *initrd = initrd_bytes(&size);
	struct cpio_entry e;
	int err = path_find(initrd, size, prefix, &e, &ino);
	if (err)
		return err;
	bool dir = (e.mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR;
	set_node(v, dir ? VN_DIR : VN_FILE, (dir ? PX_S_IFDIR : PX_S_IFREG) | (e.mode & 0777), ino);
	v->data = e.data;
	v->size = dir ? 0 : e.size;
	v->mtime = (uint64_t)cpio_mtime(&e) * 1000000000;
	memcpy(v->path, prefix, strlen(prefix) + 1);
	return 0;
}

/* The tmpfs node entry names (itself, or the file of an extra name) in v:
 * 0, or -PX_ENOENT if it is stale or a whiteout. */
static int tmpfs_node(uint64_t entry, struct vnode *v)
{
	uint64_t size;
	uint32_t mode;
	if (tmpfs_stat(entry, &mode, &size) || is_whiteout(entry, mode))
		return -PX_ENOENT;
	uint64_t ino = tmpfs_named(entry); /* a hard link's file */
	if (tmpfs_stat(ino, &mode, &size))
		return -PX_ENOENT;
	set_node(v, kind_of(mode), mode, ino);
	v->size = size;
	v->mtime = tmpfs_mtime(ino);
	v->entry = entry;
	v->nlink = tmpfs_nlink(ino);
	v->path[0] = 0;
	return 0;
}

/* path, then "/" and c[0..n) (nothing before a name in the root), into out
 * of VFS_FIXED_PATH_MAX: 0, or -PX_ENOENT if it does not fit (no fixed
 * node has so long a path). */
static int join_fixed(const char *path, const char *c, size_t n, char out[VFS_FIXED_PATH_MAX])
{
	size_t d = strlen(path), sep = d > 0;
	if (d + sep + n >= VFS_FIXED_PATH_MAX)
		return -PX_ENOENT;
	memcpy(out, path, d);
	out[d] = '/';
	memcpy(out + d + sep, c, n);
	out[d + sep + n] = 0;
	return 0;
}

/* One step of a walk: directory v (not /dev or /proc) becomes its entry
 * c[0..n). A tmpfs node of that name shadows the initrd's entry (a
 * whiteout hides it); the initrd is asked only in the directories that
 * overlay it, by path. */
static int walk_step(struct vnode *v, const char *c, size_t n)
{
	for (unsigned i = 0; v->ino == INO_ROOT && i < NMOUNTS; i++) {
		if (strlen(mounts[i].name) == n && !memcmp(c, mounts[i].name, n)) {
			set_node(v, VN_DIR, PX_S_IFDIR | 0777, mounts[i].ino);
			copy_name(v->path, mounts[i].name);
			return 0;
		}
	}
	uint64_t entry = tmpfs_child(v->ino, c, n);
	if (entry)
		return tmpfs_node(entry, v);
	char path[VFS_FIXED_PATH_MAX];
	if (!overlays_initrd(v->ino) || join_fixed(v->path, c, n, path))
		return -PX_ENOENT;
	return initrd_node(path, v);
}

/* The node at path (normalised, not the root, not in /dev or /proc),
 * found name by name from the root. */
static int overlay_walk(const char *path, struct vnode *v)
{
	size_t at = 0;
	set_node(v, VN_DIR, PX_S_IFDIR | 0755, INO_ROOT);
	v->path[0] = 0;
	while (path[at]) {
		size_t end = at;
		while (path[end] && path[end] != '/')
			end++;
		if (v->kind != VN_DIR)
			return -PX_ENOTDIR;
		int err = walk_step(v, path + at, end - at);
		if (err)
			return err;
		at = path[end] ? end + 1 : end;
	}
	return 0;
}

int vfs_lookup(const char *path, struct vnode *v)
{
	size_t len = strlen(path);
	if (len >= VFS_FIXED_PATH_MAX)
		return -PX_ENOENT;
	memcpy(v->path, path, len + 1);
	if (len == 0) {
		set_node(v, VN_DIR, PX_S_IFDIR | 0755, INO_ROOT);
		return 0;
	}
	if (path_same(path, "dev")) {
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
		v->mtime = clock_now_ns(); /* made as it is read */
		return 0;
	}
	if (len > 4 && !memcmp(path, "dev/", 4)) {
		for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
			if (path_same(path + 4, devices[i].name)) {
				set_node(v, devices[i].kind, PX_S_IFCHR | 0666, devices[i].ino);
				return 0;
			}
		}
		return -PX_ENOENT; /* /dev holds only its devices */
	}
	return overlay_walk(path, v);
}

bool vfs_writable_dir(const struct vnode *v)
{
	return v->kind == VN_DIR && v->ino != INO_DEV && !procfs_is_node(v->ino);
}

bool vfs_is_mount_point(const struct vnode *v)
{
	return v->ino == INO_ROOT || v->ino == INO_DEV || is_mount(v->ino) ||
	       (procfs_is_node(v->ino) && path_same(v->path, "proc"));
}

bool vfs_initrd_has(const struct vnode *dir, const char *name)
{
	char path[VFS_FIXED_PATH_MAX];
	if (!overlays_initrd(dir->ino) || join_fixed(dir->path, name, strlen(name), path))
		return false;
	uint64_t size, ino;
	const uint8_t *initrd = initrd_bytes(&size);
	struct cpio_entry e;
	return path_find(initrd, size, path, &e, &ino) == 0;
}

int vfs_dir_entry(const struct vnode *dir, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *kind,
                  uint64_t *cursor)
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
	if (dir->ino == INO_ROOT) {
		if (n < 2 + NMOUNTS) {
			*kind = VN_DIR;
			return copy_name(name, n == 0 ? "dev" : n == 1 ? "proc" : mounts[n - 2].name);
		}
		n -= 2 + NMOUNTS;
	}
	/* The initrd's entries that no tmpfs node shadows or hides, then the
	 * tmpfs ones. */
	if (overlays_initrd(dir->ino)) {
		uint64_t size;
		const uint8_t *initrd = initrd_bytes(&size);
		struct path_cursor cur = { 0 };
		bool is_dir;
		while (path_next_child(initrd, size, dir->path, &cur, name, &is_dir)) {
			if (dir->ino == INO_ROOT &&
			    (path_same(name, "dev") || path_same(name, "proc")))
				continue;
			if (tmpfs_child(dir->ino, name, strlen(name)))
				continue;
			if (n-- == 0) {
				*kind = is_dir ? VN_DIR : VN_FILE;
				return 1;
			}
		}
	}
	uint32_t mode;
	uint64_t none = 0;
	if (!tmpfs_dir_entry(dir->ino, n, name, &mode, cursor ? cursor : &none))
		return 0;
	*kind = kind_of(mode);
	return 1;
}

/* ---- walking a path: node by node, symbolic links followed ------------------- */

/* Drops the last name of normalised path `path` ("" stays the root). */
static void drop_last(char *path)
{
	size_t n = strlen(path);
	while (n > 0 && path[n - 1] != '/')
		n--;
	path[n > 0 ? n - 1 : 0] = 0;
}

/* Replaces todo[0..end) (the path up to and including a symbolic link's
 * name) by link ino's target, read straight into its place: 0, or
 * -PX_ENAMETOOLONG if the result does not fit PX_PATH_MAX. */
static int splice_target(char todo[PX_PATH_MAX], size_t end, uint64_t ino, uint64_t size)
{
	size_t rest = strlen(todo + end);
	if (size == 0 || size + rest >= PX_PATH_MAX)
		return size ? -PX_ENAMETOOLONG : -PX_ENOENT;
	memmove(todo + size, todo + end, rest + 1);
	if (tmpfs_read(ino, 0, todo, size) != (long)size)
		return -PX_EIO;
	return 0;
}

int vfs_node_of(uint64_t ino, struct vnode *v);

/* The directory numbered dir in v: the root, a mount point, an initrd
 * directory or a tmpfs one. */
static int dir_node(uint64_t dir, struct vnode *v)
{
	int err = vfs_node_of(dir, v);
	return err || v->kind == VN_DIR ? err : -PX_ENOTDIR;
}

bool vfs_removed(const struct vnode *v)
{
	uint64_t dir;
	const char *name;
	return tmpfs_is_node(v->ino) && tmpfs_parent(v->entry ? v->entry : v->ino, &dir, &name);
}

int vfs_place_of(const struct vnode *v, struct vnode *dir, char name[PX_NAME_MAX + 1])
{
	if (tmpfs_is_node(v->ino)) {
		uint64_t d;
		const char *n;
		if (tmpfs_parent(v->entry ? v->entry : v->ino, &d, &n))
			return -PX_ENOENT;
		copy_name(name, n);
		return dir_node(d, dir);
	}
	size_t len = strlen(v->path), cut = len;
	while (cut > 0 && v->path[cut - 1] != '/')
		cut--;
	copy_name(name, v->path + cut); /* fits: a fixed path's name */
	char parent[VFS_FIXED_PATH_MAX];
	memcpy(parent, v->path, len + 1);
	drop_last(parent);
	return vfs_lookup(parent, dir);
}

/* Directory v becomes its parent (the root's is the root). */
static int go_up(struct vnode *v)
{
	if (v->ino == INO_ROOT)
		return 0;
	char name[PX_NAME_MAX + 1];
	struct vnode up;
	int err = vfs_place_of(v, &up, name);
	if (!err)
		*v = up;
	return err;
}

/* Whether name c[0..n) in directory v is found by vfs_lookup's special
 * cases (/dev, /proc) rather than by a step of the overlay. */
static bool is_special(const struct vnode *v, const char *c, size_t n)
{
	if (v->ino == INO_ROOT)
		return (n == 3 && !memcmp(c, "dev", 3)) || (n == 4 && !memcmp(c, "proc", 4));
	return v->ino == INO_DEV || procfs_is_node(v->ino);
}

/* One name c[0..n) of a walk in directory v: *next is the node, or the
 * error. A step costs one lookup in v (not a walk from the root), so a
 * walk costs what its names do, links included, at any depth. */
static int walk_name(const struct vnode *v, const char *c, size_t n, struct vnode *next)
{
	if (n > PX_NAME_MAX)
		return -PX_ENAMETOOLONG;
	if (is_special(v, c, n)) {
		char path[VFS_FIXED_PATH_MAX];
		int err = join_fixed(v->path, c, n, path);
		return err ? err : vfs_lookup(path, next);
	}
	*next = *v;
	return walk_step(next, c, n);
}

/* Where a walk by p starts: the root for an absolute path, else its
 * working directory. */
static int walk_start(const struct proc *p, bool absolute, struct vnode *v)
{
	if (absolute || !p->cwd)
		return vfs_lookup("", v);
	return vfs_node_of(p->cwd, v);
}

int vfs_walk(const struct proc *p, const char *buf, unsigned flags, struct vnode *v,
             struct vnode *dir, char name[PX_NAME_MAX + 1])
{
	char todo[PX_PATH_MAX];
	char none[PX_NAME_MAX + 1];
	if (!name)
		name = none;
	name[0] = 0;
	if (!has_nul(buf, PX_PATH_MAX))
		return -PX_ENAMETOOLONG;
	if (!buf[0])
		return -PX_ENOENT;
	memcpy(todo, buf, strlen(buf) + 1);
	/* v is where the walk is: a directory, a node (not a text), so that
	 * ".." is its parent and the walk does not care how deep it is. */
	int err = walk_start(p, buf[0] == '/', v);
	unsigned hops = 0;
	bool slash = false; /* the last name had a slash after it: a directory */
	for (size_t at = 0, end; !err; at = end) {
		while (todo[at] == '/')
			at++;
		if (!todo[at])
			break;
		for (end = at; todo[end] && todo[end] != '/';)
			end++;
		size_t n = end - at, after = end;
		while (todo[after] == '/')
			after++;
		bool last = !todo[after];
		slash = todo[end] == '/';
		if (v->kind != VN_DIR)
			return -PX_ENOTDIR;
		if (n == 1 && todo[at] == '.')
			continue;
		if (n == 2 && todo[at] == '.' && todo[at + 1] == '.') {
			err = go_up(v);
			continue;
		}
		struct vnode next;
		err = walk_name(v, todo + at, n, &next);
		if (err == -PX_ENOENT && last && dir) {
			memcpy(name, todo + at, n); /* n fits: walk_name checked */
			name[n] = 0;
			*dir = *v;
		}
		if (err)
			return err;
		if (next.kind == VN_LINK && (!last || slash || !(flags & VFS_NOFOLLOW))) {
			if (++hops > PX_SYMLOOP_MAX)
				return -PX_ELOOP;
			err = splice_target(todo, end, next.ino, next.size);
			end = 0;
			if (!err && todo[0] == '/')
				err = vfs_lookup("", v); /* an absolute target: from the root again */
			continue;
		}
		*v = next;
	}
	if (!err && slash && v->kind != VN_DIR)
		return -PX_ENOTDIR; /* "file/" */
	if (!err && dir)
		err = v->ino == INO_ROOT ? vfs_lookup("", dir) : vfs_place_of(v, dir, name);
	return err;
}

int vfs_resolve(const struct proc *p, const char *buf, struct vnode *v)
{
	return vfs_walk(p, buf, 0, v, NULL, NULL);
}

/* The normalised path of directory ino that is not a tmpfs node: the
 * root, a mount point or an initrd directory. */
static int top_path(uint64_t ino, char out[VFS_FIXED_PATH_MAX])
{
	if (ino == INO_ROOT) {
		out[0] = 0;
		return 0;
	}
	for (unsigned i = 0; i < NMOUNTS; i++) {
		if (ino == mounts[i].ino) {
			copy_name(out, mounts[i].name);
			return 0;
		}
	}
	uint64_t size;
	const uint8_t *initrd = initrd_bytes(&size);
	return is_initrd_ino(ino) ? path_of_ino(initrd, size, ino, out) : -PX_ENOENT;
}

int vfs_node_of(uint64_t ino, struct vnode *v)
{
	if (procfs_is_node(ino)) {
		/* Its number and path: a process that has gone is found out by
		 * the lookups in it (a listing is then empty). */
		memset(v, 0, sizeof(*v));
		v->kind = VN_DIR;
		v->mode = PX_S_IFDIR | 0555;
		v->ino = ino;
		v->nlink = 1;
		return procfs_dir_path(ino, v->path, sizeof(v->path));
	}
	if (ino == INO_DEV)
		return vfs_lookup("dev", v);
	/* A tmpfs node is its number (removed or not: vfs_removed says). */
	if (tmpfs_is_node(ino))
		return tmpfs_node(ino, v);
	char path[VFS_FIXED_PATH_MAX];
	int err = top_path(ino, path);
	if (!err)
		err = vfs_lookup(path, v);
	/* The path may name another node now (the initrd's directory was
	 * removed, and its name made again in tmpfs). */
	return err ? err : v->ino == ino ? 0 : -PX_ENOENT;
}

/* Writes the bytes of src[0..n), which lie at pos of a path, that fall in
 * the window [off, off + cap) of it into out. */
static void put_window(char *out, uint64_t off, uint64_t cap, uint64_t pos, const char *src,
                       uint64_t n)
{
	uint64_t from = pos > off ? pos : off, to = pos + n < off + cap ? pos + n : off + cap;
	if (from < to)
		memcpy(out + (from - off), src + (from - pos), to - from);
}

long vfs_path(const struct vnode *v, char *out, uint64_t off, uint64_t cap)
{
	uint64_t first = v->entry ? v->entry : v->ino, up, len = 0;
	const char *name;
	/* Its length first: the names up through its tmpfs directories, then
	 * the fixed path they hang from. */
	for (up = first; tmpfs_is_node(up);) {
		if (tmpfs_parent(up, &up, &name))
			return -PX_ENOENT;
		len += 1 + strlen(name);
	}
	char top[VFS_FIXED_PATH_MAX];
	if (!tmpfs_is_node(v->ino))
		memcpy(top, v->path, strlen(v->path) + 1);
	else if (top_path(up, top))
		return -PX_ENOENT;
	uint64_t t = strlen(top);
	len += t ? 1 + t : 0;
	if (len == 0)
		len = 1; /* the root: "/" */
	/* Then its bytes, from the end back (the tree does not change in
	 * between: the server does one thing at a time). */
	uint64_t pos = len;
	put_window(out, off, cap, pos, "", 1);
	for (up = first; tmpfs_is_node(up);) {
		tmpfs_parent(up, &up, &name);
		uint64_t n = strlen(name);
		pos -= n;
		put_window(out, off, cap, pos, name, n);
		put_window(out, off, cap, --pos, "/", 1);
	}
	put_window(out, off, cap, 0, "/", 1);
	put_window(out, off, cap, 1, top, t);
	return (long)len;
}

void vfs_hold(uint64_t ino)
{
	if (tmpfs_is_node(ino))
		tmpfs_open(ino);
}

void vfs_release(uint64_t ino)
{
	if (tmpfs_is_node(ino))
		tmpfs_close(ino);
}

int vfs_exec_path(const struct proc *p, const char *buf, char out[PX_PATH_MAX], uint64_t *ino)
{
	struct vnode v;
	int err = vfs_resolve(p, buf, &v);
	if (err)
		return err;
	if (v.kind != VN_FILE || !(v.mode & 0111))
		return -PX_EACCES;
	*ino = 0;
	if (tmpfs_is_node(v.ino)) {
		char magic[4] = { 0 };
		tmpfs_read(v.ino, 0, magic, sizeof magic);
		if (memcmp(magic, "\x7f" "ELF", 4))
			return -PX_ENOEXEC;
		*ino = v.ino;
		uint64_t dir;
		const char *name;
		if (tmpfs_parent(v.entry, &dir, &name))
			name = "a.out"; /* unreachable: it was just found by its name */
		copy_name(out, name); /* the name it runs under */
		return 0;
	}
	if (!vfs_in_initrd(&v))
		return -PX_EACCES;
	memcpy(out, v.path, strlen(v.path) + 1); /* the file's path, links followed */
	return 0;
}

/* PX_STAT and PX_LSTAT. */
static long stat_path(struct proc *p, char *buf, unsigned flags)
{
	struct vnode v;
	int err = vfs_walk(p, buf, flags, &v, NULL, NULL);
	if (err)
		return err;
	struct px_stat *st = (struct px_stat *)buf;
	memset(st, 0, sizeof(*st));
	st->ino = v.ino;
	st->size = v.size; /* a symbolic link's: its target's length */
	st->mode = v.mode;
	st->nlink = v.nlink;
	st->mtime = v.mtime;
	return 0;
}

long vfs_stat(struct proc *p, char *buf)
{
	return stat_path(p, buf, 0);
}

long vfs_lstat(struct proc *p, char *buf)
{
	return stat_path(p, buf, VFS_NOFOLLOW);
}

long vfs_readlink(struct proc *p, char *buf)
{
	struct vnode v;
	int err = vfs_walk(p, buf, VFS_NOFOLLOW, &v, NULL, NULL);
	if (err)
		return err;
	if (v.kind != VN_LINK)
		return -PX_EINVAL;
	return tmpfs_read(v.ino, 0, buf, v.size); /* < PX_PATH_MAX: symlink checked */
}

long vfs_realpath(struct proc *p, char *buf)
{
	struct vnode v;
	int err = vfs_resolve(p, buf, &v);
	if (err)
		return err;
	long n = vfs_path(&v, buf, 0, PX_PATH_MAX);
	return n >= PX_PATH_MAX ? -PX_ENAMETOOLONG : n;
}

long vfs_chdir(struct proc *p, char *buf)
{
	struct vnode v;
	int err = vfs_resolve(p, buf, &v);
	if (err)
		return err;
	if (v.kind != VN_DIR)
		return -PX_ENOTDIR;
	uint64_t ino = v.ino == INO_ROOT ? 0 : v.ino;
	vfs_hold(ino);
	vfs_release(p->cwd);
	p->cwd = ino;
	return 0;
}

long vfs_getcwd(struct proc *p, char *buf, uint64_t off, uint64_t *version)
{
	struct vnode v;
	*version = tmpfs_version();
	int err = walk_start(p, false, &v);
	if (err)
		return err;
	return vfs_path(&v, buf, off, PX_SHARED_SIZE);
}
