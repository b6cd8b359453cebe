/* awk's record and fields: $0, $1..$NF, NF, and the splitting that FS
 * and split() share.
 *
 * The record is split as soon as it is set, so NF is always right and a
 * field read is an index. Setting a field (or NF) rebuilds $0 from the
 * fields joined by OFS; setting $0 splits it again (POSIX). FS " " splits
 * at runs of blanks and newlines and ignores them at the ends; another
 * single character splits at each occurrence of it (a tab, a comma);
 * anything longer is an extended regular expression; "" makes each
 * character a field (unspecified by POSIX; what gawk and mawk do). */
#include <stdlib.h>
#include <string.h>
#include "apps/awk/awk.h"

struct value record = { .kind = V_STRNUM };
static char **fields; /* fields[1..nf] */
static long nf, cap;

static void fields_reserve(long n)
{
	if (n + 1 > cap) {
		cap = (n + 1) * 2;
		fields = xresize(fields, (size_t)cap * sizeof *fields);
	}
}

static void fields_clear(void)
{
	for (long i = 1; i <= nf; i++)
		free(fields[i]);
	nf = 0;
}

/* Calls add(piece, len, ctx) for each piece of s split by fs. */
static long split_with(const char *s, const char *fs, void (*add)(const char *, size_t, void *),
                       void *ctx)
{
	long n = 0;
	size_t len = strlen(s);

	if (strcmp(fs, " ") == 0) {
		for (const char *p = s;;) {
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			if (!*p)
				break;
			const char *start = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n')
				p++;
			add(start, (size_t)(p - start), ctx);
			n++;
		}
		return n;
	}
	if (len == 0)
		return 0;
	if (!*fs) { /* no separator: each character a field, as gawk and mawk do */
		for (size_t i = 0; i < len; i++)
			add(s + i, 1, ctx);
		return (long)len;
	}
	if (strlen(fs) == 1 && fs[0] != '\\') {
		for (const char *p = s;; p++) {
			const char *e = strchr(p, fs[0]);
			add(p, e ? (size_t)(e - p) : strlen(p), ctx);
			n++;
			if (!e)
				return n;
			p = e;
		}
	}
	struct regex *re = regex_for(fs);
	struct re_match m[RE_NGROUPS];
	long at = 0;
	while (at <= (long)len && re_search(re, s, (long)len, at, m) && m[0].eo > m[0].so) {
		add(s + at, (size_t)(m[0].so - at), ctx);
		n++;
		at = m[0].eo;
	}
	add(s + at, len - (size_t)at, ctx);
	return n + 1;
}

static void add_field(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	fields_reserve(nf + 1);
	fields[++nf] = xstrndup(s, n);
}

static void split_record(void)
{
	fields_clear();
	split_with(record.str, global_str(G_FS), add_field, NULL);
	set_global_num(G_NF, (double)nf);
}

void set_record(const char *s, size_t n)
{
	char *copy = xstrndup(s, n); /* s may be the record itself */

	val_free(&record);
	record.kind = V_STRNUM;
	record.str = copy;
	split_record();
}

/* $0 again from the fields and OFS. */
static void rebuild(void)
{
	const char *ofs = global_str(G_OFS);
	size_t len = 0, olen = strlen(ofs);
	char *r, *o;

	for (long i = 1; i <= nf; i++)
		len += strlen(fields[i]) + olen;
	o = r = xalloc(len + 1);
	for (long i = 1; i <= nf; i++) {
		size_t k = strlen(fields[i]);
		if (i > 1) {
			memcpy(o, ofs, olen);
			o += olen;
		}
		memcpy(o, fields[i], k);
		o += k;
	}
	*o = '\0';
	val_free(&record);
	record.kind = V_STRNUM;
	record.str = r;
}

struct value field_get(long i)
{
	if (i < 0)
		fatal("trying to access out of range field %ld", i);
	if (i == 0)
		return val_copy(&record);
	if (i > nf)
		return (struct value){ .kind = V_UNINIT };
	return val_strnum(fields[i]);
}

void set_nf(long n)
{
	if (n < 0)
		fatal("NF set to a negative value");
	fields_reserve(n);
	while (nf > n)
		free(fields[nf--]);
	while (nf < n)
		fields[++nf] = xstrdup("");
	set_global_num(G_NF, (double)nf);
	rebuild();
}

void field_set(long i, const char *s)
{
	if (i < 0)
		fatal("trying to access out of range field %ld", i);
	if (i == 0) {
		set_record(s, strlen(s));
		return;
	}
	if (i > nf)
		set_nf(i);
	free(fields[i]);
	fields[i] = xstrdup(s);
	rebuild();
}

long field_count(void)
{
	return nf;
}

static void add_element(const char *s, size_t n, void *ctx)
{
	struct array *a = ctx;
	char key[32], *piece = xstrndup(s, n);
	struct value *v;

	snprintf(key, sizeof key, "%lu", (unsigned long)a->n + 1);
	v = array_get(a, key, 1);
	val_free(v);
	*v = val_strnum(piece);
	free(piece);
}

long split_into(const char *s, struct array *a, struct value *fs)
{
	array_clear(a);
	return split_with(s, fs ? to_str(fs) : global_str(G_FS), add_element, a);
}
