/* A process's address space (vm.h). */
#include "personality/vm.h"

#include "personality/sysmem.h"

#include <rn/px.h>

#include <ration/bootinfo.h>
#include <ration/objects.h>
#include <rn/cnode.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

#include "kernel/string.h"

/* Heap pages of 2 MiB, once a heap is past LARGE_AFTER (vm_sbrk). */
#define LARGE_ORDER   21
#define LARGE_BYTES   (1ul << LARGE_ORDER)
#define LARGE_AFTER   (8ul << 20)
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((a) - 1))
#define TABLE_GIB     (1ul << 30) /* what a table below the root maps */
#define PIECES        (LARGE_BYTES / PAGE_BYTES)

void *vm_scratch_map(cptr_t frame, unsigned which)
{
	int err = rn_frame_map(frame, ROOT(RN_SLOT_ROOT_VSPACE), SCRATCH_VA + which * PAGE_BYTES,
	                       RN_RIGHT_READ | RN_RIGHT_WRITE, 0);
	if (err)
		die("scratch map", err);
	return (void *)(SCRATCH_VA + which * PAGE_BYTES);
}

void vm_scratch_unmap(cptr_t frame)
{
	rn_frame_unmap(frame);
}

int vm_map(struct proc *p, budget_slot_t frame, uint64_t va, unsigned rights, bool exec)
{
	/* A missing table is RN_FAILED_LOOKUP: make the next level down and
	 * try again; Sv39 has two levels below the root. Each table made is
	 * marked with what it maps, so that mmap.c can free it again: a 4 KiB
	 * frame that needed two tables got a 1 GiB one and then a 2 MiB one,
	 * one that needed one a 2 MiB one; a 2 MiB frame only needs the 1 GiB
	 * level. */
	bool large = proc_meta(p, frame)->kind == RN_OBJ_FRAME_2M + 1;
	budget_slot_t made[2];
	int nmade = 0, err;
	for (;;) {
		err = rn_frame_map(CAP(p->pid, frame), CAP(p->pid, p->vspace), va, rights,
		                   exec ? RN_FRAME_EXECUTE : 0);
		if (err != RN_FAILED_LOOKUP || nmade == 2)
			break;
		budget_slot_t pt;
		budget_slot_t block =
		    proc_alloc_objects(p, 12, BUDGET_KERNEL, RN_OBJ_PAGE_TABLE, 0, 1, &pt);
		if (block == BUDGET_NONE) {
			err = RN_NOT_ENOUGH_MEMORY;
			break;
		}
		err = rn_page_table_map(CAP(p->pid, pt), CAP(p->pid, p->vspace), va);
		if (err) {
			proc_free_objects(p, block);
			break;
		}
		made[nmade++] = block;
	}
	for (int i = 0; i < nmade; i++) {
		bool gib = large || (nmade == 2 && i == 0);
		struct budget_block *b = proc_meta(p, made[i]);
		b->flags = SLOT_TABLE | (gib ? SLOT_LARGE : 0);
		b->tag = va & ~((gib ? TABLE_GIB : LARGE_BYTES) - 1);
	}
	return err;
}

budget_slot_t vm_new_page(struct proc *p, uint64_t va, unsigned rights, bool exec, const void *fill,
                          size_t off, size_t len)
{
	budget_slot_t frame;
	budget_slot_t block =
	    proc_alloc_objects(p, 12, BUDGET_FRAMES, RN_OBJ_FRAME_4K, 0, 1, &frame);
	if (block == BUDGET_NONE)
		return BUDGET_NONE;
	if (fill && len) {
		uint8_t *dst = vm_scratch_map(CAP(p->pid, frame), 0);
		memcpy(dst + off, fill, len);
		vm_scratch_unmap(CAP(p->pid, frame));
	}
	if (vm_map(p, frame, va, rights, exec)) {
		proc_free_objects(p, block);
		return BUDGET_NONE;
	}
	struct budget_block *b = proc_meta(p, block);
	b->flags =
	    SLOT_MAPPED | (rights & RN_RIGHT_WRITE ? SLOT_WRITE : 0) | (exec ? SLOT_EXEC : 0);
	b->tag = va;
	return block;
}

