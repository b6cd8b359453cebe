/* CSpace lookup: from a CNode cap and a cptr to a slot. The addressing
 * rules are specified in <ration/cspace.h>. O(levels), no recursion. */
#ifndef KERNEL_CSPACE_H
#define KERNEL_CSPACE_H

#include "kernel/cdt.h"
#include <ration/cspace.h>
#include <ration/errors.h>

/* The slot at `index` of the CNode that `cnode` names. */
static inline struct slot *cnode_slot(const struct cap *cnode, word_t index);

/* Resolves the low `depth` bits (1..64) of `cptr` from `root`. Returns
 * RN_OK with *slot and *bits_left set, or RN_FAILED_LOOKUP with the lookup
 * fields of *err filled. */
int cspace_resolve(const struct cap *root, word_t cptr, word_t depth,
		   struct slot **slot, word_t *bits_left, struct rn_error_info *err);

/* Looks up an invoked or extra cap: depth 64, bits left over at a
 * non-CNode cap ignored; an empty slot is MISSING_CAP. */
int cspace_lookup_cap(const struct cap *root, word_t cptr, struct slot **slot,
		      struct rn_error_info *err);

/* Looks up the slot (index, depth) names for a CNode operation: depth must
 * be 1..64 (RN_RANGE_ERROR naming message word `depth_arg`) and resolve
 * exactly (DEPTH_MISMATCH). The slot may be empty. `source` goes into
 * err->lookup_source. */
int cspace_lookup_slot(const struct cap *root, word_t index, word_t depth, word_t depth_arg,
		       bool source, struct slot **slot, struct rn_error_info *err);

#include "kernel/pmem.h"

static inline struct slot *cnode_slot(const struct cap *cnode, word_t index)
{
	return (struct slot *)paddr_to_kptr(cap_paddr(cnode)) + index;
}

#endif
