/* Turning free memory into untyped caps at boot (see boot_untyped.h).
 *
 * The only memory used besides the caller's arrays is one static slot: the
 * chosen untyped's cap must sit in a slot before the root CNode can be
 * retyped out of it, and the root CNode does not exist yet. */
#include "kernel/boot_untyped.h"
#include "kernel/cspace.h"
#include "kernel/objects.h"
#include "kernel/panic.h"
#include "kernel/untyped.h"
#include <ration/errors.h>

#define PAGE_BITS           12
#define ROOT_CNODE_OBJ_BITS (CONFIG_ROOT_CNODE_BITS + RN_SLOT_BITS)

static struct slot boot_slot __attribute__((aligned(32)));

static word_t ctz(word_t x)
{
	return x ? (word_t)__builtin_ctzll(x) : 64;
}

static word_t floor_log2(word_t x)
{
	return 63 - (word_t)__builtin_clzll(x);
}

/* The largest naturally aligned block starting at base within size. */
static word_t block_bits(paddr_t base, word_t size)
{
	return MIN(MIN(ctz(base), floor_log2(size)), (word_t)RN_UNTYPED_MAX_BITS);
}

static int check_ranges(const struct mem_range *r, word_t n)
{
	for (word_t i = 0; i < n; i++) {
		if (!IS_ALIGNED(r[i].base, BIT(PAGE_BITS)) ||
		    !IS_ALIGNED(r[i].size, BIT(PAGE_BITS)))
			return RN_ALIGNMENT_ERROR;
		if (r[i].size == 0 || r[i].base + r[i].size > CAP_PADDR_LIMIT ||
		    r[i].base + r[i].size < r[i].base ||
		    (i > 0 && r[i].base < r[i - 1].base + r[i - 1].size))
			return RN_INVALID_ARGUMENT;
	}
	return RN_OK;
}

static bool overlaps(const struct mem_range *a, word_t na, const struct mem_range *b, word_t nb)
{
	for (word_t i = 0; i < na; i++)
		for (word_t j = 0; j < nb; j++)
			if (a[i].base < b[j].base + b[j].size && b[j].base < a[i].base + a[i].size)
				return true;
	return false;
}

/* Cuts the ranges into blocks appended to desc in address order, merging
 * the RAM and device lists. Returns false if desc overflows. */
static bool cut_blocks(const struct mem_range *ram, word_t n_ram, const struct mem_range *dev,
                       word_t n_dev, struct rn_untyped_desc *desc, word_t max, word_t *n)
{
	word_t i = 0, j = 0;
	*n = 0;
	while (i < n_ram || j < n_dev) {
		bool is_dev = i == n_ram || (j < n_dev && dev[j].base < ram[i].base);
		const struct mem_range *r = is_dev ? &dev[j++] : &ram[i++];
		for (paddr_t b = r->base, end = r->base + r->size; b < end;) {
			word_t bits = block_bits(b, end - b);
			if (*n == max)
				return false;
			desc[*n] = (struct rn_untyped_desc){ .paddr = b,
				                             .size_bits = (uint8_t)bits,
				                             .is_device = is_dev };
			(*n)++;
			b += BIT(bits);
		}
	}
	return true;
}

int boot_create_untyped(const struct mem_range *ram, word_t n_ram, const struct mem_range *dev,
                        word_t n_dev, struct rn_untyped_desc *desc, word_t max_desc,
                        struct boot_untyped_result *res)
{
	int r = check_ranges(ram, n_ram);
	if (r == RN_OK)
		r = check_ranges(dev, n_dev);
	if (r != RN_OK)
		return r;
	if (overlaps(ram, n_ram, dev, n_dev))
		return RN_INVALID_ARGUMENT;

	word_t limit = MIN(max_desc, (word_t)CONFIG_MAX_BOOT_UNTYPED);
	limit = MIN(limit, BIT(CONFIG_ROOT_CNODE_BITS) - RN_SLOT_FIRST_UNTYPED);
	word_t n;
	if (!cut_blocks(ram, n_ram, dev, n_dev, desc, limit, &n))
		return RN_RANGE_ERROR;

	/* Best fit for the root CNode: the smallest RAM block that holds it
	 * leaves the big blocks whole for the root task. */
	word_t host = n;
	for (word_t k = 0; k < n; k++)
		if (!desc[k].is_device && desc[k].size_bits >= ROOT_CNODE_OBJ_BITS &&
		    (host == n || desc[k].size_bits < desc[host].size_bits))
			host = k;
	if (host == n)
		return RN_NOT_ENOUGH_MEMORY;

	/* Retype the root CNode from the host block, whose cap waits in the
	 * static slot meanwhile; the CNode's own cap goes into its slot 2. */
	cdt_init();
	paddr_t cn = desc[host].paddr;
	cdt_insert_after(cdt_head(), &boot_slot, cap_untyped_new(cn, desc[host].size_bits, false),
	                 true, true);
	struct cap root = cap_cnode_new(cn, CONFIG_ROOT_CNODE_BITS);
	struct slot *slots = cnode_slot(&root, 0);
	untyped_retype(&boot_slot, RN_OBJ_CNODE, CONFIG_ROOT_CNODE_BITS, &slots[RN_SLOT_ROOT_CNODE],
	               1);
	cap_cnode_set_guard(&slots[RN_SLOT_ROOT_CNODE].cap, 0, 64 - CONFIG_ROOT_CNODE_BITS);

	/* Every untyped into its slot. The roots of the tree stay in
	 * decreasing address order in the list (the invariant checker
	 * relies on it): blocks above the host go in front of it, blocks
	 * below it after the host's subtree (the root CNode cap). */
	struct slot *after_host = &slots[RN_SLOT_ROOT_CNODE];
	for (word_t k = 0; k < n; k++) {
		struct slot *dst = &slots[RN_SLOT_FIRST_UNTYPED + k];
		desc[k].slot = RN_SLOT_FIRST_UNTYPED + k;
		if (k == host) {
			cdt_move(&boot_slot, dst, boot_slot.cap);
			desc[k].watermark = cap_untyped_watermark(&dst->cap);
			continue;
		}
		struct cap c = cap_untyped_new(desc[k].paddr, desc[k].size_bits, desc[k].is_device);
		desc[k].watermark = 0;
		cdt_insert_after(k < host ? after_host : cdt_head(), dst, c, true, true);
	}

	res->root_cnode_slot = &slots[RN_SLOT_ROOT_CNODE];
	res->root_cnode = cn;
	res->n_untyped = n;
	res->host = host;
	return RN_OK;
}
