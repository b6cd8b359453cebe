/* Regular expressions (POSIX XBD 9), basic and extended, for grep, sed,
 * awk and expr-like users. newlib for this target has no regcomp, so this
 * is the one engine the utilities share.
 *
 * Design: a pattern is compiled to a small program (Thompson's
 * instructions: CHAR, ANY, SET, SPLIT, JMP, SAVE, ...) and run by a
 * backtracking matcher, as in Pike's and Cox's "regexp" notes. Jumps are
 * relative, so a compiled piece can be moved (when a SPLIT is put before
 * it for *, ? or |) without being fixed up. A one-character atom under a
 * repetition becomes one REP instruction that counts its matches in a
 * loop: ".*" over a long line costs no recursion per character. A group
 * under * gets a loop slot, and an iteration that matched nothing stops
 * the loop ("\(a*\)*" would otherwise never end).
 *
 * Backtracking recurses at each SPLIT and SAVE: a group repeated over a
 * very long line ("(ab)*" over 100 000 bytes) would run out of stack, so
 * the recursion stops at RE_MAX_DEPTH and the line counts as not matching
 * (the rest of the search is then given up).
 *
 * The match found is POSIX's: the leftmost, and at that start the
 * longest ("a|ab" on "ab" takes both bytes, "(a*)(ab)?b" on "aabb" all
 * four). The backtracking does not stop at the first match it finds: it
 * goes on through the other ways to match, keeping the longest, until one
 * reaches the subject's end (none can be longer) or the ways run out. So
 * that a pattern with very many ways still ends, the search for a longer
 * one stops RE_LONGER_STEPS steps after the first match, which is then
 * the answer. The groups are those of the longest match found first, not
 * always POSIX's rule (each group in turn the leftmost-longest); with
 * RE_WHOLE the pattern must match the whole subject.
 *
 * Syntax: . [set] [^set] [:class:] * ^ $ \( \) \{m,n\} \1..\9 and, as GNU
 * has them, \+ \? \| in basic; in extended ( ) | + ? {m,n} and ^ $
 * anywhere. \n \t are newline and tab; as GNU's, \< and \> match at the
 * start and the end of a word (letters, digits and _), \b at either.
 * Collating elements and equivalence classes are not supported.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_REGEX_H
#define APPS_LIB_REGEX_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define RE_EXTENDED 1
#define RE_ICASE 2
#define RE_WHOLE 4 /* anchored at both ends, as grep -x */
#define RE_NGROUPS 10
#define RE_REP_MAX 255 /* the largest m or n of {m,n} */
#define RE_MAX_DEPTH 40000 /* frames of recursion (64 bytes each on rv64): 2.5 MiB */
#define RE_MAX_STEPS 50000000UL /* a bound on the work, so a pathological pattern ends */
#define RE_LONGER_STEPS 1000000UL /* the search for a longer match, after the first */

enum re_op { RE_CHAR, RE_ANY, RE_SET, RE_BOL, RE_EOL, RE_SPLIT, RE_JMP, RE_SAVE, RE_BACKREF,
	     RE_REP, RE_LSET, RE_LCHK, RE_WORD_START, RE_WORD_END, RE_WORD_EDGE, RE_MATCH };

struct re_inst {
	unsigned char op;
	unsigned char atom; /* RE_REP: the op of the repeated atom */
	unsigned char c;    /* RE_CHAR (and a REP of one) */
	short min, max;     /* RE_REP (max -1: no bound) */
	int x, y;           /* SPLIT: both targets, relative (x first); JMP: x; SAVE,
	                     * BACKREF, LSET, LCHK: the slot; SET: the set's index */
};

struct regex {
	struct re_inst *code;
	int n, cap;
	unsigned char (*sets)[32];
	int nsets;
	int ngroups; /* groups opened, 1..9 */
	int nloops;
	int flags;
	const char *err; /* after a failed compile: what is wrong */
};

/* A match: the subject's bytes [so, eo); -1 for a group that took no
 * part. */
struct re_match {
	long so, eo;
};

/* ---- compiling -------------------------------------------------------- */

struct re_parse {
	struct regex *re;
	const char *p;
	int ext;
	int depth; /* groups open */
};

