/* Word expansion (POSIX 2.6): a word as written becomes the fields it
 * stands for, in POSIX's order:
 *
 *   tilde, parameters, $(...) and `...`, $((...))   expand_word, left to right
 *        │  each character tagged: literal, quoted, or from an unquoted expansion
 *        ▼
 *   field splitting (the expansions' characters that are in IFS)    finish_fields
 *   pathname expansion (unquoted * ? [)   then quote removal
 *
 * The tags are what make "$x" differ from $x: a buffer of characters and
 * a parallel buffer of tags, plus two marks without a character: a quote
 * was here (so "" is an empty field, not none), and a field ends here
 * (between "$@"'s parameters). Values come from the caller (struct
 * sh_xops): this file has no state. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <stdio.h>

enum tag {
	T_LIT,   /* as written, unquoted: may be a pattern character */
	T_QUOTE, /* quoted, or from a quoted expansion */
	T_EXP,   /* from an unquoted expansion: split at IFS, may be a pattern */
	T_MARK,  /* no character: a quote was here */
	T_BREAK, /* no character: a field ends here ("$@") */
};

/* Where the text being expanded is. */
enum where {
	W_WORD,
	W_DQUOTE,
	W_BRACE_DQUOTE, /* "${v:-word}": as in double quotes, but "..." inside nests */
	W_HEREDOC,
};

struct expander {
	const struct sh_xops *ops;
	struct sh_buf c, t; /* characters and their tags */
	int at_empty;       /* "$@" with no parameters was expanded */
	int in_brace;       /* in ${v:-word}'s word, unquoted: literals split too */
	int bad;
	char *err;
	size_t errlen;
};

static int fail(struct expander *e, const char *fmt, const char *arg)
{
	if (!e->bad)
		snprintf(e->err, e->errlen, fmt, arg);
	e->bad = 1;
	return -1;
}

static void put(struct expander *e, const char *s, size_t n, enum tag tag)
{
	if (tag == T_LIT && e->in_brace)
		tag = T_EXP;
	sh_buf_putn(&e->c, s, n);
	for (size_t i = 0; i < n; i++)
		sh_buf_putc(&e->t, (char)tag);
}

static void mark(struct expander *e, enum tag tag)
{
	sh_buf_putc(&e->c, '\0');
	sh_buf_putc(&e->t, (char)tag);
}

static void put_value(struct expander *e, const char *v, int quoted)
{
	put(e, v, strlen(v), quoted ? T_QUOTE : T_EXP);
	if (quoted)
		mark(e, T_MARK);
}

static const char *ifs(struct expander *e)
{
	const char *s = e->ops->get(e->ops->ctx, "IFS");
	return s ? s : " \t\n";
}

static int expand_word(struct expander *e, const char *s, size_t n, enum where w);

/* ---- the results ------------------------------------------------------------ */
static char *finish_string(struct expander *e)
{
	struct sh_buf b = { 0 };

	for (size_t i = 0; i < e->c.len; i++) {
		if (e->t.s[i] == T_BREAK)
			sh_buf_putc(&b, ' ');
		else if (e->t.s[i] != T_MARK)
			sh_buf_putc(&b, e->c.s[i]);
	}
	return sh_buf_take(&b);
}

/* Quoted characters that mean something to sh_match, escaped. */
static void put_pattern_char(struct sh_buf *b, char c, int quoted)
{
	if (quoted && strchr("\\*?[]", c))
		sh_buf_putc(b, '\\');
	sh_buf_putc(b, c);
}

static char *finish_pattern(struct expander *e)
{
	struct sh_buf b = { 0 };

	for (size_t i = 0; i < e->c.len; i++) {
		if (e->t.s[i] == T_BREAK)
			sh_buf_putc(&b, ' ');
		else if (e->t.s[i] != T_MARK)
			put_pattern_char(&b, e->c.s[i], e->t.s[i] == T_QUOTE);
	}
	return sh_buf_take(&b);
}

/* One field is done: pathname expansion if it has an unquoted pattern
 * character (and matches something), else the field itself. */
static int end_field(struct expander *e, struct sh_buf *chars, struct sh_buf *pat, int globbed,
                     struct sh_words *out)
{
	char *text = sh_buf_take(chars), *p = sh_buf_take(pat);
	int r = 0;

