/* awk's lexer and values (apps/awk/lex.c, apps/awk/value.c): the tokens
 * of a program, string escapes, and the conversions between numbers and
 * strings that POSIX awk defines. */
#include <criterion/criterion.h>
#include <string.h>
#include "apps/awk/awk.h"

/* The tokens of src, as a string of short names. */
static const char *tokens(const char *src)
{
	static char buf[512];
	struct lexer lx;

	buf[0] = '\0';
	for (lex_init(&lx, src); lx.tok != T_EOF; lex_next(&lx)) {
		char one[64];
		switch (lx.tok) {
		case T_NEWLINE: snprintf(one, sizeof one, "NL"); break;
		case T_NUMBER: snprintf(one, sizeof one, "%g", lx.num); break;
		case T_STRING: snprintf(one, sizeof one, "\"%s\"", lx.text); break;
		case T_NAME: snprintf(one, sizeof one, "%s", lx.text); break;
		case T_FUNC_NAME: snprintf(one, sizeof one, "%s(", lx.text); break;
		case T_BUILTIN: snprintf(one, sizeof one, "builtin:%s", lx.text); break;
		case T_BEGIN: snprintf(one, sizeof one, "BEGIN"); break;
		case T_PRINT: snprintf(one, sizeof one, "print"); break;
		case T_ADD_ASSIGN: snprintf(one, sizeof one, "+="); break;
		case T_INCR: snprintf(one, sizeof one, "++"); break;
		case T_EQ: snprintf(one, sizeof one, "=="); break;
		case T_NOMATCH: snprintf(one, sizeof one, "!~"); break;
		case T_AND: snprintf(one, sizeof one, "&&"); break;
		case T_APPEND: snprintf(one, sizeof one, ">>"); break;
		default:
			if (lx.tok < 256)
				snprintf(one, sizeof one, "%c", lx.tok);
			else
				snprintf(one, sizeof one, "<%d>", lx.tok);
		}
		if (buf[0])
			strcat(buf, " ");
		strcat(buf, one);
	}
	return buf;
}

Test(awk_lex, splits_a_program_into_tokens)
{
	cr_expect_str_eq(tokens("BEGIN { x += 1.5e1; print \"a\\tb\" >> f }"),
	                 "BEGIN { x += 15 ; print \"a\tb\" >> f }");
	cr_expect_str_eq(tokens("$1 == 3 && $2 !~ s # a comment\n"), "$ 1 == 3 && $ 2 !~ s NL");
	cr_expect_str_eq(tokens("f(x) f (x) length(y) i++"),
	                 "f( ( x ) f ( x ) builtin:length ( y ) i ++");
	cr_expect_str_eq(tokens("a \\\n b"), "a b"); /* a backslash-newline joins lines */
	cr_expect_str_eq(tokens("x ** 2"), "x ^ 2");
}

Test(awk_lex, reads_a_regex_where_the_parser_asks)
{
	struct lexer lx;

	lex_init(&lx, "/a\\/b[/]+/ x");
	cr_assert_eq(lx.tok, '/');
	lex_regex(&lx);
	cr_assert_eq(lx.tok, T_ERE);
	cr_expect_str_eq(lx.text, "a/b[/]+"); /* a / in brackets is a member */
}

Test(awk_value, converts_strings_and_numbers_as_posix_says)
{
	cr_expect_eq(str_num("  12abc"), 12);
	cr_expect_eq(str_num("-3.5e2x"), -350);
	cr_expect_eq(str_num("0x1A"), 0); /* no hex: the 0 alone */
	cr_expect_eq(str_num("inf"), 0);
	cr_expect_eq(str_num(".5"), 0.5);
	cr_expect(looks_numeric(" 42 "));
	cr_expect(looks_numeric("1e3"));
	cr_expect(!looks_numeric("42x"));
	cr_expect(!looks_numeric(""));
	cr_expect(!looks_numeric("."));
	char *s = num_str(3, "%.6g");
	cr_expect_str_eq(s, "3");
	free(s);
	s = num_str(0.1 + 0.2, "%.6g");
	cr_expect_str_eq(s, "0.3");
	free(s);
	s = num_str(-1e20, "%.6g");
	cr_expect_str_eq(s, "-1e+20");
	free(s);
}

/* The special variables, as awk's main makes them: a number becomes a
 * string by CONVFMT. */
static void make_globals(void)
{
	static const char *const names[G_SPECIAL] = {
		"NR", "NF", "FNR", "FS", "OFS", "ORS", "RS", "FILENAME", "SUBSEP", "RSTART", "RLENGTH",
		"CONVFMT", "OFMT", "ENVIRON", "ARGC", "ARGV",
	};

	for (int i = 0; i < G_SPECIAL; i++)
		cr_assert_eq(global_index(names[i]), i);
	set_global_str(G_CONVFMT, "%.6g");
	set_global_str(G_OFMT, "%.6g");
}

Test(awk_value, compares_numbers_as_numbers_and_strings_as_strings, .init = make_globals)
{
	struct value a = val_strnum("10"), b = val_strnum("9"), c = val_str("10"), d = val_num(9);

	cr_expect_gt(compare_values(&a, &b), 0); /* both input numbers: 10 > 9 */
	cr_expect_lt(compare_values(&c, &d), 0); /* a string constant: "10" < "9" */
	val_free(&a);
	val_free(&b);
	val_free(&c);
}

Test(awk_value, keeps_array_elements_in_place_as_the_table_grows)
{
	struct array *a = array_new();
	struct value *first = array_get(a, "first", 1);
	char key[16];

	*first = val_num(1);
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		*array_get(a, key, 1) = val_num(i);
	}
	cr_expect_eq(array_get(a, "first", 0), first);
	cr_expect_eq(a->n, 1001);
	array_delete(a, "first");
	cr_expect_null(array_get(a, "first", 0));
	size_t n;
	char **keys = array_keys(a, &n);
	cr_expect_eq(n, 1000);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	array_clear(a);
}
