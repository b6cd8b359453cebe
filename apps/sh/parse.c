/* The parser: tokens as a tree of lists, and-or lists, pipelines and
 * commands (the grammar is in sh.h). Recursive descent, one function per
 * rule; the first error stops it and the tree built so far is freed. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <stdio.h>

struct parser {
	const char *src;
	const struct sh_token *t; /* ends with SH_T_END */
	size_t pos;
	char *err;
	size_t errlen;
};

static const struct sh_token *peek(const struct parser *p)
{
	return &p->t[p->pos];
}

static int at(const struct parser *p, enum sh_tok_kind kind)
{
	return peek(p)->kind == kind;
}

static void skip_newlines(struct parser *p)
{
	while (at(p, SH_T_NEWLINE))
		p->pos++;
}

/* The error for the token we stopped at. */
static int unexpected(struct parser *p)
{
	const struct sh_token *t = peek(p);

	if (t->kind == SH_T_END)
		snprintf(p->err, p->errlen, "syntax error: unexpected end of line");
	else if (t->kind == SH_T_IO_NUMBER)
		snprintf(p->err, p->errlen, "syntax error near '%d'", t->num);
	else
		snprintf(p->err, p->errlen, "syntax error near '%s'", sh_tok_name(t));
	return SH_ERROR;
}

static int out_of_memory(struct parser *p)
{
	snprintf(p->err, p->errlen, "out of memory");
	return SH_ERROR;
}

/* Makes room for one more element in *v (n used): 0, or -1. */
static int grow(void **v, size_t n, size_t size)
{
	/* Powers of two: grow when n reaches one. */
	if (n == 0 || (n & (n - 1)) == 0) {
		void *nv = realloc(*v, (n ? 2 * n : 1) * size);
		if (!nv)
			return -1;
		*v = nv;
	}
	return 0;
}

static int add_string(struct parser *p, char ***v, size_t *n, const char *s)
{
	char *copy = strdup(s);

	if (!copy || grow((void **)v, *n, sizeof **v) < 0) {
		free(copy);
		return out_of_memory(p);
	}
	(*v)[(*n)++] = copy;
	return SH_OK;
}

/* NAME=..., with NAME unquoted (the = ends the name). */
static int is_assignment(const char *word)
{
	const char *eq = strchr(word, '=');

	return eq && sh_is_name(word, (size_t)(eq - word));
}

static int parse_redirect(struct parser *p, struct sh_cmd *c)
{
	struct sh_redir r;
	const struct sh_token *t = peek(p);

	r.fd = -1;
	if (t->kind == SH_T_IO_NUMBER) {
		r.fd = t->num;
		p->pos++;
		t = peek(p);
	}
	switch (t->kind) {
	case SH_T_LESS:
		r.op = SH_R_IN;
		break;
	case SH_T_GREAT:
	case SH_T_CLOBBER:
		r.op = SH_R_OUT;
		break;
	case SH_T_DGREAT:
		r.op = SH_R_APPEND;
		break;
	case SH_T_LESSAND:
		r.op = SH_R_DUP_IN;
		break;
	case SH_T_GREATAND:
		r.op = SH_R_DUP_OUT;
		break;
	default:
		return unexpected(p); /* the lexer puts numbers only before < or > */
	}
	if (r.fd < 0)
		r.fd = (r.op == SH_R_IN || r.op == SH_R_DUP_IN) ? 0 : 1;
	p->pos++;
	if (!at(p, SH_T_WORD))
		return unexpected(p);
	r.word = strdup(peek(p)->text);
	if (!r.word || grow((void **)&c->redirs, c->nredirs, sizeof r) < 0) {
		free(r.word);
		return out_of_memory(p);
	}
	c->redirs[c->nredirs++] = r;
	p->pos++;
	return SH_OK;
}

static void cmd_free(struct sh_cmd *c)
{
	for (size_t i = 0; i < c->nassigns; i++)
		free(c->assigns[i]);
	for (size_t i = 0; i < c->nwords; i++)
		free(c->words[i]);
	for (size_t i = 0; i < c->nredirs; i++)
		free(c->redirs[i].word);
	free(c->assigns);
	free(c->words);
	free(c->redirs);
}

