/* Untyped_Retype and Untyped_Describe.
 *
 * An untyped cap names a naturally aligned region and a watermark: bytes
 * below it may be in use, bytes above it are free. Retype aligns the
 * watermark up to the object size and carves N objects in a row. While the
 * untyped has children the watermark only grows, so objects never overlap;
 * once it has none (all deleted or revoked) nothing lives in the region and
 * the next Retype starts again from 0. */
#include "kernel/untyped.h"
#include "kernel/cspace.h"
#include "kernel/error.h"
#include "kernel/invoke.h"
#include "kernel/objects.h"
#include "kernel/panic.h"

word_t untyped_effective_watermark(const struct slot *ut)
{
	return cdt_has_children(ut) ? cap_untyped_watermark(&ut->cap) : 0;
}

void untyped_retype(struct slot *ut, enum rn_object_type type, word_t user_bits, struct slot *dest,
                    word_t count)
{
	word_t bits = object_size_bits(type, user_bits);
	paddr_t base = cap_paddr(&ut->cap);
	paddr_t start = ALIGN_UP(base + untyped_effective_watermark(ut), BIT(bits));
	bool device = cap_untyped_device(&ut->cap);

	for (word_t i = 0; i < count; i++) {
		struct cap c = object_create(type, start + (i << bits), user_bits, device);
		/* Each new cap goes right after the untyped, so its children
		 * sit in the list in decreasing address order (the invariant
		 * checker relies on it to find overlaps in one pass). */
		cdt_insert_after(ut, &dest[i], c, true, true);
	}
	cap_untyped_set_watermark(&ut->cap, start + (count << bits) - base);
}

static bool device_may_become(enum rn_object_type type)
{
	/* Device memory is not RAM: the kernel must never keep its objects
	 * there, so it can only be mapped (frames) or split (untyped). */
	return type == RN_OBJ_FRAME_4K || type == RN_OBJ_FRAME_2M || type == RN_OBJ_UNTYPED;
}

static int decode_retype(struct slot *ut, const struct inv_msg *m, struct rn_error_info *e)
{
	if (m->len < 6 || m->n_extra < 1)
		return err_set(e, RN_TRUNCATED_MESSAGE);
	word_t type = m->mr[0], user_bits = m->mr[1], node_index = m->mr[2];
	word_t node_depth = m->mr[3], offset = m->mr[4], count = m->mr[5];

	if (type >= RN_OBJ_TYPE_COUNT)
		return err_invalid_argument(e, 0);
	word_t min, max;
	if (object_user_bits_range(type, &min, &max) && (user_bits < min || user_bits > max))
		return err_range(e, 1, min, max);
	if (cap_untyped_device(&ut->cap) && !device_may_become(type))
		return err_invalid_argument(e, 0);
	if (count < 1 || count > RN_RETYPE_MAX_OBJECTS)
		return err_range(e, 5, 1, RN_RETYPE_MAX_OBJECTS);

	/* The destination CNode: the root itself, or a CNode cap below it. */
	const struct cap *root = &m->extra[0]->cap;
	const struct cap *node;
	if (node_depth == 0) {
		if (cap_type(root) != CAP_CNODE)
			return err_lookup(e, RN_LOOKUP_INVALID_ROOT, 0, 0, 0);
		node = root;
	} else {
		struct slot *s;
		int r = cspace_lookup_slot(root, node_index, node_depth, 3, false, &s, e);
		if (r != RN_OK)
			return r;
		if (cap_type(&s->cap) != CAP_CNODE)
			return err_lookup(e, RN_LOOKUP_MISSING_CAP, 0, 0, 0);
		node = &s->cap;
	}

	word_t slots = BIT(cap_cnode_radix(node));
	if (offset >= slots)
		return err_range(e, 4, 0, slots - 1);
	if (count > slots - offset)
		return err_range(e, 5, 1, slots - offset);
	struct slot *dest = cnode_slot(node, offset);
	for (word_t i = 0; i < count; i++)
		if (!cap_is_null(&dest[i].cap))
			return err_set(e, RN_DELETE_FIRST);

	word_t bits = object_size_bits(type, user_bits);
	word_t size_bits = cap_untyped_size_bits(&ut->cap);
	paddr_t base = cap_paddr(&ut->cap);
	word_t wm = untyped_effective_watermark(ut);
	if (bits > size_bits ||
	    ALIGN_UP(base + wm, BIT(bits)) + (count << bits) > base + BIT(size_bits)) {
		err_set(e, RN_NOT_ENOUGH_MEMORY);
		e->memory_left = BIT(size_bits) - wm;
		return RN_NOT_ENOUGH_MEMORY;
	}

	untyped_retype(ut, type, user_bits, dest, count);
	return err_set(e, RN_OK);
}

static int describe(struct slot *ut, struct inv_reply *r, struct rn_error_info *e)
{
	const struct cap *c = &ut->cap;
	word_t wm = untyped_effective_watermark(ut);
	r->len = 5;
	r->mr[0] = cap_paddr(c);
	r->mr[1] = cap_untyped_size_bits(c);
	r->mr[2] = BIT(cap_untyped_size_bits(c)) - wm;
	r->mr[3] = (cap_untyped_device(c) ? RN_UNTYPED_DEVICE : 0) |
	           (cdt_has_children(ut) ? RN_UNTYPED_HAS_CHILDREN : 0);
	r->mr[4] = wm;
	return err_set(e, RN_OK);
}

int decode_untyped_invocation(struct slot *ut, const struct inv_msg *m, struct inv_reply *r,
                              struct rn_error_info *e)
{
	assert(cap_type(&ut->cap) == CAP_UNTYPED);
	switch (m->label) {
	case RN_UNTYPED_RETYPE:
		return decode_retype(ut, m, e);
	case RN_UNTYPED_DESCRIBE:
		return describe(ut, r, e);
	default:
		return err_set(e, RN_ILLEGAL_OPERATION);
	}
}