bool vm_share_page(struct proc *p, uint64_t slot, uint64_t va, bool exec)
{
	budget_slot_t id = proc_slot_alloc(p);
	if (id == BUDGET_NONE)
		return false;
	if (rn_cnode_copy(SELF, CAP(p->pid, id), DEPTH_LEAF_SLOT, SELF, slot, DEPTH_ROOT_SLOT,
	                  RN_RIGHT_READ) ||
	    vm_map(p, id, va, RN_RIGHT_READ, exec)) {
		rn_cnode_delete(SELF, CAP(p->pid, id), DEPTH_LEAF_SLOT);
		proc_slot_free(p, id);
		return false;
	}
	struct budget_block *m = proc_meta(p, id);
	m->flags = SLOT_USED | SLOT_SHARED | (exec ? SLOT_EXEC : 0);
	m->obj = (uint32_t)slot;
	m->tag = va;
	return true;
}

/* ---- heap runs ----
 * A run is 2^k heap pages (1 <= k <= RUN_MAX_ORDER) in one block of the
 * budget: its frames are made by one Retype into consecutive book slots
 * (one leaf) and mapped by one VSpace_MapFrames, so a large sbrk pays a
 * few kernel calls per 64 pages instead of three per page. The block's
 * .obj is its first frame's slot, .tag its first page; the frames' slots
 * are chained in order, so that proc_free_objects frees them with it.
 * The budget is charged exactly the run's pages. */
#define RUN_MAX_ORDER 6 /* 64 pages: RN_MAP_FRAMES_MAX */
#define RUN_MAX_POPS  (2 * LEAF_SLOTS) /* slots new_run tries for a run */
_Static_assert((1u << RUN_MAX_ORDER) <= RN_MAP_FRAMES_MAX &&
                   (1u << RUN_MAX_ORDER) <= RN_COPY_FRAMES_MAX,
               "a run maps in one call, and fork copies it in one");
_Static_assert((1u << RUN_MAX_ORDER) <= LEAF_SLOTS, "a run fits a leaf");
_Static_assert(SHARE_RUN_MAX <= RN_COPY_RANGE_MAX && SHARE_RUN_MAX <= RN_MAP_FRAMES_MAX &&
                   SHARE_RUN_MAX <= LEAF_SLOTS,
               "a shared run is copied and mapped in one call each, in one leaf");

/* Maps the n frames in slots first.. (one leaf) at va: one call per 2 MiB
 * region, or two where the region's tables must be made first (vm_map
 * makes them for the region's first page). */
static int map_run(struct proc *p, budget_slot_t first, unsigned n, uint64_t va, unsigned rights,
                   bool exec)
{
	uint64_t leaf = index_leaf(p->pid, first >> LEAF_BITS);
	unsigned attrs = exec ? RN_FRAME_EXECUTE : 0;
	for (unsigned i = 0; i < n;) {
		uint64_t at = va + i * PAGE_BYTES;
		unsigned len = (unsigned)((ALIGN_UP(at + 1, LARGE_BYTES) - at) / PAGE_BYTES);
		if (len > n - i)
			len = n - i;
		int err = rn_vspace_map_frames(CAP(p->pid, p->vspace), SELF, leaf, DEPTH_BOOK_SLOT,
		                               (first + i) & (LEAF_SLOTS - 1), len, at, rights, attrs);
		if (err == RN_FAILED_LOOKUP) {
			err = vm_map(p, first + i, at, rights, exec);
			if (!err && len > 1)
				err = rn_vspace_map_frames(CAP(p->pid, p->vspace), SELF, leaf,
				                           DEPTH_BOOK_SLOT,
				                           (first + i + 1) & (LEAF_SLOTS - 1), len - 1,
				                           at + PAGE_BYTES, rights, attrs);
		}
		if (err)
			return err;
		i += len;
	}
	return 0;
}