	if (!text || !p) {
		free(text);
		free(p);
		return fail(e, "%s", "out of memory");
	}
	if (globbed && !e->ops->noglob && sh_has_glob(p))
		r = sh_glob(p, out);
	if (r == 0)
		r = sh_words_add(out, text);
	else
		free(text);
	free(p);
	return r < 0 ? fail(e, "%s", "out of memory") : 0;
}

static int finish_fields(struct expander *e, struct sh_words *out)
{
	const char *sep = ifs(e);
	struct sh_buf chars = { 0 }, pat = { 0 };
	/* exists: the field has begun (even if empty, with ""); after: the
	 * last delimiter was IFS white space that ended a field. */
	int exists = 0, after = 0, globbed = 0;

	for (size_t i = 0; i < e->c.len && !e->bad; i++) {
		char c = e->c.s[i];
		enum tag tag = (enum tag)e->t.s[i];

		if (tag == T_BREAK || (tag == T_EXP && strchr(sep, c) && c)) {
			int white = tag == T_BREAK || strchr(" \t\n", c);
			if (exists || (!white && !after && tag != T_BREAK)) {
				end_field(e, &chars, &pat, globbed, out);
				exists = globbed = 0;
				after = white;
			} else if (!white) {
				after = 0; /* "a : b": the : joins the blanks */
			}
			continue;
		}
		exists = 1;
		after = 0;
		if (tag == T_MARK)
			continue;
		sh_buf_putc(&chars, c);
		put_pattern_char(&pat, c, tag == T_QUOTE);
		globbed |= tag != T_QUOTE && strchr("*?[", c);
	}
	if (exists && !e->bad)
		end_field(e, &chars, &pat, globbed, out);
	free(sh_buf_take(&chars));
	free(sh_buf_take(&pat));
	return e->bad ? -1 : 0;
}

/* s[0..n) expanded on its own (a ${v#pattern}'s pattern, a
 * ${v=value}'s value): as a string, or as a pattern. */
static char *sub_expand(struct expander *e, const char *s, size_t n, enum where w, int pattern)
{
	struct expander sub = { .ops = e->ops, .err = e->err, .errlen = e->errlen };
	char *r = NULL;

	if (expand_word(&sub, s, n, w) == 0 && !sub.c.oom && !sub.t.oom)
		r = pattern ? finish_pattern(&sub) : finish_string(&sub);
	else if (!sub.bad)
		fail(&sub, "%s", "out of memory");
	e->bad |= sub.bad || !r;
	free(sh_buf_take(&sub.c));
	free(sh_buf_take(&sub.t));
	return r;
}

/* ---- parameters -------------------------------------------------------------- */
static int is_special(char c)
{
	return c != '\0' && strchr("@*#?-$!0123456789", c) != NULL;
}

/* $@ and $*, and "$@" and "$*". */
static void put_params(struct expander *e, char which, int quoted)
{
	char **v;
	int n = e->ops->params(e->ops->ctx, &v);

	if (quoted && which == '*') {
		const char *sep = ifs(e);
		for (int k = 0; k < n; k++) {
			if (k && *sep)
				put(e, sep, 1, T_QUOTE);
			put(e, v[k], strlen(v[k]), T_QUOTE);
		}
		mark(e, T_MARK);
		return;
	}
	if (quoted && n == 0)
		e->at_empty = 1;
	for (int k = 0; k < n; k++) {
		if (k)
			mark(e, T_BREAK);
		put_value(e, v[k], quoted);
	}
}

/* The value of $@ or $* as one string (for ${#*} and ${*:-x}), or the
 * value of a parameter; NULL if unset. */
static const char *param_value(struct expander *e, const char *name, char **joined)
{
	char **v;
	int n;
	struct sh_buf b = { 0 };

	*joined = NULL;
	if (strcmp(name, "@") && strcmp(name, "*"))
		return e->ops->get(e->ops->ctx, name);
	n = e->ops->params(e->ops->ctx, &v);
	for (int k = 0; k < n; k++) {
		if (k)
			sh_buf_putc(&b, ' ');
		sh_buf_puts(&b, v[k]);
	}
	*joined = sh_buf_take(&b);
	return n ? *joined : NULL;
}

