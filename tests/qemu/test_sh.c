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

/* What is this shell's own: set -o and +o list every option, ulimit tells
 * the limits this system has and refuses to pretend to set others, fc -l
 * lists the history typed, ignoreeof keeps ^D from ending the session. */
Test(qemu_posix_sh, set_o_ulimit_fc_tell_the_truth, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);
	const struct {
		const char *cmd;
		const char *texts[6];
	} steps[] = {
		{ "echo one", { "one\r\n" } },
		{ "set -o | grep -E 'noclobber|errexit'", { "errexit     off\r\n", "noclobber   off\r\n" } },
		{ "set -eC; set +o | grep -E 'noclobber|errexit'; set +eC",
		  { "set -o errexit\r\n", "set -o noclobber\r\n" } },
		{ "ulimit -a | grep -c :; ulimit -n; ulimit -s; ulimit -c; ulimit -t",
		  { "\n7\r\n64\r\n8192\r\n0\r\nunlimited\r\n" } },
		{ "ulimit -v | awk '{ print ($1 > 1000) }'", { "\n1\r\n" } },
		{ "ulimit -n 10; echo st $?; ulimit -n 64; echo st $?; ulimit -t unlimited; echo st $?",
		  { "ulimit: -n: cannot be changed", "st 1\r\nst 0\r\nst 0\r\n" } },
		{ "ulimit -d 1000; echo st $?", { "quota changes it", "st 1\r\n" } },
		{ "fc -l", { "1\techo one\r\n2\tset -o", "6\tulimit -n 10;", "7\tulimit -d 1000; echo st $?\r\n" } },
		{ "fc -lnr 1 2", { "\tset -o | grep", "\techo one\r\n" } },
		{ "fc -l 2 1", { "2\tset -o | grep", "1\techo one\r\n" } },
		{ "fc -l ech -1", { "1\techo one\r\n2\t", "8\tfc -l\r\n9\tfc -lnr 1 2\r\n10\tfc -l 2 1\r\n" } },
		{ "fc -s; echo st $?", { "only -l", "st 2\r\n" } },
		{ "set -o ignoreeof", { "" } },
	};

	for (size_t i = 0; ok && i < sizeof steps / sizeof steps[0]; i++) {
		qemu_send(&q, steps[i].cmd);
		qemu_send(&q, "\r");
		for (int k = 0; ok && steps[i].texts[k]; k++)
			ok = qemu_expect(&q, steps[i].texts[k], STEP_MS);
		ok = ok && qemu_expect(&q, "$ ", STEP_MS);
		if (!ok)
			fprintf(stderr, "step %zu (%s) went wrong\n", i, steps[i].cmd);
	}
	if (ok) {
		qemu_send(&q, "\x04");
		ok = qemu_expect(&q, "use \"exit\" to leave the shell", STEP_MS);
		qemu_send(&q, "echo still here\r");
		ok = ok && qemu_expect(&q, "still here\r\n", STEP_MS);
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
