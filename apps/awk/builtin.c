/* awk's built-in functions (POSIX XCU awk, "String Functions",
 * "Arithmetic Functions", "Input/Output and General Functions") and
 * printf's formatting.
 *
 * printf's conversions are done one at a time by the C library's
 * snprintf, after taking the flags, width and precision (with *) from
 * the format: %d and %i as long long, %o %u %x %X %c, %e %f %g (and E G
 * F) as double, %s with its precision. sub and gsub follow sed's rules
 * for empty matches (none right after the last match). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "apps/awk/awk.h"

static unsigned long seed, last_seed;

struct out {
	char *s;
	size_t len, cap;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->s = xresize(o->s, o->cap);
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static double arg_num(struct node *a)
{
	struct value v = eval(a);
	double d = to_num(&v);

	val_free(&v);
	return d;
}

static char *arg_str(struct node *a)
{
	struct value v = eval(a);
	char *s = xstrdup(to_str(&v));

	val_free(&v);
	return s;
}

/* One conversion: spec is "%[flags][width][.prec]" with its letter. */
static void convert(struct out *o, char *spec, char conv, struct node **args)
{
	char buf[512], *big = NULL;
	struct node *a = *args;
	int n;

	if (a)
		*args = a->next;
	size_t sl = strlen(spec);
	if (conv == 'd' || conv == 'i') {
		double d = a ? arg_num(a) : 0;
		long long v = d >= 9.2e18 ? (long long)9.2e18 : d <= -9.2e18 ? -(long long)9.2e18 : (long long)d;
		strcpy(spec + sl, "lld");
		n = snprintf(buf, sizeof buf, spec, v);
	} else if (strchr("ouxX", conv)) {
		double d = a ? arg_num(a) : 0;
		spec[sl] = 'l';
		spec[sl + 1] = 'l';
		spec[sl + 2] = conv;
		spec[sl + 3] = '\0';
		n = snprintf(buf, sizeof buf, spec, (unsigned long long)(long long)d);
	} else if (strchr("eEfFgG", conv)) {
		spec[sl] = conv;
		spec[sl + 1] = '\0';
		n = snprintf(buf, sizeof buf, spec, a ? arg_num(a) : 0.0);
	} else if (conv == 'c') {
		struct value v = a ? eval(a) : (struct value){ .kind = V_UNINIT };
		int c = v.kind == V_NUM ? (int)v.num : (unsigned char)to_str(&v)[0];
		val_free(&v);
		strcpy(spec + sl, "c");
		n = snprintf(buf, sizeof buf, spec, c);
		if (c == 0) { /* printf "%c", 0 writes a NUL */
			out_add(o, buf, (size_t)n);
			return;
		}
	} else { /* s */
		char *s = a ? arg_str(a) : xstrdup("");
		strcpy(spec + sl, "s");
		n = snprintf(NULL, 0, spec, s);
		big = xalloc((size_t)n + 1);
		snprintf(big, (size_t)n + 1, spec, s);
		free(s);
	}
	if (!big && n >= (int)sizeof buf)
		n = (int)sizeof buf - 1;
	out_add(o, big ? big : buf, strlen(big ? big : buf));
	free(big);
}

char *format(const char *fmt, struct node *args)
{
	struct out o = { 0 };

	out_add(&o, "", 0);
	for (const char *p = fmt; *p;) {
		if (*p != '%') {
			size_t n = strcspn(p, "%");
			out_add(&o, p, n);
			p += n;
			continue;
		}
		if (p[1] == '%') {
			out_add(&o, "%", 1);
			p += 2;
			continue;
		}
		/* The spec, with * replaced by the argument's number. */
		char spec[64];
		size_t k = 0;
		spec[k++] = *p++;
		while (*p && strchr("-+ #0", *p) && k < 20)
			spec[k++] = *p++;
		for (int part = 0; part < 2; part++) {
			if (part == 1) {
				if (*p != '.')
					break;
				spec[k++] = *p++;
			}
			if (*p == '*') {
				p++;
				k += (size_t)snprintf(spec + k, 16, "%d", args ? (int)arg_num(args) : 0);
				if (args)
					args = args->next;
			} else {
				while (isdigit((unsigned char)*p) && k < 50)
					spec[k++] = *p++;
			}
		}
		spec[k] = '\0';
		if (!*p || !strchr("diouxXeEfFgGcs", *p)) {
			out_add(&o, spec, k); /* not a conversion: as it is */
			continue;
		}
		convert(&o, spec, *p++, &args);
	}
	return o.s;
}

