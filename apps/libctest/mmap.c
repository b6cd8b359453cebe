/* mmap, munmap and mprotect as portable programs use them: a large
 * anonymous buffer (its memory back to the byte afterwards), a private
 * copy of a file, protections that really protect, and the refusals POSIX
 * names. A budget's use is read with rn_budget_info: total - free. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "libctest.h"

#define MIB (1ul << 20)

/* What this process's budget holds in use now, or 0 (a failure noted). */
static unsigned long used(void)
{
	struct px_budget_info b;
	if (rn_budget_info(0, &b) < 0)
		return 0;
	return b.total - b.free;
}

int test_mmap_anonymous(void)
{
	unsigned long before = used();
	size_t len = 8 * MIB;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail("mmap 8 MiB: %s", strerror(errno));
	if (used() < before + len)
		return fail("8 MiB mapped, but the budget's use grew by %lu", used() - before);
	for (size_t i = 0; i < len; i += 4096) {
		if (p[i] != 0)
			return fail("byte %zu of a new mapping is %d", i, p[i]);
		p[i] = (unsigned char)(i >> 12);
	}
	for (size_t i = 0; i < len; i += 4096)
		if (p[i] != (unsigned char)(i >> 12))
			return fail("byte %zu did not keep what was written", i);
	if (munmap(p, len) < 0)
		return fail("munmap: %s", strerror(errno));
	if (used() != before)
		return fail("after munmap the budget uses %lu bytes, %lu before", used(), before);
	return 0;
}

/* A munmap in the middle of a mapping of 2 MiB pages leaves both sides,
 * with their contents, and the whole goes back at the end. */
int test_mmap_partial(void)
{
	unsigned long before = used();
	size_t len = 4 * MIB;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail("mmap 4 MiB: %s", strerror(errno));
	for (size_t i = 0; i < len; i += 4096)
		p[i] = (char)(i >> 12 | 1);
	if (munmap(p + MIB, 64 * 1024) < 0)
		return fail("munmap of 64 KiB inside: %s", strerror(errno));
	for (size_t i = 0; i < len; i += 4096)
		if ((i < MIB || i >= MIB + 64 * 1024) && p[i] != (char)(i >> 12 | 1))
			return fail("byte %zu changed when its neighbours were unmapped", i);
	if (munmap(p, len) < 0)
		return fail("munmap of the rest: %s", strerror(errno));
	if (used() != before)
		return fail("after munmap the budget uses %lu bytes, %lu before", used(), before);
	return 0;
}

int test_mmap_file(void)
{
	const char *path = "/tmp/libctest.map";
	char text[6000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i % 26);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, sizeof text) != (ssize_t)sizeof text)
		return fail("writing %s: %s", path, strerror(errno));
	char *p = mmap(NULL, sizeof text, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return fail("mmap of a file: %s", strerror(errno));
	if (memcmp(p, text, sizeof text) != 0)
		return fail("the mapping differs from the file");
	for (size_t i = sizeof text; i < 8192; i++)
		if (p[i] != 0)
			return fail("byte %zu past the end of the file is %d", i, p[i]);
	p[0] = 'Z'; /* private: the file keeps its byte */
	char c;
	if (pread(fd, &c, 1, 0) != 1 || c != 'a')
		return fail("a write to a private mapping reached the file");
	if (lseek(fd, 0, SEEK_CUR) != (off_t)sizeof text)
		return fail("mmap moved the file's offset");
	char *q = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
	if (q == MAP_FAILED || memcmp(q, text + 4096, sizeof text - 4096) != 0)
		return fail("a mapping at offset 4096 is not the file's second page");
	munmap(p, sizeof text);
	munmap(q, 4096);
	close(fd);
	unlink(path);
	return 0;
}

static sigjmp_buf fault_jump;

static void on_fault(int sig)
{
	siglongjmp(fault_jump, sig);
}

/* Whether writing *p faults (SIGSEGV). */
static int write_faults(volatile char *p)
{
	struct sigaction sa = { .sa_handler = on_fault }, old;
	sigaction(SIGSEGV, &sa, &old);
	int sig = sigsetjmp(fault_jump, 1);
	if (sig == 0)
		*p = 1;
	sigaction(SIGSEGV, &old, NULL);
	return sig == SIGSEGV;
}

int test_mprotect(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail("mmap: %s", strerror(errno));
	p[4096] = 'x';
	if (mprotect(p + 4096, 4096, PROT_READ) < 0)
		return fail("mprotect PROT_READ: %s", strerror(errno));
	if (!write_faults(p + 4096) || p[4096] != 'x')
		return fail("a write to a PROT_READ page did not fault, or the page changed");
	if (write_faults(p) || write_faults(p + 8192))
		return fail("its writable neighbours fault");
	if (mprotect(p + 4096, 4096, PROT_READ | PROT_WRITE) < 0 || write_faults(p + 4096))
		return fail("the page is not writable again");
	/* A reservation: no pages until it is opened. */
	unsigned long before = used();
	char *r = mmap(NULL, 4 * MIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		return fail("a PROT_NONE reservation: %s", strerror(errno));
	if (used() - before > 64 * 1024)
		return fail("a 4 MiB reservation took %lu bytes", used() - before);
	if (mprotect(r, 8192, PROT_READ | PROT_WRITE) < 0 || write_faults(r) || r[4096] != 0)
		return fail("opening 8 KiB of the reservation");
	if (!write_faults(r + 8192))
		return fail("the rest of the reservation is writable");
	munmap(r, 4 * MIB);
	munmap(p, 3 * 4096);
	if (mprotect(p, 4096, PROT_READ) == 0 || errno != ENOMEM)
		return fail("mprotect of an unmapped page: %s", strerror(errno));
	return 0;
}

/* fork copies mappings like the rest of the memory. */
int test_mmap_fork(void)
{
	int *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail("mmap: %s", strerror(errno));
	*p = 41;
	pid_t pid = fork();
	if (pid == 0) {
		int ok = *p == 41;
		*p = 7;
		_exit(ok && munmap(p, 4096) == 0 ? 0 : 1);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fail("the child did not see the mapping");
	if (*p != 41)
		return fail("the child's write reached the parent");
	return munmap(p, 4096) < 0 ? fail("munmap: %s", strerror(errno)) : 0;
}

int test_mmap_errors(void)
{
	int e = 0;
	e |= expect_errno((long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
	                  EINVAL, "length 0");
	e |= expect_errno((long)mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL,
	                  "neither shared nor private");
	e |= expect_errno((long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0), EBADF,
	                  "a closed descriptor");
	e |= expect_errno((long)mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	                             -1, 0),
	                  ENOTSUP, "writable MAP_SHARED");
	e |= expect_errno((long)mmap((void *)0x40000123, 4096, PROT_READ,
	                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
	                  EINVAL, "an unaligned MAP_FIXED address");
	int fds[2];
	if (pipe(fds) == 0) {
		e |= expect_errno((long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fds[0], 0), ENODEV,
		                  "a pipe");
		close(fds[0]);
		close(fds[1]);
	}
	e |= expect_errno(munmap((void *)0x40000123, 4096), EINVAL, "munmap unaligned");
	e |= expect_errno(munmap((void *)0x10000, 4096), EINVAL, "munmap of program text");
	/* Far more than the budget allows: a clean ENOMEM, nothing left. */
	unsigned long before = used();
	e |= expect_errno((long)mmap(NULL, 1ul << 36, PROT_READ | PROT_WRITE,
	                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
	                  ENOMEM, "64 GiB");
	if (used() != before)
		return fail("a refused mmap left %lu bytes used", used() - before);
	return e ? -1 : 0;
}