static int parse_command(struct parser *p, struct sh_cmd *c)
{
	int r = SH_OK;

	memset(c, 0, sizeof *c);
	for (;;) {
		const struct sh_token *t = peek(p);

		if (t->kind == SH_T_WORD) {
			if (c->nwords == 0 && is_assignment(t->text))
				r = add_string(p, &c->assigns, &c->nassigns, t->text);
			else
				r = add_string(p, &c->words, &c->nwords, t->text);
			p->pos++;
		} else if (t->kind == SH_T_IO_NUMBER ||
		           (t->kind >= SH_T_LESS && t->kind <= SH_T_CLOBBER)) {
			r = parse_redirect(p, c);
		} else {
			break;
		}
		if (r != SH_OK)
			break;
	}
	if (r == SH_OK && c->nassigns + c->nwords + c->nredirs == 0)
		r = unexpected(p);
	if (r != SH_OK)
		cmd_free(c);
	return r;
}

static void pipeline_free(struct sh_pipeline *pl)
{
	for (size_t i = 0; i < pl->ncmds; i++)
		cmd_free(&pl->cmds[i]);
	free(pl->cmds);
}

/* After an operator that needs something on its right: the end of the
 * input means the command goes on on the next line. */
static int continues(struct parser *p, const char *op)
{
	skip_newlines(p);
	if (at(p, SH_T_END)) {
		snprintf(p->err, p->errlen, "syntax error: unexpected end of line after '%s'", op);
		return SH_INCOMPLETE;
	}
	return SH_OK;
}

static int parse_pipeline(struct parser *p, struct sh_pipeline *pl)
{
	int r = SH_OK;

	memset(pl, 0, sizeof *pl);
	if (at(p, SH_T_WORD) && strcmp(peek(p)->text, "!") == 0) {
		pl->negate = 1;
		p->pos++;
	}
	for (;;) {
		struct sh_cmd c;

		if (grow((void **)&pl->cmds, pl->ncmds, sizeof c) < 0) {
			r = out_of_memory(p);
			break;
		}
		r = parse_command(p, &c);
		if (r != SH_OK)
			break;
		pl->cmds[pl->ncmds++] = c;
		if (!at(p, SH_T_PIPE))
			break;
		p->pos++;
		r = continues(p, "|");
		if (r != SH_OK)
			break;
	}
	if (r != SH_OK)
		pipeline_free(pl);
	return r;
}

static void andor_free(struct sh_andor *a)
{
	for (size_t i = 0; i < a->npipes; i++)
		pipeline_free(&a->pipes[i]);
	free(a->pipes);
	free(a->text);
}

static int parse_andor(struct parser *p, struct sh_andor *a)
{
	size_t start = peek(p)->start, end = start;
	enum sh_join join = SH_J_FIRST;
	int r;

	memset(a, 0, sizeof *a);
	for (;;) {
		struct sh_pipeline pl;

		if (grow((void **)&a->pipes, a->npipes, sizeof pl) < 0) {
			r = out_of_memory(p);
			break;
		}
		r = parse_pipeline(p, &pl);
		if (r != SH_OK)
			break;
		pl.join = join;
		a->pipes[a->npipes++] = pl;
		end = p->t[p->pos - 1].end;
		if (at(p, SH_T_AND_IF))
			join = SH_J_AND;
		else if (at(p, SH_T_OR_IF))
			join = SH_J_OR;
		else
			break;
		p->pos++;
		r = continues(p, join == SH_J_AND ? "&&" : "||");
		if (r != SH_OK)
			break;
	}
	if (r == SH_OK) {
		a->text = strndup(p->src + start, end - start);
		if (!a->text)
			r = out_of_memory(p);
	}
	if (r != SH_OK)
		andor_free(a);
	return r;
}

int sh_parse(const char *src, struct sh_list *out, char *err, size_t errlen)
{
	struct sh_tokens toks;
	struct parser p = { .src = src, .err = err, .errlen = errlen };
	int r = sh_lex(src, &toks, err, errlen);

	out->items = NULL;
	out->nitems = 0;
	if (r != SH_OK)
		return r;
	p.t = toks.v;
	skip_newlines(&p);
	while (r == SH_OK && !at(&p, SH_T_END)) {
		struct sh_andor a;

		if (grow((void **)&out->items, out->nitems, sizeof a) < 0) {
			r = out_of_memory(&p);
			break;
		}
		r = parse_andor(&p, &a);
		if (r != SH_OK)
			break;
		out->items[out->nitems++] = a;
		if (at(&p, SH_T_AMP) || at(&p, SH_T_SEMI) || at(&p, SH_T_NEWLINE)) {
			out->items[out->nitems - 1].background = at(&p, SH_T_AMP);
			p.pos++;
			skip_newlines(&p);
		} else if (!at(&p, SH_T_END)) {
			r = unexpected(&p);
		}
	}
	sh_tokens_free(&toks);
	if (r != SH_OK)
		sh_list_free(out);
	return r;
}

void sh_list_free(struct sh_list *l)
{
	for (size_t i = 0; i < l->nitems; i++)
		andor_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->nitems = 0;
}
