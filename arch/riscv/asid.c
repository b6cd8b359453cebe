/* The ASID table (see asid.h). */
#include "arch/riscv/asid.h"
#include "kernel/arch.h"
#include "kernel/pmem.h"

paddr_t asid_pools[ASID_POOLS];

/* Never 0, so that a zeroed TCB's VSpace cache (generation 0) never
 * matches; 2^64 changes will not happen. */
word_t arch_vspace_generation = 1;

/* Every change to asid_pools[] or to a pool's root[] goes through here. */
static void changed(void)
{
	arch_vspace_generation++;
}

void asid_init(void)
{
	for (word_t i = 0; i < ASID_POOLS; i++)
		asid_pools[i] = 0;
	changed();
}

static struct asid_pool *pool_of(word_t asid)
{
	word_t pool = asid >> ASID_POOL_INDEX_BITS;
	if (asid == 0 || pool >= ASID_POOLS || !asid_pools[pool])
		return NULL;
	return paddr_to_kptr(asid_pools[pool]);
}

int asid_free_pool(void)
{
	for (word_t i = 0; i < ASID_POOLS; i++) {
		if (!asid_pools[i])
			return (int)i;
	}
	return -1;
}

void asid_set_pool(word_t pool, paddr_t pool_pa)
{
	asid_pools[pool] = pool_pa;
	changed();
}

paddr_t asid_get_pool(word_t pool)
{
	return pool < ASID_POOLS ? asid_pools[pool] : 0;
}

word_t asid_assign(word_t pool, paddr_t pool_pa, paddr_t root_pa)
{
	struct asid_pool *p = paddr_to_kptr(pool_pa);
	/* Index 0 of pool 0 would be ASID 0, which means "none". */
	for (word_t i = pool == 0 ? 1 : 0; i < BIT(ASID_POOL_INDEX_BITS); i++) {
		if (!p->root[i]) {
			p->root[i] = root_pa;
			changed();
			return pool << ASID_POOL_INDEX_BITS | i;
		}
	}
	return 0;
}

void asid_release(word_t asid, paddr_t root_pa)
{
	struct asid_pool *p = pool_of(asid);
	word_t i = asid & MASK(ASID_POOL_INDEX_BITS);
	if (p && p->root[i] == root_pa) {
		p->root[i] = 0;
		changed();
	}
}
