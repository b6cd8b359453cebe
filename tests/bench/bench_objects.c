/* Host micro-benchmark of the kernel memory model: ns per retype (per
 * object, 1 and 256 objects a call), copy, delete, revoke (per descendant)
 * and CSpace lookup (per level). The operations are Calls made through the
 * kernel's system-call path (kfixture.c: the message in registers and IPC
 * buffer, syscall_dispatch, the answer read back), as a thread makes them.
 * Built for the host with -O2 and no sanitizers: the figures compare
 * changes to the kernel's algorithms; the target's own costs come from the
 * in-QEMU benchmarks. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kernel/cspace.h"
#include "kernel/untyped.h"
#include "tests/unit/support/fake_pmem.h"
#include "tests/unit/support/kfixture.h"

#define FIRST  100
#define K      2048 /* caps per round */
#define ROUNDS 20

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void must(int r, const char *what)
{
	if (r != RN_OK) {
		fprintf(stderr, "bench: %s failed with %d\n", what, r);
		exit(1);
	}
}

static void boot(void)
{
	static const struct mem_range ram[] = { { KF_BASE, MiB(1) }, { KF_BASE + MiB(2), MiB(2) } };
	static const struct mem_range dev[] = { { KF_BASE + MiB(1), KiB(64) } };
	must(kf_boot(MiB(4), ram, 2, dev, 1), "boot");
}

static void row(const char *what, double ns, word_t n)
{
	printf("  %-34s %8.1f ns\n", what, ns / (double)n);
}

int main(void)
{
	double t, retype1 = 0, retype256 = 0, copy = 0, del = 0, delfinal = 0, revoke = 0;
	boot();
	for (int r = 0; r < ROUNDS; r++) {
		/* retype one endpoint per call */
		t = now_ns();
		for (word_t i = 0; i < K; i++)
			must(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, FIRST + i, 1), "retype 1");
		retype1 += now_ns() - t;
		/* delete of the last cap: the object dies */
		t = now_ns();
		for (word_t i = 0; i < K; i++)
			must(kf_delete(FIRST + i), "delete final");
		delfinal += now_ns() - t;

		/* 256 endpoints per call */
		t = now_ns();
		for (word_t i = 0; i < K; i += 256)
			must(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, FIRST + i, 256),
			     "retype 256");
		retype256 += now_ns() - t;
		must(kf_revoke(KF_UT_BIG), "revoke untyped");

		/* copies of one endpoint, then delete them (not the last cap) */
		must(kf_retype(KF_UT_BIG, RN_OBJ_ENDPOINT, 0, FIRST - 1, 1), "retype");
		t = now_ns();
		for (word_t i = 0; i < K; i++)
			must(kf_copy(FIRST + i, FIRST - 1, RN_RIGHTS_ALL), "copy");
		copy += now_ns() - t;
		t = now_ns();
		for (word_t i = 0; i < K; i++)
			must(kf_delete(FIRST + i), "delete");
		del += now_ns() - t;

		/* revoke of an original with K copies below it */
		for (word_t i = 0; i < K; i++)
			must(kf_copy(FIRST + i, FIRST - 1, RN_RIGHTS_ALL), "copy");
		t = now_ns();
		must(kf_revoke(FIRST - 1), "revoke");
		revoke += now_ns() - t;
		must(kf_delete(FIRST - 1), "delete");
		must(kf_revoke(KF_UT_BIG), "revoke untyped");
	}

	/* Lookup: 16 levels of radix-4 CNodes, slot 0 of each holding the
	 * next, from a root cap without guard: 64 bits, 16 levels. */
	enum { LEVELS = 16, LOOKUPS = 200000 };
	must(kf_retype(KF_UT_BIG, RN_OBJ_CNODE, 4, FIRST, 1), "cnode");
	struct cap top = kf_slot(FIRST)->cap, prev = top;
	for (int l = 1; l < LEVELS; l++) {
		untyped_retype(kf_slot(KF_UT_BIG), RN_OBJ_CNODE, 4, cnode_slot(&prev, 0), 1);
		prev = cnode_slot(&prev, 0)->cap;
	}
	struct slot *s;
	word_t left, sink = 0;
	struct rn_error_info e;
	t = now_ns();
	for (int i = 0; i < LOOKUPS; i++) {
		must(cspace_resolve(&top, (word_t)(i & 15), 64, &s, &left, &e), "lookup");
		sink += (word_t)s;
	}
	double lookup = now_ns() - t;

	printf("kernel memory model, host (-O2, no sanitizers), each a Call through the system-call "
	       "path, %d rounds of %d:\n",
	       ROUNDS, K);
	row("retype, per object, 1 per call", retype1, (word_t)ROUNDS * K);
	row("retype, per object, 256 per call", retype256, (word_t)ROUNDS * K);
	row("copy", copy, (word_t)ROUNDS * K);
	row("delete (not the last cap)", del, (word_t)ROUNDS * K);
	row("delete (last cap, object dies)", delfinal, (word_t)ROUNDS * K);
	row("revoke, per descendant", revoke, (word_t)ROUNDS * K);
	row("lookup, per level (16 levels)", lookup, (word_t)LOOKUPS * LEVELS);
	fake_pmem_fini();
	return sink == 1; /* keep the lookups */
}
