/* Process records and books (proc.h). */
#include "personality/proc.h"

#include "personality/sysmem.h"

#include <ration/bootinfo.h>
#include <ration/objects.h>
#include <rn/cnode.h>
#include <rn/ipc.h>
#include <rn/px.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

#include "kernel/string.h"

/* Which pids are in use: the pid space is fixed (the directory CNode has
 * 2^DIR_BITS slots), like Linux's pid_max; every other record is in the
 * process's own budget. */
uint8_t proc_pid_used[MAX_PROCS];
static uint32_t next_pid = 1;

/* The book grows by a leaf when fewer slots than this are free: enough for
 * any one operation (a split from the largest order down to the smallest
 * takes two per level). */
#define SLOT_RESERVE (2 * (BUDGET_MAX_ORDER - BUDGET_MIN_ORDER) + 8)

/* What proc_create carves off the front of a process's first block. */
#define BOOTSTRAP_BYTES (5ul << 12)

struct budget_block *proc_meta(struct proc *p, budget_slot_t id)
{
	struct budget_block *page =
	    (struct budget_block *)window_va(p->pid, WINDOW_META_PAGE + (id >> LEAF_BITS));
	return &page[id & (LEAF_SLOTS - 1)];
}

/* ---- slots ---------------------------------------------------------------- */

static budget_slot_t slot_pop(struct proc *p)
{
	while (p->low_leaf < p->nleaves && p->leaf_free[p->low_leaf] == BUDGET_NONE)
		p->low_leaf++;
	if (p->low_leaf >= p->nleaves)
		return BUDGET_NONE;
	uint32_t leaf = p->low_leaf;
	budget_slot_t id = p->leaf_free[leaf];
	struct budget_block *m = proc_meta(p, id);
	p->leaf_free[leaf] = m->next;
	p->leaf_nfree[leaf]--;
	p->nfree_slots--;
	*m = (struct budget_block){ .next = BUDGET_NONE,
		                    .prev = BUDGET_NONE,
		                    .parent = BUDGET_NONE,
		                    .buddy = BUDGET_NONE };
	return id;
}

void proc_slot_free(struct proc *p, budget_slot_t id)
{
	uint32_t leaf = id >> LEAF_BITS;
	struct budget_block *m = proc_meta(p, id);
	*m = (struct budget_block){ .next = p->leaf_free[leaf] };
	p->leaf_free[leaf] = id;
	p->leaf_nfree[leaf]++;
	p->nfree_slots++;
	if (leaf < p->low_leaf)
		p->low_leaf = leaf;
}

/* Slots first.. of a new leaf go on its free list, lowest first (as
 * proc_slot_free would leave them, freed from the top down). */
static void add_leaf_slots(struct proc *p, uint32_t leaf, uint32_t first)
{
	budget_slot_t base = leaf << LEAF_BITS;
	struct budget_block *page = proc_meta(p, base);
	for (uint32_t i = first; i < LEAF_SLOTS; i++)
		page[i] = (struct budget_block){ .next = i + 1 < LEAF_SLOTS ? base + i + 1
		                                                        : BUDGET_NONE };
	p->leaf_free[leaf] = first < LEAF_SLOTS ? base + first : BUDGET_NONE;
	p->leaf_nfree[leaf] = (uint8_t)(LEAF_SLOTS - first);
	p->nfree_slots += LEAF_SLOTS - first;
	if (leaf < p->low_leaf)
		p->low_leaf = leaf;
}

/* ---- the budget's kernel operations ---------------------------------------- */

static struct budget_block *op_block(void *ctx, budget_slot_t id)
{
	return proc_meta(ctx, id);
}

static budget_slot_t op_slot_alloc(void *ctx)
{
	return slot_pop(ctx);
}

static void op_slot_free(void *ctx, budget_slot_t id)
{
	proc_slot_free(ctx, id);
}

/* An object slot's metadata .kind is its object type + 1 (0 for a copied
 * cap), for counting objects by type; block slots keep their own .kind. */