/* ${v%p} ${v%%p} ${v#p} ${v##p}: what is left of val. */
static char *remove_affix(const char *val, const char *pat, int suffix, int longest)
{
	size_t len = strlen(val);

	for (size_t k = 0; k <= len; k++) {
		/* Prefixes: shortest first, or longest first; suffixes likewise. */
		size_t cut = longest ? len - k : k;
		if (suffix) {
			if (sh_match(pat, val + len - cut, cut))
				return strndup(val, len - cut);
		} else if (sh_match(pat, val, cut)) {
			return strdup(val + cut);
		}
	}
	return strdup(val);
}

/* ${v:-word} and ${v:+word}: the word, where the braces are. */
static int expand_inner(struct expander *e, const char *word, size_t n, int quoted)
{
	int was = e->in_brace, r;

	e->in_brace = !quoted;
	r = expand_word(e, word, n, quoted ? W_BRACE_DQUOTE : W_WORD);
	e->in_brace = was;
	return r;
}

/* The inside of ${...}, s[0..n). */
static int expand_brace(struct expander *e, const char *s, size_t n, int quoted)
{
	char name[64], *joined = NULL;
	size_t k = 0;
	int length = 0, r = 0;

	if (s[0] == '#' && n > 1) {
		length = 1;
		s++;
		n--;
	}
	if (n > 0 && s[0] >= '0' && s[0] <= '9') {
		while (k < n && s[k] >= '0' && s[k] <= '9')
			k++;
	} else if (n > 0 && is_special(s[0])) {
		k = 1;
	} else {
		while (k < n && sh_is_name(s, k + 1))
			k++;
	}
	if (k == 0 || k >= sizeof name || (length && k != n)) {
		char what[64];
		snprintf(what, sizeof what, "${%s%.*s}", length ? "#" : "", (int)n, s);
		return fail(e, "%s: bad substitution", what);
	}
	memcpy(name, s, k);
	name[k] = '\0';

	const char *op = s + k, *word;
	size_t oplen = n - k, wlen;
	int colon = oplen > 0 && *op == ':';
	const char *val = param_value(e, name, &joined);
	int all = strcmp(name, "@") == 0 || strcmp(name, "*") == 0;

	if (oplen == 0) {
		if (!val && e->ops->nounset && !all)
			r = fail(e, "%s: parameter not set", name);
		else if (length) {
			char num[24];
			snprintf(num, sizeof num, "%zu", val ? strlen(val) : (size_t)0);
			put_value(e, num, quoted);
		} else if (all) {
			put_params(e, name[0], quoted);
		} else {
			put_value(e, val ? val : "", quoted);
		}
		free(joined);
		return r;
	}
	char c = op[colon];
	int use_word = !val || (colon && !*val); /* unset, or null with ':' */
	word = op + colon + 1;
	wlen = oplen - colon - 1;
	if ((c == '%' || c == '#') && wlen > 0 && *word == c) {
		word++;
		wlen--;
		c = c == '%' ? 'S' : 'P'; /* %% and ## */
	}
	if (colon && !strchr("-=?+", c)) {
		free(joined);
		return fail(e, "%s: bad substitution", name);
	}
	switch (c) {
	case '-':
		if (use_word)
			r = expand_inner(e, word, wlen, quoted);
		else if (all)
			put_params(e, name[0], quoted);
		else
			put_value(e, val, quoted);
		break;
	case '+':
		if (!use_word)
			r = expand_inner(e, word, wlen, quoted);
		else if (quoted)
			mark(e, T_MARK);
		break;
	case '=':
		if (use_word) {
			char *v = sub_expand(e, word, wlen, quoted ? W_DQUOTE : W_WORD, 0);
			if (!v)
				break;
			if (!sh_is_name(name, strlen(name)))
				r = fail(e, "%s: cannot assign in this way", name);
			else if (e->ops->set(e->ops->ctx, name, v, e->err, e->errlen) < 0)
				r = -1, e->bad = 1;
			else
				put_value(e, v, quoted);
			free(v);
		} else {
			put_value(e, val, quoted);
		}
		break;
	case '?':
		if (use_word) {
			char *msg = wlen ? sub_expand(e, word, wlen, W_WORD, 0) : NULL;
			if (!e->bad) {
				snprintf(e->err, e->errlen, "%s: %s", name,
				         msg ? msg : val ? "parameter null" : "parameter not set");
				e->bad = 1;
			}
			free(msg);
			r = -1;
		} else {
			put_value(e, val, quoted);
		}
		break;
	case '%':
	case 'S':
	case '#':
	case 'P': {
		if (!val && e->ops->nounset) {
			r = fail(e, "%s: parameter not set", name);
			break;
		}
		char *pat = sub_expand(e, word, wlen, W_WORD, 1);
		char *v = pat ? remove_affix(val ? val : "", pat, c == '%' || c == 'S',
		                             c == 'S' || c == 'P')
		              : NULL;
		if (v)
			put_value(e, v, quoted);
		else if (pat)
			r = fail(e, "%s", "out of memory");
		free(pat);
		free(v);
		break;
	}
	default:
		r = fail(e, "%s: bad substitution", name);
	}
	free(joined);
	return e->bad ? -1 : r;
}

