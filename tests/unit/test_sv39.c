/* Sv39 PTE encoding and address splitting against the privileged spec. */
#include <criterion/criterion.h>
#include "arch/riscv/memlayout.h"
#include "arch/riscv/sv39.h"

Test(sv39, vpn_splits_a_virtual_address_into_nine_bit_indices)
{
	vaddr_t va = 0xffffffc080201234ull;
	cr_expect_eq(sv39_vpn(va, 2), 0x102, "PHYS_OFFSET + 2 GiB is root slot 0x102");
	cr_expect_eq(sv39_vpn(va, 1), 0x001);
	cr_expect_eq(sv39_vpn(va, 0), 0x001);
	cr_expect_eq(va & 0xfff, 0x234);
	cr_expect_eq(sv39_vpn(PHYS_OFFSET, 2), 0x100);
	cr_expect_eq(sv39_vpn(0x0000003fffffffffull, 2), 0xff);
}

Test(sv39, level_sizes_are_4k_2m_1g)
{
	cr_expect_eq(sv39_level_size(0), 4096);
	cr_expect_eq(sv39_level_size(1), 2u << 20);
	cr_expect_eq(sv39_level_size(2), 1u << 30);
}

Test(sv39, canonical_addresses_sign_extend_bit_38)
{
	cr_expect(sv39_is_canonical(0));
	cr_expect(sv39_is_canonical(0x0000003fffffffffull));
	cr_expect(sv39_is_canonical(PHYS_OFFSET));
	cr_expect(sv39_is_canonical(0xffffffffffffffffull));
	cr_expect_not(sv39_is_canonical(0x0000004000000000ull));
	cr_expect_not(sv39_is_canonical(0xffffffbfffffffffull));
}

Test(sv39, leaf_pte_puts_ppn_at_bit_10)
{
	pte_t pte = sv39_make_pte(0x80200000, PTE_R | PTE_X);
	cr_expect_eq(pte, (0x80200ull << 10) | PTE_R | PTE_X | PTE_V);
	cr_expect_eq(sv39_pte_paddr(pte), 0x80200000);
	cr_expect(sv39_pte_is_leaf(pte));
	cr_expect_not(sv39_pte_is_table(pte));
}

Test(sv39, table_pte_has_no_rwx)
{
	pte_t pte = sv39_make_table_pte(0x87654000);
	cr_expect_eq(pte & (PTE_R | PTE_W | PTE_X), 0);
	cr_expect(sv39_pte_is_table(pte));
	cr_expect_not(sv39_pte_is_leaf(pte));
	cr_expect_eq(sv39_pte_paddr(pte), 0x87654000);
	cr_expect_not(sv39_pte_is_table(0), "an invalid PTE is neither");
}

Test(sv39, ppn_keeps_all_44_bits_and_drops_reserved_bits)
{
	paddr_t top = ((1ull << 44) - 1) << 12; /* largest Sv39 physical page */
	pte_t pte = sv39_make_pte(top, PTE_R);
	cr_expect_eq(sv39_pte_paddr(pte), top);
	cr_expect_eq(sv39_pte_paddr(pte | (0x3ffull << 54)), top, "bits 63..54 are not PPN");
}
