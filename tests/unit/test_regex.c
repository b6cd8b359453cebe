/* The utilities' regular expressions (apps/lib/regex.h), basic and
 * extended, as grep, sed and awk use them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "apps/lib/regex.h"

/* Where pattern first matches s: "so-eo", or "none", or "error". */
static const char *where(const char *pattern, int flags, const char *s)
{
	static char buf[32];
	struct regex re;
	struct re_match m[RE_NGROUPS];

	if (re_compile(&re, pattern, flags) < 0) {
		re_free(&re);
		return "error";
	}
	if (!re_search(&re, s, (long)strlen(s), 0, m))
		strcpy(buf, "none");
	else
		snprintf(buf, sizeof buf, "%ld-%ld", m[0].so, m[0].eo);
	re_free(&re);
	return buf;
}

/* Group g of the match. */
static const char *group(const char *pattern, int flags, const char *s, int g)
{
	static char buf[64];
	struct regex re;
	struct re_match m[RE_NGROUPS];

	cr_assert_eq(re_compile(&re, pattern, flags), 0, "%s: %s", pattern, re.err);
	cr_assert(re_search(&re, s, (long)strlen(s), 0, m));
	snprintf(buf, sizeof buf, "%.*s", (int)(m[g].eo - m[g].so), s + m[g].so);
	re_free(&re);
	return buf;
}

Test(regex, basic_atoms_and_anchors)
{
	cr_expect_str_eq(where("b", 0, "abc"), "1-2");
	cr_expect_str_eq(where("a.c", 0, "xxabcx"), "2-5");
	cr_expect_str_eq(where("^ab", 0, "xab"), "none");
	cr_expect_str_eq(where("c$", 0, "abc"), "2-3");
	cr_expect_str_eq(where("a$b", 0, "a$b"), "0-3");
	cr_expect_str_eq(where("[0-9][0-9]*", 0, "ab123c"), "2-5");
	cr_expect_str_eq(where("[^a-c]", 0, "abcd"), "3-4");
	cr_expect_str_eq(where("[[:digit:]]", 0, "ab7"), "2-3");
	cr_expect_str_eq(where("[]x]", 0, "a]"), "1-2");
	cr_expect_str_eq(where("*a", 0, "x*a"), "1-3");
	cr_expect_str_eq(where("", 0, "abc"), "0-0");
	cr_expect_str_eq(where("[a", 0, "abc"), "error");
}

Test(regex, basic_groups_intervals_backrefs)
{
	cr_expect_str_eq(where("a\\{2,3\\}", 0, "caaaa"), "1-4");
	cr_expect_str_eq(where("\\(ab\\)*c", 0, "xababc"), "1-6");
	cr_expect_str_eq(group("\\(a*\\)b", 0, "caab", 1), "aa");
	cr_expect_str_eq(where("\\(.\\)\\1", 0, "abccd"), "2-4");
	cr_expect_str_eq(where("a+", 0, "a+"), "0-2");
	cr_expect_str_eq(where("a\\+", 0, "caaa"), "1-4");
	cr_expect_str_eq(where("\\(a*\\)*b", 0, "b"), "0-1");
	cr_expect_str_eq(where("\\(a", 0, "a"), "error");
}

Test(regex, extended)
{
	int e = RE_EXTENDED;
	cr_expect_str_eq(where("a+b?", e, "xaaab"), "1-5");
	cr_expect_str_eq(where("cat|dog", e, "hotdog"), "3-6");
	cr_expect_str_eq(where("(ab)+", e, "xababa"), "1-5");
	cr_expect_str_eq(where("a{2}", e, "aaa"), "0-2");
	cr_expect_str_eq(where("^(a|b)*$", e, "abba"), "0-4");
	cr_expect_str_eq(where("^(a|b)*$", e, "abca"), "none");
	cr_expect_str_eq(group("([a-z]+)=([0-9]+)", e, "x: key=42", 2), "42");
	cr_expect_str_eq(where("(a", e, "a"), "error");
	cr_expect_str_eq(where("a{1,x}", e, "a"), "error");
}

