/* Untyped memory: Retype carves objects from it in order. */
#ifndef KERNEL_UNTYPED_H
#define KERNEL_UNTYPED_H

#include "kernel/cdt.h"

/* The invoke half of Retype, for callers that have validated everything
 * (decode_untyped_invocation, boot): makes `count` objects of `type` into
 * the empty slots dest[0..count-1] as children of `ut`. If `ut` has no
 * children its watermark first resets to 0. O(count) plus zeroing. */
void untyped_retype(struct slot *ut, enum rn_object_type type, word_t user_bits, struct slot *dest,
                    word_t count);

/* The watermark Retype will start from: 0 when `ut` has no children. */
word_t untyped_effective_watermark(const struct slot *ut);

#endif
