/* Page-table walks over user address spaces (Sv39). Pure functions of the
 * page-table memory, reached through paddr_to_kptr, so they run in the host
 * unit tests against a fake physical memory. */
#ifndef ARCH_RISCV_VSPACE_H
#define ARCH_RISCV_VSPACE_H

#include "arch/riscv/memlayout.h"
#include "arch/riscv/sv39.h"

/* User virtual addresses are [0, VSPACE_USER_TOP): the lower half of Sv39.
 * Root-table slots VSPACE_KERNEL_FIRST.. belong to the kernel. */
#define VSPACE_USER_TOP     USER_TOP
#define VSPACE_KERNEL_FIRST (SV39_ENTRIES / 2)

/* The PTE that maps `va` at `level` (0: 4 KiB page, 1: 2 MiB, 2: 1 GiB) in
 * the tree rooted at the page table at `root`. NULL if the walk cannot get
 * there: a table on the way is missing, or a larger page maps va already;
 * *stop is then the level of the entry where the walk stopped. */
pte_t *vspace_walk(paddr_t root, vaddr_t va, int level, int *stop);

/* Copies the kernel's half of `kernel_root` into a new top-level table, so
 * the kernel stays mapped in every address space (its entries are global). */
void vspace_copy_kernel(paddr_t root, paddr_t kernel_root);

#endif
