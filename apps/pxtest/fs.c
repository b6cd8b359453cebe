/* The file system as read: files, directories and /dev from the initrd,
 * paths relative to the working directory, and the errors (files.c
 * changes it). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "pxtest.h"

int test_fs_read_file(void)
{
	struct stat st;
	char buf[64], first[16];
	if (stat("/etc/motd", &st) < 0)
		return fail("stat /etc/motd: %s", strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_size <= 0)
		return fail("/etc/motd: mode %o, size %ld", (unsigned)st.st_mode, (long)st.st_size);
	int fd = open("/etc/motd", O_RDONLY);
	if (fd < 0)
		return fail("open: %s", strerror(errno));
	int r = 0;
	ssize_t total = 0, n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		if (total == 0)
			memcpy(first, buf, sizeof first);
		total += n;
	}
	if (n < 0 || total != st.st_size)
		r = fail("read %zd bytes of %ld", total, (long)st.st_size);
	else if (lseek(fd, 0, SEEK_SET) != 0 || read(fd, buf, sizeof first) != sizeof first ||
	         memcmp(buf, first, sizeof first) != 0)
		r = fail("after lseek to 0 the bytes differ");
	else if (lseek(fd, -1, SEEK_SET) != -1 || errno != EINVAL)
		r = fail("lseek to -1: %s, expected EINVAL", strerror(errno));
	else if (write(fd, "x", 1) != -1 || errno != EBADF)
		r = fail("write to a read-only descriptor: %s, expected EBADF", strerror(errno));
	close(fd);
	return r;
}

static int has_entry(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return fail("opendir %s: %s", dir, strerror(errno));
	struct dirent *e;
	int found = 0;
	while ((e = readdir(d)) != NULL)
		found |= strcmp(e->d_name, name) == 0;
	closedir(d);
	return found ? 0 : fail("%s has no entry %s", dir, name);
}

int test_fs_directories(void)
{
	if (has_entry("/", "bin") < 0 || has_entry("/", "dev") < 0 || has_entry("/", "etc") < 0 ||
	    has_entry("/bin", "pxtest") < 0 || has_entry("/bin", "..") < 0 ||
	    has_entry("/dev", "null") < 0)
		return -1;
	DIR *d = opendir("/etc/motd");
	if (d || errno != ENOTDIR)
		return fail("opendir of a file: %s, expected ENOTDIR", strerror(errno));
	struct stat st;
	if (stat("/bin", &st) < 0 || !S_ISDIR(st.st_mode))
		return fail("/bin is not a directory");
	return 0;
}

int test_fs_cwd(void)
{
	char buf[64];
	int r = 0;
	if (chdir("/bin") < 0)
		return fail("chdir /bin: %s", strerror(errno));
	if (!getcwd(buf, sizeof buf) || strcmp(buf, "/bin") != 0)
		r = fail("getcwd after chdir /bin: %s", buf);
	else if (access("pxtest", X_OK) < 0)
		r = fail("a relative path from /bin: %s", strerror(errno));
	else if (chdir("../etc/./") < 0 || !getcwd(buf, sizeof buf) || strcmp(buf, "/etc") != 0)
		r = fail("chdir ../etc/./: %s", strerror(errno));
	else if (chdir("motd") != -1 || errno != ENOTDIR)
		r = fail("chdir to a file: %s, expected ENOTDIR", strerror(errno));
	else if (getcwd(buf, 3) != NULL || errno != ERANGE)
		r = fail("getcwd into 3 bytes: %s, expected ERANGE", strerror(errno));
	chdir("/");
	if (!r && (!getcwd(buf, sizeof buf) || strcmp(buf, "/") != 0))
		r = fail("getcwd after chdir /: %s", buf);
	return r;
}

int test_fs_devices(void)
{
	char buf[8] = "xxxxxxx";
	int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDONLY);
	int r = 0;
	if (null < 0 || zero < 0)
		r = fail("open /dev/null, /dev/zero: %s", strerror(errno));
	else if (write(null, "abc", 3) != 3 || read(null, buf, sizeof buf) != 0)
		r = fail("/dev/null does not swallow and end");
	else if (read(zero, buf, sizeof buf) != sizeof buf || memcmp(buf, "\0\0\0\0\0\0\0", 8))
		r = fail("/dev/zero does not give zeros");
	close(null);
	close(zero);
	return r;
}

int test_fs_errors(void)
{
	struct stat st;
	int fd;
	if (stat("/nope", &st) != -1 || errno != ENOENT)
		return fail("stat /nope: %s, expected ENOENT", strerror(errno));
	if (stat("/etc/motd/x", &st) != -1 || errno != ENOTDIR)
		return fail("stat /etc/motd/x: %s, expected ENOTDIR", strerror(errno));
	if ((fd = open("/bin", O_WRONLY)) != -1 || errno != EISDIR)
		return fail("open /bin for writing: %s, expected EISDIR", strerror(errno));
	if ((fd = open("/proc/new", O_WRONLY | O_CREAT, 0644)) != -1 || errno != EROFS)
		return fail("create /proc/new: %s, expected EROFS", strerror(errno));
	if ((fd = open("/etc", O_RDONLY)) < 0)
		return fail("open /etc: %s", strerror(errno));
	char c;
	ssize_t n = read(fd, &c, 1);
	int err = errno;
	close(fd);
	if (n != -1 || err != EISDIR)
		return fail("read of a directory: %s, expected EISDIR", strerror(err));
	static char longpath[300];
	memset(longpath, 'a', sizeof longpath - 1);
	if (stat(longpath, &st) != -1 || errno != ENAMETOOLONG)
		return fail("a 299-byte path: %s, expected ENAMETOOLONG", strerror(errno));
	return 0;
}

/* The working directory is inherited. */
static int cwd_child(long unused)
{
	char buf[16];
	(void)unused;
	return getcwd(buf, sizeof buf) && strcmp(buf, "/etc") == 0 ? 0 : 1;
}