Test(regex, case_and_whole_line)
{
	cr_expect_str_eq(where("HeLLo", RE_ICASE, "say hello"), "4-9");
	cr_expect_str_eq(where("[a-c]x", RE_ICASE, "BX"), "0-2");
	cr_expect_str_eq(where("a|ab", RE_EXTENDED | RE_WHOLE, "ab"), "0-2");
	cr_expect_str_eq(where("b", RE_WHOLE, "abc"), "none");
}

/* POSIX: of the matches at the leftmost start, the longest. */
Test(regex, the_leftmost_match_is_the_longest)
{
	int e = RE_EXTENDED;
	cr_expect_str_eq(where("a|ab", e, "xabc"), "1-3");
	cr_expect_str_eq(where("ab|a|abc", e, "abcd"), "0-3");
	cr_expect_str_eq(where("(a|ab)(c|bcd)", e, "abcd"), "0-4");
	cr_expect_str_eq(where("(a*)(ab)?b", e, "aabb"), "0-4");
	cr_expect_str_eq(where("x(a|ab)*", e, "xabab"), "0-5");
	cr_expect_str_eq(where("\\(a\\|ab\\)c*", 0, "abcc"), "0-4");
	/* Leftmost before longest: the earlier start wins. */
	cr_expect_str_eq(where("b|abcd", e, "xabcd"), "1-5");
	cr_expect_str_eq(where("bcd|ab", e, "xabcd"), "1-3");
	cr_expect_str_eq(group("(a|ab)(c|bcd)", e, "abcd", 1), "a");
	cr_expect_str_eq(group("(a|ab)(c|bcd)", e, "abcd", 2), "bcd");
	/* Searching from an offset, as sed's s///g does. */
	struct regex re;
	struct re_match m[RE_NGROUPS];
	cr_assert_eq(re_compile(&re, "o|oo", e), 0);
	cr_expect(re_search(&re, "foo boo", 7, 3, m));
	cr_expect_eq(m[0].so, 5);
	cr_expect_eq(m[0].eo, 7);
	re_free(&re);
}

/* GNU's word anchors: \< at a word's start, \> at its end, \b at either. */
Test(regex, word_boundaries)
{
	cr_expect_str_eq(where("\\<is", 0, "this is"), "5-7");
	cr_expect_str_eq(where("is\\>", 0, "island is"), "7-9");
	cr_expect_str_eq(where("\\<a", RE_EXTENDED, "a"), "0-1");
	cr_expect_str_eq(where("\\<cat\\>", RE_EXTENDED, "concat cat_x cat."), "13-16");
	cr_expect_str_eq(where("\\bx", 0, "ax x"), "3-4");
	cr_expect_str_eq(where("x\\b", 0, "xa x"), "3-4");
	cr_expect_str_eq(where("\\<", 0, "  ab"), "2-2");
	cr_expect_str_eq(where("\\>", 0, "ab  "), "2-2");
	cr_expect_str_eq(where("\\<b", 0, "ab"), "none");
}

Test(regex, a_very_long_line_does_not_exhaust_the_stack)
{
	size_t n = 200000;
	char *s = malloc(n + 1);
	struct regex re;

	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = i % 2 ? 'b' : 'a';
	s[n] = '\0';
	cr_assert_eq(re_compile(&re, "^(ab)*$", RE_EXTENDED), 0);
	/* Too deep to decide by backtracking: no match, and no crash. */
	cr_expect_eq(re_search(&re, s, (long)n, 0, NULL), 0);
	/* A one-character repetition needs no depth: any length works. */
	re_free(&re);
	cr_assert_eq(re_compile(&re, "^[ab]*$", RE_EXTENDED), 0);
	cr_expect_eq(re_search(&re, s, (long)n, 0, NULL), 1);
	re_free(&re);
	free(s);
}
