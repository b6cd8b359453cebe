/* The console's line discipline (tty.h). */
#include "personality/tty.h"

#include "personality/clock.h"
#include "personality/console.h"
#include "personality/file.h"
#include "personality/jobs.h"
#include "personality/signal.h"

#include "kernel/string.h"

/* POSIX's MAX_CANON: the longest line canonical input keeps, its newline
 * included. The line being edited and the input not yet read are the
 * server's own fixed buffers for the one console (8 KiB of its memory at
 * boot), not any process's: no request makes them grow. */
#define LINE_MAX 4096
#define CTRL(c)  ((c)&0x1f)

static char line[LINE_MAX]; /* the line being edited */
static size_t line_len;
/* The line is finished but the unread input has no room for it whole: it
 * waits (and input with it) until a read makes room. */
static bool line_waits;
/* Input has no room: the bytes still typed wait in the UART, whose line
 * stays held (not acked, so it interrupts no more) until a read makes
 * room. Nothing typed is lost; like any terminal's flow control, the
 * signal keys among them wait too. */
static bool throttled;
static char ready[LINE_MAX]; /* finished input not yet read */
static size_t ready_len, ready_off;
static int eof_pending; /* ^D on an empty line: the next read returns 0 */
static bool reader_waits; /* a read said "ask again" since the last wake */
static uint32_t pollers;   /* poll(2) links on the console (proc.h) */
static void finish_line_now(void);
static void resume_input(void);
static uint32_t mode = PX_TTY_CANON | PX_TTY_ECHO | PX_TTY_SIGNAL | PX_TTY_CRNL | PX_TTY_OPOST;
static uint32_t vmin = 1;
/* The console is the controlling terminal of one session (init's at
 * boot; 0: none, once its leader has gone), and one of that session's
 * groups is its foreground. */
static uint32_t console_sid = 1, foreground = 1;

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
	resume_input(); /* raw input may have room where a line had none */
	return 0;
}

/* Hands the line over whole, its newline with it: if the unread input
 * has no room for all of it, it waits (line_waits) for a read. */
/* Moves the unread input to the front of its buffer. */
static void compact(void)
{
	if (ready_off) {
		memmove(ready, ready + ready_off, ready_len - ready_off);
		ready_len -= ready_off;
		ready_off = 0;
	}
}

static void finish_line(void)
{
	compact();
	line_waits = ready_len + line_len > LINE_MAX;
	if (line_waits)
		return;
	memcpy(ready + ready_len, line, line_len);
	ready_len += line_len;
	line_len = 0;
}

/* Input came: if a read waits, every process of the foreground group may
 * be its reader (no one else may read), so each is woken; one that was
 * not reading asks its own question once more. */
static void wake_readers(void)
{
	proc_poll_wake(&pollers); /* poll(2)'s waiters look again, reading or not */
	if (!reader_waits)
		return;
	reader_waits = false;
	for (struct proc *q = jobs_next_member(foreground, 0); q;
	     q = jobs_next_member(foreground, q->pid))
		proc_wake(q);
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
		/* Raw: every byte as it comes (tty_input takes one only when
		 * there is room). */
		if (ready_len == LINE_MAX)
			compact();
		ready[ready_len++] = c;
		echo(c);
		wake_readers();
		return;
	}
	if (c == CTRL('D')) {
		if (line_len == 0)
			eof_pending = 1;
		finish_line();
		wake_readers();
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
		/* Past MAX_CANON - 1 bytes the rest of the line is dropped
		 * (not echoed); its newline always has room. */
		line[line_len++] = c;
		echo(c);
		if (c == '\n') {
			finish_line();
			wake_readers();
		}
	}
}

static void finish_line_now(void)
{
	finish_line();
	wake_readers();
}

/* Whether the next byte typed has somewhere to go. */
static bool input_has_room(void)
{
	return mode & PX_TTY_CANON ? !line_waits : ready_len - ready_off < LINE_MAX;
}

void tty_input(void)
{
	int c;
	while (input_has_room() && (c = console_getc()) >= 0)
		input_byte((char)c);
	throttled = !input_has_room();
	if (!throttled)
		console_ack();
}

/* A read or a mode change made room: take what waits in the UART. */
static void resume_input(void)
{
	if (throttled && input_has_room())
		tty_input();
}

