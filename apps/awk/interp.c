/* awk's interpreter: expressions, statements and the main loop over
 * the input (POSIX XCU awk, "Expressions in awk", "Actions").
 *
 * eval() returns a value the caller owns. assign() takes a value and
 * stores it in a variable, array element or field. Statements return how
 * control leaves them (enum flow); next and exit inside a function set
 * `pending`, which every statement list checks, so they unwind through
 * the calls without longjmp. The side effects of a subscript in x++ or
 * x += y happen twice (it is read, then written): POSIX leaves the order
 * of evaluation open, and awk programs rarely write a[i++]++. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "apps/awk/awk.h"

enum flow { F_NORMAL, F_BREAK, F_CONTINUE, F_NEXT, F_NEXTFILE, F_EXIT, F_RETURN };

static struct cell *frame; /* the running function's parameters */
static struct value retval;
static enum flow pending; /* next or exit, raised inside a function */
static int exit_status;

static enum flow exec(struct node *n);

struct cell *lookup_cell(struct node *n)
{
	int local = n->type == N_LOCAL || (n->type == N_INDEX && n->local);

	return local ? &frame[n->index] : &globals[n->index];
}

/* The subscript of a list of expressions: joined by SUBSEP. */
static char *subscript(struct node *list)
{
	char *s = NULL;
	size_t len = 0;

	for (struct node *e = list; e; e = e->next) {
		struct value v = eval(e);
		const char *p = to_str(&v), *sep = e == list ? "" : global_str(G_SUBSEP);
		size_t pl = strlen(p), sl = strlen(sep);
		s = xresize(s, len + sl + pl + 1);
		memcpy(s + len, sep, sl);
		memcpy(s + len + sl, p, pl);
		len += sl + pl;
		s[len] = '\0';
		val_free(&v);
	}
	return s;
}

struct regex *regex_for(const char *src)
{
	static struct cached {
		char *src;
		struct regex re;
		struct cached *next;
	} *cache;

	for (struct cached *c = cache; c; c = c->next)
		if (strcmp(c->src, src) == 0)
			return &c->re;
	struct cached *c = xalloc(sizeof *c);
	if (re_compile(&c->re, src, RE_EXTENDED) < 0)
		fatal("regular expression /%s/: %s", src, c->re.err);
	c->src = xstrdup(src);
	c->next = cache;
	cache = c;
	return &c->re;
}

static double arith(int op, double x, double y)
{
	switch (op) {
	case '+': case T_ADD_ASSIGN: return x + y;
	case '-': case T_SUB_ASSIGN: return x - y;
	case '*': case T_MUL_ASSIGN: return x * y;
	case '/': case T_DIV_ASSIGN:
		if (y == 0)
			fatal("division by zero");
		return x / y;
	case '%': case T_MOD_ASSIGN:
		if (y == 0)
			fatal("division by zero in %%");
		return fmod(x, y);
	default: return pow(x, y);
	}
}

static int compare_op(int op, int r)
{
	switch (op) {
	case '<': return r < 0;
	case T_LE: return r <= 0;
	case T_EQ: return r == 0;
	case T_NE: return r != 0;
	case '>': return r > 0;
	default: return r >= 0;
	}
}

static double eval_num(struct node *n)
{
	struct value v = eval(n);
	double d = to_num(&v);

	val_free(&v);
	return d;
}

static int eval_bool(struct node *n)
{
	struct value v = eval(n);
	int b = to_bool(&v);

	val_free(&v);
	return b;
}

static struct value concatenate(struct node *n)
{
	struct value a = eval(n->a), b = eval(n->b);
	const char *x = to_str(&a), *y = to_str(&b);
	size_t xl = strlen(x), yl = strlen(y);
	char *s = xalloc(xl + yl + 1);

	memcpy(s, x, xl);
	memcpy(s + xl, y, yl + 1);
	val_free(&a);
	val_free(&b);
	return val_take(s);
}

static struct value match_op(struct node *n)
{
	struct value s = eval(n->a);
	struct regex *re;
	int r;

