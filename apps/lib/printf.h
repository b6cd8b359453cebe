/* printf (POSIX XCU printf), the shell's builtin; here so that a
 * /bin/printf can be the same code when the initrd has room for it. The format's escapes (\n \t \\ \a \b \f \r \v \0ddd) and
 * conversions %s %b %c %d %i %o %u %x %X %%, with flags, width and
 * precision (* too); the format is used again while arguments are left.
 * A numeric argument may be 'c (the character's code). Status 1 if an
 * argument was not a number.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_PRINTF_H
#define APPS_LIB_PRINTF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct printf_state {
	const char *prog;
	char **args;
	int nargs, used;
	int bad;
	int stop; /* \c in a %b argument: no more output */
};

static inline const char *printf_arg(struct printf_state *p)
{
	return p->used < p->nargs ? p->args[p->used++] : NULL;
}

static inline long printf_number(struct printf_state *p, const char *s)
{
	char *end;
	long v;

	if (!s || !*s)
		return 0;
	if (*s == '\'' || *s == '"')
		return (unsigned char)s[1];
	v = strtol(s, &end, 0);
	if (*end) {
		fprintf(stderr, "%s: %s: not completely converted\n", p->prog, s);
		p->bad = 1;
	}
	return v;
}

/* One escape at s (just after the backslash): the character in *c, the
 * characters it took returned. In %b, \0ddd is octal; in the format \ddd. */
static inline int printf_escape(const char *s, char *c, int in_b)
{
	static const char from[] = "\\abfnrtv\"'", to[] = "\\\a\b\f\n\r\t\v\"'";
	const char *k = *s ? strchr(from, *s) : NULL;
	int n = 0, v = 0;

	if (k) {
		*c = to[k - from];
		return 1;
	}
	if (*s >= '0' && *s <= '7') {
		int skip = in_b && *s == '0';
		for (n = skip; n < 3 + skip && s[n] >= '0' && s[n] <= '7'; n++)
			v = v * 8 + (s[n] - '0');
		*c = (char)v;
		return n ? n : 1;
	}
	*c = '\\';
	return 0;
}

static inline int printf_main(const char *prog, int argc, char **argv)
{
	struct printf_state p = { .prog = prog, .args = argv + 2, .nargs = argc - 2 };
	const char *fmt;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
		p.args++;
		p.nargs--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: %s format [arg...]\n", prog);
		return 2;
	}
	fmt = argv[1];
	do {
		int before = p.used;
		for (const char *f = fmt; *f && !p.stop; f++) {
			if (*f == '\\') {
				char c;
				if (f[1] == 'c') {
					p.stop = 1;
					break;
				}
				f += printf_escape(f + 1, &c, 0);
				putchar(c);
				continue;
			}
			if (*f != '%') {
				putchar(*f);
				continue;
			}
			if (f[1] == '%') {
				putchar('%');
				f++;
				continue;
			}
			/* %[flags][width][.precision]conversion */
			char spec[64], *o = spec;
			*o++ = '%';
			f++;
			while (*f && strchr("-+ #0", *f) && o < spec + 20)
				*o++ = *f++;
			if (*f == '*') {
				o += snprintf(o, 16, "%ld", printf_number(&p, printf_arg(&p)));
				f++;
			}
			while (*f >= '0' && *f <= '9' && o < spec + 40)
				*o++ = *f++;
			if (*f == '.') {
				*o++ = *f++;
				if (*f == '*') {
					o += snprintf(o, 16, "%ld", printf_number(&p, printf_arg(&p)));
					f++;
				}
				while (*f >= '0' && *f <= '9' && o < spec + 60)
					*o++ = *f++;
			}
			char conv = *f;
			const char *arg = strchr("sbcdiouxX", conv) && conv ? printf_arg(&p) : NULL;
			if (!conv) {
				fprintf(stderr, "%s: %%: missing conversion\n", prog);
				return 1;
			}
			switch (conv) {
			case 's':
				*o++ = 's';
				*o = '\0';
				printf(spec, arg ? arg : "");
				break;
			case 'b': {
				/* Expanded into a buffer, then printed with the spec as %s. */
				const char *s = arg ? arg : "";
				char *out = malloc(strlen(s) + 1), *w = out;
				if (!out)
					return 1;
				for (; *s; s++) {
					if (*s != '\\') {
						*w++ = *s;
						continue;
					}
					if (s[1] == 'c') {
						p.stop = 1;
						break;
					}
					char c;
					s += printf_escape(s + 1, &c, 1);
					*w++ = c;
				}
				*w = '\0';
				*o++ = 's';
				*o = '\0';
				printf(spec, out);
				free(out);
				break;
			}
			case 'c':
				*o++ = 'c';
				*o = '\0';
				printf(spec, arg && *arg ? *arg : '\0');
				break;
			case 'd':
			case 'i':
				*o++ = 'l';
				*o++ = 'd';
				*o = '\0';
				printf(spec, printf_number(&p, arg));
				break;
			case 'o':
			case 'u':
			case 'x':
			case 'X':
				*o++ = 'l';
				*o++ = conv;
				*o = '\0';
				printf(spec, (unsigned long)printf_number(&p, arg));
				break;
			default:
				fprintf(stderr, "%s: %%%c: invalid conversion\n", prog, conv);
				return 1;
			}
		}
		/* Again while arguments are left, if the format took any. */
		if (p.used == before)
			break;
	} while (p.used < p.nargs && !p.stop);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "%s: write error\n", prog);
		return 1;
	}
	return p.bad;
}

#endif
