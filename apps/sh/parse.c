/* The parser: tokens as a tree of struct sh_node (the grammar is in sh.h).
 * Recursive descent, one function per rule, reading tokens one at a time
 * with one of lookahead. Keywords are words in the places the grammar
 * names them. A here-document's body is read when the newline after its
 * operator is. An alias is expanded where a command starts: its value is
 * read as if it were there (a stack of sources). The first error stops
 * the parse; running out of input where more is needed is SH_INCOMPLETE,
 * so that the caller can read another line and try again. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <stdio.h>

const char *(*sh_alias_lookup)(const char *name);

#define ALIAS_DEPTH 8
#define HEREDOCS    16

struct parser {
	struct sh_lexer lx[ALIAS_DEPTH]; /* [0]: the text; above: alias values */
	char alias[ALIAS_DEPTH][64];     /* the alias each level expands */
	int depth;
	struct sh_token tok; /* the lookahead, valid when have */
	int have;
	struct sh_redir *pending[HEREDOCS]; /* here-documents whose body is next */
	int npending;
	int bad; /* the first lexing error, for every later look */
	char *err;
	size_t errlen;
};

static int fail(struct parser *p, int status, const char *msg)
{
	snprintf(p->err, p->errlen, "%s", msg);
	return status;
}

static int out_of_memory(struct parser *p)
{
	return fail(p, SH_ERROR, "out of memory");
}

static int read_heredocs(struct parser *p)
{
	for (int k = 0; k < p->npending; k++) {
		struct sh_redir *r = p->pending[k];
		int st = sh_lex_heredoc(&p->lx[0], r->word, r->strip, &r->body);
		if (st != SH_OK)
			return st;
	}
	p->npending = 0;
	return SH_OK;
}

/* Lexes the lookahead if need be: SH_OK, or the error. */
static int fill(struct parser *p)
{
	while (!p->have && !p->bad) {
		struct sh_lexer *lx = &p->lx[p->depth];
		int r = sh_lex_next(lx, &p->tok);

		if (r != SH_OK)
			return p->bad = r;
		if (p->tok.kind == SH_T_END && p->depth > 0) {
			p->depth--; /* the alias's value is used up */
			continue;
		}
		p->have = 1;
		if (p->tok.kind == SH_T_NEWLINE && p->depth == 0 && p->npending)
			p->bad = read_heredocs(p);
	}
	return p->bad;
}

/* The lookahead, or an SH_T_END after an error (*st says which). */
static const struct sh_token *peek(struct parser *p, int *st)
{
	static const struct sh_token end = { .kind = SH_T_END };

	*st = fill(p);
	return *st == SH_OK ? &p->tok : &end;
}

static void advance(struct parser *p)
{
	free(p->tok.text);
	p->tok.text = NULL;
	p->have = 0;
}

/* Whether the lookahead is kind (and fills it). */
static int at(struct parser *p, enum sh_tok_kind kind)
{
	int st;
	return peek(p, &st)->kind == kind && st == SH_OK;
}

/* Whether the lookahead is the unquoted word kw. */
static int at_kw(struct parser *p, const char *kw)
{
	return at(p, SH_T_WORD) && strcmp(p->tok.text, kw) == 0;
}

/* The error for the token we stopped at: the end of the text means more
 * may come. */
static int unexpected(struct parser *p)
{
	int st;
	const struct sh_token *t = peek(p, &st);

	if (st != SH_OK)
		return st;
	if (t->kind == SH_T_END)
		return fail(p, SH_INCOMPLETE, "syntax error: unexpected end of file");
	if (t->kind == SH_T_IO_NUMBER)
		snprintf(p->err, p->errlen, "syntax error near '%d'", t->num);
	else
		snprintf(p->err, p->errlen, "syntax error near '%s'", sh_tok_name(t));
	return SH_ERROR;
}

static int expect_kw(struct parser *p, const char *kw)
{
	if (!at_kw(p, kw))
		return unexpected(p);
	advance(p);
	return SH_OK;
}

static int expect(struct parser *p, enum sh_tok_kind kind)
{
	if (!at(p, kind))
		return unexpected(p);
	advance(p);
	return SH_OK;
}

