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
	case CAP_SCHED_GROUP:
		return decode_sched_group_invocation(service, msg, reply, err);
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
