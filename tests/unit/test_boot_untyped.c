/* Boot: free RAM into untyped caps, the root CNode retyped from one. */
#include "tests/unit/support/ktest.h"
#include "tests/unit/support/fake_pmem.h"

#define B KF_BASE

static void fini(void)
{
	fake_pmem_fini();
}

TestSuite(boot_untyped, .fini = fini);

static word_t total_bytes(word_t n)
{
	word_t t = 0;
	for (word_t i = 0; i < n; i++)
		t += BIT(kf_desc[i].size_bits);
	return t;
}

/* Odd ranges: not aligned to their size, sizes not powers of two. */
static const struct mem_range odd_ram[] = {
	{ B + 0x3000, 0x5d000 },         /* 372 KiB at a 12 KiB offset */
	{ B + MiB(1), MiB(1) + 0x7000 }, /* 1 MiB + 28 KiB */
	{ B + MiB(3) - 0x1000, 0x2000 }, /* straddles a 1 MiB boundary */
};

Test(boot_untyped, sizes_add_up_exactly_to_free_ram)
{
	cr_assert_eq(kf_boot(MiB(4), odd_ram, 3, NULL, 0), RN_OK);
	word_t want = 0x5d000 + MiB(1) + 0x7000 + 0x2000;
	cr_expect_eq(total_bytes(kf_boot_res.n_untyped), want);
	/* and each range is covered exactly, block after block */
	word_t k = 0;
	for (word_t r = 0; r < 3; r++) {
		paddr_t at = odd_ram[r].base;
		while (at < odd_ram[r].base + odd_ram[r].size) {
			cr_assert_lt(k, kf_boot_res.n_untyped);
			cr_expect_eq(kf_desc[k].paddr, at);
			at += BIT(kf_desc[k++].size_bits);
		}
		cr_expect_eq(at, odd_ram[r].base + odd_ram[r].size);
	}
	cr_expect_eq(k, kf_boot_res.n_untyped);
}

Test(boot_untyped, blocks_are_naturally_aligned_and_as_large_as_possible)
{
	cr_assert_eq(kf_boot(MiB(4), odd_ram, 3, NULL, 0), RN_OK);
	for (word_t k = 0; k < kf_boot_res.n_untyped; k++) {
		paddr_t pa = kf_desc[k].paddr;
		word_t bits = kf_desc[k].size_bits;
		cr_expect(IS_ALIGNED(pa, BIT(bits)), "block %lu not aligned", (unsigned long)k);
		cr_expect_geq(bits, 12);
		/* the next size up would be misaligned or run past the range */
		const struct mem_range *r = NULL;
		for (int i = 0; i < 3; i++)
			if (pa >= odd_ram[i].base && pa < odd_ram[i].base + odd_ram[i].size)
				r = &odd_ram[i];
		cr_assert_not_null(r);
		cr_expect(!IS_ALIGNED(pa, BIT(bits + 1)) || pa + BIT(bits + 1) > r->base + r->size,
		          "block %lu could have been larger", (unsigned long)k);
	}
}

Test(boot_untyped, blocks_never_exceed_the_largest_untyped)
{
	/* Described, not touched: only the root CNode's block is written. */
	static const struct mem_range ram[] = { { B, MiB(1) }, { BIT(39), BIT(39) + BIT(38) } };
	cr_assert_eq(kf_boot(MiB(1), ram, 2, NULL, 0), RN_OK);
	cr_expect_eq(kf_boot_res.n_untyped, 1 + 3);
	for (word_t k = 1; k < 4; k++)
		cr_expect_eq(kf_desc[k].size_bits, RN_UNTYPED_MAX_BITS);
	expect_invariants();
}

