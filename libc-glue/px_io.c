/* Files: newlib's I/O system calls on the POSIX server's file descriptors.
 * Data goes through the shared buffer page, at most PX_SHARED_SIZE bytes a
 * call. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/syslimits.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <rn/px_call.h>
#include "syscalls.h"

_Static_assert(PX_F_DUPFD == F_DUPFD && PX_F_GETFD == F_GETFD && PX_F_SETFD == F_SETFD &&
                   PX_F_GETFL == F_GETFL && PX_F_SETFL == F_SETFL && PX_FD_CLOEXEC == FD_CLOEXEC &&
                   PX_O_WRONLY == O_WRONLY && PX_O_RDWR == O_RDWR && PX_O_NONBLOCK == O_NONBLOCK,
               "px.h fcntl values are newlib's");
_Static_assert(PX_OPEN_MAX <= OPEN_MAX && PX_PIPE_BUF == PIPE_BUF, "px.h limits are newlib's");
_Static_assert(PX_S_IFCHR == S_IFCHR && PX_S_IFREG == S_IFREG && PX_S_IFDIR == S_IFDIR &&
                   PX_S_IFIFO == S_IFIFO,
               "px.h file types are newlib's");

int _open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;
	size_t len = strnlen(path, PX_SHARED_SIZE);

	va_start(ap, flags);
	mode = va_arg(ap, int); /* newlib's open() always passes one */
	va_end(ap);
	if (len == PX_SHARED_SIZE) { /* its NUL would not fit */
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(PX_SHARED, path, len + 1);
	return px_return(px_call_blocking(PX_OPEN, flags, mode, 0, NULL));
}

int _close(int fd)
{
	return px_return(px_call_blocking(PX_CLOSE, fd, 0, 0, NULL));
}

/* One call, at most one buffer's worth: a short count is what read(2)
 * promises, and asking again could block on a terminal with data in hand. */
ssize_t _read(int fd, void *buf, size_t len)
{
	size_t n = len < PX_SHARED_SIZE ? len : PX_SHARED_SIZE;
	long r = px_call_blocking(PX_READ, fd, n, 0, NULL);

	if (r > (long)n) /* more than asked for: not a sane answer */
		r = -PX_EIO;
	if (r > 0)
		memcpy(buf, PX_SHARED, r);
	return px_return(r);
}

/* Loops over buffer-sized chunks until all is written; an error after
 * some bytes went out reports those bytes. */
ssize_t _write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	do { /* len 0 still asks, so that a bad fd is reported */
		size_t n = len - done < PX_SHARED_SIZE ? len - done : PX_SHARED_SIZE;
		long r;

		memcpy(PX_SHARED, p + done, n);
		r = px_call_blocking(PX_WRITE, fd, n, 0, NULL);
		if (r > (long)n)
			r = -PX_EIO;
		if (r < 0)
			return done ? (ssize_t)done : px_return(r);
		/* A pipe takes what fits; the rest goes in the next call, which
		 * waits for room (or says EAGAIN when non-blocking). */
		done += r;
	} while (done < len);
	return done;
}

off_t _lseek(int fd, off_t offset, int whence)
{
	return px_return(px_call_blocking(PX_LSEEK, fd, offset, whence, NULL));
}

/* The server reports a file's type only; the rest of *st is zero. */
int _fstat(int fd, struct stat *st)
{
	long extra[3];
	long r = px_call_blocking(PX_FSTAT, fd, 0, 0, extra);

	memset(st, 0, sizeof *st);
	if (r < 0)
		return px_return(r);
	st->st_mode = (mode_t)extra[0];
	return 0;
}

/* newlib asks this to choose line buffering for stdout. */
int _isatty(int fd)
{
	struct stat st;

	if (_fstat(fd, &st) < 0)
		return 0; /* errno from fstat (EBADF) */
	if (S_ISCHR(st.st_mode))
		return 1;
	errno = ENOTTY;
	return 0;
}

/* The protocol has no stat by name: open, fstat, close. */
int _stat(const char *path, struct stat *st)
{
	int fd = _open(path, O_RDONLY, 0);
	int r, saved;

	if (fd < 0)
		return -1;
	r = _fstat(fd, st);
	saved = errno;
	_close(fd);
	errno = saved;
	return r;
}

/* The protocol has no call that changes the file system (the initrd is
 * read-only). */
int _link(const char *old, const char *new)
{
	errno = ENOSYS;
	return -1;
}

int _unlink(const char *path)
{
	errno = ENOSYS;
	return -1;
}

int _mkdir(const char *path, mode_t mode)
{
	errno = ENOSYS;
	return -1;
}

/* F_DUPFD, F_GETFD/F_SETFD (FD_CLOEXEC), F_GETFL/F_SETFL (O_NONBLOCK).
 * newlib's own fcntl() is built without HAVE_FCNTL and only says ENOSYS,
 * so this one replaces it (the archive member is then never linked). */
static int do_fcntl(int fd, int cmd, va_list ap)
{
	long arg = cmd == F_GETFD || cmd == F_GETFL ? 0 : va_arg(ap, int);
	return px_return(px_call(PX_FCNTL, fd, cmd, arg, NULL));
}

int _fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	int r = do_fcntl(fd, cmd, ap);
	va_end(ap);
	return r;
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	int r = do_fcntl(fd, cmd, ap);
	va_end(ap);
	return r;
}
