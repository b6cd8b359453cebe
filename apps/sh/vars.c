/* The shell's names: variables, positional parameters, functions and
 * aliases. A variable lives in one list with its flags; an exported one
 * is also kept in environ (with setenv), which exec passes on. Lookups
 * for expand.c add the special parameters ($?, $$, $#, $- ...). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/sh/sh.h"

extern char **environ;

struct var {
	char *name;
	char *value; /* NULL: unset (but flagged: export X before X=1) */
	int flags;   /* V_EXPORT, V_READONLY */
	struct var *next;
};

static struct var *vars;

static struct var *find(const char *name)
{
	struct var *v = vars;

	while (v && strcmp(v->name, name) != 0)
		v = v->next;
	return v;
}

static struct var *find_or_add(const char *name)
{
	struct var *v = find(name);

	if (v)
		return v;
	v = calloc(1, sizeof *v);
	if (!v || !(v->name = strdup(name))) {
		free(v);
		return NULL;
	}
	v->next = vars;
	vars = v;
	return v;
}

const char *var_get(const char *name)
{
	struct var *v = find(name);

	return v ? v->value : NULL;
}

int var_flags(const char *name)
{
	struct var *v = find(name);

	return v ? v->flags : 0;
}

static int readonly_error(const char *name)
{
	fprintf(stderr, "sh: %s: is read only\n", name);
	return -1;
}

int var_set(const char *name, const char *value)
{
	struct var *v = find_or_add(name);
	char *copy = strdup(value);

	if (!v || !copy) {
		free(copy);
		fprintf(stderr, "sh: %s: out of memory\n", name);
		return -1;
	}
	if (v->flags & V_READONLY) {
		free(copy);
		return readonly_error(name);
	}
	free(v->value);
	v->value = copy;
	if (sh.opt_a)
		v->flags |= V_EXPORT;
	if (v->flags & V_EXPORT)
		setenv(name, value, 1);
	return 0;
}

int var_flag(const char *name, int flag)
{
	struct var *v = find_or_add(name);

	if (!v)
		return -1;
	v->flags |= flag;
	if ((flag & V_EXPORT) && v->value)
		setenv(name, v->value, 1);
	return 0;
}

int var_unset(const char *name)
{
	struct var **pv = &vars, *v;

	while (*pv && strcmp((*pv)->name, name) != 0)
		pv = &(*pv)->next;
	v = *pv;
	if (!v)
		return 0;
	if (v->flags & V_READONLY)
		return readonly_error(name);
	*pv = v->next;
	if (v->flags & V_EXPORT)
		unsetenv(name);
	free(v->name);
	free(v->value);
	free(v);
	return 0;
}

void var_import(char **env)
{
	for (; env && *env; env++) {
		char *eq = strchr(*env, '=');
		char *name = eq ? strndup(*env, (size_t)(eq - *env)) : NULL;
		struct var *v = name && sh_is_name(name, strlen(name)) ? find_or_add(name) : NULL;

		if (v) {
			free(v->value);
			v->value = strdup(eq + 1);
			v->flags |= V_EXPORT;
		}
		free(name);
	}
}

static void print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

/* In a form the shell reads back, sorted: prefix NAME='value'. */
void var_print(int flag, const char *prefix)
{
	size_t n = 0, k = 0;
	struct var **all;

	for (struct var *v = vars; v; v = v->next)
		n++;
	all = calloc(n + 1, sizeof *all);
	if (!all)
		return;
	for (struct var *v = vars; v; v = v->next)
		if (flag ? (v->flags & flag) : v->value != NULL)
			all[k++] = v;
	qsort(all, k, sizeof *all, by_name);
	for (size_t i = 0; i < k; i++) {
		printf("%s%s", prefix, all[i]->name);
		if (all[i]->value) {
			putchar('=');
			print_quoted(all[i]->value);
		}
		putchar('\n');
	}
	free(all);
}