int test_fs_cwd_inherited(void)
{
	if (chdir("/etc") < 0)
		return fail("chdir /etc: %s", strerror(errno));
	int r = expect_exit(spawn(cwd_child, 0), 0);
	chdir("/");
	return r;
}

/* /proc/<pid>/budget says what rn_budget_info says, and its figures add
 * up; /proc/meminfo's split adds up to the RAM. */
int test_procfs(void)
{
	char path[64], key[32];
	unsigned long v, got[9] = { 0 };
	static const char *keys[] = { "pid",  "total", "kernel", "frames", "records",
		                      "lent", "free",  "peak",   "refused" };
	snprintf(path, sizeof path, "/proc/%d/budget", getpid());
	FILE *f = fopen(path, "r");
	if (!f)
		return fail("%s: %s", path, strerror(errno));
	while (fscanf(f, "%31s %lu", key, &v) == 2)
		for (int i = 0; i < 9; i++)
			if (!strcmp(key, keys[i]))
				got[i] = v;
	fclose(f);
	struct px_budget_info b;
	if (budget_read(&b) < 0)
		return -1;
	/* (Use moves while the file is open: its text and stdio's buffer.) */
	if (got[0] != (unsigned long)getpid() || got[1] != b.total || got[5] != b.lent)
		return fail("%s differs from rn_budget_info", path);
	if (got[1] != got[2] + got[3] + got[4] + got[5] + got[6])
		return fail("%s does not add up", path);
	unsigned long total = 0, server = 0, budgets = 0;
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return fail("/proc/meminfo: %s", strerror(errno));
	while (fscanf(f, "%31s %lu kB", key, &v) == 2) {
		if (!strcmp(key, "MemTotal:"))
			total = v;
		else if (!strcmp(key, "Server:"))
			server = v;
		else if (!strcmp(key, "Budgets:"))
			budgets = v;
	}
	fclose(f);
	if (!total || total != server + budgets)
		return fail("meminfo: total %lu kB != server %lu + budgets %lu", total, server,
		            budgets);
	struct stat st;
	if (stat("/proc/4095", &st) != -1 || errno != ENOENT)
		return fail("/proc/4095: %s, expected ENOENT", strerror(errno));
	return has_entry("/proc", "meminfo");
}

