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
#include "tests/qemu/harness.h"

#define BOOT_MS 20000
#define STEP_MS 15000

static bool boot_to_shell(struct qemu *q)
{
	cr_assert(qemu_start(q, qemu_image_default(), 80));
	return qemu_expect(q, "Welcome to Ration.", BOOT_MS) && qemu_expect(q, "$ ", 10000);
}

/* The file, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	size_t len = 0, cap = 0, n;
	char buf[4096];

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = 2 * (len + n + 1);
			s = realloc(s, cap);
			cr_assert_not_null(s);
		}
		memcpy(s + len, buf, n);
		len += n;
	}
	fclose(f);
	if (s)
		s[len] = '\0';
	return s;
}

/* The console's text from `from` to `to`, without the \r the terminal
 * adds before each \n. */
static char *without_cr(const char *from, const char *to)
{
	char *s = malloc((size_t)(to - from) + 1), *o = s;

	cr_assert_not_null(s);
	for (; from < to; from++)
		if (*from != '\r')
			*o++ = *from;
	*o = '\0';
	return s;
}

/* The first line where a and b differ, for the failure message. */
static void show_difference(const char *want, const char *got)
{
	int line = 1;
	const char *w = want, *g = got;

	while (*w && *w == *g) {
		if (*w == '\n')
			line++;
		w++;
		g++;
	}
	while (w > want && w[-1] != '\n')
		w--;
	while (g > got && g[-1] != '\n')
		g--;
	fprintf(stderr, "the output differs at line %d:\n  expected: %.*s\n  got:      %.*s\n", line,
	        (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
}

/* Types cmd (a script run, then "echo END-$?") and compares what it
 * printed with the file expected; false if the console stopped short. */
static bool prints_as_expected(struct qemu *q, const char *cmd, const char *expected)
{
	char *want = slurp(expected), line[256];
	cr_assert_not_null(want, "%s is missing", expected);

	snprintf(line, sizeof line, "%s; echo END-$?", cmd);
	qemu_send(q, line);
	qemu_send(q, "\r");
	bool ok = qemu_expect(q, line, STEP_MS) && qemu_expect(q, "\n", STEP_MS);
	size_t start = q->mark;
	ok = ok && qemu_expect(q, "END-0", 60000);
	if (ok) {
		char *got = without_cr(q->out + start, q->out + q->mark - strlen("END-0"));
		if (strcmp(want, got) != 0)
			show_difference(want, got);
		cr_expect_str_eq(got, want, "%s: the output is not what %s has", cmd, expected);
		free(got);
	}
	free(want);
	return ok;
}

Test(qemu_posix_sh, runs_a_posix_script_as_dash_does, .timeout = 90)
{
	struct qemu q;
	bool ok = boot_to_shell(&q);

	ok = ok && prints_as_expected(&q, "sh /test/posix.sh a 'b c'",
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
	bool ok = boot_to_shell(&q);

	ok = ok && prints_as_expected(&q, "sh /test/utils.sh", "tests/qemu/initrd/test/utils.expected");
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
