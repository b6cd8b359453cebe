/* The shell's expansion (apps/sh/expand.c): quote removal, parameters,
 * ~, and the splitting of unquoted expansions into fields. Values come
 * from a table standing in for the shell's variables. */
#include <criterion/criterion.h>
#include <string.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

static const char *const table[][2] = {
	{ "X", "hello" }, { "E", "" },   { "S", " a b  c " }, { "HOME", "/home/u" },
	{ "?", "3" },     { "$", "42" }, { "1", "first" },    { "A_1", "under" },
};

static int lookups; /* how many times the table was asked */

static const char *lookup(void *ctx, const char *name)
{
	cr_assert_eq(ctx, (void *)table, "the caller's context is passed on");
	lookups++;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i][0], name) == 0)
			return table[i][1];
	return NULL;
}

static struct sh_words words;
static char err[160];

static void cleanup(void)
{
	sh_words_free(&words);
}

TestSuite(sh_expand, .fini = cleanup);

/* The word's fields, compared with the expected NULL-terminated list. */
static void expect_fields(const char *word, const char *const *want)
{
	size_t n = 0;
	int r;

	sh_words_free(&words);
	r = sh_expand_fields(word, lookup, (void *)table, &words, err, sizeof err);
	cr_assert_eq(r, 0, "expanding <%s>: %s", word, err);
	while (want[n])
		n++;
	cr_assert_eq(words.n, n, "<%s>: %zu fields, not %zu", word, words.n, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(words.v[i], want[i], "<%s>: field %zu", word, i);
	if (n)
		cr_assert_null(words.v[n], "the fields end with NULL");
}

/* The word as one string, unsplit. */
static void expect_string(const char *word, const char *want)
{
	char *s = sh_expand_string(word, lookup, (void *)table, err, sizeof err);
	cr_assert_not_null(s, "expanding <%s>: %s", word, err);
	cr_assert_str_eq(s, want, "<%s>", word);
	free(s);
}

static void expect_error(const char *word, const char *msg)
{
	sh_words_free(&words);
	cr_assert_eq(sh_expand_fields(word, lookup, (void *)table, &words, err, sizeof err), -1,
	             "<%s> expands", word);
	cr_assert_str_eq(err, msg);
	cr_assert_null(sh_expand_string(word, lookup, (void *)table, err, sizeof err));
}

#define FIELDS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_FIELDS   ((const char *const[]){ NULL })

Test(sh_expand, plain_word_is_itself)
{
	expect_fields("hello.c", FIELDS("hello.c"));
	cr_assert_eq(lookups, 0);
}

Test(sh_expand, single_quotes_are_removed_and_keep_everything_literal)
{
	expect_fields("'$X \\\" ~'", FIELDS("$X \\\" ~"));
	expect_fields("a'b'c", FIELDS("abc"));
	cr_assert_eq(lookups, 0);
}

Test(sh_expand, double_quotes_expand_variables_and_keep_blanks)
{
	expect_fields("\"$X  world\"", FIELDS("hello  world"));
	expect_fields("\"$S\"", FIELDS(" a b  c "));
}

Test(sh_expand, double_quotes_escape_only_quote_backslash_and_dollar)
{
	expect_fields("\"\\\"\\\\\\$X\\a\"", FIELDS("\"\\$X\\a"));
}

Test(sh_expand, backslash_outside_quotes_makes_any_character_literal)
{
	expect_fields("\\$X\\ \\a\\'", FIELDS("$X a'"));
}

Test(sh_expand, dollar_name_and_braces)
{
	expect_fields("$X", FIELDS("hello"));
	expect_fields("${X}y", FIELDS("helloy"));
	expect_fields("$A_1.$X-", FIELDS("under.hello-"));
	expect_fields("$Xy", NO_FIELDS); /* the name is Xy, unset */
}

Test(sh_expand, status_pid_and_positional_parameters)
{
	expect_fields("$?", FIELDS("3"));
	expect_fields("$$", FIELDS("42"));
	expect_fields("\"${?}:$1\"", FIELDS("3:first"));
	expect_fields("$10", FIELDS("first0")); /* $1, then 0 */
}

Test(sh_expand, undefined_variable_unquoted_leaves_no_field)
{
	expect_fields("$NOPE", NO_FIELDS);
	expect_fields("${NOPE}$E", NO_FIELDS);
	expect_fields("a${NOPE}b", FIELDS("ab"));
}

Test(sh_expand, quoted_empty_expansion_and_empty_quotes_are_an_empty_field)
{
	expect_fields("\"$NOPE\"", FIELDS(""));
	expect_fields("''", FIELDS(""));
	expect_fields("\"\"$NOPE", FIELDS(""));
}

Test(sh_expand, unquoted_expansion_is_split_at_blanks)
{
	expect_fields("$S", FIELDS("a", "b", "c"));
	expect_fields("x${S}y", FIELDS("x", "a", "b", "c", "y"));
	expect_fields("x$X\"$S\"", FIELDS("xhello a b  c "));
}

Test(sh_expand, lone_dollar_is_literal)
{
	expect_fields("$", FIELDS("$"));
	expect_fields("a$", FIELDS("a$"));
	expect_fields("$-x", FIELDS("$-x"));
	expect_fields("\"$\"", FIELDS("$"));
}

Test(sh_expand, tilde_at_the_start_is_home)
{
	expect_fields("~", FIELDS("/home/u"));
	expect_fields("~/bin", FIELDS("/home/u/bin"));
	expect_fields("a~", FIELDS("a~"));
	expect_fields("'~'", FIELDS("~"));
	expect_fields("~user", FIELDS("~user"));
}

Test(sh_expand, string_form_does_not_split)
{
	expect_string("$S", " a b  c ");
	expect_string("$NOPE", "");
	expect_string("'a'\"$X\"\\!", "ahello!");
}

Test(sh_expand, bad_substitutions_are_errors)
{
	expect_error("${A B}", "${A B}: bad substitution");
	expect_error("${}", "${}: bad substitution");
	expect_error("\"${X\"", "${X\": missing '}'");
}
