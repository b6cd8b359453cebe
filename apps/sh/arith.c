/* Arithmetic expansion (POSIX 2.6.4): C's integer expressions on longs,
 * by precedence climbing. Variables are read as numbers (unset or empty:
 * 0) and assigned with = and op=; the side of && || ?: that is not taken
 * is parsed but not evaluated (no assignments, no division errors). */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <ctype.h>
#include <stdio.h>

struct arith {
	const char *p;
	const struct sh_xops *ops;
	int skip; /* parsing only: the branch is not taken */
	int bad;
	char *err;
	size_t errlen;
};

static long fail(struct arith *a, const char *msg)
{
	if (!a->bad)
		snprintf(a->err, a->errlen, "arithmetic: %s", msg);
	a->bad = 1;
	return 0;
}

static void blanks(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

/* A string as a number: decimal, 0x hex or 0 octal; -1 if it is not. */
static int to_number(const char *s, long *v)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0') {
		*v = 0;
		return 0;
	}
	*v = strtol(s, &end, 0);
	while (isspace((unsigned char)*end))
		end++;
	return *end ? -1 : 0;
}

static long var_value(struct arith *a, const char *name)
{
	const char *s = a->ops->get(a->ops->ctx, name);
	long v = 0;

	if (!s && a->ops->nounset && !a->skip) {
		snprintf(a->err, a->errlen, "%s: parameter not set", name);
		a->bad = 1;
		return 0;
	}
	if (s && to_number(s, &v) < 0 && !a->skip)
		return fail(a, "a variable is not a number");
	return v;
}

static long assign(struct arith *a, const char *name, long v)
{
	char num[24];

	if (a->skip || a->bad)
		return v;
	snprintf(num, sizeof num, "%ld", v);
	if (a->ops->set(a->ops->ctx, name, num, a->err, a->errlen) < 0)
		a->bad = 1;
	return v;
}

static long binary(struct arith *a, int prec);

/* Binary operators by precedence, loosest first (1: ||). */
static const struct op {
	const char *text;
	int prec;
} binops[] = {
	{ "||", 1 }, { "&&", 2 }, { "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 },
	{ "<<", 8 }, { ">>", 8 }, { "|", 3 },  { "^", 4 },  { "&", 5 },  { "<", 7 },
	{ ">", 7 },  { "+", 9 },  { "-", 9 },  { "*", 10 }, { "/", 10 }, { "%", 10 },
};

/* The binary operator next, or NULL. The table has the longer ones first;
 * an operator followed by = is an assignment (+=, <<=), not for here. */
static const struct op *binary_op(struct arith *a)
{
	blanks(a);
	for (size_t k = 0; k < sizeof binops / sizeof binops[0]; k++) {
		const char *t = binops[k].text;
		size_t n = strlen(t);

		if (strncmp(a->p, t, n) != 0)
			continue;
		if (a->p[n] == '=' && t[n - 1] != '=')
			return NULL;
		return &binops[k];
	}
	return NULL;
}

static long apply(struct arith *a, const char *op, long l, long r)
{
	switch (op[0]) {
	case '+':
		return (long)((unsigned long)l + (unsigned long)r);
	case '-':
		return (long)((unsigned long)l - (unsigned long)r);
	case '*':
		return (long)((unsigned long)l * (unsigned long)r);
	case '/':
	case '%':
		if (r == 0)
			return a->skip ? 0 : fail(a, "division by zero");
		if (r == -1)
			return op[0] == '/' ? -l : 0;
		return op[0] == '/' ? l / r : l % r;
	case '<':
		return op[1] == '<' ? (long)((unsigned long)l << (r & 63)) : op[1] == '=' ? l <= r : l < r;
	case '>':
		return op[1] == '>' ? l >> (r & 63) : op[1] == '=' ? l >= r : l > r;
	case '=':
		return l == r;
	case '!':
		return l != r;
	case '&':
		return op[1] == '&' ? (l && r) : l & r;
	case '|':
		return op[1] == '|' ? (l || r) : l | r;
	case '^':
		return l ^ r;
	}
	return fail(a, "unknown operator");
}

static long ternary(struct arith *a);

/* A name: its value, or an assignment to it. */
static long name_or_assign(struct arith *a)
{
	static const char *const aops[] = { "<<=", ">>=", "*=", "/=", "%=", "+=",
		                            "-=",  "&=",  "^=", "|=", "=",  NULL };
	const char *start = a->p;
	char name[64];
	size_t n = 0;

	while (isalnum((unsigned char)a->p[n]) || a->p[n] == '_')
		n++;
	if (n >= sizeof name)
		return fail(a, "name too long");
	memcpy(name, start, n);
	name[n] = '\0';
	a->p += n;
	blanks(a);
	for (const char *const *op = aops; *op; op++) {
		size_t k = strlen(*op);
		if (strncmp(a->p, *op, k) != 0 || (k == 1 && a->p[1] == '='))
			continue;
		a->p += k;
		long r = ternary(a);
		if (k > 1) {
			char bop[3] = { (*op)[0], k == 3 ? (*op)[1] : '\0', '\0' };
			r = apply(a, bop, var_value(a, name), r);
		}
		return assign(a, name, r);
	}
	return var_value(a, name);
}

static long unary(struct arith *a)
{
	blanks(a);
	char c = *a->p;
	if (c == '+' || c == '-' || c == '~' || c == '!') {
		a->p++;
		long v = unary(a);
		return c == '-' ? (long)(0 - (unsigned long)v) : c == '~' ? ~v : c == '!' ? !v : v;
	}
	if (c == '(') {
		a->p++;
		long v = ternary(a);
		blanks(a);
		if (*a->p != ')')
			return fail(a, "missing )");
		a->p++;
		return v;
	}
	if (isdigit((unsigned char)c)) {
		char *end;
		long v = strtol(a->p, &end, 0);
		if (isalnum((unsigned char)*end) || *end == '_')
			return fail(a, "bad number");
		a->p = end;
		return v;
	}
	if (isalpha((unsigned char)c) || c == '_')
		return name_or_assign(a);
	return fail(a, c ? "syntax error" : "expression expected");
}

static long binary(struct arith *a, int min)
{
	long l = unary(a);
	const struct op *op;

	while (!a->bad && (op = binary_op(a)) && op->prec >= min) {
		a->p += strlen(op->text);
		int was = a->skip;
		/* l || r: r is not evaluated when l decides. */
		if ((op->prec == 1 && l) || (op->prec == 2 && !l))
			a->skip = 1;
		long r = binary(a, op->prec + 1);
		a->skip = was;
		l = apply(a, op->text, l, r);
	}
	return l;
}

static long ternary(struct arith *a)
{
	long c = binary(a, 1);

	blanks(a);
	if (*a->p != '?')
		return c;
	a->p++;
	int was = a->skip;
	a->skip = was || !c;
	long t = ternary(a);
	blanks(a);
	if (*a->p != ':')
		return fail(a, "missing : after ?");
	a->p++;
	a->skip = was || c;
	long f = ternary(a);
	a->skip = was;
	return c ? t : f;
}

int sh_arith(const char *expr, const struct sh_xops *ops, long *value, char *err, size_t errlen)
{
	struct arith a = { .p = expr, .ops = ops, .err = err, .errlen = errlen };

	blanks(&a);
	if (*a.p == '\0') {
		*value = 0;
		return 0;
	}
	*value = ternary(&a);
	blanks(&a);
	if (!a.bad && *a.p)
		fail(&a, "syntax error");
	return a.bad ? -1 : 0;
}
