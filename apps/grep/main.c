/* grep: writes the lines that match a pattern.
 *   grep [-cFinqv] [-e pattern | pattern] [file...]
 * -c  write only the number of selected lines
 * -F  the pattern is a fixed string, not a pattern
 * -i  ignore the case of letters
 * -n  put each line's number (from 1) before it
 * -q  write nothing; the exit status says whether a line was selected
 * -v  select the lines that do not match
 * -e  the pattern, for one that begins with '-'
 * "-" or no file is the standard input. With more than one file, each
 * line (or count) is preceded by its file's name and ':'.
 *
 * Patterns are a subset of POSIX basic regular expressions, matched
 * anywhere in the line:
 *   c        the character c            .      any character
 *   [abc]    one of a, b, c             [a-z]  one in the range
 *   [^x]     any but x ("]" first, "-" first or last: literal)
 *   x*       any number of x, including none ("*" first: literal)
 *   ^        the start of the line (first in the pattern only)
 *   $        the end of the line (last in the pattern only)
 *   \c       the character c, literally
 *
 * Exit status: 0 if a line was selected, 1 if none was, 2 on an error
 * (grep's convention, as 1 already means "no match"). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/output.h"

enum atom_kind { ATOM_CHAR, ATOM_ANY, ATOM_SET };

/* One element of a compiled pattern: what it matches, once or (star)
 * any number of times. */
struct atom {
	enum atom_kind kind;
	int star;
	unsigned char c;       /* ATOM_CHAR; folded to lower case with -i */
	unsigned char set[32]; /* ATOM_SET: a bit for each byte value */
};

struct pattern {
	struct atom *atoms;
	size_t n;
	int bol, eol; /* anchored at the start, the end of the line */
};

static int opt_count, opt_fixed, opt_icase, opt_number, opt_quiet, opt_invert;
static const char *fixed; /* -F: the string */
static size_t fixed_len;
static struct pattern pat; /* otherwise: the compiled pattern */

static void usage(void)
{
	fputs("usage: grep [-cFinqv] [-e pattern | pattern] [file...]\n", stderr);
	exit(2);
}

static void out_of_memory(void)
{
	fputs("grep: out of memory\n", stderr);
	exit(2);
}

static int fold(int c)
{
	return opt_icase ? tolower(c) : c;
}

static void set_add(unsigned char *set, unsigned c)
{
	set[c / 8] |= 1u << (c % 8);
	if (opt_icase) {
		set[tolower(c) / 8] |= 1u << (tolower(c) % 8);
		set[toupper(c) / 8] |= 1u << (toupper(c) % 8);
	}
}

/* The bracket expression after '[' at *pp into a; *pp is left past its
 * ']'. NULL, or what is wrong. */
static const char *compile_set(const char **pp, struct atom *a)
{
	const unsigned char *p = (const unsigned char *)*pp;
	int negate = *p == '^';

	a->kind = ATOM_SET;
	memset(a->set, 0, sizeof a->set);
	if (negate)
		p++;
	/* A ']' right after '[' or '[^' is a member, not the end. */
	for (int first = 1; *p && (*p != ']' || first); first = 0) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			if (p[2] < p[0])
				return "invalid range in [ ]";
			for (unsigned c = p[0]; c <= p[2]; c++)
				set_add(a->set, c);
			p += 3;
		} else {
			set_add(a->set, *p++);
		}
	}
	if (!*p)
		return "unmatched [";
	if (negate) {
		for (size_t i = 0; i < sizeof a->set; i++)
			a->set[i] = ~a->set[i];
	}
	*pp = (const char *)p + 1;
	return NULL;
}

/* Compiles s into pat. NULL, or what is wrong with s. */
static const char *compile(const char *s)
{
	size_t len = strlen(s);

	/* No atom is longer than a character of the pattern. */
	pat.atoms = calloc(len ? len : 1, sizeof *pat.atoms);
	if (!pat.atoms)
		out_of_memory();
	if (*s == '^') {
		pat.bol = 1;
		s++;
	}
	while (*s) {
		struct atom *a = &pat.atoms[pat.n];
		const char *err;

		if (*s == '$' && s[1] == '\0') {
			pat.eol = 1;
			break;
		}
		if (*s == '*' && pat.n > 0) {
			/* x** is x*: a second star changes nothing. */
			pat.atoms[pat.n - 1].star = 1;
			s++;
			continue;
		}
		switch (*s) {
		case '.':
			a->kind = ATOM_ANY;
			s++;
			break;
		case '[':
			s++;
			err = compile_set(&s, a);
			if (err)
				return err;
			break;
		case '\\':
			if (s[1] == '\0')
				return "trailing backslash";
			a->kind = ATOM_CHAR;
			a->c = (unsigned char)fold((unsigned char)s[1]);
			s += 2;
			break;
		default: /* a '*' here is first, and so literal */
			a->kind = ATOM_CHAR;
			a->c = (unsigned char)fold((unsigned char)*s);
			s++;
			break;
		}
		pat.n++;
	}
	return NULL;
}

static int atom_matches(const struct atom *a, unsigned char c)
{
	switch (a->kind) {
	case ATOM_CHAR:
		return fold(c) == a->c;
	case ATOM_ANY:
		return 1;
	case ATOM_SET:
		return a->set[c / 8] >> (c % 8) & 1;
	}
	return 0;
}