static void note_object(struct proc *p, budget_slot_t id, unsigned type)
{
	if (type != RN_OBJ_UNTYPED)
		proc_meta(p, id)->kind = (uint8_t)(type + 1);
}

static int retype_into(struct proc *p, cptr_t from, unsigned type, unsigned bits, budget_slot_t id)
{
	int err = rn_untyped_retype(from, type, bits, SELF, index_leaf(p->pid, id >> LEAF_BITS),
	                            DEPTH_BOOK_SLOT, id & (LEAF_SLOTS - 1), 1);
	if (!err)
		note_object(p, id, type);
	return err;
}

static int op_split(void *ctx, budget_slot_t block, unsigned order, budget_slot_t lo,
                    budget_slot_t hi)
{
	struct proc *p = ctx;
	/* Consecutive slots in one leaf (the common case: the free list
	 * hands them out in order) take both halves in one Retype. */
	if (hi == lo + 1 && (lo >> LEAF_BITS) == (hi >> LEAF_BITS))
		return rn_untyped_retype(CAP(p->pid, block), RN_OBJ_UNTYPED, order - 1, SELF,
		                         index_leaf(p->pid, lo >> LEAF_BITS), DEPTH_BOOK_SLOT,
		                         lo & (LEAF_SLOTS - 1), 2);
	int err = retype_into(p, CAP(p->pid, block), RN_OBJ_UNTYPED, order - 1, lo);
	if (err)
		return err;
	err = retype_into(p, CAP(p->pid, block), RN_OBJ_UNTYPED, order - 1, hi);
	if (err)
		rn_cnode_revoke(SELF, CAP(p->pid, block), DEPTH_LEAF_SLOT);
	return err;
}

static int op_revoke(void *ctx, budget_slot_t block)
{
	struct proc *p = ctx;
	return rn_cnode_revoke(SELF, CAP(p->pid, block), DEPTH_LEAF_SLOT);
}

bool (*proc_grow_hook)(struct proc *p, unsigned order);
void (*proc_top_freed_hook)(struct proc *p, budget_slot_t top);
budget_slot_t (*proc_draw_hook)(struct proc *p, unsigned order);

static bool op_grow(void *ctx, unsigned order)
{
	return proc_grow_hook && proc_grow_hook(ctx, order);
}

static void op_top_freed(void *ctx, budget_slot_t slot)
{
	if (proc_top_freed_hook)
		proc_top_freed_hook(ctx, slot);
}

static const struct budget_ops proc_budget_ops = {
	.block = op_block,
	.slot_alloc = op_slot_alloc,
	.slot_free = op_slot_free,
	.split = op_split,
	.revoke = op_revoke,
	.grow = op_grow,
	.top_freed = op_top_freed,
};

/* ---- growing the book ------------------------------------------------------ */

/* Maps a frame of p's book into p's window in the server. */
static int map_window(struct proc *p, budget_slot_t frame, unsigned page)
{
	return rn_frame_map(CAP(p->pid, frame), ROOT(RN_SLOT_ROOT_VSPACE), window_va(p->pid, page),
	                    RN_RIGHT_READ | RN_RIGHT_WRITE, 0);
}

/* The pages of leaf `leaf`: one 8 KiB block drawn for them alone (so that
 * when the leaf goes, the block is whole and goes back), or else two
 * pages of p's own blocks (a root budget, or no draw possible). */
static bool leaf_blocks(struct proc *p, budget_slot_t *cn, budget_slot_t *mb)
{
	budget_slot_t both = proc_draw_hook ? proc_draw_hook(p, 13) : BUDGET_NONE;
	if (both != BUDGET_NONE && budget_alloc_top(&p->budget, both, BUDGET_RECORDS)) {
		*cn = both;
		*mb = BUDGET_NONE;
		return true;
	}
	/* Only from memory p holds: the draw above was its chance to get
	 * more (and a failure here is no refused allocation of p's). */
	if (!budget_has_free(&p->budget, 12))
		return false;
	*cn = budget_alloc(&p->budget, 12, BUDGET_RECORDS);
	if (*cn == BUDGET_NONE)
		return false;
	*mb = budget_alloc(&p->budget, 12, BUDGET_RECORDS);
	if (*mb == BUDGET_NONE) {
		budget_free(&p->budget, *cn);
		return false;
	}
	return true;
}

