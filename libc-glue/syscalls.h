/* The system calls newlib's libc.a calls and libc-glue defines (its
 * reentrant wrappers, libc/reent/ *r.c, call these names). newlib declares
 * most of them only for its own build (_COMPILING_NEWLIB); the prototypes
 * here are those declarations, so the definitions match what libc calls. */
#ifndef LIBC_GLUE_SYSCALLS_H
#define LIBC_GLUE_SYSCALLS_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>
#include <time.h>

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
int px_put_path(const char *path); /* into the shared buffer */
/* newlib declares lstat only for some targets. */
int lstat(const char *path, struct stat *st);

/* px_mem.c */
void *_sbrk(ptrdiff_t incr);

/* px_proc.c (_exit and _wait: <unistd.h>, <sys/wait.h>) */
pid_t _fork(void);
pid_t _getpid(void);
int _kill(pid_t pid, int sig);

/* px_exec.c */
int _execve(const char *path, char *const argv[], char *const envp[]);

/* px_time.c */
clock_t _times(struct tms *buf);
int _gettimeofday(struct timeval *tv, void *tz);
/* nanosleep, clock_gettime: libc-glue's <machine/time.h> declares them. */

#endif