static inline int re_emit(struct regex *re, struct re_inst in)
{
	if (re->n == re->cap) {
		int ncap = re->cap ? 2 * re->cap : 32;
		struct re_inst *nc = realloc(re->code, (size_t)ncap * sizeof *nc);
		if (!nc)
			return re->err = "out of memory", -1;
		re->code = nc;
		re->cap = ncap;
	}
	re->code[re->n] = in;
	return re->n++;
}

/* Makes room for k instructions at `at`, moving the rest up. */
static inline int re_open_gap(struct regex *re, int at, int k)
{
	struct re_inst none = { .op = RE_MATCH };

	for (int i = 0; i < k; i++)
		if (re_emit(re, none) < 0)
			return -1;
	memmove(re->code + at + k, re->code + at, (size_t)(re->n - k - at) * sizeof *re->code);
	return 0;
}

/* Copies the instructions [from, to) to the end (for x+ and x{m,n}). */
static inline int re_copy(struct regex *re, int from, int to)
{
	for (int i = from; i < to; i++)
		if (re_emit(re, re->code[i]) < 0)
			return -1;
	return 0;
}

static inline int re_class(const char *name, size_t n, int c)
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
	return -1;
}

static inline void re_set_add(unsigned char *set, int c, int icase)
{
	set[c / 8] |= (unsigned char)(1u << (c % 8));
	if (icase) {
		set[tolower(c) / 8] |= (unsigned char)(1u << (tolower(c) % 8));
		set[toupper(c) / 8] |= (unsigned char)(1u << (toupper(c) % 8));
	}
}

/* A bracket expression, *p just after '[': one SET instruction. */
static inline int re_bracket(struct re_parse *ps)
{
	struct regex *re = ps->re;
	const unsigned char *p = (const unsigned char *)ps->p;
	unsigned char set[32] = { 0 };
	int negate = *p == '^', icase = re->flags & RE_ICASE;

	if (negate)
		p++;
	/* A ']' first is a member, not the end. */
	for (int first = 1; *p && (*p != ']' || first); first = 0) {
		if (p[0] == '[' && p[1] == ':') {
			const char *end = strstr((const char *)p + 2, ":]");
			if (!end || re_class((const char *)p + 2, (size_t)(end - (const char *)p - 2), 'a') < 0)
				return re->err = "unknown character class", -1;
			for (int c = 1; c < 256; c++)
				if (re_class((const char *)p + 2, (size_t)(end - (const char *)p - 2), c))
					re_set_add(set, c, icase);
			p = (const unsigned char *)end + 2;
		} else if (p[1] == '-' && p[2] && p[2] != ']') {
			if (p[2] < p[0])
				return re->err = "invalid range in [ ]", -1;
			for (int c = p[0]; c <= p[2]; c++)
				re_set_add(set, c, icase);
			p += 3;
		} else {
			re_set_add(set, *p++, icase);
		}
	}
	if (*p != ']')
		return re->err = "unterminated [", -1;
	ps->p = (const char *)p + 1;
	if (negate)
		for (int i = 0; i < 32; i++)
			set[i] = (unsigned char)~set[i];
	set[0] &= (unsigned char)~1u; /* never the NUL that ends C strings */
	unsigned char(*ns)[32] = realloc(re->sets, (size_t)(re->nsets + 1) * sizeof *ns);
	if (!ns)
		return re->err = "out of memory", -1;
	re->sets = ns;
	memcpy(ns[re->nsets], set, 32);
	return re_emit(re, (struct re_inst){ .op = RE_SET, .x = re->nsets++ });
}

static inline int re_alt(struct re_parse *ps);

/* {m,n} after the atom (ERE "{", BRE "\{"): *min and *max (-1 no bound). */
static inline int re_bounds(struct re_parse *ps, int *min, int *max)
{
	char *end;
	long m = strtol(ps->p, &end, 10), n;

	if (end == ps->p)
		return ps->re->err = "invalid repetition count", -1;
	n = m;
	if (*end == ',') {
		const char *q = end + 1;
		n = strtol(q, &end, 10);
		if (end == q)
			n = -1;
	}
	if (ps->ext ? *end != '}' : (end[0] != '\\' || end[1] != '}'))
		return ps->re->err = "unterminated {", -1;
	if (m > RE_REP_MAX || n > RE_REP_MAX || (n >= 0 && n < m))
		return ps->re->err = "invalid repetition count", -1;
	ps->p = end + (ps->ext ? 1 : 2);
	*min = (int)m;
	*max = (int)n;
	return 0;
}

