/* TLB maintenance. Each VSpace runs with its own ASID in satp, so switching
 * address spaces needs no flush; instead a change to a mapping flushes that
 * address for that ASID, and an ASID that changes hands is flushed whole.
 * (QEMU's TLB ignores ASIDs and flushes on every satp write anyway; on real
 * hardware this is what makes the switch cheap.) */
#ifndef ARCH_RISCV_TLB_H
#define ARCH_RISCV_TLB_H

#include "kernel/types.h"

void tlb_flush_page(vaddr_t va, word_t asid);
void tlb_flush_asid(word_t asid);

#endif
