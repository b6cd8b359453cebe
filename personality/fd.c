/* Descriptors (fd.h). */
#include "personality/fd.h"

#include "personality/clock.h"
#include "personality/console.h"
#include "personality/desc.h"
#include "personality/pipe.h"
#include "personality/procfs.h"
#include "personality/signal.h"
#include "personality/tmpfs.h"
#include "personality/tty.h"

#include "kernel/string.h"

static bool valid(const struct proc *p, uint64_t fd)
{
	return fd < PX_OPEN_MAX && p->fd[fd];
}

static void ref(uint32_t handle)
{
	unsigned end;
	struct pipe *pi = pipe_of(handle, &end);
	struct desc *d = desc_of(handle);
	if (pi)
		pi->refs[end]++;
	else if (d)
		d->refs++;
}

static void unref(uint32_t handle)
{
	unsigned end;
	struct pipe *pi = pipe_of(handle, &end);
	if (pi)
		pipe_unref(pi, end);
	else
		desc_unref(handle);
}

/* The lowest closed fd at or above `lowest`, or -1. */
static long lowest_free(const struct proc *p, uint64_t lowest);

/* Whether an open with these flags may go ahead on node v. */
static int check_open(const struct vnode *v, uint64_t flags)
{
	unsigned access = flags & PX_O_ACCMODE;
	bool writes = access != PX_O_RDONLY || (flags & PX_O_TRUNC);
	if (v->kind == VN_DIR && writes)
		return -PX_EISDIR;
	/* /proc's files are read-only; an initrd file is copied up first. */
	if (v->kind == VN_FILE && writes && procfs_is_node(v->ino))
		return -PX_EROFS;
	return 0;
}

/* Whether the open changes initrd file v: it must be copied up first. */
static bool needs_copy(const struct vnode *v, uint64_t flags)
{
	bool writes = (flags & PX_O_ACCMODE) != PX_O_RDONLY || (flags & PX_O_TRUNC);
	return writes && v->kind == VN_FILE && vfs_in_initrd(v);
}

long fd_open(struct proc *p, char *buf, uint64_t flags, uint64_t mode)
{
	if ((flags & PX_O_ACCMODE) > PX_O_RDWR)
		return -PX_EINVAL;
	long fd = lowest_free(p, 0);
	if (fd < 0)
		return -PX_EMFILE;
	struct vnode v;
	struct vfs_place at;
	bool placing = false; /* a new tmpfs node, in its place once all went well */
	int err = vfs_resolve(p, buf, &v);
	if (err == -PX_ENOENT && (flags & PX_O_CREAT)) {
		err = vfs_create(p, buf, mode, &v, &at);
		placing = err == 0;
	} else if (!err && (flags & PX_O_CREAT) && (flags & PX_O_EXCL)) {
		err = -PX_EEXIST;
	}
	if (!err)
		err = check_open(&v, flags);
	if (!err && needs_copy(&v, flags)) {
		/* O_TRUNC would throw the copied bytes away: copy none. */
		err = vfs_copy_up(p, buf, &v, flags & PX_O_TRUNC ? 0 : v.size, &at);
		placing = err == 0;
	}
	uint32_t h = err ? 0 : desc_create(p, &v, (uint32_t)flags);
	if (!err && !h)
		err = -PX_ENOMEM;
	if (!err && v.kind == VN_FILE && procfs_is_node(v.ino))
		err = desc_render(p, desc_of(h));
	if (!err && (flags & PX_O_TRUNC) && tmpfs_is_node(v.ino))
		err = tmpfs_truncate(p, v.ino, 0); /* only frees */
	if (err) {
		if (h) {
			ref(h);
			unref(h); /* frees the description, and a new node with it */
		} else if (placing) {
			tmpfs_unlink(v.ino); /* frees it: in no directory */
		}
		return err;
	}
	if (placing)
		vfs_put(v.ino, &at);
	p->fd[fd] = h;
	p->fd_cloexec[fd] = (flags & PX_O_CLOEXEC) != 0;
	ref(h);
	return fd;
}

long fd_readdir(struct proc *p, uint64_t fd, char *buf)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	struct desc *d = desc_of(p->fd[fd]);
	if (!d || d->kind != VN_DIR)
		return -PX_ENOTDIR;
	struct vnode dir;
	if (desc_dir_node(d, &dir))
		return -PX_EBADF;
	struct px_dirent *e = (struct px_dirent *)buf;
	uint32_t kind;
	if (!vfs_dir_entry(&dir, d->offset, e->name, &kind))
		return 0;
	d->offset++;
	e->ino = 0; /* (ls asks stat for what it needs) */
	e->type = kind == VN_DIR ? PX_S_IFDIR : kind == VN_FILE ? PX_S_IFREG : PX_S_IFCHR;
	return 1;
}

void fd_init_console(struct proc *p)
{
	for (int i = 0; i < 3; i++)
		p->fd[i] = FD_CONSOLE;
}