int vm_map_frames(struct proc *p, const budget_slot_t *frames, unsigned n, uint64_t va)
{
	bool run = n > 0;
	for (unsigned i = 1; i < n; i++)
		run = run && frames[i] == frames[0] + i && frames[i] >> LEAF_BITS == frames[0] >> LEAF_BITS;
	if (run)
		return map_run(p, frames[0], n, va, RN_RIGHT_READ | RN_RIGHT_WRITE, false);
	for (unsigned i = 0; i < n; i++) {
		int err = vm_map(p, frames[i], va + i * PAGE_BYTES, RN_RIGHT_READ | RN_RIGHT_WRITE, false);
		if (err)
			return err;
	}
	return 0;
}

/* Slots taken while looking for a run of n consecutive ones. */
struct run_slots {
	budget_slot_t slot[RUN_MAX_POPS];
	unsigned got, n;
};

/* n consecutive free slots of one leaf, taken; the first of them, or
 * BUDGET_NONE. The free list hands out a fresh leaf in order and a freed
 * run's slots in reverse, with scattered ones in between: take slots
 * until the last n are consecutive (either way) in one leaf. Every slot
 * taken is held in r until release_run_slots. */
static budget_slot_t take_run_slots(struct proc *p, unsigned n, struct run_slots *r)
{
	budget_slot_t start = BUDGET_NONE; /* the first of the last streak */
	unsigned streak = 0;
	r->got = 0;
	r->n = n;
	if (n == 0 || n > LEAF_SLOTS)
		return BUDGET_NONE;
	while (streak < n && r->got < RUN_MAX_POPS) {
		budget_slot_t id = proc_slot_alloc(p);
		if (id == BUDGET_NONE)
			break;
		const budget_slot_t *s = r->slot;
		unsigned got = r->got;
		bool next = got > 0 && id >> LEAF_BITS == s[got - 1] >> LEAF_BITS &&
		            (streak < 2 ? id == s[got - 1] + 1 || id + 1 == s[got - 1]
		                        : id - s[got - 1] == s[got - 1] - s[got - 2]);
		streak = next ? streak + 1 : 1;
		if (streak == 1)
			start = id;
		r->slot[r->got++] = id;
	}
	if (streak != n)
		return BUDGET_NONE;
	budget_slot_t last = r->slot[r->got - 1];
	return start < last ? start : last;
}

/* Gives back the slots take_run_slots held, but the run's if it is kept,
 * last taken first: the free list is then as it was, but for the run. */
static void release_run_slots(struct proc *p, struct run_slots *r, bool keep_run)
{
	for (unsigned i = keep_run ? r->got - r->n : r->got; i > 0; i--)
		proc_slot_free(p, r->slot[i - 1]);
}

/* A writable run of 2^order pages at va, or BUDGET_NONE with nothing
 * changed (no memory for a block that size, or no 2^order consecutive
 * free slots in a leaf: the caller then takes single pages). */
static budget_slot_t new_run(struct proc *p, uint64_t va, unsigned order)
{
	unsigned n = 1u << order;
	if (order < 1 || order > RUN_MAX_ORDER)
		return BUDGET_NONE;
	/* The slots first, so that nothing is spent on a block without them. */
	static struct run_slots r; /* the server runs one call at a time */
	budget_slot_t lo = take_run_slots(p, n, &r), block = BUDGET_NONE;
	if (lo != BUDGET_NONE && proc_reserve_slots(p))
		block = budget_alloc(&p->budget, 12 + order, BUDGET_FRAMES);
	if (block != BUDGET_NONE &&
	    rn_untyped_retype(CAP(p->pid, block), RN_OBJ_FRAME_4K, 0, SELF,
	                      index_leaf(p->pid, lo >> LEAF_BITS), DEPTH_BOOK_SLOT,
	                      lo & (LEAF_SLOTS - 1), n)) {
		budget_free(&p->budget, block);
		block = BUDGET_NONE;
	}
	release_run_slots(p, &r, block != BUDGET_NONE);
	if (block == BUDGET_NONE)
		return BUDGET_NONE;
	struct budget_block *b = proc_meta(p, block);
	b->obj = lo;
	for (unsigned i = 0; i < n; i++) {
		struct budget_block *f = proc_meta(p, lo + i);
		f->kind = RN_OBJ_FRAME_4K + 1;
		f->next = i + 1 < n ? lo + i + 1 : BUDGET_NONE;
	}
	if (map_run(p, lo, n, va, RN_RIGHT_READ | RN_RIGHT_WRITE, false)) {
		proc_free_objects(p, block);
		return BUDGET_NONE;
	}
	b = proc_meta(p, block);
	b->flags = SLOT_MAPPED | SLOT_WRITE;
	b->tag = va;
	return block;
}

