/* tr: translates, squeezes or deletes characters of its input.
 *   tr [-c] string1 string2
 *   tr -s [-c] string1 [string2]
 *   tr -d [-c] string1
 *   tr -ds [-c] string1 string2
 * Strings have ranges (a-z), escapes (\n \t \\ \ooo) and classes
 * ([:alpha:] [:digit:] [:lower:] [:upper:] [:space:] [:alnum:] [:punct:]);
 * when string2 is shorter its last character repeats. -c: the complement
 * of string1. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

/* The characters a string stands for, in order; their number. */
static int expand_set(const char *s, unsigned char *out)
{
	int n = 0;

	while (*s && n < 1024) {
		int c;
		if (s[0] == '[' && s[1] == ':') {
			const char *close = strstr(s, ":]");
			static const struct {
				const char *name;
				int (*is)(int);
			} classes[] = { { "alpha", isalpha }, { "digit", isdigit }, { "lower", islower },
				        { "upper", isupper }, { "space", isspace }, { "alnum", isalnum },
				        { "punct", ispunct }, { "blank", isblank }, { "cntrl", iscntrl },
				        { "print", isprint }, { "xdigit", isxdigit } };
			int found = 0;
			for (size_t k = 0; close && k < sizeof classes / sizeof classes[0]; k++) {
				if ((size_t)(close - s - 2) == strlen(classes[k].name) &&
				    strncmp(s + 2, classes[k].name, strlen(classes[k].name)) == 0) {
					for (int ch = 0; ch < 256 && n < 1024; ch++)
						if (classes[k].is(ch))
							out[n++] = (unsigned char)ch;
					found = 1;
				}
			}
			if (found) {
				s = close + 2;
				continue;
			}
		}
		if (*s == '\\' && s[1]) {
			s++;
			if (*s >= '0' && *s <= '7') {
				c = 0;
				for (int k = 0; k < 3 && *s >= '0' && *s <= '7'; k++)
					c = c * 8 + (*s++ - '0');
			} else {
				/* POSIX's escapes; any other character is itself. */
				static const char from[] = "abfnrtv", to[] = "\a\b\f\n\r\t\v";
				const char *e = strchr(from, *s);
				c = e && *e ? to[e - from] : (unsigned char)*s;
				s++;
			}
		} else {
			c = (unsigned char)*s++;
		}
		if (s[0] == '-' && s[1]) {
			int hi = (unsigned char)s[1];
			s += 2;
			for (; c <= hi && n < 1024; c++)
				out[n++] = (unsigned char)c;
			continue;
		}
		out[n++] = (unsigned char)c;
	}
	return n;
}

int main(int argc, char **argv)
{
	int complement = 0, del = 0, squeeze = 0, c;
	unsigned char set1[1024], set2[1024], map[256], in1[256] = { 0 }, in2[256] = { 0 };

	while ((c = option_next(argc, argv, "tr", "cCds")) != -1) {
		if (c == 'c' || c == 'C')
			complement = 1;
		else if (c == 'd')
			del = 1;
		else if (c == 's')
			squeeze = 1;
		else
			goto usage;
	}
	int nops = argc - optind;
	if (nops < 1 || nops > 2 || (del && !squeeze && nops != 1) ||
	    (!del && !squeeze && nops != 2) || (del && squeeze && nops != 2))
		goto usage;
	int n1 = expand_set(argv[optind], set1), n2 = nops == 2 ? expand_set(argv[optind + 1], set2) : 0;
	for (int i = 0; i < n1; i++)
		in1[set1[i]] = 1;
	if (complement) {
		/* The complement, in the order of the character codes. */
		n1 = 0;
		for (int ch = 0; ch < 256; ch++)
			if (!in1[ch])
				set1[n1++] = (unsigned char)ch;
		memset(in1, 0, sizeof in1);
		for (int i = 0; i < n1; i++)
			in1[set1[i]] = 1;
	}
	for (int ch = 0; ch < 256; ch++)
		map[ch] = (unsigned char)ch;
	if (!del && nops == 2) {
		if (n2 == 0) {
			fprintf(stderr, "tr: string2 is empty\n");
			return 1;
		}
		for (int i = 0; i < n1; i++)
			map[set1[i]] = set2[i < n2 ? i : n2 - 1];
	}
	/* What -s squeezes: string2's characters, or string1's without one. */
	const unsigned char *sq = nops == 2 ? set2 : set1;
	int nsq = nops == 2 ? n2 : n1;
	for (int i = 0; i < nsq; i++)
		in2[sq[i]] = 1;
	int last = -1;
	while ((c = getchar()) != EOF) {
		if (del && in1[c])
			continue;
		int out = del ? c : map[c];
		if (squeeze && in2[out] && out == last)
			continue;
		putchar(out);
		last = out;
	}
	return output_flush("tr") < 0;
usage:
	fprintf(stderr, "usage: tr [-cds] string1 [string2]\n");
	return 2;
}
