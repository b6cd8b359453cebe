/* The VSpace hooks every return to user level runs, inline. */
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

/* Loads t's address space: its root and ASID into satp. No fence: ASIDs
 * keep the TLB entries of address spaces apart (tlb.h). */
static inline void arch_switch_vspace(const struct tcb *t)
{
	const struct cap *vs = &t->slots[TCB_SLOT_VSPACE].cap;
	word_t satp = SATP_MODE_SV39 | mapping_asid(cap_mapping(vs)) << 44 | cap_paddr(vs) >> 12;
	if (csr_read(satp) != satp)
		csr_write(satp, satp);
}

#endif