/* ---- shared text in runs ---- */

/* n system text frames in root slots slot.. mapped read-only at va.. in
 * one CNode_CopyRange and one VSpace_MapFrames per 2 MiB, into n
 * consecutive book slots; false with nothing changed if the book has no
 * such slots or a call is refused (the caller then goes page by page). */
static bool share_run(struct proc *p, uint64_t slot, uint64_t va, unsigned n, bool exec)
{
	static struct run_slots r;
	budget_slot_t lo = take_run_slots(p, n, &r);
	uint64_t leaf = index_leaf(p->pid, lo >> LEAF_BITS);
	bool ok = lo != BUDGET_NONE &&
	          !rn_cnode_copy_range(SELF, leaf, DEPTH_BOOK_SLOT, lo & (LEAF_SLOTS - 1), SELF, 0,
	                               0, slot, n, RN_RIGHT_READ);
	if (ok && map_run(p, lo, n, va, RN_RIGHT_READ, exec)) {
		for (unsigned i = 0; i < n; i++) /* deleting a cap unmaps it */
			rn_cnode_delete(SELF, CAP(p->pid, lo + i), DEPTH_LEAF_SLOT);
		ok = false;
	}
	release_run_slots(p, &r, ok);
	if (!ok)
		return false;
	for (unsigned i = 0; i < n; i++) {
		struct budget_block *m = proc_meta(p, lo + i);
		m->flags = SLOT_USED | SLOT_SHARED | (exec ? SLOT_EXEC : 0);
		m->obj = (uint32_t)(slot + i);
		m->tag = va + i * PAGE_BYTES;
	}
	return true;
}

bool vm_share_pages(struct proc *p, uint64_t slot, uint64_t va, unsigned n, bool exec)
{
	if (n > 1 && share_run(p, slot, va, n, exec))
		return true;
	for (unsigned i = 0; i < n; i++)
		if (!vm_share_page(p, slot + i, va + i * PAGE_BYTES, exec))
			return false;
	return true;
}

/* The end of the heap run that holds va, or va if none does (a run the
 * break reaches stays whole when the heap shrinks). */
static uint64_t run_end(struct proc *p, uint64_t va)
{
	for (budget_slot_t id = 0; id < (budget_slot_t)(p->nleaves << LEAF_BITS); id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state == BUDGET_ALLOC && (m->flags & SLOT_MAPPED) &&
		    !(m->flags & SLOT_LARGE) && m->order > 12 && va > m->tag &&
		    va - m->tag < (1ul << m->order))
			return m->tag + (1ul << m->order);
	}
	return va;
}

/* The number of book slot ids p has (every leaf made so far). */
static budget_slot_t book_ids(const struct proc *p)
{
	return (budget_slot_t)(p->nleaves << LEAF_BITS);
}

static bool copy_page(struct proc *from, struct budget_block *src, struct proc *to)
{
	unsigned rights = RN_RIGHT_READ | (src->flags & SLOT_WRITE ? RN_RIGHT_WRITE : 0);
	bool exec = src->flags & SLOT_EXEC, large = src->flags & SLOT_LARGE;
	budget_slot_t frame;
	budget_slot_t block =
	    proc_alloc_objects(to, large ? LARGE_ORDER : 12, BUDGET_FRAMES,
	                       large ? RN_OBJ_FRAME_2M : RN_OBJ_FRAME_4K, 0, 1, &frame);
	if (block == BUDGET_NONE)
		return false;
	/* The kernel copies through its direct map: no mapping in the server. */
	if (rn_frame_copy(CAP(to->pid, frame), CAP(from->pid, src->obj)) ||
	    (!(src->flags & SLOT_HIDDEN) && vm_map(to, frame, src->tag, rights, exec))) {
		proc_free_objects(to, block);
		return false;
	}
	struct budget_block *b = proc_meta(to, block);
	b->flags = src->flags;
	b->tag = src->tag;
	return true;
}