/* Does the pattern from atom a on (n atoms) match text starting at s?
 * A starred atom takes as many characters as it can, then gives them back
 * one at a time until the rest matches: recursion only as deep as the
 * pattern has stars. */
static int match_here(const struct atom *a, size_t n, const char *s, const char *end)
{
	for (; n > 0; a++, n--) {
		if (a->star) {
			const char *t = s;

			while (t < end && atom_matches(a, (unsigned char)*t))
				t++;
			for (;; t--) {
				if (match_here(a + 1, n - 1, t, end))
					return 1;
				if (t == s)
					return 0;
			}
		}
		if (s == end || !atom_matches(a, (unsigned char)*s))
			return 0;
		s++;
	}
	return !pat.eol || s == end;
}

static int match_fixed(const char *s, size_t len)
{
	for (size_t i = 0; i + fixed_len <= len; i++) {
		size_t j = 0;

		while (j < fixed_len &&
		       fold((unsigned char)s[i + j]) == fold((unsigned char)fixed[j]))
			j++;
		if (j == fixed_len)
			return 1;
	}
	return 0;
}

static int matches(const char *s, size_t len)
{
	if (opt_fixed)
		return match_fixed(s, len);
	if (pat.bol)
		return match_here(pat.atoms, pat.n, s, s + len);
	for (size_t i = 0; i <= len; i++) {
		if (match_here(pat.atoms, pat.n, s + i, s + len))
			return 1;
	}
	return 0;
}

/* Reads one line of f, its newline included, into *buf (grown as
 * needed). Its length; 0 at the end of the input or on a read error. */
static size_t get_line(FILE *f, char **buf, size_t *cap)
{
	size_t len = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (len == *cap) {
			size_t ncap = *cap ? *cap * 2 : 128;
			char *nb = realloc(*buf, ncap);

			if (!nb)
				out_of_memory();
			*buf = nb;
			*cap = ncap;
		}
		(*buf)[len++] = (char)c;
		if (c == '\n')
			break;
	}
	return len;
}

static void check_output(void)
{
	if (ferror(stdout)) {
		fprintf(stderr, "grep: write error: %s\n", strerror(errno));
		exit(2);
	}
}

/* The selected lines of f, or their count, prefixed by `name` if not NULL.
 * The number of lines selected; -1 if the input failed. */
static long long grep(FILE *f, const char *name)
{
	static char *line;
	static size_t cap;
	unsigned long long lineno = 0;
	long long selected = 0;
	size_t len;

	while ((len = get_line(f, &line, &cap)) > 0) {
		lineno++;
		if (line[len - 1] == '\n')
			len--;
		if (matches(line, len) == opt_invert)
			continue;
		selected++;
		if (opt_quiet)
			exit(0); /* the answer is known */
		if (opt_count)
			continue;
		if (name)
			printf("%s:", name);
		if (opt_number)
			printf("%llu:", lineno);
		fwrite(line, 1, len, stdout);
		putchar('\n');
		check_output();
	}
	if (ferror(f))
		return -1;
	if (opt_count) {
		if (name)
			printf("%s:", name);
		printf("%lld\n", selected);
		check_output();
	}
	return selected;
}

int main(int argc, char **argv)
{
	const char *pattern = NULL, *err;
	int errors = 0, found = 0, first, nfiles;

	/* Options come first; "-" alone is an operand, "--" ends them. */
	for (first = 1; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
		if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		}
		for (const char *p = argv[first] + 1; *p; p++) {
			if (*p == 'e') {
				/* -e pattern or -epattern: the rest of the word */
				pattern = p[1] ? p + 1 : argv[++first];
				if (!pattern)
					usage();
				break;
			}
			switch (*p) {
			case 'c':
				opt_count = 1;
				break;
			case 'F':
				opt_fixed = 1;
				break;
			case 'i':
				opt_icase = 1;
				break;
			case 'n':
				opt_number = 1;
				break;
			case 'q':
				opt_quiet = 1;
				break;
			case 'v':
				opt_invert = 1;
				break;
			default:
				fprintf(stderr, "grep: unknown option -%c\n", *p);
				usage();
			}
		}
	}
	if (!pattern) {
		if (first == argc)
			usage();
		pattern = argv[first++];
	}
	if (opt_fixed) {
		fixed = pattern;
		fixed_len = strlen(pattern);
	} else if ((err = compile(pattern)) != NULL) {
		fprintf(stderr, "grep: %s: %s\n", pattern, err);
		return 2;
	}

	nfiles = argc - first;
	if (nfiles == 0) {
		long long r = grep(stdin, NULL);

		if (r < 0) {
			fprintf(stderr, "grep: (standard input): %s\n", strerror(errno));
			errors = 1;
		}
		found = r > 0;
	}
	for (int i = first; i < argc; i++) {
		int stdin_op = strcmp(argv[i], "-") == 0;
		const char *name = stdin_op ? "(standard input)" : argv[i];
		FILE *f = stdin_op ? stdin : fopen(argv[i], "r");
		long long r;

		if (!f) {
			fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
			errors = 1;
			continue;
		}
		r = grep(f, nfiles > 1 ? name : NULL);
		if (r < 0) {
			fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
			errors = 1;
		} else if (r > 0) {
			found = 1;
		}
		if (!stdin_op)
			fclose(f);
	}

	if (output_flush("grep") < 0)
		return 2;
	return errors ? 2 : found ? 0 : 1;
}
