/* The RISC-V direct map (memlayout.h) as inline functions: physical
 * address pa is at pa + PHYS_OFFSET, on every path that touches an object. */
#ifndef ARCH_RISCV_PMEM_H
#define ARCH_RISCV_PMEM_H

#include "arch/riscv/memlayout.h"
#include "kernel/types.h"

static inline void *paddr_to_kptr(paddr_t pa)
{
	return (void *)(pa + PHYS_OFFSET);
}

static inline paddr_t kptr_to_paddr(const void *p)
{
	return (paddr_t)p - PHYS_OFFSET;
}

#endif