Test(boot_untyped, root_cnode_comes_from_the_smallest_block_that_holds_it)
{
	cr_assert_eq(kf_boot(MiB(4), odd_ram, 3, NULL, 0), RN_OK);
	word_t h = kf_boot_res.host;
	word_t cn_bits = CONFIG_ROOT_CNODE_BITS + RN_SLOT_BITS;
	cr_expect_eq(kf_desc[h].watermark, BIT(cn_bits));
	cr_expect_eq(kf_boot_res.root_cnode, kf_desc[h].paddr);
	for (word_t k = 0; k < kf_boot_res.n_untyped; k++) {
		if (k != h)
			cr_expect_eq(kf_desc[k].watermark, 0);
		if (kf_desc[k].size_bits >= cn_bits)
			cr_expect_geq(kf_desc[k].size_bits, kf_desc[h].size_bits);
	}
	/* its cap shows the watermark, and it has the CNode as child */
	struct slot *hs = kf_slot(kf_desc[h].slot);
	cr_expect_eq(cap_untyped_watermark(&hs->cap), BIT(cn_bits));
	cr_expect(cdt_has_children(hs));
	cr_expect_eq(cdt_next(hs), kf_slot(RN_SLOT_ROOT_CNODE));
}

Test(boot_untyped, root_cnode_holds_its_own_cap_addressable_by_slot_number)
{
	kf_boot_standard();
	const struct cap *c = &kf_slot(RN_SLOT_ROOT_CNODE)->cap;
	cr_expect_eq(cap_type(c), CAP_CNODE);
	cr_expect_eq(cap_paddr(c), kf_boot_res.root_cnode);
	cr_expect_eq(cap_cnode_radix(c), CONFIG_ROOT_CNODE_BITS);
	cr_expect_eq(cap_cnode_guard_size(c), 64 - CONFIG_ROOT_CNODE_BITS);
	cr_expect_eq(cap_cnode_guard(c), 0);
	for (word_t i = 0; i < RN_SLOT_FIRST_UNTYPED; i++)
		if (i != RN_SLOT_ROOT_CNODE)
			cr_expect_eq(slot_type(i), CAP_NULL, "slot %lu", (unsigned long)i);
	struct slot *s;
	cr_expect_eq(cspace_lookup_cap(c, RN_SLOT_ROOT_CNODE, &s, &kf_err), RN_OK);
	cr_expect_eq(s, kf_slot(RN_SLOT_ROOT_CNODE));
}

Test(boot_untyped, untyped_caps_fill_consecutive_slots_in_address_order)
{
	kf_boot_standard();
	cr_assert_eq(kf_boot_res.n_untyped, 3);
	for (word_t k = 0; k < 3; k++) {
		const struct cap *c = &kf_slot(RN_SLOT_FIRST_UNTYPED + k)->cap;
		cr_expect_eq(kf_desc[k].slot, RN_SLOT_FIRST_UNTYPED + k);
		cr_expect_eq(cap_type(c), CAP_UNTYPED);
		cr_expect_eq(cap_paddr(c), kf_desc[k].paddr);
		cr_expect_eq(cap_untyped_size_bits(c), kf_desc[k].size_bits);
		cr_expect_eq(cap_untyped_device(c), kf_desc[k].is_device);
		if (k > 0)
			cr_expect_gt(kf_desc[k].paddr, kf_desc[k - 1].paddr);
	}
	cr_expect_eq(slot_type(RN_SLOT_FIRST_UNTYPED + 3), CAP_NULL);
	cr_expect_eq(cdt_count(), 4); /* three untyped + the root CNode cap */
}

Test(boot_untyped, device_untyped_is_flagged_and_never_hosts_the_root_cnode)
{
	static const struct mem_range ram[] = { { B + MiB(2), MiB(2) } };
	static const struct mem_range dev[] = { { B, MiB(1) }, { B + MiB(1), 0x1000 } };
	cr_assert_eq(kf_boot(MiB(4), ram, 1, dev, 2), RN_OK);
	cr_assert_eq(kf_boot_res.n_untyped, 3);
	cr_expect(kf_desc[0].is_device);
	cr_expect(kf_desc[1].is_device);
	cr_expect_eq(kf_desc[1].size_bits, 12);
	cr_expect(!kf_desc[2].is_device);
	cr_expect_eq(kf_boot_res.host, 2);
	cr_expect(cap_untyped_device(&kf_slot(RN_SLOT_FIRST_UNTYPED)->cap));
	expect_invariants();
}

