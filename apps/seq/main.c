/* seq: writes a sequence of numbers, one a line.
 *   seq [first [increment]] last
 * From first (default 1) by increment (default 1, may be negative) for as
 * long as the number has not passed last. Numbers are decimal, with a
 * fraction if wanted (seq 0 0.25 1); the output has as many decimals as
 * first or increment has. The arithmetic is exact: every number is
 * scaled to an integer count of the smallest unit given. */
#include <stdio.h>
#include <string.h>
#include "apps/lib/output.h"

/* Numbers are below 10^MAX_DIGITS in that unit, so that sums fit a long
 * long. */
#define MAX_DIGITS 18

struct number {
	long long v;  /* all digits, the point removed */
	int decimals; /* digits after the point */
	int negative;
};

static int usage(void)
{
	fputs("usage: seq [first [increment]] last\n", stderr);
	return 2;
}

/* "[-+]digits[.digits]" into *n. 0, or -1 if it is not one or too long. */
static int parse(const char *s, struct number *n)
{
	int digits = 0;

	n->v = 0;
	n->decimals = 0;
	n->negative = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	for (int point = 0; *s; s++) {
		if (*s == '.' && !point) {
			point = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || ++digits > MAX_DIGITS)
			return -1;
		n->v = n->v * 10 + (*s - '0');
		n->decimals += point;
	}
	if (digits == 0)
		return -1;
	if (n->negative)
		n->v = -n->v;
	return 0;
}

static long long power10(int e)
{
	long long p = 1;

	while (e-- > 0)
		p *= 10;
	return p;
}

/* n in units of 10^-scale. 0, or -1 if that does not fit. */
static int rescale(struct number *n, int scale)
{
	long long f = power10(scale - n->decimals), limit = power10(MAX_DIGITS);

	if (n->v > limit / f || n->v < -limit / f)
		return -1;
	n->v *= f;
	n->decimals = scale;
	return 0;
}

int main(int argc, char **argv)
{
	struct number first = { 1, 0, 0 }, incr = { 1, 0, 0 }, last;
	struct number *operands[3] = { &last };
	int nops = argc - 1, scale = 0, shown;
	long long unit, x;
	const char **args = (const char **)argv + 1;

	if (nops > 0 && strcmp(args[0], "--") == 0) {
		args++;
		nops--;
	}
	if (nops < 1 || nops > 3)
		return usage();
	if (nops == 2) {
		operands[0] = &first;
		operands[1] = &last;
	} else if (nops == 3) {
		operands[0] = &first;
		operands[1] = &incr;
		operands[2] = &last;
	}
	for (int i = 0; i < nops; i++) {
		if (parse(args[i], operands[i]) < 0) {
			fprintf(stderr, "seq: invalid number: %s\n", args[i]);
			return usage();
		}
		if (operands[i]->decimals > scale)
			scale = operands[i]->decimals;
	}
	if (incr.v == 0) {
		fputs("seq: the increment must not be zero\n", stderr);
		return usage();
	}
	shown = first.decimals > incr.decimals ? first.decimals : incr.decimals;
	if (rescale(&first, scale) < 0 || rescale(&incr, scale) < 0 || rescale(&last, scale) < 0) {
		fputs("seq: number too large\n", stderr);
		return usage();
	}

	unit = power10(scale);
	/* x, incr and last are below 10^18 in magnitude, so x + incr cannot
	 * overflow; once it passes last the loop ends. */
	for (x = first.v; incr.v > 0 ? x <= last.v : x >= last.v; x += incr.v) {
		long long a = x < 0 ? -x : x;

		printf("%s%lld", x < 0 ? "-" : "", a / unit);
		if (shown > 0)
			printf(".%0*lld", shown, a % unit / power10(scale - shown));
		if (putchar('\n') == EOF)
			break;
	}

	if (output_flush("seq") < 0)
		return 1;
	return 0;
}