/* x* for the code [at, n): a loop that stops when an iteration took
 * nothing. */
static inline int re_star(struct regex *re, int at)
{
	int len = re->n - at, slot = re->nloops++;

	/* at: SPLIT +1 +len+4; LSET; x; LCHK; JMP back to the SPLIT */
	if (re_open_gap(re, at, 2) < 0)
		return -1;
	re->code[at] = (struct re_inst){ .op = RE_SPLIT, .x = 1, .y = len + 4 };
	re->code[at + 1] = (struct re_inst){ .op = RE_LSET, .x = slot };
	if (re_emit(re, (struct re_inst){ .op = RE_LCHK, .x = slot }) < 0)
		return -1;
	return re_emit(re, (struct re_inst){ .op = RE_JMP, .x = at - re->n });
}

/* x? for the code [at, n). */
static inline int re_optional(struct regex *re, int at)
{
	int len = re->n - at;

	if (re_open_gap(re, at, 1) < 0)
		return -1;
	re->code[at] = (struct re_inst){ .op = RE_SPLIT, .x = 1, .y = len + 1 };
	return 0;
}

/* The atom [at, n) repeated min to max (-1: any) times. */
static inline int re_repeat(struct regex *re, int at, int min, int max)
{
	struct re_inst *a = &re->code[at];
	int end = re->n;

	/* One character: a REP that counts in a loop. */
	if (end - at == 1 && (a->op == RE_CHAR || a->op == RE_ANY || a->op == RE_SET)) {
		a->atom = a->op;
		a->op = RE_REP;
		a->min = (short)min;
		a->max = (short)max;
		return 0;
	}
	/* Otherwise copies: min of x, then x* or (max - min) of x?. */
	if (min == 0 && max == 0) {
		re->n = at;
		return 0;
	}
	for (int i = 1; i < min; i++)
		if (re_copy(re, at, end) < 0)
			return -1;
	if (max < 0) {
		int last = re->n;
		if (min > 0 && re_copy(re, at, end) < 0)
			return -1;
		return re_star(re, min > 0 ? last : at);
	}
	for (int i = min; i < max; i++) {
		int last = re->n;
		if (i > 0 || min > 0) {
			if (re_copy(re, at, end) < 0)
				return -1;
		} else {
			last = at;
		}
		if (re_optional(re, last) < 0)
			return -1;
	}
	return 0;
}

/* An escaped character after '\\' in an atom. */
static inline int re_escape(struct re_parse *ps)
{
	struct regex *re = ps->re;
	char c = *ps->p++;

	if (c >= '1' && c <= '9') {
		if (c - '0' > re->ngroups)
			return re->err = "invalid back reference", -1;
		return re_emit(re, (struct re_inst){ .op = RE_BACKREF, .x = c - '0' });
	}
	if (c == '<' || c == '>' || c == 'b')
		return re_emit(re, (struct re_inst){ .op = c == '<'   ? RE_WORD_START
		                                         : c == '>' ? RE_WORD_END
		                                                    : RE_WORD_EDGE });
	if (c == 'n')
		c = '\n';
	else if (c == 't')
		c = '\t';
	else if (c == '\0')
		return re->err = "trailing backslash", -1;
	return re_emit(re, (struct re_inst){ .op = RE_CHAR, .c = (unsigned char)c });
}

/* A group: its SAVEs around the alternation inside. */
static inline int re_group(struct re_parse *ps)
{
	struct regex *re = ps->re;
	int g = ++re->ngroups;

	if (g >= RE_NGROUPS)
		return re->err = "too many groups", -1;
	ps->depth++;
	if (re_emit(re, (struct re_inst){ .op = RE_SAVE, .x = 2 * g }) < 0 || re_alt(ps) < 0)
		return -1;
	if (ps->ext ? *ps->p != ')' : (ps->p[0] != '\\' || ps->p[1] != ')'))
		return re->err = "unmatched (", -1;
	ps->p += ps->ext ? 1 : 2;
	ps->depth--;
	return re_emit(re, (struct re_inst){ .op = RE_SAVE, .x = 2 * g + 1 });
}

