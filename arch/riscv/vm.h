#ifndef ARCH_RISCV_VM_H
#define ARCH_RISCV_VM_H

#include "arch/riscv/sv39.h"
#include "kernel/memmap.h"

/* Builds and switches to the kernel's page table: the image with per-section
 * permissions, `ram` (page-aligned, excluding the image and reserved memory)
 * read+write, and the `mmio` device ranges read+write. */
void vm_init(const struct memmap *ram, const struct mem_range *mmio, int nmmio);
paddr_t vm_kernel_root(void); /* its upper half is copied into every VSpace */
pte_t vm_lookup(vaddr_t va);

#endif
