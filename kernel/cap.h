/* Capabilities: two machine words naming an object and what may be done
 * with it. All packing of fields into the words lives here and in cap.c.
 *
 *  word 0  63    59 58   56 55          48 47                           0
 *         +--------+-------+--------------+------------------------------+
 *         |  type  | rights| type bits A  |  object paddr >> 4            |
 *         +--------+-------+--------------+------------------------------+
 *  word 1  type specific (64 bits)
 *
 *  type       A (bits 55..48)                   word 1
 *  Untyped    [53:48] size bits, [54] device    watermark (bytes used)
 *  CNode      [53:48] radix                     [63:58] guard size, [57:0] guard
 *  Endpoint   -                                 badge (0 = unbadged)
 *  Notif.     -                                 badge
 *  Frame      [48] 2 MiB, [49] device           mapping (issue 6; 0 now)
 *  PageTable  -                                 mapping (issue 6; 0 now)
 *  TCB, Reply, SchedGroup -                     0
 *  Zombie     [53:48] log2 slot count           next zombie (kernel pointer)
 *  ASIDPool   [54:48] pool number               0
 *  ASIDCtl, IRQCtl  (no object, paddr 0)        0
 *  IRQHandler (no object, paddr 0)              interrupt number
 *
 * Objects are at least 16-byte aligned, so paddr >> 4 in 48 bits covers
 * physical addresses below 2^52 (RISC-V Sv39 allows 56; QEMU virt and real
 * boards use far less; boot refuses RAM above CAP_PADDR_LIMIT).
 * A Zombie is kernel-internal: it stands, during one Delete or Revoke, for
 * an object whose slots are still being emptied (see kernel/delete.c). */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include "kernel/types.h"
#include <ration/objects.h>
#include <ration/rights.h>

struct cap {
	word_t w[2];
};
compile_assert(cap_is_two_words, sizeof(struct cap) == 2 * sizeof(word_t));

enum cap_type {
	CAP_NULL = 0,
	CAP_UNTYPED,
	CAP_CNODE,
	CAP_TCB,
	CAP_ENDPOINT,
	CAP_NOTIFICATION,
	CAP_REPLY,
	CAP_FRAME,
	CAP_PAGE_TABLE,
	CAP_ZOMBIE,
	CAP_ASID_CONTROL, /* makes ASID pools (one, made at boot) */
	CAP_ASID_POOL,    /* a 4 KiB pool of 512 ASIDs (from untyped) */
	CAP_IRQ_CONTROL,  /* makes IRQ handler caps (one, made at boot) */
	CAP_IRQ_HANDLER,  /* one interrupt line; word 1 is its number */
	CAP_SCHED_GROUP,  /* a scheduling group (kernel/sched.h) */
	CAP_TYPE_COUNT
};

#define CAP_PADDR_LIMIT BIT(52)

static inline struct cap cap_null(void)
{
	return (struct cap){ { 0, 0 } };
}

static inline enum cap_type cap_type(const struct cap *c)
{
	return (enum cap_type)(c->w[0] >> 59);
}

static inline bool cap_is_null(const struct cap *c)
{
	return cap_type(c) == CAP_NULL;
}

static inline paddr_t cap_paddr(const struct cap *c)
{
	return c->w[0] << 16 >> 12; /* (w[0] & MASK(48)) << 4, in two shifts */
}

static inline word_t cap_rights(const struct cap *c)
{
	return (c->w[0] >> 56) & MASK(3);
}

/* Whether c is a `type` cap with (at least) `rights`: type and rights sit
 * side by side, so one mask and one compare (the IPC fastpath's test). */
static inline bool cap_has_type_rights(const struct cap *c, enum cap_type type, word_t rights)
{
	return ((c->w[0] >> 56) & (MASK(5) << 3 | rights)) == ((word_t)type << 3 | rights);
}

static inline void cap_set_rights(struct cap *c, word_t rights)
{
	c->w[0] = (c->w[0] & ~(MASK(3) << 56)) | ((rights & MASK(3)) << 56);
}

