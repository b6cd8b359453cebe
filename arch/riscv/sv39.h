/* Sv39 page-table entries and virtual-address splitting (RISC-V privileged
 * spec, section "Sv39"). Pure functions, unit-tested on the host.
 *
 *   virtual address:  | sign ext 63..39 | VPN[2] 38..30 | VPN[1] 29..21 | VPN[0] 20..12 |
 * offset 11..0 | PTE:              | reserved 63..54 | PPN 53..10 (44 bits) | RSW 9..8 | D A G U X
 * W R V |
 *
 * A PTE with R, W or X set is a leaf; at level 2 it maps 1 GiB, at level 1
 * 2 MiB, at level 0 4 KiB, and its PPN must be aligned to that size.
 */
#ifndef ARCH_RISCV_SV39_H
#define ARCH_RISCV_SV39_H

#include "kernel/types.h"

typedef uint64_t pte_t;

#define PTE_V BIT(0)
#define PTE_R BIT(1)
#define PTE_W BIT(2)
#define PTE_X BIT(3)
#define PTE_U BIT(4)
#define PTE_G BIT(5)
#define PTE_A BIT(6)
#define PTE_D BIT(7)

#define SV39_LEVELS  3
#define SV39_ENTRIES 512
#define SV39_VA_BITS 39

/* Bytes mapped by one leaf at `level` (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB). */
static inline word_t sv39_level_size(int level)
{
	return BIT(12 + 9 * level);
}

/* VPN[level] of a virtual address. */
static inline unsigned sv39_vpn(vaddr_t va, int level)
{
	return (unsigned)((va >> (12 + 9 * level)) & 0x1ff);
}

/* Canonical: bits 63..39 all equal bit 38. */
static inline bool sv39_is_canonical(vaddr_t va)
{
	int64_t s = (int64_t)(va << (64 - SV39_VA_BITS)) >> (64 - SV39_VA_BITS);
	return (vaddr_t)s == va;
}

static inline pte_t sv39_make_pte(paddr_t pa, word_t flags)
{
	return ((pa >> 12) << 10) | flags | PTE_V;
}

/* A pointer to the next-level table: V only, no R/W/X. */
static inline pte_t sv39_make_table_pte(paddr_t table_pa)
{
	return sv39_make_pte(table_pa, 0);
}

static inline paddr_t sv39_pte_paddr(pte_t pte)
{
	return ((pte >> 10) & MASK(44)) << 12;
}

static inline bool sv39_pte_is_leaf(pte_t pte)
{
	return (pte & PTE_V) && (pte & (PTE_R | PTE_W | PTE_X));
}

static inline bool sv39_pte_is_table(pte_t pte)
{
	return (pte & PTE_V) && !(pte & (PTE_R | PTE_W | PTE_X));
}

#endif