/* Whether p is where a branch ends: |, ) or the end. */
static inline int re_branch_end(const struct re_parse *ps)
{
	const char *p = ps->p;

	if (!*p)
		return 1;
	if (ps->ext)
		return *p == '|' || (*p == ')' && ps->depth > 0);
	return p[0] == '\\' && (p[1] == '|' || (p[1] == ')' && ps->depth > 0));
}

/* One atom; *first says whether it starts a branch (where BRE takes * and
 * ^ differently). 1 if it may take a repetition after it. */
static inline int re_atom(struct re_parse *ps, int first)
{
	struct regex *re = ps->re;
	char c = *ps->p;

	if (c == '^' && (ps->ext || first)) {
		ps->p++;
		return re_emit(re, (struct re_inst){ .op = RE_BOL }) < 0 ? -1 : 0;
	}
	/* BRE: $ is an anchor only last in a branch. */
	if (c == '$') {
		ps->p++;
		if (ps->ext || re_branch_end(ps))
			return re_emit(re, (struct re_inst){ .op = RE_EOL }) < 0 ? -1 : 0;
		return re_emit(re, (struct re_inst){ .op = RE_CHAR, .c = '$' }) < 0 ? -1 : 1;
	}
	ps->p++;
	if (c == '.')
		return re_emit(re, (struct re_inst){ .op = RE_ANY }) < 0 ? -1 : 1;
	if (c == '[')
		return re_bracket(ps) < 0 ? -1 : 1;
	if (ps->ext && c == '(')
		return re_group(ps) < 0 ? -1 : 1;
	if (!ps->ext && c == '\\' && *ps->p == '(') {
		ps->p++;
		return re_group(ps) < 0 ? -1 : 1;
	}
	if (c == '\\')
		return re_escape(ps) < 0 ? -1 : 1;
	if (ps->ext && (c == '*' || c == '+' || c == '?' || c == '{') && !first)
		return re->err = "repetition of nothing", -1;
	return re_emit(re, (struct re_inst){ .op = RE_CHAR, .c = (unsigned char)c }) < 0 ? -1 : 1;
}

/* The repetition operator at p, if any: its bounds, p moved past it. */
static inline int re_postfix(struct re_parse *ps, int *min, int *max)
{
	const char *p = ps->p;

	*min = 0;
	*max = -1;
	if (*p == '*') {
		ps->p++;
		return 1;
	}
	if (ps->ext ? (*p == '+' || *p == '?') : (p[0] == '\\' && (p[1] == '+' || p[1] == '?'))) {
		char op = ps->ext ? p[0] : p[1];
		ps->p += ps->ext ? 1 : 2;
		*min = op == '+';
		*max = op == '+' ? -1 : 1;
		return 1;
	}
	if (ps->ext ? *p == '{' : (p[0] == '\\' && p[1] == '{')) {
		ps->p += ps->ext ? 1 : 2;
		return re_bounds(ps, min, max) < 0 ? -1 : 1;
	}
	return 0;
}

