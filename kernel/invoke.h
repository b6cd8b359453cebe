/* Kernel invocations: what the system-call layer (syscall.c) calls with
 * the message of a Call on a kernel object, its caps looked up.
 *
 * Each decode_* function first checks everything (cap type, label, message
 * length, every argument, every slot) and refuses with a specific error
 * and no change at all; only then does it perform the operation. */
#ifndef KERNEL_INVOKE_H
#define KERNEL_INVOKE_H

#include "kernel/cdt.h"
#include <ration/errors.h>
#include <ration/invocation.h>

struct inv_msg {
	word_t label; /* enum rn_invocation_label */
	word_t len;   /* message words in mr[] */
	const word_t *mr;
	word_t n_extra; /* extra caps, already looked up */
	struct slot *extra[RN_MSG_MAX_EXTRA_CAPS];
};

struct inv_reply {
	word_t len;
	word_t mr[RN_MSG_MAX_REPLY];
};

/* Invokes the cap in `service` (which must be non-empty). Returns the
 * error code (RN_OK on success), also stored in err->code. */
int decode_invocation(struct slot *service, const struct inv_msg *msg, struct inv_reply *reply,
                      struct rn_error_info *err);

/* Per object type (untyped.c, cnode.c). */
int decode_untyped_invocation(struct slot *ut, const struct inv_msg *msg, struct inv_reply *reply,
                              struct rn_error_info *err);
int decode_cnode_invocation(struct slot *cnode, const struct inv_msg *msg, struct inv_reply *reply,
                            struct rn_error_info *err);
/* CNode_CopyRange (cnode_range.c), reached through decode_cnode_invocation. */
int decode_cnode_copy_range(struct slot *cnode, const struct inv_msg *msg,
                            struct rn_error_info *err);
/* The first slot of a range (mr[0] index, mr[1] depth, mr[2] offset,
 * looked up from root as Retype finds its destination) with `count` slots
 * inside its CNode; errors name the message words from first_arg, and
 * mr6 for the count (the layout of CNode_CopyRange and Frame_CopyRange). */
int cnode_range_arg(const struct cap *root, const word_t *mr, word_t count, word_t first_arg,
                    bool source, struct slot **slots, struct rn_error_info *err);

#endif