	if (n->b->type == N_REGEX) {
		re = n->b->re;
	} else {
		struct value p = eval(n->b);
		re = regex_for(to_str(&p));
		val_free(&p);
	}
	const char *str = to_str(&s);
	r = re_search(re, str, (long)strlen(str), 0, NULL);
	val_free(&s);
	return val_num(n->op == '~' ? r : !r);
}

/* ++ and --, before or after. */
static struct value step(struct node *n)
{
	double old = eval_num(n->a);
	double now = old + (n->type == N_PREINC || n->type == N_POSTINC ? 1 : -1);

	assign(n->a, val_num(now));
	return val_num(n->type == N_PREINC || n->type == N_PREDEC ? now : old);
}

static struct value eval_assign(struct node *n)
{
	struct value v = eval(n->b), r;

	if (n->op != '=') {
		double x = eval_num(n->a), y = to_num(&v);
		val_free(&v);
		v = val_num(arith(n->op, x, y));
	}
	r = val_copy(&v);
	assign(n->a, v);
	return r;
}

static struct value element(struct node *n)
{
	char *key = subscript(n->a);
	struct value *v = array_get(cell_array(lookup_cell(n)), key, 1);

	free(key);
	return val_copy(v);
}

static struct value in_array(struct node *n)
{
	char *key = subscript(n->a);
	int found = array_get(cell_array(lookup_cell(n->b)), key, 0) != NULL;

	free(key);
	return val_num(found);
}

/* A call of a user function: the arguments into a new frame, arrays by
 * reference, scalars by value. */
static struct value call(struct node *n)
{
	struct func *f = &funcs[n->index];
	struct cell *cells = xalloc(((size_t)f->nparams + 1) * sizeof *cells), *saved = frame;
	struct value r;
	int i = 0;

	for (struct node *a = n->a; a; a = a->next, i++) {
		if (i >= f->nparams)
			fatal("function %s called with too many arguments", f->name);
		if (a->type == N_VAR || a->type == N_LOCAL) {
			struct cell *c = lookup_cell(a);
			if (c->is_array || (f->array_param[i] && c->v.kind == V_UNINIT)) {
				cells[i].arr = cell_array(c);
				cells[i].is_array = cells[i].borrowed = 1;
				continue;
			}
		}
		cells[i].v = eval(a);
	}
	frame = cells;
	enum flow fl = exec(f->body);
	frame = saved;
	/* next and exit go on out through the caller's statements. */
	if (fl == F_EXIT || fl == F_NEXT || fl == F_NEXTFILE)
		pending = fl;
	for (i = 0; i < f->nparams; i++) {
		val_free(&cells[i].v);
		if (cells[i].is_array && !cells[i].borrowed) {
			array_clear(cells[i].arr);
			free(cells[i].arr->buckets);
			free(cells[i].arr);
		}
	}
	free(cells);
	r = retval;
	retval = (struct value){ .kind = V_UNINIT };
	return r;
}

static struct value scalar(struct node *n)
{
	struct cell *c = lookup_cell(n);

	if (c->is_array)
		fatal("can't use array in scalar context");
	return val_copy(&c->v);
}

static struct value eval_getline(struct node *n);

struct value eval(struct node *n)
{
	switch (n->type) {
	case N_NUM: return val_num(n->num);
	case N_STR: return val_str(n->str);
	case N_REGEX:
		return val_num(re_search(n->re, record.str, (long)strlen(record.str), 0, NULL));
	case N_VAR:
	case N_LOCAL: return scalar(n);
	case N_FIELD: return field_get((long)eval_num(n->a));
	case N_INDEX: return element(n);
	case N_ASSIGN: return eval_assign(n);
	case N_COND: return eval_bool(n->a) ? eval(n->b) : eval(n->c);
	case N_AND: return val_num(eval_bool(n->a) && eval_bool(n->b));
	case N_OR: return val_num(eval_bool(n->a) || eval_bool(n->b));
	case N_NOT: return val_num(!eval_bool(n->a));
	case N_BINARY: {
		double x = eval_num(n->a);
		return val_num(arith(n->op, x, eval_num(n->b)));
	}
	case N_CMP: {
		struct value a = eval(n->a), b = eval(n->b);
		int r = compare_values(&a, &b);
		val_free(&a);
		val_free(&b);
		return val_num(compare_op(n->op, r));
	}
	case N_MATCH: return match_op(n);
	case N_CONCAT: return concatenate(n);
	case N_NEG: return val_num(-eval_num(n->a));
	case N_PLUS: return val_num(eval_num(n->a));
	case N_PREINC: case N_PREDEC: case N_POSTINC: case N_POSTDEC: return step(n);
	case N_IN: return in_array(n);
	case N_CALL: return call(n);
	case N_BUILTIN: return call_builtin(n);
	case N_GETLINE: return eval_getline(n);
	case N_GROUP: return eval(n->a);
	default: fatal("internal error: node %d is no expression", (int)n->type);
	}
}

