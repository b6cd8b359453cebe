/* The system calls newlib's libc.a calls and libc-glue defines (its
 * reentrant wrappers, libc/reent/ *r.c, call these names). newlib declares
 * most of them only for its own build (_COMPILING_NEWLIB); the prototypes
 * here are those declarations, so the definitions match what libc calls. */
#ifndef LIBC_GLUE_SYSCALLS_H
#define LIBC_GLUE_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>
#include <time.h>
#include <rn/px.h>

/* Whether [p, p + n) can be a user buffer: above the shared buffer and the
 * IPC buffer (from PX_TEXT_BASE, so NULL and its page are out) and below
 * the top of the user half of Sv39, without wrapping. A buffer that passes
 * may still be unmapped (between the heap and the stack): copying to it
 * then faults, and the server ends the process with SIGSEGV. Every copy
 * to or from the shared buffer checks the caller's buffer first, so a bad
 * one gives EFAULT before the server is asked (no data is lost). */
#define PX_USER_TOP 0x4000000000ul /* the kernel's USER_TOP (memlayout.h) */
static inline bool px_user_buffer(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;
	return n == 0 || (a >= PX_TEXT_BASE && a < PX_USER_TOP && n <= PX_USER_TOP - a);
}

/* px_io.c */
int _open(const char *path, int flags, ...);
int _close(int fd);
ssize_t _read(int fd, void *buf, size_t len);
ssize_t _write(int fd, const void *buf, size_t len);
off_t _lseek(int fd, off_t offset, int whence);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _stat(const char *path, struct stat *st);
int _link(const char *old, const char *new);
int _unlink(const char *path);
int _mkdir(const char *path, mode_t mode);
int _fcntl(int fd, int cmd, ...);
int px_put_path(const char *path); /* into the shared buffer; EFAULT, ENAMETOOLONG */
int px_put_paths(const char *first, const char *second); /* at 0 and PX_PATH_MAX */
int px_copy_out(void *to, const void *from, size_t n); /* -1 (EFAULT) if `to` is bad */

/* px_mem.c */
void *_sbrk(ptrdiff_t incr);

/* px_proc.c (_exit and _wait: <unistd.h>, <sys/wait.h>) */
pid_t _fork(void);
pid_t _getpid(void);
int _kill(pid_t pid, int sig);

/* px_exec.c */
int _execve(const char *path, char *const argv[], char *const envp[]);

/* px_tty.c: 0 if fd is the console, else -1 with errno EBADF or ENOTTY. */
int px_console(int fd);

/* px_time.c */
clock_t _times(struct tms *buf);
int _gettimeofday(struct timeval *tv, void *tz);
/* nanosleep, clock_gettime: libc-glue's <machine/time.h> declares them. */

#endif
