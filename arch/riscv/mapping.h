/* What a Frame or PageTable cap records about where it is mapped: the
 * type-specific word of the cap (cap_mapping()), laid out as
 *
 *   63      48 47  39 38           12 11   4 3    2  1  0
 *  +----------+------+---------------+------+----+-----+---+
 *  |   ASID   |  0   | vaddr >> 12   |  0   |root|level|map|
 *  +----------+------+---------------+------+----+-----+---+
 *
 *   map    the object is mapped (or, for a root, has an ASID)
 *   level  a PageTable's own level: its entries map 4 KiB pages (0) or
 *          2 MiB (1); a root is level 2. Frames: 0 = 4 KiB, 1 = 2 MiB.
 *   root   a PageTable that is a VSpace root (vaddr unused)
 *
 * A copy of a frame cap (CNode Copy/Mint, IPC) is an unmapped copy: a
 * frame's mapping belongs to the cap that made it and goes with that cap.
 * A page table's caps all share its one mapping: only a mapped table can
 * be copied, and it is unmapped (by PageTable_Unmap, which needs the last
 * cap, or when its last cap goes) once for all of them. */
#ifndef ARCH_RISCV_MAPPING_H
#define ARCH_RISCV_MAPPING_H

#include "kernel/types.h"

#define MAPPING_MAPPED BIT(0)
#define MAPPING_ROOT   BIT(3)

static inline word_t mapping_make(word_t asid, vaddr_t va, int level, bool root)
{
	return asid << 48 | (va & (MASK(27) << 12)) | (word_t)level << 1 |
	       (root ? MAPPING_ROOT : 0) | MAPPING_MAPPED;
}

static inline bool mapping_is_mapped(word_t m)
{
	return m & MAPPING_MAPPED;
}

static inline bool mapping_is_root(word_t m)
{
	return (m & (MAPPING_MAPPED | MAPPING_ROOT)) == (MAPPING_MAPPED | MAPPING_ROOT);
}

static inline word_t mapping_asid(word_t m)
{
	return m >> 48;
}

static inline vaddr_t mapping_vaddr(word_t m)
{
	return m & (MASK(27) << 12);
}

static inline int mapping_level(word_t m)
{
	return (int)((m >> 1) & 3);
}

#endif