/* ---- saved states ----------------------------------------------------------- */
struct saved_var {
	char *name;
	char *value; /* NULL: was unset */
	int flags;
	int existed;
};

void *var_push(const char *name)
{
	struct saved_var *s = calloc(1, sizeof *s);
	struct var *v = find(name);

	if (!s || !(s->name = strdup(name))) {
		free(s);
		return NULL;
	}
	if (v) {
		s->existed = 1;
		s->flags = v->flags;
		s->value = v->value ? strdup(v->value) : NULL;
	}
	return s;
}

void var_pop(void *saved)
{
	struct saved_var *s = saved;
	struct var *v;

	if (!s)
		return;
	v = find(s->name);
	if (v)
		v->flags &= ~V_READONLY;
	var_unset(s->name);
	if (s->existed && (v = find_or_add(s->name))) {
		v->value = s->value;
		s->value = NULL;
		v->flags = s->flags;
		if ((v->flags & V_EXPORT) && v->value)
			setenv(v->name, v->value, 1);
	}
	free(s->name);
	free(s->value);
	free(s);
}

/* ---- positional parameters ---------------------------------------------------- */
void params_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void params_set(char **argv, int n)
{
	char **v = calloc((size_t)n + 1, sizeof *v);

	if (!v) {
		fprintf(stderr, "sh: out of memory\n");
		return;
	}
	for (int i = 0; i < n; i++)
		if (!(v[i] = strdup(argv[i]))) {
			params_free(v, i);
			fprintf(stderr, "sh: out of memory\n");
			return;
		}
	params_free(sh.params, sh.nparams);
	sh.params = v;
	sh.nparams = n;
}

void params_swap(char ***v, int *n)
{
	char **tv = sh.params;
	int tn = sh.nparams;

	sh.params = *v;
	sh.nparams = *n;
	*v = tv;
	*n = tn;
}

/* ---- functions and aliases ----------------------------------------------------- */
struct named {
	char *name;
	struct sh_node *body; /* functions */
	char *value;          /* aliases */
	struct named *next;
};

static struct named *funcs, *aliases;

static struct named **lookup(struct named **list, const char *name)
{
	while (*list && strcmp((*list)->name, name) != 0)
		list = &(*list)->next;
	return list;
}

static void drop(struct named **pn)
{
	struct named *n = *pn;

	*pn = n->next;
	free(n->name);
	free(n->value);
	sh_node_free(n->body);
	free(n);
}

struct sh_node *func_get(const char *name)
{
	struct named *n = *lookup(&funcs, name);

	return n ? n->body : NULL;
}

int func_set(const char *name, struct sh_node *body)
{
	struct named **pn = lookup(&funcs, name), *n = *pn;

	if (!n) {
		n = calloc(1, sizeof *n);
		if (!n || !(n->name = strdup(name))) {
			free(n);
			return -1;
		}
		*pn = n;
	}
	body->refs++;
	sh_node_free(n->body);
	n->body = body;
	return 0;
}

void func_unset(const char *name)
{
	struct named **pn = lookup(&funcs, name);

	if (*pn)
		drop(pn);
}

const char *alias_get(const char *name)
{
	struct named *n = *lookup(&aliases, name);

	return n ? n->value : NULL;
}

int alias_set(const char *name, const char *value)
{
	struct named **pn = lookup(&aliases, name), *n = *pn;
	char *copy = strdup(value);

	if (!copy)
		return -1;
	if (!n) {
		n = calloc(1, sizeof *n);
		if (!n || !(n->name = strdup(name))) {
			free(n);
			free(copy);
			return -1;
		}
		*pn = n;
	}
	free(n->value);
	n->value = copy;
	return 0;
}

int alias_unset(const char *name)
{
	struct named **pn = lookup(&aliases, name);

	if (!*pn)
		return -1;
	drop(pn);
	return 0;
}

void alias_unset_all(void)
{
	while (aliases)
		drop(&aliases);
}

