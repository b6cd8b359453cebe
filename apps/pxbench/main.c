/* pxbench: benchmarks of the POSIX server, run as its first process
 * (CONFIG_PX_INIT) by `./build.sh bench` under QEMU `-icount shift=0`, where
 * rdinstret counts guest instructions exactly and U-mode may read it. The
 * count covers every instruction of the hart (this process, the server,
 * the kernel, a forked child), so a figure is the whole cost of the
 * operation. Prints one line per figure, kbench's format plus the target:
 *
 *   bench: <name> <median> instructions (min <min>, max <max>, <n> runs[; target <t>])
 *
 * after subtracting the baseline, the median cost of two back-to-back
 * rdinstret reads (printed first). Wall-clock time is not reported: under
 * -icount shift=0, rdtime is virtual time that advances one nanosecond per
 * instruction, so it would only restate these counts divided by 1000.
 *
 * - null server call (getpid): one PX_GETPID Call and its reply.
 * - fork + _exit + waitpid: the child _exits at once; measured in the
 *   parent from before fork() to after waitpid() returns.
 * - fork + execv + waitpid: the child execs /bin/true, which exits 0.
 * - sbrk 1 MiB + first touch: the break grows by 1 MiB (page aligned) and
 *   each of its 256 pages is written once; the sbrk(-1 MiB) that gives
 *   them back is not counted.
 * - pipe: 64 MiB in 4 KiB writes to a child reading until end of file;
 *   instructions per byte, or with the argument "wall" (a run without
 *   -icount) MB/s of real time.
 * - floating point: a loop of FP_LOOP double multiply-adds (s = s * k + x;
 *   ISO C contracts nothing, so a multiply and an add), instructions per
 *   iteration, loop included: with hardware FP a few instructions, with
 *   soft-float (a build for lp64) two calls into libgcc.
 * - nanosleep wake-up latency (with "wall" only): how much later than
 *   asked a 1 ms nanosleep returns, mean over SLEEP_RUNS, in microseconds
 *   of real time (the server's timer queue, the kernel's timer line).
 * - scaling (apps/pxscale, run last): what stays flat as unrelated work
 *   grows.
 * - budgets: the smallest limit in which a fork + execv(true) exits 0
 *   (to the page), and how many processes a fork bomb makes under a 1 MiB
 *   limit; with the argument "heap" (a 1 GiB machine) the largest heap a
 *   child under a 900 MiB limit gets, every page touched.
 *
 * Powers off with status 0, or 1 when a call failed. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <rn/budget.h>
#include "apps/lib/bench.h"

#define PAGE        4096ul
#define HEAP_STEP   (1ul << 20)
#define GETPID_RUNS 101
#define FORK_RUNS   21
#define SBRK_RUNS   11
#define SLEEP_RUNS  200
#define WARM_UP     2 /* unmeasured runs before each figure */
#define FP_LOOP     1000
#define FP_RUNS     11

/* Targets, in instructions; 0: none. */
#define GETPID_TARGET 550ul
#define FORK_TARGET   240000ul
#define EXEC_TARGET   750000ul

static uint64_t samples[GETPID_RUNS]; /* the most runs of any figure */

static void bench_getpid(void)
{
	pid_t me = getpid();

	for (int i = 0; i < GETPID_RUNS; i++) {
		uint64_t t0 = instret();
		pid_t pid = getpid();
		uint64_t t1 = instret();
		if (pid != me) {
			errno = ESRCH;
			failed("getpid changed");
		}
		samples[i] = t1 - t0;
	}
	report("null server call (getpid)", samples, GETPID_RUNS, GETPID_TARGET);
}

/* One fork whose child exits at once (path NULL) or execs path; the
 * parent waits for it and checks that it exited 0. Returns the
 * instructions from before fork() to after waitpid(). */
static uint64_t fork_and_wait(const char *path)
{
	int status;
	uint64_t t0 = instret();
	pid_t pid = fork();

	if (pid == 0) {
		if (path) {
			char *argv[] = { (char *)path, NULL };
			execv(path, argv);
			_exit(100); /* the exec failed */
		}
		_exit(0);
	}
	if (pid < 0)
		failed("fork");
	if (waitpid(pid, &status, 0) != pid)
		failed("waitpid");
	uint64_t t1 = instret();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("pxbench: child %d ended with status %#x, not exit 0\n", pid, status);
		fflush(stdout);
		rn_poweroff(1);
	}
	return t1 - t0;
}

static void bench_fork(const char *name, const char *path, unsigned long target)
{
	for (int i = 0; i < WARM_UP; i++)
		fork_and_wait(path);
	for (int i = 0; i < FORK_RUNS; i++)
		samples[i] = fork_and_wait(path);
	report(name, samples, FORK_RUNS, target);
}

