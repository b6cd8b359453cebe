/* The console's line discipline (tty.h). */
#include "personality/tty.h"

#include "personality/clock.h"
#include "personality/console.h"
#include "personality/file.h"
#include "personality/jobs.h"
#include "personality/signal.h"

#define LINE_MAX 256
#define CTRL(c)  ((c)&0x1f)

static char line[LINE_MAX]; /* the line being edited */
static size_t line_len;
static char ready[LINE_MAX]; /* finished input not yet read */
static size_t ready_len, ready_off;
static int eof_pending; /* ^D on an empty line: the next read returns 0 */
static uint32_t waiter;
static void finish_line_now(void);
static uint32_t mode = PX_TTY_CANON | PX_TTY_ECHO | PX_TTY_SIGNAL | PX_TTY_CRNL | PX_TTY_OPOST;
static uint32_t vmin = 1;
/* The console's foreground process group, and the session it is in (the
 * console's session: init's, until a process of another sets it). */
static uint32_t foreground = 1, foreground_sid = 1;

void tty_getattr(uint64_t *m, uint64_t *min)
{
	*m = mode;
	*min = vmin;
}

long tty_setattr(uint64_t m, uint64_t min)
{
	if (m & ~(uint64_t)(PX_TTY_CANON | PX_TTY_ECHO | PX_TTY_SIGNAL | PX_TTY_CRNL |
	                    PX_TTY_OPOST | PX_TTY_TOSTOP) ||
	    min > 1)
		return -PX_EINVAL;
	/* Leaving line mode hands over the line being edited. */
	if ((mode & PX_TTY_CANON) && !(m & PX_TTY_CANON))
		finish_line_now();
	mode = (uint32_t)m;
	vmin = (uint32_t)min;
	console_set_crlf(m & PX_TTY_OPOST);
	return 0;
}

static void finish_line(void)
{
	/* A line is handed over whole; an unread one is not overwritten. */
	for (size_t i = 0; i < line_len && ready_len < LINE_MAX; i++)
		ready[ready_len++] = line[i];
	line_len = 0;
}

static void wake_waiter(void)
{
	struct proc *p = proc_get(waiter);
	if (p)
		proc_wake(p);
	waiter = 0;
	proc_wake_pollers();
}

static void echo(char c)
{
	if (mode & PX_TTY_ECHO)
		console_write(&c, 1);
}

static void input_byte(char c)
{
	if (c == '\r' && (mode & PX_TTY_CRNL))
		c = '\n';
	if ((mode & PX_TTY_SIGNAL) && (c == CTRL('C') || c == CTRL('\\') || c == CTRL('Z'))) {
		static const char shown[][4] = { "^C\n", "^\\\n", "^Z\n" };
		int k = c == CTRL('C') ? 0 : c == CTRL('\\') ? 1 : 2;
		console_write(shown[k], 3);
		line_len = 0;
		signal_group(foreground, k == 0 ? PX_SIGINT : k == 1 ? PX_SIGQUIT : PX_SIGTSTP);
		return;
	}
	if (!(mode & PX_TTY_CANON)) {
		/* Raw: every byte as it comes. */
		if (ready_len < LINE_MAX)
			ready[ready_len++] = c;
		echo(c);
		wake_waiter();
		return;
	}
	if (c == CTRL('D')) {
		if (line_len == 0)
			eof_pending = 1;
		finish_line();
		wake_waiter();
	} else if (c == 0x7f || c == '\b') {
		if (line_len > 0) {
			line_len--;
			if (mode & PX_TTY_ECHO)
				console_write("\b \b", 3);
		}
	} else if (c == CTRL('U')) {
		for (; line_len > 0; line_len--)
			if (mode & PX_TTY_ECHO)
				console_write("\b \b", 3);
	} else if (c == '\n' || line_len < LINE_MAX - 1) {
		line[line_len++] = c;
		echo(c);
		if (c == '\n') {
			finish_line();
			wake_waiter();
		}
	}
}

