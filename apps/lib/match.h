/* Pattern matching notation (POSIX XCU 2.13), as the shell's case,
 * ${v%p} ${v#p} and pathname expansion and find -name use it: * matches
 * any string, ? any character, [...] one of a set ([!...] or [^...] one
 * not in it; ranges a-z; classes [:alpha:]), \x the character x. A [
 * without its ] is itself.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_MATCH_H
#define APPS_LIB_MATCH_H

#include <ctype.h>
#include <stddef.h>
#include <string.h>

static inline int match_in_class(const char *name, size_t n, unsigned char c)
{
	static const struct {
		const char *name;
		int (*is)(int);
	} classes[] = {
		{ "alpha", isalpha }, { "digit", isdigit }, { "alnum", isalnum }, { "upper", isupper },
		{ "lower", islower }, { "space", isspace }, { "blank", isblank }, { "punct", ispunct },
		{ "print", isprint }, { "graph", isgraph }, { "cntrl", iscntrl }, { "xdigit", isxdigit },
	};

	for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++)
		if (strlen(classes[k].name) == n && strncmp(classes[k].name, name, n) == 0)
			return classes[k].is(c) != 0;
	return 0;
}

/* The bracket expression at p (just after '['): whether c is in it; *end
 * just past its ']'. Returns -1 if p starts no bracket expression. */
static inline int match_bracket(const char *p, unsigned char c, const char **end)
{
	int negate = 0, found = 0;
	const char *q = p;

	if (*q == '!' || *q == '^') {
		negate = 1;
		q++;
	}
	/* A ] first is a member, not the end. */
	for (int first = 1; *q && (first || *q != ']'); first = 0) {
		unsigned char lo, hi;

		if (q[0] == '[' && q[1] == ':') {
			const char *close = strstr(q + 2, ":]");
			if (close) {
				found |= match_in_class(q + 2, (size_t)(close - q - 2), c);
				q = close + 2;
				continue;
			}
		}
		if (*q == '\\' && q[1])
			q++;
		lo = (unsigned char)*q++;
		hi = lo;
		if (q[0] == '-' && q[1] && q[1] != ']') {
			q++;
			if (*q == '\\' && q[1])
				q++;
			hi = (unsigned char)*q++;
		}
		if (c >= lo && c <= hi)
			found = 1;
	}
	if (*q != ']')
		return -1;
	*end = q + 1;
	return found != negate;
}

/* Whether all of s[0, n) matches the pattern p. */
static inline int pattern_match(const char *p, const char *s, size_t n)
{
	const char *star_p = NULL, *star_s = NULL, *end = s + n;

	/* Backtracking to the last *: enough, since a later * can always
	 * take what an earlier one would have. */
	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (s < end) {
			const char *next = NULL;
			int ok = 0;

			if (*p == '?') {
				ok = 1;
				next = p + 1;
			} else if (*p == '[') {
				int b = match_bracket(p + 1, (unsigned char)*s, &next);
				if (b < 0) {
					ok = *s == '[';
					next = p + 1;
				} else {
					ok = b;
				}
			} else if (*p == '\\' && p[1]) {
				ok = p[1] == *s;
				next = p + 2;
			} else if (*p) {
				ok = *p == *s;
				next = p + 1;
			}
			if (ok) {
				p = next;
				s++;
				continue;
			}
		} else if (*p == '\0') {
			return 1;
		}
		if (!star_p || star_s >= end)
			return 0;
		p = star_p;
		s = ++star_s;
	}
}

/* Whether p has a * ? or [...] that is not quoted. */
static inline int pattern_has_glob(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '*' || *p == '?')
			return 1;
		else if (*p == '[') {
			const char *end;
			if (match_bracket(p + 1, 'a', &end) >= 0)
				return 1;
		}
	}
	return 0;
}

#endif
