/* Hardware floating point: exact results, fenv's rounding modes, and each
 * process's FP registers kept across context switches (the kernel's lazy
 * FPU, arch/riscv/fpu.c), fork (libc-glue) and signal handlers (libc-glue's
 * handler entry). */
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libctest.h"

#if __riscv_flen != 64
#error "user programs are built for hardware double precision (lp64d)"
#endif

/* fp_fill(pattern): f0..f31 get the bit patterns pattern + i, and frm
 * the rounding mode rm (0-4). fp_check(pattern, rm): how many of them
 * differ (0: all intact). Plain moves: no value is computed, so every
 * pattern survives bit for bit. */
void fp_fill(uint64_t pattern, unsigned rm);
unsigned fp_check(uint64_t pattern, unsigned rm);
__asm__(".text\n"
        ".globl fp_fill\n"
        "fp_fill:\n"
        ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "	addi t0, a0, \\n\n"
        "	fmv.d.x f\\n, t0\n"
        ".endr\n"
        "	fsrm a1\n"
        "	ret\n"
        ".globl fp_check\n"
        "fp_check:\n"
        "	li t2, 0\n"
        ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "	addi t0, a0, \\n\n"
        "	fmv.x.d t1, f\\n\n"
        "	beq t0, t1, 1f\n"
        "	addi t2, t2, 1\n"
        "1:\n"
        ".endr\n"
        "	frrm t1\n"
        "	beq t1, a1, 2f\n"
        "	addi t2, t2, 1\n"
        "2:	mv a0, t2\n"
        "	ret\n");

int test_fp_exact(void)
{
	volatile double step = 1.5, two = 2.0;
	double s = 0;

	for (int i = 0; i < 1000; i++)
		s = fma(step, (double)i, s);
	if (s != 749250.0)
		return fail("sum of 1.5 i for i < 1000: %.17g", s);
	double r = sqrt(two);
	if (r * r != 0x1.0000000000001p+1)
		return fail("sqrt(2)^2 = %a, not the correctly rounded 0x1.0000000000001p+1", r * r);
	volatile float a = 0.1f, b = 0.2f;
	if (a + b != 0.3f || (double)a + (double)b == 0.3)
		return fail("0.1 + 0.2 in float and double");
	volatile double one = 1.0, three = 3.0;
	if (fesetround(FE_UPWARD) != 0 || fegetround() != FE_UPWARD)
		return fail("fesetround(FE_UPWARD)");
	double up = one / three;
	fesetround(FE_DOWNWARD);
	double down = one / three;
	fesetround(FE_TONEAREST);
	if (up <= down || nextafter(down, 1.0) != up)
		return fail("1/3 rounded up %a, down %a: not one ulp apart", up, down);
	feclearexcept(FE_ALL_EXCEPT);
	volatile double zero = 0.0;
	double inf = one / zero;
	if (!isinf(inf) || !fetestexcept(FE_DIVBYZERO))
		return fail("1/0: %g, FE_DIVBYZERO %d", inf, fetestexcept(FE_DIVBYZERO));
	return 0;
}

/* Two processes take turns through a pair of pipes, each with its own
 * pattern in all 32 FP registers and its own rounding mode: every switch
 * between them must keep both. (A pattern is checked after a system call
 * that blocked, the other process having filled its own in between.) */
/* A long computation whose result is exact, in each of two processes at
 * once: the timer switches between them many times. */
static double fp_work(double k)
{
	double s = 0;
	for (long i = 0; i < 400000; i++)
		s = fma(k, (double)(i & 1023), s);
	return s;
}

int test_fp_context_switch(void)
{
	int a[2], b[2], st;

	if (pipe(a) < 0 || pipe(b) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		close(a[1]);
		close(b[0]);
		/* answers each byte: reads first */
		char c;
		int r = 0;
		for (int i = 0; i < 50 && r == 0; i++) {
			fp_fill(0x7ff0000000000000ull + (uint64_t)i * 64, 3);
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1 ||
			    read(a[0], &c, 1) != 1)
				r = 100;
			else if (fp_check(0x7ff0000000000000ull + (uint64_t)i * 64, 3) != 0)
				r = 1 + i;
			else if (write(b[1], &c, 1) != 1)
				r = 101;
		}
		_exit(r);
	}
	close(a[0]);
	close(b[1]);
	int r = 0;
	char c = 0;
	for (int i = 0; i < 50 && r == 0; i++) {
		fp_fill(0x4000000000000000ull + (uint64_t)i * 64, 1);
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			r = -1;
		else if (fp_check(0x4000000000000000ull + (uint64_t)i * 64, 1) != 0)
			r = fail("round %d: the parent's FP registers changed across a switch", i);
		else if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			r = -1;
	}
	close(a[1]);
	close(b[0]);
	if (waitpid(pid, &st, 0) != pid)
		return fail("waitpid: %s", strerror(errno));
	if (r)
		return r == -1 ? fail("ping-pong: %s", strerror(errno)) : r;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fail("the child's FP registers changed (status %#x)", st);
	return 0;
}