static bool add_leaf(struct proc *p)
{
	uint32_t leaf = p->nleaves;
	budget_slot_t cn, mb;
	if (leaf >= BOOK_LEAVES || p->growing_book)
		return false;
	p->growing_book = 1;
	bool got = leaf_blocks(p, &cn, &mb);
	p->growing_book = 0;
	if (!got)
		return false;
	/* One block holds both (CNode first, Retype's watermark), or each
	 * its own. */
	budget_slot_t page_block = mb == BUDGET_NONE ? cn : mb;
	budget_slot_t mf = slot_pop(p);
	if (mf == BUDGET_NONE)
		goto undo;
	/* The leaf CNode goes into book slot `leaf`, not a leaf slot. */
	if (rn_untyped_retype(CAP(p->pid, cn), RN_OBJ_CNODE, LEAF_BITS, SELF, index_book(p->pid),
	                      DEPTH_DIR_SLOT, leaf, 1))
		goto undo;
	if (retype_into(p, CAP(p->pid, page_block), RN_OBJ_FRAME_4K, 0, mf) ||
	    map_window(p, mf, WINDOW_META_PAGE + leaf))
		goto undo;
	proc_meta(p, cn)->obj = mf;
	proc_meta(p, cn)->tag = mb;
	proc_meta(p, mf)->flags = SLOT_USED;
	p->leaf_block[leaf] = cn;
	p->nleaves++;
	add_leaf_slots(p, leaf, 0);
	return true;
undo:
	if (mf != BUDGET_NONE)
		proc_slot_free(p, mf);
	if (mb != BUDGET_NONE)
		budget_free(&p->budget, mb);
	budget_free(&p->budget, cn);
	return false;
}

/* The two halves of SPLIT block `block` (by a scan of the book: rare). */
static bool find_halves(struct proc *p, budget_slot_t block, budget_slot_t halves[2])
{
	unsigned n = 0;
	for (budget_slot_t id = 0; id < (p->nleaves << LEAF_BITS) && n < 2; id++) {
		const struct budget_block *m = proc_meta(p, id);
		if (m->state != BUDGET_EMPTY && m->parent == block)
			halves[n++] = id;
	}
	return n == 2;
}

/* A block of the budget's own in the book's last leaf (free, or split)
 * goes to a free slot below: its cap moves, then its metadata. */
static bool move_down(struct proc *p, budget_slot_t from)
{
	budget_slot_t halves[2] = { BUDGET_NONE, BUDGET_NONE };
	if (proc_meta(p, from)->state == BUDGET_SPLIT && !find_halves(p, from, halves))
		return false;
	budget_slot_t to = slot_pop(p);
	if (to == BUDGET_NONE)
		return false;
	if ((to >> LEAF_BITS) >= p->nleaves - 1 ||
	    rn_cnode_move(SELF, CAP(p->pid, to), DEPTH_LEAF_SLOT, SELF, CAP(p->pid, from),
	                  DEPTH_LEAF_SLOT)) {
		proc_slot_free(p, to);
		return false;
	}
	if (!budget_move_block(&p->budget, from, to, halves)) {
		rn_cnode_move(SELF, CAP(p->pid, from), DEPTH_LEAF_SLOT, SELF, CAP(p->pid, to),
		              DEPTH_LEAF_SLOT);
		proc_slot_free(p, to);
		return false;
	}
	proc_slot_free(p, from);
	return true;
}

/* Empties the book's last leaf if all it holds are the budget's own free
 * and split blocks, which only the budget names: after a job drew much
 * through this budget, one free block left in the last leaf would keep
 * every leaf the draws grew (hundreds of KiB of records). Objects and
 * blocks handed out stay where they are (others name their slots).
 * Whether the leaf is empty. */
