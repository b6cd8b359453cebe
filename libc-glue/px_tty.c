/* The console's modes (termios) and the calls on process groups and
 * sessions (signals: px_signal.c). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <rn/px_call.h>
#include "syscalls.h"

#define CONSOLE_PATH "/dev/console"

/* Only the console has modes: anything else is not a terminal, /dev/null
 * and /dev/zero included (character devices too). The console is known by
 * its file number, /dev/console's (asked once), or by none at all: the
 * descriptors the server opens on it at boot (fds 0-2 of init, inherited
 * by everything) report file number 0 (personality/tty.c's stat). */
int px_console(int fd)
{
	static ino_t console_ino;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	if (S_ISCHR(st.st_mode) && !console_ino) {
		struct stat c;
		if (stat(CONSOLE_PATH, &c) == 0)
			console_ino = c.st_ino;
	}
	if (!S_ISCHR(st.st_mode) || (st.st_ino != 0 && st.st_ino != console_ino)) {
		errno = ENOTTY;
		return -1;
	}
	return 0;
}

int ttyname_r(int fd, char *buf, size_t size)
{
	if (px_console(fd) < 0)
		return errno;
	if (size < sizeof CONSOLE_PATH)
		return ERANGE;
	memcpy(buf, CONSOLE_PATH, sizeof CONSOLE_PATH);
	return 0;
}

char *ttyname(int fd)
{
	static char name[sizeof CONSOLE_PATH];
	int r = ttyname_r(fd, name, sizeof name);

	if (r) {
		errno = r;
		return NULL;
	}
	return name;
}

/* The flags this process set that the console does not act on, reported
 * back as they were set. */
static struct termios kept = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = CS8 | CREAD,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN,
	.c_cc = { [VINTR] = 3,
	          [VQUIT] = 28,
	          [VERASE] = 127,
	          [VKILL] = 21,
	          [VEOF] = 4,
	          [VMIN] = 1,
	          [VSTART] = 17,
	          [VSTOP] = 19,
	          [VSUSP] = 26 },
	.c_ispeed = B115200,
	.c_ospeed = B115200,
};

int tcgetattr(int fd, struct termios *t)
{
	long mode[3];
	if (px_console(fd) < 0)
		return -1;
	long r = px_call(PX_TCGETATTR, 0, 0, 0, mode);
	if (r < 0)
		return px_return(r);
	*t = kept;
	t->c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | TOSTOP);
	t->c_iflag &= ~(tcflag_t)ICRNL;
	t->c_lflag |= (mode[0] & PX_TTY_CANON ? ICANON : 0) | (mode[0] & PX_TTY_ECHO ? ECHO : 0) |
	              (mode[0] & PX_TTY_SIGNAL ? ISIG : 0) | (mode[0] & PX_TTY_TOSTOP ? TOSTOP : 0);
	t->c_iflag |= mode[0] & PX_TTY_CRNL ? ICRNL : 0;
	t->c_oflag = (t->c_oflag & ~(tcflag_t)OPOST) | (mode[0] & PX_TTY_OPOST ? OPOST : 0);
	t->c_cc[VMIN] = (cc_t)mode[1];
	return 0;
}

int tcsetattr(int fd, int when, const struct termios *t)
{
	if (px_console(fd) < 0)
		return -1;
	if (when < TCSANOW || when > TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	long mode =
	    (t->c_lflag & ICANON ? PX_TTY_CANON : 0) | (t->c_lflag & ECHO ? PX_TTY_ECHO : 0) |
	    (t->c_lflag & ISIG ? PX_TTY_SIGNAL : 0) | (t->c_iflag & ICRNL ? PX_TTY_CRNL : 0) |
	    (t->c_oflag & OPOST ? PX_TTY_OPOST : 0) | (t->c_lflag & TOSTOP ? PX_TTY_TOSTOP : 0);
	long r = px_call(PX_TCSETATTR, mode, t->c_cc[VMIN] ? 1 : 0, 0, NULL);
	if (r < 0)
		return px_return(r);
	kept = *t;
	return 0;
}

void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag = (t->c_cflag & ~(tcflag_t)(CSIZE | PARENB)) | CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

speed_t cfgetispeed(const struct termios *t)
{
	return t->c_ispeed;
}

speed_t cfgetospeed(const struct termios *t)
{
	return t->c_ospeed;
}

int cfsetispeed(struct termios *t, speed_t s)
{
	t->c_ispeed = s;
	return 0;
}

int cfsetospeed(struct termios *t, speed_t s)
{
	t->c_ospeed = s;
	return 0;
}

pid_t tcgetpgrp(int fd)
{
	if (px_console(fd) < 0)
		return -1;
	return (pid_t)px_return(px_call(PX_TCGETPGRP, 0, 0, 0, NULL));
}

int tcsetpgrp(int fd, pid_t pgid)
{
	if (px_console(fd) < 0)
		return -1;
	/* From the background it waits, stopped by SIGTTOU, and asks again. */
	return px_return(px_call_blocking(PX_TCSETPGRP, pgid, 0, 0, NULL));
}

int setpgid(pid_t pid, pid_t pgid)
{
	return px_return(px_call(PX_SETPGID, pid, pgid, 0, NULL));
}

pid_t getpgid(pid_t pid)
{
	return px_return(px_call(PX_GETPGID, pid, 0, 0, NULL));
}

pid_t getpgrp(void)
{
	return getpgid(0);
}

pid_t setsid(void)
{
	return px_return(px_call(PX_SETSID, 0, 0, 0, NULL));
}