void fd_fork(struct proc *parent, struct proc *child)
{
	for (unsigned i = 0; i < PX_OPEN_MAX; i++) {
		child->fd[i] = parent->fd[i];
		child->fd_cloexec[i] = parent->fd_cloexec[i];
		if (child->fd[i])
			ref(child->fd[i]);
	}
}

long fd_close(struct proc *p, uint64_t fd)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	uint32_t h = p->fd[fd];
	p->fd[fd] = 0;
	p->fd_cloexec[fd] = 0;
	unref(h);
	return 0;
}

void fd_exec(struct proc *p)
{
	for (unsigned i = 0; i < PX_OPEN_MAX; i++) {
		if (p->fd[i] && p->fd_cloexec[i])
			fd_close(p, i);
	}
}

void fd_exit(struct proc *p)
{
	pipe_forget_waiter(p);
	for (unsigned i = 0; i < PX_OPEN_MAX; i++) {
		if (p->fd[i])
			fd_close(p, i);
	}
}

/* The console's input goes to its foreground group: a background reader
 * is stopped by SIGTTIN first (signal.h). */
static long console_read(struct proc *p, char *buf, uint64_t len)
{
	long err = tty_background_read(p);
	if (err)
		return err;
	long n = tty_read(buf, len, p->pid);
	return n < 0 ? -PX_EWOULDBLOCK_INTERNAL : n;
}

long fd_read(struct proc *p, uint64_t fd, char *buf, uint64_t len)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	if (len > PX_SHARED_SIZE)
		return -PX_EINVAL;
	uint32_t h = p->fd[fd];
	if (h == FD_CONSOLE)
		return console_read(p, buf, len);
	unsigned end;
	struct pipe *pi = pipe_of(h, &end);
	if (pi)
		return end == 0 ? pipe_read(pi, p, buf, len) : -PX_EBADF;
	struct desc *d = desc_of(h);
	if (!d || (d->flags & PX_O_ACCMODE) == PX_O_WRONLY)
		return -PX_EBADF;
	switch (d->kind) {
	case VN_DIR:
		return -PX_EISDIR;
	case VN_NULL:
		return 0;
	case VN_ZERO:
		memset(buf, 0, len);
		return (long)len;
	case VN_CONSOLE:
		return console_read(p, buf, len);
	default: {
		if (tmpfs_is_node(d->ino)) {
			long r = tmpfs_read(d->ino, d->offset, buf, len);
			if (r > 0)
				d->offset += (uint64_t)r;
			return r;
		}
		uint64_t n = d->offset >= d->size ? 0 : d->size - d->offset;
		if (n > len)
			n = len;
		memcpy(buf, d->data + d->offset, n);
		d->offset += n;
		return (long)n;
	}
	}
}

/* A write to an open file: at its end with O_APPEND. */
static long file_write(struct proc *p, struct desc *d, const char *buf, uint64_t len)
{
	uint32_t mode;
	uint64_t size;
	if (tmpfs_stat(d->ino, &mode, &size))
		return -PX_EIO; /* removed under the description */
	uint64_t at = d->flags & PX_O_APPEND ? size : d->offset;
	long r = tmpfs_write(p, d->ino, at, buf, len);
	if (r > 0)
		d->offset = at + (uint64_t)r;
	return r;
}

/* With TOSTOP, a background writer is stopped by SIGTTOU first. */
static long console_write_from(struct proc *p, const char *buf, uint64_t len)
{
	long err = tty_background_write(p);
	if (err)
		return err;
	console_write(buf, len);
	return (long)len;
}

long fd_write(struct proc *p, uint64_t fd, const char *buf, uint64_t len)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	if (len > PX_SHARED_SIZE)
		return -PX_EINVAL;
	uint32_t h = p->fd[fd];
	if (h == FD_CONSOLE)
		return console_write_from(p, buf, len);
	unsigned end;
	struct pipe *pi = pipe_of(h, &end);
	if (!pi) {
		struct desc *d = desc_of(h);
		if (!d || (d->flags & PX_O_ACCMODE) == PX_O_RDONLY)
			return -PX_EBADF;
		if (d->kind == VN_FILE)
			return file_write(p, d, buf, len);
		if (d->kind == VN_CONSOLE)
			return console_write_from(p, buf, len);
		return (long)len; /* /dev/null and /dev/zero take everything */
	}
	if (end != 1)
		return -PX_EBADF;
	long r = pipe_write(pi, p, buf, len);
	if (r == -PX_EPIPE)
		signal_send(p, PX_SIGPIPE); /* caught or ignored, the write says EPIPE */
	return r;
}

/* The lowest closed fd at or above `lowest`, or -1. */
static long lowest_free(const struct proc *p, uint64_t lowest)
{
	for (uint64_t i = lowest; i < PX_OPEN_MAX; i++) {
		if (!p->fd[i])
			return (long)i;
	}
	return -1;
}

