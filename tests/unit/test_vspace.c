/* Page-table walks over fake physical memory. */
#include <criterion/criterion.h>
#include <string.h>
#include "arch/riscv/vspace.h"
#include "kernel/pmem.h"
#include "tests/unit/support/fake_pmem.h"

#define BASE 0x80000000ull
/* Tables at fixed pages of the fake RAM. */
#define ROOT  (BASE + 0x1000)
#define MID   (BASE + 0x2000)
#define LEAF  (BASE + 0x3000)
#define FRAME (BASE + 0x10000)

static pte_t *table(paddr_t pa)
{
	return paddr_to_kptr(pa);
}

static void setup(void)
{
	fake_pmem_init(BASE, MiB(1));
	memset(paddr_to_kptr(BASE), 0, MiB(1));
}

TestSuite(vspace, .init = setup, .fini = fake_pmem_fini);

Test(vspace, walk_stops_at_the_first_missing_table)
{
	int stop = -1;
	cr_expect_null(vspace_walk(ROOT, 0x10000, 0, &stop));
	cr_expect_eq(stop, 2, "the root has no entry for va");
	table(ROOT)[0] = sv39_make_table_pte(MID);
	cr_expect_null(vspace_walk(ROOT, 0x10000, 0, &stop));
	cr_expect_eq(stop, 1, "the level-1 table has no entry");
	cr_expect_eq(vspace_walk(ROOT, 0x10000, 1, &stop), &table(MID)[0],
	             "a 2 MiB page would go in the level-1 table");
}

Test(vspace, walk_finds_the_leaf_slot_through_all_levels)
{
	vaddr_t va = 0x12345000ull; /* vpn2 0, vpn1 0x91, vpn0 0x145 */
	table(ROOT)[sv39_vpn(va, 2)] = sv39_make_table_pte(MID);
	table(MID)[sv39_vpn(va, 1)] = sv39_make_table_pte(LEAF);
	int stop = -1;
	pte_t *slot = vspace_walk(ROOT, va, 0, &stop);
	cr_assert_eq(slot, &table(LEAF)[0x145]);
	*slot = sv39_make_pte(FRAME, PTE_R | PTE_U);
	cr_expect_eq(sv39_pte_paddr(*vspace_walk(ROOT, va, 0, &stop)), FRAME);
}

Test(vspace, walk_refuses_to_descend_through_a_large_page)
{
	vaddr_t va = 0x40000000ull;                                   /* root slot 1 */
	table(ROOT)[1] = sv39_make_pte(0x80000000ull, PTE_R | PTE_U); /* 1 GiB leaf */
	int stop = -1;
	cr_expect_null(vspace_walk(ROOT, va + 0x5000, 0, &stop));
	cr_expect_eq(stop, 2);
	cr_expect_eq(vspace_walk(ROOT, va, 2, &stop), &table(ROOT)[1],
	             "the 1 GiB slot itself is reachable");
}

Test(vspace, copy_kernel_takes_only_the_upper_half)
{
	paddr_t kernel_root = BASE + 0x5000;
	for (int i = 0; i < SV39_ENTRIES; i++)
		table(kernel_root)[i] = sv39_make_table_pte(BASE + 0x6000) | (pte_t)i << 54;
	vspace_copy_kernel(ROOT, kernel_root);
	for (int i = 0; i < SV39_ENTRIES; i++) {
		if (i < VSPACE_KERNEL_FIRST)
			cr_assert_eq(table(ROOT)[i], 0, "user slot %d touched", i);
		else
			cr_assert_eq(table(ROOT)[i], table(kernel_root)[i]);
	}
}
