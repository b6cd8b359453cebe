/* Job control: stop signals stop a process until SIGCONT, wait(WUNTRACED)
 * reports a stop once, signals caught while stopped wait for SIGCONT, the
 * tty's stop signals do nothing to an orphaned process group, a process
 * group orphaned with a stopped member gets SIGHUP and SIGCONT, and a
 * background read of the console stops the reader (SIGTTIN). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <ration/objects.h>
#include <rn/budget.h>
#include "pxtest.h"

static int tick_fd = -1; /* the children's end of the pipe they write to */

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Writes 't' every 10 ms, until killed: while it runs, the pipe fills. */
static int ticker(long own_group)
{
	if (own_group)
		setpgid(0, 0);
	for (;;) {
		if (write(tick_fd, "t", 1) != 1)
			return 1;
		nap_ms(10);
	}
}

static void wrote_u(int sig)
{
	(void)sig;
	write(tick_fd, "u", 1);
}

/* A ticker in its own group that writes 'u' on SIGUSR1. */
static int ticker_usr1(long unused)
{
	(void)unused;
	signal(SIGUSR1, wrote_u);
	return ticker(1);
}

/* Reads what is in the pipe now (rd is non-blocking): how many bytes,
 * and whether a 'u' was among them. */
static int drain(int rd, int *saw_u)
{
	char buf[256];
	int n = 0;
	ssize_t got;
	while ((got = read(rd, buf, sizeof buf)) > 0) {
		n += (int)got;
		if (saw_u && memchr(buf, 'u', (size_t)got))
			*saw_u = 1;
	}
	return n;
}

/* Whether the ticker runs: its ticks arrive within 200 ms. */
static int ticks(int rd)
{
	for (int i = 0; i < 20; i++) {
		nap_ms(10);
		if (drain(rd, NULL))
			return 1;
	}
	return 0;
}

/* A pipe whose read end does not block, its write end for the tickers;
 * a ticker (body) started on it, ticking. */
static int start_ticker(int (*body)(long), int fds[2], pid_t *pid)
{
	*pid = -1;
	fds[0] = fds[1] = -1;
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	tick_fd = fds[1];
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0)
		return fail("O_NONBLOCK: %s", strerror(errno));
	*pid = spawn(body, 0);
	if (*pid < 0)
		return fail("fork: %s", strerror(errno));
	if (!ticks(fds[0]))
		return fail("the ticker does not tick");
	return 0;
}

static int send(pid_t pid, int sig)
{
	return kill(pid, sig) < 0 ? fail("kill(%d, %d): %s", (int)pid, sig, strerror(errno)) : 0;
}

/* Waits (WUNTRACED) for pid to stop by sig; the server must show it stopped. */
static int expect_stop(pid_t pid, int sig)
{
	int status;
	pid_t r = waitpid(pid, &status, WUNTRACED);
	if (r != pid)
		return fail("waitpid(%d, WUNTRACED) = %d: %s", (int)pid, (int)r, strerror(errno));
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != sig)
		return fail("status %#x, expected stopped by %d", status, sig);
	struct px_budget_info info;
	if (rn_budget_info(pid, &info) < 0 || info.state != PX_STATE_STOPPED)
		return fail("a stopped child is in state %lu", info.state);
	return 0;
}

/* Stops pid with SIGSTOP, then ends it with sig: it must die of sig
 * while stopped. */
static int end_stopped(pid_t pid, int sig)
{
	int r = send(pid, SIGSTOP);
	if (!r)
		r = expect_stop(pid, SIGSTOP);
	if (!r)
		r = send(pid, sig);
	return r ? r : expect_signal(pid, sig);
}

/* SIGSTOP stops a child, which then does nothing (its timer wake-ups
 * included) until SIGCONT; wait(WUNTRACED) reports the stop once, and
 * wait(WCONTINUED) the continue; plain wait reports neither; SIGKILL ends
 * a stopped child. */
