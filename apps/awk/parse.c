/* awk's parser: recursive descent over POSIX awk's grammar, into the
 * tree of awk.h.
 *
 * One function per level of precedence, lowest first: assignment,
 * ?:, ||, &&, in, ~ !~, comparison (and "cmd" | getline), concatenation,
 * + -, * / %, unary ! - +, ^, ++ --, $, then the primaries. Two places
 * need the grammar's special rules: inside print's argument list a '>'
 * is a redirection, not a comparison (no_gt, lifted inside parentheses),
 * and "for (k in a)" is told from "for (init; ...)" by looking ahead a
 * few tokens on a copy of the lexer. */
#include <stdlib.h>
#include <string.h>
#include "apps/awk/awk.h"

struct func *funcs;
int nfuncs;

static struct lexer lx;
/* The function being parsed, for its parameters: an index, since funcs
 * moves when a call to a new function is read in the body. */
static int cur_func = -1;
#define in_func (cur_func >= 0 ? &funcs[cur_func] : NULL)
static int no_gt;            /* in print's arguments: '>' redirects */

static struct node *expr(void);
static struct node *ternary(void);
static struct node *concat(void);
static struct node *unary(void);
static struct node *statement(void);
static struct node *block(void);

_Noreturn static void syntax(const char *what)
{
	fatal("syntax error at source line %d: %s", lx.line, what);
}

static struct node *new_node(enum ntype type)
{
	struct node *n = xalloc(sizeof *n);

	n->type = type;
	return n;
}

static struct node *node2(enum ntype type, int op, struct node *a, struct node *b)
{
	struct node *n = new_node(type);

	n->op = op;
	n->a = a;
	n->b = b;
	return n;
}

static void next(void)
{
	lex_next(&lx);
}

static void expect(int tok, const char *what)
{
	if (lx.tok != tok)
		syntax(what);
	next();
}

static void skip_newlines(void)
{
	while (lx.tok == T_NEWLINE)
		next();
}

static int func_index(const char *name)
{
	for (int i = 0; i < nfuncs; i++)
		if (strcmp(funcs[i].name, name) == 0)
			return i;
	funcs = xresize(funcs, (size_t)(nfuncs + 1) * sizeof *funcs);
	memset(&funcs[nfuncs], 0, sizeof *funcs);
	funcs[nfuncs].name = xstrdup(name);
	return nfuncs++;
}

/* A name: a parameter of the function being parsed, or a global. */
static struct node *variable(const char *name)
{
	struct node *n = new_node(N_VAR);

	if (in_func)
		for (int i = 0; i < in_func->nparams; i++)
			if (strcmp(in_func->params[i], name) == 0) {
				n->type = N_LOCAL;
				n->index = i;
				return n;
			}
	n->index = global_index(name);
	return n;
}

/* A name used as an array: the node (N_VAR or N_LOCAL), the parameter
 * marked so that a caller passes its array by reference. */
static struct node *array_name(void)
{
	struct node *n;

	if (lx.tok != T_NAME)
		syntax("an array name expected");
	n = variable(lx.text);
	if (n->type == N_LOCAL)
		in_func->array_param[n->index] = 1;
	next();
	return n;
}

static int is_lvalue(const struct node *n)
{
	return n->type == N_VAR || n->type == N_LOCAL || n->type == N_FIELD || n->type == N_INDEX;
}

/* expr, expr, ... up to (not including) `end`, newlines after commas. */
static struct node *expr_list(void)
{
	struct node *first = NULL, **tail = &first;

	for (;;) {
		*tail = expr();
		tail = &(*tail)->next;
		if (lx.tok != ',')
			return first;
		next();
		skip_newlines();
	}
}

/* Arguments in parentheses, '(' the current token. */
static struct node *arguments(void)
{
	struct node *args = NULL;
	int saved = no_gt;

	expect('(', "( expected");
	no_gt = 0;
	skip_newlines();
	if (lx.tok != ')')
		args = expr_list();
	skip_newlines();
	expect(')', ") expected");
	no_gt = saved;
	return args;
}

/* name[subscripts] or name, the name the current token. */
static struct node *name_or_index(void)
{
	char *name = xstrdup(lx.text);
	struct node *n;

