/* test and [ (POSIX XCU test), the shell's builtins; here so that a
 * /bin/test can be the same code (one line of main) when the initrd has
 * room for it. Expressions: ! expr, expr -a expr, expr -o expr, ( expr ),
 * -e -f -d -r -w -x -s -L -h -p -S -b -c file, -t fd, -n -z string,
 * string, s1 = s2, s1 != s2, n1 -eq -ne -lt -le -gt -ge n2; with one to
 * four arguments POSIX's rules by count decide, as dash does. Status 0
 * true, 1 false, 2 an error (said on stderr).
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_TEST_H
#define APPS_LIB_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libc-glue has lstat, newlib's <sys/stat.h> does not declare it. */
int lstat(const char *path, struct stat *st);

struct test_state {
	char **v;
	int n, i;
	int bad;
	const char *prog;
};

static inline int test_error(struct test_state *t, const char *what, const char *arg)
{
	if (!t->bad)
		fprintf(stderr, "%s: %s%s%s\n", t->prog, arg ? arg : "", arg ? ": " : "", what);
	t->bad = 1;
	return 0;
}

static inline int test_number(struct test_state *t, const char *s, long *v)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	*v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (!*s || *end)
		return test_error(t, "integer expression expected", s), -1;
	return 0;
}

static inline int test_is_unary(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("edfrwxsLhpSbcntz", s[1]);
}

static inline int test_is_binary(const char *s)
{
	static const char *const ops[] = { "=", "!=", "-eq", "-ne", "-lt", "-le",
		                           "-gt", "-ge", "-nt", "-ot", "==", NULL };
	for (const char *const *o = ops; *o; o++)
		if (strcmp(s, *o) == 0)
			return 1;
	return 0;
}

static inline int test_unary(struct test_state *t, char op, const char *arg)
{
	struct stat st;

	switch (op) {
	case 'n':
		return *arg != '\0';
	case 'z':
		return *arg == '\0';
	case 't':
		return isatty(atoi(arg));
	case 'L':
	case 'h':
		return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	}
	if (stat(arg, &st) < 0)
		return 0;
	switch (op) {
	case 'e':
		return 1;
	case 'f':
		return S_ISREG(st.st_mode);
	case 'd':
		return S_ISDIR(st.st_mode);
	case 's':
		return st.st_size > 0;
	case 'p':
		return S_ISFIFO(st.st_mode);
	case 'S':
		return S_ISSOCK(st.st_mode);
	case 'b':
		return S_ISBLK(st.st_mode);
	case 'c':
		return S_ISCHR(st.st_mode);
	case 'r':
		return access(arg, R_OK) == 0;
	case 'w':
		return access(arg, W_OK) == 0;
	case 'x':
		return access(arg, X_OK) == 0;
	}
	return 0;
}

static inline int test_binary(struct test_state *t, const char *a, const char *op, const char *b)
{
	long x, y;
	struct stat sa, sb;

	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return strcmp(a, b) == 0;
	if (strcmp(op, "!=") == 0)
		return strcmp(a, b) != 0;
	if (strcmp(op, "-nt") == 0 || strcmp(op, "-ot") == 0) {
		int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
		if (op[1] == 'n')
			return ea && (!eb || sa.st_mtime > sb.st_mtime);
		return eb && (!ea || sa.st_mtime < sb.st_mtime);
	}
	if (test_number(t, a, &x) < 0 || test_number(t, b, &y) < 0)
		return 0;
	if (strcmp(op, "-eq") == 0)
		return x == y;
	if (strcmp(op, "-ne") == 0)
		return x != y;
	if (strcmp(op, "-lt") == 0)
		return x < y;
	if (strcmp(op, "-le") == 0)
		return x <= y;
	if (strcmp(op, "-gt") == 0)
		return x > y;
	return x >= y;
}

static inline int test_or(struct test_state *t);

static inline const char *test_next(struct test_state *t)
{
	return t->i < t->n ? t->v[t->i] : NULL;
}

static inline int test_primary(struct test_state *t)
{
	const char *a = test_next(t);

	if (!a)
		return test_error(t, "argument expected", NULL);
	if (strcmp(a, "!") == 0) {
		t->i++;
		return !test_primary(t);
	}
	if (strcmp(a, "(") == 0) {
		t->i++;
		int r = test_or(t);
		if (!test_next(t) || strcmp(test_next(t), ")") != 0)
			return test_error(t, "')' expected", NULL);
		t->i++;
		return r;
	}
	if (t->i + 2 < t->n && test_is_binary(t->v[t->i + 1])) {
		t->i += 3;
		return test_binary(t, a, t->v[t->i - 2], t->v[t->i - 1]);
	}
	if (test_is_unary(a) && t->i + 1 < t->n) {
		t->i += 2;
		return test_unary(t, a[1], t->v[t->i - 1]);
	}
	t->i++;
	return *a != '\0';
}

static inline int test_and(struct test_state *t)
{
	int r = test_primary(t);

	while (test_next(t) && strcmp(test_next(t), "-a") == 0) {
		t->i++;
		r = test_primary(t) && r;
	}
	return r;
}

static inline int test_or(struct test_state *t)
{
	int r = test_and(t);

	while (test_next(t) && strcmp(test_next(t), "-o") == 0) {
		t->i++;
		r = test_and(t) || r;
	}
	return r;
}

/* POSIX's rules for few arguments, which the grammar alone gets wrong
 * ([ -n ], [ ! = x ]). */
static inline int test_eval(struct test_state *t)
{
	char **v = t->v;

	switch (t->n) {
	case 0:
		return 0;
	case 1:
		return *v[0] != '\0';
	case 2:
		if (strcmp(v[0], "!") == 0)
			return *v[1] == '\0';
		if (test_is_unary(v[0]))
			return test_unary(t, v[0][1], v[1]);
		return test_error(t, "unary operator expected", v[0]);
	case 3:
		if (test_is_binary(v[1]))
			return test_binary(t, v[0], v[1], v[2]);
		if (strcmp(v[0], "!") == 0) {
			t->v++;
			t->n--;
			int r = !test_eval(t);
			t->v--;
			t->n++;
			return r;
		}
		if (strcmp(v[0], "(") == 0 && strcmp(v[2], ")") == 0)
			return *v[1] != '\0';
		break;
	case 4:
		if (strcmp(v[0], "!") == 0) {
			t->v++;
			t->n--;
			int r = !test_eval(t);
			t->v--;
			t->n++;
			return r;
		}
		break;
	}
	int r = test_or(t);
	if (t->i < t->n)
		test_error(t, "unexpected operator", t->v[t->i]);
	return r;
}

/* argv[0] is "test" or "["; [ needs its ]. */
static inline int test_main(const char *prog, int argc, char **argv)
{
	struct test_state t = { .v = argv + 1, .n = argc - 1, .prog = prog };
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (strcmp(base, "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			fprintf(stderr, "%s: missing ]\n", prog);
			return 2;
		}
		t.n--;
	}
	int r = test_eval(&t);
	return t.bad ? 2 : !r;
}

#endif
