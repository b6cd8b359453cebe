/* ASIDs: how the kernel names an address space safely.
 *
 * A mapped Frame or PageTable cap records the ASID and address it is mapped
 * at, not a pointer to the VSpace: when the mapping must go (unmap, delete,
 * revoke), the ASID is looked up, and if the VSpace is gone (its root
 * deleted, its pool deleted) the lookup simply finds nothing. A pointer
 * could name memory that has since become something else.
 *
 *   asid (16 bits) = pool (high 7 bits) | index in pool (low 9 bits)
 *   asid_pools[pool]  -> an ASID pool object (4 KiB, retyped from untyped
 *                        through ASIDControl_MakePool)
 *   pool->root[index] -> physical address of a VSpace root page table
 *
 * The table of pools is the kernel's only ASID state: 128 words of static
 * data. ASID 0 is never handed out. The same numbers go into satp.ASID, so
 * the TLB keeps entries of several address spaces apart.
 */
#ifndef ARCH_RISCV_ASID_H
#define ARCH_RISCV_ASID_H

#include "kernel/pmem.h"
#include "kernel/types.h"
#include <ration/objects.h>

#define ASID_BITS            16
#define ASID_POOL_INDEX_BITS 9
#define ASID_POOLS           BIT(ASID_BITS - ASID_POOL_INDEX_BITS)
#define ASID_POOL_SIZE_BITS  RN_ASID_POOL_BITS

struct asid_pool {
	paddr_t root[BIT(ASID_POOL_INDEX_BITS)];
};
compile_assert(asid_pool_size, sizeof(struct asid_pool) == BIT(ASID_POOL_SIZE_BITS));

/* Forgets every pool (boot, host tests). */
void asid_init(void);

/* arch_vspace_generation (kernel/arch.h) is this file's: every function
 * below that writes asid_pools[] or a pool's root[] moves it, and nothing
 * else writes them, so the answer of asid_lookup() for any ASID can only
 * change together with it. */

/* The VSpace root of `asid`, or 0. Inline: every return to user level
 * checks the thread's VSpace through it. */
extern paddr_t asid_pools[ASID_POOLS];
static inline paddr_t asid_lookup(word_t asid)
{
	word_t pool = asid >> ASID_POOL_INDEX_BITS;
	if (asid == 0 || pool >= ASID_POOLS || !asid_pools[pool])
		return 0;
	const struct asid_pool *p = paddr_to_kptr(asid_pools[pool]);
	return p->root[asid & MASK(ASID_POOL_INDEX_BITS)];
}

/* A free pool number, or -1 if all 128 are in use. */
int asid_free_pool(void);
void asid_set_pool(word_t pool, paddr_t pool_pa);
paddr_t asid_get_pool(word_t pool);

/* Assigns a free ASID of the pool at pool_pa (number `pool`) to the VSpace
 * root at root_pa: the ASID, or 0 when the pool is full. */
word_t asid_assign(word_t pool, paddr_t pool_pa, paddr_t root_pa);

/* Releases `asid` if it still names root_pa. */
void asid_release(word_t asid, paddr_t root_pa);

#endif
