/* Signal handlers running in the process: delivery to oneself and from
 * another process, masks, sigreturn's exact resumption, interrupted waits,
 * SIGCHLD, and the requests the server must refuse. Every test puts the
 * actions and the mask back as it found them. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/px_call.h>
#include "pxtest.h"

static volatile sig_atomic_t runs[NSIG]; /* handler runs per signal */
static volatile sig_atomic_t order[8], norder;
static volatile uintptr_t handler_sp;

static void counting(int sig)
{
	volatile char here;

	handler_sp = (uintptr_t)&here;
	runs[sig]++;
	if (norder < 8)
		order[norder++] = sig;
}

static void clear_runs(void)
{
	memset((void *)runs, 0, sizeof runs);
	norder = 0;
}

/* Sets sig's handler (SIG_DFL, SIG_IGN or a function); -1 on error. */
static int handle(int sig, void (*h)(int), int flags, sigset_t mask)
{
	struct sigaction sa = { .sa_handler = h, .sa_mask = mask, .sa_flags = flags };

	return sigaction(sig, &sa, NULL);
}

/* Puts the test's signals back to their default and unblocks all. */
static void restore(void)
{
	sigset_t none;

	sigemptyset(&none);
	handle(SIGUSR1, SIG_DFL, 0, none);
	handle(SIGUSR2, SIG_DFL, 0, none);
	handle(SIGCHLD, SIG_DFL, 0, none);
	handle(SIGPIPE, SIG_DFL, 0, none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static int done(int r)
{
	restore();
	return r;
}

/* kill(getpid()) and raise run the handler before they return, on the
 * process's stack below the caller's frame; signal() sets a handler too. */
int test_sighandler_self(void)
{
	volatile char here;
	sigset_t none;

	sigemptyset(&none);
	clear_runs();
	if (handle(SIGUSR1, counting, 0, none) < 0)
		return fail("sigaction: %s", strerror(errno));
	if (kill(getpid(), SIGUSR1) < 0)
		return done(fail("kill: %s", strerror(errno)));
	if (runs[SIGUSR1] != 1)
		return done(fail("the handler ran %d times before kill returned", runs[SIGUSR1]));
	if (handler_sp >= (uintptr_t)&here || handler_sp < (uintptr_t)&here - 16384)
		return done(fail("the handler's stack at %#lx, the caller's at %p",
		                 (unsigned long)handler_sp, (void *)&here));
	if (signal(SIGUSR2, counting) != SIG_DFL)
		return done(fail("signal() did not return the old SIG_DFL"));
	if (raise(SIGUSR2) != 0 || runs[SIGUSR2] != 1)
		return done(fail("raise: the handler ran %d times", runs[SIGUSR2]));
	if (signal(SIGUSR2, SIG_DFL) != counting)
		return done(fail("signal() did not return the old handler"));
	return done(0);
}

static int kill_parent_twice(long sig)
{
	usleep(10 * 1000);
	if (kill(getppid(), (int)sig) < 0)
		return 1;
	usleep(10 * 1000);
	return kill(getppid(), (int)sig) < 0 ? 1 : 0;
}

/* A child's kill runs the parent's handler (the parent waits meanwhile,
 * restarted by SA_RESTART); a handler does not make SIGKILL catchable. */
int test_sighandler_from_child(void)
{
	sigset_t none;

	sigemptyset(&none);
	clear_runs();
	if (handle(SIGUSR1, counting, SA_RESTART, none) < 0)
		return fail("sigaction: %s", strerror(errno));
	if (expect_exit(spawn(kill_parent_twice, SIGUSR1), 0) < 0)
		return done(-1);
	if (runs[SIGUSR1] != 2)
		return done(fail("the handler ran %d times, expected 2", runs[SIGUSR1]));
	if (handle(SIGKILL, counting, 0, none) != -1 || errno != EINVAL)
		return done(fail("a handler for SIGKILL: %s, expected EINVAL", strerror(errno)));
	if (handle(SIGSTOP, counting, 0, none) != -1 || errno != EINVAL)
		return done(fail("a handler for SIGSTOP: %s, expected EINVAL", strerror(errno)));
	return done(0);
}

static int ready[2]; /* children say "r" here once their action is set */

/* Sets a handler for SIGUSR1, then waits to be killed. */
static int handles_usr1(long unused)
{
	sigset_t none;

	(void)unused;
	sigemptyset(&none);
	if (handle(SIGUSR1, counting, 0, none) < 0)
		return 1;
	write(ready[1], "r", 1);
	park(0);
}

/* Ignores SIGUSR1, then lives a while. */
static int ignores_usr1(long unused)
{
	(void)unused;
	if (signal(SIGUSR1, SIG_IGN) == SIG_ERR)
		return 1;
	write(ready[1], "r", 1);
	usleep(40 * 1000);
	return 7;
}

/* The default action still ends a process, a handler for one signal does
 * not catch another, and an ignored signal stays ignored. */
int test_sighandler_defaults(void)
{
	char got[2];
	if (pipe(ready) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t a = spawn(park, 0), b = spawn(handles_usr1, 0), c = spawn(ignores_usr1, 0);
	sigset_t none;
	ssize_t n = read(ready[0], got, 1) + read(ready[0], got + 1, 1);
	close(ready[0]);
	close(ready[1]);
	if (a < 0 || b < 0 || c < 0)
		return fail("fork: %s", strerror(errno));
	if (n != 2)
		return fail("the children did not get ready");
	if (kill(a, SIGUSR1) < 0 || kill(b, SIGTERM) < 0 || kill(c, SIGUSR1) < 0)
		return fail("kill: %s", strerror(errno));
	if (expect_signal(a, SIGUSR1) < 0 || expect_signal(b, SIGTERM) < 0 || expect_exit(c, 7) < 0)
		return -1;
	/* Ignored here too; and SIG_IGN discards a pending signal. */
	sigemptyset(&none);
	clear_runs();
	if (signal(SIGUSR1, SIG_IGN) == SIG_ERR || raise(SIGUSR1) != 0)
		return done(fail("ignoring SIGUSR1 in the test: %s", strerror(errno)));
	sigset_t usr1, pending;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	handle(SIGUSR1, counting, 0, none);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	handle(SIGUSR1, SIG_IGN, 0, none);
	if (sigpending(&pending) < 0 || sigismember(&pending, SIGUSR1))
		return done(fail("a pending signal set to SIG_IGN was not discarded"));
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	if (runs[SIGUSR1] != 0)
		return done(fail("an ignored signal ran the old handler"));
	return done(0);
}

/* A blocked signal waits, shows in sigpending, and runs its handler when
 * unblocked, before sigprocmask returns. SIGKILL cannot be blocked. */
int test_sighandler_mask(void)
{
	sigset_t usr1, old, pending, all, now;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	clear_runs();
	if (handle(SIGUSR1, counting, 0, usr1) < 0 || sigprocmask(SIG_BLOCK, &usr1, &old) < 0)
		return done(fail("sigaction or sigprocmask: %s", strerror(errno)));
	if (sigismember(&old, SIGUSR1))
		return done(fail("SIGUSR1 was blocked before the test"));
	raise(SIGUSR1);
	raise(SIGUSR1); /* not queued: one delivery */
	if (runs[SIGUSR1] != 0)
		return done(fail("a blocked signal ran its handler"));
	if (sigpending(&pending) < 0 || !sigismember(&pending, SIGUSR1))
		return done(fail("SIGUSR1 is not pending"));
	if (sigprocmask(SIG_UNBLOCK, &usr1, NULL) < 0)
		return done(fail("sigprocmask: %s", strerror(errno)));
	if (runs[SIGUSR1] != 1)
		return done(fail("unblocked, the handler ran %d times, expected 1", runs[SIGUSR1]));
	if (sigpending(&pending) < 0 || sigismember(&pending, SIGUSR1))
		return done(fail("SIGUSR1 still pending after its handler"));
	sigfillset(&all);
	if (sigprocmask(SIG_SETMASK, &all, NULL) < 0 || sigprocmask(SIG_BLOCK, NULL, &now) < 0)
		return done(fail("sigprocmask of everything: %s", strerror(errno)));
	if (sigismember(&now, SIGKILL) || sigismember(&now, SIGSTOP) || !sigismember(&now, SIGTERM))
		return done(fail("mask %#lx after blocking everything", (unsigned long)now));
	return done(0);
}

static sigset_t mask_in_handler;

/* Raises SIGUSR2 from inside SIGUSR1's handler: blocked by sa_mask, it
 * must run only once this handler has returned. */
static void raises_usr2(int sig)
{
	counting(sig);
	sigprocmask(SIG_BLOCK, NULL, &mask_in_handler);
	raise(SIGUSR2);
	if (norder < 8)
		order[norder++] = 100; /* "still in SIGUSR1's handler" */
}

/* sigreturn restores the mask from before the handler; a signal the
 * handler's mask held back runs right after it; SA_RESETHAND and
 * SA_NODEFER. */
int test_sighandler_sigreturn_mask(void)
{
	sigset_t none, usr2, now;
	struct sigaction sa;

	sigemptyset(&none);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	clear_runs();
	if (handle(SIGUSR1, raises_usr2, 0, usr2) < 0 || handle(SIGUSR2, counting, 0, none) < 0)
		return done(fail("sigaction: %s", strerror(errno)));
	raise(SIGUSR1);
	if (!sigismember(&mask_in_handler, SIGUSR1) || !sigismember(&mask_in_handler, SIGUSR2))
		return done(fail("mask in the handler %#lx: no SIGUSR1 or SIGUSR2",
		                 (unsigned long)mask_in_handler));
	if (norder != 3 || order[0] != SIGUSR1 || order[1] != 100 || order[2] != SIGUSR2)
		return done(fail("handlers ran in the wrong order (%d: %d %d %d)", norder, order[0],
		                 order[1], order[2]));
	if (sigprocmask(SIG_BLOCK, NULL, &now) < 0 || now != 0)
		return done(
		    fail("mask %#lx after the handlers, expected none", (unsigned long)now));
	/* Without SA_NODEFER the same signal waits; with it, it nests. */
	clear_runs();
	if (handle(SIGUSR1, counting, SA_RESETHAND | SA_NODEFER, none) < 0)
		return done(fail("sigaction SA_RESETHAND: %s", strerror(errno)));
	raise(SIGUSR1);
	if (runs[SIGUSR1] != 1 || sigaction(SIGUSR1, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
		return done(fail("SA_RESETHAND: ran %d times, then action %p", runs[SIGUSR1],
		                 (void *)sa.sa_handler));
	return done(0);
}

/* Sends sig to the parent every 10 ms, up to 50 times (the parent kills
 * this child when it has seen enough). */
static int keep_signalling(long sig)
{
	for (int i = 0; i < 50; i++) {
		usleep(10 * 1000);
		kill(getppid(), (int)sig);
	}
	return 0;
}

static int signal_then_write(long fd)
{
	usleep(20 * 1000);
	kill(getppid(), SIGUSR1);
	usleep(20 * 1000);
	return write((int)fd, "x", 1) == 1 ? 0 : 1;
}

/* A read of an empty pipe is interrupted by a handler (EINTR), or goes on
 * after it with SA_RESTART. */
int test_sighandler_eintr_pipe(void)
{
	int p[2];
	char c;
	sigset_t none;

	sigemptyset(&none);
	clear_runs();
	if (pipe(p) < 0)
		return fail("pipe: %s", strerror(errno));
	if (handle(SIGUSR1, counting, 0, none) < 0)
		return done(fail("sigaction: %s", strerror(errno)));
	pid_t pid = spawn(keep_signalling, SIGUSR1);
	ssize_t n = read(p[0], &c, 1);
	int err = errno;
	kill(pid, SIGKILL);
	if (expect_signal(pid, SIGKILL) < 0)
		return done(-1);
	if (n != -1 || err != EINTR || runs[SIGUSR1] < 1)
		return done(fail("read gave %zd (%s), handler ran %d times; expected EINTR", n,
		                 strerror(err), runs[SIGUSR1]));
	clear_runs();
	handle(SIGUSR1, counting, SA_RESTART, none);
	pid = spawn(signal_then_write, p[1]);
	n = read(p[0], &c, 1);
	err = errno;
	close(p[0]);
	close(p[1]);
	if (expect_exit(pid, 0) < 0)
		return done(-1);
	if (n != 1 || runs[SIGUSR1] != 1)
		return done(fail("with SA_RESTART, read gave %zd (%s), handler ran %d times", n,
		                 strerror(err), runs[SIGUSR1]));
	return done(0);
}

/* SIGCHLD's handler runs when a child ends, and wait still reports it
 * (after EINTR, if the handler interrupted the wait). */
int test_sighandler_sigchld(void)
{
	sigset_t none;
	int status;
	pid_t r;

	sigemptyset(&none);
	clear_runs();
	if (handle(SIGCHLD, counting, 0, none) < 0)
		return fail("sigaction: %s", strerror(errno));
	pid_t pid = spawn(sleep_then_exit, 3);
	if (pid < 0)
		return done(fail("fork: %s", strerror(errno)));
	int eintr = 0;
	while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		eintr++;
	if (r != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 3)
		return done(fail("waitpid gave %d (%s), status %#x", r, strerror(errno), status));
	forget(pid);
	if (runs[SIGCHLD] != 1 || eintr > 1)
		return done(fail("SIGCHLD's handler ran %d times, wait said EINTR %d times",
		                 runs[SIGCHLD], eintr));
	return done(0);
}

static int signal_after(long sig)
{
	usleep(20 * 1000);
	return kill(getppid(), (int)sig) < 0;
}

static volatile int regs_flag;

/* Scribbles on every register a handler may use without saving. */
static void scribbling(int sig)
{
	runs[sig]++;
	__asm__ volatile("li t0, -1\n li t1, -1\n li t2, -1\n li t3, -1\n li t4, -1\n"
	                 "li t5, -1\n li t6, -1\n li a0, -1\n li a1, -1\n li a2, -1\n"
	                 "li a3, -1\n li a4, -1\n li a5, -1\n li a6, -1\n li a7, -1\n" ::
	                     : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3",
	                       "a4", "a5", "a6", "a7");
	regs_flag = 1;
}

/* Fills 24 registers with known values and spins until *flag is set (or
 * about 2^27 rounds pass), then checks them: 0 all kept, 1 one changed,
 * 2 the flag never came. */
static long spin_with_registers(volatile int *flag)
{
	register volatile int *a0 __asm__("a0") = flag;
	long result;

	__asm__ volatile(
	    "li t0, 0x1110\n li t1, 0x1111\n li t2, 0x1112\n li t3, 0x1113\n li t4, 0x1114\n"
	    "li t5, 0x1115\n li a1, 0x2221\n li a2, 0x2222\n li a3, 0x2223\n li a4, 0x2224\n"
	    "li a5, 0x2225\n li a6, 0x2226\n li a7, 0x2227\n li s2, 0x3332\n li s3, 0x3333\n"
	    "li s4, 0x3334\n li s5, 0x3335\n li s6, 0x3336\n li s7, 0x3337\n li s8, 0x3338\n"
	    "li s9, 0x3339\n li s10, 0x333a\n li s11, 0x333b\n"
	    "li s1, 1\n slli s1, s1, 27\n"
	    "1: lw t6, 0(a0)\n bnez t6, 2f\n addi s1, s1, -1\n bnez s1, 1b\n"
	    "li t6, 2\n j 4f\n"
	    "2: li t6, 1\n"
	    "li ra, 0x1110\n bne ra, t0, 4f\n li ra, 0x1111\n bne ra, t1, 4f\n"
	    "li ra, 0x1112\n bne ra, t2, 4f\n li ra, 0x1113\n bne ra, t3, 4f\n"
	    "li ra, 0x1114\n bne ra, t4, 4f\n li ra, 0x1115\n bne ra, t5, 4f\n"
	    "li ra, 0x2221\n bne ra, a1, 4f\n li ra, 0x2222\n bne ra, a2, 4f\n"
	    "li ra, 0x2223\n bne ra, a3, 4f\n li ra, 0x2224\n bne ra, a4, 4f\n"
	    "li ra, 0x2225\n bne ra, a5, 4f\n li ra, 0x2226\n bne ra, a6, 4f\n"
	    "li ra, 0x2227\n bne ra, a7, 4f\n li ra, 0x3332\n bne ra, s2, 4f\n"
	    "li ra, 0x3333\n bne ra, s3, 4f\n li ra, 0x3334\n bne ra, s4, 4f\n"
	    "li ra, 0x3335\n bne ra, s5, 4f\n li ra, 0x3336\n bne ra, s6, 4f\n"
	    "li ra, 0x3337\n bne ra, s7, 4f\n li ra, 0x3338\n bne ra, s8, 4f\n"
	    "li ra, 0x3339\n bne ra, s9, 4f\n li ra, 0x333a\n bne ra, s10, 4f\n"
	    "li ra, 0x333b\n bne ra, s11, 4f\n"
	    "mv ra, %1\n bne ra, a0, 4f\n"
	    "li t6, 0\n"
	    "4: mv %0, t6\n"
	    : "=r"(result)
	    : "r"(flag), "r"(a0)
	    : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a1", "a2", "a3", "a4", "a5", "a6",
	      "a7", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "memory");
	return result;
}

/* A child's signal interrupts user code with values in registers: the
 * handler scribbles on them, and sigreturn puts every one back. */
int test_sighandler_registers(void)
{
	sigset_t none;

	sigemptyset(&none);
	clear_runs();
	regs_flag = 0;
	if (handle(SIGUSR1, scribbling, 0, none) < 0)
		return fail("sigaction: %s", strerror(errno));
	pid_t pid = spawn(signal_after, SIGUSR1);
	long r = spin_with_registers(&regs_flag);
	if (reap(pid, NULL) < 0)
		return done(-1);
	if (r != 0)
		return done(fail(r == 2 ? "the signal never came" : "a register changed"));
	return done(0);
}

/* sigsuspend waits with its mask for a handler, then says EINTR with the
 * old mask back; pause the same with the mask as it is. */
int test_sighandler_sigsuspend(void)
{
	sigset_t none, usr1, now;

	sigemptyset(&none);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	clear_runs();
	if (handle(SIGUSR1, counting, SA_RESTART, none) < 0 ||
	    sigprocmask(SIG_BLOCK, &usr1, NULL) < 0)
		return done(fail("sigaction or sigprocmask: %s", strerror(errno)));
	pid_t pid = spawn(signal_after, SIGUSR1);
	int r = sigsuspend(&none);
	int err = errno;
	if (expect_exit(pid, 0) < 0)
		return done(-1);
	if (r != -1 || err != EINTR || runs[SIGUSR1] != 1)
		return done(fail("sigsuspend gave %d (%s), handler ran %d times", r, strerror(err),
		                 runs[SIGUSR1]));
	if (sigprocmask(SIG_BLOCK, NULL, &now) < 0 || now != usr1)
		return done(fail("mask %#lx after sigsuspend, expected %#lx", (unsigned long)now,
		                 (unsigned long)usr1));
	sigprocmask(SIG_SETMASK, &none, NULL);
	pid = spawn(signal_after, SIGUSR1);
	r = pause();
	err = errno;
	if (expect_exit(pid, 0) < 0)
		return done(-1);
	if (r != -1 || err != EINTR || runs[SIGUSR1] != 2)
		return done(fail("pause gave %d (%s), handler ran %d times", r, strerror(err),
		                 runs[SIGUSR1]));
	return done(0);
}

/* With SIGPIPE caught, a write to a pipe without readers runs the handler
 * and says EPIPE. */
int test_sighandler_sigpipe(void)
{
	int p[2];
	sigset_t none;

	sigemptyset(&none);
	clear_runs();
	if (pipe(p) < 0)
		return fail("pipe: %s", strerror(errno));
	close(p[0]);
	handle(SIGPIPE, counting, 0, none);
	ssize_t n = write(p[1], "x", 1);
	int err = errno;
	close(p[1]);
	if (n != -1 || err != EPIPE || runs[SIGPIPE] != 1)
		return done(fail("write gave %zd (%s), handler ran %d times", n, strerror(err),
		                 runs[SIGPIPE]));
	return done(0);
}

/* Requests the library would not send: each refused with its error, and
 * nothing changed. */
int test_sighandler_invalid(void)
{
	struct px_sigaction *b = PX_SHARED;
	const unsigned long fn = (unsigned long)counting, entry = (unsigned long)counting;
	const struct {
		const char *what;
		unsigned long sig, handler, entry, flags, set;
	} bad[] = {
		{ "signal 0", 0, fn, entry, 0, 1 },
		{ "signal 32", 32, fn, entry, 0, 1 },
		{ "signal -1", (unsigned long)-1, fn, entry, 0, 1 },
		{ "a handler for SIGKILL", SIGKILL, fn, entry, 0, 1 },
		{ "SIG_IGN for SIGSTOP", SIGSTOP, PX_SIG_IGN, 0, 0, 1 },
		{ "a handler below the program", SIGUSR1, 0x1000, entry, 0, 1 },
		{ "a handler at the stack's top", SIGUSR1, PX_STACK_TOP, entry, 0, 1 },
		{ "a kernel address", SIGUSR1, 0xffffffc000000000ul, entry, 0, 1 },
		{ "an odd handler", SIGUSR1, fn + 1, entry, 0, 1 },
		{ "an odd entry", SIGUSR1, fn, entry + 1, 0, 1 },
		{ "no entry", SIGUSR1, fn, 0, 0, 1 },
		{ "SA_SIGINFO", SIGUSR1, fn, entry, 0x2, 1 },
		{ "unknown flags", SIGUSR1, fn, entry, 1ul << 40, 1 },
		{ "set = 2", SIGUSR1, fn, entry, 0, 2 },
	};
	struct sigaction sa;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		*b = (struct px_sigaction){ bad[i].handler, bad[i].entry, 0, bad[i].flags };
		long r = px_call(PX_SIGACTION, (long)bad[i].sig, (long)bad[i].set, 0, NULL);
		if (r != -PX_EINVAL)
			return done(fail("%s: answered %ld, expected -EINVAL", bad[i].what, r));
		if (sigaction(SIGUSR1, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
			return done(fail("after %s, SIGUSR1's action changed", bad[i].what));
	}
	const struct {
		const char *what;
		long call, a1, a2, want;
	} calls[] = {
		{ "sigprocmask how 3", PX_SIGPROCMASK, 3, 1l << SIGUSR1, PX_EINVAL },
		{ "sigprocmask how -1", PX_SIGPROCMASK, -1, 1l << SIGUSR1, PX_EINVAL },
		{ "PX_SIGNAL with a handler", PX_SIGNAL, SIGUSR1, (long)fn, PX_EINVAL },
		{ "PX_SIGNAL of signal 32", PX_SIGNAL, 32, PX_SIG_IGN, PX_EINVAL },
		{ "sigreturn of frame 0", PX_SIGRETURN, 0, 0, PX_EINVAL },
		{ "sigreturn of an odd frame", PX_SIGRETURN, PX_STACK_TOP - 4097, 0, PX_EINVAL },
		{ "sigreturn past the stack", PX_SIGRETURN, PX_STACK_TOP, 0, PX_EINVAL },
		{ "sigreturn of an unmapped frame", PX_SIGRETURN, PX_HEAP_LIMIT - 4096, 0,
		  PX_EFAULT },
		{ "kill with signal 32", PX_KILL, getpid(), 32, PX_EINVAL },
	};
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		long r = px_call(calls[i].call, calls[i].a1, calls[i].a2, 0, NULL);
		if (r != -calls[i].want)
			return done(fail("%s: answered %ld, expected -%ld", calls[i].what, r,
			                 calls[i].want));
	}
	sigset_t now;
	if (sigprocmask(SIG_BLOCK, NULL, &now) < 0 || now != 0)
		return done(fail("the mask changed to %#lx", (unsigned long)now));
	return done(0);
}

/* A fault runs the SIGSEGV handler when there is one: here it ends the
 * process with a status of its own. A fault inside that handler (SIGSEGV
 * blocked there) ends the process by the signal. */
static void exits_43(int sig)
{
	(void)sig;
	_exit(43);
}

/* An address nothing maps (volatile, so the compiler cannot see it). */
static volatile uintptr_t unmapped = 0x10;

static void faults_again(int sig)
{
	(void)sig;
	*(volatile int *)unmapped = 1;
}

static int fault_with_handler(long again)
{
	struct sigaction sa = { .sa_handler = again ? faults_again : exits_43 };
	sigaction(SIGSEGV, &sa, NULL);
	*(volatile int *)unmapped = 1;
	return 1; /* not reached */
}

int test_sighandler_fault(void)
{
	if (expect_exit(spawn(fault_with_handler, 0), 43) < 0)
		return fail("a SIGSEGV handler did not run on a fault");
	if (expect_signal(spawn(fault_with_handler, 1), SIGSEGV) < 0)
		return fail("a fault inside the SIGSEGV handler did not end the process");
	return 0;
}

/* ---- the alternate stack ---------------------------------------------------------- */

static char altstack[SIGSTKSZ] __attribute__((aligned(16)));
static volatile int seen_flags, seen_eperm;

static void on_alt(int sig)
{
	stack_t cur, again = { .ss_sp = altstack, .ss_size = sizeof altstack };

	counting(sig);
	seen_flags = sigaltstack(NULL, &cur) == 0 ? cur.ss_flags : -1;
	seen_eperm = sigaltstack(&again, NULL) < 0 && errno == EPERM;
}

static bool on_altstack(uintptr_t sp)
{
	return sp > (uintptr_t)altstack && sp <= (uintptr_t)altstack + sizeof altstack;
}

/* sigaltstack: an SA_ONSTACK handler runs on the alternate stack and
 * sees itself there (SS_ONSTACK; changing it then is EPERM); a handler
 * without the flag runs on the stack; too small a stack is ENOMEM, bad
 * flags or places EINVAL; SS_DISABLE takes it away. */
int test_sighandler_altstack(void)
{
	sigset_t none;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack }, old;

	sigemptyset(&none);
	clear_runs();
	if (sigaltstack(&ss, &old) < 0 || !(old.ss_flags & SS_DISABLE))
		return done(fail("sigaltstack: %s, old flags %#x", strerror(errno), old.ss_flags));
	if (handle(SIGUSR1, on_alt, SA_ONSTACK, none) < 0 || handle(SIGUSR2, counting, 0, none) < 0)
		return done(fail("sigaction: %s", strerror(errno)));
	raise(SIGUSR1);
	if (runs[SIGUSR1] != 1 || !on_altstack(handler_sp))
		return done(fail("the SA_ONSTACK handler ran %d times, sp %#lx, not on the stack at %p",
		                 (int)runs[SIGUSR1], (unsigned long)handler_sp, (void *)altstack));
	if (seen_flags != SS_ONSTACK || !seen_eperm)
		return done(fail("inside, flags %#x and a change %s", seen_flags,
		                 seen_eperm ? "refused" : "not refused with EPERM"));
	raise(SIGUSR2);
	if (runs[SIGUSR2] != 1 || on_altstack(handler_sp))
		return done(fail("a handler without SA_ONSTACK ran on the alternate stack"));
	stack_t small = { .ss_sp = altstack, .ss_size = MINSIGSTKSZ - 1 };
	stack_t odd = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0x100 };
	if (expect_errno(sigaltstack(&small, NULL), ENOMEM, "a small alternate stack") ||
	    expect_errno(sigaltstack(&odd, NULL), EINVAL, "unknown ss_flags"))
		return done(-1);
	if (px_call(PX_SIGALTSTACK, 1, 0, SIGSTKSZ, NULL) != -PX_EINVAL)
		return done(fail("an alternate stack at address 0 was taken"));
	stack_t off = { .ss_flags = SS_DISABLE };
	if (sigaltstack(&off, &old) < 0 || old.ss_sp != altstack || old.ss_size != sizeof altstack ||
	    old.ss_flags != 0)
		return done(fail("disabling: %s; the old one %p+%zu flags %#x", strerror(errno),
		                 old.ss_sp, old.ss_size, old.ss_flags));
	if (sigaltstack(NULL, &old) < 0 || old.ss_flags != SS_DISABLE)
		return done(fail("after SS_DISABLE, flags %#x", old.ss_flags));
	return done(0);
}

/* In the child: an alternate stack in a 2 MiB heap page (a heap past 8
 * MiB is made of them: vm_sbrk), and an SA_ONSTACK handler on it. 0 if it
 * ran there; the server could not write a frame there before (the
 * process ended by SIGSEGV). */
static int large_page_altstack(long unused)
{
	(void)unused;
	clear_runs();
	char *base = sbrk(16 << 20);
	if (base == (void *)-1)
		return 2;
	/* The last whole 2 MiB of the 16: past 8 MiB and its rounding. */
	uintptr_t top = ((uintptr_t)base + (16 << 20)) & ~(uintptr_t)((2 << 20) - 1);
	char *stack = (char *)top - (1 << 20);
	stack_t ss = { .ss_sp = stack, .ss_size = 64 << 10 };
	sigset_t none;
	sigemptyset(&none);
	if (sigaltstack(&ss, NULL) < 0 || handle(SIGUSR1, counting, SA_ONSTACK, none) < 0)
		return 3;
	raise(SIGUSR1);
	return runs[SIGUSR1] == 1 && handler_sp > (uintptr_t)stack &&
	               handler_sp <= (uintptr_t)stack + ss.ss_size
	           ? 0
	           : 4;
}

int test_sighandler_altstack_in_a_large_page(void)
{
	if (expect_exit(spawn_budget(32 << 20, large_page_altstack, 0), 0) < 0)
		return fail("a handler on an alternate stack in a 2 MiB heap page did not run there");
	return 0;
}

/* Recurses until the stack can grow no more (the budget is spent long
 * before the limit, which only keeps the compiler from calling it
 * infinite). */
static volatile int depth_limit = 1 << 30;

__attribute__((noinline)) static int deeper(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	return n < depth_limit ? deeper(n + 1) + pad[0] : 0;
}

static int overflow(long use_altstack)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
	struct sigaction sa = { .sa_handler = exits_43, .sa_flags = SA_ONSTACK };

	if (use_altstack && sigaltstack(&ss, NULL) < 0)
		return 2;
	sigaction(SIGSEGV, &sa, NULL);
	return deeper(0);
}

/* A stack overflow's SIGSEGV handler can run only on an alternate stack:
 * with one it runs, without it the process ends by the signal. */
int test_sighandler_altstack_overflow(void)
{
	if (expect_exit(spawn_budget(512 << 10, overflow, 1), 43) < 0)
		return fail("the SIGSEGV handler did not run on the alternate stack");
	if (expect_signal(spawn_budget(512 << 10, overflow, 0), SIGSEGV) < 0)
		return fail("without an alternate stack, an overflow did not end by SIGSEGV");
	return 0;
}
