/* Console tests that compare what a command prints with a file
 * (transcript.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/qemu/transcript.h"

#define STEP_MS 15000

bool qemu_boot_to_shell(struct qemu *q)
{
	cr_assert(qemu_start(q, qemu_image_default(), 80));
	return qemu_expect(q, "Welcome to Ration.", 20000) && qemu_expect(q, "$ ", 10000);
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

/* The first line where want and got differ, for the failure message. */
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

/* Types cmd, then "echo END-$?", and compares what it printed with the
 * file expected; false if the console stopped short. */
bool qemu_prints_as_expected(struct qemu *q, const char *cmd, const char *expected)
{
	char *want = slurp(expected), line[256];
	cr_assert_not_null(want, "%s is missing", expected);

	snprintf(line, sizeof line, "%s; echo END-$?", cmd);
	qemu_send(q, line);
	qemu_send(q, "\r");
	bool ok = qemu_expect(q, line, STEP_MS) && qemu_expect(q, "\n", STEP_MS);
	size_t start = q->mark;
	ok = ok && qemu_expect(q, "END-0", 60000);
	if (!ok) { /* a failing status, or the console stopped: show what came */
		size_t from = start < q->mark ? start : q->mark;
		fprintf(stderr, "%s: no END-0; the console had:\n%.4000s\n", cmd, q->out + from);
	}
	if (ok) {
		char *got = without_cr(q->out + start, q->out + q->mark - strlen("END-0"));
		if (strcmp(want, got) != 0)
			show_difference(want, got);
		cr_expect_str_eq(got, want, "%s: the output is not what %s has", cmd, expected);
		free(got);
		/* The next prompt, before anything else is typed: typed ahead,
		 * a line is echoed before the prompt and then drawn again. */
		ok = qemu_expect(q, "$ ", STEP_MS);
	}
	free(want);
	return ok;
}