/* The 8 type-specific bits of word 0. */
static inline word_t cap_bits_a(const struct cap *c)
{
	return (c->w[0] >> 48) & MASK(8);
}

/* Constructors. Objects get all rights when made; derivation drops some. */
struct cap cap_untyped_new(paddr_t pa, word_t size_bits, bool device);
struct cap cap_cnode_new(paddr_t pa, word_t radix);
struct cap cap_object_new(enum cap_type type, paddr_t pa); /* TCB, EP, NTFN, Reply, PT, group */
struct cap cap_frame_new(paddr_t pa, bool large, bool device);
struct cap cap_zombie_new(paddr_t slots, word_t count_bits, word_t next);
struct cap cap_asid_pool_new(paddr_t pa, word_t pool);
struct cap cap_control_new(enum cap_type type); /* ASID control, IRQ control */
struct cap cap_irq_handler_new(word_t irq);

/* Untyped fields. */
static inline word_t cap_untyped_size_bits(const struct cap *c)
{
	return cap_bits_a(c) & MASK(6);
}
static inline bool cap_untyped_device(const struct cap *c)
{
	return (cap_bits_a(c) >> 6) & 1;
}
static inline word_t cap_untyped_watermark(const struct cap *c)
{
	return c->w[1];
}
static inline void cap_untyped_set_watermark(struct cap *c, word_t wm)
{
	c->w[1] = wm;
}

/* CNode fields. */
static inline word_t cap_cnode_radix(const struct cap *c)
{
	return cap_bits_a(c) & MASK(6);
}
static inline word_t cap_cnode_guard_size(const struct cap *c)
{
	return c->w[1] >> 58;
}
static inline word_t cap_cnode_guard(const struct cap *c)
{
	return c->w[1] & MASK(58);
}
void cap_cnode_set_guard(struct cap *c, word_t guard, word_t guard_size);

/* Endpoint and notification badge. */
static inline word_t cap_badge(const struct cap *c)
{
	return c->w[1];
}
static inline void cap_set_badge(struct cap *c, word_t badge)
{
	c->w[1] = badge;
}
static inline bool cap_has_badge_field(const struct cap *c)
{
	return cap_type(c) == CAP_ENDPOINT || cap_type(c) == CAP_NOTIFICATION;
}

/* Frame fields. */
static inline bool cap_frame_large(const struct cap *c)
{
	return cap_bits_a(c) & 1;
}
static inline bool cap_frame_device(const struct cap *c)
{
	return (cap_bits_a(c) >> 1) & 1;
}

/* Frame and PageTable: where the object is mapped (layout is the arch's:
 * arch/riscv/mapping.h; 0 = not mapped). */
static inline word_t cap_mapping(const struct cap *c)
{
	return c->w[1];
}
static inline void cap_set_mapping(struct cap *c, word_t m)
{
	c->w[1] = m;
}

/* ASID pool and IRQ handler fields. */
static inline word_t cap_asid_pool_number(const struct cap *c)
{
	return cap_bits_a(c) & MASK(7);
}
static inline word_t cap_irq(const struct cap *c)
{
	return c->w[1];
}

/* Zombie fields. */
static inline word_t cap_zombie_count_bits(const struct cap *c)
{
	return cap_bits_a(c) & MASK(6);
}
static inline word_t cap_zombie_next(const struct cap *c)
{
	return c->w[1];
}

/* The memory a cap's object occupies: log2 of its size (0 for null and
 * zombie caps, which name no object of their own). */
word_t cap_object_bits(const struct cap *c);

/* True when a and b name the same object (copies, mints, the same untyped
 * region). Untyped caps are the same object only with equal base and size. */
bool cap_same_object(const struct cap *a, const struct cap *b);

/* True when b's object lies inside a's: an untyped contains everything
 * carved from it; any other object only contains itself. */
bool cap_same_region(const struct cap *a, const struct cap *b);

#endif