/* Copies up to len bytes of finished input to buf. Returns the count, 0 at
 * end of file (^D on an empty line), or -1 if nothing is ready: the
 * foreground group is woken by tty_input when something is. */
static long tty_read(char *buf, size_t len)
{
	if (ready_off < ready_len) {
		size_t n = ready_len - ready_off < len ? ready_len - ready_off : len;
		/* A canonical read returns one line at most (POSIX 11.1.6). */
		if (mode & PX_TTY_CANON) {
			for (size_t i = 0; i < n; i++) {
				if (ready[ready_off + i] == '\n') {
					n = i + 1;
					break;
				}
			}
		}
		memcpy(buf, ready + ready_off, n);
		ready_off += n;
		if (ready_off == ready_len)
			ready_off = ready_len = 0;
		if (line_waits)
			finish_line(); /* room for the line that waited, perhaps */
		return (long)n;
	}
	if (eof_pending) {
		eof_pending = 0;
		return 0;
	}
	if (!(mode & PX_TTY_CANON) && vmin == 0)
		return 0; /* raw, VMIN 0: do not wait */
	reader_waits = true;
	return -1;
}

/* ---- the terminal's jobs ---------------------------------------------------- */

/* Whether the console is p's controlling terminal: p is in its session. */
static bool controls(const struct proc *p)
{
	return console_sid && p->sid == console_sid;
}

long tty_tcgetpgrp(struct proc *p)
{
	return controls(p) ? (long)foreground : -PX_ENOTTY;
}

/* p in the background uses the console: its group gets sig (SIGTTIN,
 * SIGTTOU) and p asks again once continued. A reader that cannot be
 * stopped gets EIO; a writer ignoring or blocking SIGTTOU is asking to
 * go ahead anyway (POSIX), and so is a tcsetpgrp. */
static long background_use(struct proc *p, int sig)
{
	if (p->pgid == foreground)
		return 0;
	if (signal_refused(p, sig))
		return sig == PX_SIGTTOU ? 0 : -PX_EIO;
	if (jobs_orphaned(p->pgid))
		return -PX_EIO;
	signal_group(p->pgid, sig);
	return -PX_EWOULDBLOCK_INTERNAL;
}

long tty_tcsetpgrp(struct proc *p, uint64_t pgid)
{
	if (pgid == 0 || pgid >= MAX_PROCS)
		return -PX_EINVAL;
	/* Taking the terminal: only a session leader with the system right
	 * (the console session init starts) makes the console its own. */
	bool take = !controls(p);
	if (take && !(p->system_right && p->sid == p->pid))
		return -PX_ENOTTY;
	if (!jobs_in_session((uint32_t)pgid, p->sid))
		return -PX_EPERM;
	if (!take) {
		long err = background_use(p, PX_SIGTTOU);
		if (err)
			return err;
	}
	console_sid = p->sid;
	foreground = (uint32_t)pgid;
	if (ready_len > ready_off || eof_pending)
		wake_readers(); /* input waits for them */
	return 0;
}

void tty_exit(struct proc *p)
{
	if (p->pid != console_sid)
		return;
	signal_group(foreground, PX_SIGHUP);
	console_sid = foreground = 0;
}

/* Only the console's session reads it: anyone else gets EIO. */
static long tty_background_read(struct proc *p)
{
	return controls(p) ? background_use(p, PX_SIGTTIN) : -PX_EIO;
}

static long tty_background_write(struct proc *p)
{
	return mode & PX_TTY_TOSTOP && controls(p) ? background_use(p, PX_SIGTTOU) : 0;
}

/* ---- the console as an open file -------------------------------------------- */

/* The console's input goes to its foreground group: a background reader
 * is stopped by SIGTTIN first. */
long tty_file_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	long err = tty_background_read(p);
	if (err)
		return err;
	long n = tty_read(buf, len);
	if (n > 0)
		resume_input();
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

static uint32_t *tty_poll_list(struct file *f)
{
	return &pollers;
}

const struct file_ops tty_file_ops = {
	.read = tty_file_read,
	.write = tty_file_write,
	.stat = tty_stat,
	.poll = tty_file_poll,
	.poll_list = tty_poll_list,
};
