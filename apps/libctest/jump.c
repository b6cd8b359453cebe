/* Non-local jumps: sigsetjmp/siglongjmp restore the signal mask when asked
 * to, also out of a handler (where the handled signal is blocked);
 * _setjmp/_longjmp leave the mask alone. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "libctest.h"

static sigset_t mask_now(void)
{
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	return m;
}

static sigset_t just(int sig)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, sig);
	return m;
}

int test_sigsetjmp_mask(void)
{
	static sigjmp_buf env;
	static volatile int jumps;
	sigset_t usr1 = just(SIGUSR1), hup = just(SIGHUP);

	/* Saved: the mask at sigsetjmp comes back. */
	jumps = 0;
	sigprocmask(SIG_SETMASK, &usr1, NULL);
	if (sigsetjmp(env, 1) == 0) {
		sigprocmask(SIG_SETMASK, &hup, NULL);
		siglongjmp(env, 7);
	}
	jumps++;
	if (jumps != 1)
		return fail("sigsetjmp returned %d times", jumps);
	if (mask_now() != usr1)
		return fail("savemask 1: mask %#lx, expected %#lx", (unsigned long)mask_now(),
		            (unsigned long)usr1);

	/* Not saved: the mask stays what it was at siglongjmp. */
	int v = sigsetjmp(env, 0);
	if (v == 0) {
		sigprocmask(SIG_SETMASK, &hup, NULL);
		siglongjmp(env, 0); /* 0 becomes 1 */
	}
	if (v != 1)
		return fail("siglongjmp(env, 0) made sigsetjmp return %d, not 1", v);
	if (mask_now() != hup)
		return fail("savemask 0: mask %#lx, expected %#lx", (unsigned long)mask_now(),
		            (unsigned long)hup);
	return 0;
}

static sigjmp_buf handler_env;
static volatile int handler_runs;

static void jump_out(int sig)
{
	handler_runs++;
	siglongjmp(handler_env, sig);
}

/* Leaving a handler by siglongjmp: its signal, blocked while it runs, is
 * unblocked again by the saved mask, so that the next one is handled. */
int test_siglongjmp_from_handler(void)
{
	volatile int rounds = 0;

	signal(SIGUSR1, jump_out);
	handler_runs = 0;
	int v = sigsetjmp(handler_env, 1);
	if (v != 0 && v != SIGUSR1)
		return fail("sigsetjmp returned %d", v);
	if (rounds++ < 3)
		raise(SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
	if (handler_runs != 3)
		return fail("the handler ran %d times, expected 3", handler_runs);
	if (mask_now() != 0)
		return fail("mask %#lx after the jumps", (unsigned long)mask_now());
	return 0;
}

int test_setjmp_xsi(void)
{
	static jmp_buf env;
	sigset_t hup = just(SIGHUP);
	volatile long local = 1;

	int v = _setjmp(env);
	if (v == 0) {
		local = 2;
		sigprocmask(SIG_SETMASK, &hup, NULL);
		_longjmp(env, 42);
	}
	if (v != 42 || local != 2)
		return fail("_setjmp returned %d, local %ld", v, local);
	if (mask_now() != hup)
		return fail("_longjmp changed the mask to %#lx", (unsigned long)mask_now());
	return 0;
}