static bool empty_last_leaf(struct proc *p)
{
	uint32_t leaf = p->nleaves - 1;
	budget_slot_t first = leaf << LEAF_BITS;
	for (budget_slot_t id = first; id < first + LEAF_SLOTS; id++) {
		const struct budget_block *m = proc_meta(p, id);
		bool unused = m->state == BUDGET_EMPTY && !(m->flags & SLOT_USED);
		if (!unused && m->state != BUDGET_FREE && m->state != BUDGET_SPLIT)
			return false;
	}
	for (budget_slot_t id = first; id < first + LEAF_SLOTS; id++) {
		uint8_t state = proc_meta(p, id)->state;
		if ((state == BUDGET_FREE || state == BUDGET_SPLIT) && !move_down(p, id))
			return false;
	}
	return p->leaf_nfree[leaf] == LEAF_SLOTS;
}

void proc_trim_book(struct proc *p)
{
	while (p->nleaves > 1 && p->nfree_slots >= LEAF_SLOTS + SLOT_RESERVE &&
	       (p->leaf_nfree[p->nleaves - 1] == LEAF_SLOTS || empty_last_leaf(p))) {
		uint32_t leaf = p->nleaves - 1;
		p->leaf_free[leaf] = BUDGET_NONE;
		p->leaf_nfree[leaf] = 0;
		p->nfree_slots -= LEAF_SLOTS;
		/* Revoking the blocks deletes the leaf CNode and the metadata
		 * frame (which unmaps it from the window). */
		budget_slot_t cn = p->leaf_block[leaf];
		budget_slot_t mf = proc_meta(p, cn)->obj, mb = (budget_slot_t)proc_meta(p, cn)->tag;
		p->nleaves--;
		if (mb != BUDGET_NONE)
			budget_free(&p->budget, mb);
		budget_free(&p->budget, cn);
		proc_slot_free(p, mf);
	}
}

bool proc_reserve_slots(struct proc *p)
{
	while (p->nfree_slots < SLOT_RESERVE) {
		if (!add_leaf(p))
			return p->nfree_slots >= 2 * (BUDGET_MAX_ORDER - BUDGET_MIN_ORDER);
	}
	return true;
}

budget_slot_t proc_slot_alloc(struct proc *p)
{
	if (!proc_reserve_slots(p))
		return BUDGET_NONE;
	budget_slot_t id = slot_pop(p);
	if (id != BUDGET_NONE)
		proc_meta(p, id)->flags = SLOT_USED;
	return id;
}

/* ---- objects from the budget ----------------------------------------------- */

budget_slot_t proc_alloc_objects(struct proc *p, unsigned order, enum budget_kind kind,
                                 unsigned type, unsigned size_bits, unsigned count,
                                 budget_slot_t *objs)
{
	if (count > PROC_MAX_OBJECTS || !proc_reserve_slots(p))
		return BUDGET_NONE;
	budget_slot_t block = budget_alloc(&p->budget, order, kind);
	if (block == BUDGET_NONE)
		return BUDGET_NONE;
	struct budget_block *b = proc_meta(p, block);
	b->obj = BUDGET_NONE;
	/* The slots first: a fresh leaf hands them out in order, and then
	 * one Retype makes every object. */
	bool run = true;
	for (unsigned i = 0; i < count; i++) {
		objs[i] = proc_slot_alloc(p);
		if (objs[i] == BUDGET_NONE) {
			while (i-- > 0)
				proc_slot_free(p, objs[i]);
			proc_free_objects(p, block);
			return BUDGET_NONE;
		}
		run = run && (i == 0 || (objs[i] == objs[i - 1] + 1 &&
		                         objs[i] >> LEAF_BITS == objs[0] >> LEAF_BITS));
	}
	int err = 0;
	if (run && count > 1) {
		err = rn_untyped_retype(CAP(p->pid, block), type, size_bits, SELF,
		                        index_leaf(p->pid, objs[0] >> LEAF_BITS), DEPTH_BOOK_SLOT,
		                        objs[0] & (LEAF_SLOTS - 1), count);
		for (unsigned i = 0; !err && i < count; i++)
			note_object(p, objs[i], type);
	}
	/* Chain the object slots on the block, to free them with it. */
	for (unsigned i = 0; i < count; i++) {
		if (!err && !(run && count > 1))
			err = retype_into(p, CAP(p->pid, block), type, size_bits, objs[i]);
		if (err) {
			for (unsigned j = count; j-- > i;)
				proc_slot_free(p, objs[j]);
			proc_free_objects(p, block);
			return BUDGET_NONE;
		}
		proc_meta(p, objs[i])->next = b->obj;
		b->obj = objs[i];
	}
	return block;
}

