/* A process's budget: a buddy system of untyped capabilities
 * (docs/personality.md, "A process and its budget"). Blocks are untyped caps, named by the slot
 * that holds them in the process's book (the server's CNodes for that process). A budget starts
 * with top blocks (naturally aligned powers of two, no parent); to get a block of order k it splits
 * a larger free block by retyping it whole into two untyped halves; freeing revokes the block
 * (destroying every object made from it), and two free halves merge back by revoking their parent.
 * Accounting is exact: total = free + used[] + lent, always.
 *
 * The kernel work and the slot and metadata storage are the caller's,
 * through struct budget_ops, so the logic runs on the host against a fake
 * kernel (tests/unit/test_budget.c). */
#ifndef PERSONALITY_BUDGET_H
#define PERSONALITY_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t budget_slot_t;
#define BUDGET_NONE ((budget_slot_t)0xffffffffu)

#define BUDGET_MIN_ORDER 5  /* 32 bytes: a notification */
#define BUDGET_MAX_ORDER 38 /* RN_UNTYPED_MAX_BITS */

enum budget_state {
	BUDGET_EMPTY = 0, /* metadata not in use */
	BUDGET_FREE,      /* on a free list */
	BUDGET_SPLIT,     /* retyped into two halves (children) */
	BUDGET_ALLOC,     /* handed out; objects may have been made from it */
	BUDGET_LENT,      /* moved to a child's budget */
};

/* What an allocated block is for: the inspection figures are split so. */
enum budget_kind {
	BUDGET_KERNEL,  /* TCB, CNode, page tables, notification */
	BUDGET_FRAMES,  /* user memory: text, data, heap, stack, buffers */
	BUDGET_RECORDS, /* the server's own records for the process */
	BUDGET_KIND_COUNT
};

/* Per-block metadata, one per book slot that holds a block. The fields
 * after `kind` are the caller's, for the blocks it has allocated. */
struct budget_block {
	budget_slot_t next, prev; /* free list of its order (FREE only) */
	budget_slot_t parent;     /* the block it was split from; NONE for a top block */
	/* The other half; for a top block, the caller's (BUDGET_NONE unless
	 * it says where the block came from: lend.c keeps the lender's slot). */
	budget_slot_t buddy;
	uint8_t order;
	uint8_t state; /* enum budget_state */
	uint8_t kind;  /* enum budget_kind, for ALLOC */
	uint8_t flags; /* caller's */
	uint32_t obj;  /* caller's (e.g. the slot of the object made from it) */
	uint64_t tag;  /* caller's (e.g. the virtual address of a frame) */
};

struct budget_ops {
	/* The metadata of a slot (never NULL for a slot the budget was given
	 * or got from slot_alloc). */
	struct budget_block *(*block)(void *ctx, budget_slot_t slot);
	/* A free book slot, or BUDGET_NONE if there is none. */
	budget_slot_t (*slot_alloc)(void *ctx);
	void (*slot_free)(void *ctx, budget_slot_t slot);
	/* Retypes the untyped in `block` (2^order bytes) whole into two untyped
	 * halves in slots lo and hi. 0 or a kernel error. */
	int (*split)(void *ctx, budget_slot_t block, unsigned order, budget_slot_t lo,
	             budget_slot_t hi);
	/* Revokes the untyped in `block`: every cap derived from it goes, every
	 * object made from it is destroyed, and it is whole again. */
	int (*revoke)(void *ctx, budget_slot_t block);
	/* Optional (NULL: none). Called when no free block of `order` or
	 * larger is left: may add a top block of at least that order (memory
	 * on demand) and says whether it did. */
	bool (*grow)(void *ctx, unsigned order);
	/* Optional. Called when a top block has become whole and free again
	 * (by budget_free); it may take it out (budget_take_top). */
	void (*top_freed)(void *ctx, budget_slot_t slot);
};

struct budget {
	const struct budget_ops *ops;
	void *ctx;
	budget_slot_t free_head[BUDGET_MAX_ORDER + 1];
	uint64_t total;                   /* bytes the budget holds */
	uint64_t free;                    /* bytes in FREE blocks */
	uint64_t used[BUDGET_KIND_COUNT]; /* bytes in ALLOC blocks, by kind */
	uint64_t lent;                    /* bytes in LENT blocks */
	uint64_t peak;                    /* highest total - free */
	uint64_t refused;                 /* allocations refused for lack of memory */
};

void budget_init(struct budget *b, const struct budget_ops *ops, void *ctx);

/* Gives the budget a free top block of 2^order bytes in `slot` (metadata
 * filled in here). */
void budget_add_top(struct budget *b, budget_slot_t slot, unsigned order);

/* Counts bytes the budget holds outside the buddy system (the bootstrap
 * records carved off the front of a process's first block) as in use. */
void budget_add_reserved(struct budget *b, uint64_t bytes, enum budget_kind kind);

/* Allocates a block of exactly 2^order bytes (BUDGET_MIN_ORDER..MAX_ORDER)
 * for `kind`, splitting larger blocks as needed (and asking ops->grow for
 * one when none is free). Returns its slot, or BUDGET_NONE: no free block
 * is large enough (refused is counted), out of slots, or a kernel error
 * (the budget is unchanged in every case but the top block grow added). */
budget_slot_t budget_alloc(struct budget *b, unsigned order, enum budget_kind kind);

/* As budget_alloc, but the block is lent (it becomes a child's budget). */
budget_slot_t budget_lend(struct budget *b, unsigned order);

/* Frees an ALLOC or LENT block: revokes it and merges free buddies. */
void budget_free(struct budget *b, budget_slot_t slot);

/* Allocates free top block `slot` whole for `kind` (a block the caller
 * just got for one use). Returns whether it did. */
bool budget_alloc_top(struct budget *b, budget_slot_t slot, enum budget_kind kind);

/* Takes top block `slot` out of the budget, if it is whole and free (for
 * giving it back to whoever lent it). Returns whether it did. */
bool budget_take_top(struct budget *b, budget_slot_t slot);

/* Moves a FREE or SPLIT block's metadata from slot `from` to the unused
 * slot `to`, whose cap the caller has moved there: its free list, its
 * buddy and (SPLIT) its two halves, given in `halves`, now name `to`,
 * and `from`'s metadata is unused (the caller gives the slot back).
 * false, nothing changed, for any other block or a used `to`. */
bool budget_move_block(struct budget *b, budget_slot_t from, budget_slot_t to,
                       const budget_slot_t halves[2]);

/* The order of the largest power of two in bytes (not 0): the largest
 * block that fits. */
static inline unsigned budget_floor_order(uint64_t bytes)
{
	return 63 - (unsigned)__builtin_clzl(bytes);
}

/* The largest order with a free block, or -1 if none. */
int budget_largest_free_order(const struct budget *b);

/* Whether a free block of `order` or larger is on the lists. */
static inline bool budget_has_free(const struct budget *b, unsigned order)
{
	return budget_largest_free_order(b) >= (int)order;
}

/* Checks every invariant (free lists vs. states, byte sums); 0 if sound,
 * else a number naming the first broken one (for tests and debug). */
int budget_check(const struct budget *b);

#endif
