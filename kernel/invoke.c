/* Invocation dispatch: from a cap to the decoder for its type. */
#include "kernel/invoke.h"
#include "kernel/arch.h"
#include "kernel/irq.h"
#include "kernel/thread.h"
#include "kernel/cspace.h"
#include "kernel/error.h"

int decode_invocation(struct slot *service, const struct inv_msg *msg, struct inv_reply *reply,
                      struct rn_error_info *err)
{
	reply->len = 0;
	switch (cap_type(&service->cap)) {
	case CAP_UNTYPED:
		return decode_untyped_invocation(service, msg, reply, err);
	case CAP_CNODE:
		return decode_cnode_invocation(service, msg, reply, err);
	case CAP_TCB:
		return decode_tcb_invocation(service, msg, reply, err);
	case CAP_IRQ_CONTROL:
	case CAP_IRQ_HANDLER:
		return decode_irq_invocation(service, msg, reply, err);
	case CAP_ASID_CONTROL:
	case CAP_ASID_POOL:
	case CAP_PAGE_TABLE:
	case CAP_FRAME:
		return arch_decode_invocation(service, msg, reply, err);
	case CAP_NULL:
	case CAP_ZOMBIE:
		return err_invalid_capability(err, 0);
	default:
		/* Endpoints, notifications and replies are not invoked: a
		 * Call on them is IPC (syscall.c). */
		return err_set(err, RN_ILLEGAL_OPERATION);
	}
}

int invoke_cptr(const struct cap *cspace_root, word_t service, word_t label, const word_t *mr,
                word_t len, const word_t *extra_cptrs, word_t n_extra, struct inv_reply *reply,
                struct rn_error_info *err)
{
	struct inv_msg msg = { .label = label, .len = len, .mr = mr, .n_extra = n_extra };
	struct slot *svc;
	word_t left;
	reply->len = 0;
	if (n_extra > RN_MSG_MAX_EXTRA_CAPS)
		return err_range(err, 0, 0, RN_MSG_MAX_EXTRA_CAPS);
	if (cspace_resolve(cspace_root, service, 64, &svc, &left, err) != RN_OK)
		return RN_FAILED_LOOKUP;
	if (cap_is_null(&svc->cap))
		return err_invalid_capability(err, 0);
	for (word_t i = 0; i < n_extra; i++) {
		if (cspace_lookup_cap(cspace_root, extra_cptrs[i], &msg.extra[i], err) != RN_OK) {
			err->arg = i + 1;
			return RN_FAILED_LOOKUP;
		}
	}
	return decode_invocation(svc, &msg, reply, err);
}