budget_slot_t proc_retype_more(struct proc *p, budget_slot_t block, unsigned type,
                               unsigned size_bits)
{
	budget_slot_t id = proc_slot_alloc(p);
	if (id == BUDGET_NONE)
		return BUDGET_NONE;
	if (retype_into(p, CAP(p->pid, block), type, size_bits, id)) {
		proc_slot_free(p, id);
		return BUDGET_NONE;
	}
	proc_chain_slot(p, block, id);
	return id;
}

void proc_chain_slot(struct proc *p, budget_slot_t block, budget_slot_t id)
{
	struct budget_block *b = proc_meta(p, block);
	proc_meta(p, id)->next = b->obj;
	b->obj = id;
}

void proc_free_objects(struct proc *p, budget_slot_t block)
{
	struct budget_block *b = proc_meta(p, block);
	budget_slot_t id = b->obj;
	b->obj = BUDGET_NONE;
	/* Revoking the block (in budget_free) deletes every cap in the chain:
	 * they are all derived from it. */
	budget_free(&p->budget, block);
	for (unsigned n = 0; id != BUDGET_NONE && n < BOOK_SLOTS; n++) {
		budget_slot_t next = proc_meta(p, id)->next;
		proc_slot_free(p, id);
		id = next;
	}
}

/* ---- making and forgetting processes -------------------------------------- */

static uint32_t pid_alloc(void)
{
	for (uint32_t n = 1; n < MAX_PROCS; n++) {
		uint32_t pid = next_pid;
		next_pid = next_pid + 1 < MAX_PROCS ? next_pid + 1 : 1;
		if (!proc_pid_used[pid])
			return pid;
	}
	return 0;
}

/* The order of the top block at `at` of a first block of 2^order that
 * ends at `end`: the largest naturally aligned one that fits, at most a
 * quarter of the whole. */
static unsigned top_order(uint64_t at, uint64_t end, unsigned order)
{
	unsigned k = budget_floor_order(end - at);
	if ((unsigned)__builtin_ctzl(at) < k)
		k = (unsigned)__builtin_ctzl(at);
	return k < order - 2 ? k : order - 2;
}