Test(boot_untyped, invariants_hold_after_boot)
{
	cr_assert_eq(kf_boot(MiB(4), odd_ram, 3, NULL, 0), RN_OK);
	expect_invariants();
}

static void expect_boot_refused(const struct mem_range *ram, word_t n_ram,
                                const struct mem_range *dev, word_t n_dev, int code)
{
	kf_boot_standard();
	struct kf_snapshot *snap = kf_snapshot_take();
	int r = boot_create_untyped(ram, n_ram, dev, n_dev, kf_desc, CONFIG_MAX_BOOT_UNTYPED,
	                            &kf_boot_res);
	cr_expect_eq(r, code, "got %d want %d", r, code);
	cr_expect(kf_snapshot_same(snap), "refused boot changed state");
	kf_snapshot_free(snap);
}

Test(boot_untyped, fails_on_unaligned_range)
{
	struct mem_range r[] = { { B + 0x800, MiB(1) } };
	expect_boot_refused(r, 1, NULL, 0, RN_ALIGNMENT_ERROR);
	struct mem_range s[] = { { B, MiB(1) + 0x10 } };
	expect_boot_refused(s, 1, NULL, 0, RN_ALIGNMENT_ERROR);
	struct mem_range d[] = { { B + MiB(3), 0x100 } };
	expect_boot_refused(s, 1, d, 1, RN_ALIGNMENT_ERROR);
}

Test(boot_untyped, fails_on_unsorted_overlapping_or_empty_ranges)
{
	struct mem_range unsorted[] = { { B + MiB(2), MiB(1) }, { B, MiB(1) } };
	expect_boot_refused(unsorted, 2, NULL, 0, RN_INVALID_ARGUMENT);
	struct mem_range overlap[] = { { B, MiB(2) }, { B + MiB(1), MiB(1) } };
	expect_boot_refused(overlap, 2, NULL, 0, RN_INVALID_ARGUMENT);
	struct mem_range empty[] = { { B, 0 } };
	expect_boot_refused(empty, 1, NULL, 0, RN_INVALID_ARGUMENT);
	struct mem_range ram[] = { { B, MiB(2) } };
	struct mem_range dev[] = { { B + MiB(1), 0x1000 } };
	expect_boot_refused(ram, 1, dev, 1, RN_INVALID_ARGUMENT);
	struct mem_range high[] = { { CAP_PADDR_LIMIT - 0x1000, 0x2000 } };
	expect_boot_refused(high, 1, NULL, 0, RN_INVALID_ARGUMENT);
}

Test(boot_untyped, fails_when_no_block_can_hold_the_root_cnode)
{
	struct mem_range small[] = { { B, 0x10000 }, { B + 0x30000, 0x10000 } };
	expect_boot_refused(small, 2, NULL, 0, RN_NOT_ENOUGH_MEMORY);
}

Test(boot_untyped, fails_when_blocks_exceed_the_description_array)
{
	/* 4 KiB pages at every other page: one block each */
	static struct mem_range many[CONFIG_MAX_BOOT_UNTYPED + 1];
	for (word_t i = 0; i <= CONFIG_MAX_BOOT_UNTYPED; i++)
		many[i] = (struct mem_range){ B + MiB(1) + i * 0x2000, 0x1000 };
	many[0] = (struct mem_range){ B, MiB(1) };
	expect_boot_refused(many, CONFIG_MAX_BOOT_UNTYPED + 1, NULL, 0, RN_RANGE_ERROR);
}
