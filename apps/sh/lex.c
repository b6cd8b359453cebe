/* The lexer: text as tokens, one at a time, for the parser. It finds where
 * words end, which takes knowing the quotes and the $(...), ${...},
 * $((...)) and `...` inside them, but leaves all of that in the word's
 * text for expand.c. A backslash-newline outside single quotes is removed
 * here: the line it ends goes on with the next. Keywords (if, then ...)
 * are words to the lexer; the parser knows where they count. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <stdio.h>

static const struct {
	const char *text;
	enum sh_tok_kind kind;
} operators[] = {
	/* The longest first: the longest match wins. */
	{ "<<-", SH_T_DLESSDASH }, { "&&", SH_T_AND_IF },   { "||", SH_T_OR_IF },
	{ ";;", SH_T_DSEMI },      { ">>", SH_T_DGREAT },   { "<<", SH_T_DLESS },
	{ "<&", SH_T_LESSAND },    { ">&", SH_T_GREATAND }, { ">|", SH_T_CLOBBER },
	{ "<>", SH_T_LESSGREAT },  { "|", SH_T_PIPE },      { "&", SH_T_AMP },
	{ ";", SH_T_SEMI },        { "<", SH_T_LESS },      { ">", SH_T_GREAT },
	{ "(", SH_T_LPAREN },      { ")", SH_T_RPAREN },
};

