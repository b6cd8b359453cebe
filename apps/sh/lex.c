/* The lexer: a line (or several, joined by newlines) as tokens. It finds
 * where words end, which takes knowing the quotes, but leaves the quotes
 * in the word's text for expand.c. A backslash-newline is removed here:
 * the line it ends goes on with the next. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <stdio.h>

static const struct {
	const char *text;
	enum sh_tok_kind kind;
} operators[] = {
	/* The two-character ones first: the longest match wins. */
	{ "&&", SH_T_AND_IF },  { "||", SH_T_OR_IF },    { ">>", SH_T_DGREAT },
	{ "<&", SH_T_LESSAND }, { ">&", SH_T_GREATAND }, { ">|", SH_T_CLOBBER },
	{ "|", SH_T_PIPE },     { "&", SH_T_AMP },       { ";", SH_T_SEMI },
	{ "<", SH_T_LESS },     { ">", SH_T_GREAT },     { "(", SH_T_LPAREN },
	{ ")", SH_T_RPAREN },
};

#define NOPERATORS (sizeof operators / sizeof operators[0])

struct lexer {
	const char *s;
	size_t i;
	struct sh_tokens *out;
	size_t cap;
	char *err;
	size_t errlen;
};

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

static int fail(struct lexer *lx, int status, const char *msg)
{
	snprintf(lx->err, lx->errlen, "%s", msg);
	return status;
}

static int push(struct lexer *lx, enum sh_tok_kind kind, size_t start, char *text, int num)
{
	struct sh_token *t;

	if (lx->out->n == lx->cap) {
		size_t cap = lx->cap ? 2 * lx->cap : 16;
		struct sh_token *v = realloc(lx->out->v, cap * sizeof *v);
		if (!v) {
			free(text);
			return fail(lx, SH_ERROR, "out of memory");
		}
		lx->out->v = v;
		lx->cap = cap;
	}
	t = &lx->out->v[lx->out->n++];
	t->kind = kind;
	t->text = text;
	t->num = num;
	t->start = start;
	t->end = lx->i;
	return SH_OK;
}

/* $( and ` would need a shell inside the expansion: refused before
 * anything runs, not passed on as text. */
static int substitution_at(const char *s)
{
	return s[0] == '`' || (s[0] == '$' && s[1] == '(');
}

/* The rest of a double-quoted part, the opening quote already copied. */
static int lex_dquote(struct lexer *lx, struct sh_buf *b)
{
	const char *s = lx->s;

	for (;;) {
		char c = s[lx->i];

		if (c == '\0')
			return fail(lx, SH_INCOMPLETE, "unterminated double quote");
		if (substitution_at(s + lx->i))
			return fail(lx, SH_ERROR, "command substitution is not supported");
		if (c == '\\' && s[lx->i + 1] == '\n') {
			lx->i += 2;
			continue;
		}
		if (c == '\\' && s[lx->i + 1] != '\0') {
			sh_buf_putn(b, s + lx->i, 2);
			lx->i += 2;
			continue;
		}
		sh_buf_putc(b, c);
		lx->i++;
		if (c == '"')
			return SH_OK;
	}
}

