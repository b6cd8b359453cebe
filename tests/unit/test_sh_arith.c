/* The shell's arithmetic (apps/sh/arith.c): C's operators and precedence
 * on longs, variables read and assigned, the branches not taken left
 * alone, and the errors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

static char xval[32] = "7", yval[32] = "", err[200];
static int sets;

static const char *get(void *ctx, const char *name)
{
	if (strcmp(name, "x") == 0)
		return xval;
	if (strcmp(name, "y") == 0)
		return yval;
	if (strcmp(name, "s") == 0)
		return "abc";
	if (strcmp(name, "h") == 0)
		return "0x1f";
	return NULL;
}

static int set(void *ctx, const char *name, const char *value, char *e, size_t elen)
{
	sets++;
	if (strcmp(name, "x") == 0)
		snprintf(xval, sizeof xval, "%s", value);
	else if (strcmp(name, "y") == 0)
		snprintf(yval, sizeof yval, "%s", value);
	else
		return snprintf(e, elen, "%s: is read only", name), -1;
	return 0;
}

static const struct sh_xops ops = { .get = get, .set = set };

static void setup(void)
{
	strcpy(xval, "7");
	yval[0] = '\0';
	sets = 0;
}

TestSuite(sh_arith, .init = setup);

static void is(const char *expr, long want)
{
	long v;

	cr_assert_eq(sh_arith(expr, &ops, &v, err, sizeof err), 0, "<%s>: %s", expr, err);
	cr_expect_eq(v, want, "<%s> = %ld, not %ld", expr, v, want);
}

static void fails(const char *expr, const char *msg)
{
	long v;

	cr_expect_eq(sh_arith(expr, &ops, &v, err, sizeof err), -1, "<%s> evaluated", expr);
	cr_expect_str_eq(err, msg, "<%s>", expr);
}

Test(sh_arith, precedence_as_in_c)
{
	is("1 + 2 * 3", 7);
	is("(1 + 2) * 3", 9);
	is("10 - 4 - 3", 3);
	is("2 + 3 << 1", 10);
	is("1 < 2 == 1", 1);
	is("6 & 3 | 8 ^ 1", 11);
	is("1 || 0 && 0", 1);
	is("-3 + +2", -1);
	is("!0 + ~0", 0);
	is("7 / 2 * 2 + 7 % 2", 7);
	is("-7 / 2", -3);
	is("1 ? 2 : 3", 2);
	is("0 ? 2 : 0 ? 3 : 4", 4);
	is("", 0);
}

Test(sh_arith, numbers_in_three_bases)
{
	is("0x1F + 010 + 9", 31 + 8 + 9);
	is("h + 1", 32);
}

Test(sh_arith, variables_are_read_and_assigned)
{
	is("x * 2", 14);
	is("y + 1", 1); /* empty is 0 */
	is("z + 1", 1); /* unset is 0 */
	is("y = x + 1", 8);
	cr_expect_str_eq(yval, "8");
	is("x += 3", 10);
	is("x <<= 1", 20);
	is("x %= 6", 2);
	is("x == 2", 1);
	cr_expect_str_eq(xval, "2");
}

Test(sh_arith, branches_not_taken_are_not_evaluated)
{
	is("0 && (x = 99)", 0);
	is("1 || (x = 99)", 1);
	is("1 ? 5 : (x = 99)", 5);
	is("0 && 1 / 0", 0);
	cr_expect_eq(sets, 0);
	cr_expect_str_eq(xval, "7");
}

Test(sh_arith, errors)
{
	fails("1 / 0", "arithmetic: division by zero");
	fails("5 % 0", "arithmetic: division by zero");
	fails("1 +", "arithmetic: expression expected");
	fails("(1", "arithmetic: missing )");
	fails("1 2", "arithmetic: syntax error");
	fails("s + 1", "arithmetic: a variable is not a number");
	fails("12ab", "arithmetic: bad number");
	fails("r = 1", "r: is read only");
}
