/* Descriptors (fd.h). */
#include "personality/fd.h"

#include "personality/desc.h"
#include "personality/file.h"
#include "personality/pipe.h"
#include "personality/procfs.h"
#include "personality/timer.h"
#include "personality/tmpfs.h"

#include "kernel/string.h"

static bool valid(const struct proc *p, uint64_t fd)
{
	return fd < PX_OPEN_MAX && p->fd[fd];
}

/* The open file fd names, resolved once (file.h); false if none. */
static bool open_file(const struct proc *p, uint64_t fd, struct file *f)
{
	return valid(p, fd) && file_of(p->fd[fd], f);
}

/* The lowest closed fd at or above `lowest`, or -1. */
static long lowest_free(const struct proc *p, uint64_t lowest);

/* Whether an open with these flags may go ahead on node v. */
static int check_open(const struct vnode *v, uint64_t flags)
{
	unsigned access = flags & PX_O_ACCMODE;
	bool writes = access != PX_O_RDONLY || (flags & PX_O_TRUNC);
	/* POSIX: a directory opened for writing, or with O_CREAT. */
	if (v->kind == VN_DIR && (writes || (flags & PX_O_CREAT)))
		return -PX_EISDIR;
	/* Found only with O_NOFOLLOW (and O_EXCL, which says EEXIST first). */
	if (v->kind == VN_LINK)
		return -PX_ELOOP;
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
	struct vnode v, dir;
	struct vfs_place at;
	bool placing = false; /* a new tmpfs node, in its place once all went well */
	bool excl = (flags & PX_O_CREAT) && (flags & PX_O_EXCL);
	/* O_CREAT follows a dangling symbolic link to make its target; with
	 * O_EXCL a link is there already (POSIX: EEXIST). */
	unsigned walk = excl || (flags & PX_O_NOFOLLOW) ? VFS_NOFOLLOW : 0;
	int err = vfs_walk(p, buf, walk, &v, &dir, at.name);
	if (err == -PX_ENOENT && (flags & PX_O_CREAT) && at.name[0]) {
		err = vfs_create(p, &dir, mode, &v, &at);
		placing = err == 0;
	} else if (!err && excl) {
		err = -PX_EEXIST;
	}
	if (!err)
		err = check_open(&v, flags);
	if (!err && needs_copy(&v, flags)) {
		/* O_TRUNC would throw the copied bytes away: copy none. */
		err = vfs_copy_up(p, &v, flags & PX_O_TRUNC ? 0 : v.size, &at);
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
			file_ref(h);
			file_unref(h); /* frees the description, and a new node with it */
		} else if (placing) {
			tmpfs_unlink(v.ino); /* frees it: in no directory */
		}
		return err;
	}
	if (placing)
		vfs_put(v.ino, &at);
	p->fd[fd] = h;
	p->fd_cloexec[fd] = (flags & PX_O_CLOEXEC) != 0;
	file_ref(h);
	return fd;
}

long fd_readdir(struct proc *p, uint64_t fd, char *buf, uint64_t max)
{
	struct file f;
	if (!open_file(p, fd, &f))
		return -PX_EBADF;
	if (!f.ops->readdir)
		return -PX_ENOTDIR;
	if (max == 0)
		max = 1;
	if (max > PX_READDIR_MAX)
		max = PX_READDIR_MAX;
	return f.ops->readdir(&f, buf, max);
}

void fd_init_console(struct proc *p)
{
	for (int i = 0; i < 3; i++)
		p->fd[i] = FILE_CONSOLE;
}

void fd_fork(struct proc *parent, struct proc *child)
{
	for (unsigned i = 0; i < PX_OPEN_MAX; i++) {
		child->fd[i] = parent->fd[i];
		child->fd_cloexec[i] = parent->fd_cloexec[i];
		if (child->fd[i])
			file_ref(child->fd[i]);
	}
	child->cwd = parent->cwd; /* the same directory, held once more */
	vfs_hold(child->cwd);
}

/* The poll list of the file fd names (NULL: none). */
static uint32_t *poll_list(struct proc *p, unsigned fd)
{
	struct file f;
	return open_file(p, fd, &f) && f.ops->poll_list ? f.ops->poll_list(&f) : NULL;
}

/* Takes fd's poll link, if it has one, out of its file's list: before
 * the fd names another file or none. */
static void poll_unlink(struct proc *p, unsigned fd)
{
	if (p->poll_linked & (1ull << fd))
		proc_poll_unlink(poll_list(p, fd), p, fd);
}

static void poll_unlink_all(struct proc *p)
{
	for (unsigned fd = 0; p->poll_linked && fd < PX_OPEN_MAX; fd++)
		poll_unlink(p, fd);
}

long fd_close(struct proc *p, uint64_t fd)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	poll_unlink(p, (unsigned)fd);
	uint32_t h = p->fd[fd];
	p->fd[fd] = 0;
	p->fd_cloexec[fd] = 0;
	file_unref(h);
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
	vfs_release(p->cwd);
	p->cwd = 0;
}

long fd_read(struct proc *p, uint64_t fd, char *buf, uint64_t len)
{
	struct file f;
	if (!open_file(p, fd, &f) || (f.flags & PX_O_ACCMODE) == PX_O_WRONLY || !f.ops->read)
		return -PX_EBADF;
	if (len > PX_SHARED_SIZE)
		return -PX_EINVAL;
	return f.ops->read(p, &f, buf, len);
}

