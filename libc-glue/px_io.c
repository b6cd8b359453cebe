/* Files: newlib's I/O system calls on the POSIX server's file descriptors.
 * Data goes through the shared buffer page, at most PX_SHARED_SIZE bytes a
 * call. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/syslimits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <rn/px_call.h>
#include "syscalls.h"

_Static_assert(PX_O_APPEND == O_APPEND && PX_O_CREAT == O_CREAT && PX_O_TRUNC == O_TRUNC &&
                   PX_O_EXCL == O_EXCL && PX_O_CLOEXEC == O_CLOEXEC && PX_O_ACCMODE == O_ACCMODE,
               "px.h open flags are newlib's");
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

	va_start(ap, flags);
	mode = va_arg(ap, int); /* newlib's open() always passes one */
	va_end(ap);
	if (px_put_path(path) < 0)
		return -1;
	return px_return(px_call_blocking(PX_OPEN, flags, mode, 0, NULL));
}

int _close(int fd)
{
	return px_return(px_call_blocking(PX_CLOSE, fd, 0, 0, NULL));
}

/* Copies n bytes out of the shared buffer (or any other) to a caller's
 * buffer, checked first. */
int px_copy_out(void *to, const void *from, size_t n)
{
	if (!px_user_buffer(to, n)) {
		errno = EFAULT;
		return -1;
	}
	memcpy(to, from, n);
	return 0;
}

/* One call, at most one buffer's worth: a short count is what read(2)
 * promises, and asking again could block on a terminal with data in hand.
 * The buffer is checked before the server is asked: after, the bytes
 * would be gone from the pipe or the console. */
ssize_t _read(int fd, void *buf, size_t len)
{
	size_t n = len < PX_SHARED_SIZE ? len : PX_SHARED_SIZE;

	if (!px_user_buffer(buf, len))
		return px_fail(-PX_EFAULT);
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

	if (!px_user_buffer(buf, len))
		return px_fail(-PX_EFAULT);
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

/* The server reports a file's number, size, mode, links and modification
 * time (which stands in for the change and access times: none are kept);
 * the rest of *st is zero (one user: uid and gid 0). */
static void stat_from(struct stat *st, const struct px_stat *px)
{
	memset(st, 0, sizeof *st);
	st->st_ino = px->ino;
	st->st_size = (off_t)px->size;
	st->st_mode = px->mode;
	st->st_nlink = px->nlink;
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)((px->size + 511) / 512);
	st->st_mtim.tv_sec = (time_t)(px->mtime / 1000000000);
	st->st_mtim.tv_nsec = (long)(px->mtime % 1000000000);
	st->st_atim = st->st_ctim = st->st_mtim;
}

int _fstat(int fd, struct stat *st)
{
	if (!px_user_buffer(st, sizeof *st))
		return px_fail(-PX_EFAULT);
	long r = px_call_blocking(PX_FSTAT, fd, 0, 0, NULL);
	if (r < 0)
		return px_return(r);
	stat_from(st, PX_SHARED);
	return 0;
}

/* newlib asks this to choose line buffering for stdout. Only the console
 * is a terminal (not /dev/null, another character device). */
int _isatty(int fd)
{
	return px_console(fd) == 0; /* errno from px_console: EBADF, ENOTTY */
}

/* Copies a path into the shared buffer; -1 (ENAMETOOLONG) if it does not
 * fit the server's limit, EFAULT if it cannot be a user address. */
