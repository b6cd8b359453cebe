/* Object sizes, creation (zeroing) and the one finalisation path per type. */
#include "kernel/objects.h"
#include "kernel/arch.h"
#include "kernel/ipc.h"
#include "kernel/irq.h"
#include "kernel/thread.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"
#include "kernel/string.h"

word_t object_size_bits(enum rn_object_type type, word_t user_bits)
{
	switch (type) {
	case RN_OBJ_UNTYPED:
		return user_bits;
	case RN_OBJ_CNODE:
		return user_bits + RN_SLOT_BITS;
	case RN_OBJ_TCB:
		return RN_TCB_BITS;
	case RN_OBJ_ENDPOINT:
		return RN_ENDPOINT_BITS;
	case RN_OBJ_NOTIFICATION:
		return RN_NOTIFICATION_BITS;
	case RN_OBJ_REPLY:
		return RN_REPLY_BITS;
	case RN_OBJ_FRAME_4K:
		return RN_FRAME_4K_BITS;
	case RN_OBJ_FRAME_2M:
		return RN_FRAME_2M_BITS;
	case RN_OBJ_PAGE_TABLE:
		return RN_PAGE_TABLE_BITS;
	case RN_OBJ_SCHED_GROUP:
		return RN_SCHED_GROUP_BITS;
	default:
		panic("object_size_bits: bad type %d", (int)type);
	}
}

bool object_user_bits_range(enum rn_object_type type, word_t *min, word_t *max)
{
	if (type == RN_OBJ_UNTYPED) {
		*min = RN_UNTYPED_MIN_BITS;
		*max = RN_UNTYPED_MAX_BITS;
		return true;
	}
	if (type == RN_OBJ_CNODE) {
		*min = RN_CNODE_MIN_RADIX;
		*max = RN_CNODE_MAX_RADIX;
		return true;
	}
	return false;
}

struct cap object_create(enum rn_object_type type, paddr_t pa, word_t user_bits, bool device)
{
	word_t bits = object_size_bits(type, user_bits);
	/* Zero now, never lazily: an object is valid from its first use, and
	 * nothing of the previous owner's data survives a revoke. */
	if (type != RN_OBJ_UNTYPED && !device)
		memset(paddr_to_kptr(pa), 0, BIT(bits));

	switch (type) {
	case RN_OBJ_UNTYPED:
		return cap_untyped_new(pa, user_bits, device);
	case RN_OBJ_CNODE:
		return cap_cnode_new(pa, user_bits);
	case RN_OBJ_TCB:
		return cap_object_new(CAP_TCB, pa);
	case RN_OBJ_ENDPOINT:
		return cap_object_new(CAP_ENDPOINT, pa);
	case RN_OBJ_NOTIFICATION:
		return cap_object_new(CAP_NOTIFICATION, pa);
	case RN_OBJ_REPLY:
		return cap_object_new(CAP_REPLY, pa);
	case RN_OBJ_FRAME_4K:
		return cap_frame_new(pa, false, device);
	case RN_OBJ_FRAME_2M:
		return cap_frame_new(pa, true, device);
	case RN_OBJ_PAGE_TABLE:
		return cap_object_new(CAP_PAGE_TABLE, pa);
	case RN_OBJ_SCHED_GROUP: /* zeroed: an empty group */
		return cap_object_new(CAP_SCHED_GROUP, pa);
	default:
		panic("object_create: bad type %d", (int)type);
	}
}

bool object_slots(const struct cap *c, struct slot_array *slots)
{
	switch (cap_type(c)) {
	case CAP_CNODE:
		slots->base = cap_paddr(c);
		slots->count_bits = cap_cnode_radix(c);
		return true;
	case CAP_TCB:
		slots->base = cap_paddr(c) + __builtin_offsetof(struct tcb, slots);
		slots->count_bits = TCB_SLOT_BITS;
		return true;
	default:
		return false;
	}
}

void object_cap_deleted(const struct cap *c)
{
	if (cap_type(c) == CAP_FRAME)
		arch_finalise_frame(c);
}

bool object_finalise(const struct cap *c, struct slot_array *slots)
{
	switch (cap_type(c)) {
	case CAP_UNTYPED:
		/* Its memory returns to the parent untyped, or is simply no
		 * longer named; what was carved from it went first (delete.c). */
		return false;
	case CAP_CNODE:
		return object_slots(c, slots);
	case CAP_TCB:
		tcb_finalise(paddr_to_kptr(cap_paddr(c)));
		return object_slots(c, slots);
	case CAP_ENDPOINT:
		endpoint_finalise(cap_paddr(c));
		return false;
	case CAP_NOTIFICATION:
		irq_notification_gone(cap_paddr(c));
		notification_finalise(cap_paddr(c));
		return false;
	case CAP_REPLY:
		reply_finalise(cap_paddr(c));
		return false;
	case CAP_FRAME:
		return false; /* its mapping went with the cap (object_cap_deleted) */
	case CAP_PAGE_TABLE:
		arch_finalise_page_table(c);
		return false;
	case CAP_ASID_POOL:
		arch_finalise_asid_pool(c);
		return false;
	case CAP_IRQ_HANDLER:
		irq_finalise_handler(cap_irq(c));
		return false;
	case CAP_SCHED_GROUP:
		sched_group_finalise(paddr_to_kptr(cap_paddr(c)));
		return false;
	case CAP_ASID_CONTROL:
	case CAP_IRQ_CONTROL:
		return false;
	default:
		panic("object_finalise: cap type %d", (int)cap_type(c));
	}
}