long fd_map_read(struct proc *p, uint64_t fd, uint64_t offset, char *buf, uint64_t len)
{
	struct file f;
	if (!open_file(p, fd, &f))
		return -PX_EBADF;
	if (!f.ops->seek || f.ops->readdir || !f.ops->read || !f.desc)
		return -PX_ENODEV;
	if ((f.flags & PX_O_ACCMODE) == PX_O_WRONLY)
		return -PX_EACCES;
	long at = f.ops->seek(&f, 0, 1);
	if (at < 0 || offset > INT64_MAX)
		return at < 0 ? at : -PX_EINVAL;
	long r = f.ops->seek(&f, (int64_t)offset, 0);
	uint64_t done = 0;
	while (r >= 0 && done < len) {
		r = f.ops->read(p, &f, buf + done, len - done);
		if (r <= 0)
			break;
		done += (uint64_t)r;
	}
	f.ops->seek(&f, at, 0);
	return r < 0 ? r : (long)done;
}

/* Fills in each entry's revents; the count of entries with any. */
static long poll_now(struct proc *p, struct px_pollfd *fds, uint64_t n)
{
	long ready = 0;
	for (uint64_t i = 0; i < n; i++) {
		struct px_pollfd *e = &fds[i];
		struct file f;
		unsigned r;
		if (e->fd < 0)
			r = 0; /* POSIX: ignored */
		else if (!open_file(p, (uint64_t)e->fd, &f))
			r = PX_POLLNVAL;
		else
			r = (f.ops->poll ? f.ops->poll(&f) : PX_POLLIN | PX_POLLOUT) &
			    ((unsigned)(uint16_t)e->events | PX_POLLHUP | PX_POLLERR);
		e->revents = (short)r;
		ready += r != 0;
	}
	return ready;
}

long fd_poll(struct proc *p, struct px_pollfd *fds, uint64_t n, uint64_t deadline)
{
	if (n > PX_POLL_MAX)
		return -PX_EINVAL;
	/* Links left from an earlier wait (answered, or cut short by a
	 * signal) go first: each poll links afresh. */
	poll_unlink_all(p);
	long ready = poll_now(p, fds, n);
	if (ready || deadline == 0 || (deadline != ~0ull && timer_sleep_until(p, deadline) == 0))
		return ready;
	/* Waits in the list of each file that can change (each fd once). */
	for (uint64_t i = 0; i < n; i++) {
		int fd = fds[i].fd;
		uint32_t *list;
		if (fd >= 0 && fd < PX_OPEN_MAX && !(p->poll_linked & (1ull << fd)) &&
		    (list = poll_list(p, (unsigned)fd)))
			proc_poll_link(list, p, (unsigned)fd);
	}
	return -PX_EWOULDBLOCK_INTERNAL;
}

long fd_write(struct proc *p, uint64_t fd, const char *buf, uint64_t len)
{
	struct file f;
	if (!open_file(p, fd, &f) || (f.flags & PX_O_ACCMODE) == PX_O_RDONLY || !f.ops->write)
		return -PX_EBADF;
	if (len > PX_SHARED_SIZE)
		return -PX_EINVAL;
	return f.ops->write(p, &f, buf, len);
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
	file_ref(h);
	file_ref(h | 1);
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
	file_ref(p->fd[n]);
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
	file_ref(p->fd[to]);
	return (long)to;
}

long fd_fcntl(struct proc *p, uint64_t fd, uint64_t cmd, uint64_t arg)
{
	struct file f;
	if (!open_file(p, fd, &f))
		return -PX_EBADF;
	switch (cmd) {
	case PX_F_DUPFD:
		return fd_dup(p, fd, arg);
	case PX_F_GETFD:
		return p->fd_cloexec[fd] ? PX_FD_CLOEXEC : 0;
	case PX_F_SETFD:
		p->fd_cloexec[fd] = (arg & PX_FD_CLOEXEC) != 0;
		return 0;
	case PX_F_GETFL:
		return f.flags;
	case PX_F_SETFL:
		if (f.ops->set_nonblock)
			f.ops->set_nonblock(&f, (arg & PX_O_NONBLOCK) != 0);
		return 0;
	default:
		return -PX_EINVAL;
	}
}

long fd_fstat(struct proc *p, uint64_t fd, char *buf)
{
	struct file f;
	if (!open_file(p, fd, &f))
		return -PX_EBADF;
	struct px_stat *st = (struct px_stat *)buf;
	memset(st, 0, sizeof(*st));
	st->nlink = 1;
	f.ops->stat(&f, st);
	return 0;
}

long fd_lseek(struct proc *p, uint64_t fd, int64_t offset, uint64_t whence)
{
	struct file f;
	if (!open_file(p, fd, &f))
		return -PX_EBADF;
	return f.ops->seek ? f.ops->seek(&f, offset, whence) : -PX_ESPIPE;
}

long fd_ftruncate(struct proc *p, uint64_t fd, uint64_t length)
{
	struct file f;
	if (!open_file(p, fd, &f))
		return -PX_EBADF;
	/* EINVAL, as POSIX says, for a descriptor not open for writing too. */
	if ((f.flags & PX_O_ACCMODE) == PX_O_RDONLY || !f.ops->truncate || (int64_t)length < 0)
		return -PX_EINVAL;
	return f.ops->truncate(p, &f, length);
}