/* A heap run goes to the child as a run too when it can (one retype, one
 * mapping), else page by page. */
static bool copy_run(struct proc *from, struct budget_block *src, struct proc *to)
{
	unsigned order = src->order - 12;
	budget_slot_t block = new_run(to, src->tag, order);
	if (block != BUDGET_NONE) {
		/* Both runs are consecutive slots of one leaf: one call. */
		budget_slot_t frames = proc_meta(to, block)->obj;
		if (rn_frame_copy_range(SELF, index_leaf(to->pid, frames >> LEAF_BITS),
		                        DEPTH_BOOK_SLOT, frames & (LEAF_SLOTS - 1), SELF,
		                        index_leaf(from->pid, src->obj >> LEAF_BITS),
		                        DEPTH_BOOK_SLOT, src->obj & (LEAF_SLOTS - 1), 1u << order)) {
			proc_free_objects(to, block);
			return false;
		}
		return true;
	}
	for (unsigned i = 0; i < 1u << order; i++) {
		struct budget_block page = *src;
		page.obj = src->obj + i;
		page.tag = src->tag + i * PAGE_BYTES;
		page.order = 12;
		if (!copy_page(from, &page, to))
			return false;
	}
	return true;
}

/* How many of p's book slots from id on share consecutive text frames at
 * consecutive pages, alike (exec made them so: vm_share_pages). */
static unsigned shared_run_length(struct proc *p, budget_slot_t id)
{
	const struct budget_block *first = proc_meta(p, id);
	unsigned n = 1;
	while (n < SHARE_RUN_MAX && id + n < book_ids(p)) {
		const struct budget_block *m = proc_meta(p, id + n);
		if (m->state != BUDGET_EMPTY || m->flags != first->flags ||
		    m->obj != first->obj + n || m->tag != first->tag + n * PAGE_BYTES)
			break;
		n++;
	}
	return n;
}

bool vm_copy(struct proc *from, struct proc *to)
{
	/* A leaf's metadata is one page: found once per leaf, not per slot. */
	struct budget_block *page = 0;
	for (budget_slot_t id = 0; id < book_ids(from); id++) {
		if (!page || (id & (LEAF_SLOTS - 1)) == 0)
			page = proc_meta(from, id & ~(budget_slot_t)(LEAF_SLOTS - 1));
		struct budget_block *m = &page[id & (LEAF_SLOTS - 1)];
		if (m->state == BUDGET_ALLOC && (m->flags & SLOT_MAPPED) &&
		    !(m->flags & SLOT_LARGE) && m->order > 12) {
			if (!copy_run(from, m, to))
				return false;
		} else if (m->state == BUDGET_ALLOC && (m->flags & SLOT_MAPPED)) {
			if (!copy_page(from, m, to))
				return false;
		} else if (m->state == BUDGET_EMPTY && (m->flags & SLOT_SHARED)) {
			unsigned n = shared_run_length(from, id);
			if (!vm_share_pages(to, m->obj, m->tag, n, m->flags & SLOT_EXEC))
				return false;
			id += n - 1;
			page = 0; /* the run may end in the next leaf */
		}
	}
	return true;
}

void vm_free_user(struct proc *p)
{
	for (budget_slot_t id = 0; id < book_ids(p); id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state == BUDGET_ALLOC && (m->flags & SLOT_MAPPED)) {
			proc_free_objects(p, id);
		} else if (m->state == BUDGET_EMPTY && (m->flags & SLOT_SHARED)) {
			rn_cnode_delete(SELF, CAP(p->pid, id), DEPTH_LEAF_SLOT);
			proc_slot_free(p, id);
		}
	}
}

bool vm_grow_stack(struct proc *p, uint64_t va)
{
	va &= ~(PAGE_BYTES - 1);
	if (va >= p->stack_low || va < PX_STACK_TOP - PX_STACK_MAX)
		return false;
	/* Every page from va up to the stack, as a large frame may be touched
	 * at its bottom first. */
	while (p->stack_low > va &&
	       vm_new_page(p, p->stack_low - PAGE_BYTES, RN_RIGHT_READ | RN_RIGHT_WRITE, false, 0,
	                   0, 0) != BUDGET_NONE)
		p->stack_low -= PAGE_BYTES;
	return p->stack_low == va;
}

