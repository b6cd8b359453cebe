/* Tab stops as expand and unexpand take them (-t tablist): one number n
 * is a stop every n columns; a list ("4,8,20", commas or blanks between)
 * is stops at those columns, in ascending order, and none after the last.
 * Columns count from 0: a stop at 4 has four columns before it.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_TABS_H
#define APPS_LIB_TABS_H

#include <stdio.h>
#include <stdlib.h>

#define TABS_MAX 64

struct tabs {
	long every; /* > 0: a stop every this many columns */
	long at[TABS_MAX];
	int n;
};

/* Parses list into *t: 0, or -1 after "prog: bad tab stop list". */
static inline int tabs_parse(struct tabs *t, const char *prog, const char *list)
{
	const char *s = list;

	t->n = 0;
	t->every = 0;
	while (*s) {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || v <= 0 || t->n == TABS_MAX || (t->n && v <= t->at[t->n - 1]))
			goto bad;
		t->at[t->n++] = v;
		s = end;
		if (*s == ',' || *s == ' ')
			s++;
		else if (*s)
			goto bad;
	}
	if (t->n == 0)
		goto bad;
	if (t->n == 1)
		t->every = t->at[0];
	return 0;
bad:
	fprintf(stderr, "%s: %s: bad tab stop list\n", prog, list);
	return -1;
}

/* The first stop after column col, or -1 when there is none. */
static inline long tabs_next(const struct tabs *t, long col)
{
	if (t->every)
		return (col / t->every + 1) * t->every;
	for (int i = 0; i < t->n; i++)
		if (t->at[i] > col)
			return t->at[i];
	return -1;
}

#endif
