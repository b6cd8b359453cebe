/* Open files, one interface for every kind (xv6's fileread() switching
 * once on the kind). A descriptor's handle (fd.h) is resolved once into a
 * struct file: the operations of its kind, its flags, and what holds it
 * (a description, desc.h; a pipe end, pipe.h; or nothing: the console).
 * fd.c then calls the operations and never tests a kind.
 *
 * Kinds and where their operations are:
 *   console          tty.c    (FILE_CONSOLE and /dev/console descriptions)
 *   pipe end         pipe.c
 *   tmpfs file       desc.c   (writable; charged to the writer's budget)
 *   memory file      desc.c   (an initrd file; a /proc file's text)
 *   directory        desc.c
 *   /dev/null, zero  desc.c */
#ifndef PERSONALITY_FILE_H
#define PERSONALITY_FILE_H

#include "personality/proc.h"

#include <stdint.h>

struct desc;
struct pipe;
struct px_stat;

struct file {
	const struct file_ops *ops;
	uint32_t handle;
	uint32_t flags;    /* PX_O_ACCMODE and PX_O_NONBLOCK as fcntl(F_GETFL) says */
	struct desc *desc; /* the description, or NULL */
	struct pipe *pipe; /* or the pipe, and which end */
	unsigned end;
};

/* What each kind does; a NULL operation gives the error file.c says. The
 * access mode is checked before read and write are called. Results as
 * rn/px.h says for the calls. */
struct file_ops {
	long (*read)(struct proc *p, struct file *f, char *buf, uint64_t len);
	long (*write)(struct proc *p, struct file *f, const char *buf, uint64_t len);
	/* Fills what st has beyond zeros and nlink 1. */
	void (*stat)(struct file *f, struct px_stat *st);
	/* The new offset, or -PX_E*; NULL: -PX_ESPIPE. */
	long (*seek)(struct file *f, int64_t offset, uint64_t whence);
	/* O_NONBLOCK set or cleared; NULL: nothing to remember. */
	void (*set_nonblock)(struct file *f, bool on);
	/* NULL: -PX_EINVAL. */
	long (*truncate)(struct proc *p, struct file *f, uint64_t length);
	/* The next entries, up to max (at least 1), into buf (struct
	 * px_dirent each): how many, 0 at the end, or -PX_E*. NULL:
	 * -PX_ENOTDIR. */
	long (*readdir)(struct file *f, char *buf, uint64_t max);
	/* What a read or write would do now without waiting: PX_POLLIN,
	 * PX_POLLOUT, PX_POLLHUP, PX_POLLERR. NULL: both, always (files). */
	unsigned (*poll)(struct file *f);
	/* The list of processes polling it (proc.h: POLL_LINK), woken when
	 * what poll says may have changed. NULL: poll never waits on it. */
	uint32_t *(*poll_list)(struct file *f);
};

/* The handle of the console: the server's own, with no memory. */
#define FILE_CONSOLE 1u

/* Resolves handle into *f; false if it names nothing (closed under it). */
bool file_of(uint32_t handle, struct file *f);

/* A descriptor more, or one less, on the handle's description (the last
 * one gone frees it). */
void file_ref(uint32_t handle);
void file_unref(uint32_t handle);

#endif