/* The frame (book slot) of p's writable page at va, or BUDGET_NONE; *at
 * gets where that frame starts in p's space (va's page, or for a 2 MiB
 * heap page, its start: then *large). */
static budget_slot_t user_frame(struct proc *p, uint64_t va, uint64_t *at, bool *large)
{
	for (budget_slot_t id = 0; id < book_ids(p); id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state != BUDGET_ALLOC || !(m->flags & SLOT_MAPPED) ||
		    !(m->flags & SLOT_WRITE) || va < m->tag || va - m->tag >= (1ul << m->order))
			continue;
		*large = m->flags & SLOT_LARGE;
		if (*large) {
			*at = m->tag;
			return m->obj;
		}
		/* A heap run (order above a page, not large) holds its frames
		 * in consecutive slots from .obj; a page is a run of one. */
		*at = va & ~(PAGE_BYTES - 1);
		return m->obj + (budget_slot_t)((va - m->tag) / PAGE_BYTES);
	}
	return BUDGET_NONE;
}

/* Maps a copy of frame cap `copy`, a 2 MiB frame if large, in the server's
 * scratch space: where it is. */
static char *map_user_copy(cptr_t copy, bool large)
{
	if (!large)
		return vm_scratch_map(copy, 0);
	int err = rn_frame_map(copy, ROOT(RN_SLOT_ROOT_VSPACE), SCRATCH_LARGE_VA,
	                       RN_RIGHT_READ | RN_RIGHT_WRITE, 0);
	if (err)
		die("scratch map (2 MiB)", err);
	return (char *)SCRATCH_LARGE_VA;
}

bool vm_user_copy(struct proc *p, uint64_t va, void *buf, size_t len, bool to_user)
{
	if (va < PX_TEXT_BASE || va + len < va || va + len > PX_STACK_TOP)
		return false;
	for (char *b = buf; len > 0;) {
		uint64_t page = va & ~(PAGE_BYTES - 1), off = va - page, at;
		size_t n = PAGE_BYTES - off < len ? PAGE_BYTES - off : len;
		bool large;
		budget_slot_t f = user_frame(p, page, &at, &large);
		if (f == BUDGET_NONE && to_user && vm_grow_stack(p, page))
			f = user_frame(p, page, &at, &large);
		if (f == BUDGET_NONE)
			return false;
		/* The frame's own cap is mapped in p's VSpace; a cap maps once,
		 * so the server maps a passing copy. */
		cptr_t copy = ROOT(SLOT_USER_FRAME);
		if (rn_cnode_copy(SELF, SLOT_USER_FRAME, DEPTH_ROOT_SLOT, SELF, CAP(p->pid, f),
		                  DEPTH_LEAF_SLOT, RN_RIGHT_READ | RN_RIGHT_WRITE))
			return false;
		char *k = map_user_copy(copy, large) + (va - at);
		memcpy(to_user ? k : b, to_user ? b : k, n);
		vm_scratch_unmap(copy);
		rn_cnode_delete(SELF, SLOT_USER_FRAME, DEPTH_ROOT_SLOT);
		va += n;
		b += n;
		len -= n;
	}
	return true;
}

void vm_free_range(struct proc *p, uint64_t from, uint64_t to)
{
	uint32_t ids = p->nleaves << LEAF_BITS;
	for (budget_slot_t id = 0; id < ids; id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state == BUDGET_ALLOC && (m->flags & SLOT_MAPPED) && m->tag >= from &&
		    m->tag < to)
			proc_free_objects(p, id);
	}
	proc_trim_book(p);
}

void vm_free_tables(struct proc *p, uint64_t from, uint64_t to)
{
	uint32_t ids = p->nleaves << LEAF_BITS;
	for (budget_slot_t id = 0; id < ids; id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state != BUDGET_ALLOC || !(m->flags & SLOT_TABLE))
			continue;
		uint64_t size = m->flags & SLOT_LARGE ? TABLE_GIB : LARGE_BYTES;
		if (m->tag >= from && m->tag + size <= to)
			proc_free_objects(p, id);
	}
	proc_trim_book(p);
}

