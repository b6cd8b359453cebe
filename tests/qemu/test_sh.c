/* The POSIX shell and utilities in the real system: a script of the
 * Shell Command Language (tests/qemu/initrd/test/posix.sh) must print
 * exactly what dash prints for it on the host (posix.expected), and one
 * of the utilities' options (utils.sh) what GNU's print; posix.sh runs as
 * ./posix.sh through its #! line; compound commands typed at the prompt
 * over several lines get "> " asking for the rest. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/qemu/transcript.h"

#define STEP_MS 15000

Test(qemu_posix_sh, runs_a_posix_script_as_dash_does, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && qemu_prints_as_expected(&q, "sh /test/posix.sh a 'b c'",
	                              "tests/qemu/initrd/test/posix.expected");
	/* Executable, run through its #! line, from its directory. */
	if (ok) {
		qemu_send(&q, "cd /test; ./posix.sh x\r");
		ok = qemu_expect(&q, "args: 1 [x] []", STEP_MS) && qemu_expect(&q, "trapped EXIT", STEP_MS) &&
		     qemu_expect(&q, "$ ", STEP_MS);
	}
	/* Typed: a loop over two lines, a function, an arithmetic expansion. */
	if (ok) {
		qemu_send(&q, "for i in 1 2; do\r");
		ok = qemu_expect(&q, "> ", STEP_MS);
		qemu_send(&q, "echo n$((i * 10)); done\r");
		ok = ok && qemu_expect(&q, "n10\r\nn20\r\n", STEP_MS) && qemu_expect(&q, "$ ", STEP_MS);
	}
	if (ok) {
		qemu_send(&q, "f() { echo \"f got $#: $*\"; }; f a b | while read l; do echo \"<$l>\"; done\r");
		ok = qemu_expect(&q, "<f got 2: a b>", STEP_MS) && qemu_expect(&q, "$ ", STEP_MS);
	}
	if (ok) {
		qemu_send(&q, "exit\r");
		ok = qemu_expect(&q, "powering off", STEP_MS);
	}
	if (!ok)
		fprintf(stderr, "--- the console:\n%s\n---\n", q.out);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
}

/* The utilities' options print what GNU's print for them on the host
 * (tests/qemu/initrd/test/utils.sh); a bad option is a usage line. */
Test(qemu_posix_sh, utilities_print_what_posix_says, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && qemu_prints_as_expected(&q, "sh /test/utils.sh", "tests/qemu/initrd/test/utils.expected");
	if (ok) {
		qemu_send(&q, "memhog -h; echo memhog $?\r");
		ok = qemu_expect(&q, "usage: memhog [-c CHUNK] [-k]", STEP_MS) &&
		     qemu_expect(&q, "memhog 2", STEP_MS);
	}
	if (ok) {
		qemu_send(&q, "cut -z; echo cut $?\r");
		ok = qemu_expect(&q, "usage: cut", STEP_MS) && qemu_expect(&q, "cut 2", STEP_MS);
	}
	if (ok) {
		qemu_send(&q, "exit\r");
		ok = qemu_expect(&q, "powering off", STEP_MS);
	}
	if (!ok)
		fprintf(stderr, "--- the console:\n%s\n---\n", q.out);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
}
