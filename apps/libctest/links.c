/* Hard and symbolic links through the C library: link, symlink, readlink,
 * lstat, realpath, readdir's d_type, O_NOFOLLOW. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syslimits.h>
#include <unistd.h>
#include "libctest.h"

#define DIR_ "/tmp/libctest-links"

static void clean(void)
{
	static const char *names[] = { "a", "b", "s", "d", "dir", "sub/f", "up", "l1", "l2" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[64] = DIR_ "/";
		strcat(path, names[i]);
		unlink(path);
	}
	rmdir(DIR_ "/sub");
	rmdir(DIR_);
}

static int set_up(void)
{
	clean();
	if (mkdir(DIR_, 0777) < 0 || mkdir(DIR_ "/sub", 0777) < 0)
		return fail("set-up: %s", strerror(errno));
	int fd = open(DIR_ "/a", O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || write(fd, "abc", 3) != 3 || close(fd) < 0)
		return fail("set-up: %s", strerror(errno));
	return 0;
}

static long nlink_of(const char *path)
{
	struct stat st;
	return stat(path, &st) < 0 ? -1 : (long)st.st_nlink;
}

int test_hard_links(void)
{
	struct stat a, b;
	int r = set_up();

	if (r == 0 && link(DIR_ "/a", DIR_ "/b") < 0)
		r = fail("link: %s", strerror(errno));
	if (r == 0 && (stat(DIR_ "/a", &a) < 0 || stat(DIR_ "/b", &b) < 0 || a.st_ino != b.st_ino ||
	               a.st_nlink != 2 || b.st_size != 3))
		r = fail("two names, one file: ino %lu/%lu nlink %lu", (unsigned long)a.st_ino,
		         (unsigned long)b.st_ino, (unsigned long)a.st_nlink);
	if (r == 0 && (expect_errno(link(DIR_ "/a", DIR_ "/b"), EEXIST, "link onto a name") < 0 ||
	               expect_errno(link(DIR_ "/sub", DIR_ "/d"), EPERM, "link a directory") < 0 ||
	               expect_errno(link(DIR_ "/none", DIR_ "/d"), ENOENT, "link nothing") < 0 ||
	               expect_errno(link(DIR_ "/a", DIR_ "/none/d"), ENOENT, "link into nothing") < 0 ||
	               expect_errno(link("/dev/null", DIR_ "/d"), EXDEV, "link /dev/null") < 0 ||
	               expect_errno(link(DIR_ "/a", (const char *)-1), EFAULT, "link to -1") < 0))
		r = -1;
	/* rename of one name onto another of the same file does nothing. */
	if (r == 0 && (rename(DIR_ "/a", DIR_ "/b") < 0 || nlink_of(DIR_ "/a") != 2))
		r = fail("rename a onto b: a is gone or the count changed");
	int fd = r == 0 ? open(DIR_ "/b", O_RDONLY) : -1;
	if (r == 0 && (unlink(DIR_ "/a") < 0 || nlink_of(DIR_ "/b") != 1))
		r = fail("unlink of one name: %s", strerror(errno));
	if (r == 0 && unlink(DIR_ "/b") < 0)
		r = fail("unlink of the last name: %s", strerror(errno));
	char buf[4] = "";
	if (r == 0 && (fstat(fd, &a) < 0 || a.st_nlink != 0 || read(fd, buf, 3) != 3 ||
	               memcmp(buf, "abc", 3) != 0))
		r = fail("an open file with no name left: nlink %lu, read '%s'",
		         (unsigned long)a.st_nlink, buf);
	if (fd >= 0)
		close(fd);
	clean();
	return r;
}

/* path must lead to want (realpath), and readlink of link give target. */
static int expect_link(const char *link, const char *target)
{
	char out[PATH_MAX];
	ssize_t n = readlink(link, out, sizeof out);
	if (n < 0)
		return fail("readlink(%s): %s", link, strerror(errno));
	if ((size_t)n != strlen(target) || memcmp(out, target, (size_t)n) != 0)
		return fail("readlink(%s) = '%.*s', expected '%s'", link, (int)n, out, target);
	return 0;
}