bool vm_protect(struct proc *p, uint64_t from, uint64_t to, unsigned rights, bool exec)
{
	uint32_t ids = p->nleaves << LEAF_BITS;
	for (budget_slot_t id = 0; id < ids; id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state != BUDGET_ALLOC || !(m->flags & SLOT_MAPPED) || m->tag < from ||
		    m->tag >= to)
			continue;
		if (!rights) {
			if (!(m->flags & SLOT_HIDDEN))
				rn_frame_unmap(CAP(p->pid, m->obj));
		} else if (vm_map(p, m->obj, m->tag, rights, exec)) { /* remapped in place */
			return false;
		}
		m->flags = (uint8_t)((m->flags & (SLOT_MAPPED | SLOT_LARGE)) |
		                     (!rights ? SLOT_HIDDEN : 0) |
		                     (rights & RN_RIGHT_WRITE ? SLOT_WRITE : 0) | (exec ? SLOT_EXEC : 0));
	}
	return true;
}

/* A 2 MiB heap page at va (2 MiB aligned): one block, one frame, one
 * mapping, where 512 small pages would take three book slots each. */
bool vm_new_large_page(struct proc *p, uint64_t va, unsigned rights)
{
	budget_slot_t frame;
	budget_slot_t block =
	    proc_alloc_objects(p, LARGE_ORDER, BUDGET_FRAMES, RN_OBJ_FRAME_2M, 0, 1, &frame);
	if (block == BUDGET_NONE)
		return false;
	if (vm_map(p, frame, va, rights, false)) {
		proc_free_objects(p, block);
		return false;
	}
	struct budget_block *b = proc_meta(p, block);
	b->flags = SLOT_MAPPED | SLOT_LARGE | (rights & RN_RIGHT_WRITE ? SLOT_WRITE : 0);
	b->tag = va;
	return true;
}

bool vm_split_large(struct proc *p, uint64_t va)
{
	uint32_t ids = p->nleaves << LEAF_BITS;
	budget_slot_t large = BUDGET_NONE;
	for (budget_slot_t id = 0; id < ids && large == BUDGET_NONE; id++) {
		struct budget_block *m = proc_meta(p, id);
		if (m->state == BUDGET_ALLOC && (m->flags & (SLOT_MAPPED | SLOT_LARGE)) ==
		                                    (SLOT_MAPPED | SLOT_LARGE) && m->tag == va)
			large = id;
	}
	if (large == BUDGET_NONE)
		return true;
	struct budget_block *lm = proc_meta(p, large);
	uint8_t flags = lm->flags & (uint8_t)~SLOT_LARGE;
	budget_slot_t big = lm->obj;
	unsigned rights = RN_RIGHT_READ | (flags & SLOT_WRITE ? RN_RIGHT_WRITE : 0);
	/* The copies first, so that running out of memory changes nothing;
	 * then the small pages take the large one's place. (The server runs
	 * one call at a time: one array serves every split.) */
	static budget_slot_t piece[PIECES];
	unsigned n = 0;
	for (; n < PIECES; n++) {
		budget_slot_t frame;
		piece[n] = proc_alloc_objects(p, 12, BUDGET_FRAMES, RN_OBJ_FRAME_4K, 0, 1, &frame);
		if (piece[n] == BUDGET_NONE ||
		    rn_frame_copy_piece(CAP(p->pid, frame), CAP(p->pid, big), n * PAGE_BYTES))
			goto undo;
	}
	if (!(flags & SLOT_HIDDEN))
		rn_frame_unmap(CAP(p->pid, big));
	for (unsigned i = 0; i < n; i++) {
		struct budget_block *b = proc_meta(p, piece[i]);
		if (!(flags & SLOT_HIDDEN) &&
		    vm_map(p, b->obj, va + i * PAGE_BYTES, rights, flags & SLOT_EXEC)) {
			for (unsigned j = 0; j < i; j++)
				rn_frame_unmap(CAP(p->pid, proc_meta(p, piece[j])->obj));
			vm_map(p, big, va, rights, flags & SLOT_EXEC); /* its table is there */
			goto undo;
		}
	}
	for (unsigned i = 0; i < n; i++) {
		struct budget_block *b = proc_meta(p, piece[i]);
		b->flags = flags;
		b->tag = va + i * PAGE_BYTES;
	}
	proc_free_objects(p, large);
	return true;
undo:
	/* n is where an allocation or copy failed (its piece may exist), or
	 * all of them when a mapping did. */
	for (unsigned i = 0; i <= n && i < PIECES; i++)
		if (piece[i] != BUDGET_NONE)
			proc_free_objects(p, piece[i]);
	return false;
}

