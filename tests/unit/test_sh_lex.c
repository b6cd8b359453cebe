/* The shell's lexer (apps/sh/lex.c): where words end (quotes and
 * substitutions included, kept as written), the operators, descriptor
 * numbers, comments, and here-document bodies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

static char err[160];

/* The tokens of src as "kind:text" joined by spaces. */
static void lexes_as(const char *src, const char *want)
{
	struct sh_token *v;
	size_t n;
	struct sh_buf b = { 0 };
	int r = sh_lex(src, &v, &n, err, sizeof err);

	cr_assert_eq(r, SH_OK, "lexing <%s>: %s", src, err);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sh_buf_putc(&b, ' ');
		if (v[i].kind == SH_T_WORD) {
			sh_buf_putc(&b, '<');
			sh_buf_puts(&b, v[i].text);
			sh_buf_putc(&b, '>');
		} else if (v[i].kind == SH_T_IO_NUMBER) {
			char num[16];
			snprintf(num, sizeof num, "#%d", v[i].num);
			sh_buf_puts(&b, num);
		} else {
			sh_buf_puts(&b, sh_tok_name(&v[i]));
		}
	}
	char *got = sh_buf_take(&b);
	cr_expect_str_eq(got, want, "<%s> gave <%s>", src, got);
	free(got);
	sh_tokens_free(v, n);
}

Test(sh_lex, words_end_at_blanks_and_operators)
{
	lexes_as("echo  a\tb", "<echo> <a> <b> end of file");
	lexes_as("a|b&&c||d;e&f", "<a> | <b> && <c> || <d> ; <e> & <f> end of file");
	lexes_as("a ;; b", "<a> ;; <b> end of file");
	lexes_as("(a)", "( <a> ) end of file");
	lexes_as("a\nb", "<a> newline <b> end of file");
}

Test(sh_lex, redirection_operators_longest_first)
{
	lexes_as("<< <<- >> >| <> <& >& < >", "<< <<- >> >| <> <& >& < > end of file");
	lexes_as("2>f 10<&3 x2>f", "#2 > <f> #10 <& <3> <x2> > <f> end of file");
}

Test(sh_lex, quotes_and_substitutions_stay_in_the_word)
{
	lexes_as("'a b'\"c $d\"e\\ f", "<'a b'\"c $d\"e\\ f> end of file");
	lexes_as("$(echo a | b) `c d`", "<$(echo a | b)> <`c d`> end of file");
	lexes_as("$(echo $(x) \")\")", "<$(echo $(x) \")\")> end of file");
	lexes_as("$(case x in a) b;; esac)", "<$(case x in a) b;; esac)> end of file");
	lexes_as("${v:-a b} $((1 + (2)))", "<${v:-a b}> <$((1 + (2)))> end of file");
}

Test(sh_lex, backslash_newline_joins_lines_and_comments_end_at_newline)
{
	lexes_as("ec\\\nho a # x y\nb", "<echo> <a> newline <b> end of file");
	lexes_as("a#b", "<a#b> end of file");
}

Test(sh_lex, unfinished_input_is_incomplete)
{
	struct sh_token *v;
	size_t n;

	cr_expect_eq(sh_lex("'abc", &v, &n, err, sizeof err), SH_INCOMPLETE);
	cr_expect_eq(sh_lex("\"a $(b", &v, &n, err, sizeof err), SH_INCOMPLETE);
	cr_expect_eq(sh_lex("${x", &v, &n, err, sizeof err), SH_INCOMPLETE);
	cr_expect_eq(sh_lex("`x", &v, &n, err, sizeof err), SH_INCOMPLETE);
	cr_expect_eq(sh_lex("a\\", &v, &n, err, sizeof err), SH_INCOMPLETE);
}

Test(sh_lex, here_document_bodies)
{
	struct sh_lexer lx = { .s = "one\n\ttwo\nEOF\nrest", .err = err, .errlen = sizeof err };
	char *body;

	cr_assert_eq(sh_lex_heredoc(&lx, "EOF", 0, &body), SH_OK);
	cr_expect_str_eq(body, "one\n\ttwo\n");
	cr_expect_str_eq(lx.s + lx.i, "rest");
	free(body);
	lx = (struct sh_lexer){ .s = "\ta\n\t\tE\n", .err = err, .errlen = sizeof err };
	cr_assert_eq(sh_lex_heredoc(&lx, "E", 1, &body), SH_OK);
	cr_expect_str_eq(body, "a\n");
	free(body);
	lx = (struct sh_lexer){ .s = "a\nb\n", .err = err, .errlen = sizeof err };
	cr_expect_eq(sh_lex_heredoc(&lx, "E", 0, &body), SH_INCOMPLETE);
}

Test(sh_lex, names)
{
	cr_expect(sh_is_name("a_1", 3));
	cr_expect(sh_is_name("_", 1));
	cr_expect(!sh_is_name("1a", 2));
	cr_expect(!sh_is_name("a-b", 3));
	cr_expect(!sh_is_name("", 0));
}
