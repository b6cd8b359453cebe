/* The kernel's own Sv39 address space (layout in memlayout.h).
 *
 * entry.S runs on a boot table of 1 GiB RWX pages. vm_init() replaces it
 * with a precise one: kernel text R+X, rodata R, data/bss R+W, the rest of
 * RAM R+W and never executable, the devices the kernel drives R+W, nothing
 * user-accessible, and nothing for OpenSBI's reserved memory (a wild kernel
 * pointer there is a clean page fault, not a PMP access fault).
 *
 * The page tables come from a fixed pool in .bss: part of the kernel image,
 * not taken from memory that later becomes untyped.
 */
#include "arch/riscv/vm.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/sv39.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"
#include "kernel/printf.h"

/* Enough for the direct map of up to 2 GiB RAM in 2 MiB pages (one level-1
 * table per GiB) plus 4 KiB tables around the image, reservations and MMIO. */
#define KERNEL_PT_POOL 16

static pte_t pt_pool[KERNEL_PT_POOL][SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static int pt_used;
static pte_t *kernel_root;

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

static pte_t *alloc_table(void)
{
	if (pt_used == KERNEL_PT_POOL)
		panic("vm: kernel page-table pool (%d tables) exhausted", KERNEL_PT_POOL);
	return pt_pool[pt_used++]; /* .bss, so already zero */
}

/* Maps one page of the given level (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB). */
static void map_page(vaddr_t va, paddr_t pa, int level, word_t flags)
{
	pte_t *table = kernel_root;
	for (int l = SV39_LEVELS - 1; l > level; l--) {
		pte_t *e = &table[sv39_vpn(va, l)];
		if (sv39_pte_is_leaf(*e))
			panic("vm: %#lx is already inside a larger page", va);
		if (!(*e & PTE_V))
			*e = sv39_make_table_pte(kptr_to_paddr(alloc_table()));
		table = paddr_to_kptr(sv39_pte_paddr(*e));
	}
	pte_t *e = &table[sv39_vpn(va, level)];
	if (*e & PTE_V)
		panic("vm: %#lx mapped twice", va);
	/* Global (same in every address space); A and D preset so the
	 * hardware never has to update kernel PTEs. */
	*e = sv39_make_pte(pa, flags | PTE_G | PTE_A | PTE_D);
}

/* Maps [pa, pa+size) at its direct-map address with the largest pages that
 * fit. pa and size must be page-aligned. */
static void map_range(paddr_t pa, word_t size, word_t flags)
{
	assert(IS_ALIGNED(pa | size, PAGE_SIZE));
	while (size > 0) {
		int level = SV39_LEVELS - 1;
		while (level > 0 &&
		       !(IS_ALIGNED(pa, sv39_level_size(level)) && size >= sv39_level_size(level)))
			level--;
		map_page(pa + PHYS_OFFSET, pa, level, flags);
		pa += sv39_level_size(level);
		size -= sv39_level_size(level);
	}
}

static void map_kernel_section(const char *start, const char *end, word_t flags)
{
	map_range(kptr_to_paddr(start), (word_t)(end - start), flags);
}

void vm_init(const struct memmap *ram, const struct mem_range *mmio, int nmmio)
{
	kernel_root = alloc_table();

	map_kernel_section(_kernel_start, _text_end, PTE_R | PTE_X);
	map_kernel_section(_text_end, _rodata_end, PTE_R);
	map_kernel_section(_rodata_end, _kernel_end, PTE_R | PTE_W);

	for (int i = 0; i < ram->n; i++)
		map_range(ram->r[i].base, ram->r[i].size, PTE_R | PTE_W);
	for (int i = 0; i < nmmio; i++)
		map_range(ALIGN_DOWN(mmio[i].base, PAGE_SIZE),
		          ALIGN_UP(mmio[i].base + mmio[i].size, PAGE_SIZE) -
		              ALIGN_DOWN(mmio[i].base, PAGE_SIZE),
		          PTE_R | PTE_W);

	csr_write(satp, SATP_MODE_SV39 | (kptr_to_paddr(kernel_root) >> PAGE_SHIFT));
	sfence_vma_all();
	pr_debug("vm: kernel page tables use %d of %d pool pages\n", pt_used, KERNEL_PT_POOL);
}

paddr_t vm_kernel_root(void)
{
	return kptr_to_paddr(kernel_root);
}

/* Walks the kernel table: the PTE that maps va, or 0. For the panic path. */
pte_t vm_lookup(vaddr_t va)
{
	if (!kernel_root || !sv39_is_canonical(va))
		return 0;
	pte_t *table = kernel_root;
	for (int l = SV39_LEVELS - 1; l >= 0; l--) {
		pte_t e = table[sv39_vpn(va, l)];
		if (!(e & PTE_V) || sv39_pte_is_leaf(e))
			return e;
		table = paddr_to_kptr(sv39_pte_paddr(e));
	}
	return 0;
}