static int mtime_of(const char *path, struct timespec *t)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return fail("stat %s: %s", path, strerror(errno));
	*t = st.st_mtim;
	return 0;
}

/* Modification times: a new file's is now; a write moves it on, and its
 * directory's when an entry comes; utimensat sets it to the nanosecond
 * (UTIME_OMIT leaves it, NULL is now) and fstat agrees; an initrd file
 * has its build time; bad times and places are refused. */
int test_fs_mtime(void)
{
	struct timespec t, d0, d1, set[2] = { { 0, UTIME_OMIT }, { 1000000000, 123456789 } };
	time_t start = time(NULL);
	int r = mkdir("/tmp/mt", 0700) < 0 ? fail("mkdir: %s", strerror(errno)) : 0;
	if (!r)
		r = mtime_of("/tmp/mt", &d0);
	int fd = r ? -1 : open("/tmp/mt/f", O_WRONLY | O_CREAT, 0600);
	if (!r && fd < 0)
		r = fail("open: %s", strerror(errno));
	if (!r)
		r = mtime_of("/tmp/mt/f", &t);
	if (!r && (t.tv_sec < start || t.tv_sec > time(NULL)))
		r = fail("a new file's mtime %lld is not now (%lld)", (long long)t.tv_sec,
		         (long long)start);
	if (!r)
		r = mtime_of("/tmp/mt", &d1);
	if (!r && d1.tv_sec * 1000000000ll + d1.tv_nsec <= d0.tv_sec * 1000000000ll + d0.tv_nsec)
		r = fail("a directory's mtime did not move when a file was made in it");
	if (!r && utimensat(AT_FDCWD, "/tmp/mt/f", set, 0) < 0)
		r = fail("utimensat: %s", strerror(errno));
	if (!r)
		r = mtime_of("/tmp/mt/f", &t);
	if (!r && (t.tv_sec != 1000000000 || t.tv_nsec != 123456789))
		r = fail("utimensat set %lld.%09ld", (long long)t.tv_sec, t.tv_nsec);
	struct stat st;
	if (!r && (fstat(fd, &st) < 0 || st.st_mtim.tv_sec != 1000000000))
		r = fail("fstat's mtime %lld is not stat's", (long long)st.st_mtim.tv_sec);
	if (!r && write(fd, "x", 1) != 1)
		r = fail("write: %s", strerror(errno));
	if (!r)
		r = mtime_of("/tmp/mt/f", &t);
	if (!r && t.tv_sec < start)
		r = fail("a write left mtime at %lld", (long long)t.tv_sec);
	set[1].tv_nsec = UTIME_OMIT;
	struct timespec before = t;
	if (!r && (utimensat(AT_FDCWD, "/tmp/mt/f", set, 0) < 0 || mtime_of("/tmp/mt/f", &t) ||
	           t.tv_sec != before.tv_sec || t.tv_nsec != before.tv_nsec))
		r = r ? r : fail("UTIME_OMIT changed mtime");
	if (!r && (utimensat(AT_FDCWD, "/tmp/mt/f", NULL, 0) < 0 || mtime_of("/tmp/mt/f", &t) ||
	           t.tv_sec < start))
		r = r ? r : fail("utimensat(NULL) did not set now");
	set[1] = (struct timespec){ 5, 1000000000 };
	if (!r)
		r = expect_errno(utimensat(AT_FDCWD, "/tmp/mt/f", set, 0), EINVAL, "nsec 1e9");
	if (!r)
		r = expect_errno(utimensat(AT_FDCWD, "/tmp/mt/none", NULL, 0), ENOENT, "no file");
	if (!r)
		r = expect_errno(utimensat(AT_FDCWD, "/proc/meminfo", NULL, 0), EROFS, "/proc");
	if (!r)
		r = mtime_of("/etc/motd", &t);
	if (!r && (t.tv_sec < 1577836800 || t.tv_sec > time(NULL)))
		r = fail("an initrd file's mtime %lld is not its build time", (long long)t.tv_sec);
	close(fd);
	unlink("/tmp/mt/f");
	rmdir("/tmp/mt");
	return r;
}
