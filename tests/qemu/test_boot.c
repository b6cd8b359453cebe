/* The real kernel in QEMU, driven through the serial console. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/qemu/harness.h"

#define BOOT_MS 20000 /* generous: CI machines are slow and TCG is too */

static struct qemu q;

static void boot_default(void)
{
	cr_assert(qemu_start(&q, qemu_image_default(), 60), "QEMU did not start");
}

static void stop(void)
{
	qemu_stop(&q);
}

TestSuite(qemu_boot, .init = boot_default, .fini = stop, .timeout = 90);

Test(qemu_boot, reaches_the_banner_with_a_memory_map)
{
	cr_assert(qemu_expect(&q, "Ration ", BOOT_MS));
	cr_assert(qemu_expect(&q, "SBI v1.0", 1000));
	cr_assert(qemu_expect(&q, "memory map:", 1000));
	cr_assert(qemu_expect(&q, "RAM        0x80000000-0x88000000  128 MiB", 1000));
	cr_assert(qemu_expect(&q, "kernel     0x80200000-", 1000));
	cr_assert(qemu_expect(&q, "initrd     0x", 1000));
	cr_assert(qemu_expect(&q, "free RAM: ", 1000));
	cr_assert(qemu_expect(&q, "boot complete", 5000));
}

/* The banner's free ranges must add up to the total it prints: the figure
 * that later becomes untyped memory is derived, not typed in. */
Test(qemu_boot, free_ranges_add_up_to_the_free_total)
{
	cr_assert(qemu_expect(&q, "boot complete", BOOT_MS));
	unsigned long long sum = 0, total = 0;
	int ranges = 0;
	for (char *line = q.out; (line = strstr(line, "  free       0x")); line++) {
		unsigned long long b, e;
		cr_assert_eq(sscanf(line, "  free       %llx-%llx", &b, &e), 2);
		cr_assert_lt(b, e);
		sum += e - b;
		ranges++;
	}
	char *t = strstr(q.out, "free RAM: ");
	cr_assert_not_null(t);
	cr_assert_eq(sscanf(t, "free RAM: %llu bytes", &total), 1);
	cr_expect_gt(ranges, 0);
	cr_expect_eq(sum, total, "free ranges sum to %llu, banner says %llu", sum, total);
	/* 128 MiB minus firmware, kernel, initrd and DTB: most of it is free. */
	cr_expect_gt(total, 120ull << 20);
}

/* All free RAM is held as untyped caps: the table's RAM rows add up to
 * exactly the free RAM of the banner, and each row is naturally aligned. */
Test(qemu_boot, untyped_caps_cover_exactly_the_free_ram)
{
	cr_assert(qemu_expect(&q, "root task:", BOOT_MS));
	char *t = strstr(q.out, "free RAM: ");
	unsigned long long free_ram = 0, sum = 0, listed = 0;
	cr_assert_eq(sscanf(t, "free RAM: %llu bytes", &free_ram), 1);
	char *table = strstr(q.out, "untyped memory (root CNode slots");
	cr_assert_not_null(table);
	int rows = 0;
	for (char *line = strchr(table, '\n') + 1; line && *line == ' ';
	     line = strchr(line, '\n') + 1) {
		unsigned long slot;
		unsigned long long b, e;
		char kind[16];
		if (sscanf(line, " %lu %llx-%llx %*s %*s %15s", &slot, &b, &e, kind) != 4)
			continue;
		rows++;
		cr_expect_eq(b % (e - b), 0, "untyped %#llx-%#llx not naturally aligned", b, e);
		cr_expect_eq((e - b) & (e - b - 1), 0, "untyped size is not a power of two");
		if (strcmp(kind, "RAM") == 0)
			sum += e - b;
	}
	cr_assert_gt(rows, 3);
	t = strstr(q.out, "untyped RAM: ");
	cr_assert_eq(sscanf(t, "untyped RAM: %llu bytes", &listed), 1);
	cr_expect_eq(sum, free_ram, "untyped RAM rows sum to %llu, free RAM is %llu", sum,
	             free_ram);
	cr_expect_eq(listed, free_ram);
}

/* The timer, in a system that runs for more than a second (a normal boot
 * powers off sooner): the ktest variant. */
Test(qemu_timer, timer_interrupts_tick, .timeout = 60)
{
	struct qemu t;
	cr_assert(qemu_start(&t, qemu_image_variant("ktest"), 50));
	bool ticked = qemu_expect(&t, "timer: tick every 10000 us", BOOT_MS);
	long start = qemu_now_ms();
	ticked = ticked && qemu_expect(&t, "timer: 100 ticks, 1 s of timer interrupts", 30000);
	long took = qemu_now_ms() - start;
	qemu_stop(&t);
	cr_assert(ticked);
	/* The guest's second is virtual time; on the host it is at least a bit. */
	cr_expect_gt(took, 200);
}

/* A kernel built with CONFIG_TEST_BOOT_FAULT loads from address 0x10 after
 * the banner: the trap must become a readable panic and a failing exit. */
Test(qemu_fault, kernel_fault_gives_readable_panic_and_failing_status, .timeout = 90)
{
	struct qemu f;
	cr_assert(qemu_start(&f, qemu_image_variant("boot-fault"), 60));
	bool ok = qemu_expect(&f, "test: loading from an unmapped address", BOOT_MS) &&
	          qemu_expect(&f, "*** kernel trap: load page fault (scause 0xd)", 2000) &&
	          qemu_expect(&f, "stval 0x0000000000000010", 2000) &&
	          qemu_expect(&f, "ra   0xffffffc0", 2000) && qemu_expect(&f, "t6   0x", 2000) &&
	          qemu_expect(&f, "backtrace", 2000) && qemu_expect(&f, "  #1  0x", 2000) &&
	          qemu_expect(&f, "kernel panic: unexpected trap in S-mode", 2000);
	int status = qemu_wait_exit(&f, 10000);
	bool booted_on = strstr(f.out, "boot complete") != NULL;
	qemu_stop(&f);
	cr_assert(ok);
	cr_expect_eq(status, 1, "QEMU exit status %d, want 1 (sifive_test failure)", status);
	cr_expect(!booted_on, "the kernel went on after the fault");
}

/* The kernel's in-system tests (apps/ktest) as the root task: every
 * invocation from user mode, the scheduler, and a clean power-off with the
 * result as QEMU's exit status. */
Test(qemu_ktest, in_system_kernel_tests_pass, .timeout = 120)
{
	struct qemu k;
	cr_assert(qemu_start(&k, qemu_image_variant("ktest"), 100));
	/* The IRQ test waits for a key from a user-level UART driver. */
	bool ran =
	    qemu_expect(&k, "ktest: ", BOOT_MS) && qemu_expect(&k, "ktest: irq: type a key", 60000);
	if (ran) {
		qemu_send(&k, "k");
		ran = qemu_expect(&k, "got 'k' through the notification", 10000) &&
		      qemu_expect(&k, " passed, ", 90000);
	}
	int status = qemu_wait_exit(&k, 10000);
	bool clean = strstr(k.out, " 0 failed") != NULL;
	if (!clean)
		fprintf(stderr, "%s\n", k.out);
	qemu_stop(&k);
	cr_assert(ran, "ktest did not report");
	cr_expect(clean, "ktest reported failures");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}
