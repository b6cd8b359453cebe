/* Paths, positional I/O, bad buffers, terminals and fsync. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syslimits.h>
#include <unistd.h>
#include "libctest.h"

static int expect_path(const char *path, const char *want)
{
	char out[PATH_MAX];

	if (!realpath(path, out))
		return fail("realpath(\"%s\"): %s", path, strerror(errno));
	if (strcmp(out, want) != 0)
		return fail("realpath(\"%s\") = \"%s\", expected \"%s\"", path, out, want);
	return 0;
}

int test_realpath(void)
{
	char out[PATH_MAX];
	int r = 0;

	rmdir("/tmp/libctest-a/b");
	rmdir("/tmp/libctest-a");
	if (mkdir("/tmp/libctest-a", 0777) < 0 || mkdir("/tmp/libctest-a/b", 0777) < 0 ||
	    chdir("/tmp/libctest-a/b") < 0)
		return fail("set-up: %s", strerror(errno));
	if (expect_path("/bin/../etc//passwd", "/etc/passwd") < 0 || expect_path("/", "/") < 0 ||
	    expect_path("/..", "/") < 0 || expect_path(".", "/tmp/libctest-a/b") < 0 ||
	    expect_path("..", "/tmp/libctest-a") < 0 || expect_path("./../b/.", "/tmp/libctest-a/b") < 0 ||
	    expect_path("../../../../etc/", "/etc") < 0 ||
	    expect_errno(realpath("missing/..", out) ? 0 : -1, ENOENT, "realpath(missing/..)") < 0 ||
	    expect_errno(realpath("", out) ? 0 : -1, ENOENT, "realpath(\"\")") < 0 ||
	    expect_errno(realpath("/etc/passwd/", out) ? 0 : -1, ENOTDIR, "realpath(file/)") < 0 ||
	    expect_errno(realpath("/etc/passwd/..", out) ? 0 : -1, ENOTDIR, "realpath(file/..)") < 0)
		r = -1;
	if (r == 0) {
		char *p = realpath("..", NULL); /* allocated */
		if (!p || strcmp(p, "/tmp/libctest-a") != 0)
			r = fail("realpath(\"..\", NULL) = %s", p ? p : strerror(errno));
		free(p);
	}
	chdir("/");
	rmdir("/tmp/libctest-a/b");
	rmdir("/tmp/libctest-a");
	return r;
}

int test_pread_pwrite(void)
{
	const char *path = "/tmp/libctest-pread";
	char buf[16] = "";
	int fds[2], r = 0;

	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0666);
	if (fd < 0 || write(fd, "0123456789", 10) != 10 || lseek(fd, 2, SEEK_SET) != 2)
		return fail("set-up: %s", strerror(errno));
	if (pread(fd, buf, 3, 5) != 3 || memcmp(buf, "567", 3) != 0)
		r = fail("pread at 5: '%.3s'", buf);
	else if (lseek(fd, 0, SEEK_CUR) != 2)
		r = fail("pread moved the offset to %ld", (long)lseek(fd, 0, SEEK_CUR));
	else if (pwrite(fd, "AB", 2, 8) != 2 || lseek(fd, 0, SEEK_CUR) != 2)
		r = fail("pwrite at 8, or it moved the offset");
	else if (pwrite(fd, "xyz", 3, 12) != 3) /* past the end: a hole of zeros */
		r = fail("pwrite past the end: %s", strerror(errno));
	else if (pread(fd, buf, sizeof buf, 0) != 15 ||
	         memcmp(buf, "01234567AB\0\0xyz", 15) != 0)
		r = fail("the file reads '%.15s'", buf);
	else if (pread(fd, buf, 4, 100) != 0)
		r = fail("pread past the end: not 0");
	else if (read(fd, buf, 2) != 2 || memcmp(buf, "23", 2) != 0)
		r = fail("read after pread/pwrite: not at offset 2");
	else if (expect_errno(pread(fd, buf, 1, -1), EINVAL, "pread at -1") < 0)
		r = -1;
	close(fd);
	unlink(path);
	if (r == 0 && pipe(fds) == 0) {
		r = expect_errno(pread(fds[0], buf, 1, 0), ESPIPE, "pread on a pipe");
		close(fds[0]);
		close(fds[1]);
	}
	return r;
}

