/* Descriptors. Each process has a table of PX_OPEN_MAX handles; a handle
 * names an open file description:
 *   FILE_CONSOLE        the console (the server's own; no memory)
 *   a record handle     an end of a pipe (pipe.h) or an open file,
 *                       directory or device (desc.h), in the memory of
 *                       the process that made it (record.h)
 * A description lives in the memory of the process that made it, and only
 * that process and its descendants can hold it (fork is the only way to
 * pass one on), so it never outlives the budget it is charged to. A
 * handle is resolved into an open file (file.h), whose kind does the rest. */
#ifndef PERSONALITY_FD_H
#define PERSONALITY_FD_H

#include "personality/proc.h"

/* Gives a new process the console as fds 0, 1 and 2. */
void fd_init_console(struct proc *p);

/* fork: the child's table is the parent's (the descriptions shared), and
 * so is its working directory. */
void fd_fork(struct proc *parent, struct proc *child);

/* exec: closes the descriptors marked close-on-exec. */
void fd_exec(struct proc *p);

/* exit: closes them all, and lets go of the working directory. */
void fd_exit(struct proc *p);

/* The calls; results as rn/px.h says (-PX_EWOULDBLOCK_INTERNAL for a
 * read or write that must wait). A write to a pipe with no reader sends
 * SIGPIPE, which may doom the writer. */
long fd_read(struct proc *p, uint64_t fd, char *buf, uint64_t len);
long fd_write(struct proc *p, uint64_t fd, const char *buf, uint64_t len);
long fd_close(struct proc *p, uint64_t fd);
long fd_pipe(struct proc *p, uint64_t out[2]);
long fd_dup(struct proc *p, uint64_t fd, uint64_t lowest);
long fd_dup2(struct proc *p, uint64_t fd, uint64_t to);
long fd_fcntl(struct proc *p, uint64_t fd, uint64_t cmd, uint64_t arg);
long fd_fstat(struct proc *p, uint64_t fd, char *buf);
long fd_lseek(struct proc *p, uint64_t fd, int64_t offset, uint64_t whence);
long fd_open(struct proc *p, char *buf, uint64_t flags, uint64_t mode);
long fd_ftruncate(struct proc *p, uint64_t fd, uint64_t length);
/* Up to max (at least 1, at most PX_READDIR_MAX) next entries of a
 * directory into buf: their count, 0 at the end, or -PX_E*. */
long fd_readdir(struct proc *p, uint64_t fd, char *buf, uint64_t max);
/* Up to len bytes of fd's file at offset into buf, its offset left as it
 * was (mmap): the count (short at the end of the file), -PX_EBADF,
 * -PX_EACCES (not open for reading) or -PX_ENODEV (not a file). */
/* poll(2) on n entries (at most PX_POLL_MAX): each gets its revents; the
 * count of those with any, or (none yet, and the deadline on the time
 * counter not reached; 0: do not wait, ~0: no deadline) -PX_EWOULDBLOCK_INTERNAL:
 * p is woken at the next change of a pipe or the console, or at the
 * deadline, to ask again. */
long fd_poll(struct proc *p, struct px_pollfd *fds, uint64_t n, uint64_t deadline);
long fd_map_read(struct proc *p, uint64_t fd, uint64_t offset, char *buf, uint64_t len);

#endif