	next();
	if (lx.tok != '[') {
		n = variable(name);
		free(name);
		return n;
	}
	n = variable(name);
	free(name);
	if (n->type == N_LOCAL)
		in_func->array_param[n->index] = 1;
	n->local = n->type == N_LOCAL;
	n->type = N_INDEX;
	next();
	n->a = expr_list();
	expect(']', "] expected");
	return n;
}

static struct node *primary(void);

/* getline [lvalue] [< file] (cmd is "cmd" | getline's command). */
static struct node *simple_getline(struct node *cmd)
{
	struct node *n = new_node(N_GETLINE);

	n->c = cmd;
	if (lx.tok == T_NAME || lx.tok == '$') {
		n->a = primary();
		if (!is_lvalue(n->a))
			syntax("getline needs a variable");
	}
	if (!cmd && lx.tok == '<') {
		next();
		n->b = primary();
	}
	return n;
}

static struct node *builtin_call(void)
{
	struct node *n = new_node(N_BUILTIN);

	n->op = lx.builtin;
	next();
	if (n->op == B_LENGTH && lx.tok != '(')
		return n; /* length alone: of $0 */
	n->a = arguments();
	/* split's second argument is an array. */
	if (n->op == B_SPLIT && n->a && n->a->next && n->a->next->type == N_LOCAL)
		in_func->array_param[n->a->next->index] = 1;
	return n;
}

/* ( expr ) or (expr, expr) in array. */
static struct node *group(void)
{
	struct node *list, *n;
	int saved = no_gt;

	next();
	no_gt = 0;
	list = expr_list();
	expect(')', ") expected");
	no_gt = saved;
	if (!list->next)
		return node2(N_GROUP, 0, list, NULL);
	if (lx.tok != T_IN)
		syntax("(list) without in");
	next();
	n = new_node(N_IN);
	n->a = list;
	n->b = array_name();
	return n;
}

static struct node *primary(void)
{
	struct node *n;

	switch (lx.tok) {
	case T_NUMBER:
		n = new_node(N_NUM);
		n->num = lx.num;
		next();
		return n;
	case T_STRING:
		n = new_node(N_STR);
		n->str = xstrdup(lx.text);
		next();
		return n;
	case '/':
	case T_DIV_ASSIGN:
		lex_regex(&lx);
		n = new_node(N_REGEX);
		n->str = xstrdup(lx.text);
		n->re = regex_for(n->str);
		next();
		return n;
	case '$':
		next();
		if (lx.tok == T_INCR || lx.tok == T_DECR || lx.tok == '-')
			return node2(N_FIELD, 0, unary(), NULL);
		return node2(N_FIELD, 0, primary(), NULL);
	case '(':
		return group();
	case T_NAME:
		return name_or_index();
	case T_FUNC_NAME:
		n = new_node(N_CALL);
		n->index = func_index(lx.text);
		next();
		n->a = arguments();
		return n;
	case T_BUILTIN:
		return builtin_call();
	case T_GETLINE:
		next();
		return simple_getline(NULL);
	case '-':
	case '+':
	case '!':
		return unary();
	default:
		syntax("an operand expected");
	}
}

/* ++x --x x++ x-- */
static struct node *incdec(void)
{
	struct node *n;

	if (lx.tok == T_INCR || lx.tok == T_DECR) {
		enum ntype t = lx.tok == T_INCR ? N_PREINC : N_PREDEC;
		next();
		n = incdec();
		if (!is_lvalue(n))
			syntax("++ or -- needs a variable");
		return node2(t, 0, n, NULL);
	}
	n = primary();
	if (is_lvalue(n) && (lx.tok == T_INCR || lx.tok == T_DECR)) {
		n = node2(lx.tok == T_INCR ? N_POSTINC : N_POSTDEC, 0, n, NULL);
		next();
	}
	return n;
}

/* x ^ y, right to left; -2^2 is -(2^2), so unary is above. */
static struct node *power(void)
{
	struct node *n = incdec();

	if (lx.tok == '^') {
		next();
		return node2(N_BINARY, '^', n, unary());
	}
	return n;
}

