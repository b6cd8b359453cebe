/* The shell's lexer (apps/sh/lex.c): where words end, which operators are
 * which, and when a line is not finished. */
#include <criterion/criterion.h>
#include <string.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

static struct sh_tokens toks;
static char err[160];

static void lex_ok(const char *src)
{
	int r = sh_lex(src, &toks, err, sizeof err);
	cr_assert_eq(r, SH_OK, "lexing \"%s\": %d %s", src, r, err);
}

static void expect_word(size_t i, const char *text)
{
	cr_assert_lt(i, toks.n);
	cr_assert_eq(toks.v[i].kind, SH_T_WORD, "token %zu is %d, not a word", i, toks.v[i].kind);
	cr_assert_str_eq(toks.v[i].text, text);
}

static void expect_kinds(const enum sh_tok_kind *kinds, size_t n)
{
	cr_assert_eq(toks.n, n, "%zu tokens, not %zu", toks.n, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(toks.v[i].kind, kinds[i], "token %zu is %d, not %d", i, toks.v[i].kind,
		             kinds[i]);
}

static void cleanup(void)
{
	sh_tokens_free(&toks);
}

TestSuite(sh_lex, .fini = cleanup);

Test(sh_lex, words_end_at_blanks_and_the_input_at_end)
{
	lex_ok("  echo \ta\t b  ");
	expect_word(0, "echo");
	expect_word(1, "a");
	expect_word(2, "b");
	cr_assert_eq(toks.n, 4);
	cr_assert_eq(toks.v[3].kind, SH_T_END);
}

Test(sh_lex, quotes_and_backslashes_stay_in_one_word_as_written)
{
	lex_ok("echo 'a b'\"c d\"e\\ f 'x|y;z'");
	expect_word(0, "echo");
	expect_word(1, "'a b'\"c d\"e\\ f");
	expect_word(2, "'x|y;z'");
	cr_assert_eq(toks.v[3].kind, SH_T_END);
}

Test(sh_lex, double_quote_keeps_escaped_quote_inside)
{
	lex_ok("\"say \\\"hi\\\"\" next");
	expect_word(0, "\"say \\\"hi\\\"\"");
	expect_word(1, "next");
}

Test(sh_lex, backslash_newline_joins_the_lines)
{
	lex_ok("ec\\\nho a \\\n b");
	expect_word(0, "echo");
	expect_word(1, "a");
	expect_word(2, "b");
	cr_assert_eq(toks.v[3].kind, SH_T_END);
}

Test(sh_lex, every_operator_is_recognised_longest_first)
{
	static const enum sh_tok_kind k[] = {
		SH_T_WORD,   SH_T_PIPE,     SH_T_WORD, SH_T_OR_IF,   SH_T_WORD, SH_T_AMP,
		SH_T_WORD,   SH_T_AND_IF,   SH_T_WORD, SH_T_SEMI,    SH_T_WORD, SH_T_LESS,
		SH_T_WORD,   SH_T_GREAT,    SH_T_WORD, SH_T_DGREAT,  SH_T_WORD, SH_T_LESSAND,
		SH_T_WORD,   SH_T_GREATAND, SH_T_WORD, SH_T_CLOBBER, SH_T_WORD, SH_T_LPAREN,
		SH_T_RPAREN, SH_T_NEWLINE,  SH_T_END,
	};
	lex_ok("a|b||c&d&&e;f<g>h>>i<&j>&k>|l()\n");
	expect_kinds(k, sizeof k / sizeof k[0]);
	expect_word(22, "l");
}

Test(sh_lex, digits_right_before_a_redirection_are_its_descriptor)
{
	static const enum sh_tok_kind k[] = {
		SH_T_WORD, SH_T_IO_NUMBER, SH_T_GREATAND, SH_T_WORD, SH_T_WORD, SH_T_GREAT,
		SH_T_WORD, SH_T_WORD,      SH_T_LESS,     SH_T_WORD, SH_T_END,
	};
	lex_ok("cmd 2>&1 2 >f a2<g");
	expect_kinds(k, sizeof k / sizeof k[0]);
	cr_assert_eq(toks.v[1].num, 2);
	expect_word(3, "1");
	expect_word(4, "2"); /* a blank before > : an argument */
	expect_word(7, "a2");
}

Test(sh_lex, comment_runs_to_the_end_of_its_line)
{
	static const enum sh_tok_kind k[] = { SH_T_WORD, SH_T_WORD, SH_T_NEWLINE, SH_T_WORD,
		                              SH_T_END };
	lex_ok("echo a # b | c\necho");
	expect_kinds(k, sizeof k / sizeof k[0]);
}

Test(sh_lex, hash_inside_a_word_or_quotes_is_not_a_comment)
{
	lex_ok("a#b '#c' \"#d\"");
	expect_word(0, "a#b");
	expect_word(1, "'#c'");
	expect_word(2, "\"#d\"");
}

Test(sh_lex, unterminated_quotes_and_trailing_backslash_are_incomplete)
{
	cr_assert_eq(sh_lex("echo 'abc", &toks, err, sizeof err), SH_INCOMPLETE);
	cr_assert_str_eq(err, "unterminated single quote");
	cr_assert_eq(sh_lex("echo \"abc\\\"", &toks, err, sizeof err), SH_INCOMPLETE);
	cr_assert_str_eq(err, "unterminated double quote");
	cr_assert_eq(sh_lex("echo abc\\", &toks, err, sizeof err), SH_INCOMPLETE);
	cr_assert_eq(sh_lex("echo abc\\\n", &toks, err, sizeof err), SH_INCOMPLETE);
	cr_assert_eq(sh_lex("echo abc \\\n", &toks, err, sizeof err), SH_INCOMPLETE);
	cr_assert_eq(toks.n, 0, "nothing is left to free");
}

Test(sh_lex, command_substitution_is_refused)
{
	cr_assert_eq(sh_lex("echo $(ls)", &toks, err, sizeof err), SH_ERROR);
	cr_assert_str_eq(err, "command substitution is not supported");
	cr_assert_eq(sh_lex("echo \"`ls`\"", &toks, err, sizeof err), SH_ERROR);
	cr_assert_eq(sh_lex("echo '$(ls)'", &toks, err, sizeof err), SH_OK, "quoted: text");
}

Test(sh_lex, tokens_know_where_they_are_in_the_source)
{
	lex_ok("ab | cd");
	cr_assert_eq(toks.v[0].start, 0);
	cr_assert_eq(toks.v[0].end, 2);
	cr_assert_eq(toks.v[1].start, 3);
	cr_assert_eq(toks.v[1].end, 4);
	cr_assert_eq(toks.v[2].start, 5);
	cr_assert_eq(toks.v[2].end, 7);
}

Test(sh_lex, names_are_letters_digits_and_underscores_not_starting_with_a_digit)
{
	cr_assert(sh_is_name("PATH", 4));
	cr_assert(sh_is_name("_a1", 3));
	cr_assert(sh_is_name("X=1", 1));
	cr_assert_not(sh_is_name("1X", 2));
	cr_assert_not(sh_is_name("A-B", 3));
	cr_assert_not(sh_is_name("", 0));
}
