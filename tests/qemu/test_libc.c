/* The C library libc-glue adds over newlib (apps/libctest), run from the
 * shell of a normal boot as a person would run it, and console lines up to
 * MAX_CANON. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "tests/qemu/harness.h"

#define BOOT_MS 20000

Test(qemu_libc, libctest_passes_and_long_lines_reach_the_shell, .timeout = 150)
{
	struct qemu q;
	cr_assert(qemu_start(&q, qemu_image_default(), 140));
	bool ok = qemu_expect(&q, "Welcome to Ration.", BOOT_MS) && qemu_expect(&q, "$ ", 10000);
	if (ok) {
		qemu_send(&q, "libctest; echo libctest-status $?\r");
		ok = qemu_expect(&q, "libctest: ", 100000) &&
		     qemu_expect(&q, "libctest-status ", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	bool clean = ok && strstr(q.out, " 0 failed") && strstr(q.out, "libctest-status 0") &&
	             !strstr(q.out, "FAIL ");
	/* A 4000-byte command line reaches the shell whole (its editor and the
	 * console take 4096 bytes), and the next line after it. (The cut of a
	 * longer line in line mode is tests/unit/test_tty.c's.) */
	static char line[6000];
	if (ok) {
		int n = snprintf(line, sizeof(line), "echo ");
		memset(line + n, 'x', 3990);
		snprintf(line + n + 3990, sizeof(line) - (size_t)n - 3990, " | wc -c\r");
		qemu_send(&q, line);
		ok = qemu_expect(&q, "3991", 20000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "echo after-$((40+2))\r");
		ok = qemu_expect(&q, "after-42", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "exit\r");
		ok = qemu_expect(&q, "powering off", 10000);
	}
	int status = qemu_wait_exit(&q, 10000);
	if (!ok || !clean)
		fprintf(stderr, "%s\n", q.out);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
	cr_expect(clean, "libctest reported failures");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}

/* Input pasted faster than a line-mode reader takes it is neither lost nor
 * able to stall the console: 40 lines of 100 bytes, a line of 4000 and one
 * of 5000 (cut to MAX_CANON, 4096 with its newline) in one write, then ^D,
 * reach `wc -c` whole (4000 + 4000 + 4096), and the shell answers after.
 * They come while `sleep 1` runs, so the console's input fills: the UART's
 * line then stays held until wc reads (tty.c). */
Test(qemu_libc, pasted_lines_reach_a_line_mode_reader_whole, .timeout = 90)
{
	static char paste[16000];
	size_t n = 0;
	for (int i = 0; i < 40; i++) {
		memset(paste + n, 'z', 99);
		n += 99;
		paste[n++] = '\r';
	}
	memset(paste + n, 'a', 3999);
	n += 3999;
	paste[n++] = '\r';
	memset(paste + n, 'b', 4999);
	n += 4999;
	paste[n++] = '\r';
	paste[n++] = 4; /* ^D */
	paste[n] = 0;

	struct qemu q;
	cr_assert(qemu_start(&q, qemu_image_default(), 80));
	bool ok = qemu_expect(&q, "Welcome to Ration.", BOOT_MS) && qemu_expect(&q, "$ ", 10000);
	if (ok) {
		qemu_send(&q, "echo rea''dy; sleep 1; wc -c\r");
		ok = qemu_expect(&q, "ready", 10000);
	}
	if (ok) {
		qemu_send(&q, paste);
		ok = qemu_expect(&q, "12096", 30000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "echo after-$((40+2))\r");
		ok = qemu_expect(&q, "after-42", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (!ok)
		fprintf(stderr, "%s\n", q.out + (q.len > 3000 ? q.len - 3000 : 0));
	qemu_stop(&q);
	cr_assert(ok, "the pasted input did not reach wc whole, or the console stalled");
}
