/* The shell's parser (apps/sh/parse.c): lists, and-or lists, pipelines,
 * commands, redirections, and the syntax errors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

static struct sh_list list;
static char err[160];

/* Each parse replaces the list of the one before. */
static void parse_ok(const char *src)
{
	int r;

	sh_list_free(&list);
	r = sh_parse(src, &list, err, sizeof err);
	cr_assert_eq(r, SH_OK, "parsing \"%s\": %d %s", src, r, err);
}

static void parse_fails(const char *src, int status, const char *msg)
{
	int r;

	sh_list_free(&list);
	r = sh_parse(src, &list, err, sizeof err);
	cr_assert_eq(r, status, "parsing \"%s\": %d, not %d (%s)", src, r, status, err);
	cr_assert_str_eq(err, msg, "parsing \"%s\"", src);
	cr_assert_eq(list.nitems, 0);
	cr_assert_null(list.items);
}

/* Command c of pipeline pipe of item item. */
static const struct sh_cmd *cmd(size_t item, size_t pipe, size_t c)
{
	cr_assert_lt(item, list.nitems);
	cr_assert_lt(pipe, list.items[item].npipes);
	cr_assert_lt(c, list.items[item].pipes[pipe].ncmds);
	return &list.items[item].pipes[pipe].cmds[c];
}

