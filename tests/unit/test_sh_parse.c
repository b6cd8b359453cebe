/* The shell's parser (apps/sh/parse.c): each text's tree is written back
 * in a compact form and compared with what it must be, so that a test
 * reads as the grammar's specification:
 *
 *   a; b &          a; b &           a && b || c   ((a && b) || c)
 *   a | b           a | b            ! a           !(a)
 *   ( a )           (a)              { a; }        {a}
 *   if              if[c]then[t]else[e]           while/until  while[c]do[b]
 *   for             for v in[w...]do[b]           case         case w in[p|q)b;;]
 *   f() { a; }      f(){a}           redirections  >f 2>&1 <<E[body]
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

static char err[200];
static struct sh_buf out;

static void dump(const struct sh_node *n);

static void dump_redirs(const struct sh_redir *r)
{
	static const char *const ops[] = { "<", ">", ">|", ">>", "<>", "<&", ">&", "<<" };

	for (; r; r = r->next) {
		char fd[16];
		snprintf(fd, sizeof fd, " %d", r->fd);
		sh_buf_puts(&out, fd);
		sh_buf_puts(&out, ops[r->op]);
		if (r->op == SH_R_HEREDOC && r->strip)
			sh_buf_putc(&out, '-');
		sh_buf_puts(&out, r->word);
		if (r->op == SH_R_HEREDOC) {
			sh_buf_puts(&out, r->quoted ? "'[" : "[");
			sh_buf_puts(&out, r->body ? r->body : "(none)");
			sh_buf_putc(&out, ']');
		}
	}
}

static void dump_words(char **w, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sh_buf_puts(&out, sep);
		sh_buf_puts(&out, w[i]);
	}
}

static void bracket(const char *before, const struct sh_node *n)
{
	sh_buf_puts(&out, before);
	sh_buf_putc(&out, '[');
	dump(n);
	sh_buf_putc(&out, ']');
}

static void dump(const struct sh_node *n)
{
	if (!n) {
		sh_buf_puts(&out, "-");
		return;
	}
	switch (n->kind) {
	case SH_N_SIMPLE:
		dump_words(n->assigns, n->nassigns, " ");
		if (n->nassigns && n->nwords)
			sh_buf_putc(&out, ' ');
		dump_words(n->words, n->nwords, " ");
		break;
	case SH_N_LIST:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				sh_buf_puts(&out, "; ");
			dump(n->kids[i]);
			if (n->bg[i])
				sh_buf_puts(&out, " &");
		}
		break;
	case SH_N_PIPE:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				sh_buf_puts(&out, " | ");
			dump(n->kids[i]);
		}
		break;
	case SH_N_AND:
	case SH_N_OR:
		sh_buf_putc(&out, '(');
		dump(n->a);
		sh_buf_puts(&out, n->kind == SH_N_AND ? " && " : " || ");
		dump(n->b);
		sh_buf_putc(&out, ')');
		break;
	case SH_N_NOT:
		sh_buf_puts(&out, "!(");
		dump(n->a);
		sh_buf_putc(&out, ')');
		break;
	case SH_N_SUBSHELL:
	case SH_N_GROUP:
		sh_buf_putc(&out, n->kind == SH_N_SUBSHELL ? '(' : '{');
		dump(n->a);
		sh_buf_putc(&out, n->kind == SH_N_SUBSHELL ? ')' : '}');
		break;
	case SH_N_IF:
		bracket("if", n->a);
		bracket("then", n->b);
		if (n->c)
			bracket("else", n->c);
		break;
	case SH_N_WHILE:
	case SH_N_UNTIL:
		bracket(n->kind == SH_N_WHILE ? "while" : "until", n->a);
		bracket("do", n->b);
		break;
	case SH_N_FOR:
		sh_buf_puts(&out, "for ");
		sh_buf_puts(&out, n->name);
		if (n->has_in) {
			sh_buf_puts(&out, " in[");
			dump_words(n->words, n->nwords, " ");
			sh_buf_putc(&out, ']');
		}
		bracket(n->has_in ? "do" : " do", n->b);
		break;
	case SH_N_CASE:
		sh_buf_puts(&out, "case ");
		sh_buf_puts(&out, n->words[0]);
		sh_buf_puts(&out, " in[");
		for (size_t i = 0; i < n->nitems; i++) {
			dump_words(n->items[i].pats, n->items[i].npats, "|");
			sh_buf_putc(&out, ')');
			dump(n->items[i].body);
			sh_buf_puts(&out, ";;");
		}
		sh_buf_putc(&out, ']');
		break;
	case SH_N_FUNC:
		sh_buf_puts(&out, n->name);
		sh_buf_puts(&out, "()");
		dump(n->a);
		break;
	}
	dump_redirs(n->redirs);
}

static void parses_as(const char *src, const char *want)
{
	struct sh_node *tree;
	int r = sh_parse(src, &tree, err, sizeof err);

	cr_assert_eq(r, SH_OK, "parsing <%s>: %d %s", src, r, err);
	free(sh_buf_take(&out));
	dump(tree);
	char *got = sh_buf_take(&out);
	cr_expect_str_eq(got, want, "<%s> gave <%s>", src, got);
	free(got);
	sh_node_free(tree);
}

static void fails(const char *src, int status, const char *msg)
{
	struct sh_node *tree = (struct sh_node *)1;
	int r = sh_parse(src, &tree, err, sizeof err);

	cr_expect_eq(r, status, "parsing <%s>: %d, not %d (%s)", src, r, status, err);
	cr_expect_null(tree, "<%s>: no tree after an error", src);
	if (msg)
		cr_expect_str_eq(err, msg, "<%s>", src);
}

TestSuite(sh_parse);

Test(sh_parse, simple_commands_keep_their_words_unexpanded)
{
	parses_as("echo 'a b' \"$X\" $(ls -l) `pwd` ${v:-x y}",
	          "echo 'a b' \"$X\" $(ls -l) `pwd` ${v:-x y}");
	parses_as("A=1 B=$x env C=3", "A=1 B=$x env C=3");
	parses_as("echo $((1 + (2 * 3)))", "echo $((1 + (2 * 3)))");
	parses_as("echo a#b # comment", "echo a#b");
}

Test(sh_parse, lists_and_or_lists_and_pipelines)
{
	parses_as("a; b & c", "a; b &; c");
	parses_as("a && b || c", "((a && b) || c)");
	parses_as("a |\n b | c", "a | b | c");
	parses_as("! a | b", "!(a | b)");
	parses_as("a &&\n\n b", "(a && b)");
	parses_as("\n\na\n\nb\n", "a; b");
}

Test(sh_parse, redirections_with_descriptors)
{
	parses_as("cmd <in >out 2>>log 3<>rw 2>&1 <&- >|f",
	          "cmd 0<in 1>out 2>>log 3<>rw 2>&1 0<&- 1>|f");
	parses_as(">f", " 1>f");
	parses_as("12345>f", "12345 1>f"); /* five digits are a word */
}

