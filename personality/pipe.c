/* Pipes (pipe.h). */
#include "personality/pipe.h"

#include "personality/clock.h"
#include "personality/file.h"
#include "personality/signal.h"

#include "kernel/string.h"

uint32_t pipe_create(struct proc *p)
{
	struct pipe *pi = record_alloc(p, RECORD_PIPE);
	return pi ? record_handle(pi, 0, 0) : 0;
}

struct pipe *pipe_of(uint32_t handle, unsigned *end)
{
	*end = HANDLE_END(handle);
	return record_of(handle, RECORD_PIPE);
}

/* Wakes every waiter on one end, and its pollers. */
static void wake_end(struct pipe *pi, unsigned end)
{
	for (unsigned n = 0; pi->waiters[end] && n < MAX_PROCS; n++) {
		struct proc *w = proc_get(pi->waiters[end]);
		if (!w)
			break;
		pi->waiters[end] = w->wait_next;
		w->waiting_on = w->wait_next = 0;
		proc_wake(w);
	}
	pi->waiters[end] = 0;
	if (end == 1)
		pi->writer_need = 0;
	proc_poll_wake(&pi->pollers[end]);
}

/* p waits on its end until wake_end; a writer says the room it needs. */
static long wait_on(struct pipe *pi, unsigned end, struct proc *p, uint32_t need)
{
	if (pi->nonblock[end])
		return -PX_EAGAIN;
	uint32_t here = record_handle(pi, 0, end); /* nonzero: pid >= 1 */
	/* A wait cut short by a signal leaves p in another end's list. */
	if (p->waiting_on != here)
		pipe_forget_waiter(p);
	if (!p->waiting_on) {
		p->waiting_on = here;
		p->wait_next = pi->waiters[end];
		pi->waiters[end] = p->pid;
	}
	if (end == 1 && (pi->writer_need == 0 || need < pi->writer_need))
		pi->writer_need = need;
	return -PX_EWOULDBLOCK_INTERNAL;
}

void pipe_forget_waiter(struct proc *p)
{
	if (!p->waiting_on)
		return;
	struct pipe *pi = record_of(p->waiting_on, RECORD_PIPE);
	uint32_t *link = &pi->waiters[HANDLE_END(p->waiting_on)];
	for (unsigned n = 0; *link && n < MAX_PROCS; n++) {
		if (*link == p->pid) {
			*link = p->wait_next;
			break;
		}
		link = &proc_get(*link)->wait_next;
	}
	p->waiting_on = p->wait_next = 0;
}

void pipe_unref(struct pipe *pi, unsigned end)
{
	if (pi->refs[end] == 0)
		return;
	pi->refs[end]--;
	/* The last writer gone: readers see end of file; the last reader:
	 * writers get EPIPE. */
	if (pi->refs[end] == 0)
		wake_end(pi, !end);
	if (pi->refs[0] == 0 && pi->refs[1] == 0)
		record_free(pi); /* both lists emptied as each end went */
}

static long pipe_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	struct pipe *pi = f->pipe;
	if (pi->count == 0)
		return pi->refs[1] == 0 ? 0 : wait_on(pi, 0, p, 0);
	uint64_t n = len < pi->count ? len : pi->count;
	bool room_was_short = PX_PIPE_SIZE - pi->count < PX_PIPE_BUF;
	/* At most two pieces: to the ring's end, then from its start. */
	uint64_t first = PX_PIPE_SIZE - pi->head < n ? PX_PIPE_SIZE - pi->head : n;
	memcpy(buf, pi->ring + pi->head, first);
	memcpy(buf + first, pi->ring, n - first);
	pi->head = (uint32_t)((pi->head + n) % PX_PIPE_SIZE);
	pi->count -= (uint32_t)n;
	uint32_t room = PX_PIPE_SIZE - pi->count;
	if ((pi->waiters[1] && room >= pi->writer_need) || (room_was_short && room >= PX_PIPE_BUF))
		wake_end(pi, 1); /* writers (and pollers) that can go on */
	return (long)n;
}

static long pipe_write(struct proc *p, struct file *f, const char *buf, uint64_t len)
{
	struct pipe *pi = f->pipe;
	if (pi->refs[0] == 0) {
		signal_send(p, PX_SIGPIPE); /* caught or ignored, the write says EPIPE */
		return -PX_EPIPE;
	}
	uint64_t room = PX_PIPE_SIZE - pi->count;
	/* Up to PX_PIPE_BUF bytes go in whole or not at all; more may go in
	 * parts (libc-glue writes the rest). */
	if (room == 0 || (len <= PX_PIPE_BUF && room < len))
		return wait_on(pi, 1, p, len <= PX_PIPE_BUF ? (uint32_t)len : 1);
	uint64_t n = len < room ? len : room;
	uint64_t tail = (pi->head + pi->count) % PX_PIPE_SIZE;
	uint64_t first = PX_PIPE_SIZE - tail < n ? PX_PIPE_SIZE - tail : n;
	memcpy(pi->ring + tail, buf, first);
	memcpy(pi->ring, buf + first, n - first);
	bool was_empty = pi->count == 0;
	pi->count += (uint32_t)n;
	if (was_empty)
		wake_end(pi, 0); /* readers wait only on an empty pipe; pollers too */
	return (long)n;
}

/* A read end is readable with data, or with no writer left (end of file:
 * POLLHUP too); a write end is writable with room for PX_PIPE_BUF bytes
 * (a write that size goes in at once), and POLLERR with no reader. */
static unsigned pipe_poll(struct file *f)
{
	struct pipe *pi = f->pipe;
	if (f->end == 0)
		return (pi->count ? PX_POLLIN : 0) | (pi->refs[1] == 0 ? PX_POLLIN | PX_POLLHUP : 0);
	if (pi->refs[0] == 0)
		return PX_POLLOUT | PX_POLLERR;
	return PX_PIPE_SIZE - pi->count >= PX_PIPE_BUF ? PX_POLLOUT : 0;
}

static uint32_t *pipe_poll_list(struct file *f)
{
	return &f->pipe->pollers[f->end];
}

uint32_t pipe_flags(const struct pipe *pi, unsigned end)
{
	return (end ? PX_O_WRONLY : PX_O_RDONLY) | (pi->nonblock[end] ? PX_O_NONBLOCK : 0);
}

static void pipe_stat(struct file *f, struct px_stat *st)
{
	st->mode = PX_S_IFIFO | 0600;
	st->mtime = clock_boot_ns();
}

static void pipe_set_nonblock(struct file *f, bool on)
{
	f->pipe->nonblock[f->end] = on;
}

const struct file_ops pipe_file_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.stat = pipe_stat,
	.set_nonblock = pipe_set_nonblock,
	.poll = pipe_poll,
	.poll_list = pipe_poll_list,
};
