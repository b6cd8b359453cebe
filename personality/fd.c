/* Descriptors (fd.h). */
#include "personality/fd.h"

#include "personality/console.h"
#include "personality/pipe.h"
#include "personality/process.h"
#include "personality/tty.h"

static bool valid(const struct proc *p, uint64_t fd)
{
	return fd < PX_OPEN_MAX && p->fd[fd];
}

static void ref(uint32_t handle)
{
	unsigned end;
	struct pipe *pi = pipe_of(handle, &end);
	if (pi)
		pi->refs[end]++;
}

static void unref(uint32_t handle)
{
	unsigned end;
	struct pipe *pi = pipe_of(handle, &end);
	if (pi)
		pipe_unref(pi, end);
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

long fd_read(struct proc *p, uint64_t fd, char *buf, uint64_t len)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	if (len > PX_SHARED_SIZE)
		return -PX_EINVAL;
	uint32_t h = p->fd[fd];
	if (h == FD_CONSOLE) {
		long n = tty_read(buf, len, p->pid);
		return n < 0 ? -PX_EWOULDBLOCK_INTERNAL : n;
	}
	unsigned end;
	struct pipe *pi = pipe_of(h, &end);
	if (!pi || end != 0)
		return -PX_EBADF; /* the write end is not open for reading */
	return pipe_read(pi, p, buf, len);
}

long fd_write(struct proc *p, uint64_t fd, const char *buf, uint64_t len, bool *killed)
{
	*killed = false;
	if (!valid(p, fd))
		return -PX_EBADF;
	if (len > PX_SHARED_SIZE)
		return -PX_EINVAL;
	uint32_t h = p->fd[fd];
	if (h == FD_CONSOLE) {
		console_write(buf, len);
		return (long)len;
	}
	unsigned end;
	struct pipe *pi = pipe_of(h, &end);
	if (!pi || end != 1)
		return -PX_EBADF;
	long r = pipe_write(pi, p, buf, len);
	if (r == -PX_EPIPE) {
		/* SIGPIPE's default action; handlers come with signals. */
		process_exit(p, PX_W_SIGNALED(PX_SIGPIPE));
		*killed = true;
	}
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
		if (!pi)
			return PX_O_RDWR; /* the console */
		return (end ? PX_O_WRONLY : PX_O_RDONLY) | (pi->nonblock[end] ? PX_O_NONBLOCK : 0);
	case PX_F_SETFL:
		if (pi)
			pi->nonblock[end] = (arg & PX_O_NONBLOCK) != 0;
		return 0;
	default:
		return -PX_EINVAL;
	}
}

long fd_fstat(struct proc *p, uint64_t fd, uint64_t *type)
{
	if (!valid(p, fd))
		return -PX_EBADF;
	unsigned end;
	*type = pipe_of(p->fd[fd], &end) ? PX_S_IFIFO : PX_S_IFCHR;
	return 0;
}

long fd_lseek(struct proc *p, uint64_t fd)
{
	return valid(p, fd) ? -PX_ESPIPE : -PX_EBADF;
}
