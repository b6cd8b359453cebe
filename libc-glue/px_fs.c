/* The file system's calls newlib does not have: directories (<dirent.h>),
 * the working directory, and setting a file's modification time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>
#include <rn/px_call.h>
#include "syscalls.h"

/* A directory stream keeps the entries of the last PX_READDIR (as many as
 * fit the shared buffer: one call for a dozen entries). */
struct rn_dir {
	int fd;
	unsigned next, count; /* in batch */
	struct px_dirent batch[PX_READDIR_MAX];
	struct dirent entry;
};

DIR *fdopendir(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return NULL;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	DIR *d = malloc(sizeof *d);
	if (!d)
		return NULL;
	d->fd = fd;
	d->next = d->count = 0;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d) {
		int saved = errno;
		close(fd);
		errno = saved;
	}
	return d;
}

struct dirent *readdir(DIR *d)
{
	if (d->next == d->count) {
		long r = px_call(PX_READDIR, d->fd, (long)PX_READDIR_MAX, 0, NULL);
		if (r <= 0) {
			if (r < 0)
				px_return(r);
			return NULL; /* the end: errno untouched */
		}
		memcpy(d->batch, PX_SHARED, (size_t)r * sizeof d->batch[0]);
		d->next = 0;
		d->count = (unsigned)r;
	}
	const struct px_dirent *e = &d->batch[d->next++];
	d->entry.d_ino = e->ino;
	d->entry.d_type = e->type == PX_S_IFDIR   ? DT_DIR
	                  : e->type == PX_S_IFREG ? DT_REG
	                  : e->type == PX_S_IFLNK ? DT_LNK
	                  : e->type == PX_S_IFIFO ? DT_FIFO
	                                          : DT_CHR;
	memcpy(d->entry.d_name, e->name, sizeof d->entry.d_name);
	d->entry.d_name[MAXNAMLEN] = 0;
	return &d->entry;
}

void rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->next = d->count = 0;
}

int closedir(DIR *d)
{
	int r = close(d->fd);
	free(d);
	return r;
}

int dirfd(DIR *d)
{
	return d->fd;
}

int chdir(const char *path)
{
	if (px_put_path(path) < 0)
		return -1;
	return px_return(px_call(PX_CHDIR, 0, 0, 0, NULL));
}

/* The working directory's path, as its directories name it now: up to a
 * page in one call, a longer one (the directory may be of any depth) a
 * page a call, asked again whole if a name moved meanwhile. ERANGE if it
 * does not fit size; with buf NULL, as glibc, a buffer of size bytes (of
 * the path's, if size is 0) is allocated. */
char *getcwd(char *buf, size_t size)
{
	if (buf && size == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (buf && !px_user_buffer(buf, size)) {
		errno = EFAULT;
		return NULL;
	}
	for (;;) {
		long version[3], now[3];
		long r = px_call(PX_GETCWD, 0, 0, 0, version);
		if (r < 0) {
			px_return(r);
			return NULL;
		}
		size_t need = (size_t)r + 1, cap = buf ? size : size ? size : need;
		if (need > cap) {
			errno = ERANGE;
			return NULL;
		}
		char *out = buf ? buf : malloc(cap);
		if (!out)
			return NULL;
		size_t n = need < PX_SHARED_SIZE ? need : PX_SHARED_SIZE;
		memcpy(out, PX_SHARED, n);
		bool same = true;
		for (size_t off = n; off < need && same; off += n) {
			same = px_call(PX_GETCWD, (long)off, 0, 0, now) == r && now[0] == version[0];
			n = need - off < PX_SHARED_SIZE ? need - off : PX_SHARED_SIZE;
			memcpy(out + off, PX_SHARED, n);
		}
		if (same)
			return out;
		if (!buf)
			free(out);
	}
}

int rmdir(const char *path)
{
	if (px_put_path(path) < 0)
		return -1;
	return px_return(px_call(PX_RMDIR, 0, 0, 0, NULL));
}

int rename(const char *from, const char *to)
{
	if (px_put_paths(from, to) < 0)
		return -1;
	return px_return(px_call(PX_RENAME, 0, 0, 0, NULL));
}

int chmod(const char *path, mode_t mode)
{
	if (px_put_path(path) < 0)
		return -1;
	return px_return(px_call(PX_CHMOD, mode & 07777, 0, 0, NULL));
}

int ftruncate(int fd, off_t length)
{
	if (length < 0) {
		errno = EINVAL;
		return -1;
	}
	return px_return(px_call(PX_FTRUNCATE, fd, length, 0, NULL));
}

int truncate(const char *path, off_t length)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int r = ftruncate(fd, length);
	int saved = errno;
	close(fd);
	errno = saved;
	return r;
}

/* Files carry the mode they were made with (the initrd's, its archive's);
 * /proc's files carry no write bits: they are read-only. */
int access(const char *path, int mode)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	if ((mode & W_OK) && !(st.st_mode & 0222)) {
		errno = EROFS;
		return -1;
	}
	if ((mode & X_OK) && !(st.st_mode & 0111)) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

/* Only the modification time is kept: the access time is ignored. */
static int set_mtime(const char *path, uint64_t ns)
{
	if (px_put_path(path) < 0)
		return -1;
	return px_return(px_call(PX_UTIMENS, (long)ns, 0, 0, NULL));
}

/* A timespec utimensat takes: a time, UTIME_NOW or UTIME_OMIT. */
static int bad_time(const struct timespec *t)
{
	return t->tv_nsec != UTIME_NOW && t->tv_nsec != UTIME_OMIT &&
	       (t->tv_nsec < 0 || t->tv_nsec >= 1000000000);
}

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
	(void)flags; /* no symbolic links */
	if (dirfd != AT_FDCWD && (!path || path[0] != '/')) {
		errno = ENOSYS; /* no directory descriptors as bases */
		return -1;
	}
	/* The access time is not kept, but a bad one is still refused; so
	 * are modification times before 1970 or past 2554 (64-bit ns). */
	if (times && (bad_time(&times[0]) || bad_time(&times[1]) ||
	              (times[1].tv_nsec != UTIME_NOW && times[1].tv_nsec != UTIME_OMIT &&
	               (times[1].tv_sec < 0 ||
	                (uint64_t)times[1].tv_sec > UINT64_MAX / 1000000000 - 1)))) {
		errno = EINVAL;
		return -1;
	}
	if (!times || times[1].tv_nsec == UTIME_NOW)
		return set_mtime(path, PX_UTIME_NOW);
	if (times[1].tv_nsec == UTIME_OMIT) {
		struct stat st;
		return stat(path, &st); /* nothing to change; the path must be there */
	}
	return set_mtime(path, (uint64_t)times[1].tv_sec * 1000000000 + (uint64_t)times[1].tv_nsec);
}

int utimes(const char *path, const struct timeval *tv)
{
	if (!tv)
		return utimensat(AT_FDCWD, path, NULL, 0);
	struct timespec ts[2] = { { tv[0].tv_sec, tv[0].tv_usec * 1000 },
		                  { tv[1].tv_sec, tv[1].tv_usec * 1000 } };
	if (tv[1].tv_usec < 0 || tv[1].tv_usec >= 1000000) {
		errno = EINVAL;
		return -1;
	}
	return utimensat(AT_FDCWD, path, ts, 0);
}

int utime(const char *path, const struct utimbuf *times)
{
	if (!times)
		return utimensat(AT_FDCWD, path, NULL, 0);
	struct timespec ts[2] = { { times->actime, 0 }, { times->modtime, 0 } };
	return utimensat(AT_FDCWD, path, ts, 0);
}
