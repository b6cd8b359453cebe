/* The writable file system (/tmp, /home, and the initrd's tree under its
 * overlay): files and directories made, written, renamed and removed; the
 * errors, each of which changes nothing; the charging rule: a file's pages
 * are its writer's, and pass to the parent when the writer ends; and the
 * overlay's copy-ups and whiteouts. The buffers are static so that the exact
 * tests touch no new stack page. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

static char buf[4096];

static unsigned char pattern(long at)
{
	return (unsigned char)(at * 7 + at / 4096);
}

/* Writes len bytes of s to a new (or truncated) file. 0 or fail(). */
static int put(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fail("create %s: %s", path, strerror(errno));
	ssize_t n = write(fd, s, len);
	close(fd);
	return n == (ssize_t)len ? 0 : fail("write %s: %zd of %zu", path, n, len);
}

/* Requires the file to hold exactly s. */
static int holds(const char *path, const char *s)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return fail("read %s: %s", path, strerror(errno));
	buf[n] = 0;
	return strcmp(buf, s) == 0 ? 0 : fail("%s holds \"%s\", expected \"%s\"", path, buf, s);
}

static int gone(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 || errno != ENOENT)
		return fail("%s still exists (or %s)", path, strerror(errno));
	return 0;
}

void warm_book(int pages)
{
	int fd = open("/tmp/.warm", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	for (int i = 0; fd >= 0 && i < pages; i++)
		write(fd, buf, sizeof buf);
	close(fd);
	unlink("/tmp/.warm");
}

int test_fs_write_read(void)
{
	struct stat st;
	unlink("/tmp/pxt");
	int fd = open("/tmp/pxt", O_CREAT | O_EXCL | O_WRONLY, 0640);
	if (fd < 0)
		return fail("create: %s", strerror(errno));
	if (write(fd, "hello", 5) != 5)
		return fail("write: %s", strerror(errno));
	close(fd);
	if (stat("/tmp/pxt", &st) < 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0777) != 0640 ||
	    st.st_size != 5)
		return fail("stat: mode %o size %ld", (unsigned)st.st_mode, (long)st.st_size);
	fd = open("/tmp/pxt", O_WRONLY | O_APPEND);
	if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0 || write(fd, " world", 6) != 6)
		return fail("append: %s", strerror(errno));
	close(fd);
	if (holds("/tmp/pxt", "hello world") < 0)
		return -1;
	fd = open("/tmp/pxt", O_RDWR);
	if (fd < 0 || lseek(fd, 0, SEEK_END) != 11 || lseek(fd, 6, SEEK_SET) != 6 ||
	    write(fd, "W", 1) != 1)
		return fail("overwrite: %s", strerror(errno));
	close(fd);
	if (holds("/tmp/pxt", "hello World") < 0)
		return -1;
	fd = open("/tmp/pxt", O_WRONLY | O_TRUNC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size != 0)
		return fail("O_TRUNC left %ld bytes", (long)st.st_size);
	close(fd);
	if (unlink("/tmp/pxt") < 0)
		return fail("unlink: %s", strerror(errno));
	return gone("/tmp/pxt");
}

/* Writes `pages` pages of the pattern at 0 through fd. */
static int write_pattern(int fd, int pages)
{
	for (int p = 0; p < pages; p++) {
		for (int i = 0; i < 4096; i++)
			buf[i] = (char)pattern(p * 4096L + i);
		if (write(fd, buf, 4096) != 4096)
			return fail("write page %d: %s", p, strerror(errno));
	}
	return 0;
}

static int check_range(int fd, long at, long len, bool zeros)
{
	if (lseek(fd, at, SEEK_SET) != at)
		return fail("lseek %ld: %s", at, strerror(errno));
	for (long done = 0; done < len;) {
		long n = len - done < 4096 ? len - done : 4096;
		if (read(fd, buf, (size_t)n) != n)
			return fail("read at %ld: %s", at + done, strerror(errno));
		for (long i = 0; i < n; i++) {
			unsigned char w = zeros ? 0 : pattern(at + done + i);
			if ((unsigned char)buf[i] != w)
				return fail("byte %ld is %#x, expected %#x", at + done + i,
				            (unsigned char)buf[i], w);
		}
		done += n;
	}
	return 0;
}