struct proc *proc_create(cptr_t src, unsigned order)
{
	if (order > BUDGET_MAX_ORDER || (1ul << order) < BOOTSTRAP_BYTES + PAGE_BYTES)
		return 0;
	uint32_t pid = pid_alloc();
	if (!pid)
		return 0;
	/* Book and leaf 0 CNodes, the record, leaf 0's metadata, the window's
	 * page table: 5 pages from the front of the block. A failure leaves
	 * objects in the block; the caller revokes it. */
	if (rn_untyped_retype(src, RN_OBJ_CNODE, BOOK_BITS, SELF, SLOT_DIR, DEPTH_ROOT_SLOT, pid,
	                      1))
		return 0;
	if (rn_untyped_retype(src, RN_OBJ_CNODE, LEAF_BITS, SELF, index_book(pid), DEPTH_DIR_SLOT,
	                      0, 1))
		return 0;
	uint64_t leaf0 = index_leaf(pid, 0);
	_Static_assert(ID_META0 == ID_RECORD + 1, "the record and leaf 0's metadata: one Retype");
	if (rn_untyped_retype(src, RN_OBJ_FRAME_4K, 0, SELF, leaf0, DEPTH_BOOK_SLOT, ID_RECORD,
	                      2) ||
	    rn_untyped_retype(src, RN_OBJ_PAGE_TABLE, 0, SELF, leaf0, DEPTH_BOOK_SLOT, ID_WINDOW,
	                      1))
		return 0;
	if (rn_page_table_map(CAP(pid, ID_WINDOW), ROOT(RN_SLOT_ROOT_VSPACE), window_va(pid, 0)))
		return 0;
	/* The record and leaf 0's metadata: neighbours in the book and in
	 * the window, one mapping. */
	_Static_assert(WINDOW_META_PAGE == WINDOW_RECORD_PAGE + 1, "the record's neighbour");
	struct proc *p = (struct proc *)window_va(pid, WINDOW_RECORD_PAGE);
	if (rn_vspace_map_frames(ROOT(RN_SLOT_ROOT_VSPACE), SELF, leaf0, DEPTH_BOOK_SLOT, ID_RECORD,
	                         2, (uintptr_t)p, RN_RIGHT_READ | RN_RIGHT_WRITE, 0))
		return 0;

	/* Both pages are fresh from Retype, so zero. */
	p->pid = pid;
	p->state = PROC_RUNNING;
	p->nleaves = 1;
	p->kobj_block = p->ipc_block = p->sched_group = BUDGET_NONE;
	p->first_lent = p->lent_head = BUDGET_NONE;
	p->nprocs = 1;
	budget_init(&p->budget, &proc_budget_ops, p);
	add_leaf_slots(p, 0, ID_FIRST_FREE);
	for (int i = 0; i < ID_FIRST_FREE; i++)
		proc_meta(p, (budget_slot_t)i)->flags = SLOT_USED;
	note_object(p, ID_RECORD, RN_OBJ_FRAME_4K);
	note_object(p, ID_META0, RN_OBJ_FRAME_4K);
	note_object(p, ID_WINDOW, RN_OBJ_PAGE_TABLE);
	budget_add_reserved(&p->budget, BOOTSTRAP_BYTES, BUDGET_RECORDS);

	/* The rest of the block, cut into naturally aligned top blocks of at
	 * most a quarter of it, so that what a fork makes at once (tables,
	 * buffers) finds blocks of its size without splitting; two of a size
	 * are one Retype. */
	uint64_t end = 1ul << order, at = BOOTSTRAP_BYTES;
	while (end - at >= (1ul << BUDGET_MIN_ORDER)) {
		unsigned k = top_order(at, end, order);
		unsigned n = end - at > (1ul << k) && top_order(at + (1ul << k), end, order) == k ? 2 : 1;
		budget_slot_t id = slot_pop(p), id2 = n == 2 ? slot_pop(p) : BUDGET_NONE;
		if (id == BUDGET_NONE || (n == 2 && id2 != id + 1))
			return 0; /* a fresh leaf hands out slots in order */
		if (rn_untyped_retype(src, RN_OBJ_UNTYPED, k, SELF, index_leaf(pid, 0),
		                      DEPTH_BOOK_SLOT, id, n))
			return 0;
		budget_add_top(&p->budget, id, k);
		if (n == 2)
			budget_add_top(&p->budget, id2, k);
		at += (uint64_t)n << k;
	}
	proc_pid_used[pid] = 1;
	return p;
}

budget_slot_t proc_add_block(struct proc *p, cptr_t src, unsigned order)
{
	/* No proc_reserve_slots: this runs when p's budget has no free
	 * block, inside an operation that has reserved its slots. */
	budget_slot_t id = slot_pop(p);
	if (id == BUDGET_NONE)
		return BUDGET_NONE;
	if (retype_into(p, src, RN_OBJ_UNTYPED, order, id)) {
		proc_slot_free(p, id);
		return BUDGET_NONE;
	}
	budget_add_top(&p->budget, id, order);
	return id;
}