static void skip_newlines(struct parser *p)
{
	while (at(p, SH_T_NEWLINE))
		advance(p);
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

/* Takes the lookahead word's text into (*v)[*n]. */
static int take_word(struct parser *p, char ***v, size_t *n)
{
	if (grow((void **)v, *n, sizeof **v) < 0)
		return out_of_memory(p);
	(*v)[(*n)++] = p->tok.text;
	p->tok.text = NULL;
	advance(p);
	return SH_OK;
}

static struct sh_node *node_new(enum sh_node_kind kind)
{
	struct sh_node *n = calloc(1, sizeof *n);

	if (n) {
		n->kind = kind;
		n->refs = 1;
	}
	return n;
}

/* NAME=..., with NAME unquoted (the = ends the name). */
static int is_assignment(const char *word)
{
	const char *eq = strchr(word, '=');

	return eq && sh_is_name(word, (size_t)(eq - word));
}

static int is_redirect(struct parser *p)
{
	int st;
	enum sh_tok_kind k = peek(p, &st)->kind;

	return st == SH_OK && (k == SH_T_IO_NUMBER || (k >= SH_T_LESS && k <= SH_T_DLESSDASH));
}

/* A here-document's delimiter: the word with its quotes removed. */
static void heredoc_delimiter(struct sh_redir *r)
{
	char *in = r->word, *out = r->word;

	for (; *in; in++) {
		if (*in == '\'' || *in == '"') {
			r->quoted = 1;
		} else if (*in == '\\' && in[1]) {
			r->quoted = 1;
			*out++ = *++in;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
}

static int parse_redirect(struct parser *p, struct sh_redir ***tail)
{
	struct sh_redir *r = calloc(1, sizeof *r);
	int st;

	if (!r)
		return out_of_memory(p);
	r->fd = -1;
	if (at(p, SH_T_IO_NUMBER)) {
		r->fd = p->tok.num;
		advance(p);
	}
	static const enum sh_redir_op ops[] = {
		[SH_T_LESS] = SH_R_IN,          [SH_T_GREAT] = SH_R_OUT,
		[SH_T_DGREAT] = SH_R_APPEND,    [SH_T_LESSAND] = SH_R_DUP_IN,
		[SH_T_GREATAND] = SH_R_DUP_OUT, [SH_T_CLOBBER] = SH_R_CLOBBER,
		[SH_T_LESSGREAT] = SH_R_RDWR,   [SH_T_DLESS] = SH_R_HEREDOC,
		[SH_T_DLESSDASH] = SH_R_HEREDOC,
	};
	enum sh_tok_kind k = peek(p, &st)->kind;
	if (st != SH_OK || k < SH_T_LESS || k > SH_T_DLESSDASH) {
		free(r);
		return st != SH_OK ? st : unexpected(p);
	}
	r->op = ops[k];
	r->strip = k == SH_T_DLESSDASH;
	if (r->fd < 0)
		r->fd = (r->op == SH_R_IN || r->op == SH_R_DUP_IN || r->op == SH_R_RDWR ||
		         r->op == SH_R_HEREDOC)
		                ? 0
		                : 1;
	advance(p);
	if (!at(p, SH_T_WORD)) {
		free(r);
		return unexpected(p);
	}
	r->word = p->tok.text;
	p->tok.text = NULL;
	advance(p);
	**tail = r;
	*tail = &r->next;
	if (r->op == SH_R_HEREDOC) {
		heredoc_delimiter(r);
		if (p->npending == HEREDOCS)
			return fail(p, SH_ERROR, "too many here-documents on one line");
		p->pending[p->npending++] = r;
	}
	return SH_OK;
}

/* Redirections after a compound command. */
static int parse_redirects(struct parser *p, struct sh_node *n)
{
	struct sh_redir **tail = &n->redirs;
	int r = SH_OK;

	while (r == SH_OK && is_redirect(p))
		r = parse_redirect(p, &tail);
	return r;
}

static int parse_list(struct parser *p, struct sh_node **out, int top);
static int parse_command(struct parser *p, struct sh_node **out);

static int parse_simple(struct parser *p, struct sh_node *n)
{
	struct sh_redir **tail = &n->redirs;
	int r = SH_OK;

	for (;;) {
		if (at(p, SH_T_WORD)) {
			if (n->nwords == 0 && is_assignment(p->tok.text))
				r = take_word(p, &n->assigns, &n->nassigns);
			else
				r = take_word(p, &n->words, &n->nwords);
		} else if (is_redirect(p)) {
			r = parse_redirect(p, &tail);
		} else {
			break;
		}
		if (r != SH_OK)
			return r;
	}
	if (n->nassigns + n->nwords == 0 && !n->redirs)
		return unexpected(p);
	return SH_OK;
}

/* if/elif, the keyword read: cond then list [elif ... | else list] fi */
static int parse_if(struct parser *p, struct sh_node *n)
{
	int r = parse_list(p, &n->a, 0);

	if (r == SH_OK)
		r = expect_kw(p, "then");
	if (r == SH_OK)
		r = parse_list(p, &n->b, 0);
	if (r != SH_OK)
		return r;
	if (at_kw(p, "elif")) {
		advance(p);
		n->c = node_new(SH_N_IF);
		if (!n->c)
			return out_of_memory(p);
		return parse_if(p, n->c); /* which reads the fi */
	}
	if (at_kw(p, "else")) {
		advance(p);
		r = parse_list(p, &n->c, 0);
		if (r != SH_OK)
			return r;
	}
	return expect_kw(p, "fi");
}

static int parse_do_group(struct parser *p, struct sh_node *n)
{
	int r = expect_kw(p, "do");

	if (r == SH_OK)
		r = parse_list(p, &n->b, 0);
	if (r == SH_OK)
		r = expect_kw(p, "done");
	return r;
}

static int parse_for(struct parser *p, struct sh_node *n)
{
	if (!at(p, SH_T_WORD) || !sh_is_name(p->tok.text, strlen(p->tok.text)))
		return unexpected(p);
	n->name = p->tok.text;
	p->tok.text = NULL;
	advance(p);
	skip_newlines(p);
	if (at_kw(p, "in")) {
		int r;
		advance(p);
		n->has_in = 1;
		while (at(p, SH_T_WORD))
			if ((r = take_word(p, &n->words, &n->nwords)) != SH_OK)
				return r;
		if (!at(p, SH_T_SEMI) && !at(p, SH_T_NEWLINE))
			return unexpected(p);
		advance(p);
	} else if (at(p, SH_T_SEMI)) {
		advance(p);
	}
	skip_newlines(p);
	return parse_do_group(p, n);
}

static int parse_case(struct parser *p, struct sh_node *n)
{
	int r;

	if (!at(p, SH_T_WORD))
		return unexpected(p);
	if ((r = take_word(p, &n->words, &n->nwords)) != SH_OK)
		return r;
	skip_newlines(p);
	if ((r = expect_kw(p, "in")) != SH_OK)
		return r;
	skip_newlines(p);
	while (!at_kw(p, "esac")) {
		struct sh_case_item *it;

		if (grow((void **)&n->items, n->nitems, sizeof *it) < 0)
			return out_of_memory(p);
		it = &n->items[n->nitems++];
		memset(it, 0, sizeof *it);
		if (at(p, SH_T_LPAREN))
			advance(p);
		for (;;) {
			if (!at(p, SH_T_WORD))
				return unexpected(p);
			if ((r = take_word(p, &it->pats, &it->npats)) != SH_OK)
				return r;
			if (!at(p, SH_T_PIPE))
				break;
			advance(p);
		}
		if ((r = expect(p, SH_T_RPAREN)) != SH_OK)
			return r;
		if ((r = parse_list(p, &it->body, 2)) != SH_OK)
			return r;
		if (at(p, SH_T_DSEMI)) {
			advance(p);
			skip_newlines(p);
		} else if (!at_kw(p, "esac")) {
			return unexpected(p);
		}
	}
	advance(p);
	return SH_OK;
}

/* Whether the base text has "(" next: NAME ( ) starts a function. */
static int function_next(struct parser *p)
{
	const char *s;

	if (p->depth > 0)
		return 0;
	s = p->lx[0].s + p->lx[0].i;
	s += strspn(s, " \t");
	return *s == '(';
}

static int parse_function(struct parser *p, struct sh_node *n)
{
	int r;

	n->name = p->tok.text;
	p->tok.text = NULL;
	advance(p);
	if ((r = expect(p, SH_T_LPAREN)) != SH_OK || (r = expect(p, SH_T_RPAREN)) != SH_OK)
		return r;
	skip_newlines(p);
	return parse_command(p, &n->a);
}

/* An alias for the word about to start a command: its value is read
 * next. Not an alias already being expanded (alias ls='ls -F'). */
static int expand_alias(struct parser *p)
{
	const char *v;

	if (!sh_alias_lookup || p->depth + 1 >= ALIAS_DEPTH || !at(p, SH_T_WORD) ||
	    strlen(p->tok.text) >= sizeof p->alias[0])
		return 0;
	v = sh_alias_lookup(p->tok.text);
	if (!v)
		return 0;
	for (int d = 1; d <= p->depth; d++)
		if (strcmp(p->alias[d], p->tok.text) == 0)
			return 0;
	p->depth++;
	p->lx[p->depth] = (struct sh_lexer){ .s = v, .err = p->err, .errlen = p->errlen };
	strcpy(p->alias[p->depth], p->tok.text);
	advance(p);
	return 1;
}

static const char *const not_a_command[] = { "then", "else", "elif", "fi",  "do",
	                                     "done", "esac", "}",    "in", NULL };

static int parse_command(struct parser *p, struct sh_node **out)
{
	struct sh_node *n;
	int r, st;
	const struct sh_token *t;

	while (expand_alias(p))
		;
	t = peek(p, &st);
	if (st != SH_OK)
		return st;
	if (t->kind == SH_T_LPAREN) {
		n = node_new(SH_N_SUBSHELL);
		if (!n)
			return out_of_memory(p);
		*out = n;
		advance(p);
		r = parse_list(p, &n->a, 0);
		if (r == SH_OK)
			r = expect(p, SH_T_RPAREN);
	} else if (t->kind == SH_T_WORD) {
		static const struct {
			const char *kw;
			enum sh_node_kind kind;
		} compounds[] = {
			{ "{", SH_N_GROUP },     { "if", SH_N_IF },   { "while", SH_N_WHILE },
			{ "until", SH_N_UNTIL }, { "for", SH_N_FOR }, { "case", SH_N_CASE },
		};
		size_t k;

		for (const char *const *w = not_a_command; *w; w++)
			if (strcmp(t->text, *w) == 0)
				return unexpected(p);
		for (k = 0; k < sizeof compounds / sizeof compounds[0]; k++)
			if (strcmp(t->text, compounds[k].kw) == 0)
				break;
		if (k == sizeof compounds / sizeof compounds[0]) {
			int func = sh_is_name(t->text, strlen(t->text)) && function_next(p);
			n = node_new(func ? SH_N_FUNC : SH_N_SIMPLE);
			if (!n)
				return out_of_memory(p);
			*out = n;
			return func ? parse_function(p, n) : parse_simple(p, n);
		}
		n = node_new(compounds[k].kind);
		if (!n)
			return out_of_memory(p);
		*out = n;
		advance(p);
		switch (n->kind) {
		case SH_N_GROUP:
			r = parse_list(p, &n->a, 0);
			if (r == SH_OK)
				r = expect_kw(p, "}");
			break;
		case SH_N_IF:
			r = parse_if(p, n);
			break;
		case SH_N_FOR:
			r = parse_for(p, n);
			break;
		case SH_N_CASE:
			r = parse_case(p, n);
			break;
		default: /* while, until */
			r = parse_list(p, &n->a, 0);
			if (r == SH_OK)
				r = parse_do_group(p, n);
			break;
		}
	} else {
		n = node_new(SH_N_SIMPLE);
		if (!n)
			return out_of_memory(p);
		*out = n;
		return parse_simple(p, n);
	}
	if (r == SH_OK)
		r = parse_redirects(p, n);
	return r;
}

static int parse_pipeline(struct parser *p, struct sh_node **out)
{
	struct sh_node *pipe = NULL, *cmd = NULL;
	int negate = 0, r;

	while (at_kw(p, "!")) {
		negate = !negate;
		advance(p);
	}
	r = parse_command(p, &cmd);
	while (r == SH_OK && at(p, SH_T_PIPE)) {
		advance(p);
		skip_newlines(p);
		if (!pipe) {
			pipe = node_new(SH_N_PIPE);
			if (!pipe || grow((void **)&pipe->kids, 0, sizeof cmd) < 0) {
				free(pipe);
				pipe = NULL;
				r = out_of_memory(p);
				break;
			}
			pipe->kids[pipe->nkids++] = cmd;
		}
		cmd = NULL;
		r = parse_command(p, &cmd);
		if (grow((void **)&pipe->kids, pipe->nkids, sizeof cmd) < 0) {
			sh_node_free(cmd);
			r = out_of_memory(p);
			break;
		}
		pipe->kids[pipe->nkids++] = cmd;
	}
	if (pipe)
		cmd = pipe;
	if (negate && cmd) {
		struct sh_node *not = node_new(SH_N_NOT);
		if (!not) {
			sh_node_free(cmd);
			return out_of_memory(p);
		}
		not->a = cmd;
		cmd = not;
	}
	*out = cmd;
	return r;
}

static int parse_andor(struct parser *p, struct sh_node **out)
{
	int r = parse_pipeline(p, out);

	while (r == SH_OK && (at(p, SH_T_AND_IF) || at(p, SH_T_OR_IF))) {
		struct sh_node *n = node_new(at(p, SH_T_AND_IF) ? SH_N_AND : SH_N_OR);

		if (!n)
			return out_of_memory(p);
		advance(p);
		skip_newlines(p);
		n->a = *out;
		*out = n;
		r = parse_pipeline(p, &n->b);
	}
	return r;
}

/* Where a list inside a compound command ends. */
static int at_list_end(struct parser *p)
{
	static const char *const ends[] = { "then", "else", "elif", "fi",
		                            "do",   "done", "esac", "}",  NULL };

	if (at(p, SH_T_RPAREN) || at(p, SH_T_DSEMI) || at(p, SH_T_END))
		return 1;
	for (const char *const *w = ends; *w; w++)
		if (at_kw(p, *w))
			return 1;
	return 0;
}

/* Where the base text is now (not inside an alias's value). */
static size_t base_pos(struct parser *p, int start)
{
	if (p->depth == 0 && p->have)
		return start ? p->tok.start : p->tok.end;
	return p->lx[0].i;
}

/* top 1: the whole text; 0: a compound's list (at least one command);
 * 2: a case item's (may be empty). */
static int parse_list(struct parser *p, struct sh_node **out, int top)
{
	struct sh_node *l = node_new(SH_N_LIST);
	int r = SH_OK;

	*out = l;
	if (!l)
		return out_of_memory(p);
	skip_newlines(p);
	while (top == 1 ? !at(p, SH_T_END) : !at_list_end(p)) {
		size_t start, end;
		struct sh_node *kid = NULL;

		fill(p);
		start = base_pos(p, 1);
		r = parse_andor(p, &kid);
		end = p->depth == 0 ? p->lx[0].i : start;
		if (grow((void **)&l->kids, l->nkids, sizeof kid) < 0 ||
		    grow((void **)&l->bg, l->nkids, 1) < 0 ||
		    grow((void **)&l->texts, l->nkids, sizeof(char *)) < 0) {
			sh_node_free(kid);
			return out_of_memory(p);
		}
		l->kids[l->nkids] = kid;
		l->bg[l->nkids] = 0;
		l->texts[l->nkids++] = NULL;
		if (r != SH_OK)
			return r;
		if (at(p, SH_T_AMP) || at(p, SH_T_SEMI)) {
			l->bg[l->nkids - 1] = at(p, SH_T_AMP);
			advance(p);
		} else if (at(p, SH_T_NEWLINE)) {
			advance(p);
		} else if (top == 1 ? !at(p, SH_T_END) : !at_list_end(p)) {
			return unexpected(p);
		}
		/* The text of the command (without its & or ;), for `jobs`. */
		while (end > start && strchr(" \t\n;&", p->lx[0].s[end - 1]))
			end--;
		l->texts[l->nkids - 1] = strndup(p->lx[0].s + start, end - start);
		if (!l->texts[l->nkids - 1])
			return out_of_memory(p);
		skip_newlines(p);
	}
	if (top == 0 && l->nkids == 0)
		return unexpected(p);
	return SH_OK;
}

int sh_parse(const char *src, struct sh_node **out, char *err, size_t errlen)
{
	struct parser p = { .err = err, .errlen = errlen };
	int r;

	p.lx[0] = (struct sh_lexer){ .s = src, .err = err, .errlen = errlen };
	r = parse_list(&p, out, 1);
	if (r == SH_OK && p.npending)
		r = fail(&p, SH_INCOMPLETE, "here-document not ended");
	if (p.have)
		advance(&p);
	if (r != SH_OK) {
		sh_node_free(*out);
		*out = NULL;
	}
	return r;
}

static void redirs_free(struct sh_redir *r)
{
	while (r) {
		struct sh_redir *next = r->next;
		free(r->word);
		free(r->body);
		free(r);
		r = next;
	}
}

static void strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void sh_node_free(struct sh_node *n)
{
	if (!n || --n->refs > 0)
		return;
	redirs_free(n->redirs);
	strings_free(n->assigns, n->nassigns);
	strings_free(n->words, n->nwords);
	for (size_t i = 0; i < n->nkids; i++) {
		sh_node_free(n->kids[i]);
		if (n->texts)
			free(n->texts[i]);
	}
	free(n->kids);
	free(n->bg);
	free(n->texts);
	sh_node_free(n->a);
	sh_node_free(n->b);
	sh_node_free(n->c);
	free(n->name);
	for (size_t i = 0; i < n->nitems; i++) {
		strings_free(n->items[i].pats, n->items[i].npats);
		sh_node_free(n->items[i].body);
	}
	free(n->items);
	free(n);
}
