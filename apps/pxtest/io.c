/* The C library's start-up and I/O: constructors, stdio to the console,
 * the console's descriptors, and files of the initrd through
 * open/read/lseek/fstat/close. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pxtest.h"

static volatile int constructed;

__attribute__((constructor)) static void construct(void)
{
	constructed = 1;
}

/* crt0 runs __libc_init_array, which needs user.ld's table symbols. */
int test_constructors(void)
{
	if (!constructed)
		return fail("a constructor did not run before main");
	return 0;
}

int test_printf(void)
{
	static const char expect[] = "-7 px 1099511627776 8 ff 3.142";
	static const char line[] = "  printf: write(2) reaches the console\n";
	char buf[64];
	int n;

	n = snprintf(buf, sizeof buf, "%d %s %lld %zu %x %.3f", -7, "px", 1LL << 40, sizeof(long),
	             255, 3.14159265);
	if (n != (int)strlen(expect) || strcmp(buf, expect) != 0)
		return fail("snprintf gave \"%s\" (%d)", buf, n);
	n = printf("  printf: %s %d\n", "stdout", 42);
	if (n != 20)
		return fail("printf returned %d, expected 20", n);
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail("flushing stdout failed: %s", strerror(errno));
	if (write(STDOUT_FILENO, line, strlen(line)) != (ssize_t)strlen(line))
		return fail("write(1) failed: %s", strerror(errno));
	if (!isatty(STDOUT_FILENO))
		return fail("stdout is not a terminal: %s", strerror(errno));
	return 0;
}

/* The three console descriptors every process starts with. */
int test_console_fds(void)
{
	struct stat st;

	for (int fd = 0; fd <= 2; fd++) {
		if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode))
			return fail("fstat(%d): mode %#o (%s)", fd, (unsigned)st.st_mode,
			            strerror(errno));
		if (!isatty(fd))
			return fail("isatty(%d): %s", fd, strerror(errno));
	}
	if (lseek(STDOUT_FILENO, 0, SEEK_SET) != -1 || errno != ESPIPE)
		return fail("lseek on the console: %s, expected ESPIPE", strerror(errno));
	if (close(99) != -1 || errno != EBADF)
		return fail("close(99): %s, expected EBADF", strerror(errno));
	if (isatty(99) || errno != EBADF)
		return fail("isatty(99): %s, expected EBADF", strerror(errno));
	if (open("/no/such/file", O_RDONLY) != -1 || errno != ENOENT)
		return fail("open of a missing file: %s, expected ENOENT", strerror(errno));
	return 0;
}

/* Reads a whole file in reads larger than the shared buffer: each may
 * return less, and the total must be the size lseek reports. */
static int read_all(int fd, off_t size)
{
	char buf[6000];
	off_t total = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += n;
	if (n < 0)
		return fail("read: %s", strerror(errno));
	if (total != size)
		return fail("read %ld bytes of a %ld-byte file", (long)total, (long)size);
	return 0;
}

/* Not in main.c's table yet: the server opens no files before its VFS
 * (issue 6); PX_OPEN says ENOENT to every path. */
int test_files(void)
{
	struct stat st;
	char magic[4];
	off_t size;
	int fd = open("/bin/exit42", O_RDONLY);

	if (fd < 0)
		return fail("open /bin/exit42: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return fail("fstat: mode %#o (%s)", (unsigned)st.st_mode, strerror(errno));
	if (isatty(fd) || errno != ENOTTY)
		return fail("isatty on a file: %s", strerror(errno));
	if (read(fd, magic, 4) != 4 || memcmp(magic, "\177ELF", 4) != 0)
		return fail("no ELF magic at the start of /bin/exit42");
	size = lseek(fd, 0, SEEK_END);
	if (size <= 4 || lseek(fd, 0, SEEK_SET) != 0)
		return fail("lseek: size %ld (%s)", (long)size, strerror(errno));
	if (read_all(fd, size) < 0)
		return -1;
	if (close(fd) != 0)
		return fail("close: %s", strerror(errno));
	if (close(fd) != -1 || errno != EBADF)
		return fail("second close: %s, expected EBADF", strerror(errno));
	if (open("/no/such/file", O_RDONLY) != -1 || errno != ENOENT)
		return fail("open of a missing file: %s, expected ENOENT", strerror(errno));
	if (stat("/bin/true", &st) != 0 || !S_ISREG(st.st_mode))
		return fail("stat /bin/true: %s", strerror(errno));
	return 0;
}