static struct node *unary(void)
{
	if (lx.tok == '!' || lx.tok == '-' || lx.tok == '+') {
		int op = lx.tok;
		next();
		return node2(op == '!' ? N_NOT : op == '-' ? N_NEG : N_PLUS, op, unary(), NULL);
	}
	return power();
}

static struct node *multiplicative(void)
{
	struct node *n = unary();

	while (lx.tok == '*' || lx.tok == '/' || lx.tok == '%') {
		int op = lx.tok;
		next();
		n = node2(N_BINARY, op, n, unary());
	}
	return n;
}

static struct node *additive(void)
{
	struct node *n = multiplicative();

	while (lx.tok == '+' || lx.tok == '-') {
		int op = lx.tok;
		next();
		n = node2(N_BINARY, op, n, multiplicative());
	}
	return n;
}

/* Whether the token can start the right side of a concatenation. */
static int starts_operand(int tok)
{
	return tok == T_NUMBER || tok == T_STRING || tok == T_NAME || tok == T_FUNC_NAME ||
	       tok == T_BUILTIN || tok == '$' || tok == '(' || tok == T_INCR || tok == T_DECR ||
	       tok == '!' || tok == '-' || tok == '+';
}

static struct node *concat(void)
{
	struct node *n = additive();

	/* '-' and '+' here were taken by additive; "a" !x is rare enough. */
	while (starts_operand(lx.tok) && lx.tok != '!' && lx.tok != '-' && lx.tok != '+')
		n = node2(N_CONCAT, 0, n, additive());
	return n;
}

static int is_relop(int tok)
{
	return tok == '<' || tok == T_LE || tok == T_EQ || tok == T_NE || tok == T_GE ||
	       (tok == '>' && !no_gt);
}

static struct node *comparison(void)
{
	struct node *n = concat();

	for (;;) {
		if (lx.tok == '|') {
			/* "cmd" | getline; in print, a '|' not before getline
			 * is the output pipe. */
			struct lexer saved = lx;
			next();
			if (lx.tok != T_GETLINE) {
				lx = saved;
				return n;
			}
			next();
			n = simple_getline(n);
			continue;
		}
		if (!is_relop(lx.tok))
			return n;
		int op = lx.tok;
		next();
		n = node2(N_CMP, op, n, concat());
	}
}

static struct node *matching(void)
{
	struct node *n = comparison();

	while (lx.tok == '~' || lx.tok == T_NOMATCH) {
		int op = lx.tok;
		next();
		n = node2(N_MATCH, op, n, comparison());
	}
	return n;
}

static struct node *in_expr(void)
{
	struct node *n = matching();

	while (lx.tok == T_IN) {
		struct node *in = new_node(N_IN);
		next();
		in->a = n;
		in->b = array_name();
		n = in;
	}
	return n;
}

static struct node *and_expr(void)
{
	struct node *n = in_expr();

	while (lx.tok == T_AND) {
		next();
		skip_newlines();
		n = node2(N_AND, 0, n, in_expr());
	}
	return n;
}

static struct node *or_expr(void)
{
	struct node *n = and_expr();

	while (lx.tok == T_OR) {
		next();
		skip_newlines();
		n = node2(N_OR, 0, n, and_expr());
	}
	return n;
}

static struct node *ternary(void)
{
	struct node *n = or_expr(), *c;

	if (lx.tok != '?')
		return n;
	next();
	skip_newlines();
	c = node2(N_COND, 0, n, ternary());
	skip_newlines();
	expect(':', ": expected");
	skip_newlines();
	c->c = ternary();
	return c;
}

static int is_assign_op(int tok)
{
	return tok == '=' || tok == T_ADD_ASSIGN || tok == T_SUB_ASSIGN || tok == T_MUL_ASSIGN ||
	       tok == T_DIV_ASSIGN || tok == T_MOD_ASSIGN || tok == T_POW_ASSIGN;
}

static struct node *expr(void)
{
	struct node *n = ternary();

	if (is_assign_op(lx.tok) && is_lvalue(n)) {
		int op = lx.tok;
		next();
		skip_newlines();
		return node2(N_ASSIGN, op, n, expr());
	}
	return n;
}

/* ---- statements ---- */