int test_symbolic_links(void)
{
	struct stat st;
	char out[PATH_MAX];
	int r = set_up();

	if (r == 0 && (symlink("a", DIR_ "/s") < 0 || symlink("sub", DIR_ "/dir") < 0 ||
	               symlink("../a", DIR_ "/sub/f") < 0 || symlink("none", DIR_ "/d") < 0 ||
	               symlink("/tmp", DIR_ "/up") < 0))
		r = fail("symlink: %s", strerror(errno));
	if (r == 0 && (expect_link(DIR_ "/s", "a") < 0 || expect_link(DIR_ "/sub/f", "../a") < 0))
		r = -1;
	if (r == 0 && (lstat(DIR_ "/s", &st) < 0 || !S_ISLNK(st.st_mode) || st.st_size != 1))
		r = fail("lstat of a link: mode %o size %ld", (unsigned)st.st_mode, (long)st.st_size);
	if (r == 0 && (stat(DIR_ "/dir/f", &st) < 0 || !S_ISREG(st.st_mode) || st.st_size != 3))
		r = fail("stat through two links: %s", strerror(errno));
	if (r == 0 && (!realpath(DIR_ "/dir/f", out) || strcmp(out, DIR_ "/a") != 0))
		r = fail("realpath(dir/f) = %s", out);
	if (r == 0 && (!realpath(DIR_ "/up/libctest-links/dir/..", out) || strcmp(out, DIR_) != 0))
		r = fail("realpath(up/.../dir/..) = %s", out);
	if (r == 0 && (chdir(DIR_ "/dir") < 0 || !getcwd(out, sizeof out) ||
	               strcmp(out, DIR_ "/sub") != 0))
		r = fail("chdir through a link: getcwd %s", out);
	chdir("/");
	if (r == 0 && readlink(DIR_ "/s", out, 0) != 0)
		r = fail("readlink into 0 bytes");
	if (r == 0 && (expect_errno(stat(DIR_ "/d", &st), ENOENT, "stat of a dangling link") < 0 ||
	               expect_errno(readlink(DIR_ "/a", out, sizeof out), EINVAL,
	                            "readlink of a file") < 0 ||
	               expect_errno(readlink(DIR_ "/s", (char *)-1, 8), EFAULT, "readlink into -1") < 0 ||
	               expect_errno(symlink("x", DIR_ "/d"), EEXIST, "symlink onto a dangling one") < 0 ||
	               expect_errno(open(DIR_ "/s", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW") < 0))
		r = -1;
	if (r == 0 && (symlink("l2", DIR_ "/l1") < 0 || symlink("l1", DIR_ "/l2") < 0 ||
	               expect_errno(open(DIR_ "/l1", O_RDONLY), ELOOP, "a loop") < 0))
		r = -1;
	if (r == 0) {
		int found = 0;
		DIR *d = opendir(DIR_);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL)
			if (strcmp(e->d_name, "s") == 0)
				found = e->d_type == DT_LNK ? 1 : -1;
		if (d)
			closedir(d);
		if (found != 1)
			r = fail("readdir: s is %s", found ? "not DT_LNK" : "missing");
	}
	/* O_CREAT through a dangling link makes its target. */
	int fd = r == 0 ? open(DIR_ "/d", O_WRONLY | O_CREAT, 0644) : -1;
	if (r == 0 && (fd < 0 || stat(DIR_ "/none", &st) < 0))
		r = fail("open(O_CREAT) of a dangling link: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(DIR_ "/none");
	if (r == 0 && (unlink(DIR_ "/dir") < 0 || stat(DIR_ "/sub", &st) < 0))
		r = fail("unlink of a link to a directory took the directory");
	clean();
	return r;
}
