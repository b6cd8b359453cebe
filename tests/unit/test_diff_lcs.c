/* diff's longest common subsequence (apps/diff/lcs.c): the lines kept
 * are a longest common subsequence, in order, of equal lines. */
#include <criterion/criterion.h>
#include <string.h>
#include "apps/diff/lcs.h"

struct seqs {
	const char *a, *b; /* one character a line */
};

static int eq(void *ctx, long i, long j)
{
	struct seqs *s = ctx;

	return s->a[i] == s->b[j];
}

/* The length of the LCS lcs_match found, checked to be a common
 * subsequence in both directions. */
static long kept(const char *a, const char *b)
{
	struct seqs s = { a, b };
	long n = (long)strlen(a), m = (long)strlen(b), ma[64], mb[64], count = 0, last = -1;

	cr_assert_eq(lcs_match(n, m, eq, &s, ma, mb), 0);
	for (long i = 0; i < n; i++) {
		if (ma[i] < 0)
			continue;
		cr_assert_gt(ma[i], last, "kept lines out of order");
		cr_assert_eq(a[i], b[ma[i]]);
		cr_assert_eq(mb[ma[i]], i);
		last = ma[i];
		count++;
	}
	return count;
}

Test(diff_lcs, finds_a_longest_common_subsequence)
{
	cr_expect_eq(kept("abcabba", "cbabac"), 4); /* Myers' own example */
	cr_expect_eq(kept("abcde", "abcde"), 5);
	cr_expect_eq(kept("abc", "xyz"), 0);
	cr_expect_eq(kept("", "abc"), 0);
	cr_expect_eq(kept("abc", ""), 0);
	cr_expect_eq(kept("abcdef", "acf"), 3);
	cr_expect_eq(kept("aaaa", "aa"), 2);
	cr_expect_eq(kept("xaybzc", "abc"), 3);
}