int test_fs_large_file(void)
{
	struct px_budget_info b0, b1;
	struct stat st;
	if (budget_read(&b0) < 0)
		return -1;
	int fd = open("/tmp/large", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return fail("create: %s", strerror(errno));
	int r = write_pattern(fd, 5);
	if (!r && budget_read(&b1) == 0 && b1.used_frames != b0.used_frames + 5 * 4096)
		r = fail("5 pages written cost %lu bytes of frames",
		         b1.used_frames - b0.used_frames);
	if (!r)
		r = check_range(fd, 0, 5 * 4096, false);
	/* A hole reads as zeros and costs nothing. */
	if (!r && (lseek(fd, 100000, SEEK_SET) != 100000 || write(fd, "z", 1) != 1))
		r = fail("write past the end: %s", strerror(errno));
	if (!r && (fstat(fd, &st) < 0 || st.st_size != 100001))
		r = fail("size %ld after writing at 100000", (long)st.st_size);
	if (!r)
		r = check_range(fd, 50000, 4096, true);
	if (!r && (ftruncate(fd, 5000) < 0 || fstat(fd, &st) < 0 || st.st_size != 5000))
		r = fail("ftruncate to 5000: %s, size %ld", strerror(errno), (long)st.st_size);
	if (!r)
		r = check_range(fd, 4000, 1000, false);
	/* Growing again shows zeros where the cut bytes were. */
	if (!r && ftruncate(fd, 9000) < 0)
		r = fail("ftruncate to 9000: %s", strerror(errno));
	if (!r)
		r = check_range(fd, 5000, 4000, true);
	if (!r && (lseek(fd, 4L << 20, SEEK_SET) < 0 || write(fd, "x", 1) != -1 || errno != EFBIG))
		r = fail("a write at 4 MiB: %s, expected EFBIG", strerror(errno));
	close(fd);
	if (unlink("/tmp/large") < 0)
		return fail("unlink: %s", strerror(errno));
	return r;
}

/* Each error must leave the tree as it was: checked at the end. */
static int write_errors(void)
{
	int fd;
	if (expect_errno(open("/tmp/e/f", O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST,
	                 "O_EXCL of a file") < 0 ||
	    expect_errno(open("/tmp/e/f/x", O_CREAT | O_WRONLY, 0600), ENOTDIR,
	                 "create under a file") < 0 ||
	    expect_errno(open("/tmp/e", O_WRONLY), EISDIR, "open a directory to write") < 0 ||
	    expect_errno(unlink("/tmp/e"), EISDIR, "unlink a directory") < 0 ||
	    expect_errno(open("/proc/new", O_CREAT | O_WRONLY, 0600), EROFS, "create in /proc") <
	        0 ||
	    expect_errno(open("/proc/meminfo", O_WRONLY), EROFS, "open /proc/meminfo to write") <
	        0 ||
	    expect_errno(unlink("/proc/meminfo"), EROFS, "unlink /proc/meminfo") < 0 ||
	    expect_errno(unlink("/dev/null"), EROFS, "unlink /dev/null") < 0 ||
	    expect_errno(mkdir("/dev/x", 0700), EROFS, "mkdir in /dev") < 0 ||
	    expect_errno(mkdir("/proc/x", 0700), EROFS, "mkdir in /proc") < 0 ||
	    expect_errno(rmdir("/dev"), EBUSY, "rmdir /dev") < 0 ||
	    expect_errno(rmdir("/proc"), EBUSY, "rmdir /proc") < 0 ||
	    expect_errno(rmdir("/etc"), ENOTEMPTY, "rmdir /etc") < 0 ||
	    expect_errno(rename("/bin", "/tmp/bin"), EXDEV, "rename an initrd directory") < 0 ||
	    expect_errno(open("/tmp/none/x", O_CREAT | O_WRONLY, 0600), ENOENT,
	                 "create in a missing directory") < 0 ||
	    expect_errno(mkdir("/tmp/e", 0700), EEXIST, "mkdir of a directory") < 0 ||
	    expect_errno(mkdir("/tmp/e/f/g", 0700), ENOTDIR, "mkdir under a file") < 0 ||
	    expect_errno(rmdir("/tmp/e"), ENOTEMPTY, "rmdir of a full directory") < 0 ||
	    expect_errno(rmdir("/tmp"), EBUSY, "rmdir of a mount point") < 0 ||
	    expect_errno(rmdir("/tmp/e/f"), ENOTDIR, "rmdir of a file") < 0 ||
	    expect_errno(rmdir("/tmp/none"), ENOENT, "rmdir of nothing") < 0 ||
	    expect_errno(rename("/tmp/e/f", "/dev/f"), EXDEV, "rename to /dev") < 0 ||
	    expect_errno(rename("/tmp/e", "/tmp/e/sub"), EINVAL, "rename into itself") < 0 ||
	    expect_errno(rename("/tmp/none", "/tmp/x"), ENOENT, "rename of nothing") < 0 ||
	    expect_errno(rename("/tmp/e/f", "/tmp/d2"), EISDIR, "rename a file over a dir") < 0 ||
	    expect_errno(rename("/tmp/d2", "/tmp/e/f"), ENOTDIR, "rename a dir over a file") < 0 ||
	    expect_errno(rename("/dev/null", "/tmp/null"), EROFS, "rename from /dev") < 0)
		return -1;
	memset(buf, 'n', 300);
	memcpy(buf, "/tmp/", 5);
	buf[300] = 0;
	if (expect_errno(open(buf, O_CREAT | O_WRONLY, 0600), ENAMETOOLONG, "a 295-byte name") < 0)
		return -1;
	fd = open("/tmp/e/f", O_RDONLY);
	if (fd < 0)
		return fail("open: %s", strerror(errno));
	int r = expect_errno((int)write(fd, "x", 1), EBADF, "write a read-only descriptor");
	if (!r)
		r = expect_errno(ftruncate(fd, 0), EINVAL, "ftruncate a read-only descriptor");
	close(fd);
	fd = open("/tmp/e/f", O_WRONLY);
	if (!r && fd >= 0)
		r = expect_errno((int)read(fd, buf, 1), EBADF, "read a write-only descriptor");
	close(fd);
	return r;
}

int test_fs_write_errors(void)
{
	if (mkdir("/tmp/e", 0700) < 0 || mkdir("/tmp/d2", 0700) < 0)
		return fail("mkdir: %s", strerror(errno));
	int r = put("/tmp/e/f", "keep", 4);
	if (!r)
		r = write_errors();
	if (!r)
		r = holds("/tmp/e/f", "keep");
	unlink("/tmp/e/f");
	if (rmdir("/tmp/e") < 0 || rmdir("/tmp/d2") < 0)
		return fail("rmdir: %s", strerror(errno));
	return r;
}

/* Requires directory dir to list exactly the names in `names` (space
 * separated, in any order) besides . and .. */
static int lists(const char *dir, const char *names)
{
	DIR *d = opendir(dir);
	if (!d)
		return fail("opendir %s: %s", dir, strerror(errno));
	struct dirent *e;
	int count = 0, expected = 0, r = 0;
	for (const char *s = names; *s; s++)
		expected += (s == names || s[-1] == ' ') && *s != ' ';
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		count++;
		size_t n = strlen(e->d_name);
		const char *at = strstr(names, e->d_name);
		if (!at || (at != names && at[-1] != ' ') || (at[n] && at[n] != ' '))
			r = fail("%s lists %s, expected only \"%s\"", dir, e->d_name, names);
	}
	closedir(d);
	if (!r && count != expected)
		r = fail("%s lists %d entries, expected \"%s\"", dir, count, names);
	return r;
}

int test_fs_tree(void)
{
	char cwd[64];
	if (mkdir("/home/t", 0755) < 0 || mkdir("/home/t/a", 0755) < 0)
		return fail("mkdir: %s", strerror(errno));
	if (put("/home/t/a/x", "x", 1) < 0 || put("/home/t/y", "y", 1) < 0 ||
	    lists("/home/t", "a y") < 0 || lists("/home", "t") < 0)
		return -1;
	if (rename("/home/t/a", "/home/t/b") < 0)
		return fail("rename a directory: %s", strerror(errno));
	if (holds("/home/t/b/x", "x") < 0 || gone("/home/t/a") < 0)
		return -1;
	/* Over an existing file: it is replaced. */
	if (rename("/home/t/y", "/home/t/b/x") < 0)
		return fail("rename over a file: %s", strerror(errno));
	if (holds("/home/t/b/x", "y") < 0 || lists("/home/t", "b") < 0)
		return -1;
	if (chdir("/home/t/b") < 0 || !getcwd(cwd, sizeof cwd) || strcmp(cwd, "/home/t/b") != 0)
		return fail("chdir into tmpfs: %s", strerror(errno));
	int r = holds("x", "y");
	if (!r && rename("x", "../z") < 0)
		r = fail("relative rename: %s", strerror(errno));
	chdir("/");
	if (!r)
		r = lists("/home/t", "b z");
	if (unlink("/home/t/z") < 0 || rmdir("/home/t/b") < 0 || rmdir("/home/t") < 0)
		return fail("cleaning up: %s", strerror(errno));
	return r ? r : lists("/home", "");
}

int test_fs_unlinked_open(void)
{
	int fd = open("/tmp/ghost", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return fail("create: %s", strerror(errno));
	int r = 0;
	if (write(fd, "boo", 3) != 3 || unlink("/tmp/ghost") < 0)
		r = fail("write, unlink: %s", strerror(errno));
	if (!r)
		r = gone("/tmp/ghost");
	/* Still there for the descriptor. */
	if (!r && (write(fd, "!", 1) != 1 || lseek(fd, 0, SEEK_SET) != 0 ||
	           read(fd, buf, sizeof buf) != 4 || memcmp(buf, "boo!", 4) != 0))
		r = fail("the open, unlinked file: %s", strerror(errno));
	close(fd);
	return r;
}

static int make_child_file(long bytes)
{
	int fd = open("/tmp/inherit", O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0)
		return 10;
	for (long done = 0; done < bytes;) {
		long n = bytes - done < 4096 ? bytes - done : 4096;
		memset(buf, 'c', (size_t)n);
		if (write(fd, buf, (size_t)n) != n)
			return 11;
		done += n;
	}
	return 0;
}

/* A child's file passes to the parent's budget when the child ends; the
 * parent pays for every page of it from then on, and unlinking gives every
 * byte back. */
int test_fs_file_charges(void)
{
	struct px_budget_info b0, b1, b2;
	struct stat st;
	if (budget_read(&b0) < 0)
		return -1;
	if (expect_exit(spawn(make_child_file, 10000), 0) < 0)
		return -1;
	if (budget_read(&b1) < 0)
		return -1;
	if (b1.files != b0.files + 4 * 4096)
		return fail("the parent pays for %lu bytes of files more, expected 16384",
		            b1.files - b0.files);
	if (b1.used_records != b0.used_records + 4096 ||
	    b1.used_frames != b0.used_frames + 3 * 4096)
		return fail(
		    "a child's 10000-byte file cost the parent %lu bytes of records and %lu "
		    "of frames, expected 4096 and 12288",
		    b1.used_records - b0.used_records, b1.used_frames - b0.used_frames);
	/* A second child appends a page and a half: one new page. */
	if (expect_exit(spawn(make_child_file, 5000), 0) < 0 || budget_read(&b2) < 0)
		return -1;
	if (b2.used_frames != b1.used_frames + 4096)
		return fail("appending 5000 bytes cost %lu bytes of frames, expected 4096",
		            b2.used_frames - b1.used_frames);
	if (stat("/tmp/inherit", &st) < 0 || st.st_size != 15000)
		return fail("the file has %ld bytes, expected 15000", (long)st.st_size);
	if (unlink("/tmp/inherit") < 0)
		return fail("unlink: %s", strerror(errno));
	return 0;
}

/* Fills a small budget with a file: the write that finds no room fails
 * with ENOSPC, and the child reports how much it wrote in its status. */
static int fill_budget(long unused)
{
	(void)unused;
	int fd = open("/tmp/full", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 200;
	memset(buf, 'f', sizeof buf);
	long pages = 0;
	ssize_t n;
	while ((n = write(fd, buf, sizeof buf)) == (ssize_t)sizeof buf)
		pages++;
	if (n >= 0 || errno != ENOSPC)
		return 201;
	return pages > 0 && pages < 100 ? (int)pages : 202;
}

int test_fs_enospc(void)
{
	struct stat st;
	int status;
	pid_t pid = spawn_budget(256 << 10, fill_budget, 0);
	if (reap(pid, &status) < 0)
		return -1;
	int pages = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (pages <= 0 || pages >= 100)
		return fail("the child filling its budget ended with status %#x", status);
	/* Its file is the parent's now, every page of it. */
	if (stat("/tmp/full", &st) < 0 || st.st_size != pages * 4096L)
		return fail("the file has %ld bytes, the child wrote %d pages", (long)st.st_size,
		            pages);
	if (unlink("/tmp/full") < 0)
		return fail("unlink: %s", strerror(errno));
	return 0;
}

/* ---- the overlay: the initrd's tree is writable too ------------------------- */

/* Whether the file holds exactly s (no failure recorded). The tests that
 * change the initrd's entries check their costs only when the fixtures
 * are as the initrd has them: the changes (copies, whiteouts) stay until
 * the next boot. */
static bool contains(const char *path, const char *s)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = 0;
	return strcmp(buf, s) == 0;
}

/* Requires the budget's records and frames to have grown by exactly
 * `records` and `frames` bytes since *b0. */
static int costs(const struct px_budget_info *b0, long records, long frames, const char *what)
{
	struct px_budget_info b1;
	if (budget_read(&b1) < 0)
		return -1;
	long r = (long)(b1.used_records - b0->used_records),
	     f = (long)(b1.used_frames - b0->used_frames);
	if (r != records || f != frames)
		return fail("%s cost %ld bytes of records and %ld of frames, expected %ld and %ld",
		            what, r, f, records, frames);
	return 0;
}

/* New files and directories in the initrd's directories and the root:
 * each costs its maker a node page; renamed between them and tmpfs; all
 * removed, every byte comes back (exact). */
int test_fs_overlay_new(void)
{
	struct px_budget_info b0;
	if (budget_read(&b0) < 0)
		return -1;
	if (put("/etc/pxt-new", "new in etc", 10) < 0 || holds("/etc/pxt-new", "new in etc") < 0 ||
	    costs(&b0, 4096, 0, "a file in /etc") < 0)
		return -1;
	if (mkdir("/bin/pxt-d", 0755) < 0 || mkdir("/pxt-root", 0755) < 0)
		return fail("mkdir in /bin and /: %s", strerror(errno));
	int r = put("/bin/pxt-d/f", "f", 1);
	/* Between an initrd directory, a new one, tmpfs and the root. */
	if (!r &&
	    (rename("/bin/pxt-d/f", "/etc/pxt-f") < 0 || rename("/etc/pxt-f", "/tmp/pxt-f") < 0 ||
	     rename("/tmp/pxt-f", "/pxt-root/f") < 0 || rename("/etc/pxt-new", "/bin/pxt-new") < 0))
		r = fail("rename: %s", strerror(errno));
	if (!r)
		r = holds("/pxt-root/f", "f");
	if (!r)
		r = holds("/bin/pxt-new", "new in etc");
	if (!r)
		r = gone("/etc/pxt-new");
	if (!r)
		r = costs(&b0, 4 * 4096, 0, "two files and two directories");
	unlink("/pxt-root/f");
	unlink("/bin/pxt-new");
	if (rmdir("/bin/pxt-d") < 0 || rmdir("/pxt-root") < 0)
		return fail("rmdir: %s", strerror(errno));
	return r ? r : costs(&b0, 0, 0, "all of them removed");
}

/* Listings merge the initrd's entries with the new ones. */
int test_fs_overlay_listing(void)
{
	if (put("/etc/pxt-l", "l", 1) < 0 || mkdir("/pxt-l", 0700) < 0)
		return fail("making them: %s", strerror(errno));
	int r = lists("/etc", "group motd passwd pxt-l");
	if (!r)
		r = lists("/", "bin dev etc home proc sbin test tmp pxt-l");
	unlink("/etc/pxt-l");
	rmdir("/pxt-l");
	if (!r)
		r = lists("/etc", "group motd passwd");
	return r;
}

static int sees_size(long size)
{
	struct stat st;
	return stat("/etc/motd", &st) == 0 && st.st_size == size ? 0 : 1;
}

static int sees_copy(long unused)
{
	(void)unused;
	return contains("/test/ovl/copy", "COPY me\n") ? 0 : 1;
}

/* A process whose budget is full: a copy-up that finds no room fails with
 * ENOSPC and leaves the initrd's file in place. */
static int copy_up_full(long unused)
{
	(void)unused;
	int r = fill_budget(0);
	if (r <= 0 || r >= 100)
		return 100;
	if (open("/test/ovl/copy", O_WRONLY) != -1 || errno != ENOSPC)
		return 101;
	return contains("/test/ovl/copy", "copy me\n") ? 0 : 102;
}

/* The first time in a boot: a copy-up costs the opener one node page, and
 * none if its budget is full (ENOSPC, nothing changed). */
static int copy_up_costs(void)
{
	struct px_budget_info b0;
	if (!contains("/test/ovl/copy", "copy me\n"))
		return 0; /* copied earlier in this boot */
	if (expect_exit(spawn_budget(256 << 10, copy_up_full, 0), 0) < 0)
		return -1;
	unlink("/tmp/full");
	if (budget_read(&b0) < 0)
		return -1;
	int fd = open("/test/ovl/copy", O_RDWR);
	int r = fd < 0 || write(fd, "COPY", 4) != 4 ? fail("writing: %s", strerror(errno)) : 0;
	close(fd);
	if (!r)
		r = costs(&b0, 4096, 0, "a copy-up");
	if (!r)
		r = holds("/test/ovl/copy", "COPY me\n");
	return r ? r : expect_exit(spawn(sees_copy, 0), 0);
}

/* Opening an initrd file to write copies it up: everyone sees the copy;
 * a description opened before reads the initrd's bytes still. /etc/motd
 * is written back as it was. */
int test_fs_overlay_copy_up(void)
{
	static char orig[256], both[300];
	struct stat st;
	if (copy_up_costs() < 0)
		return -1;
	int before = open("/etc/motd", O_RDONLY);
	ssize_t n = before < 0 ? -1 : read(before, orig, sizeof orig - 1);
	if (n <= 0)
		return fail("reading /etc/motd: %s", strerror(errno));
	orig[n] = 0;
	int fd = open("/etc/motd", O_WRONLY | O_APPEND);
	int r = fd < 0 || write(fd, "more\n", 5) != 5 ? fail("appending: %s", strerror(errno)) : 0;
	close(fd);
	snprintf(both, sizeof both, "%smore\n", orig);
	if (!r)
		r = holds("/etc/motd", both);
	if (!r && expect_exit(spawn(sees_size, n + 5), 0) < 0)
		r = -1;
	/* The description opened before the first copy-up names the
	 * initrd's bytes (after it, the copy's: either way these). */
	if (!r && (lseek(before, 0, SEEK_SET) != 0 || read(before, buf, sizeof buf) < n ||
	           memcmp(buf, orig, (size_t)n) != 0))
		r = fail("the description opened before: %s", strerror(errno));
	close(before);
	/* ftruncate works on the copy: back to the initrd's bytes. */
	fd = open("/etc/motd", O_RDWR);
	if (!r && (fd < 0 || ftruncate(fd, n) < 0 || fstat(fd, &st) < 0 || st.st_size != n))
		r = fail("ftruncate of the copy: %s", strerror(errno));
	close(fd);
	if (!r)
		r = holds("/etc/motd", orig);
	return r;
}

/* Removing and renaming initrd entries: a whiteout (a node page of the
 * caller's) hides each; making the name again replaces it. The fixtures
 * are tests/qemu/initrd/test/ovl. */
int test_fs_overlay_whiteout(void)
{
	struct px_budget_info b0;
	if (!contains("/test/ovl/gone", "gone\n") || !contains("/test/ovl/dir/x", "x\n")) {
		printf("pxtest: fs_overlay_whiteout: /test/ovl was changed earlier in this boot; "
		       "not run\n");
		return 0;
	}
	int r = lists("/test/ovl", "README copy dir gone moved");
	if (!r && budget_read(&b0) < 0)
		return -1;
	if (!r && unlink("/test/ovl/gone") < 0)
		r = fail("unlink an initrd file: %s", strerror(errno));
	if (!r)
		r = gone("/test/ovl/gone");
	if (!r && (open("/test/ovl/gone", O_RDONLY) != -1 || errno != ENOENT))
		r = fail("open of a removed initrd file: %s", strerror(errno));
	if (!r)
		r = costs(&b0, 4096, 0, "a whiteout");
	if (!r)
		r = lists("/test/ovl", "README copy dir moved");
	/* Made again: the new file replaces the whiteout (its page for the
	 * whiteout's). */
	if (!r)
		r = put("/test/ovl/gone", "back", 4);
	if (!r)
		r = holds("/test/ovl/gone", "back");
	if (!r)
		r = costs(&b0, 4096, 0, "a file in place of a whiteout");
	/* Renamed: copied to the new name, a whiteout at the old one. */
	if (!r && rename("/test/ovl/moved", "/tmp/pxt-moved") < 0)
		r = fail("rename an initrd file: %s", strerror(errno));
	if (!r)
		r = holds("/tmp/pxt-moved", "moved\n");
	if (!r)
		r = gone("/test/ovl/moved");
	if (!r)
		r = costs(&b0, 3 * 4096, 0, "a rename out of the initrd (copy and whiteout)");
	if (!r && rename("/tmp/pxt-moved", "/test/ovl/moved") < 0)
		r = fail("rename back: %s", strerror(errno));
	if (!r)
		r = holds("/test/ovl/moved", "moved\n");
	if (!r)
		r = costs(&b0, 2 * 4096, 0, "a rename back over the whiteout");
	/* A directory: removed once empty as listed, then made again empty. */
	if (!r)
		r = expect_errno(rmdir("/test/ovl/dir"), ENOTEMPTY, "rmdir of a full initrd dir");
	if (!r)
		r = expect_errno(rename("/test/ovl/dir", "/tmp/pxt-dir"), EXDEV,
		                 "rename of an initrd dir");
	if (!r && (unlink("/test/ovl/dir/x") < 0 || rmdir("/test/ovl/dir") < 0))
		r = fail("emptying and removing an initrd dir: %s", strerror(errno));
	if (!r)
		r = costs(&b0, 3 * 4096, 0, "an initrd dir removed (its whiteout)");
	if (!r && mkdir("/test/ovl/dir", 0700) < 0)
		r = fail("mkdir again: %s", strerror(errno));
	if (!r)
		r = lists("/test/ovl/dir", "");
	if (!r)
		r = lists("/test/ovl", "README copy dir gone moved");
	return r;
}

static int exec_errno(long path)
{
	char *argv[] = { (char *)path, NULL };
	execv((const char *)path, argv);
	return errno;
}

/* Copies the first `limit` bytes of from into a new file `to` of mode. */
static int copy_file(const char *from, const char *to, mode_t mode, size_t limit)
{
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ssize_t n;
	size_t done = 0;
	int r = in < 0 || out < 0 ? fail("open %s, %s: %s", from, to, strerror(errno)) : 0;
	while (!r && done < limit && (n = read(in, buf, sizeof buf)) > 0) {
		if ((size_t)n > limit - done)
			n = (ssize_t)(limit - done);
		if (write(out, buf, (size_t)n) != n)
			r = fail("copying: %s", strerror(errno));
		done += (size_t)n;
	}
	close(in);
	close(out);
	return r;
}

/* Runs path in a child: its exit status must be 42. */
static int runs_42(const char *path)
{
	return expect_exit(spawn(exec_errno, (long)path), 42);
}

static int exec_sleep(long path)
{
	char *argv[] = { (char *)path, "5", NULL };
	execv((const char *)path, argv);
	return errno;
}

/* Runs `path 5` (a sleep) in a child and, once it sleeps, gives the
 * frames its budget holds; then kills it. */
static int sleep_frames(const char *path, size_t *frames)
{
	struct px_budget_info info;
	const char *base = strrchr(path, '/') + 1;
	pid_t pid = spawn(exec_sleep, (long)path);
	int r = pid < 0 ? fail("spawn %s: %s", path, strerror(errno)) : 0;
	/* The name changes when exec commits; then it reaches nanosleep. */
	for (int i = 0; !r; i++) {
		if (rn_budget_info(pid, &info) < 0)
			r = fail("budget of %d: %s", (int)pid, strerror(errno));
		else if (strncmp(info.name, base, sizeof info.name - 1) == 0)
			break;
		else if (i == 200)
			r = fail("%s did not start: name %s", path, info.name);
		else
			usleep(10000);
	}
	usleep(50000);
	if (!r && rn_budget_info(pid, &info) < 0)
		r = fail("budget of %d: %s", (int)pid, strerror(errno));
	*frames = info.used_frames;
	if (pid > 0) {
		kill(pid, SIGKILL);
		int status, reaped = reap(pid, &status);
		if (!r)
			r = reaped;
	}
	return r;
}

/* exec runs a program copied into memory: its text is copied into the
 * process's budget (an initrd program's is shared, so the copy holds more
 * frames); a copy without an execute bit is refused (EACCES), a truncated
 * one is not a program (ENOEXEC), nor is a directory (EACCES). An initrd
 * program copied up in place runs as the copy. */
int test_fs_overlay_exec(void)
{
	size_t shared = 0, copied = 0;
	int r = copy_file("/bin/exit42", "/tmp/pxt-exit42", 0755, SIZE_MAX);
	if (!r)
		r = runs_42("/tmp/pxt-exit42");
	if (!r && chmod("/tmp/pxt-exit42", 0644) < 0)
		r = fail("chmod: %s", strerror(errno));
	if (!r)
		r = expect_exit(spawn(exec_errno, (long)"/tmp/pxt-exit42"), EACCES);
	unlink("/tmp/pxt-exit42"); /* O_CREAT keeps an old file's mode */
	if (!r)
		r = copy_file("/bin/exit42", "/tmp/pxt-exit42", 0755, 2000);
	if (!r)
		r = expect_exit(spawn(exec_errno, (long)"/tmp/pxt-exit42"), ENOEXEC);
	unlink("/tmp/pxt-exit42");
	if (!r)
		r = expect_exit(spawn(exec_errno, (long)"/tmp"), EACCES);
	if (!r)
		r = copy_file("/bin/sleep", "/tmp/pxt-sleep", 0755, SIZE_MAX);
	if (!r)
		r = sleep_frames("/bin/sleep", &shared);
	if (!r)
		r = sleep_frames("/tmp/pxt-sleep", &copied);
	if (!r && copied < shared + 4 * 4096)
		r = fail("%zu bytes of frames from tmpfs, %zu shared: the text was not charged",
		         copied, shared);
	unlink("/tmp/pxt-sleep");
	int fd = open("/test/exit42", O_WRONLY | O_APPEND);
	if (!r && fd < 0)
		r = fail("open /test/exit42 to write: %s", strerror(errno));
	close(fd);
	if (!r)
		r = runs_42("/test/exit42");
	return r;
}

/* chmod sets a node's permission bits and nothing else; /proc refuses;
 * a script in memory is not a program (ENOEXEC, for a shell to run it). */
int test_fs_chmod(void)
{
	struct stat st;
	if (put("/tmp/m.sh", "echo hi\n", 8) < 0)
		return -1;
	int r = 0;
	if (chmod("/tmp/m.sh", 0751) < 0 || stat("/tmp/m.sh", &st) < 0 ||
	    (st.st_mode & 07777) != 0751 || !S_ISREG(st.st_mode) || st.st_size != 8)
		r = fail("chmod 751: %s, mode %o", strerror(errno), (unsigned)st.st_mode);
	if (!r)
		r = expect_errno(chmod("/proc/meminfo", 0600), EROFS, "chmod in /proc");
	if (!r)
		r = expect_errno(chmod("/tmp/none", 0600), ENOENT, "chmod of nothing");
	if (!r)
		r = expect_exit(spawn(exec_errno, (long)"/tmp/m.sh"), ENOEXEC);
	unlink("/tmp/m.sh");
	return r;
}