int test_stop_continue(void)
{
	int fds[2], status;
	pid_t pid;
	int r = start_ticker(ticker, fds, &pid);
	if (!r)
		r = send(pid, SIGSTOP);
	if (!r)
		r = expect_stop(pid, SIGSTOP);
	drain(fds[0], NULL);
	if (!r && ticks(fds[0]))
		r = fail("a stopped child still ran");
	if (!r && waitpid(pid, &status, WUNTRACED | WNOHANG) != 0)
		r = fail("a stop was reported twice");
	if (!r && waitpid(pid, &status, WNOHANG) != 0)
		r = fail("wait without WUNTRACED reported a stop");
	if (!r && waitpid(pid, &status, 0x100) != -1)
		r = fail("waitpid took an unknown option");
	if (!r)
		r = send(pid, SIGCONT);
	if (!r && !ticks(fds[0]))
		r = fail("SIGCONT did not continue the child");
	if (!r && (waitpid(pid, &status, WCONTINUED) != pid || !WIFCONTINUED(status)))
		r = fail("wait(WCONTINUED) did not report the continue: status %#x", status);
	if (!r && waitpid(pid, &status, WCONTINUED | WUNTRACED | WNOHANG) != 0)
		r = fail("a continue was reported twice");
	if (!r)
		r = end_stopped(pid, SIGKILL);
	close(fds[0]);
	close(fds[1]);
	return r;
}

/* SIGTSTP stops a child in a group of its own; a signal it catches
 * waits while it is stopped and its handler runs once it continues;
 * SIGTERM ends a stopped child at once (as on Linux). */
int test_stop_pending_signals(void)
{
	int fds[2], saw_u = 0;
	pid_t pid;
	int r = start_ticker(ticker_usr1, fds, &pid);
	if (!r)
		r = send(pid, SIGTSTP);
	if (!r)
		r = expect_stop(pid, SIGTSTP);
	drain(fds[0], NULL);
	if (!r)
		r = send(pid, SIGUSR1);
	nap_ms(100);
	if (!r && drain(fds[0], &saw_u))
		r = fail("a stopped child ran (its handler%s)", saw_u ? " too" : "");
	if (!r)
		r = send(pid, SIGCONT);
	for (int i = 0; !r && !saw_u && i < 50; i++) {
		nap_ms(10);
		drain(fds[0], &saw_u);
	}
	if (!r && !saw_u)
		r = fail("the signal sent while stopped was not handled after SIGCONT");
	if (!r)
		r = end_stopped(pid, SIGTERM);
	close(fds[0]);
	close(fds[1]);
	return r;
}

/* pxtest (init) is alone in its session's only group, so a child left in
 * that group is in an orphaned group: SIGTSTP does not stop it (nothing
 * could continue it), SIGSTOP still does. */
int test_stop_orphaned_group(void)
{
	int fds[2], status;
	pid_t pid;
	if (getpid() != 1)
		return 0; /* the group is orphaned only when pxtest is init */
	int r = start_ticker(ticker, fds, &pid);
	if (!r)
		r = send(pid, SIGTSTP);
	nap_ms(50);
	if (!r && waitpid(pid, &status, WUNTRACED | WNOHANG) != 0)
		r = fail("SIGTSTP stopped a child in an orphaned group: status %#x", status);
	drain(fds[0], NULL);
	if (!r && !ticks(fds[0]))
		r = fail("the child in an orphaned group stopped ticking after SIGTSTP");
	if (!r)
		r = end_stopped(pid, SIGKILL);
	close(fds[0]);
	close(fds[1]);
	return r;
}

/* In a session of its own: starts a child in another group, which
 * stops itself (SIGTSTP: its group is not orphaned while we live), and
 * ends once it has seen the stop. */
static int stop_then_orphan(long unused)
{
	(void)unused;
	if (setsid() < 0)
		return 10;
	pid_t g = fork();
	if (g == 0) {
		setpgid(0, 0);
		raise(SIGTSTP);
		_exit(0); /* continued without a SIGHUP: the test fails */
	}
	int status;
	if (g < 0 || waitpid(g, &status, WUNTRACED) != g || !WIFSTOPPED(status))
		return 11;
	return 0;
}

/* When its parent ends, a stopped process whose group that orphans gets
 * SIGHUP then SIGCONT, and so ends (a session leader's job left behind
 * when the shell exits). init reaps it. */
int test_stop_orphaned_by_exit(void)
{
	int status;
	if (getpid() != 1)
		return 0; /* the orphan is reaped by init */
	if (expect_exit(spawn(stop_then_orphan, 0), 0) < 0)
		return -1;
	pid_t g = wait(&status);
	if (g < 0)
		return fail("wait for the orphan: %s", strerror(errno));
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGHUP)
		return fail("orphan %d: status %#x, expected death by SIGHUP", (int)g, status);
	return 0;
}

