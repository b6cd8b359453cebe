/* awk's lexer (POSIX XCU awk, "Lexical Conventions").
 *
 * The parser holds one token of look-ahead in struct lexer and may copy
 * the whole struct to look further and come back. A '/' is division to
 * the lexer; the parser, which knows when an operand is expected, asks
 * lex_regex for a regular expression instead. A name written right
 * before '(' is a function call (T_FUNC_NAME), as the grammar requires. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "apps/awk/awk.h"

static const struct {
	const char *word;
	int tok, builtin;
} words[] = {
	{ "BEGIN", T_BEGIN, 0 },       { "END", T_END, 0 },
	{ "function", T_FUNCTION, 0 }, { "func", T_FUNCTION, 0 },
	{ "if", T_IF, 0 },             { "else", T_ELSE, 0 },
	{ "while", T_WHILE, 0 },       { "for", T_FOR, 0 },
	{ "do", T_DO, 0 },             { "break", T_BREAK, 0 },
	{ "continue", T_CONTINUE, 0 }, { "next", T_NEXT, 0 },
	{ "nextfile", T_NEXTFILE, 0 }, { "exit", T_EXIT, 0 },
	{ "return", T_RETURN, 0 },     { "delete", T_DELETE, 0 },
	{ "getline", T_GETLINE, 0 },   { "print", T_PRINT, 0 },
	{ "printf", T_PRINTF, 0 },     { "in", T_IN, 0 },
	{ "length", T_BUILTIN, B_LENGTH },   { "substr", T_BUILTIN, B_SUBSTR },
	{ "index", T_BUILTIN, B_INDEX },     { "split", T_BUILTIN, B_SPLIT },
	{ "sub", T_BUILTIN, B_SUB },         { "gsub", T_BUILTIN, B_GSUB },
	{ "match", T_BUILTIN, B_MATCH },     { "sprintf", T_BUILTIN, B_SPRINTF },
	{ "sin", T_BUILTIN, B_SIN },         { "cos", T_BUILTIN, B_COS },
	{ "atan2", T_BUILTIN, B_ATAN2 },     { "exp", T_BUILTIN, B_EXP },
	{ "log", T_BUILTIN, B_LOG },         { "sqrt", T_BUILTIN, B_SQRT },
	{ "int", T_BUILTIN, B_INT },         { "rand", T_BUILTIN, B_RAND },
	{ "srand", T_BUILTIN, B_SRAND },     { "tolower", T_BUILTIN, B_TOLOWER },
	{ "toupper", T_BUILTIN, B_TOUPPER }, { "system", T_BUILTIN, B_SYSTEM },
	{ "close", T_BUILTIN, B_CLOSE },     { "fflush", T_BUILTIN, B_FFLUSH },
};

void lex_init(struct lexer *lx, const char *src)
{
	memset(lx, 0, sizeof *lx);
	lx->src = lx->p = src;
	lx->line = 1;
	lex_next(lx);
}

/* A string literal's escapes (also -v values and command-line
 * assignments): \" \\ \/ \a \b \f \n \r \t \v \ddd; any other \c is kept
 * whole, so "\." still reaches a regex as an escaped dot. */
char *unescape(const char *s, size_t n)
{
	static const char from[] = "\"\\/abfnrtv", to[] = "\"\\/\a\b\f\n\r\t\v";
	char *d = xalloc(n + 1), *o = d;
	const char *end = s + n;

	while (s < end) {
		if (*s != '\\' || s + 1 >= end) {
			*o++ = *s++;
			continue;
		}
		s++;
		const char *k = strchr(from, *s);
		if (k && *s) {
			*o++ = to[k - from];
			s++;
		} else if (*s >= '0' && *s <= '7') {
			int v = 0;
			for (int i = 0; i < 3 && s < end && *s >= '0' && *s <= '7'; i++)
				v = v * 8 + (*s++ - '0');
			*o++ = (char)v;
		} else {
			*o++ = '\\';
			*o++ = *s++;
		}
	}
	*o = '\0';
	return d;
}

static void lex_string(struct lexer *lx)
{
	const char *start = ++lx->p;

	while (*lx->p && *lx->p != '"') {
		if (*lx->p == '\n')
			fatal("line %d: newline in string", lx->line);
		if (*lx->p == '\\' && lx->p[1])
			lx->p++;
		lx->p++;
	}
	if (!*lx->p)
		fatal("line %d: unterminated string", lx->line);
	lx->text = unescape(start, (size_t)(lx->p - start));
	lx->p++;
	lx->tok = T_STRING;
}

