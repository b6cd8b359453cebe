/* The shell's patterns (apps/sh/match.c), as case, ${v%p} and pathname
 * expansion use them. */
#include <criterion/criterion.h>
#include <string.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

static int m(const char *pattern, const char *s)
{
	return sh_match(pattern, s, strlen(s));
}

Test(sh_match, star_and_question_mark)
{
	cr_expect(m("*", ""));
	cr_expect(m("*", "anything"));
	cr_expect(m("a*c", "abbbc"));
	cr_expect(!m("a*c", "abbbd"));
	cr_expect(m("*.tar.gz", "x.tar.gz"));
	cr_expect(m("a*b*c", "axxbyybzc"));
	cr_expect(m("?", "x"));
	cr_expect(!m("?", ""));
	cr_expect(!m("?", "xy"));
	cr_expect(m("a?c", "abc"));
}

Test(sh_match, bracket_expressions)
{
	cr_expect(m("[abc]", "b"));
	cr_expect(!m("[abc]", "d"));
	cr_expect(m("[!abc]", "d"));
	cr_expect(m("[^abc]", "d"));
	cr_expect(m("[a-z]x", "qx"));
	cr_expect(!m("[a-z]", "Q"));
	cr_expect(m("[]a]", "]"));
	cr_expect(m("[[:digit:]][[:alpha:]]", "7z"));
	cr_expect(!m("[[:upper:]]", "a"));
	cr_expect(m("[a-]", "-"));
	cr_expect(m("[", "["));       /* no ]: the [ is itself */
	cr_expect(m("a[b", "a[b"));
}

Test(sh_match, backslash_quotes_a_character)
{
	cr_expect(m("\\*", "*"));
	cr_expect(!m("\\*", "x"));
	cr_expect(m("a\\?", "a?"));
	cr_expect(m("[\\]]", "]"));
}

Test(sh_match, only_the_first_n_characters)
{
	cr_expect(sh_match("ab", "abc", 2));
	cr_expect(!sh_match("abc", "abc", 2));
	cr_expect(sh_match("*", "abc", 0));
}

Test(sh_match, what_has_a_pattern)
{
	cr_expect(sh_has_glob("a*"));
	cr_expect(sh_has_glob("[ab]"));
	cr_expect(!sh_has_glob("a\\*"));
	cr_expect(!sh_has_glob("a["));
	cr_expect(!sh_has_glob("plain"));
}
