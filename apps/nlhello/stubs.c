/* TEST ONLY: not a syscall layer. The least a newlib program needs to link
 * before libc-glue supplies the real one: a _start, and the ten syscalls
 * the linker demands for what main.c uses. They prove that newlib links
 * with the project's flags; do not copy them into a real program.
 *
 * Why these ten: snprintf("%f") reaches _dtoa_r, whose bignums come from
 * malloc (_sbrk) and whose allocation check calls __assert_func; that
 * prints with fiprintf, which drags in stdio's file operations (_write,
 * _read, _lseek, _close, _fstat, _isatty) and then abort(), which raises
 * SIGABRT (_kill, _getpid) before _exit. exit() needs _exit too. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>

int main(void);
void _start(void);
void _exit(int status) __attribute__((noreturn));
void *_sbrk(ptrdiff_t incr);
ssize_t _write(int fd, const void *buf, size_t len);
ssize_t _read(int fd, void *buf, size_t len);
off_t _lseek(int fd, off_t off, int whence);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _kill(pid_t pid, int sig);
pid_t _getpid(void);

/* Not a real crt0: it sets up neither sp, gp nor .bss, and passes no
 * arguments. user.ld puts .text.start first, at the entry point. */
__attribute__((section(".text.start"))) void _start(void)
{
	exit(main());
}

void _exit(int status)
{
	for (;;)
		;
}

/* A fixed heap, enough for printf's number conversions. */
void *_sbrk(ptrdiff_t incr)
{
	static char heap[16384] __attribute__((aligned(16)));
	static size_t used;

	if (incr < 0 ? (size_t)-incr > used : (size_t)incr > sizeof heap - used) {
		errno = ENOMEM;
		return (void *)-1;
	}
	used += incr;
	return heap + used - incr;
}

/* No files, no processes: every other call fails as not implemented. */
ssize_t _write(int fd, const void *buf, size_t len)
{
	errno = ENOSYS;
	return -1;
}

ssize_t _read(int fd, void *buf, size_t len)
{
	errno = ENOSYS;
	return -1;
}

off_t _lseek(int fd, off_t off, int whence)
{
	errno = ENOSYS;
	return -1;
}

int _close(int fd)
{
	errno = ENOSYS;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	errno = ENOSYS;
	return -1;
}

int _isatty(int fd)
{
	errno = ENOSYS;
	return 0;
}

int _kill(pid_t pid, int sig)
{
	errno = ENOSYS;
	return -1;
}

pid_t _getpid(void)
{
	return 1;
}
