/* diff's longest common subsequence: Myers' O((N+M)D) algorithm in
 * linear space ("An O(ND) Difference Algorithm and Its Variations",
 * 1986, section 4b), pure logic for the host tests.
 *
 * The lines are compared through a callback, so the caller decides what
 * "equal" means (it compares hashes first). The result marks, for each
 * line of a, the line of b it is kept as (-1: deleted), and for each
 * line of b the line of a (-1: inserted). */
#ifndef APPS_DIFF_LCS_H
#define APPS_DIFF_LCS_H

typedef int (*lcs_equal)(void *ctx, long i, long j);

/* Fills ma[0..n) and mb[0..m); 0, or -1 if out of memory. */
int lcs_match(long n, long m, lcs_equal eq, void *ctx, long *ma, long *mb);

#endif