void vm_heap_start(struct proc *p, uint64_t va)
{
	p->heap_start = p->brk = p->heap_end = va;
	p->heap_large = ALIGN_UP(va + LARGE_AFTER, LARGE_BYTES);
}

/* Maps heap pages from p->heap_end up to `end`: small pages below
 * p->heap_large, 2 MiB pages from there (the last may reach past the
 * break: it is charged whole). The boundary is fixed per program, so a
 * 2 MiB slot never holds a table of small pages. False if the budget
 * says no (what this call mapped is freed again). */
static bool grow_heap(struct proc *p, uint64_t end)
{
	uint64_t from = p->heap_end, va = from;
	uint64_t small_end = end < p->heap_large ? end : p->heap_large;
	unsigned most = RUN_MAX_ORDER;
	while (va < small_end) {
		/* The largest run that fits, else a page; after a run failed
		 * (the budget or the book was short of it), smaller ones. */
		uint64_t pages = (small_end - va) / PAGE_BYTES;
		unsigned order = pages >> most ? most : budget_floor_order(pages);
		if (order > 0) {
			if (new_run(p, va, order) != BUDGET_NONE) {
				va += PAGE_BYTES << order;
				continue;
			}
			most = order - 1;
		}
		if (vm_new_page(p, va, RN_RIGHT_READ | RN_RIGHT_WRITE, false, 0, 0, 0) == BUDGET_NONE)
			goto undo;
		va += PAGE_BYTES;
	}
	for (; va < end; va += LARGE_BYTES)
		if (va + LARGE_BYTES > PX_HEAP_LIMIT || !vm_new_large_page(p, va, RN_RIGHT_READ | RN_RIGHT_WRITE))
			goto undo;
	p->heap_end = va;
	return true;
undo:
	vm_free_range(p, from, va);
	return false;
}

long vm_sbrk(struct proc *p, long increment)
{
	uint64_t old = p->brk, new = old + (uint64_t)increment;
	if ((increment > 0 && new < old) || (increment < 0 && new > old) || new < p->heap_start ||
	    new > PX_HEAP_LIMIT)
		return -PX_ENOMEM;
	uint64_t end = ALIGN_UP(new, PAGE_BYTES);
	if (end > p->heap_end && !grow_heap(p, end))
		return -PX_ENOMEM;
	if (end < p->heap_end) {
		if (end > p->heap_large) /* a 2 MiB page the break reaches stays */
			end = ALIGN_UP(end, LARGE_BYTES);
		else /* and so does a run */
			end = run_end(p, end);
		vm_free_range(p, end, p->heap_end);
		p->heap_end = end;
	}
	p->brk = new;
	return (long)old;
}

/* The ASID pools: one per 512 pids, from the server's memory. */
static uint64_t asid_pool_slot[MAX_PROCS / 512];

void vm_boot(void)
{
	for (unsigned i = 0; i < MAX_PROCS / 512; i++) {
		uint64_t ut = sysmem_make_root(RN_OBJ_UNTYPED, 12);
		asid_pool_slot[i] = sysmem_slot();
		int err = rn_asid_control_make_pool(ROOT(RN_SLOT_ASID_CONTROL), ROOT(ut), SELF,
		                                    asid_pool_slot[i], DEPTH_ROOT_SLOT);
		if (err)
			die("ASID pools", err);
	}
}

int vm_assign_asid(struct proc *p, budget_slot_t vspace)
{
	return rn_asid_pool_assign(ROOT(asid_pool_slot[p->pid / 512]), CAP(p->pid, vspace));
}
