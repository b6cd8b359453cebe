/* Directed checks for kernel bugs found while writing kfuzz: each one is
 * the shortest sequence of calls that shows the bug, run once before the
 * fuzzing starts. A probe that finds its bug fails the run. */
#include <stdbool.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/untyped.h>
#include <rn/vspace.h>
#include "kfuzz.h"
#include "world.h"

#define ROOT RN_SLOT_ROOT_CNODE
#define PROBE_VADDR 0x40000000ul /* nothing there in a fresh VSpace */

#define STEP(expr)                                                                   \
	do {                                                                         \
		int err_ = (expr);                                                   \
		if (err_) {                                                          \
			rn_printf("kfuzz: probe: %s: %s\n", #expr, rn_error_name(err_)); \
			return -1;                                                   \
		}                                                                    \
	} while (0)

/* A page table stays linked into a VSpace after its last cap is deleted
 * when the mapping was made through a copy of its cap: deleting a copy
 * that is not the last cap unmaps nothing, and the last cap's own mapping
 * record names another place (or none). The table's memory goes back to
 * its untyped while the hardware still walks through it. Two ways there:
 *   variant 0: copy an unmapped table's cap, map the copy, delete the
 *              copy, delete the original;
 *   variant 1: map the table, copy its cap, unmap through the copy, map
 *              the copy elsewhere, delete the copy, delete the original.
 * Shown by retyping the table's memory as a frame: mapping a page table
 * where the stale one hangs makes the kernel write a PTE into the user's
 * frame. A kernel that refuses any step (seL4 refuses to derive an unmapped
 * page table, and to unmap one while other caps to it exist) passes.
 * Returns 1 if the bug is there, 0 if not, -1 if the probe could not run. */
static int probe_stale_page_table(rn_cptr_t ut, rn_cptr_t first_slot, int variant)
{
	rn_cptr_t x = first_slot, vs = x + 1, pt = x + 2, pt_copy = x + 3, frame = x + 4,
		  pt2 = x + 5;
	rn_word_t va = PROBE_VADDR, other_va = PROBE_VADDR + (1ul << 30);
	volatile rn_word_t *window = (volatile rn_word_t *)(KFUZZ_IPC_AREA + 0x20000);

	STEP(rn_untyped_retype(ut, RN_OBJ_UNTYPED, 12, ROOT, 0, 0, x, 1));
	STEP(rn_untyped_retype(ut, RN_OBJ_PAGE_TABLE, 0, ROOT, 0, 0, vs, 1));
	STEP(rn_asid_pool_assign(RN_SLOT_ROOT_ASID_POOL, vs));
	STEP(rn_untyped_retype(x, RN_OBJ_PAGE_TABLE, 0, ROOT, 0, 0, pt, 1));
	bool refused;
	if (variant == 0) {
		refused = rn_cnode_copy(ROOT, pt_copy, 64, ROOT, pt, 64, RN_RIGHTS_ALL) ||
			  rn_page_table_map(pt_copy, vs, va);
	} else {
		STEP(rn_page_table_map(pt, vs, other_va));
		refused = rn_cnode_copy(ROOT, pt_copy, 64, ROOT, pt, 64, RN_RIGHTS_ALL) ||
			  rn_page_table_unmap(pt_copy) || rn_page_table_map(pt_copy, vs, va);
	}
	if (refused) {
		STEP(rn_cnode_revoke(ROOT, ut, 64));
		return 0;
	}
	STEP(rn_cnode_delete(ROOT, pt_copy, 64));
	STEP(rn_cnode_delete(ROOT, pt, 64));
	/* x is empty again: its next object reuses the table's bytes. */
	STEP(rn_untyped_retype(x, RN_OBJ_FRAME_4K, 0, ROOT, 0, 0, frame, 1));
	STEP(rn_untyped_retype(ut, RN_OBJ_PAGE_TABLE, 0, ROOT, 0, 0, pt2, 1));
	STEP(rn_page_table_map(pt2, vs, va));
	STEP(rn_frame_map(frame, RN_SLOT_ROOT_VSPACE, (rn_word_t)window, RN_RIGHT_READ, 0));
	int found = 0;
	for (int i = 0; i < 512; i++) {
		if (window[i] != 0) {
			rn_printf("kfuzz: probe: word %d of a fresh user frame is %#lx: the "
				  "kernel wrote a PTE into it\n",
				  i, (unsigned long)window[i]);
			found = 1;
			break;
		}
	}
	STEP(rn_cnode_revoke(ROOT, ut, 64));
	return found;
}

/* CNode_Copy of a mapped frame cap used to give a cap that carried the
 * original's mapping record, so deleting the copy unmapped the page the
 * original still maps (fixed in cnode.c's derive(); kept as a regression
 * check). Seen as: after the copy is deleted, another frame can be mapped
 * at the original's address.
 * Returns 1 if the bug is there, 0 if not, -1 if the probe could not run. */
static int probe_frame_copy_unmaps(rn_cptr_t ut, rn_cptr_t first_slot)
{
	rn_cptr_t vs = first_slot, pt = vs + 1, frame = vs + 2, copy = vs + 4, pt0 = vs + 5;
	STEP(rn_untyped_retype(ut, RN_OBJ_PAGE_TABLE, 0, ROOT, 0, 0, vs, 1));
	STEP(rn_asid_pool_assign(RN_SLOT_ROOT_ASID_POOL, vs));
	STEP(rn_untyped_retype(ut, RN_OBJ_PAGE_TABLE, 0, ROOT, 0, 0, pt, 1));
	STEP(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, ROOT, 0, 0, frame, 2));
	STEP(rn_page_table_map(pt, vs, PROBE_VADDR)); /* level 1 */
	STEP(rn_untyped_retype(ut, RN_OBJ_PAGE_TABLE, 0, ROOT, 0, 0, pt0, 1));
	STEP(rn_page_table_map(pt0, vs, PROBE_VADDR)); /* level 0 */
	STEP(rn_frame_map(frame, vs, PROBE_VADDR, RN_RIGHT_READ, 0));
	STEP(rn_cnode_copy(ROOT, copy, 64, ROOT, frame, 64, RN_RIGHTS_ALL));
	STEP(rn_cnode_delete(ROOT, copy, 64));
	int err = rn_frame_map(frame + 1, vs, PROBE_VADDR, RN_RIGHT_READ, 0);
	STEP(rn_cnode_revoke(ROOT, ut, 64));
	if (err == RN_OK) {
		rn_printf("kfuzz: probe: deleting a copy of a mapped frame cap unmapped the "
			  "original's page\n");
		return 1;
	}
	return err == RN_DELETE_FIRST ? 0 : -1;
}

static int report(const char *name, int r, int known_bug)
{
	rn_printf("kfuzz: probe %s: %s%s\n", name,
		  r == 0 ? "ok" : r > 0 ? "KERNEL BUG" : "could not run",
		  r != 0 && known_bug ? " (known, not counted)" : "");
	return r != 0 && !known_bug;
}

int probes_run(rn_cptr_t ut, rn_cptr_t first_slot)
{
	int failed = 0;
	failed += report("stale page table (map a copy, delete both)",
			 probe_stale_page_table(ut, first_slot, 0),
			 KFUZZ_KNOWN_BUG_STALE_PAGE_TABLE);
	failed += report("stale page table (unmap via a copy, remap it, delete both)",
			 probe_stale_page_table(ut, first_slot, 1),
			 KFUZZ_KNOWN_BUG_STALE_PAGE_TABLE);
	failed += report("deleting a frame copy keeps the original's mapping",
			 probe_frame_copy_unmaps(ut, first_slot),
			 KFUZZ_KNOWN_BUG_FRAME_COPY_MAPPING);
	return failed;
}
