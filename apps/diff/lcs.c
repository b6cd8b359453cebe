/* diff's LCS (lcs.h): divide and conquer on the middle snake.
 *
 * Each step strips the lines both ends share, finds a snake on the
 * middle of an optimal edit path (a forward and a backward search that
 * meet), keeps it, and recurses on the two parts around it. The V
 * arrays of both searches are allocated once, for the whole problem. */
#include <stdlib.h>
#include "apps/diff/lcs.h"

struct lcs {
	lcs_equal eq;
	void *ctx;
	long *ma, *mb;
	long *vf, *vb; /* indexed by diagonal k + off */
	long off;
};

struct snake {
	long x, y, u, v; /* from (x, y) to (u, v), relative to the part */
};

static void keep(struct lcs *l, long i, long j)
{
	l->ma[i] = j;
	l->mb[j] = i;
}

/* The forward search's step d: 1 with the snake if it met the backward. */
static int forward(struct lcs *l, long a0, long b0, long n, long m, long d, struct snake *s)
{
	long delta = n - m, *vf = l->vf + l->off, *vb = l->vb + l->off;

	for (long k = -d; k <= d; k += 2) {
		long x = (k == -d || (k != d && vf[k - 1] < vf[k + 1])) ? vf[k + 1] : vf[k - 1] + 1;
		long y = x - k, xs = x, ys = y;
		while (x < n && y < m && l->eq(l->ctx, a0 + x, b0 + y))
			x++, y++;
		vf[k] = x;
		/* Odd delta: the paths meet after a forward step. */
		if ((delta & 1) && delta - k >= -(d - 1) && delta - k <= d - 1 && vf[k] + vb[delta - k] >= n) {
			*s = (struct snake){ xs, ys, x, y };
			return 1;
		}
	}
	return 0;
}

/* The backward search (on the reversed sequences) at step d. */
static int backward(struct lcs *l, long a0, long b0, long n, long m, long d, struct snake *s)
{
	long delta = n - m, *vf = l->vf + l->off, *vb = l->vb + l->off;

	for (long k = -d; k <= d; k += 2) {
		long x = (k == -d || (k != d && vb[k - 1] < vb[k + 1])) ? vb[k + 1] : vb[k - 1] + 1;
		long y = x - k, xs = x, ys = y;
		while (x < n && y < m && l->eq(l->ctx, a0 + n - x - 1, b0 + m - y - 1))
			x++, y++;
		vb[k] = x;
		if (!(delta & 1) && delta - k >= -d && delta - k <= d && vf[delta - k] + vb[k] >= n) {
			*s = (struct snake){ n - x, m - y, n - xs, m - ys };
			return 1;
		}
	}
	return 0;
}

static void middle_snake(struct lcs *l, long a0, long b0, long n, long m, struct snake *s)
{
	l->vf[l->off + 1] = 0;
	l->vb[l->off + 1] = 0;
	for (long d = 0; d <= (n + m + 1) / 2; d++)
		if (forward(l, a0, b0, n, m, d, s) || backward(l, a0, b0, n, m, d, s))
			return;
	*s = (struct snake){ 0, 0, 0, 0 }; /* not reached: the searches always meet */
}

static void solve(struct lcs *l, long a0, long a1, long b0, long b1)
{
	struct snake s;

	while (a0 < a1 && b0 < b1 && l->eq(l->ctx, a0, b0))
		keep(l, a0++, b0++);
	while (a0 < a1 && b0 < b1 && l->eq(l->ctx, a1 - 1, b1 - 1))
		keep(l, --a1, --b1);
	if (a0 == a1 || b0 == b1)
		return;
	middle_snake(l, a0, b0, a1 - a0, b1 - b0, &s);
	/* A part as big as the whole would not end: keep nothing there. */
	if ((s.x == 0 && s.y == 0 && s.u == a1 - a0 && s.v == b1 - b0) ||
	    (s.u - s.x == 0 && ((s.x == 0 && s.y == 0) || (s.x == a1 - a0 && s.y == b1 - b0))))
		return;
	solve(l, a0, a0 + s.x, b0, b0 + s.y);
	for (long i = 0; i < s.u - s.x; i++)
		keep(l, a0 + s.x + i, b0 + s.y + i);
	solve(l, a0 + s.u, a1, b0 + s.v, b1);
}

int lcs_match(long n, long m, lcs_equal eq, void *ctx, long *ma, long *mb)
{
	struct lcs l = { .eq = eq, .ctx = ctx, .ma = ma, .mb = mb, .off = n + m + 1 };

	for (long i = 0; i < n; i++)
		ma[i] = -1;
	for (long j = 0; j < m; j++)
		mb[j] = -1;
	l.vf = malloc((size_t)(2 * (n + m) + 3) * sizeof *l.vf);
	l.vb = malloc((size_t)(2 * (n + m) + 3) * sizeof *l.vb);
	if (!l.vf || !l.vb) {
		free(l.vf);
		free(l.vb);
		return -1;
	}
	solve(&l, 0, n, 0, m);
	free(l.vf);
	free(l.vb);
	return 0;
}