static void finish_line_now(void)
{
	finish_line();
	wake_waiter();
}

void tty_input(void)
{
	int c;
	while ((c = console_getc()) >= 0)
		input_byte((char)c);
	console_ack();
}

/* Copies up to len bytes of finished input to buf. Returns the count, 0 at
 * end of file (^D on an empty line), or -1 if nothing is ready: pid is
 * then woken by tty_input when something is. */
static long tty_read(char *buf, size_t len, uint32_t pid)
{
	if (ready_off < ready_len) {
		size_t n = ready_len - ready_off < len ? ready_len - ready_off : len;
		for (size_t i = 0; i < n; i++)
			buf[i] = ready[ready_off + i];
		ready_off += n;
		if (ready_off == ready_len)
			ready_off = ready_len = 0;
		return (long)n;
	}
	if (eof_pending) {
		eof_pending = 0;
		return 0;
	}
	if (!(mode & PX_TTY_CANON) && vmin == 0)
		return 0; /* raw, VMIN 0: do not wait */
	waiter = pid;
	return -1;
}

/* ---- the terminal's jobs ---------------------------------------------------- */

uint32_t tty_tcgetpgrp(void)
{
	return foreground;
}

long tty_tcsetpgrp(struct proc *p, uint64_t pgid)
{
	if (pgid == 0 || pgid >= MAX_PROCS)
		return -PX_EINVAL;
	if (!jobs_in_session((uint32_t)pgid, p->sid))
		return -PX_EPERM;
	foreground = (uint32_t)pgid;
	foreground_sid = p->sid;
	return 0;
}

/* p in the background uses the console: its group gets sig (SIGTTIN,
 * SIGTTOU) and p asks again once continued. A reader that cannot be
 * stopped gets EIO; a writer ignoring or blocking SIGTTOU is asking to
 * write anyway (POSIX). */
static long background_use(struct proc *p, int sig)
{
	if (p->pgid == foreground || p->sid != foreground_sid)
		return 0;
	if (signal_refused(p, sig))
		return sig == PX_SIGTTOU ? 0 : -PX_EIO;
	if (jobs_orphaned(p->pgid))
		return -PX_EIO;
	signal_group(p->pgid, sig);
	return -PX_EWOULDBLOCK_INTERNAL;
}

static long tty_background_read(struct proc *p)
{
	return background_use(p, PX_SIGTTIN);
}

static long tty_background_write(struct proc *p)
{
	return mode & PX_TTY_TOSTOP ? background_use(p, PX_SIGTTOU) : 0;
}

/* ---- the console as an open file -------------------------------------------- */

/* The console's input goes to its foreground group: a background reader
 * is stopped by SIGTTIN first. */
long tty_file_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	long err = tty_background_read(p);
	if (err)
		return err;
	long n = tty_read(buf, len, p->pid);
	return n < 0 ? -PX_EWOULDBLOCK_INTERNAL : n;
}

/* With TOSTOP, a background writer is stopped by SIGTTOU first. */
long tty_file_write(struct proc *p, struct file *f, const char *buf, uint64_t len)
{
	long err = tty_background_write(p);
	if (err)
		return err;
	console_write(buf, len);
	return (long)len;
}

static void tty_stat(struct file *f, struct px_stat *st)
{
	st->mode = PX_S_IFCHR | 0620;
	st->mtime = clock_boot_ns();
}

/* Readable when a read would not wait (tty_read's cases); output never
 * waits. */
unsigned tty_file_poll(struct file *f)
{
	bool readable = ready_off < ready_len || eof_pending || (!(mode & PX_TTY_CANON) && vmin == 0);
	return PX_POLLOUT | (readable ? PX_POLLIN : 0);
}

const struct file_ops tty_file_ops = {
	.read = tty_file_read,
	.write = tty_file_write,
	.stat = tty_stat,
	.poll = tty_file_poll,
};