void alias_print(const char *name)
{
	for (struct named *n = aliases; n; n = n->next) {
		if (name && strcmp(n->name, name) != 0)
			continue;
		printf("%s=", n->name);
		print_quoted(n->value);
		putchar('\n');
	}
}

/* ---- for expand.c --------------------------------------------------------------- */
static const char *special(const char *name)
{
	static char num[24], opts[16];

	if (name[1] != '\0')
		return NULL;
	switch (name[0]) {
	case '?':
		snprintf(num, sizeof num, "%d", sh.status);
		return num;
	case '$':
		snprintf(num, sizeof num, "%d", (int)sh.pid);
		return num;
	case '!':
		if (!sh.last_bg)
			return NULL;
		snprintf(num, sizeof num, "%d", (int)sh.last_bg);
		return num;
	case '#':
		snprintf(num, sizeof num, "%d", sh.nparams);
		return num;
	case '-': {
		char *o = opts;
		if (sh.opt_a)
			*o++ = 'a';
		if (sh.opt_C)
			*o++ = 'C';
		if (sh.opt_e)
			*o++ = 'e';
		if (sh.opt_f)
			*o++ = 'f';
		if (sh.interactive)
			*o++ = 'i';
		if (sh.opt_m)
			*o++ = 'm';
		if (sh.opt_u)
			*o++ = 'u';
		if (sh.opt_v)
			*o++ = 'v';
		if (sh.opt_x)
			*o++ = 'x';
		*o = '\0';
		return opts;
	}
	case '0':
		return sh.name;
	}
	return NULL;
}

static const char *ops_get(void *ctx, const char *name)
{
	const char *s = special(name);

	if (s || (strchr("?$!#-0", name[0]) && name[1] == '\0'))
		return s;
	if (name[0] >= '1' && name[0] <= '9') {
		long i = strtol(name, NULL, 10);
		return i <= sh.nparams ? sh.params[i - 1] : NULL;
	}
	if (strcmp(name, "LINENO") == 0) {
		static char num[24];
		snprintf(num, sizeof num, "%d", sh.lineno);
		return num;
	}
	return var_get(name);
}

static int ops_set(void *ctx, const char *name, const char *value, char *err, size_t errlen)
{
	if (var_flags(name) & V_READONLY) {
		snprintf(err, errlen, "%s: is read only", name);
		return -1;
	}
	if (var_set(name, value) < 0) {
		snprintf(err, errlen, "%s: cannot set", name);
		return -1;
	}
	return 0;
}

static int ops_params(void *ctx, char ***v)
{
	*v = sh.params;
	return sh.nparams;
}

/* nounset and noglob follow set -u and set -f (builtins_vars.c). */
struct sh_xops sh_ops = {
	.get = ops_get, .set = ops_set, .params = ops_params, .subst = subst_run,
};

/* ---- local variables ---------------------------------------------------------------- */
struct frame {
	void **saved; /* var_push states, put back in reverse */
	char **names;
	size_t n;
	struct frame *up;
};

static struct frame *frames;

void local_begin(void)
{
	struct frame *f = calloc(1, sizeof *f);

	if (!f) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	f->up = frames;
	frames = f;
}

void local_end(void)
{
	struct frame *f = frames;

	if (!f)
		return;
	while (f->n-- > 0) {
		var_pop(f->saved[f->n]);
		free(f->names[f->n]);
	}
	free(f->saved);
	free(f->names);
	frames = f->up;
	free(f);
}

int local_save(const char *name)
{
	struct frame *f = frames;
	void **saved;
	char **names;

	if (!f)
		return -1;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->names[i], name) == 0)
			return 0;
	saved = realloc(f->saved, (f->n + 1) * sizeof *saved);
	if (saved)
		f->saved = saved;
	names = realloc(f->names, (f->n + 1) * sizeof *names);
	if (names)
		f->names = names;
	if (!saved || !names || !(f->names[f->n] = strdup(name)))
		return -1;
	f->saved[f->n++] = var_push(name);
	return 0;
}
