/* What the in-system benchmarks share (pxbench, pxscale): instructions
 * counted with rdinstret (exact under QEMU's -icount shift=0, where U-mode
 * may read it), a baseline to subtract, and one line per figure:
 *
 *   bench: <name> <median> instructions (min <min>, max <max>, <n> runs[; target <t>])
 *
 * Header-only, for the benchmark programs alone. */
#ifndef APPS_LIB_BENCH_H
#define APPS_LIB_BENCH_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <rn/budget.h>

#define BENCH_BASE_RUNS 201

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* Two back-to-back rdinstret: what every sample includes beyond its work. */
static uint64_t baseline;

static _Noreturn void failed(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	fflush(stdout);
	rn_poweroff(1);
	_exit(1); /* refused (no system right): init's end powers off too */
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Measures the baseline and prints it (the first line). */
static void bench_baseline(void)
{
	static uint64_t v[BENCH_BASE_RUNS];
	for (int i = 0; i < BENCH_BASE_RUNS; i++) {
		uint64_t t0 = instret();
		uint64_t t1 = instret();
		v[i] = t1 - t0;
	}
	sort(v, BENCH_BASE_RUNS);
	baseline = v[BENCH_BASE_RUNS / 2];
	printf("bench: baseline (rdinstret pair) %lu instructions\n", (unsigned long)baseline);
}

static void report(const char *name, uint64_t *v, int n, unsigned long target)
{
	for (int i = 0; i < n; i++)
		v[i] = v[i] > baseline ? v[i] - baseline : 0;
	sort(v, n);
	printf("bench: %-30s %7lu instructions (min %lu, max %lu, %d runs", name,
	       (unsigned long)v[n / 2], (unsigned long)v[0], (unsigned long)v[n - 1], n);
	if (target)
		printf("; target %lu", target);
	printf(")\n");
	fflush(stdout);
}

#endif