/* ---- $(...), `...` and $((...)) ------------------------------------------------ */
static int command_subst(struct expander *e, const char *cmd, int quoted)
{
	char *out = e->ops->subst(e->ops->ctx, cmd);
	size_t n;

	if (!out)
		return fail(e, "%s", "command substitution failed");
	n = strlen(out);
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	put_value(e, out, quoted);
	free(out);
	return 0;
}

/* `...`: inside, \$ \` \\ (and \" between double quotes) are the
 * character; the rest is as written. */
static int backquote(struct expander *e, const char *s, size_t n, int quoted)
{
	struct sh_buf b = { 0 };
	int r;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (strchr("$`\\", s[i + 1]) || (quoted && s[i + 1] == '"')))
			i++;
		sh_buf_putc(&b, s[i]);
	}
	char *cmd = sh_buf_take(&b);
	if (!cmd)
		return fail(e, "%s", "out of memory");
	r = command_subst(e, cmd, quoted);
	free(cmd);
	return r;
}

static int arith_subst(struct expander *e, const char *s, size_t n, int quoted)
{
	char *expr = sub_expand(e, s, n, W_DQUOTE, 0), num[24];
	long v;

	if (!expr)
		return -1;
	if (sh_arith(expr, e->ops, &v, e->err, e->errlen) < 0) {
		free(expr);
		e->bad = 1;
		return -1;
	}
	free(expr);
	snprintf(num, sizeof num, "%ld", v);
	put_value(e, num, quoted);
	return 0;
}

/* At s[i] == '$': the expansion it starts, to *end. */
static int expand_dollar(struct expander *e, const char *s, size_t i, size_t n, int quoted,
                         size_t *end)
{
	long k = sh_scan_construct(s, i);
	const char *p = s + i + 1;

	if (k < 0 || (size_t)k > n)
		return fail(e, "%s", "bad substitution");
	*end = (size_t)k;
	if (p[0] == '(' && p[1] == '(' && s[k - 1] == ')' && s[k - 2] == ')')
		return arith_subst(e, p + 2, (size_t)k - i - 5, quoted);
	if (p[0] == '(') {
		char *cmd = strndup(p + 1, (size_t)k - i - 3);
		int r = cmd ? command_subst(e, cmd, quoted) : fail(e, "%s", "out of memory");
		free(cmd);
		return r;
	}
	if (p[0] == '{')
		return expand_brace(e, p + 1, (size_t)k - i - 3, quoted);
	if (i + 1 < n && is_special(p[0])) {
		char name[2] = { p[0], '\0' };
		*end = i + 2;
		if (p[0] == '@' || p[0] == '*') {
			put_params(e, p[0], quoted);
			return 0;
		}
		const char *v = e->ops->get(e->ops->ctx, name);
		if (!v && e->ops->nounset && p[0] != '!')
			return fail(e, "%s: parameter not set", name);
		put_value(e, v ? v : "", quoted);
		return 0;
	}
	size_t len = 0;
	while (i + 1 + len < n && sh_is_name(p, len + 1))
		len++;
	if (len == 0) {
		put(e, "$", 1, quoted ? T_QUOTE : T_LIT);
		*end = i + 1;
		return 0;
	}
	char *name = strndup(p, len);
	if (!name)
		return fail(e, "%s", "out of memory");
	const char *v = e->ops->get(e->ops->ctx, name);
	int r = 0;
	if (!v && e->ops->nounset)
		r = fail(e, "%s: parameter not set", name);
	else
		put_value(e, v ? v : "", quoted);
	free(name);
	*end = i + 1 + len;
	return r;
}

