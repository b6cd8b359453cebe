/* awk's values, arrays and global variables.
 *
 * Conversions follow POSIX awk: a number becomes a string by CONVFMT
 * ("%.6g"), or by "%d" when it is an integer; a string becomes a number
 * by its longest leading decimal prefix (no hex, no inf or nan, unlike
 * strtod alone). A number keeps the string it was converted to, so
 * converting in a loop costs one snprintf. Arrays are hash tables whose
 * elements never move, so a pointer to an element's value stays good
 * while the table grows. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "apps/awk/awk.h"

struct cell *globals;
int nglobals;
static char **global_names;

_Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("awk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *xalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		fatal("out of memory");
	return p;
}

void *xresize(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

struct value val_num(double d)
{
	return (struct value){ .kind = V_NUM, .num = d };
}

struct value val_take(char *s)
{
	return (struct value){ .kind = V_STR, .str = s };
}

struct value val_str(const char *s)
{
	return val_take(xstrdup(s));
}

struct value val_strnum(const char *s)
{
	return (struct value){ .kind = V_STRNUM, .str = xstrdup(s) };
}

struct value val_copy(const struct value *v)
{
	struct value c = *v;

	if (c.str)
		c.str = xstrdup(c.str);
	return c;
}

void val_free(struct value *v)
{
	free(v->str);
	v->str = NULL;
	v->kind = V_UNINIT;
}

/* The length of the decimal number at the start of s (after blanks), 0
 * if there is none. */
static size_t number_prefix(const char *s)
{
	const char *p = s, *digits;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		p++;
	digits = p;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (p == digits || (p == digits + 1 && *digits == '.'))
		return 0;
	if (*p == 'e' || *p == 'E') {
		const char *e = p + 1;
		if (*e == '+' || *e == '-')
			e++;
		if (isdigit((unsigned char)*e)) {
			while (isdigit((unsigned char)*e))
				e++;
			p = e;
		}
	}
	return (size_t)(p - s);
}

double str_num(const char *s)
{
	size_t n = number_prefix(s);
	char buf[64];

	if (n == 0)
		return 0;
	if (n >= sizeof buf)
		return strtod(s, NULL);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return strtod(buf, NULL);
}

/* Whether all of s (blanks around it aside) is a number. */
int looks_numeric(const char *s)
{
	size_t n = number_prefix(s);

	if (n == 0)
		return 0;
	for (s += n; isspace((unsigned char)*s); s++)
		;
	return *s == '\0';
}

char *num_str(double d, const char *fmt)
{
	char buf[512];

	if (d == (double)(long long)d && fabs(d) < 1e16)
		snprintf(buf, sizeof buf, "%lld", (long long)d);
	else
		snprintf(buf, sizeof buf, fmt, d);
	return xstrdup(buf);
}

double to_num(const struct value *v)
{
	switch (v->kind) {
	case V_NUM:
		return v->num;
	case V_UNINIT:
		return 0;
	default:
		return str_num(v->str);
	}
}

const char *to_str(struct value *v)
{
	if (v->kind == V_UNINIT)
		return "";
	if (v->kind == V_NUM && !v->str)
		v->str = num_str(v->num, global_str(G_CONVFMT));
	return v->str;
}

char *to_output(struct value *v)
{
	if (v->kind == V_NUM)
		return num_str(v->num, global_str(G_OFMT));
	return xstrdup(to_str(v));
}

static int is_numeric(const struct value *v)
{
	return v->kind == V_NUM || v->kind == V_UNINIT || (v->kind == V_STRNUM && looks_numeric(v->str));
}

int to_bool(struct value *v)
{
	if (v->kind == V_NUM || (v->kind == V_STRNUM && looks_numeric(v->str)))
		return to_num(v) != 0;
	return v->kind != V_UNINIT && v->str[0] != '\0';
}

/* <0, 0, >0: numerically if both are numbers, else as strings (POSIX). */
int compare_values(struct value *a, struct value *b)
{
	if (is_numeric(a) && is_numeric(b)) {
		double x = to_num(a), y = to_num(b);
		return (x > y) - (x < y);
	}
	return strcmp(to_str(a), to_str(b));
}

