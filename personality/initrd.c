/* The initrd (initrd.h). */
#include "personality/initrd.h"

#include "personality/layout.h"
#include "personality/sysmem.h"

#include <ration/objects.h>
#include <ration/rights.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

static const uint8_t *initrd;
static uint64_t initrd_size;

void initrd_map(const struct rn_bootinfo *bi)
{
	uint64_t start = bi->initrd_paddr & ~(PAGE_BYTES - 1),
	         end = bi->initrd_paddr + bi->initrd_size;
	for (uint64_t i = 0; i < bi->n_untyped; i++) {
		const struct rn_untyped_desc *d = &bi->untyped[i];
		uint64_t ut_end = d->paddr + (1ul << d->size_bits);
		if (!d->is_device || ut_end <= start || d->paddr >= end)
			continue;
		/* Device frames come out of the untyped in address order. */
		for (uint64_t pa = d->paddr; pa < ut_end && pa < end; pa += PAGE_BYTES) {
			uint64_t slot = sysmem_slot();
			int err = rn_untyped_retype(ROOT(d->slot), RN_OBJ_FRAME_4K, 0, SELF, 0, 0,
			                            slot, 1);
			if (err)
				die("initrd frames", err);
			if (pa < start)
				continue;
			err = rn_frame_map(ROOT(slot), ROOT(RN_SLOT_ROOT_VSPACE),
			                   INITRD_VA + (pa - start), RN_RIGHT_READ, 0);
			if (err)
				die("mapping the initrd", err);
		}
	}
	initrd = (const uint8_t *)(INITRD_VA + (bi->initrd_paddr - start));
	initrd_size = bi->initrd_size;
}

const uint8_t *initrd_bytes(uint64_t *size)
{
	*size = initrd_size;
	return initrd;
}