/* The end of a simple statement: ; or a newline, or before } or the end. */
static void end_simple(void)
{
	if (lx.tok == ';' || lx.tok == T_NEWLINE)
		next();
	else if (lx.tok != '}' && lx.tok != T_EOF)
		syntax("unexpected token after a statement");
}

static int ends_print(int tok)
{
	return tok == ';' || tok == T_NEWLINE || tok == '}' || tok == '>' || tok == T_APPEND ||
	       tok == '|' || tok == T_EOF;
}

/* print's or printf's arguments: "(a, b)" or "a, b", then a redirection. */
static struct node *print_statement(enum ntype type)
{
	struct node *n = new_node(type);

	next();
	if (lx.tok == '(') {
		struct lexer saved = lx;
		next();
		n->a = expr_list();
		if (lx.tok == ')') {
			next();
			if (!ends_print(lx.tok)) {
				lx = saved; /* "(a)(b)" or "(a) + 1": an expression */
				n->a = NULL;
			}
		} else {
			lx = saved;
			n->a = NULL;
		}
	}
	if (!n->a && !ends_print(lx.tok)) {
		no_gt = 1;
		n->a = expr_list();
		no_gt = 0;
	}
	if (type == S_PRINTF && !n->a)
		syntax("printf needs a format");
	if (lx.tok == '>' || lx.tok == T_APPEND || lx.tok == '|') {
		n->op = lx.tok;
		next();
		n->b = concat();
	}
	return n;
}

static struct node *simple_statement(void)
{
	struct node *n;

	switch (lx.tok) {
	case T_PRINT:
	case T_PRINTF:
		return print_statement(lx.tok == T_PRINT ? S_PRINT : S_PRINTF);
	case T_NEXT:
	case T_NEXTFILE:
	case T_BREAK:
	case T_CONTINUE:
		n = new_node(lx.tok == T_NEXT ? S_NEXT : lx.tok == T_NEXTFILE ? S_NEXTFILE
		                                     : lx.tok == T_BREAK  ? S_BREAK : S_CONTINUE);
		next();
		return n;
	case T_EXIT:
	case T_RETURN:
		n = new_node(lx.tok == T_EXIT ? S_EXIT : S_RETURN);
		next();
		if (lx.tok != ';' && lx.tok != T_NEWLINE && lx.tok != '}' && lx.tok != T_EOF)
			n->a = expr();
		return n;
	case T_DELETE:
		n = new_node(S_DELETE);
		next();
		n->a = array_name();
		if (lx.tok == '[') {
			next();
			n->b = expr_list();
			expect(']', "] expected");
		}
		return n;
	default:
		return node2(S_EXPR, 0, expr(), NULL);
	}
}

static struct node *if_statement(void)
{
	struct node *n = new_node(S_IF);

	next();
	expect('(', "( expected after if");
	n->a = expr();
	expect(')', ") expected");
	skip_newlines();
	n->b = statement();
	/* else may follow on a later line, after the then part's ';'. */
	struct lexer saved = lx;
	while (lx.tok == T_NEWLINE || lx.tok == ';')
		next();
	if (lx.tok == T_ELSE) {
		next();
		skip_newlines();
		n->c = statement();
	} else {
		lx = saved;
	}
	return n;
}

/* for (k in a) when the tokens say so; NULL (and nothing read) if not. */
static struct node *for_in(void)
{
	struct lexer saved = lx;
	struct node *n;

	if (lx.tok != T_NAME)
		return NULL;
	next();
	if (lx.tok != T_IN) {
		lx = saved;
		return NULL;
	}
	next();
	if (lx.tok != T_NAME) {
		lx = saved;
		return NULL;
	}
	next();
	if (lx.tok != ')') {
		lx = saved;
		return NULL;
	}
	lx = saved;
	n = new_node(S_FORIN);
	n->a = variable(lx.text);
	next();
	next();
	n->b = array_name();
	return n;
}

static struct node *for_statement(void)
{
	struct node *n;

