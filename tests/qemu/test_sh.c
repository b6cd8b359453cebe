/* The POSIX shell in the real system: a script of the Shell Command
 * Language (tests/qemu/initrd/test/posix.sh) must print exactly what dash
 * prints for it on the host (posix.expected); run as ./posix.sh through
 * its #! line; and compound commands typed at the prompt over several
 * lines, with "> " asking for the rest. */
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
	fprintf(stderr, "posix.sh differs from dash at line %d:\n  dash: %.*s\n  sh:   %.*s\n", line,
	        (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
}

Test(qemu_posix_sh, runs_a_posix_script_as_dash_does, .timeout = 90)
{
	struct qemu q;
	char *want = slurp("tests/qemu/initrd/test/posix.expected");
	cr_assert_not_null(want, "tests/qemu/initrd/test/posix.expected is missing");

	bool ok = boot_to_shell(&q);
	const char *cmd = "sh /test/posix.sh a 'b c'; echo END-$?";
	if (ok) {
		qemu_send(&q, cmd);
		qemu_send(&q, "\r");
		ok = qemu_expect(&q, cmd, STEP_MS) && qemu_expect(&q, "\n", STEP_MS);
	}
	size_t start = q.mark;
	ok = ok && qemu_expect(&q, "END-0", 60000);
	char *got = NULL;
	if (ok) {
		got = without_cr(q.out + start, q.out + q.mark - strlen("END-0"));
		if (strcmp(want, got) != 0)
			show_difference(want, got);
		cr_expect_str_eq(got, want, "the script's output is not dash's");
	}
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
	free(want);
	free(got);
	cr_assert(ok, "the session did not go as expected");
}
