/* CSpace addressing: how a capability pointer (cptr) names a slot.
 *
 * A lookup starts at a CNode capability (the root) and resolves the low
 * `depth` bits of a cptr, most significant first. A CNode cap has a radix r
 * (its CNode has 2^r slots) and a guard: a value g of guard_size bits.
 * Each level consumes guard_size + r bits:
 *
 *       depth bits of the cptr still to resolve (n)
 *   |<-------------------------------------------------->|
 *   |  guard (guard_size bits) | index (r bits) | rest ...|
 *
 *   1. If guard_size > n, or those bits differ from g:  GUARD_MISMATCH
 *      (bits_left = n, guard_found = g, bits_found = guard_size).
 *   2. If guard_size + r > n:  DEPTH_MISMATCH (bits_left = n,
 *      bits_found = guard_size + r).
 *   3. The slot is number `index` of the CNode; n -= guard_size + r.
 *   4. If n == 0 the lookup ends at that slot. If n > 0 and the slot holds
 *      a CNode cap, continue at step 1 with it; otherwise the lookup ends
 *      at that slot with n bits left over.
 *
 * A radix is at least 1, so a lookup takes at most 64 levels.
 *
 * How the result is used:
 *  - The invoked cap and extra caps are looked up with depth 64; bits left
 *    over at a non-CNode cap are ignored (so a cap in a 2^12-slot root CNode
 *    whose cap has guard 0 of size 52 is named by its slot number). An empty
 *    slot is MISSING_CAP.
 *  - A slot named by (index, depth) in a CNode invocation or as Retype's
 *    destination must be reached exactly: 1 <= depth <= 64 (else
 *    RN_RANGE_ERROR 1..64), and bits left over are DEPTH_MISMATCH with
 *    bits_found = 0.
 *
 * The root CNode cap made at boot has radix CONFIG_ROOT_CNODE_BITS and
 * guard 0 of size 64 - radix, so cptr = slot number at depth 64. */
#ifndef RATION_CSPACE_H
#define RATION_CSPACE_H

#include <ration/types.h>

/* Mint/Mutate guard data for CNode caps: guard size in the low 6 bits,
 * the guard value above it. */
#define RN_CNODE_GUARD_DATA(guard, size) (((rn_word_t)(guard) << 6) | (rn_word_t)(size))
#define RN_CNODE_GUARD_MAX_BITS          58 /* widest guard value a cap can hold */

#endif
