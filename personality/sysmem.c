/* The server's own memory (sysmem.h). A bump allocator over the boot
 * untyped: Retype itself keeps each untyped's watermark, so the server only
 * tries them in order until one has room. */
#include "personality/sysmem.h"

#include "personality/budget.h"

#include <ration/objects.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/invoke.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

static const struct rn_bootinfo *boot;
static uint64_t next_slot;
static uint64_t used_bytes;

_Noreturn void die(const char *what, int err)
{
	rn_printf("pxserver: fatal: %s: %s\n", what, err ? rn_error_name(err) : "failed");
	sysmem_poweroff(3);
}

_Noreturn void sysmem_poweroff(int status)
{
	rn_word_t args[] = { RN_POWEROFF_MAGIC, (rn_word_t)status };
	for (;;)
		rn_invoke(ROOT(RN_SLOT_IRQ_CONTROL), RN_IRQ_CONTROL_POWEROFF, args, 2, 0, 0, 0, 0);
}

void sysmem_init(const struct rn_bootinfo *bi)
{
	boot = bi;
	next_slot = bi->first_free_slot;
}

uint64_t sysmem_slot(void)
{
	if (next_slot >= (1u << ROOT_BITS))
		die("the root CNode is full", 0);
	return next_slot++;
}

void sysmem_make(unsigned type, unsigned size_bits, uint64_t index, unsigned depth, uint64_t offset)
{
	int err = RN_NOT_ENOUGH_MEMORY;
	for (uint64_t i = 0; i < boot->n_untyped && err == RN_NOT_ENOUGH_MEMORY; i++) {
		if (boot->untyped[i].is_device)
			continue;
		err = rn_untyped_retype(ROOT(boot->untyped[i].slot), type, size_bits, SELF, index,
		                        depth, offset, 1);
	}
	if (err)
		die("making a server object", err);
}

uint64_t sysmem_make_root(unsigned type, unsigned size_bits)
{
	uint64_t slot = sysmem_slot();
	sysmem_make(type, size_bits, 0, 0, slot);
	return slot;
}

void sysmem_map_device(uint64_t pa, uint64_t va, const char *what)
{
	for (uint64_t i = 0; i < boot->n_untyped; i++) {
		const struct rn_untyped_desc *d = &boot->untyped[i];
		if (!d->is_device || pa < d->paddr || pa >= d->paddr + (1ul << d->size_bits))
			continue;
		/* Device frames come out in address order: skip to pa's. */
		for (uint64_t at = d->paddr; at <= pa; at += 4096) {
			uint64_t slot = sysmem_slot();
			int err = rn_untyped_retype(ROOT(d->slot), RN_OBJ_FRAME_4K, 0, SELF, 0, 0,
			                            slot, 1);
			if (!err && at == pa)
				err = rn_frame_map(ROOT(slot), ROOT(RN_SLOT_ROOT_VSPACE), va,
				                   RN_RIGHT_READ | RN_RIGHT_WRITE, 0);
			if (err)
				die(what, err);
		}
		return;
	}
	die(what, 0); /* no device untyped covers it */
}

uint64_t sysmem_used(void)
{
	return used_bytes;
}

uint64_t sysmem_largest_whole(unsigned *order)
{
	uint64_t best = 0;
	*order = 0;
	for (uint64_t i = 0; i < boot->n_untyped; i++) {
		const struct rn_untyped_desc *d = &boot->untyped[i];
		struct rn_untyped_info info;
		if (d->is_device || rn_untyped_describe(ROOT(d->slot), &info) ||
		    (info.flags & RN_UNTYPED_HAS_CHILDREN))
			continue;
		if (info.size_bits > *order) {
			*order = (unsigned)info.size_bits;
			best = d->slot;
		}
	}
	return best;
}

void sysmem_hand_over(uint64_t skip, bool (*give)(uint64_t slot, unsigned order, void *arg),
                      void *arg)
{
	for (uint64_t i = 0; i < boot->n_untyped; i++) {
		const struct rn_untyped_desc *d = &boot->untyped[i];
		if (d->is_device || d->slot == skip)
			continue;
		struct rn_untyped_info info;
		int err = rn_untyped_describe(ROOT(d->slot), &info);
		if (err)
			die("describing boot memory", err);
		if (!(info.flags & RN_UNTYPED_HAS_CHILDREN)) {
			if (!give(d->slot, (unsigned)info.size_bits, arg))
				die("handing over boot memory", 0);
			continue;
		}
		/* What the server used of it, alignment gaps included. */
		used_bytes += info.watermark - d->watermark;
		/* Cut the free tail into the largest naturally aligned pieces. */
		uint64_t end = info.paddr + (1ul << info.size_bits);
		uint64_t at = info.paddr + info.watermark;
		while (end - at >= (1ul << 5)) {
			unsigned k = budget_floor_order(end - at);
			if (at && (unsigned)__builtin_ctzl(at) < k)
				k = (unsigned)__builtin_ctzl(at);
			uint64_t slot = sysmem_slot();
			err = rn_untyped_retype(ROOT(d->slot), RN_OBJ_UNTYPED, k, SELF, 0, 0, slot,
			                        1);
			if (err)
				die("cutting boot memory", err);
			if (!give(slot, k, arg))
				die("handing over boot memory", 0);
			at += 1ul << k;
		}
		used_bytes += end - at; /* a tail too small to be a block */
	}
}