int test_fp_preempted(void)
{
	int st;
	double want = fp_work(0.75);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fp_work(0.75) == want && fp_work(0.5) == want / 1.5 ? 0 : 1);
	double mine = fp_work(0.75), mine2 = fp_work(0.5);
	if (waitpid(pid, &st, 0) != pid)
		return fail("waitpid: %s", strerror(errno));
	if (mine != want || mine2 != want / 1.5)
		return fail("the parent's sums: %a, %a, expected %a, %a", mine, mine2, want,
		            want / 1.5);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fail("the child's sums were wrong (status %#x)", st);
	return 0;
}

/* fork keeps the callee-saved FP registers and the rounding mode. */
int test_fp_fork(void)
{
	int st;

	fp_fill(0x3ff0000000000000ull, 2);
	pid_t pid = fork();
	/* fs0-fs11 (f8, f9, f18-f27) and frm must be the parent's; the
	 * others are the caller's to lose across a call. */
	if (pid == 0) {
		double s[12];
		__asm__ volatile("fsd fs0, 0(%0)\n fsd fs1, 8(%0)\n fsd fs2, 16(%0)\n"
		                 "fsd fs3, 24(%0)\n fsd fs4, 32(%0)\n fsd fs5, 40(%0)\n"
		                 "fsd fs6, 48(%0)\n fsd fs7, 56(%0)\n fsd fs8, 64(%0)\n"
		                 "fsd fs9, 72(%0)\n fsd fs10, 80(%0)\n fsd fs11, 88(%0)\n" ::"r"(s)
		                 : "memory");
		static const int reg[12] = { 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 };
		unsigned rm;
		__asm__ volatile("frrm %0" : "=r"(rm));
		for (int i = 0; i < 12; i++) {
			uint64_t bits;
			memcpy(&bits, &s[i], 8);
			if (bits != 0x3ff0000000000000ull + (uint64_t)reg[i])
				_exit(10 + i);
		}
		_exit(rm == 2 ? 0 : 2);
	}
	fesetround(FE_TONEAREST);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return fail("fork/waitpid: %s", strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fail("the child's callee-saved FP state differs (exit %d)",
		            WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}

static volatile int fp_handled;

/* A handler that uses FP, every register of it. */
static void fp_handler(int sig)
{
	volatile double x = 3.0;
	fp_fill(0xfff8000000000000ull, 4);
	fp_handled += (int)sqrt(x * x);
}

/* Interrupted at a system call (raise), and asynchronously in a loop (the
 * interval timer): the handler's FP use must not show. */
int test_fp_signal_handler(void)
{
	signal(SIGUSR1, fp_handler);
	fp_handled = 0;
	fp_fill(0x4010000000000000ull, 1);
	raise(SIGUSR1);
	unsigned bad = fp_check(0x4010000000000000ull, 1);
	signal(SIGUSR1, SIG_DFL);
	fesetround(FE_TONEAREST);
	if (fp_handled != 3)
		return fail("the handler did not run (%d)", fp_handled);
	if (bad)
		return fail("%u FP registers changed across a handler at raise()", bad);

	struct itimerval every = { { 0, 2000 }, { 0, 2000 } }, off = { 0 };
	signal(SIGALRM, fp_handler);
	fp_handled = 0;
	fp_fill(0x4020000000000000ull, 2);
	setitimer(ITIMER_REAL, &every, NULL);
	unsigned long spins = 0;
	while (fp_handled < 3 * 20 && spins < 2000000000ul) {
		if (fp_check(0x4020000000000000ull, 2) != 0)
			break;
		spins++;
	}
	bad = fp_check(0x4020000000000000ull, 2);
	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGALRM, SIG_DFL);
	fesetround(FE_TONEAREST);
	if (bad)
		return fail("%u FP registers changed across an asynchronous handler", bad);
	if (fp_handled < 3 * 20)
		return fail("the timer's handler ran %d times", fp_handled / 3);
	return 0;
}

/* exec: the new program starts with zeroed FP registers and fcsr, none
 * of the old one's (libctest --fp-clean checks, libctest.h). */
int test_fp_exec_clean(void)
{
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		fp_fill(0x3ff0000000000000ull, 3); /* and rounding mode 3 */
		char *argv[] = { "/bin/libctest", "--fp-clean", NULL };
		execv(argv[0], argv);
		_exit(99);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return fail("fork/waitpid: %s", strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fail("after exec, %s", WIFEXITED(st) && WEXITSTATUS(st) == 1
		                                   ? "fcsr was not 0"
		                                   : "an FP register kept the old program's value");
	return 0;
}

int fp_clean_main(void)
{
	unsigned fcsr;
	__asm__ volatile("frcsr %0" : "=r"(fcsr));
	if (fcsr != 0)
		return 1;
	/* All 32 registers and the rounding mode differ from what the old
	 * program left (test_fp_exec_clean's fp_fill). */
	return fp_check(0x3ff0000000000000ull, 3) == 33 ? 0 : 2;
}