static void bench_fp(void)
{
	volatile double k = 0.999, x = 1.0, out;

	for (int r = 0; r < FP_RUNS; r++) {
		double kk = k, xx = x, s = 0;
		uint64_t t0 = instret();
		for (int i = 0; i < FP_LOOP; i++)
			s = s * kk + xx;
		uint64_t t1 = instret();
		out = s;
		samples[r] = t1 - t0;
	}
	(void)out;
	sort(samples, FP_RUNS);
	uint64_t m = samples[FP_RUNS / 2];
	printf("bench: fp multiply-add (double)         %lu.%02lu instructions per iteration "
	       "(loop included, %d runs of %d)\n",
	       (unsigned long)(m / FP_LOOP), (unsigned long)(m % FP_LOOP / 10), FP_RUNS, FP_LOOP);
	fflush(stdout);
}

static void bench_sbrk(void)
{
	/* Page-align the break, so that the step is exactly 256 new pages. */
	uintptr_t brk = (uintptr_t)sbrk(0);
	if (brk % PAGE && sbrk(PAGE - brk % PAGE) == (void *)-1)
		failed("sbrk to a page boundary");

	for (int i = -WARM_UP; i < SBRK_RUNS; i++) {
		uint64_t t0 = instret();
		char *p = sbrk(HEAP_STEP);
		if (p == (void *)-1)
			failed("sbrk(1 MiB)");
		for (unsigned long off = 0; off < HEAP_STEP; off += PAGE)
			((volatile char *)p)[off] = 1;
		uint64_t t1 = instret();
		if (sbrk(-(long)HEAP_STEP) == (void *)-1)
			failed("sbrk(-1 MiB)");
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report("sbrk 1 MiB + first touch", samples, SBRK_RUNS, 0);
}

static inline uint64_t rdtime(void)
{
	uint64_t v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

/* 64 MiB through a pipe in writes of `chunk` bytes, from this process to
 * a child that reads as much at a time until end of file. Returns the
 * instructions (and, in *ticks, the time-counter ticks) from the first
 * write to the reader's exit. The buffer is mapped for the run only, so
 * that the image the fork figures copy stays as it is. */
#define PIPE_TOTAL (64ul << 20)
#define PIPE_CHUNK 4096ul
#define PIPE_LARGE (64ul << 10)

static uint64_t pipe_run(size_t chunk, uint64_t *ticks)
{
	char *buf = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		failed("mmap");
	int fds[2];
	if (pipe(fds) < 0)
		failed("pipe");
	pid_t pid = fork();
	if (pid < 0)
		failed("fork");
	if (pid == 0) {
		close(fds[1]);
		uint64_t got = 0;
		ssize_t n;
		while ((n = read(fds[0], buf, chunk)) > 0)
			got += (uint64_t)n;
		_exit(got == PIPE_TOTAL ? 0 : 1);
	}
	close(fds[0]);
	memset(buf, 'p', chunk);
	uint64_t t0 = instret(), c0 = rdtime();
	for (uint64_t done = 0; done < PIPE_TOTAL; done += chunk)
		if (write(fds[1], buf, chunk) != (ssize_t)chunk)
			failed("write to the pipe");
	close(fds[1]);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		failed("the pipe's reader");
	*ticks = rdtime() - c0;
	uint64_t n = instret() - t0;
	munmap(buf, chunk);
	return n;
}

/* Under -icount: instructions per byte. */
static void bench_pipe(void)
{
	uint64_t ticks, n = pipe_run(PIPE_CHUNK, &ticks);
	printf("bench: pipe, 64 MiB in 4 KiB writes  %lu.%02lu instructions per byte (target 20)\n",
	       (unsigned long)(n / PIPE_TOTAL), (unsigned long)(n * 100 / PIPE_TOTAL % 100));
	n = pipe_run(PIPE_LARGE, &ticks);
	printf("bench: pipe, 64 MiB in 64 KiB writes  %lu.%02lu instructions per byte (target 4)\n",
	       (unsigned long)(n / PIPE_TOTAL), (unsigned long)(n * 100 / PIPE_TOTAL % 100));
}

/* Without -icount (argument "wall"): megabytes per second of real time,
 * from the 10 MHz time counter. */
static void bench_pipe_wall(void)
{
	uint64_t ticks;
	pipe_run(PIPE_CHUNK, &ticks);
	uint64_t us = ticks / 10;
	printf("bench: pipe, 64 MiB in 4 KiB writes  %lu MB/s (wall clock, %lu ms)\n",
	       (unsigned long)(PIPE_TOTAL / (us ? us : 1)), (unsigned long)(us / 1000));
}

/* Without -icount: how late a 1 ms nanosleep wakes, in microseconds. */
static void bench_sleep_wall(void)
{
	const struct timespec ms = { 0, 1000000 };
	uint64_t sum = 0, min = UINT64_MAX, max = 0;
	for (int i = -WARM_UP; i < SLEEP_RUNS; i++) {
		uint64_t c0 = rdtime();
		if (nanosleep(&ms, NULL) < 0)
			failed("nanosleep");
		uint64_t late = rdtime() - c0 - 10000; /* 1 ms is 10000 ticks */
		if (i < 0)
			continue;
		sum += late;
		min = late < min ? late : min;
		max = late > max ? late : max;
	}
	printf("bench: nanosleep 1 ms, wake-up latency  %lu us mean (min %lu, max %lu, %d runs; "
	       "wall clock)\n",
	       (unsigned long)(sum / SLEEP_RUNS / 10), (unsigned long)(min / 10),
	       (unsigned long)(max / 10), SLEEP_RUNS);
}

/* Whether a child limited to `limit` bytes can fork, exec true and exit 0. */
static int true_runs_in(size_t limit)
{
	int status;
	pid_t pid = rn_fork_budget(limit);
	if (pid == 0) {
		char *argv[] = { "/bin/true", NULL };
		execv(argv[0], argv);
		_exit(100);
	}
	if (pid < 0)
		return 0;
	if (waitpid(pid, &status, 0) != pid)
		failed("waitpid");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void bench_smallest_true(void)
{
	size_t lo = 32 << 10, hi = 1 << 20; /* lo fails (the first block only), hi runs */
	if (!true_runs_in(hi))
		failed("true in 1 MiB");
	while (hi - lo > PAGE) {
		size_t mid = (lo + hi) / 2 & ~(PAGE - 1);
		if (true_runs_in(mid))
			hi = mid;
		else
			lo = mid;
	}
	printf("bench: smallest limit fork + exec(true) runs in  %zu KiB (target 48)\n", hi >> 10);
}

/* A fork bomb (bin/forkbomb: every process forks until refused) under a
 * 1 MiB limit: the processes in its subtree once it has stopped growing. */
static void bench_bomb(void)
{
	struct px_budget_rec rec; /* one: info.count says how many there are */
	struct rn_budget_tree_info info;
	pid_t pid = rn_fork_budget(1 << 20);
	if (pid == 0) {
		setpgid(0, 0);
		char *argv[] = { "/bin/forkbomb", NULL };
		execv(argv[0], argv);
		_exit(100);
	}
	if (pid < 0)
		failed("fork");
	size_t last = 0, count = 0;
	for (int stable = 0; stable < 5;) {
		struct timespec ms = { 0, 20 * 1000 * 1000 };
		nanosleep(&ms, NULL);
		if (rn_budget_tree(pid, 0, &rec, 1, &info) < 0)
			failed("rn_budget_tree");
		count = info.count;
		stable = count == last ? stable + 1 : 0;
		last = count;
	}
	kill(-pid, SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	printf("bench: fork-bomb processes in a 1 MiB limit  %zu (target 20)\n", count);
}

/* The largest heap a child under a 900 MiB limit reaches, in 1 MiB steps,
 * each page touched. */
static void bench_heap(void)
{
	int status;
	pid_t pid = rn_fork_budget(900ul << 20);
	if (pid == 0) {
		size_t got = 0;
		char *p;
		while ((p = sbrk(1 << 20)) != (void *)-1) {
			for (size_t i = 0; i < 1 << 20; i += PAGE)
				p[i] = 1;
			got += 1 << 20;
		}
		printf("bench: largest heap under a 900 MiB limit (-m 1024M)  %zu MiB (target "
		       "800)\n",
		       got >> 20);
		fflush(stdout);
		_exit(got >= 800ul << 20 ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		failed("the heap child");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "heap") == 0) {
		bench_heap();
		fflush(stdout);
		rn_poweroff(0);
	}
	if (argc > 1 && strcmp(argv[1], "wall") == 0) {
		bench_sleep_wall();
		bench_pipe_wall();
		fflush(stdout);
		rn_poweroff(0);
	}
	/* The first printf allocates stdout's buffer (malloc, sbrk): before
	 * anything is measured. */
	printf("pxbench: pid %d\n", getpid());
	fflush(stdout);

	bench_baseline();

	bench_getpid();
	bench_fork("fork + _exit + waitpid", NULL, FORK_TARGET);
	bench_fork("fork + execv(true) + waitpid", "/bin/true", EXEC_TARGET);
	bench_sbrk();
	bench_pipe();
	bench_smallest_true();
	bench_bomb();
	bench_fp();
	/* The scaling figures, from a program of their own so that this one's
	 * image (which fork copies and maps) stays as the figures above were
	 * measured with. */
	fflush(stdout);
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { "/bin/pxscale", NULL };
		execv(args[0], args);
		_exit(100);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		failed("pxscale");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("pxbench: pxscale ended with status %#x, not exit 0\n", status);
		fflush(stdout);
		rn_poweroff(1);
	}
	printf("bench: done\n");
	fflush(stdout);
	rn_poweroff(0);
}
