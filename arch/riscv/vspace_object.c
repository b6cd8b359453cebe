/* Address-space objects: ASID control and pools, page tables, frames.
 * Their invocations (decode, then act) and their finalisation. Layout of
 * the mapping records in mapping.h, of ASIDs in asid.h. */
#include "arch/riscv/asid.h"
#include "arch/riscv/mapping.h"
#include "arch/riscv/tlb.h"
#include "arch/riscv/vm.h"
#include "arch/riscv/vspace.h"
#include "kernel/boot.h"
#include <ration/bootinfo.h>
#include "kernel/arch.h"
#include "kernel/cspace.h"
#include "kernel/error.h"
#include "kernel/invoke.h"
#include "kernel/string.h"
#include "kernel/untyped.h"

static int frame_level(const struct cap *frame)
{
	return cap_frame_large(frame) ? 1 : 0;
}

/* The root of the VSpace a mapping record names, or 0 if it is gone. */
static paddr_t mapping_root(word_t m)
{
	return mapping_is_mapped(m) ? asid_lookup(mapping_asid(m)) : 0;
}

/* Clears the PTE that maps `target` (a frame or a table) at the recorded
 * place, if it still does: the record may be stale (the table on the way
 * was unmapped or reused), and then there is nothing to undo. */
static void unmap_recorded(word_t m, int level, paddr_t target)
{
	paddr_t root = mapping_root(m);
	if (!root)
		return;
	int stop;
	pte_t *slot = vspace_walk(root, mapping_vaddr(m), level, &stop);
	if (slot && (*slot & PTE_V) && sv39_pte_paddr(*slot) == target) {
		*slot = 0;
		tlb_flush_page(mapping_vaddr(m), mapping_asid(m));
	}
}

void arch_finalise_frame(const struct cap *c)
{
	word_t m = cap_mapping(c);
	if (mapping_is_mapped(m))
		unmap_recorded(m, frame_level(c), cap_paddr(c));
}

void arch_finalise_page_table(const struct cap *c)
{
	word_t m = cap_mapping(c);
	if (mapping_is_root(m)) {
		asid_release(mapping_asid(m), cap_paddr(c));
		tlb_flush_asid(mapping_asid(m));
	} else if (mapping_is_mapped(m)) {
		unmap_recorded(m, mapping_level(m) + 1, cap_paddr(c));
	}
}

void arch_finalise_asid_pool(const struct cap *c)
{
	word_t pool = cap_asid_pool_number(c);
	if (asid_get_pool(pool) == cap_paddr(c)) {
		/* Every VSpace of the pool loses its ASID with it. */
		asid_set_pool(pool, 0);
		__asm__ volatile("sfence.vma" ::: "memory");
	}
}

void arch_boot_make_control_caps(struct slot *root_slots)
{
	asid_init();
	cdt_insert_after(cdt_head(), &root_slots[RN_SLOT_ASID_CONTROL],
	                 cap_control_new(CAP_ASID_CONTROL), false, false);
	cdt_insert_after(cdt_head(), &root_slots[RN_SLOT_IRQ_CONTROL],
	                 cap_control_new(CAP_IRQ_CONTROL), false, false);
}

/* ---- ASID control and pools ------------------------------------------------ */

static int decode_make_pool(const struct inv_msg *msg, struct rn_error_info *err)
{
	if (msg->len < 2 || msg->n_extra < 2)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	struct slot *ut = msg->extra[0];
	if (cap_type(&ut->cap) != CAP_UNTYPED || cap_untyped_device(&ut->cap) ||
	    cap_untyped_size_bits(&ut->cap) != ASID_POOL_SIZE_BITS || cdt_has_children(ut))
		return err_invalid_capability(err, 1);
	struct slot *dst;
	if (cspace_lookup_slot(&msg->extra[1]->cap, msg->mr[0], msg->mr[1], 1, false, &dst, err) !=
	    RN_OK)
		return err->code;
	if (!cap_is_null(&dst->cap))
		return err_set(err, RN_DELETE_FIRST);
	int pool = asid_free_pool();
	if (pool < 0)
		return err_set(err, RN_ILLEGAL_OPERATION);

	paddr_t pa = cap_paddr(&ut->cap);
	memset(paddr_to_kptr(pa), 0, BIT(ASID_POOL_SIZE_BITS));
	cap_untyped_set_watermark(&ut->cap, BIT(ASID_POOL_SIZE_BITS));
	cdt_insert_after(ut, dst, cap_asid_pool_new(pa, (word_t)pool), true, false);
	asid_set_pool((word_t)pool, pa);
	return RN_OK;
}

