/* Page-table walks (see vspace.h). */
#include "arch/riscv/vspace.h"
#include "kernel/pmem.h"

pte_t *vspace_walk(paddr_t root, vaddr_t va, int level, int *stop)
{
	pte_t *table = paddr_to_kptr(root);
	for (int l = SV39_LEVELS - 1; l > level; l--) {
		pte_t e = table[sv39_vpn(va, l)];
		if (!sv39_pte_is_table(e)) {
			*stop = l; /* missing table, or a leaf covers va */
			return NULL;
		}
		table = paddr_to_kptr(sv39_pte_paddr(e));
	}
	return &table[sv39_vpn(va, level)];
}

void vspace_copy_kernel(paddr_t root, paddr_t kernel_root)
{
	pte_t *dst = paddr_to_kptr(root);
	const pte_t *src = paddr_to_kptr(kernel_root);
	for (int i = VSPACE_KERNEL_FIRST; i < SV39_ENTRIES; i++)
		dst[i] = src[i];
}
