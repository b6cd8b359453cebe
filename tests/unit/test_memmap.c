/* Range-set arithmetic used to find free RAM at boot. */
#include <criterion/criterion.h>
#include "kernel/memmap.h"

static void expect_ranges(const struct memmap *m, int n, const struct mem_range *want)
{
	cr_assert_eq(m->n, n, "have %d ranges, want %d", m->n, n);
	for (int i = 0; i < n; i++) {
		cr_expect_eq(m->r[i].base, want[i].base, "range %d base %#lx", i, m->r[i].base);
		cr_expect_eq(m->r[i].size, want[i].size, "range %d size %#lx", i, m->r[i].size);
	}
}

Test(memmap, add_keeps_ranges_sorted_and_merges_touching_ones)
{
	struct memmap m = { 0 };
	cr_assert(memmap_add(&m, 0x3000, 0x1000));
	cr_assert(memmap_add(&m, 0x1000, 0x1000));
	expect_ranges(&m, 2, (struct mem_range[]){ { 0x1000, 0x1000 }, { 0x3000, 0x1000 } });
	cr_assert(memmap_add(&m, 0x2000, 0x1000)); /* fills the gap: all merge */
	expect_ranges(&m, 1, (struct mem_range[]){ { 0x1000, 0x3000 } });
	cr_assert(memmap_add(&m, 0x1800, 0x100)); /* inside: no change */
	expect_ranges(&m, 1, (struct mem_range[]){ { 0x1000, 0x3000 } });
}

Test(memmap, remove_splits_trims_and_drops)
{
	struct memmap m = { 0 };
	memmap_add(&m, 0x80000000, 0x8000000);
	cr_assert(memmap_remove(&m, 0x80200000, 0x20000)); /* kernel: split */
	expect_ranges(&m, 2,
	              (struct mem_range[]){ { 0x80000000, 0x200000 }, { 0x80220000, 0x7de0000 } });
	cr_assert(memmap_remove(&m, 0x80000000, 0x80000));  /* firmware: trim head */
	cr_assert(memmap_remove(&m, 0x87e00000, 0x400000)); /* past the end: trim tail */
	expect_ranges(&m, 2,
	              (struct mem_range[]){ { 0x80080000, 0x180000 }, { 0x80220000, 0x7be0000 } });
	cr_assert(memmap_remove(&m, 0x80000000, 0x300000)); /* covers one: drop */
	expect_ranges(&m, 1, (struct mem_range[]){ { 0x80300000, 0x7b00000 } });
	cr_expect_eq(memmap_total(&m), 0x7b00000);
}

Test(memmap, full_set_refuses_and_changes_nothing)
{
	struct memmap m = { 0 };
	for (int i = 0; i < MEMMAP_MAX; i++)
		cr_assert(memmap_add(&m, (paddr_t)i * 0x10000, 0x1000));
	struct memmap before = m;
	cr_expect_not(memmap_add(&m, 0x7000000, 0x1000), "a new range cannot fit");
	cr_expect_not(memmap_remove(&m, 0x10400, 0x100), "a split cannot fit");
	cr_expect_arr_eq(&m, &before, sizeof(m));
	cr_expect(memmap_remove(&m, 0x10000, 0x1000), "dropping a range needs no room");
	cr_expect_eq(m.n, MEMMAP_MAX - 1);
}

Test(memmap, wrapping_range_is_refused)
{
	struct memmap m = { 0 };
	cr_expect_not(memmap_add(&m, ~(paddr_t)0 - 10, 100));
	cr_expect_eq(m.n, 0);
}

Test(memmap, align_inward_shrinks_to_pages)
{
	struct memmap m = { 0 };
	memmap_add(&m, 0x1001, 0x2fff); /* [0x1001, 0x4000) */
	memmap_add(&m, 0x5100, 0x100);  /* no whole page: dropped */
	memmap_align_inward(&m, 0x1000);
	expect_ranges(&m, 1, (struct mem_range[]){ { 0x2000, 0x2000 } });
}
