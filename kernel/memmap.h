/* A small set of physical address ranges, kept sorted and disjoint: the
 * boot code's arithmetic for "RAM minus what is taken". Fixed size, no
 * allocation; arch-independent and unit-tested on the host. */
#ifndef KERNEL_MEMMAP_H
#define KERNEL_MEMMAP_H

#include "kernel/types.h"

#define MEMMAP_MAX 32

struct mem_range {
	paddr_t base;
	word_t size;
};

struct memmap {
	struct mem_range r[MEMMAP_MAX]; /* sorted by base, disjoint, non-adjacent */
	int n;
};

/* Adds [base, base+size), merging with what it touches. False (and no
 * change) if the set would need more than MEMMAP_MAX ranges or wraps. */
bool memmap_add(struct memmap *m, paddr_t base, word_t size);

/* Removes [base, base+size) from the set. False (and no change) if a split
 * would need more than MEMMAP_MAX ranges. */
bool memmap_remove(struct memmap *m, paddr_t base, word_t size);

/* Shrinks every range inward to multiples of `align` (a power of two) and
 * drops ranges that vanish. */
void memmap_align_inward(struct memmap *m, word_t align);

word_t memmap_total(const struct memmap *m);

#endif