int assign(struct node *lv, struct value v)
{
	struct cell *c;
	char *key;
	struct value *slot;

	switch (lv->type) {
	case N_FIELD:
		field_set((long)eval_num(lv->a), to_str(&v));
		val_free(&v);
		return 0;
	case N_INDEX:
		key = subscript(lv->a);
		slot = array_get(cell_array(lookup_cell(lv)), key, 1);
		free(key);
		val_free(slot);
		*slot = v;
		return 0;
	default:
		c = lookup_cell(lv);
		if (c->is_array)
			fatal("can't assign to an array");
		val_free(&c->v);
		c->v = v;
		if (lv->type == N_VAR && lv->index == G_NF)
			set_nf((long)to_num(&c->v));
		return 0;
	}
}

/* ---- statements ---- */

static void print(struct node *n)
{
	FILE *out = stdout;

	if (n->b) {
		struct value dest = eval(n->b);
		out = output_stream(n->op, to_str(&dest));
		val_free(&dest);
	}
	if (n->type == S_PRINTF) {
		struct value f = eval(n->a);
		char *s = format(to_str(&f), n->a->next);
		fputs(s, out);
		free(s);
		val_free(&f);
		return;
	}
	if (!n->a)
		fputs(record.str, out);
	for (struct node *e = n->a; e; e = e->next) {
		struct value v = eval(e);
		char *s = to_output(&v);
		if (e != n->a)
			fputs(global_str(G_OFS), out);
		fputs(s, out);
		free(s);
		val_free(&v);
	}
	fputs(global_str(G_ORS), out);
}

static enum flow exec_list(struct node *list)
{
	for (struct node *s = list; s; s = s->next) {
		enum flow f = exec(s);
		if (f != F_NORMAL)
			return f;
		if (pending)
			return pending;
	}
	return F_NORMAL;
}

/* The body of a loop: whether the loop stops, and how (*out). */
static int loop_body(struct node *body, enum flow *out)
{
	enum flow f = exec(body);

	if (pending)
		f = pending;
	if (f == F_BREAK) {
		*out = F_NORMAL;
		return 1;
	}
	if (f == F_NORMAL || f == F_CONTINUE)
		return 0;
	*out = f;
	return 1;
}

static enum flow for_in(struct node *n)
{
	struct array *a = cell_array(lookup_cell(n->b));
	size_t nkeys;
	char **keys = array_keys(a, &nkeys);
	enum flow out = F_NORMAL;

	for (size_t i = 0; i < nkeys; i++) {
		if (!array_get(a, keys[i], 0))
			continue; /* deleted by the body */
		assign(n->a, val_strnum(keys[i]));
		if (loop_body(n->c, &out))
			break;
	}
	for (size_t i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	return out;
}

static enum flow delete(struct node *n)
{
	struct array *a = cell_array(lookup_cell(n->a));

	if (n->b) {
		char *key = subscript(n->b);
		array_delete(a, key);
		free(key);
	} else {
		array_clear(a);
	}
	return F_NORMAL;
}

static enum flow loop(struct node *n)
{
	enum flow out = F_NORMAL;

	switch (n->type) {
	case S_WHILE:
		while (eval_bool(n->a) && !loop_body(n->b, &out))
			;
		break;
	case S_DO:
		while (!loop_body(n->b, &out) && eval_bool(n->a))
			;
		break;
	default: /* S_FOR */
		if (n->a)
			exec(n->a);
		while ((!n->b || eval_bool(n->b)) && !loop_body(n->d, &out))
			if (n->c)
				exec(n->c);
		break;
	}
	return out;
}

static enum flow exec(struct node *n)
{
	struct value v;

