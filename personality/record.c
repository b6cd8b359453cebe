/* Record pages (record.h). */
#include "personality/record.h"

#include <ration/bootinfo.h>
#include <ration/objects.h>
#include <rn/vspace.h>

void *record_alloc(struct proc *p, uint32_t kind)
{
	unsigned page = proc_window_page(p);
	if (!page)
		return 0;
	budget_slot_t frame;
	budget_slot_t block =
	    proc_alloc_objects(p, 12, BUDGET_RECORDS, RN_OBJ_FRAME_4K, 0, 1, &frame);
	if (block == BUDGET_NONE) {
		proc_window_page_free(p, page);
		return 0;
	}
	struct record_header *h = (struct record_header *)window_va(p->pid, page);
	if (rn_frame_map(CAP(p->pid, frame), ROOT(RN_SLOT_ROOT_VSPACE), (uintptr_t)h,
	                 RN_RIGHT_READ | RN_RIGHT_WRITE, 0)) {
		proc_free_objects(p, block);
		proc_window_page_free(p, page);
		return 0;
	}
	/* Zero from Retype. */
	h->kind = kind;
	h->owner = p->pid;
	h->block = block;
	h->page = page;
	return h;
}

void record_free(void *page)
{
	struct record_header *h = page;
	struct proc *owner = proc_get(h->owner);
	unsigned pg = h->page;
	proc_free_objects(owner, h->block); /* unmaps it from the window */
	proc_window_page_free(owner, pg);
}

void *record_of(uint32_t handle, uint32_t kind)
{
	uint32_t pid = handle >> 16, page = (handle >> 7) & 0x1ff;
	struct proc *owner = proc_get(pid);
	if (!owner || page < WINDOW_FIRST_FREE_PAGE || page >= WINDOW_PAGES ||
	    !(owner->window_used[page / 64] & (1ul << (page % 64))))
		return 0;
	struct record_header *h = (struct record_header *)window_va(pid, page);
	return h->kind == kind ? h : 0;
}

uint32_t record_handle(const void *page, unsigned slot, unsigned end)
{
	const struct record_header *h = page;
	return HANDLE(h->owner, h->page, slot, end);
}
