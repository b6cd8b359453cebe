/* expr: evaluates an expression given as arguments, and writes it.
 *   expr expression
 * Operators, loosest first: |  &  = > >= < <= !=  + -  * / %  and
 * string : regex, with ( ) for grouping; each operator and operand is
 * one argument. Comparisons are numeric when both sides are integers.
 * The regex is a basic one anchored at the start (. * [...] ^ $ and one
 * \(...\)); ':' gives the text \(...\) matched, else the length matched.
 * Status 0 if the result is neither null nor 0, 1 if it is, 2 for a bad
 * expression, 3 for another error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **args;
static int nargs, pos;

static void fail(const char *msg)
{
	fprintf(stderr, "expr: %s\n", msg);
	exit(2);
}

static char *number(long v)
{
	char *s = malloc(24);
	if (!s)
		exit(3);
	snprintf(s, 24, "%ld", v);
	return s;
}

static int is_int(const char *s, long *v)
{
	char *end;
	if (!*s)
		return 0;
	*v = strtol(s, &end, 10);
	return *end == '\0';
}

/* ---- a small basic regular expression -------------------------------------- */
static const char *group_start, *group_end;

static int match_here(const char *re, const char *s, const char **end);

/* One atom at re: its length in *len; whether c matches it. */
static int atom(const char *re, int c, int *len)
{
	if (re[0] == '\\' && re[1]) {
		*len = 2;
		return c == re[1];
	}
	if (re[0] == '[') {
		int neg = re[1] == '^', found = 0, i = 1 + neg;
		if (re[i] == ']')
			found |= c == ']', i++;
		for (; re[i] && re[i] != ']'; i++) {
			if (re[i + 1] == '-' && re[i + 2] && re[i + 2] != ']') {
				found |= c >= re[i] && c <= re[i + 2];
				i += 2;
			} else {
				found |= c == re[i];
			}
		}
		*len = re[i] ? i + 1 : i;
		return c && found != neg;
	}
	*len = 1;
	return c && (re[0] == '.' || re[0] == c);
}

static int match_here(const char *re, const char *s, const char **end)
{
	int len;

	if (re[0] == '\0') {
		*end = s;
		return 1;
	}
	if (re[0] == '$' && re[1] == '\0') {
		*end = s;
		return *s == '\0';
	}
	if (re[0] == '\\' && re[1] == '(') {
		const char *save = group_start;
		group_start = s;
		if (match_here(re + 2, s, end))
			return 1;
		group_start = save;
		return 0;
	}
	if (re[0] == '\\' && re[1] == ')') {
		const char *save = group_end;
		group_end = s;
		if (match_here(re + 2, s, end))
			return 1;
		group_end = save;
		return 0;
	}
	atom(re, 'x', &len);
	if (re[len] == '*') {
		/* Longest first. */
		const char *t = s;
		while (*t && atom(re, *t, &len))
			t++;
		for (; t >= s; t--)
			if (match_here(re + len + 1, t, end))
				return 1;
		return 0;
	}
	if (*s && atom(re, *s, &len))
		return match_here(re + len, s + 1, end);
	return 0;
}

static char *colon(const char *s, const char *re)
{
	const char *end;

	if (re[0] == '^')
		re++;
	group_start = group_end = NULL;
	int grouped = strstr(re, "\\(") != NULL;
	if (!match_here(re, s, &end))
		return grouped ? strdup("") : number(0);
	if (grouped)
		return group_start && group_end ? strndup(group_start, (size_t)(group_end - group_start))
		                                 : strdup("");
	return number((long)(end - s));
}

/* ---- the expression ----------------------------------------------------------- */
static char *expr_or(void);

static const char *peek(void)
{
	return pos < nargs ? args[pos] : NULL;
}

static int at(const char *op)
{
	return peek() && strcmp(peek(), op) == 0;
}

static char *primary(void)
{
	if (pos >= nargs)
		fail("syntax error: missing argument");
	if (at("(")) {
		pos++;
		char *v = expr_or();
		if (!at(")"))
			fail("syntax error: ')' expected");
		pos++;
		return v;
	}
	return strdup(args[pos++]);
}

static char *expr_colon(void)
{
	char *l = primary();
	while (at(":")) {
		pos++;
		char *r = primary(), *v = colon(l, r);
		free(l);
		free(r);
		l = v;
	}
	return l;
}

static long int_of(const char *s)
{
	long v;
	if (!is_int(s, &v))
		fail("non-integer argument");
	return v;
}

static char *expr_mul(void)
{
	char *l = expr_colon();
	while (at("*") || at("/") || at("%")) {
		char op = args[pos++][0];
		char *r = expr_colon();
		long a = int_of(l), b = int_of(r);
		if (op != '*' && b == 0)
			fail("division by zero");
		free(l);
		free(r);
		l = number(op == '*' ? a * b : op == '/' ? a / b : a % b);
	}
	return l;
}

static char *expr_add(void)
{
	char *l = expr_mul();
	while (at("+") || at("-")) {
		char op = args[pos++][0];
		char *r = expr_mul();
		long a = int_of(l), b = int_of(r);
		free(l);
		free(r);
		l = number(op == '+' ? a + b : a - b);
	}
	return l;
}

static char *expr_cmp(void)
{
	static const char *const ops[] = { "=", "!=", "<", "<=", ">", ">=", NULL };
	char *l = expr_add();
	for (;;) {
		int k = 0;
		while (ops[k] && !at(ops[k]))
			k++;
		if (!ops[k])
			return l;
		pos++;
		char *r = expr_add();
		long a, b;
		int c = is_int(l, &a) && is_int(r, &b) ? (a > b) - (a < b) : strcmp(l, r);
		int v = k == 0 ? c == 0 : k == 1 ? c != 0 : k == 2 ? c < 0 : k == 3 ? c <= 0 : k == 4 ? c > 0 : c >= 0;
		free(l);
		free(r);
		l = number(v);
	}
}

static int is_null(const char *s)
{
	long v;
	return *s == '\0' || (is_int(s, &v) && v == 0);
}

static char *expr_and(void)
{
	char *l = expr_cmp();
	while (at("&")) {
		pos++;
		char *r = expr_cmp();
		if (is_null(l) || is_null(r)) {
			free(l);
			l = number(0);
		}
		free(r);
	}
	return l;
}

static char *expr_or(void)
{
	char *l = expr_and();
	while (at("|")) {
		pos++;
		char *r = expr_and();
		if (is_null(l)) {
			free(l);
			l = r;
		} else {
			free(r);
		}
	}
	return l;
}

int main(int argc, char **argv)
{
	args = argv + 1;
	nargs = argc - 1;
	if (nargs > 0 && strcmp(args[0], "--") == 0) {
		args++;
		nargs--;
	}
	if (nargs < 1) {
		fprintf(stderr, "usage: expr expression\n");
		return 2;
	}
	char *v = expr_or();
	if (pos < nargs)
		fail("syntax error: unexpected argument");
	puts(v);
	int status = is_null(v);
	free(v);
	return fflush(stdout) == 0 ? status : 3;
}
