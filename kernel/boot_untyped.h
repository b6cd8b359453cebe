/* Boot: all free RAM becomes untyped caps in the root CNode, and the root
 * CNode itself is the first object retyped from one of them. */
#ifndef KERNEL_BOOT_UNTYPED_H
#define KERNEL_BOOT_UNTYPED_H

#include "kernel/cdt.h"
#include "kernel/memmap.h" /* struct mem_range */
#include <ration/bootinfo.h>

struct boot_untyped_result {
	struct slot *root_cnode_slot; /* slot RN_SLOT_ROOT_CNODE of the root CNode */
	paddr_t root_cnode;           /* its physical address */
	word_t n_untyped;             /* untyped caps made (RAM and device) */
	word_t host;                  /* index (in desc[]) of the untyped holding the root CNode */
};

/* Starts a fresh derivation tree and fills the root CNode.
 *   ram, n_ram: free RAM; dev, n_dev: device memory to hand out as device
 *   untyped (e.g. the UART page). Each list sorted by base, page aligned,
 *   non-empty ranges, no overlaps (within or across the lists), all below
 *   CAP_PADDR_LIMIT.
 *   desc, max_desc: caller's array, filled with one entry per untyped in
 *   increasing address order (desc[i] is in root slot
 *   RN_SLOT_FIRST_UNTYPED + i).
 * Each range is cut into the largest naturally aligned power-of-two blocks
 * (at least 4 KiB, at most 2^RN_UNTYPED_MAX_BITS); their sizes add up to
 * exactly the range. The root CNode (2^CONFIG_ROOT_CNODE_BITS slots) is
 * retyped from the smallest RAM block that can hold it, so that block's
 * watermark shows it.
 * Returns RN_OK, or without changing memory: RN_ALIGNMENT_ERROR (a range
 * not page aligned), RN_INVALID_ARGUMENT (empty, unsorted, overlapping or
 * too high), RN_RANGE_ERROR (more blocks than max_desc, than
 * CONFIG_MAX_BOOT_UNTYPED or than the root CNode's free slots),
 * RN_NOT_ENOUGH_MEMORY (no RAM block can hold the root CNode). */
int boot_create_untyped(const struct mem_range *ram, word_t n_ram, const struct mem_range *dev,
                        word_t n_dev, struct rn_untyped_desc *desc, word_t max_desc,
                        struct boot_untyped_result *res);

#endif