static void expect_words(const struct sh_cmd *c, const char *const *words, size_t n)
{
	cr_assert_eq(c->nwords, n, "%zu words, not %zu", c->nwords, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(c->words[i], words[i]);
}

static void cleanup(void)
{
	sh_list_free(&list);
}

TestSuite(sh_parse, .fini = cleanup);

Test(sh_parse, simple_command_keeps_its_words_unexpanded)
{
	static const char *const w[] = { "echo", "'a b'", "$X" };
	parse_ok("echo 'a b' $X");
	cr_assert_eq(list.nitems, 1);
	cr_assert_eq(list.items[0].npipes, 1);
	cr_assert_eq(list.items[0].pipes[0].ncmds, 1);
	expect_words(cmd(0, 0, 0), w, 3);
	cr_assert_eq(list.items[0].background, 0);
}

Test(sh_parse, blank_and_comment_lines_are_empty_lists)
{
	parse_ok("");
	cr_assert_eq(list.nitems, 0);
	parse_ok("   \t\n\n");
	cr_assert_eq(list.nitems, 0);
	parse_ok("# only a comment");
	cr_assert_eq(list.nitems, 0);
}

Test(sh_parse, pipeline_of_three_commands)
{
	static const char *const a[] = { "a", "1" }, *const b[] = { "b" },
	                         *const c[] = { "c", "2" };
	parse_ok("a 1 | b|c 2");
	cr_assert_eq(list.items[0].pipes[0].ncmds, 3);
	expect_words(cmd(0, 0, 0), a, 2);
	expect_words(cmd(0, 0, 1), b, 1);
	expect_words(cmd(0, 0, 2), c, 2);
}

Test(sh_parse, long_pipeline_grows_as_needed)
{
	char src[1200] = "c0";
	for (int i = 1; i < 200; i++)
		snprintf(src + strlen(src), sizeof src - strlen(src), "|c%d", i % 10);
	parse_ok(src);
	cr_assert_eq(list.items[0].pipes[0].ncmds, 200);
	cr_assert_str_eq(cmd(0, 0, 199)->words[0], "c9");
}

Test(sh_parse, semicolons_and_newlines_separate_items)
{
	parse_ok("a; b\nc ;");
	cr_assert_eq(list.nitems, 3);
	cr_assert_str_eq(cmd(0, 0, 0)->words[0], "a");
	cr_assert_str_eq(cmd(1, 0, 0)->words[0], "b");
	cr_assert_str_eq(cmd(2, 0, 0)->words[0], "c");
}

Test(sh_parse, and_or_list_records_how_each_pipeline_joins)
{
	parse_ok("a && b || c | d");
	cr_assert_eq(list.nitems, 1);
	cr_assert_eq(list.items[0].npipes, 3);
	cr_assert_eq(list.items[0].pipes[0].join, SH_J_FIRST);
	cr_assert_eq(list.items[0].pipes[1].join, SH_J_AND);
	cr_assert_eq(list.items[0].pipes[2].join, SH_J_OR);
	cr_assert_eq(list.items[0].pipes[2].ncmds, 2);
}

Test(sh_parse, ampersand_runs_its_item_in_the_background)
{
	parse_ok("a & b; c &");
	cr_assert_eq(list.nitems, 3);
	cr_assert_eq(list.items[0].background, 1);
	cr_assert_eq(list.items[1].background, 0);
	cr_assert_eq(list.items[2].background, 1);
}

Test(sh_parse, item_text_is_its_source_for_jobs)
{
	parse_ok("  sleep 5 | cat   && x &  echo 'done'");
	cr_assert_str_eq(list.items[0].text, "sleep 5 | cat   && x");
	cr_assert_str_eq(list.items[1].text, "echo 'done'");
}

Test(sh_parse, newline_may_follow_pipe_and_and_or)
{
	parse_ok("a |\n\n b &&\n c ||\n d");
	cr_assert_eq(list.nitems, 1);
	cr_assert_eq(list.items[0].npipes, 3);
	cr_assert_eq(list.items[0].pipes[0].ncmds, 2);
}

Test(sh_parse, redirections_take_default_descriptors)
{
	static const char *const w[] = { "cmd", "arg" };
	const struct sh_cmd *c;

	parse_ok("cmd < in > out arg >> app >| clob");
	c = cmd(0, 0, 0);
	expect_words(c, w, 2);
	cr_assert_eq(c->nredirs, 4);
	cr_assert_eq(c->redirs[0].op, SH_R_IN);
	cr_assert_eq(c->redirs[0].fd, 0);
	cr_assert_str_eq(c->redirs[0].word, "in");
	cr_assert_eq(c->redirs[1].op, SH_R_OUT);
	cr_assert_eq(c->redirs[1].fd, 1);
	cr_assert_str_eq(c->redirs[1].word, "out");
	cr_assert_eq(c->redirs[2].op, SH_R_APPEND);
	cr_assert_eq(c->redirs[2].fd, 1);
	cr_assert_eq(c->redirs[3].op, SH_R_OUT);
	cr_assert_str_eq(c->redirs[3].word, "clob");
}

Test(sh_parse, numbered_redirections_2_to_file_and_2_to_1)
{
	const struct sh_cmd *c;

	parse_ok("cmd 2>err 3<in 2>&1 1>>log 0<&3 4>&-");
	c = cmd(0, 0, 0);
	cr_assert_eq(c->nwords, 1);
	cr_assert_eq(c->nredirs, 6);
	cr_assert_eq(c->redirs[0].fd, 2);
	cr_assert_eq(c->redirs[0].op, SH_R_OUT);
	cr_assert_str_eq(c->redirs[0].word, "err");
	cr_assert_eq(c->redirs[1].fd, 3);
	cr_assert_eq(c->redirs[1].op, SH_R_IN);
	cr_assert_eq(c->redirs[2].fd, 2);
	cr_assert_eq(c->redirs[2].op, SH_R_DUP_OUT);
	cr_assert_str_eq(c->redirs[2].word, "1");
	cr_assert_eq(c->redirs[3].fd, 1);
	cr_assert_eq(c->redirs[3].op, SH_R_APPEND);
	cr_assert_eq(c->redirs[4].fd, 0);
	cr_assert_eq(c->redirs[4].op, SH_R_DUP_IN);
	cr_assert_eq(c->redirs[5].fd, 4);
	cr_assert_str_eq(c->redirs[5].word, "-");
}

Test(sh_parse, dup_without_number_is_for_stdout_or_stdin)
{
	parse_ok("echo >&2 <&0");
	cr_assert_eq(cmd(0, 0, 0)->redirs[0].fd, 1);
	cr_assert_eq(cmd(0, 0, 0)->redirs[0].op, SH_R_DUP_OUT);
	cr_assert_eq(cmd(0, 0, 0)->redirs[1].fd, 0);
	cr_assert_eq(cmd(0, 0, 0)->redirs[1].op, SH_R_DUP_IN);
}

Test(sh_parse, redirection_may_come_first_and_order_is_kept)
{
	static const char *const w[] = { "echo", "hi" };
	const struct sh_cmd *c;

	parse_ok(">f echo 2>&1 hi");
	c = cmd(0, 0, 0);
	expect_words(c, w, 2);
	cr_assert_eq(c->nredirs, 2);
	cr_assert_str_eq(c->redirs[0].word, "f");
	cr_assert_eq(c->redirs[1].fd, 2);
}

Test(sh_parse, redirections_alone_make_a_command)
{
	parse_ok("> empty");
	cr_assert_eq(cmd(0, 0, 0)->nwords, 0);
	cr_assert_eq(cmd(0, 0, 0)->nredirs, 1);
}

Test(sh_parse, assignments_only_before_the_command_name)
{
	static const char *const w[] = { "cmd", "C=3" };
	const struct sh_cmd *c;

	parse_ok("A=1 B='x y' cmd C=3");
	c = cmd(0, 0, 0);
	cr_assert_eq(c->nassigns, 2);
	cr_assert_str_eq(c->assigns[0], "A=1");
	cr_assert_str_eq(c->assigns[1], "B='x y'");
	expect_words(c, w, 2);
}

Test(sh_parse, assignment_alone_has_no_words)
{
	parse_ok("X=value");
	cr_assert_eq(cmd(0, 0, 0)->nassigns, 1);
	cr_assert_eq(cmd(0, 0, 0)->nwords, 0);
}

Test(sh_parse, quoted_or_invalid_name_is_not_an_assignment)
{
	parse_ok("'A'=1 1X=2");
	cr_assert_eq(cmd(0, 0, 0)->nassigns, 0);
	cr_assert_eq(cmd(0, 0, 0)->nwords, 2);
	parse_ok("=x");
	cr_assert_eq(cmd(0, 0, 0)->nassigns, 0);
}

Test(sh_parse, bang_negates_a_pipeline)
{
	parse_ok("! a | b && c");
	cr_assert_eq(list.items[0].pipes[0].negate, 1);
	cr_assert_eq(list.items[0].pipes[0].ncmds, 2);
	cr_assert_eq(list.items[0].pipes[1].negate, 0);
	parse_ok("'!' a");
	cr_assert_eq(list.items[0].pipes[0].negate, 0, "a quoted ! is a word");
}

Test(sh_parse, leading_pipe_is_a_syntax_error)
{
	parse_fails("| a", SH_ERROR, "syntax error near '|'");
}

Test(sh_parse, trailing_pipe_and_and_or_need_another_line)
{
	parse_fails("a |", SH_INCOMPLETE, "syntax error: unexpected end of line after '|'");
	parse_fails("a &&", SH_INCOMPLETE, "syntax error: unexpected end of line after '&&'");
	parse_fails("a ||\n", SH_INCOMPLETE, "syntax error: unexpected end of line after '||'");
}

Test(sh_parse, redirection_without_target_is_a_syntax_error)
{
	parse_fails("a >", SH_ERROR, "syntax error: unexpected end of line");
	parse_fails("a > | b", SH_ERROR, "syntax error near '|'");
	parse_fails("a 2>\nb", SH_ERROR, "syntax error near 'newline'");
}

Test(sh_parse, empty_commands_between_separators_are_syntax_errors)
{
	parse_fails("a ;; b", SH_ERROR, "syntax error near ';'");
	parse_fails("; a", SH_ERROR, "syntax error near ';'");
	parse_fails("& a", SH_ERROR, "syntax error near '&'");
	parse_fails("a | | b", SH_ERROR, "syntax error near '|'");
	parse_fails("a && || b", SH_ERROR, "syntax error near '||'");
	parse_fails("!", SH_ERROR, "syntax error: unexpected end of line");
}

Test(sh_parse, parentheses_are_syntax_errors)
{
	parse_fails("(a)", SH_ERROR, "syntax error near '('");
	parse_fails("echo )", SH_ERROR, "syntax error near ')'");
}

Test(sh_parse, unterminated_quote_needs_another_line)
{
	parse_fails("echo 'abc", SH_INCOMPLETE, "unterminated single quote");
	parse_fails("echo \"abc", SH_INCOMPLETE, "unterminated double quote");
	parse_ok("echo 'abc\ndef'");
	cr_assert_str_eq(cmd(0, 0, 0)->words[1], "'abc\ndef'");
}