Test(sh_parse, here_documents_read_their_bodies_after_the_newline)
{
	parses_as("cat <<E; echo after\nline $x\nE\n", "cat 0<<E[line $x\n]; echo after");
	parses_as("cat <<'E' <<-F\n$a\nE\n\tb\n\tF\n", "cat 0<<E'[$a\n] 0<<-F[b\n]");
	parses_as("cat <<E\nE", "cat 0<<E[]");
	fails("cat <<E\nno end\n", SH_INCOMPLETE, NULL);
}

Test(sh_parse, if_elif_else)
{
	parses_as("if a; then b; fi", "if[a]then[b]");
	parses_as("if a\nthen b\nc\nelif d; then e; else f; fi",
	          "if[a]then[b; c]else[if[d]then[e]else[f]]");
	parses_as("if a; then b; fi >out", "if[a]then[b] 1>out");
}

Test(sh_parse, loops)
{
	parses_as("while a; do b; done", "while[a]do[b]");
	parses_as("until a\ndo\nb\ndone", "until[a]do[b]");
	parses_as("for i in 1 \"2 3\" $x; do echo $i; done", "for i in[1 \"2 3\" $x]do[echo $i]");
	parses_as("for i; do b; done", "for i do[b]");
	parses_as("for i\ndo b; done", "for i do[b]");
	parses_as("for i in; do b; done", "for i in[]do[b]");
}

Test(sh_parse, case_with_patterns)
{
	parses_as("case $x in a|b) one;; (c*) two ;; *) ;; esac",
	          "case $x in[a|b)one;;c*)two;;*);;]");
	parses_as("case x in\n  a) b\n  esac", "case x in[a)b;;]");
	parses_as("case x in esac", "case x in[]");
}

Test(sh_parse, groups_subshells_and_functions)
{
	parses_as("{ a; b; }", "{a; b}");
	parses_as("(a; b) | c", "(a; b) | c");
	parses_as("f() { echo $1; }", "f(){echo $1}");
	parses_as("f ()\n{ a; } >log", "f(){a} 1>log");
	parses_as("echo { }", "echo { }"); /* keywords only where a command starts */
}

Test(sh_parse, keywords_count_only_where_a_command_starts)
{
	parses_as("echo if then fi", "echo if then fi");
	parses_as("\"if\" a", "\"if\" a");
}

Test(sh_parse, unfinished_input_asks_for_more)
{
	fails("if a; then b", SH_INCOMPLETE, "syntax error: unexpected end of file");
	fails("while a; do", SH_INCOMPLETE, NULL);
	fails("a |", SH_INCOMPLETE, NULL);
	fails("a &&", SH_INCOMPLETE, NULL);
	fails("echo 'abc", SH_INCOMPLETE, "unterminated single quote");
	fails("echo \"abc", SH_INCOMPLETE, "unterminated double quote");
	fails("echo $(ls", SH_INCOMPLETE, NULL);
	fails("echo \\", SH_INCOMPLETE, NULL);
	fails("{ a;", SH_INCOMPLETE, NULL);
	fails("case x in a)", SH_INCOMPLETE, NULL);
}

Test(sh_parse, syntax_errors_name_the_token)
{
	fails("a ;; b", SH_ERROR, "syntax error near ';;'");
	fails("fi", SH_ERROR, "syntax error near 'fi'");
	fails("a | | b", SH_ERROR, "syntax error near '|'");
	fails("echo >", SH_INCOMPLETE, NULL);
	fails("echo > ;", SH_ERROR, "syntax error near ';'");
	fails("if a; then fi", SH_ERROR, "syntax error near 'fi'");
	fails("( )", SH_ERROR, "syntax error near ')'");
	fails("for 1 in a; do b; done", SH_ERROR, "syntax error near '1'");
}

static const char *aliases(const char *name)
{
	if (strcmp(name, "ll") == 0)
		return "ls -l";
	if (strcmp(name, "loop") == 0)
		return "loop again"; /* not expanded inside itself */
	return NULL;
}

Test(sh_parse, aliases_are_expanded_where_a_command_starts)
{
	sh_alias_lookup = aliases;
	parses_as("ll /tmp; echo ll", "ls -l /tmp; echo ll");
	parses_as("loop", "loop again");
	sh_alias_lookup = NULL;
	parses_as("ll", "ll");
}