/* ---- string functions ---- */

static struct regex *arg_regex(struct node *a)
{
	if (a->type == N_REGEX)
		return a->re;
	char *s = arg_str(a);
	struct regex *re = regex_for(s);
	free(s);
	return re;
}

static double round_half(double d)
{
	return floor(d + 0.5);
}

static struct value substr(struct node *a)
{
	char *s = arg_str(a);
	double len = (double)strlen(s), m = round_half(arg_num(a->next)), end;

	end = a->next->next ? m + round_half(arg_num(a->next->next)) : len + 1;
	if (m < 1)
		m = 1;
	if (end > len + 1)
		end = len + 1;
	struct value r = end <= m ? val_str("") : val_take(xstrndup(s + (size_t)m - 1, (size_t)(end - m)));
	free(s);
	return r;
}

/* sub and gsub: the number of replacements; the target assigned. */
static struct value substitute(struct node *a, int global)
{
	static struct node zero = { .type = N_NUM }, dollar0 = { .type = N_FIELD, .a = &zero };
	struct regex *re = arg_regex(a);
	char *repl = arg_str(a->next);
	struct node *target = a->next->next ? a->next->next : &dollar0;
	struct value tv = eval(target);
	const char *s = to_str(&tv);
	long len = (long)strlen(s), pos = 0, prev_end = -1, count = 0;
	struct re_match m[RE_NGROUPS];
	struct out o = { 0 };

	out_add(&o, "", 0);
	while (pos <= len && re_search(re, s, len, pos, m)) {
		if (m[0].so == m[0].eo && m[0].so == prev_end) {
			if (m[0].so < len)
				out_add(&o, s + m[0].so, 1);
			pos = m[0].so + 1;
			continue;
		}
		out_add(&o, s + pos, (size_t)(m[0].so - pos));
		for (const char *r = repl; *r; r++) {
			if (*r == '\\' && (r[1] == '&' || r[1] == '\\'))
				out_add(&o, ++r, 1);
			else if (*r == '&')
				out_add(&o, s + m[0].so, (size_t)(m[0].eo - m[0].so));
			else
				out_add(&o, r, 1);
		}
		count++;
		pos = prev_end = m[0].eo;
		if (!global)
			break;
		if (m[0].so == m[0].eo) {
			if (pos < len)
				out_add(&o, s + pos, 1);
			pos++;
		}
	}
	if (count) {
		if (pos < len)
			out_add(&o, s + pos, (size_t)(len - pos));
		assign(target, val_take(o.s));
	} else {
		free(o.s);
	}
	val_free(&tv);
	free(repl);
	return val_num((double)count);
}

static struct value match(struct node *a)
{
	char *s = arg_str(a);
	struct regex *re = arg_regex(a->next);
	struct re_match m[RE_NGROUPS];
	double start = 0, length = -1;

	if (re_search(re, s, (long)strlen(s), 0, m)) {
		start = (double)m[0].so + 1;
		length = (double)(m[0].eo - m[0].so);
	}
	set_global_num(G_RSTART, start);
	set_global_num(G_RLENGTH, length);
	free(s);
	return val_num(start);
}

static struct value length(struct node *a)
{
	if (!a)
		return val_num((double)strlen(record.str));
	if (a->type == N_VAR || a->type == N_LOCAL) {
		struct cell *c = lookup_cell(a);
		if (c->is_array)
			return val_num((double)c->arr->n);
	}
	char *s = arg_str(a);
	struct value r = val_num((double)strlen(s));
	free(s);
	return r;
}

static struct value split(struct node *a)
{
	char *s = arg_str(a);
	struct node *an = a->next;
	struct value fs = { .kind = V_UNINIT };
	long n;

	if (!an || (an->type != N_VAR && an->type != N_LOCAL))
		fatal("split: the second argument must be an array");
	if (an->next)
		fs = an->next->type == N_REGEX ? val_str(an->next->str) : eval(an->next);
	n = split_into(s, cell_array(lookup_cell(an)), an->next ? &fs : NULL);
	val_free(&fs);
	free(s);
	return val_num((double)n);
}