/* In a group of its own (the background), uses the console: reads it
 * (BG_READ) or writes a newline, first ignoring SIGTTIN or SIGTTOU
 * (BG_IGNORE). Exits with the errno of a failure, else 100 + the bytes. */
#define BG_READ   1
#define BG_IGNORE 2
static int use_console_in_background(long how)
{
	char c = '\n';
	setpgid(0, 0);
	if (how & BG_IGNORE)
		signal(how & BG_READ ? SIGTTIN : SIGTTOU, SIG_IGN);
	ssize_t n = how & BG_READ ? read(0, &c, 1) : write(1, &c, 1);
	return n < 0 ? errno : 100 + (int)n;
}

/* The console's input is the foreground group's: a background reader is
 * stopped by SIGTTIN (it takes nothing), or, ignoring SIGTTIN, gets EIO. */
int test_stop_background_read(void)
{
	if (getpid() != 1)
		return 0; /* pxtest's group must be the console's foreground */
	pid_t pid = spawn(use_console_in_background, BG_READ);
	int r = pid < 0 ? fail("fork: %s", strerror(errno)) : expect_stop(pid, SIGTTIN);
	if (!r)
		r = send(pid, SIGKILL);
	if (!r)
		r = expect_signal(pid, SIGKILL);
	if (!r)
		r = expect_exit(spawn(use_console_in_background, BG_READ | BG_IGNORE), EIO);
	return r;
}

static volatile int usr1_runs;

static void count_usr1(int sig)
{
	(void)sig;
	usr1_runs++;
}

/* With SIGTSTP blocked and pending, sigsuspend(empty) must stop (not say
 * EINTR: no handler ran), and continued, wait on until SIGUSR1's handler
 * runs; then the old mask (SIGTSTP blocked) is back. */
static int suspend_through_a_stop(long unused)
{
	sigset_t tstp, none, now;
	(void)unused;
	setpgid(0, 0);
	signal(SIGUSR1, count_usr1);
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &tstp, NULL);
	raise(SIGTSTP); /* pending, blocked */
	int r = sigsuspend(&none);
	if (r != -1 || errno != EINTR || usr1_runs != 1)
		return 10;
	sigprocmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, SIGTSTP) && !sigismember(&now, SIGUSR1) ? 0 : 11;
}

int test_stop_in_sigsuspend(void)
{
	pid_t pid = spawn(suspend_through_a_stop, 0);
	int r = pid < 0 ? fail("fork: %s", strerror(errno)) : expect_stop(pid, SIGTSTP);
	if (!r)
		r = send(pid, SIGCONT);
	nap_ms(50);
	if (!r)
		r = send(pid, SIGUSR1);
	return r ? r : expect_exit(pid, 0);
}

/* With TOSTOP, a background writer to the console is stopped by SIGTTOU,
 * unless it ignores SIGTTOU; without TOSTOP, it writes. */
int test_stop_background_write(void)
{
	struct termios old, t;
	if (getpid() != 1)
		return 0; /* pxtest's group must be the console's foreground */
	if (tcgetattr(0, &old) < 0)
		return fail("tcgetattr: %s", strerror(errno));
	t = old;
	t.c_lflag |= TOSTOP;
	if (tcsetattr(0, TCSANOW, &t) < 0)
		return fail("tcsetattr TOSTOP: %s", strerror(errno));
	pid_t pid = spawn(use_console_in_background, 0);
	int r = pid < 0 ? fail("fork: %s", strerror(errno)) : expect_stop(pid, SIGTTOU);
	if (!r)
		r = send(pid, SIGKILL);
	if (!r)
		r = expect_signal(pid, SIGKILL);
	if (!r)
		r = expect_exit(spawn(use_console_in_background, BG_IGNORE), 101);
	if (tcsetattr(0, TCSANOW, &old) < 0 && !r)
		r = fail("tcsetattr back: %s", strerror(errno));
	if (!r)
		r = expect_exit(spawn(use_console_in_background, 0), 101);
	return r;
}

/* ---- a process group's turns outlive its leader ------------------------------ */

static int groups_held(pid_t pid)
{
	struct px_budget_info info;
	return rn_budget_info(pid, &info) < 0 ? -1 : (int)info.objects[RN_OBJ_SCHED_GROUP];
}

/* Leads a group of its own until a byte comes on its pipe. */
static int lead_until_told(long rd)
{
	char c;
	setpgid(0, 0);
	return read((int)rd, &c, 1) == 1 ? 0 : 1;
}

