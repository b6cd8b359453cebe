/* The VSpace hooks every return to user level runs, inline (kernel/arch.h
 * describes them). */
#ifndef ARCH_RISCV_VSPACE_INLINE_H
#define ARCH_RISCV_VSPACE_INLINE_H

#include "arch/riscv/asid.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/mapping.h"
#include "kernel/tcb.h"

/* A top-level page table whose ASID still names it. */
static inline bool arch_vspace_usable(const struct cap *c)
{
	if (cap_type(c) != CAP_PAGE_TABLE || !mapping_is_root(cap_mapping(c)))
		return false;
	return asid_lookup(mapping_asid(cap_mapping(c))) == cap_paddr(c);
}

/* satp for a usable VSpace: Sv39, its ASID and its root's page number.
 * A pure function of the cap's words. */
static inline word_t arch_vspace_root(const struct cap *c)
{
	return SATP_MODE_SV39 | mapping_asid(cap_mapping(c)) << 44 | cap_paddr(c) >> 12;
}

/* No fence: ASIDs keep the TLB entries of address spaces apart (tlb.h).
 * Written even when unchanged: one instruction, where reading and
 * comparing first takes two more; writing satp flushes nothing by itself
 * (QEMU drops its TLB only when the ASID changes). */
static inline void arch_load_vspace_root(word_t satp)
{
	csr_write(satp, satp);
}

#endif
