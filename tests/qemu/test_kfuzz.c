/* The system-call fuzzer (apps/kfuzz) as the root task of a debug kernel
 * that checks its capability invariants after every system call: at least
 * 100,000 random calls and invocations, and the kernel must survive them,
 * keep its invariants and give every byte of the fuzzed memory back. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "tests/qemu/harness.h"

#define BOOT_MS 20000
#define FUZZ_MS 180000 /* TCG on a slow, busy machine; a run takes ~30-60 s */

TestSuite(qemu_kfuzz, .timeout = 240);

Test(qemu_kfuzz, kernel_survives_100000_random_syscalls_with_invariants_checked)
{
	struct qemu k;
	cr_assert(qemu_start(&k, qemu_image_variant("kfuzz"), 200), "QEMU did not start");
	bool started = qemu_expect(&k, "kfuzz: seed", BOOT_MS);
	bool passed = started && qemu_expect(&k, "kfuzz: 1 passed, 0 failed", FUZZ_MS);
	int status = qemu_wait_exit(&k, 10000);
	if (passed && status != 0) /* (a missed expect prints the console itself) */
		fprintf(stderr, "---- kfuzz console ----\n%s\n---- end ----\n", k.out);
	bool survived = strstr(k.out, " calls, survived") != NULL;
	bool panicked = strstr(k.out, "kernel panic") != NULL;
	qemu_stop(&k);
	cr_assert(started, "kfuzz did not start");
	cr_expect(!panicked, "the kernel panicked (an invariant broke?)");
	cr_expect(survived && passed, "kfuzz did not report success");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}
