/* Untyped memory invocations (labels and arguments: <ration/invocation.h>). */
#ifndef RN_UNTYPED_H
#define RN_UNTYPED_H

#include <ration/objects.h>
#include <rn/invoke.h>

struct rn_untyped_info {
	rn_word_t paddr;
	rn_word_t size_bits;
	rn_word_t free_bytes;
	rn_word_t flags; /* RN_UNTYPED_DEVICE, RN_UNTYPED_HAS_CHILDREN */
	rn_word_t watermark;
};

/* Makes `count` objects of `type` into slots offset.. of the CNode found at
 * (index, depth) from `root` (depth 0: root itself). */
static inline int rn_untyped_retype(rn_cptr_t untyped, rn_word_t type, rn_word_t size_bits,
                                    rn_cptr_t root, rn_word_t index, rn_word_t depth,
                                    rn_word_t offset, rn_word_t count)
{
	rn_word_t args[] = { type, size_bits, index, depth, offset, count };
	return rn_invoke(untyped, RN_UNTYPED_RETYPE, args, 6, &root, 1, 0, 0);
}

static inline int rn_untyped_describe(rn_cptr_t untyped, struct rn_untyped_info *info)
{
	return rn_invoke(untyped, RN_UNTYPED_DESCRIBE, 0, 0, 0, 0, (rn_word_t *)info, 5);
}

#endif