	next();
	expect('(', "( expected after for");
	if ((n = for_in()) != NULL) {
		expect(')', ") expected");
		skip_newlines();
		n->c = statement();
		return n;
	}
	n = new_node(S_FOR);
	if (lx.tok != ';')
		n->a = simple_statement();
	expect(';', "; expected in for");
	skip_newlines();
	if (lx.tok != ';')
		n->b = expr();
	expect(';', "; expected in for");
	skip_newlines();
	if (lx.tok != ')')
		n->c = simple_statement();
	expect(')', ") expected");
	skip_newlines();
	n->d = statement();
	return n;
}

static struct node *statement(void)
{
	struct node *n;

	switch (lx.tok) {
	case '{':
		return block();
	case ';':
		next();
		return new_node(S_BLOCK);
	case T_IF:
		return if_statement();
	case T_WHILE:
		n = new_node(S_WHILE);
		next();
		expect('(', "( expected after while");
		n->a = expr();
		expect(')', ") expected");
		if (lx.tok == ';') { /* while (x); an empty body */
			next();
			n->b = new_node(S_BLOCK);
			return n;
		}
		skip_newlines();
		n->b = statement();
		return n;
	case T_DO:
		n = new_node(S_DO);
		next();
		skip_newlines();
		n->b = statement();
		while (lx.tok == T_NEWLINE || lx.tok == ';')
			next();
		expect(T_WHILE, "while expected after do");
		expect('(', "( expected after while");
		n->a = expr();
		expect(')', ") expected");
		end_simple();
		return n;
	case T_FOR:
		return for_statement();
	default:
		n = simple_statement();
		end_simple();
		return n;
	}
}

static struct node *block(void)
{
	struct node *n = new_node(S_BLOCK), **tail = &n->a;

	expect('{', "{ expected");
	for (;;) {
		while (lx.tok == T_NEWLINE || lx.tok == ';')
			next();
		if (lx.tok == '}')
			break;
		if (lx.tok == T_EOF)
			syntax("unexpected end of program: } missing");
		*tail = statement();
		tail = &(*tail)->next;
	}
	next();
	return n;
}

/* ---- the program ---- */

static void function_definition(void)
{
	struct func *f;
	int fi;

	next();
	if (lx.tok != T_NAME && lx.tok != T_FUNC_NAME)
		syntax("function name expected");
	fi = func_index(lx.text);
	if (funcs[fi].defined)
		syntax("function defined twice");
	next();
	expect('(', "( expected");
	f = &funcs[fi];
	while (lx.tok == T_NAME) {
		f->params = xresize(f->params, (size_t)(f->nparams + 1) * sizeof *f->params);
		f->params[f->nparams++] = xstrdup(lx.text);
		next();
		if (lx.tok == ',') {
			next();
			skip_newlines();
		}
	}
	expect(')', ") expected");
	skip_newlines();
	f->array_param = xalloc((size_t)f->nparams + 1);
	f->defined = 1;
	cur_func = fi;
	funcs[fi].body = block();
	cur_func = -1;
}

static void append(struct node **list, struct node *n)
{
	while (*list)
		list = &(*list)->next;
	*list = n;
}

static void pattern_item(struct program *prog)
{
	struct item *it = xalloc(sizeof *it), **tail;

	if (lx.tok != '{') {
		it->pattern = expr();
		if (lx.tok == ',') {
			next();
			skip_newlines();
			it->pattern2 = expr();
		}
	}
	if (lx.tok == '{')
		it->action = block();
	for (tail = &prog->items; *tail; tail = &(*tail)->next)
		;
	*tail = it;
}

void parse_program(struct program *prog, const char *src)
{
	memset(prog, 0, sizeof *prog);
	lex_init(&lx, src);
	for (;;) {
		while (lx.tok == T_NEWLINE || lx.tok == ';')
			next();
		if (lx.tok == T_EOF)
			break;
		if (lx.tok == T_BEGIN || lx.tok == T_END) {
			int begin = lx.tok == T_BEGIN;
			next();
			skip_newlines();
			append(begin ? &prog->begin : &prog->end, block());
		} else if (lx.tok == T_FUNCTION) {
			function_definition();
		} else {
			pattern_item(prog);
		}

	}
	for (int i = 0; i < nfuncs; i++)
		if (!funcs[i].defined)
			fatal("calling undefined function %s", funcs[i].name);
}
