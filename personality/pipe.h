/* Pipes: one record page from the creating process's budget holds the
 * header (both ends' descriptions) and the ring. A process that must wait
 * goes on the list of its end, and is woken (its notification) only when
 * it can go on: readers when data comes into an empty pipe or the last
 * writer goes; writers when the room reaches what the smallest waiting
 * write needs, or the last reader goes. Opening and closing ends that are
 * not the last (a fork, an exit of a process sharing the pipe) wakes
 * nobody. */
#ifndef PERSONALITY_PIPE_H
#define PERSONALITY_PIPE_H

#include "personality/proc.h"
#include "personality/record.h"

struct pipe {
	struct record_header header;
	uint32_t refs[2];     /* descriptors open on the read / write end */
	uint32_t nonblock[2]; /* O_NONBLOCK of each end's description */
	uint32_t head, count; /* the ring: first byte, bytes in it */
	uint32_t waiters[2];  /* pid of the first waiting reader / writer (0: none) */
	uint32_t writer_need; /* room the smallest waiting write needs */
	uint32_t pollers[2];  /* poll(2) links on each end (proc.h) */
	/* Aligned so that its copies go by words (kernel/string.c's memcpy
	 * copies bytes one at a time unless both sides are 8-aligned). */
	char ring[PX_PIPE_SIZE] __attribute__((aligned(64)));
};
_Static_assert(sizeof(struct pipe) <= 4096, "a pipe is one page");

/* Handles (fd.h) of the two ends of a new pipe made from p's budget; 0 if
 * the budget or the window is full. */
uint32_t pipe_create(struct proc *p);

/* The pipe a handle names (NULL if it is not a pipe end), and which end. */
struct pipe *pipe_of(uint32_t handle, unsigned *end);

/* A descriptor on an end was closed; frees the pipe after the last. */
void pipe_unref(struct pipe *pi, unsigned end);

/* An end as an open file (file.h): read and write move up to len bytes,
 * or say -PX_EWOULDBLOCK_INTERNAL (p now waits), -PX_EAGAIN
 * (non-blocking), 0 at end of file, or -PX_EPIPE (no reader: the writer
 * is sent SIGPIPE). pipe_flags: the end's PX_O_* flags. */
struct file_ops;
extern const struct file_ops pipe_file_ops;
uint32_t pipe_flags(const struct pipe *pi, unsigned end);

/* Takes p off the list of the pipe it waits on (it is ending). */
void pipe_forget_waiter(struct proc *p);

#endif