void lex_regex(struct lexer *lx)
{
	/* The token was '/' or "/=": the regex starts after the '/'. */
	const char *start = lx->p - (lx->tok == T_DIV_ASSIGN ? 1 : 0);
	size_t n = 0;
	char *d;

	lx->p = start;
	d = xalloc(strlen(start) + 1);
	/* A '/' in a bracket expression ([/]) does not end the regex. */
	const char *bracket = NULL;
	while (*lx->p && (*lx->p != '/' || bracket)) {
		if (*lx->p == '\n')
			fatal("line %d: newline in regex", lx->line);
		if (!bracket && *lx->p == '[') {
			bracket = lx->p;
		} else if (bracket && *lx->p == ']' && lx->p > bracket + 1 &&
		           !(lx->p == bracket + 2 && bracket[1] == '^')) {
			bracket = NULL; /* a ']' first (or after '^') is a member */
		}
		/* \/ is a slash; other escapes are the regex's own. */
		if (*lx->p == '\\' && lx->p[1] == '/')
			lx->p++;
		else if (*lx->p == '\\' && lx->p[1])
			d[n++] = *lx->p++;
		d[n++] = *lx->p++;
	}
	if (!*lx->p)
		fatal("line %d: unterminated regex", lx->line);
	lx->p++;
	d[n] = '\0';
	lx->text = d;
	lx->tok = T_ERE;
}

static void lex_word(struct lexer *lx)
{
	const char *start = lx->p;

	while (isalnum((unsigned char)*lx->p) || *lx->p == '_')
		lx->p++;
	lx->text = xstrndup(start, (size_t)(lx->p - start));
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].word, lx->text) == 0) {
			lx->tok = words[i].tok;
			lx->builtin = words[i].builtin;
			return;
		}
	lx->tok = *lx->p == '(' ? T_FUNC_NAME : T_NAME;
}

/* Two-character operators: the token for c followed by next, or 0. */
static int two_char(char c, char next)
{
	static const struct {
		char a, b;
		int tok;
	} ops[] = {
		{ '+', '=', T_ADD_ASSIGN }, { '-', '=', T_SUB_ASSIGN }, { '*', '=', T_MUL_ASSIGN },
		{ '/', '=', T_DIV_ASSIGN }, { '%', '=', T_MOD_ASSIGN }, { '^', '=', T_POW_ASSIGN },
		{ '=', '=', T_EQ },         { '!', '=', T_NE },         { '<', '=', T_LE },
		{ '>', '=', T_GE },         { '!', '~', T_NOMATCH },    { '&', '&', T_AND },
		{ '|', '|', T_OR },         { '+', '+', T_INCR },       { '-', '-', T_DECR },
		{ '>', '>', T_APPEND },
	};

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].a == c && ops[i].b == next)
			return ops[i].tok;
	return 0;
}

/* Blanks, comments and backslash-newlines before the next token. */
static void skip_space(struct lexer *lx)
{
	for (;;) {
		if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r') {
			lx->p++;
		} else if (*lx->p == '\\' && lx->p[1] == '\n') {
			lx->p += 2;
			lx->line++;
		} else if (*lx->p == '#') {
			while (*lx->p && *lx->p != '\n')
				lx->p++;
		} else {
			return;
		}
	}
}

void lex_next(struct lexer *lx)
{
	int t;

	skip_space(lx);
	char c = *lx->p;
	if (!c) {
		lx->tok = T_EOF;
	} else if (c == '\n') {
		lx->p++;
		lx->line++;
		lx->tok = T_NEWLINE;
	} else if (c == '"') {
		lex_string(lx);
	} else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)lx->p[1]))) {
		char *end;
		lx->num = strtod(lx->p, &end);
		/* strtod takes hex and inf; awk's numbers are decimal. */
		if (c == '0' && (lx->p[1] == 'x' || lx->p[1] == 'X'))
			end = (char *)lx->p + 1;
		lx->p = end;
		lx->tok = T_NUMBER;
	} else if (isalpha((unsigned char)c) || c == '_') {
		lex_word(lx);
	} else if (c == '*' && lx->p[1] == '*') {
		/* ** and **= are ^ and ^=, as many awks have them */
		lx->p += 2;
		lx->tok = *lx->p == '=' ? (lx->p++, T_POW_ASSIGN) : '^';
	} else if ((t = two_char(c, lx->p[1])) != 0) {
		lx->p += 2;
		lx->tok = t;
	} else {
		lx->p++;
		lx->tok = c;
	}
}