int px_put_path(const char *path)
{
	if (!px_user_buffer(path, 1)) {
		errno = EFAULT;
		return -1;
	}
	size_t len = strnlen(path, PX_PATH_MAX);
	if (len == PX_PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(PX_SHARED, path, len + 1);
	return 0;
}

/* Two paths into the shared buffer, at 0 and at PX_PATH_MAX (rename,
 * link, symlink); -1 as px_put_path. */
int px_put_paths(const char *first, const char *second)
{
	if (!px_user_buffer(second, 1)) {
		errno = EFAULT;
		return -1;
	}
	size_t len = strnlen(second, PX_PATH_MAX);
	if (len == PX_PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (px_put_path(first) < 0)
		return -1;
	memcpy((char *)PX_SHARED + PX_PATH_MAX, second, len + 1);
	return 0;
}

int _stat(const char *path, struct stat *st)
{
	if (!px_user_buffer(st, sizeof *st))
		return px_fail(-PX_EFAULT);
	if (px_put_path(path) < 0)
		return -1;
	long r = px_call(PX_STAT, 0, 0, 0, NULL);
	if (r < 0)
		return px_return(r);
	stat_from(st, PX_SHARED);
	return 0;
}

/* pread and pwrite over lseek (the server has no positional call): the
 * offset is moved, the transfer made, and the offset put back. Not atomic
 * against another process sharing the open file (after fork): it could
 * move the offset between the calls. Pipes and the console answer lseek
 * with ESPIPE, as POSIX wants of pread on them. */
static ssize_t at_offset(int fd, void *buf, size_t len, off_t offset, bool write)
{
	if (offset < 0)
		return px_fail(-PX_EINVAL);
	off_t was = _lseek(fd, 0, SEEK_CUR);
	if (was < 0 || _lseek(fd, offset, SEEK_SET) < 0)
		return -1;
	ssize_t r = write ? _write(fd, buf, len) : _read(fd, buf, len);
	int saved = errno;
	_lseek(fd, was, SEEK_SET);
	errno = saved;
	return r;
}

ssize_t pread(int fd, void *buf, size_t len, off_t offset)
{
	return at_offset(fd, buf, len, offset, false);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t offset)
{
	return at_offset(fd, (void *)buf, len, offset, true);
}

/* Files live in memory (the initrd and the overlay's pages): there is no
 * device to flush to, so once the descriptor is known to be open, the data
 * is as safe as it will ever be. */
int fsync(int fd)
{
	struct stat st;
	return _fstat(fd, &st);
}

int fdatasync(int fd)
{
	return fsync(fd);
}

void sync(void)
{
}

/* stat of a symbolic link itself (S_IFLNK, st_size the target's length). */
int lstat(const char *path, struct stat *st)
{
	if (!px_user_buffer(st, sizeof *st))
		return px_fail(-PX_EFAULT);
	if (px_put_path(path) < 0)
		return -1;
	long r = px_call(PX_LSTAT, 0, 0, 0, NULL);
	if (r < 0)
		return px_return(r);
	stat_from(st, PX_SHARED);
	return 0;
}

int _link(const char *old, const char *new)
{
	if (px_put_paths(old, new) < 0)
		return -1;
	return px_return(px_call(PX_LINK, 0, 0, 0, NULL));
}

int symlink(const char *target, const char *path)
{
	if (px_put_paths(target, path) < 0)
		return -1;
	return px_return(px_call(PX_SYMLINK, 0, 0, 0, NULL));
}

/* The target, cut to size bytes, with no NUL (POSIX). */
ssize_t readlink(const char *restrict path, char *restrict buf, size_t size)
{
	if (px_put_path(path) < 0)
		return -1;
	long r = px_call(PX_READLINK, 0, 0, 0, NULL);
	if (r < 0)
		return px_return(r);
	if (r > PX_PATH_MAX) /* not a sane answer */
		return px_fail(-PX_EIO);
	size_t n = (size_t)r < size ? (size_t)r : size;
	if (px_copy_out(buf, PX_SHARED, n) < 0)
		return -1;
	return (ssize_t)n;
}

int _unlink(const char *path)
{
	if (px_put_path(path) < 0)
		return -1;
	return px_return(px_call(PX_UNLINK, 0, 0, 0, NULL));
}

int _mkdir(const char *path, mode_t mode)
{
	if (px_put_path(path) < 0)
		return -1;
	return px_return(px_call(PX_MKDIR, mode, 0, 0, NULL));
}

/* newlib has no mkdir() calling _mkdir on this target. */
int mkdir(const char *path, mode_t mode)
{
	return _mkdir(path, mode);
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