/* ---- arrays ---- */

static size_t hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

struct array *array_new(void)
{
	struct array *a = xalloc(sizeof *a);

	a->nbuckets = 16;
	a->buckets = xalloc(a->nbuckets * sizeof *a->buckets);
	return a;
}

/* Doubles the buckets; the elements stay where they are. */
static void array_grow(struct array *a)
{
	size_t nb = a->nbuckets * 2;
	struct elem **b = xalloc(nb * sizeof *b);

	for (size_t i = 0; i < a->nbuckets; i++)
		for (struct elem *e = a->buckets[i], *next; e; e = next) {
			next = e->next;
			e->next = b[hash(e->key) % nb];
			b[hash(e->key) % nb] = e;
		}
	free(a->buckets);
	a->buckets = b;
	a->nbuckets = nb;
}

struct value *array_get(struct array *a, const char *key, int create)
{
	struct elem *e;

	for (e = a->buckets[hash(key) % a->nbuckets]; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return &e->v;
	if (!create)
		return NULL;
	if (a->n >= 2 * a->nbuckets)
		array_grow(a);
	e = xalloc(sizeof *e);
	e->key = xstrdup(key);
	e->next = a->buckets[hash(key) % a->nbuckets];
	a->buckets[hash(key) % a->nbuckets] = e;
	a->n++;
	return &e->v;
}

void array_delete(struct array *a, const char *key)
{
	for (struct elem **pe = &a->buckets[hash(key) % a->nbuckets]; *pe; pe = &(*pe)->next)
		if (strcmp((*pe)->key, key) == 0) {
			struct elem *e = *pe;
			*pe = e->next;
			val_free(&e->v);
			free(e->key);
			free(e);
			a->n--;
			return;
		}
}

void array_clear(struct array *a)
{
	for (size_t i = 0; i < a->nbuckets; i++) {
		for (struct elem *e = a->buckets[i], *next; e; e = next) {
			next = e->next;
			val_free(&e->v);
			free(e->key);
			free(e);
		}
		a->buckets[i] = NULL;
	}
	a->n = 0;
}

/* The keys, numeric ones in numeric order first, then the rest in byte
 * order: awk leaves the order unspecified, and this one is what a
 * person expects of split's array. */
static int key_order(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;
	int na = looks_numeric(a), nb = looks_numeric(b);

	if (na && nb) {
		double x = str_num(a), y = str_num(b);
		if (x != y)
			return (x > y) - (x < y);
	}
	if (na != nb)
		return nb - na;
	return strcmp(a, b);
}

char **array_keys(struct array *a, size_t *n)
{
	char **keys = xalloc((a->n + 1) * sizeof *keys);
	size_t k = 0;

	for (size_t i = 0; i < a->nbuckets; i++)
		for (struct elem *e = a->buckets[i]; e; e = e->next)
			keys[k++] = xstrdup(e->key);
	qsort(keys, k, sizeof *keys, key_order);
	*n = k;
	return keys;
}

struct array *cell_array(struct cell *c)
{
	if (!c->is_array) {
		if (c->v.kind != V_UNINIT)
			fatal("can't use scalar as array");
		c->is_array = 1;
		c->arr = array_new();
	}
	return c->arr;
}

/* ---- globals ---- */

int global_index(const char *name)
{
	for (int i = 0; i < nglobals; i++)
		if (strcmp(global_names[i], name) == 0)
			return i;
	globals = xresize(globals, (size_t)(nglobals + 1) * sizeof *globals);
	global_names = xresize(global_names, (size_t)(nglobals + 1) * sizeof *global_names);
	memset(&globals[nglobals], 0, sizeof *globals);
	global_names[nglobals] = xstrdup(name);
	return nglobals++;
}

void set_global_num(int g, double d)
{
	val_free(&globals[g].v);
	globals[g].v = val_num(d);
}

void set_global_str(int g, const char *s)
{
	val_free(&globals[g].v);
	globals[g].v = val_str(s);
}

const char *global_str(int g)
{
	return to_str(&globals[g].v);
}
