/* Capability constructors and comparisons. The bit layout is documented in
 * kernel/cap.h; only this file and its inline helpers touch it. */
#include "kernel/cap.h"
#include "kernel/panic.h"

static word_t word0(enum cap_type type, word_t bits_a, paddr_t pa)
{
	assert(IS_ALIGNED(pa, 16) && pa < CAP_PADDR_LIMIT);
	return ((word_t)type << 59) | ((word_t)RN_RIGHTS_ALL << 56) | ((bits_a & MASK(8)) << 48) |
	       (pa >> 4);
}

struct cap cap_untyped_new(paddr_t pa, word_t size_bits, bool device)
{
	assert(size_bits >= RN_UNTYPED_MIN_BITS && size_bits <= RN_UNTYPED_MAX_BITS);
	return (struct cap){ { word0(CAP_UNTYPED, size_bits | ((word_t)device << 6), pa), 0 } };
}

struct cap cap_cnode_new(paddr_t pa, word_t radix)
{
	assert(radix >= RN_CNODE_MIN_RADIX && radix <= RN_CNODE_MAX_RADIX);
	return (struct cap){ { word0(CAP_CNODE, radix, pa), 0 } };
}

struct cap cap_object_new(enum cap_type type, paddr_t pa)
{
	assert(type == CAP_TCB || type == CAP_ENDPOINT || type == CAP_NOTIFICATION ||
	       type == CAP_REPLY || type == CAP_PAGE_TABLE || type == CAP_SCHED_GROUP);
	return (struct cap){ { word0(type, 0, pa), 0 } };
}

struct cap cap_frame_new(paddr_t pa, bool large, bool device)
{
	return (struct cap){ { word0(CAP_FRAME, (word_t)large | ((word_t)device << 1), pa), 0 } };
}

struct cap cap_zombie_new(paddr_t slots, word_t count_bits, word_t next)
{
	struct cap c = { { word0(CAP_ZOMBIE, count_bits, slots), next } };
	cap_set_rights(&c, 0);
	return c;
}

struct cap cap_asid_pool_new(paddr_t pa, word_t pool)
{
	return (struct cap){ { word0(CAP_ASID_POOL, pool, pa), 0 } };
}

struct cap cap_control_new(enum cap_type type)
{
	assert(type == CAP_ASID_CONTROL || type == CAP_IRQ_CONTROL);
	return (struct cap){ { word0(type, 0, 0), 0 } };
}

struct cap cap_irq_handler_new(word_t irq)
{
	return (struct cap){ { word0(CAP_IRQ_HANDLER, 0, 0), irq } };
}

void cap_cnode_set_guard(struct cap *c, word_t guard, word_t guard_size)
{
	assert(guard_size <= 63 && guard <= MASK(58));
	c->w[1] = (guard_size << 58) | guard;
}

word_t cap_object_bits(const struct cap *c)
{
	switch (cap_type(c)) {
	case CAP_UNTYPED:
		return cap_untyped_size_bits(c);
	case CAP_CNODE:
		return cap_cnode_radix(c) + RN_SLOT_BITS;
	case CAP_TCB:
		return RN_TCB_BITS;
	case CAP_ENDPOINT:
		return RN_ENDPOINT_BITS;
	case CAP_NOTIFICATION:
		return RN_NOTIFICATION_BITS;
	case CAP_REPLY:
		return RN_REPLY_BITS;
	case CAP_FRAME:
		return cap_frame_large(c) ? RN_FRAME_2M_BITS : RN_FRAME_4K_BITS;
	case CAP_PAGE_TABLE:
		return RN_PAGE_TABLE_BITS;
	case CAP_ASID_POOL:
		return RN_ASID_POOL_BITS;
	case CAP_SCHED_GROUP:
		return RN_SCHED_GROUP_BITS;
	default: /* null, zombie, and caps that name no memory */
		return 0;
	}
}

bool cap_same_object(const struct cap *a, const struct cap *b)
{
	enum cap_type t = cap_type(a);
	if (t == CAP_NULL || t == CAP_ZOMBIE || t != cap_type(b))
		return false;
	if (t == CAP_IRQ_HANDLER)
		return cap_irq(a) == cap_irq(b);
	return cap_paddr(a) == cap_paddr(b) && cap_object_bits(a) == cap_object_bits(b);
}

bool cap_same_region(const struct cap *a, const struct cap *b)
{
	if (cap_type(a) != CAP_UNTYPED)
		return cap_same_object(a, b);
	word_t bbits = cap_object_bits(b);
	if (bbits == 0)
		return false;
	paddr_t abase = cap_paddr(a), bbase = cap_paddr(b);
	return bbase >= abase && bbase + BIT(bbits) <= abase + BIT(cap_untyped_size_bits(a));
}