static int decode_assign(struct slot *pool_slot, const struct inv_msg *msg,
                         struct rn_error_info *err)
{
	if (msg->n_extra < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	struct slot *pt = msg->extra[0];
	if (cap_type(&pt->cap) != CAP_PAGE_TABLE || mapping_is_mapped(cap_mapping(&pt->cap)))
		return err_invalid_capability(err, 1);
	word_t pool = cap_asid_pool_number(&pool_slot->cap);
	paddr_t pool_pa = cap_paddr(&pool_slot->cap);
	if (asid_get_pool(pool) != pool_pa)
		return err_invalid_capability(err, 0);
	word_t asid = asid_assign(pool, pool_pa, cap_paddr(&pt->cap));
	if (!asid)
		return err_set(err, RN_NOT_ENOUGH_MEMORY); /* the pool is full */

	vspace_copy_kernel(cap_paddr(&pt->cap), vm_kernel_root());
	cap_set_mapping(&pt->cap, mapping_make(asid, 0, 2, true));
	tlb_flush_asid(asid); /* nothing of a previous holder of the ASID survives */
	return RN_OK;
}

/* ---- page tables ------------------------------------------------------------ */

/* The VSpace root an extra cap names, checked. */
static int vspace_arg(const struct inv_msg *msg, word_t i, paddr_t *root, word_t *asid,
                      struct rn_error_info *err)
{
	if (msg->n_extra <= i)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	const struct cap *c = &msg->extra[i]->cap;
	if (!arch_vspace_usable(c))
		return err_invalid_capability(err, i + 1);
	*root = cap_paddr(c);
	*asid = mapping_asid(cap_mapping(c));
	return RN_OK;
}

static int decode_page_table_map(struct slot *s, const struct inv_msg *msg,
                                 struct rn_error_info *err)
{
	if (msg->len < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	if (mapping_is_mapped(cap_mapping(&s->cap)))
		return err_invalid_capability(err, 0);
	paddr_t root;
	word_t asid;
	if (vspace_arg(msg, 0, &root, &asid, err) != RN_OK)
		return err->code;
	vaddr_t va = msg->mr[0];
	if (va >= VSPACE_USER_TOP)
		return err_invalid_argument(err, 0);

	/* The table goes where the walk first finds nothing: as a level-1
	 * table under the root, or a level-0 table under a level-1 one. */
	int stop;
	for (int level = 1; level >= 0; level--) {
		pte_t *slot = vspace_walk(root, va, level + 1, &stop);
		if (!slot)
			break; /* a large page is in the way */
		if (*slot & PTE_V)
			continue;
		*slot = sv39_make_table_pte(cap_paddr(&s->cap));
		va = ALIGN_DOWN(va, sv39_level_size(level + 1));
		cap_set_mapping(&s->cap, mapping_make(asid, va, level, false));
		tlb_flush_asid(asid);
		return RN_OK;
	}
	return err_set(err, RN_DELETE_FIRST);
}

static int decode_page_table_unmap(struct slot *s, struct rn_error_info *err)
{
	word_t m = cap_mapping(&s->cap);
	if (mapping_is_root(m))
		return err_set(err, RN_ILLEGAL_OPERATION);
	/* Other caps share this mapping record: unmapping through one would
	 * leave the others claiming it (and able to map the table again). */
	if (mapping_is_mapped(m) && !cdt_is_final(s))
		return err_set(err, RN_REVOKE_FIRST);
	if (mapping_is_mapped(m)) {
		unmap_recorded(m, mapping_level(m) + 1, cap_paddr(&s->cap));
		/* Empty it, so that mapping it elsewhere exposes no stale pages. */
		memset(paddr_to_kptr(cap_paddr(&s->cap)), 0, BIT(RN_PAGE_TABLE_BITS));
		tlb_flush_asid(mapping_asid(m));
		cap_set_mapping(&s->cap, 0);
	}
	return RN_OK;
}

/* ---- frames ----------------------------------------------------------------- */

static int decode_frame_map(struct slot *s, const struct inv_msg *msg, struct rn_error_info *err)
{
	if (msg->len < 3)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	paddr_t root;
	word_t asid;
	if (vspace_arg(msg, 0, &root, &asid, err) != RN_OK)
		return err->code;
	vaddr_t va = msg->mr[0];
	word_t rights = msg->mr[1], attrs = msg->mr[2];
	int level = frame_level(&s->cap);
	word_t m = cap_mapping(&s->cap);

	if (!IS_ALIGNED(va, sv39_level_size(level)))
		return err_set(err, RN_ALIGNMENT_ERROR);
	if (va >= VSPACE_USER_TOP || VSPACE_USER_TOP - va < sv39_level_size(level))
		return err_invalid_argument(err, 0);
	if (rights & ~(word_t)(RN_RIGHT_READ | RN_RIGHT_WRITE) || !(rights & RN_RIGHT_READ))
		return err_invalid_argument(err, 1);
	if ((rights & RN_RIGHT_WRITE) && !(cap_rights(&s->cap) & RN_RIGHT_WRITE))
		return err_invalid_capability(err, 0);
	if (attrs & ~(word_t)RN_FRAME_EXECUTE)
		return err_invalid_argument(err, 2);
	/* W^X: a user page is never both writable and executable. */
	if ((attrs & RN_FRAME_EXECUTE) && (rights & RN_RIGHT_WRITE))
		return err_invalid_argument(err, 2);
	/* A mapped frame may only be remapped in place (new rights). */
	bool remap = mapping_is_mapped(m);
	if (remap && (mapping_asid(m) != asid || mapping_vaddr(m) != va))
		return err_invalid_capability(err, 0);

	int stop;
	pte_t *slot = vspace_walk(root, va, level, &stop);
	if (!slot)
		return err_lookup(err, RN_LOOKUP_MISSING_CAP, 12 + 9 * (word_t)stop, 0, 0);
	if ((*slot & PTE_V) && !(remap && sv39_pte_paddr(*slot) == cap_paddr(&s->cap)))
		return err_set(err, RN_DELETE_FIRST);

	word_t flags = PTE_U | PTE_A | PTE_D | PTE_R;
	if (rights & RN_RIGHT_WRITE)
		flags |= PTE_W;
	if (attrs & RN_FRAME_EXECUTE)
		flags |= PTE_X;
	*slot = sv39_make_pte(cap_paddr(&s->cap), flags);
	cap_set_mapping(&s->cap, mapping_make(asid, va, level, false));
	tlb_flush_page(va, asid);
	return RN_OK;
}

/* VSpace_MapFrames: a run of 4 KiB frames from consecutive slots at
 * consecutive addresses. Two passes: the first checks every frame and
 * every entry (and remembers the entries), the second only writes, so a
 * refused batch changes nothing. */
static int decode_map_frames(struct slot *vs, const struct inv_msg *msg, struct rn_error_info *err)
{
	if (msg->len < 7 || msg->n_extra < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	if (!arch_vspace_usable(&vs->cap))
		return err_invalid_capability(err, 0);
	word_t offset = msg->mr[2], count = msg->mr[3];
	vaddr_t va = msg->mr[4];
	word_t rights = msg->mr[5], attrs = msg->mr[6];
	if (count < 1 || count > RN_MAP_FRAMES_MAX)
		return err_range(err, 3, 1, RN_MAP_FRAMES_MAX);
	if (!IS_ALIGNED(va, PAGE_SIZE))
		return err_set(err, RN_ALIGNMENT_ERROR);
	if (va >= VSPACE_USER_TOP || (VSPACE_USER_TOP - va) / PAGE_SIZE < count)
		return err_invalid_argument(err, 4);
	if (rights & ~(word_t)(RN_RIGHT_READ | RN_RIGHT_WRITE) || !(rights & RN_RIGHT_READ))
		return err_invalid_argument(err, 5);
	if (attrs & ~(word_t)RN_FRAME_EXECUTE)
		return err_invalid_argument(err, 6);
	if ((attrs & RN_FRAME_EXECUTE) && (rights & RN_RIGHT_WRITE))
		return err_invalid_argument(err, 6); /* W^X */

	const struct cap *node;
	if (cspace_lookup_cnode(&msg->extra[0]->cap, msg->mr[0], msg->mr[1], 1, false, &node,
	                        err) != RN_OK)
		return err->code;
	word_t slots = BIT(cap_cnode_radix(node));
	if (offset >= slots)
		return err_range(err, 2, 0, slots - 1);
	if (count > slots - offset)
		return err_range(err, 3, 1, slots - offset);
	struct slot *frames = cnode_slot(node, offset);

	paddr_t root = cap_paddr(&vs->cap);
	word_t asid = mapping_asid(cap_mapping(&vs->cap));
	pte_t *entry[RN_MAP_FRAMES_MAX];
	for (word_t i = 0; i < count; i++) {
		const struct cap *f = &frames[i].cap;
		if (cap_type(f) != CAP_FRAME || cap_frame_large(f) ||
		    mapping_is_mapped(cap_mapping(f)) ||
		    ((rights & RN_RIGHT_WRITE) && !(cap_rights(f) & RN_RIGHT_WRITE))) {
			err_invalid_capability(err, 1);
			err->range_min = i;
			return RN_INVALID_CAPABILITY;
		}
		/* Pages of one 2 MiB region share their table: walk again only
		 * at a region's start. */
		vaddr_t at = va + i * PAGE_SIZE;
		if (i == 0 || IS_ALIGNED(at, sv39_level_size(1))) {
			int stop;
			entry[i] = vspace_walk(root, at, 0, &stop);
			if (!entry[i])
				return err_lookup(err, RN_LOOKUP_MISSING_CAP, 12 + 9 * (word_t)stop,
				                  0, 0);
		} else {
			entry[i] = entry[i - 1] + 1;
		}
		if (*entry[i] & PTE_V)
			return err_set(err, RN_DELETE_FIRST);
	}

	word_t flags = PTE_U | PTE_A | PTE_D | PTE_R;
	if (rights & RN_RIGHT_WRITE)
		flags |= PTE_W;
	if (attrs & RN_FRAME_EXECUTE)
		flags |= PTE_X;
	for (word_t i = 0; i < count; i++) {
		struct cap *f = &frames[i].cap;
		*entry[i] = sv39_make_pte(cap_paddr(f), flags);
		cap_set_mapping(f, mapping_make(asid, va + i * PAGE_SIZE, 0, false));
	}
	/* The entries were invalid, but an implementation may cache that. */
	if (count == 1)
		tlb_flush_page(va, asid);
	else
		tlb_flush_asid(asid);
	return RN_OK;
}

static int decode_frame_unmap(struct slot *s)
{
	word_t m = cap_mapping(&s->cap);
	if (mapping_is_mapped(m)) {
		unmap_recorded(m, frame_level(&s->cap), cap_paddr(&s->cap));
		cap_set_mapping(&s->cap, 0);
	}
	return RN_OK;
}

/* Why Frame_Copy may not copy src into dst: 0 (it may), 1 (dst is no
 * writable frame of RAM) or 2 (src is no readable frame of RAM, or not of
 * dst's size when `whole`). */
static int frame_copy_refusal(const struct cap *dst, const struct cap *src, bool whole)
{
	if (cap_type(dst) != CAP_FRAME || !(cap_rights(dst) & RN_RIGHT_WRITE) ||
	    cap_frame_device(dst))
		return 1;
	if (cap_type(src) != CAP_FRAME || !(cap_rights(src) & RN_RIGHT_READ) ||
	    cap_frame_device(src) || (whole && cap_frame_large(src) != cap_frame_large(dst)))
		return 2;
	return 0;
}

static void frame_copy(const struct cap *dst, const struct cap *src, word_t offset)
{
	/* Through the kernel's direct map; the source is never written, so
	 * copying a frame onto itself is harmless. */
	memcpy(paddr_to_kptr(cap_paddr(dst)), (char *)paddr_to_kptr(cap_paddr(src)) + offset,
	       sv39_level_size(frame_level(dst)));
}

static int decode_frame_copy(struct slot *s, const struct inv_msg *msg, struct rn_error_info *err)
{
	if (msg->n_extra < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	const struct cap *dst = &s->cap, *src = &msg->extra[0]->cap;
	int refusal = frame_copy_refusal(dst, src, msg->len < 1);
	if (refusal)
		return err_invalid_capability(err, (word_t)refusal - 1);
	/* A piece of a large source (mr0: its offset) into a small frame, or
	 * the whole of one into a frame of its size. */
	word_t size = sv39_level_size(frame_level(dst)), offset = 0;
	if (msg->len >= 1) {
		if (!cap_frame_large(src) || cap_frame_large(dst))
			return err_invalid_capability(err, 1);
		offset = msg->mr[0];
		if (offset % size || offset >= sv39_level_size(frame_level(src)))
			return err_range(err, 0, 0, sv39_level_size(frame_level(src)) - size);
	}
	frame_copy(dst, src, offset);
	return RN_OK;
}

/* Frame_CopyRange: Frame_Copy for count pairs of consecutive slots. Every
 * pair is checked before any frame is written. */
int arch_decode_frame_copy_range(struct slot *cnode, const struct inv_msg *m,
                                 struct rn_error_info *e)
{
	if (m->len < 7 || m->n_extra < 1)
		return err_set(e, RN_TRUNCATED_MESSAGE);
	word_t count = m->mr[6];
	if (count < 1 || count > RN_COPY_FRAMES_MAX)
		return err_range(e, 6, 1, RN_COPY_FRAMES_MAX);
	struct slot *dst, *src;
	if (cnode_range_arg(&cnode->cap, &m->mr[0], count, 0, false, &dst, e) != RN_OK ||
	    cnode_range_arg(&m->extra[0]->cap, &m->mr[3], count, 3, true, &src, e) != RN_OK)
		return e->code;
	for (word_t i = 0; i < count; i++) {
		/* 4 KiB frames only: the copying a call does stays bounded. */
		int refusal = frame_copy_refusal(&dst[i].cap, &src[i].cap, true);
		if (!refusal && cap_frame_large(&dst[i].cap))
			refusal = 1;
		if (refusal) {
			err_invalid_capability(e, (word_t)refusal - 1);
			e->range_min = i;
			return RN_INVALID_CAPABILITY;
		}
	}
	for (word_t i = 0; i < count; i++)
		frame_copy(&dst[i].cap, &src[i].cap, 0);
	return err_set(e, RN_OK);
}

int arch_decode_invocation(struct slot *s, const struct inv_msg *msg, struct inv_reply *reply,
                           struct rn_error_info *err)
{
	reply->len = 0;
	switch (cap_type(&s->cap)) {
	case CAP_ASID_CONTROL:
		if (msg->label != RN_ASID_CONTROL_MAKE_POOL)
			return err_set(err, RN_ILLEGAL_OPERATION);
		return decode_make_pool(msg, err);
	case CAP_ASID_POOL:
		if (msg->label != RN_ASID_POOL_ASSIGN)
			return err_set(err, RN_ILLEGAL_OPERATION);
		return decode_assign(s, msg, err);
	case CAP_PAGE_TABLE:
		if (msg->label == RN_PAGE_TABLE_MAP)
			return decode_page_table_map(s, msg, err);
		if (msg->label == RN_PAGE_TABLE_UNMAP)
			return decode_page_table_unmap(s, err);
		if (msg->label == RN_VSPACE_MAP_FRAMES)
			return decode_map_frames(s, msg, err);
		return err_set(err, RN_ILLEGAL_OPERATION);
	case CAP_FRAME:
		if (msg->label == RN_FRAME_MAP)
			return decode_frame_map(s, msg, err);
		if (msg->label == RN_FRAME_UNMAP)
			return decode_frame_unmap(s);
		if (msg->label == RN_FRAME_COPY)
			return decode_frame_copy(s, msg, err);
		if (msg->label == RN_FRAME_GET_ADDRESS) {
			reply->mr[0] = cap_paddr(&s->cap);
			reply->len = 1;
			return RN_OK;
		}
		return err_set(err, RN_ILLEGAL_OPERATION);
	default:
		return err_set(err, RN_ILLEGAL_OPERATION);
	}
}
