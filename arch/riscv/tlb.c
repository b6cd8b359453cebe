/* sfence.vma with an address and an ASID flushes just that translation. */
#include "arch/riscv/tlb.h"

void tlb_flush_page(vaddr_t va, word_t asid)
{
	__asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
}

void tlb_flush_asid(word_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" ::"r"(asid) : "memory");
}