#define NOPERATORS (sizeof operators / sizeof operators[0])

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A character that ends an unquoted word. */
static int is_delim(char c)
{
	return c == '\0' || is_blank(c) || c == '\n' || strchr("|&;<>()", c) != NULL;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int sh_is_name(const char *s, size_t n)
{
	if (n == 0 || is_digit(s[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(c == '_' || is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return 0;
	}
	return 1;
}

/* ---- constructs inside words ---------------------------------------------------- */
#define SCAN_INCOMPLETE (-1)
#define SCAN_ERROR      (-2)

static long scan_dquote(const char *s, size_t i);

/* A command substitution's end: from i (after "$("), the index of its
 * ")". Tokens are read as the parser would, so quotes, comments and
 * nested parentheses count; a case pattern's ")" does not close it. */
static long scan_command(const char *s, size_t i)
{
	struct sh_lexer lx = { .s = s, .i = i };
	char err[8];
	int depth = 0, in_case = 0, at_start = 1;

	lx.err = err;
	lx.errlen = sizeof err;
	for (;;) {
		struct sh_token t;
		int r = sh_lex_next(&lx, &t);

		if (r != SH_OK)
			return r == SH_INCOMPLETE ? SCAN_INCOMPLETE : SCAN_ERROR;
		if (t.kind == SH_T_END)
			return SCAN_INCOMPLETE;
		if (t.kind == SH_T_WORD && at_start && strcmp(t.text, "case") == 0)
			in_case++;
		else if (t.kind == SH_T_WORD && at_start && strcmp(t.text, "esac") == 0 && in_case)
			in_case--;
		at_start = t.kind != SH_T_WORD;
		free(t.text);
		if (t.kind == SH_T_LPAREN) {
			depth++;
		} else if (t.kind == SH_T_RPAREN) {
			if (depth == 0 && !in_case)
				return (long)t.start;
			if (depth > 0)
				depth--;
		}
	}
}

/* From i (after "$(("), the index just past the closing "))". */
static long scan_arith(const char *s, size_t i)
{
	int depth = 0;

	while (s[i]) {
		char c = s[i];

		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth == 0)
				return s[i + 1] == ')' ? (long)i + 2 : SCAN_ERROR;
			depth--;
		} else if (c == '\\' && s[i + 1]) {
			i++;
		} else if (c == '$' || c == '`' || c == '"' || c == '\'') {
			long e = sh_scan_construct(s, i);
			if (e < 0)
				return e;
			i = (size_t)e;
			continue;
		}
		i++;
	}
	return SCAN_INCOMPLETE;
}

/* From i (after "${"), the index just past the closing "}". */
static long scan_brace(const char *s, size_t i)
{
	while (s[i] && s[i] != '}') {
		if (s[i] == '\\' && s[i + 1]) {
			i += 2;
		} else if (s[i] == '$' || s[i] == '`' || s[i] == '"' || s[i] == '\'') {
			long e = sh_scan_construct(s, i);
			if (e < 0)
				return e;
			i = (size_t)e;
		} else {
			i++;
		}
	}
	return s[i] ? (long)i + 1 : SCAN_INCOMPLETE;
}

static long scan_backquote(const char *s, size_t i)
{
	for (i++; s[i] && s[i] != '`'; i++)
		if (s[i] == '\\' && s[i + 1])
			i++;
	return s[i] ? (long)i + 1 : SCAN_INCOMPLETE;
}

static long scan_dquote(const char *s, size_t i)
{
	for (i++; s[i] && s[i] != '"';) {
		if (s[i] == '\\' && s[i + 1]) {
			i += 2;
		} else if (s[i] == '$' || s[i] == '`') {
			long e = sh_scan_construct(s, i);
			if (e < 0)
				return e;
			i = (size_t)e;
		} else {
			i++;
		}
	}
	return s[i] ? (long)i + 1 : SCAN_INCOMPLETE;
}

long sh_scan_construct(const char *s, size_t i)
{
	const char *close;

	switch (s[i]) {
	case '\'':
		close = strchr(s + i + 1, '\'');
		return close ? close - s + 1 : SCAN_INCOMPLETE;
	case '"':
		return scan_dquote(s, i);
	case '`':
		return scan_backquote(s, i);
	case '$':
		if (s[i + 1] == '(' && s[i + 2] == '(') {
			long e = scan_arith(s, i + 3);
			/* $((cmd) ...) is a command substitution after all. */
			if (e != SCAN_ERROR)
				return e;
		}
		if (s[i + 1] == '(') {
			long e = scan_command(s, i + 2);
			return e < 0 ? e : e + 1;
		}
		if (s[i + 1] == '{')
			return scan_brace(s, i + 2);
		return (long)i + 1;
	default:
		return (long)i + 1;
	}
}

/* ---- tokens ---------------------------------------------------------------------- */
static int fail(struct sh_lexer *lx, int status, const char *msg)
{
	snprintf(lx->err, lx->errlen, "%s", msg);
	return status;
}

static int lex_word(struct sh_lexer *lx, struct sh_token *t)
{
	const char *s = lx->s;
	struct sh_buf b = { 0 };

	while (!is_delim(s[lx->i])) {
		char c = s[lx->i];

		if (c == '\\') {
			if (s[lx->i + 1] == '\0') {
				free(sh_buf_take(&b));
				return fail(lx, SH_INCOMPLETE, "unexpected end of input after \\");
			}
			/* \<newline> vanishes; any other pair stays for expand.c. */
			if (s[lx->i + 1] != '\n')
				sh_buf_putn(&b, s + lx->i, 2);
			lx->i += 2;
		} else if (c == '\'' || c == '"' || c == '`' || c == '$') {
			long e = sh_scan_construct(s, lx->i);
			if (e < 0) {
				free(sh_buf_take(&b));
				if (e == SCAN_ERROR)
					return fail(lx, SH_ERROR, "syntax error in a substitution");
				return fail(lx, SH_INCOMPLETE,
				            c == '\'' ? "unterminated single quote"
				            : c == '"' ? "unterminated double quote"
				                       : "unterminated substitution");
			}
			sh_buf_putn(&b, s + lx->i, (size_t)e - lx->i);
			lx->i = (size_t)e;
		} else {
			sh_buf_putc(&b, c);
			lx->i++;
		}
	}
	t->kind = SH_T_WORD;
	t->text = sh_buf_take(&b);
	if (!t->text)
		return fail(lx, SH_ERROR, "out of memory");
	return SH_OK;
}

/* Digits right before '<' or '>' are the descriptor the redirection is
 * for; more than four are a word (no descriptor is that large). */
static int lex_io_number(struct sh_lexer *lx, struct sh_token *t)
{
	const char *s = lx->s;
	size_t j = lx->i;
	int num = 0;

	while (is_digit(s[j]) && j - lx->i < 5)
		num = num * 10 + (s[j++] - '0');
	if (j - lx->i > 4 || (s[j] != '<' && s[j] != '>'))
		return 0;
	lx->i = j;
	t->kind = SH_T_IO_NUMBER;
	t->num = num;
	return 1;
}

static int lex_operator(struct sh_lexer *lx, struct sh_token *t)
{
	for (size_t k = 0; k < NOPERATORS; k++) {
		size_t n = strlen(operators[k].text);
		if (strncmp(lx->s + lx->i, operators[k].text, n) == 0) {
			lx->i += n;
			t->kind = operators[k].kind;
			return 1;
		}
	}
	return 0;
}

int sh_lex_next(struct sh_lexer *lx, struct sh_token *t)
{
	memset(t, 0, sizeof *t);
	for (;;) {
		const char *s = lx->s + lx->i;

		if (is_blank(*s)) {
			lx->i++;
		} else if (s[0] == '\\' && s[1] == '\n') {
			lx->i += 2;
		} else if (*s == '#') {
			/* A comment starts only where a word could. */
			lx->i += strcspn(s, "\n");
		} else {
			break;
		}
	}
	t->start = lx->i;
	if (lx->s[lx->i] == '\0') {
		t->kind = SH_T_END;
	} else if (lx->s[lx->i] == '\n') {
		lx->i++;
		t->kind = SH_T_NEWLINE;
	} else if (!(is_digit(lx->s[lx->i]) && lex_io_number(lx, t)) && !lex_operator(lx, t)) {
		int r = lex_word(lx, t);
		if (r != SH_OK)
			return r;
	}
	t->end = lx->i;
	return SH_OK;
}

int sh_lex(const char *src, struct sh_token **v, size_t *n, char *err, size_t errlen)
{
	struct sh_lexer lx = { .s = src, .err = err, .errlen = errlen };
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	for (;;) {
		struct sh_token t;
		int r = sh_lex_next(&lx, &t);

		if (r == SH_OK && *n == cap) {
			struct sh_token *nv = realloc(*v, (cap ? 2 * cap : 16) * sizeof *nv);
			if (!nv) {
				free(t.text);
				r = fail(&lx, SH_ERROR, "out of memory");
			} else {
				*v = nv;
				cap = cap ? 2 * cap : 16;
			}
		}
		if (r != SH_OK) {
			sh_tokens_free(*v, *n);
			*v = NULL;
			*n = 0;
			return r;
		}
		(*v)[(*n)++] = t;
		if (t.kind == SH_T_END)
			return SH_OK;
	}
}

void sh_tokens_free(struct sh_token *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

int sh_lex_heredoc(struct sh_lexer *lx, const char *delim, int strip_tabs, char **body)
{
	struct sh_buf b = { 0 };
	size_t dlen = strlen(delim);

	for (;;) {
		const char *line = lx->s + lx->i;
		size_t n = strcspn(line, "\n");

		int last = line[n] == '\0';

		lx->i += n + !last;
		if (strip_tabs)
			while (*line == '\t') {
				line++;
				n--;
			}
		if (n == dlen && strncmp(line, delim, n) == 0)
			break;
		if (last) {
			/* The delimiter must be on a line of its own. */
			free(sh_buf_take(&b));
			return fail(lx, SH_INCOMPLETE, "here-document not ended");
		}
		sh_buf_putn(&b, line, n + 1);
	}
	*body = sh_buf_take(&b);
	return *body ? SH_OK : fail(lx, SH_ERROR, "out of memory");
}

const char *sh_tok_name(const struct sh_token *t)
{
	switch (t->kind) {
	case SH_T_WORD:
		return t->text;
	case SH_T_IO_NUMBER:
		return "number";
	case SH_T_NEWLINE:
		return "newline";
	case SH_T_END:
		return "end of file";
	default:
		break;
	}
	for (size_t k = 0; k < NOPERATORS; k++)
		if (operators[k].kind == t->kind)
			return operators[k].text;
	return "?";
}
