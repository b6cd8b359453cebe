/* cp: copies files.
 *   cp source target
 *   cp source... directory
 * The first form copies source to the file target (made, or emptied
 * first); the second copies each source into directory under its own
 * last name. This is also the form used when target is an existing
 * directory. A new file gets its source's permissions. Directories are
 * not copied (there is no -R yet). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "apps/lib/cpmv.h"

/* All n bytes of buf to fd. 0, or -1 with errno. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		n -= w;
	}
	return 0;
}

static int copy(const char *src, const char *dst)
{
	static char buf[4096];
	struct stat sst, dst_st;
	int in, out, r = 0;
	ssize_t n;

	in = open(src, O_RDONLY);
	if (in < 0 || fstat(in, &sst) < 0) {
		fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
		if (in >= 0)
			close(in);
		return -1;
	}
	if (S_ISDIR(sst.st_mode)) {
		fprintf(stderr, "cp: %s: is a directory (not copied)\n", src);
		close(in);
		return -1;
	}
	/* Emptying the target would empty the source. Only a file system
	 * that numbers its files can say: an inode number 0 means none. */
	if (stat(dst, &dst_st) == 0 && sst.st_ino != 0 && sst.st_ino == dst_st.st_ino &&
	    sst.st_dev == dst_st.st_dev) {
		fprintf(stderr, "cp: %s and %s are the same file\n", src, dst);
		close(in);
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC,
	           (sst.st_mode & 07777) ? sst.st_mode & 07777 : 0666);
	if (out < 0) {
		fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
			r = -1;
			break;
		}
		if (write_all(out, buf, n) < 0) {
			fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
			r = -1;
			break;
		}
	}
	close(in);
	/* A file system may report a failed write only when the file is
	 * closed. */
	if (close(out) < 0 && r == 0) {
		fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
		r = -1;
	}
	return r;
}

int main(int argc, char **argv)
{
	return cpmv_main("cp", argc, argv, copy);
}
