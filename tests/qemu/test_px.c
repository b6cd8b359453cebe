/* The POSIX server in QEMU: the normal boot (server, init, hello on
 * newlib) and the in-system POSIX tests (apps/pxtest), driven through the
 * serial console. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "tests/qemu/harness.h"

#define BOOT_MS 20000

/* A normal boot: the server hands all memory but its own to init, which
 * shows the message of the day and starts the shell; hello runs from it
 * (printf, malloc, fork, wait through newlib); leaving the shell ends the
 * session and powers off cleanly. */
Test(qemu_px, boot_to_a_shell_that_runs_programs, .timeout = 90)
{
	struct qemu q;
	cr_assert(qemu_start(&q, qemu_image_default(), 80));
	bool ok = qemu_expect(&q, "pxserver: ", BOOT_MS) &&
	          qemu_expect(&q, "init: Ration init, pid 1", 10000) &&
	          qemu_expect(&q, "Welcome to Ration.", 10000) && qemu_expect(&q, "$ ", 10000);
	if (ok) {
		qemu_send(&q, "hello\r");
		ok = qemu_expect(&q, "hello, world from pid ", 10000) &&
		     qemu_expect(&q, "hello: a string on the heap at 0x", 10000) &&
		     qemu_expect(&q, "exited with status 7", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	/* A pipeline of utilities, a directory listing, and ^C ending the
	 * foreground job but not the shell. */
	if (ok) {
		qemu_send(&q, "echo a b c | wc -w\r");
		ok = qemu_expect(&q, "3\r\n", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "seq 5 | sort -r | head -n 2\r");
		ok = qemu_expect(&q, "5\r\n4\r\n", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "ls /bin\r");
		ok = qemu_expect(&q, "pxtest", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "sleep 30\r");
		ok = qemu_expect(&q, "sleep 30", 5000);
		usleep(1000 * 1000); /* as a person would: once it runs */
		long start = qemu_now_ms();
		qemu_send(&q, "\x03");
		ok = ok && qemu_expect(&q, "$ ", 10000);
		cr_expect_lt(qemu_now_ms() - start, 10000, "^C did not end sleep");
		qemu_send(&q, "echo alive $?\r");
		ok = ok && qemu_expect(&q, "alive 130", 10000);
	}
	if (ok) {
		qemu_send(&q, "exit\r");
		ok = qemu_expect(&q, "init: pid 2 exited with status 0", 10000) &&
		     qemu_expect(&q, "init: no processes left, powering off", 10000);
	}
	int status = qemu_wait_exit(&q, 10000);
	if (!ok)
		fprintf(stderr, "%s\n", q.out);

	/* The server's memory and init's budget are exactly the free RAM. */
	unsigned long long ram = 0, server = 0, init = 0, kernel_ram = 0;
	const char *line = strstr(q.out, "pxserver: ");
	while (line && sscanf(line,
	                      "pxserver: %llu bytes of free RAM at boot: server %llu, "
	                      "init's budget %llu",
	                      &ram, &server, &init) != 3)
		line = strstr(line + 1, "pxserver: ");
	const char *k = strstr(q.out, "untyped RAM: ");
	if (k)
		sscanf(k, "untyped RAM: %llu bytes", &kernel_ram);
	qemu_stop(&q);
	cr_assert(ok, "the boot did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
	cr_assert_neq(line, NULL, "no memory report from the server");
	cr_expect_eq(server + init, ram, "server %llu + init %llu != free RAM %llu", server, init,
	             ram);
	/* The kernel's untyped RAM, less what the root task's image took. */
	cr_expect(ram <= kernel_ram && kernel_ram - ram < (1u << 20),
	          "free RAM %llu vs the kernel's untyped RAM %llu", ram, kernel_ram);
	cr_expect_lt(server, 2u << 20, "the server keeps %llu bytes", server);
}

/* apps/pxtest as the first process, on a kernel that checks every
 * capability invariant after every system call; then the line discipline,
 * typed at the console. */
Test(qemu_px, in_system_posix_tests_pass, .timeout = 240)
{
	struct qemu q;
	cr_assert(qemu_start(&q, qemu_image_variant("pxtest"), 230));
	bool ran = qemu_expect(&q, "pxtest: pid 1", BOOT_MS) &&
	           qemu_expect(&q, "pxtest: tty: type a line", 200000);
	if (ran) {
		qemu_send(&q, "ration-echo-42\r");
		ran = qemu_expect(&q, "ration-echo-42\r\n", 10000) &&
		      qemu_expect(&q, "type a line with erases", 10000);
	}
	if (ran) {
		qemu_send(&q, "abc\x7f\x7fX\r");
		ran = qemu_expect(&q, "type ^D", 10000);
	}
	if (ran) {
		qemu_send(&q, "\x04");
		ran = qemu_expect(&q, " passed, ", 10000);
	}
	int status = qemu_wait_exit(&q, 10000);
	bool clean = strstr(q.out, " 0 failed") && !strstr(q.out, "FAIL ");
	if (!clean || !ran)
		fprintf(stderr, "%s\n", q.out);
	qemu_stop(&q);
	cr_assert(ran, "pxtest did not finish");
	cr_expect(clean, "pxtest reported failures");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}