/* A branch: atoms, each perhaps repeated. */
static inline int re_branch(struct re_parse *ps)
{
	int first = 1;

	while (!re_branch_end(ps)) {
		int at = ps->re->n, min, max, r;
		/* BRE: a * first in a branch is itself. */
		if (!ps->ext && first && *ps->p == '*') {
			ps->p++;
			r = re_emit(ps->re, (struct re_inst){ .op = RE_CHAR, .c = '*' }) < 0 ? -1 : 1;
		} else {
			r = re_atom(ps, first);
		}
		if (r < 0)
			return -1;
		first = r == 0 && ps->re->code[at].op == RE_BOL; /* "^*" in BRE: a literal * */
		while (r == 1 && (r = re_postfix(ps, &min, &max)) == 1)
			if (re_repeat(ps->re, at, min, max) < 0)
				return -1;
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Branches separated by |: SPLIT to each, JMP past the rest. */
static inline int re_alt(struct re_parse *ps)
{
	struct regex *re = ps->re;
	int at = re->n;

	if (re_branch(ps) < 0)
		return -1;
	while (ps->ext ? *ps->p == '|' : (ps->p[0] == '\\' && ps->p[1] == '|')) {
		ps->p += ps->ext ? 1 : 2;
		/* at: SPLIT +1 +len+2; first; JMP past the second */
		int len = re->n - at;
		if (re_open_gap(re, at, 1) < 0)
			return -1;
		re->code[at] = (struct re_inst){ .op = RE_SPLIT, .x = 1, .y = len + 2 };
		int jmp = re_emit(re, (struct re_inst){ .op = RE_JMP });
		if (jmp < 0 || re_branch(ps) < 0)
			return -1;
		re->code[jmp].x = re->n - jmp;
	}
	return 0;
}

/* Compiles pattern: 0, or -1 with re->err saying what is wrong. */
static inline int re_compile(struct regex *re, const char *pattern, int flags)
{
	struct re_parse ps = { .re = re, .p = pattern, .ext = flags & RE_EXTENDED };

	memset(re, 0, sizeof *re);
	re->flags = flags;
	if ((flags & RE_WHOLE) && re_emit(re, (struct re_inst){ .op = RE_BOL }) < 0)
		return -1;
	if (re_alt(&ps) < 0)
		return -1;
	if (*ps.p)
		return re->err = ps.ext ? "unmatched )" : "unmatched \\)", -1;
	if ((flags & RE_WHOLE) && re_emit(re, (struct re_inst){ .op = RE_EOL }) < 0)
		return -1;
	return re_emit(re, (struct re_inst){ .op = RE_MATCH }) < 0 ? -1 : 0;
}

static inline void re_free(struct regex *re)
{
	free(re->code);
	free(re->sets);
	re->code = NULL;
	re->sets = NULL;
}

/* ---- matching --------------------------------------------------------- */

struct re_run {
	const struct regex *re;
	const char *s;
	long len;
	long cap[2 * RE_NGROUPS];
	long *loop;
	long best_cap[2 * RE_NGROUPS]; /* the longest match so far: best_cap[1] its end, or -1 */
	unsigned long steps, limit;
	int depth, overflow;
};

/* Whether s[at] is a byte of a word (and not past either end). */
static inline int re_word_at(const struct re_run *r, long at)
{
	unsigned char c;

	if (at < 0 || at >= r->len)
		return 0;
	c = (unsigned char)r->s[at];
	return isalnum(c) || c == '_';
}

static inline int re_one(const struct re_run *r, int op, const struct re_inst *in, long at)
{
	unsigned char c;

	if (at >= r->len)
		return 0;
	c = (unsigned char)r->s[at];
	switch (op) {
	case RE_CHAR:
		return (r->re->flags & RE_ICASE) ? tolower(c) == tolower(in->c) : c == in->c;
	case RE_ANY:
		return 1;
	default: /* RE_SET */
		return (r->re->sets[in->x][c / 8] >> (c % 8)) & 1;
	}
}

static inline int re_run_from(struct re_run *r, int pc, long at);

/* REP: as many as may be, then fewer until the rest matches. */
static inline int re_run_rep(struct re_run *r, int pc, long at)
{
	const struct re_inst *in = &r->re->code[pc];
	long k = 0;

	while ((in->max < 0 || k < in->max) && re_one(r, in->atom, in, at + k))
		k++;
	for (; k >= in->min; k--)
		if (re_run_from(r, pc + 1, at + k))
			return 1;
	return 0;
}

static inline int re_run_backref(const struct re_run *r, int g, long at)
{
	long so = r->cap[2 * g], eo = r->cap[2 * g + 1], n = eo - so;

	if (so < 0 || eo < 0)
		return -1;
	if (at + n > r->len)
		return -1;
	for (long i = 0; i < n; i++) {
		int a = (unsigned char)r->s[so + i], b = (unsigned char)r->s[at + i];
		if ((r->re->flags & RE_ICASE) ? tolower(a) != tolower(b) : a != b)
			return -1;
	}
	return (int)n;
}

static inline int re_run_body(struct re_run *r, int pc, long at);

/* Whether the program from pc matches at `at`; the captures set if so. */
static inline int re_run_from(struct re_run *r, int pc, long at)
{
	int found;

	if (r->depth >= RE_MAX_DEPTH) {
		r->overflow = 1;
		return 0;
	}
	r->depth++;
	found = re_run_body(r, pc, at);
	r->depth--;
	return found;
}

static inline int re_run_body(struct re_run *r, int pc, long at)
{
	for (;;) {
		const struct re_inst *in = &r->re->code[pc];
		long old;
		int n;

		if (++r->steps > r->limit || r->overflow)
			return 0;
		switch (in->op) {
		case RE_CHAR:
		case RE_ANY:
		case RE_SET:
			if (!re_one(r, in->op, in, at))
				return 0;
			at++;
			pc++;
			break;
		case RE_BOL:
			if (at != 0)
				return 0;
			pc++;
			break;
		case RE_EOL:
			if (at != r->len)
				return 0;
			pc++;
			break;
		case RE_JMP:
			pc += in->x;
			break;
		case RE_SPLIT:
			if (re_run_from(r, pc + in->x, at))
				return 1;
			pc += in->y;
			break;
		case RE_SAVE:
		case RE_LSET:
			/* Kept for the way back if the rest fails. */
			{
				long *slot = in->op == RE_SAVE ? &r->cap[in->x] : &r->loop[in->x];
				old = *slot;
				*slot = at;
				if (re_run_from(r, pc + 1, at))
					return 1;
				*slot = old;
				return 0;
			}
		case RE_LCHK:
			if (r->loop[in->x] == at)
				return 0; /* the iteration took nothing: no more of them */
			pc++;
			break;
		case RE_BACKREF:
			if ((n = re_run_backref(r, in->x, at)) < 0)
				return 0;
			at += n;
			pc++;
			break;
		case RE_REP:
			return re_run_rep(r, pc, at);
		case RE_WORD_START:
		case RE_WORD_END:
		case RE_WORD_EDGE: {
			int before = re_word_at(r, at - 1), after = re_word_at(r, at);
			if (in->op == RE_WORD_START ? before || !after
			    : in->op == RE_WORD_END ? !before || after
			                            : before == after)
				return 0;
			pc++;
			break;
		}
		default: /* RE_MATCH */
			/* The longest so far is kept; the search goes on for a
			 * longer one unless this one reached the end. */
			if (at > r->best_cap[1]) {
				if (r->best_cap[1] < 0 && r->limit > r->steps + RE_LONGER_STEPS)
					r->limit = r->steps + RE_LONGER_STEPS;
				memcpy(r->best_cap, r->cap, sizeof r->cap);
				r->best_cap[1] = at;
			}
			return at == r->len;
		}
	}
}

/* The leftmost match in s[0, len) starting at or after `from` (^ still
 * means s's start): 1 with m[0..RE_NGROUPS) set (m may be NULL), or 0. */
static inline int re_search(const struct regex *re, const char *s, long len, long from,
                            struct re_match *m)
{
	long loops[64], *loop = re->nloops <= 64 ? loops : malloc((size_t)re->nloops * sizeof *loop);
	struct re_run r = { .re = re, .s = s, .len = len, .loop = loop };
	int found = 0;

	if (!loop)
		return 0;
	for (long at = from; at <= len && !found; at++) {
		for (int i = 0; i < 2 * RE_NGROUPS; i++)
			r.cap[i] = -1;
		r.cap[0] = at;
		r.best_cap[1] = -1;
		r.limit = RE_MAX_STEPS;
		re_run_from(&r, 0, at);
		/* A match found before the work ran out stands. */
		found = r.best_cap[1] >= 0;
		/* Anchored at the start: no later start can match. */
		if (re->code[0].op == RE_BOL || r.overflow)
			break;
	}
	if (found && m)
		for (int i = 0; i < RE_NGROUPS; i++) {
			m[i].so = r.best_cap[2 * i];
			m[i].eo = r.best_cap[2 * i + 1];
			if (m[i].so < 0 || m[i].eo < 0)
				m[i].so = m[i].eo = -1;
		}
	if (loop != loops)
		free(loop);
	return found;
}

#endif