static int lex_word(struct lexer *lx)
{
	const char *s = lx->s;
	size_t start = lx->i;
	struct sh_buf b = { 0 };
	int r = SH_OK;

	while (r == SH_OK && !is_delim(s[lx->i])) {
		char c = s[lx->i];

		if (substitution_at(s + lx->i)) {
			r = fail(lx, SH_ERROR, "command substitution is not supported");
		} else if (c == '\\') {
			/* At the very end, \ or \<newline> asks for the next line. */
			if (s[lx->i + 1] == '\0' ||
			    (s[lx->i + 1] == '\n' && s[lx->i + 2] == '\0')) {
				r = fail(lx, SH_INCOMPLETE, "unexpected end of input after \\");
			} else {
				/* \<newline> vanishes; any other pair stays for expand.c. */
				if (s[lx->i + 1] != '\n')
					sh_buf_putn(&b, s + lx->i, 2);
				lx->i += 2;
			}
		} else if (c == '\'') {
			const char *close = strchr(s + lx->i + 1, '\'');
			if (!close) {
				r = fail(lx, SH_INCOMPLETE, "unterminated single quote");
			} else {
				size_t n = (size_t)(close - (s + lx->i)) + 1;
				sh_buf_putn(&b, s + lx->i, n);
				lx->i += n;
			}
		} else if (c == '"') {
			sh_buf_putc(&b, c);
			lx->i++;
			r = lex_dquote(lx, &b);
		} else {
			sh_buf_putc(&b, c);
			lx->i++;
		}
	}
	if (r != SH_OK) {
		free(sh_buf_take(&b));
		return r;
	}
	/* A word of nothing but \<newline>s is no word. */
	if (b.len == 0) {
		free(sh_buf_take(&b));
		return SH_OK;
	}
	char *text = sh_buf_take(&b);
	if (!text)
		return fail(lx, SH_ERROR, "out of memory");
	return push(lx, SH_T_WORD, start, text, 0);
}

/* Digits right before '<' or '>' are the descriptor the redirection is
 * for; more than four are a word (no descriptor is that large). */
static int lex_io_number(struct lexer *lx)
{
	const char *s = lx->s;
	size_t j = lx->i, start = lx->i;
	int num = 0;

	while (is_digit(s[j]) && j - start < 5)
		num = num * 10 + (s[j++] - '0');
	if (j - start > 4 || (s[j] != '<' && s[j] != '>'))
		return 0;
	lx->i = j;
	return push(lx, SH_T_IO_NUMBER, start, NULL, num) == SH_OK ? 1 : -1;
}

static int lex_operator(struct lexer *lx)
{
	for (size_t k = 0; k < NOPERATORS; k++) {
		size_t n = strlen(operators[k].text);
		if (strncmp(lx->s + lx->i, operators[k].text, n) == 0) {
			size_t start = lx->i;
			lx->i += n;
			return push(lx, operators[k].kind, start, NULL, 0) == SH_OK ? 1 : -1;
		}
	}
	return 0;
}

int sh_lex(const char *src, struct sh_tokens *out, char *err, size_t errlen)
{
	struct lexer lx = { .s = src, .out = out, .err = err, .errlen = errlen };
	int r = SH_OK;

	out->v = NULL;
	out->n = 0;
	while (r == SH_OK) {
		const char *s = src + lx.i;

		if (is_blank(*s)) {
			lx.i++;
		} else if (s[0] == '\\' && s[1] == '\n') {
			if (s[2] == '\0')
				r = fail(&lx, SH_INCOMPLETE, "unexpected end of input after \\");
			lx.i += 2;
		} else if (*s == '#') {
			/* A comment starts only where a word could. */
			lx.i += strcspn(s, "\n");
		} else if (*s == '\0') {
			r = push(&lx, SH_T_END, lx.i, NULL, 0);
			break;
		} else if (*s == '\n') {
			lx.i++;
			r = push(&lx, SH_T_NEWLINE, lx.i - 1, NULL, 0);
		} else {
			int k = is_digit(*s) ? lex_io_number(&lx) : 0;
			if (k == 0)
				k = lex_operator(&lx);
			if (k == 0)
				r = lex_word(&lx);
			else if (k < 0)
				r = SH_ERROR;
		}
	}
	if (r != SH_OK)
		sh_tokens_free(out);
	return r;
}

void sh_tokens_free(struct sh_tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	t->v = NULL;
	t->n = 0;
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
		return "end of line";
	default:
		break;
	}
	for (size_t k = 0; k < NOPERATORS; k++)
		if (operators[k].kind == t->kind)
			return operators[k].text;
	return "?";
}