/* The CPU turns of a process group (its SchedGroup, kept in its leader's
 * kernel block) are handed to a member when the leader is reaped, so a
 * pipeline's later stages keep sharing one turn; a process that joins
 * the group then gets the same. */
int test_group_outlives_leader(void)
{
	int fds[2];
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t leader = spawn(lead_until_told, fds[0]);
	pid_t member = spawn(park, 0);
	int r = leader < 0 || member < 0 ? fail("fork: %s", strerror(errno)) : 0;
	for (int i = 0; !r && getpgid(leader) != leader && i < 100; i++)
		nap_ms(5);
	if (!r && setpgid(member, leader) < 0)
		r = fail("setpgid(member, leader): %s", strerror(errno));
	if (!r && (groups_held(leader) != 1 || groups_held(member) != 0))
		r = fail("before: the leader holds %d groups, the member %d", groups_held(leader),
		         groups_held(member));
	if (!r && write(fds[1], "x", 1) != 1)
		r = fail("write: %s", strerror(errno));
	if (!r)
		r = expect_exit(leader, 0); /* reaped: its kernel block is gone */
	if (!r && groups_held(member) != 1)
		r = fail("after the leader was reaped the member holds %d groups", groups_held(member));
	pid_t late = r ? -1 : spawn(park, 0);
	if (!r && (late < 0 || setpgid(late, leader) < 0))
		r = fail("joining the leaderless group: %s", strerror(errno));
	if (!r && groups_held(late) != 0)
		r = fail("a process joining the group made a group of its own");
	close(fds[0]);
	close(fds[1]);
	for (int i = 0; i < 2; i++) {
		pid_t pid = i ? late : member;
		if (pid > 0 && !r)
			r = send(pid, SIGKILL) ? -1 : expect_signal(pid, SIGKILL);
	}
	return r;
}

/* ---- the terminal is its session's ------------------------------------------ */

/* In a session of its own (as a daemon makes one): neither reads the
 * console (EIO) nor takes it (ENOTTY), nor learns its foreground. */
static int other_session_uses_console(long unused)
{
	char c;
	(void)unused;
	if (setsid() < 0)
		return 10;
	if (tcsetpgrp(0, getpid()) != -1 || errno != ENOTTY)
		return 11;
	if (tcgetpgrp(0) != -1 || errno != ENOTTY)
		return 12;
	if (read(0, &c, 1) != -1 || errno != EIO)
		return 13;
	return write(1, "", 0) == 0 ? 0 : 14; /* writing is not refused */
}

int test_tty_other_session(void)
{
	if (getpid() != 1)
		return 0; /* pxtest's session must be the console's */
	if (expect_exit(spawn(other_session_uses_console, 0), 0) < 0)
		return -1;
	if (tcgetpgrp(0) != getpgrp())
		return fail("the foreground is %d, not pxtest's group", (int)tcgetpgrp(0));
	return 0;
}

/* In a group of its own (the background), makes it the foreground:
 * stopped by SIGTTOU, unless it ignores SIGTTOU (how 1). */
static int take_console_from_background(long how)
{
	setpgid(0, 0);
	if (how)
		signal(SIGTTOU, SIG_IGN);
	return tcsetpgrp(0, getpgrp()) == 0 ? 0 : errno;
}

/* A background group's tcsetpgrp is stopped by SIGTTOU, and does nothing
 * until continued; ignoring SIGTTOU, it is done (POSIX), and pxtest (init:
 * ignoring everything) takes the console back the same way. */
int test_tty_background_tcsetpgrp(void)
{
	if (getpid() != 1)
		return 0;
	pid_t pid = spawn(take_console_from_background, 0);
	int r = pid < 0 ? fail("fork: %s", strerror(errno)) : expect_stop(pid, SIGTTOU);
	if (!r && tcgetpgrp(0) != getpgrp())
		r = fail("a stopped background tcsetpgrp changed the foreground to %d",
		         (int)tcgetpgrp(0));
	if (!r)
		r = send(pid, SIGKILL);
	if (!r)
		r = expect_signal(pid, SIGKILL);
	if (!r)
		r = expect_exit(spawn(take_console_from_background, 1), 0);
	if (tcgetpgrp(0) == getpgrp() && !r)
		r = fail("ignoring SIGTTOU, the background group did not get the console");
	if (tcsetpgrp(0, getpgrp()) < 0 && !r)
		r = fail("taking the console back: %s", strerror(errno));
	return r;
}