/* ---- the word ------------------------------------------------------------------- */
/* ~ or ~/... at the start of a word: $HOME. */
static size_t tilde(struct expander *e, const char *s, size_t n)
{
	const char *home;

	if (n == 0 || s[0] != '~' || (n > 1 && s[1] != '/'))
		return 0;
	home = e->ops->get(e->ops->ctx, "HOME");
	if (!home)
		return 0;
	put(e, home, strlen(home), T_QUOTE);
	mark(e, T_MARK);
	return 1;
}

static int expand_word(struct expander *e, const char *s, size_t n, enum where w)
{
	size_t i = w == W_WORD ? tilde(e, s, n) : 0;
	int quoted = w != W_WORD;

	while (i < n && !e->bad) {
		char c = s[i];
		size_t end = i + 1;

		if (c == '\\') {
			char d = i + 1 < n ? s[i + 1] : '\0';
			if (w == W_WORD && d) {
				put(e, &d, 1, T_QUOTE);
				end = i + 2;
			} else if (d && (strchr("$`\\\n", d) || (w != W_HEREDOC && d == '"'))) {
				if (d != '\n')
					put(e, &d, 1, T_QUOTE);
				end = i + 2;
			} else {
				put(e, "\\", 1, quoted ? T_QUOTE : T_LIT);
			}
		} else if (c == '$') {
			expand_dollar(e, s, i, n, quoted, &end);
		} else if (c == '`') {
			long k = sh_scan_construct(s, i);
			if (k < 0 || (size_t)k > n)
				return fail(e, "%s", "unterminated `");
			end = (size_t)k;
			backquote(e, s + i + 1, end - i - 2, quoted);
		} else if (c == '\'' && w == W_WORD) {
			const char *close = memchr(s + i + 1, '\'', n - i - 1);
			size_t len = close ? (size_t)(close - s - i - 1) : n - i - 1;
			put(e, s + i + 1, len, T_QUOTE);
			mark(e, T_MARK);
			end = i + len + 2;
		} else if (c == '"' && (w == W_WORD || w == W_BRACE_DQUOTE)) {
			long k = sh_scan_construct(s, i);
			size_t before = e->c.len;
			if (k < 0 || (size_t)k > n)
				return fail(e, "%s", "unterminated \"");
			end = (size_t)k;
			e->at_empty = 0;
			expand_word(e, s + i + 1, end - i - 2, W_DQUOTE);
			/* "" is an empty field; "$@" without parameters is none. */
			if (e->c.len == before && !e->at_empty)
				mark(e, T_MARK);
		} else {
			put(e, &c, 1, quoted ? T_QUOTE : T_LIT);
		}
		i = end;
	}
	if (!e->bad && (e->c.oom || e->t.oom))
		fail(e, "%s", "out of memory");
	return e->bad ? -1 : 0;
}

static void expander_free(struct expander *e)
{
	free(sh_buf_take(&e->c));
	free(sh_buf_take(&e->t));
}

int sh_expand_fields(const char *word, const struct sh_xops *ops, struct sh_words *out,
                     char *err, size_t errlen)
{
	struct expander e = { .ops = ops, .err = err, .errlen = errlen };
	int r = expand_word(&e, word, strlen(word), W_WORD);

	if (r == 0)
		r = finish_fields(&e, out);
	expander_free(&e);
	return r;
}

static char *expand_to(const char *word, enum where w, int pattern, const struct sh_xops *ops,
                       char *err, size_t errlen)
{
	struct expander e = { .ops = ops, .err = err, .errlen = errlen };
	char *s = NULL;

	if (expand_word(&e, word, strlen(word), w) == 0) {
		s = pattern ? finish_pattern(&e) : finish_string(&e);
		if (!s)
			snprintf(err, errlen, "out of memory");
	}
	expander_free(&e);
	return s;
}

char *sh_expand_string(const char *word, const struct sh_xops *ops, char *err, size_t errlen)
{
	return expand_to(word, W_WORD, 0, ops, err, errlen);
}

char *sh_expand_pattern(const char *word, const struct sh_xops *ops, char *err, size_t errlen)
{
	return expand_to(word, W_WORD, 1, ops, err, errlen);
}

char *sh_expand_heredoc(const char *body, const struct sh_xops *ops, char *err, size_t errlen)
{
	return expand_to(body, W_HEREDOC, 0, ops, err, errlen);
}