long fd_pipe(struct proc *p, uint64_t out[2])
{
	long r = lowest_free(p, 0);
	if (r < 0)
		return -PX_EMFILE;
	uint64_t w_fd;
	{
		/* The second fd: the lowest free one above r. */
		long w = lowest_free(p, (uint64_t)r + 1);
		if (w < 0)
			return -PX_EMFILE;
		w_fd = (uint64_t)w;
	}
	uint32_t h = pipe_create(p);
	if (!h)
		return -PX_ENOMEM;
	p->fd[r] = h;
	p->fd[w_fd] = h | 1;
	ref(h);
	ref(h | 1);
	out[0] = (uint64_t)r;
	out[1] = w_fd;
	return 0;
}

long fd_dup(struct proc *p, uint64_t fd, uint64_t lowest)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	if (lowest >= PX_OPEN_MAX)
		return -PX_EINVAL;
	long n = lowest_free(p, lowest);
	if (n < 0)
		return -PX_EMFILE;
	p->fd[n] = p->fd[fd];
	p->fd_cloexec[n] = 0;
	ref(p->fd[n]);
	return n;
}

long fd_dup2(struct proc *p, uint64_t fd, uint64_t to)
{
	if (!valid(p, fd) || to >= PX_OPEN_MAX)
		return -PX_EBADF;
	if (fd == to)
		return (long)to;
	if (p->fd[to])
		fd_close(p, to);
	p->fd[to] = p->fd[fd];
	p->fd_cloexec[to] = 0;
	ref(p->fd[to]);
	return (long)to;
}

long fd_fcntl(struct proc *p, uint64_t fd, uint64_t cmd, uint64_t arg)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	unsigned end;
	struct pipe *pi = pipe_of(p->fd[fd], &end);
	switch (cmd) {
	case PX_F_DUPFD:
		return fd_dup(p, fd, arg);
	case PX_F_GETFD:
		return p->fd_cloexec[fd] ? PX_FD_CLOEXEC : 0;
	case PX_F_SETFD:
		p->fd_cloexec[fd] = (arg & PX_FD_CLOEXEC) != 0;
		return 0;
	case PX_F_GETFL:
		if (pi)
			return (end ? PX_O_WRONLY : PX_O_RDONLY) |
			       (pi->nonblock[end] ? PX_O_NONBLOCK : 0);
		if (desc_of(p->fd[fd]))
			return (long)(desc_of(p->fd[fd])->flags & (PX_O_ACCMODE | PX_O_NONBLOCK));
		return PX_O_RDWR; /* the console */
	case PX_F_SETFL:
		if (pi)
			pi->nonblock[end] = (arg & PX_O_NONBLOCK) != 0;
		else if (desc_of(p->fd[fd]))
			desc_of(p->fd[fd])->flags =
			    (desc_of(p->fd[fd])->flags & ~PX_O_NONBLOCK) | (arg & PX_O_NONBLOCK);
		return 0;
	default:
		return -PX_EINVAL;
	}
}

long fd_fstat(struct proc *p, uint64_t fd, char *buf)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	struct px_stat *st = (struct px_stat *)buf;
	memset(st, 0, sizeof(*st));
	st->nlink = 1;
	unsigned end;
	struct desc *d = desc_of(p->fd[fd]);
	st->mtime = clock_boot_ns(); /* a pipe's, the console's */
	if (pipe_of(p->fd[fd], &end)) {
		st->mode = PX_S_IFIFO | 0600;
	} else if (d) {
		st->mode = d->mode;
		st->ino = d->ino;
		st->size = desc_size(d);
		st->mtime = desc_mtime(d);
	} else {
		st->mode = PX_S_IFCHR | 0620; /* the console */
	}
	return 0;
}

long fd_lseek(struct proc *p, uint64_t fd, int64_t offset, uint64_t whence)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	struct desc *d = desc_of(p->fd[fd]);
	if (!d || d->kind == VN_CONSOLE)
		return -PX_ESPIPE;
	if (d->kind == VN_NULL || d->kind == VN_ZERO)
		return 0;
	int64_t base = whence == 0 ? 0 : whence == 1 ? (int64_t)d->offset : (int64_t)desc_size(d);
	if (whence > 2 || (offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -PX_EINVAL;
	d->offset = (uint64_t)(base + offset);
	return (long)d->offset;
}

long fd_ftruncate(struct proc *p, uint64_t fd, uint64_t length)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	struct desc *d = desc_of(p->fd[fd]);
	if (!d || (d->flags & PX_O_ACCMODE) == PX_O_RDONLY)
		return -PX_EINVAL; /* as POSIX says for a descriptor not open for writing */
	if (d->kind != VN_FILE || !tmpfs_is_node(d->ino))
		return -PX_EINVAL;
	if ((int64_t)length < 0)
		return -PX_EINVAL;
	return tmpfs_truncate(p, d->ino, length);
}