	switch (n->type) {
	case S_EXPR:
		v = eval(n->a);
		val_free(&v);
		return F_NORMAL;
	case S_PRINT:
	case S_PRINTF: print(n); return F_NORMAL;
	case S_IF:
		if (eval_bool(n->a))
			return exec(n->b);
		return n->c ? exec(n->c) : F_NORMAL;
	case S_WHILE: case S_DO: case S_FOR: return loop(n);
	case S_FORIN: return for_in(n);
	case S_BLOCK: return exec_list(n->a);
	case S_NEXT: return F_NEXT;
	case S_NEXTFILE: return F_NEXTFILE;
	case S_EXIT:
		if (n->a)
			exit_status = (int)eval_num(n->a);
		return F_EXIT;
	case S_RETURN:
		val_free(&retval);
		retval = n->a ? eval(n->a) : (struct value){ .kind = V_UNINIT };
		return F_RETURN;
	case S_BREAK: return F_BREAK;
	case S_CONTINUE: return F_CONTINUE;
	case S_DELETE: return delete(n);
	default: fatal("internal error: node %d is no statement", (int)n->type);
	}
}

/* A block at the top (BEGIN, an action, END): next and exit raised in
 * a function come out here as its flow. */
static enum flow run_block(struct node *n)
{
	enum flow f = exec(n);

	if (pending) {
		f = pending;
		pending = F_NORMAL;
	}
	return f;
}

/* ---- input ---- */

static struct value eval_getline(struct node *n)
{
	static char *buf;
	static size_t cap;
	size_t len;
	int r;
	FILE *f = NULL;

	if (n->b || n->c) {
		struct value name = eval(n->b ? n->b : n->c);
		f = output_stream(n->b ? '<' : T_GETLINE, to_str(&name));
		val_free(&name);
		r = f ? read_record(f, &buf, &cap, &len) : -1;
	} else {
		r = getline_main(&buf, &cap, &len);
	}
	if (r <= 0)
		return val_num(r);
	if (!n->b) { /* the main input and commands count records */
		set_global_num(G_NR, to_num(&globals[G_NR].v) + 1);
		if (!n->c)
			set_global_num(G_FNR, to_num(&globals[G_FNR].v) + 1);
	}
	if (n->a) {
		char *s = xstrndup(buf, len);
		assign(n->a, val_strnum(s));
		free(s);
	} else {
		set_record(buf, len);
	}
	return val_num(1);
}

/* A pattern of an item: whether this record is selected. */
static int selected(struct item *it)
{
	if (!it->pattern)
		return 1;
	if (!it->pattern2)
		return eval_bool(it->pattern);
	if (!it->in_range) {
		if (!eval_bool(it->pattern))
			return 0;
		it->in_range = !eval_bool(it->pattern2);
		return 1;
	}
	it->in_range = !eval_bool(it->pattern2);
	return 1;
}

/* Every record through the items; F_EXIT if exit was run. */
static enum flow main_loop(struct program *prog)
{
	static char *buf;
	static size_t cap;
	size_t len;

	while (getline_main(&buf, &cap, &len) > 0) {
		set_global_num(G_NR, to_num(&globals[G_NR].v) + 1);
		set_global_num(G_FNR, to_num(&globals[G_FNR].v) + 1);
		set_record(buf, len);
		for (struct item *it = prog->items; it; it = it->next) {
			if (!selected(it))
				continue;
			if (!it->action) {
				fputs(record.str, stdout);
				fputs(global_str(G_ORS), stdout);
				continue;
			}
			enum flow f = run_block(it->action);
			if (f == F_EXIT)
				return f;
			if (f == F_NEXTFILE)
				skip_file();
			if (f == F_NEXT || f == F_NEXTFILE)
				break;
		}
	}
	return F_NORMAL;
}

int run_program(struct program *prog)
{
	enum flow f = F_NORMAL;

	for (struct node *b = prog->begin; b && f != F_EXIT; b = b->next)
		f = run_block(b);
	if (f != F_EXIT && (prog->items || prog->end))
		f = main_loop(prog);
	for (struct node *b = prog->end; b; b = b->next)
		if (run_block(b) == F_EXIT)
			break;
	close_all();
	return exit_status;
}