/* A buffer that cannot be the caller's is refused before the server is
 * asked: the data stays where it was (issue 18). */
int test_efault(void)
{
	char buf[8] = "", cwd[8];
	struct stat st;
	int fds[2];

	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	int r = write(fds[1], "xyz", 3) == 3 ? 0 : fail("write to the pipe");
	if (r == 0 && (expect_errno(read(fds[0], (void *)-1, 8192), EFAULT, "read into -1") < 0 ||
	               expect_errno(read(fds[0], NULL, 8), EFAULT, "read into NULL") < 0 ||
	               expect_errno(read(fds[0], (void *)0x3ffffffffff0ul, 64), EFAULT,
	                            "read across the top of user space") < 0 ||
	               expect_errno(write(fds[1], (void *)-8, 10), EFAULT, "write from -8") < 0))
		r = -1;
	if (r == 0 && (read(fds[0], buf, sizeof buf) != 3 || memcmp(buf, "xyz", 3) != 0))
		r = fail("the pipe's data was lost: read '%s'", buf);
	close(fds[0]);
	close(fds[1]);
	if (r == 0 && (expect_errno(stat("/etc", (struct stat *)8), EFAULT, "stat into 8") < 0 ||
	               expect_errno(fstat(0, (struct stat *)-1), EFAULT, "fstat into -1") < 0 ||
	               expect_errno(stat((const char *)-1, &st), EFAULT, "stat of path -1") < 0 ||
	               expect_errno(open(NULL, O_RDONLY), EFAULT, "open(NULL)") < 0 ||
	               expect_errno(getcwd((char *)-4, 8) ? 0 : -1, EFAULT, "getcwd into -4") < 0))
		r = -1;
	(void)cwd;
	return r;
}

int test_tty_names(void)
{
	char name[32];
	int r = 0;

	int fd = open("/dev/null", O_RDONLY);
	if (fd < 0)
		return fail("/dev/null: %s", strerror(errno));
	if (isatty(fd) || errno != ENOTTY)
		r = fail("isatty(/dev/null): not 0 with ENOTTY");
	else if (ttyname(fd) || errno != ENOTTY)
		r = fail("ttyname(/dev/null): not NULL with ENOTTY");
	close(fd);
	if (r)
		return r;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return fail("/dev/console: %s", strerror(errno));
	char *n = ttyname(fd);
	if (!isatty(fd))
		r = fail("isatty(/dev/console) is 0");
	else if (!n || strcmp(n, "/dev/console") != 0)
		r = fail("ttyname(/dev/console) = %s", n ? n : strerror(errno));
	else if (ttyname_r(fd, name, 4) != ERANGE)
		r = fail("ttyname_r into 4 bytes: not ERANGE");
	else if (ttyname_r(fd, name, sizeof name) != 0 || strcmp(name, "/dev/console") != 0)
		r = fail("ttyname_r: '%s'", name);
	else if (ttyname(99) || errno != EBADF)
		r = fail("ttyname(99): not EBADF");
	close(fd);
	return r;
}

/* Files are in memory: fsync has nothing to flush, but still checks the
 * descriptor. */
int test_fsync(void)
{
	int fd = open("/tmp/libctest-fsync", O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0)
		return fail("open: %s", strerror(errno));
	int r = write(fd, "x", 1) == 1 && fsync(fd) == 0 && fdatasync(fd) == 0
	            ? 0
	            : fail("fsync: %s", strerror(errno));
	close(fd);
	unlink("/tmp/libctest-fsync");
	if (r == 0)
		r = expect_errno(fsync(99), EBADF, "fsync(99)");
	return r;
}
