/* Expansion: a word as written becomes the arguments it stands for.
 * Parameters are expanded ($X, ${X}, $?, $$ ...), a leading ~ becomes
 * $HOME, then quotes and backslashes are removed. What an unquoted
 * expansion yields is split into fields at blanks; a field that is only an
 * unquoted empty expansion disappears ("" stays, as an empty argument).
 * Values come from the caller's lookup function: this file has no state. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <stdio.h>

struct expander {
	sh_lookup_fn *lookup;
	void *ctx;
	struct sh_words *out; /* NULL: one string, no splitting */
	struct sh_buf field;
	int in_field; /* the current field exists, even if empty ("") */
	char *err;
	size_t errlen;
};

static int is_special(char c)
{
	return c != '\0' && strchr("?$!#*@0123456789", c) != NULL;
}

static int fail(struct expander *e, const char *msg)
{
	snprintf(e->err, e->errlen, "%s", msg);
	return -1;
}

static void put_literal(struct expander *e, const char *s, size_t n)
{
	sh_buf_putn(&e->field, s, n);
	e->in_field = 1;
}

static int end_field(struct expander *e)
{
	struct sh_words *w = e->out;
	char *s = sh_buf_take(&e->field);
	char **v;

	e->in_field = 0;
	if (!s)
		return fail(e, "out of memory");
	v = realloc(w->v, (w->n + 2) * sizeof *v);
	if (!v) {
		free(s);
		return fail(e, "out of memory");
	}
	w->v = v;
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
	return 0;
}

/* A parameter's value joins the current field; unquoted, blanks in it
 * separate fields. */
static int put_value(struct expander *e, const char *val, int quoted)
{
	if (quoted || !e->out) {
		put_literal(e, val, strlen(val));
		return 0;
	}
	for (; *val; val++) {
		if (*val == ' ' || *val == '\t' || *val == '\n') {
			if (e->in_field && end_field(e) < 0)
				return -1;
		} else {
			put_literal(e, val, 1);
		}
	}
	return 0;
}

/* A parameter at p (just after the '$'): its value added, the characters
 * it took returned in *used. A '$' that starts no parameter is itself. */
static int expand_param(struct expander *e, const char *p, size_t *used, int quoted)
{
	const char *name = p;
	size_t n;
	char *copy;
	const char *val;
	int r;

	if (*p == '{') {
		const char *close = strchr(p, '}');
		name = p + 1;
		if (!close) {
			snprintf(e->err, e->errlen, "%s: missing '}'", p - 1);
			return -1;
		}
		n = (size_t)(close - name);
		*used = n + 2;
		if (!(sh_is_name(name, n) || (n == 1 && is_special(*name)))) {
			snprintf(e->err, e->errlen, "%.*s: bad substitution", (int)(n + 3), p - 1);
			return -1;
		}
	} else if (is_special(*p)) {
		n = 1;
		*used = 1;
	} else {
		for (n = 0; sh_is_name(p, n + 1); n++)
			;
		*used = n;
		if (n == 0) {
			put_literal(e, "$", 1);
			return 0;
		}
	}
	copy = strndup(name, n);
	if (!copy)
		return fail(e, "out of memory");
	val = e->lookup(e->ctx, copy);
	free(copy);
	r = put_value(e, val ? val : "", quoted);
	/* "$X" is a field even when X is empty. */
	if (quoted)
		e->in_field = 1;
	return r;
}

/* The rest of a double-quoted part; returns where it ends (past the
 * closing quote). */
static const char *expand_dquote(struct expander *e, const char *p, int *r)
{
	e->in_field = 1;
	while (*r == 0 && *p && *p != '"') {
		if (*p == '\\' && p[1] && strchr("$`\"\\\n", p[1])) {
			put_literal(e, p + 1, 1);
			p += 2;
		} else if (*p == '$') {
			size_t used = 0;
			*r = expand_param(e, p + 1, &used, 1);
			p += 1 + used;
		} else {
			put_literal(e, p, 1);
			p++;
		}
	}
	return *p == '"' ? p + 1 : p;
}

static int expand(struct expander *e, const char *word)
{
	const char *p = word;
	int r = 0;

	/* ~ and ~/...: the home directory, not split. */
	if (p[0] == '~' && (p[1] == '\0' || p[1] == '/')) {
		const char *home = e->lookup(e->ctx, "HOME");
		put_literal(e, home ? home : "~", strlen(home ? home : "~"));
		p++;
	}
	while (r == 0 && *p) {
		if (*p == '\'') {
			const char *close = strchr(p + 1, '\'');
			size_t n = close ? (size_t)(close - p - 1) : strlen(p + 1);
			put_literal(e, p + 1, n);
			p += n + (close ? 2 : 1);
		} else if (*p == '"') {
			p = expand_dquote(e, p + 1, &r);
		} else if (*p == '\\' && p[1]) {
			put_literal(e, p + 1, 1);
			p += 2;
		} else if (*p == '$') {
			size_t used = 0;
			r = expand_param(e, p + 1, &used, 0);
			p += 1 + used;
		} else {
			put_literal(e, p, 1);
			p++;
		}
	}
	if (r == 0 && e->field.oom)
		r = fail(e, "out of memory");
	return r;
}

int sh_expand_fields(const char *word, sh_lookup_fn *lookup, void *ctx, struct sh_words *out,
                     char *err, size_t errlen)
{
	struct expander e = {
		.lookup = lookup, .ctx = ctx, .out = out, .err = err, .errlen = errlen
	};
	int r = expand(&e, word);

	if (r == 0 && e.in_field)
		r = end_field(&e);
	free(sh_buf_take(&e.field));
	return r;
}

char *sh_expand_string(const char *word, sh_lookup_fn *lookup, void *ctx, char *err, size_t errlen)
{
	struct expander e = { .lookup = lookup, .ctx = ctx, .err = err, .errlen = errlen };
	char *s;

	if (expand(&e, word) < 0) {
		free(sh_buf_take(&e.field));
		return NULL;
	}
	s = sh_buf_take(&e.field);
	if (!s)
		fail(&e, "out of memory");
	return s;
}

void sh_words_free(struct sh_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}
