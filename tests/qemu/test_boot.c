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

Test(qemu_boot, timer_interrupts_tick)
{
	cr_assert(qemu_expect(&q, "timer: tick every 10000 us", BOOT_MS));
	long start = qemu_now_ms();
	cr_assert(qemu_expect(&q, "timer: 100 ticks, 1 s of timer interrupts", 10000));
	/* The guest's second is virtual time; on the host it is at least a bit. */
	cr_expect_gt(qemu_now_ms() - start, 200);
}

Test(qemu_boot, typed_characters_come_back_through_the_uart_interrupt)
{
	/* Type after the one-second timer report, so it cannot land between
	 * echoed characters. */
	cr_assert(qemu_expect(&q, "timer: 100 ticks", BOOT_MS));
	qemu_send(&q, "ration-echo-42\r");
	cr_assert(qemu_expect(&q, "ration-echo-42\r\n", 5000));
	qemu_send(&q, "second line\r");
	cr_assert(qemu_expect(&q, "second line\r\n", 5000));
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
		  qemu_expect(&f, "ra   0xffffffc0", 2000) &&
		  qemu_expect(&f, "t6   0x", 2000) &&
		  qemu_expect(&f, "backtrace", 2000) && qemu_expect(&f, "  #1  0x", 2000) &&
		  qemu_expect(&f, "kernel panic: unexpected trap in S-mode", 2000);
	int status = qemu_wait_exit(&f, 10000);
	bool booted_on = strstr(f.out, "boot complete") != NULL;
	qemu_stop(&f);
	cr_assert(ok);
	cr_expect_eq(status, 1, "QEMU exit status %d, want 1 (sifive_test failure)", status);
	cr_expect(!booted_on, "the kernel went on after the fault");
}