static struct value change_case(struct node *a, int upper)
{
	char *s = arg_str(a);

	for (char *p = s; *p; p++)
		*p = (char)(upper ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
	return val_take(s);
}

static struct value index_of(struct node *a)
{
	char *s = arg_str(a), *t = arg_str(a->next), *at = strstr(s, t);
	struct value r = val_num(at ? (double)(at - s) + 1 : 0);

	free(s);
	free(t);
	return r;
}

/* ---- the rest ---- */

static struct value run_system(struct node *a)
{
	char *cmd = arg_str(a);
	int st;

	fflush(stdout);
	st = system(cmd);
	free(cmd);
	return val_num(st >= 0 && (st & 0x7f) == 0 ? (st >> 8) & 0xff : st);
}

static struct value random_number(int set, struct node *a)
{
	if (!set)
		return val_num((double)(rand() % 1000000) / 1000000.0);
	unsigned long old = last_seed;
	seed = a ? (unsigned long)arg_num(a) : (unsigned long)time(NULL);
	last_seed = seed;
	srand((unsigned)seed);
	return val_num((double)old);
}

static int nargs(struct node *a)
{
	int n = 0;

	for (; a; a = a->next)
		n++;
	return n;
}

/* The fewest and most arguments of each builtin. */
static const signed char arity[][2] = {
	[B_LENGTH] = { 0, 1 }, [B_SUBSTR] = { 2, 3 }, [B_INDEX] = { 2, 2 }, [B_SPLIT] = { 2, 3 },
	[B_SUB] = { 2, 3 },    [B_GSUB] = { 2, 3 },   [B_MATCH] = { 2, 2 }, [B_SPRINTF] = { 1, 99 },
	[B_SIN] = { 1, 1 },    [B_COS] = { 1, 1 },    [B_ATAN2] = { 2, 2 }, [B_EXP] = { 1, 1 },
	[B_LOG] = { 1, 1 },    [B_SQRT] = { 1, 1 },   [B_INT] = { 1, 1 },   [B_RAND] = { 0, 0 },
	[B_SRAND] = { 0, 1 },  [B_TOLOWER] = { 1, 1 }, [B_TOUPPER] = { 1, 1 },
	[B_SYSTEM] = { 1, 1 }, [B_CLOSE] = { 1, 1 },  [B_FFLUSH] = { 0, 1 },
};

struct value call_builtin(struct node *n)
{
	struct node *a = n->a;
	int k = nargs(a);

	if (k < arity[n->op][0] || k > arity[n->op][1])
		fatal("wrong number of arguments to a built-in function");
	switch (n->op) {
	case B_LENGTH: return length(a);
	case B_SUBSTR: return substr(a);
	case B_INDEX: return index_of(a);
	case B_SPLIT: return split(a);
	case B_SUB: return substitute(a, 0);
	case B_GSUB: return substitute(a, 1);
	case B_MATCH: return match(a);
	case B_SPRINTF: {
		struct value f = eval(a);
		char *s = format(to_str(&f), a->next);
		val_free(&f);
		return val_take(s);
	}
	case B_SIN: return val_num(sin(arg_num(a)));
	case B_COS: return val_num(cos(arg_num(a)));
	case B_ATAN2: {
		double y = arg_num(a);
		return val_num(atan2(y, arg_num(a->next)));
	}
	case B_EXP: return val_num(exp(arg_num(a)));
	case B_LOG: return val_num(log(arg_num(a)));
	case B_SQRT: return val_num(sqrt(arg_num(a)));
	case B_INT: return val_num(trunc(arg_num(a)));
	case B_RAND: return random_number(0, NULL);
	case B_SRAND: return random_number(1, a);
	case B_TOLOWER: return change_case(a, 0);
	case B_TOUPPER: return change_case(a, 1);
	case B_SYSTEM: return run_system(a);
	case B_CLOSE: {
		char *name = arg_str(a);
		int r = close_stream(name);
		free(name);
		return val_num(r);
	}
	default: /* B_FFLUSH */
		fflush(NULL);
		return val_num(0);
	}
}