bool proc_add_root_untyped(struct proc *p, uint64_t slot, unsigned order)
{
	if (!proc_reserve_slots(p))
		return false;
	budget_slot_t id = slot_pop(p);
	if (id == BUDGET_NONE)
		return false;
	if (rn_cnode_move(SELF, CAP(p->pid, id), DEPTH_LEAF_SLOT, SELF, slot, DEPTH_ROOT_SLOT)) {
		proc_slot_free(p, id);
		return false;
	}
	budget_add_top(&p->budget, id, order);
	return true;
}

unsigned proc_window_page(struct proc *p)
{
	for (unsigned page = WINDOW_FIRST_FREE_PAGE; page < WINDOW_PAGES; page++) {
		uint64_t bit = 1ul << (page % 64);
		if (!(p->window_used[page / 64] & bit)) {
			p->window_used[page / 64] |= bit;
			return page;
		}
	}
	return 0;
}

void proc_window_page_free(struct proc *p, unsigned page)
{
	p->window_used[page / 64] &= ~(1ul << (page % 64));
}

void proc_release(struct proc *p)
{
	proc_pid_used[p->pid] = 0;
}

void proc_wake(struct proc *p)
{
	if (p->state == PROC_RUNNING)
		rn_signal(CAP(p->pid, p->ntfn));
}

/* The next-link word of a link. */
static uint32_t *poll_next_of(uint32_t link)
{
	return &proc_get(link >> 6)->poll_next[link & 63];
}

void proc_poll_link(uint32_t *list, struct proc *p, unsigned fd)
{
	p->poll_next[fd] = *list;
	*list = POLL_LINK(p->pid, fd);
	p->poll_linked |= 1ull << fd;
}

void proc_poll_unlink(uint32_t *list, struct proc *p, unsigned fd)
{
	uint32_t me = POLL_LINK(p->pid, fd);
	/* At most one link per (process, fd): 64 for each pid. */
	for (unsigned n = 0; *list && n < MAX_PROCS * PX_OPEN_MAX; n++) {
		if (*list == me) {
			*list = p->poll_next[fd];
			break;
		}
		list = poll_next_of(*list);
	}
	p->poll_next[fd] = 0;
	p->poll_linked &= ~(1ull << fd);
}

void proc_poll_wake(uint32_t *list)
{
	while (*list) {
		uint32_t link = *list;
		struct proc *w = proc_get(link >> 6);
		if (!w) { /* cannot be: a process's links go with its fds */
			*list = 0;
			break;
		}
		*list = w->poll_next[link & 63];
		w->poll_next[link & 63] = 0;
		w->poll_linked &= ~(1ull << (link & 63));
		proc_wake(w);
	}
}

/* The doomed, by pid through their records (0 ends): a process is in it
 * at most once (only a running one can be doomed), so it needs no memory. */
uint32_t proc_doomed_first;

void proc_doom(struct proc *p, uint32_t wstatus)
{
	if (p->state != PROC_RUNNING)
		return;
	p->state = PROC_DOOMED;
	p->exit_status = wstatus;
	p->doomed_next = proc_doomed_first;
	proc_doomed_first = p->pid;
}

struct proc *proc_next_doomed(void)
{
	struct proc *p = proc_get(proc_doomed_first);
	if (p)
		proc_doomed_first = p->doomed_next;
	return p;
}

/* The middle page tables above the windows: one per 512 pids, from the
 * server's memory, so a window needs only its own leaf table. */
void proc_boot(void)
{
	for (uint64_t va = WINDOW_BASE; va < WINDOW_BASE + (uint64_t)MAX_PROCS * WINDOW_SIZE;
	     va += 1ul << 30) {
		uint64_t pt = sysmem_make_root(RN_OBJ_PAGE_TABLE, 0);
		int err = rn_page_table_map(ROOT(pt), ROOT(RN_SLOT_ROOT_VSPACE), va);
		if (err)
			die("mapping the window tables", err);
	}
}
