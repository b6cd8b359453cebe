/* How the kernel reaches physical memory. On RISC-V all RAM is direct-mapped
 * (arch/riscv/vm.c); in the host unit tests a fake physical memory stands in
 * (tests/unit/support/fake_pmem.c). Kernel objects are named by physical
 * address in capabilities and reached through these two functions. */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include "kernel/types.h"

#ifdef RATION_HOST
void *paddr_to_kptr(paddr_t pa);
paddr_t kptr_to_paddr(const void *p);
#else
#include "arch/riscv/pmem.h"
#endif

#endif
