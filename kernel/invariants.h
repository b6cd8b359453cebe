/* The debug invariant checker for the kernel memory model (built with
 * CONFIG_KERNEL_DEBUG). It walks the whole derivation tree from its
 * sentinel and checks:
 *  - the list is well formed: links agree both ways, the length matches
 *    the count kept by cdt.c, no zombie outlives an operation;
 *  - every cap is well formed (type, sizes, radix and guard in range,
 *    watermark within the untyped and 16-byte aligned);
 *  - the tree is well formed: the subtrees the list encodes nest;
 *  - every object lies inside its nearest untyped ancestor, below that
 *    untyped's watermark; only untyped caps are roots;
 *  - no two live objects overlap, and all caps to one object are
 *    contiguous in the list (which makes the O(1) "last cap?" test valid).
 * With `deep`, it also scans every slot of every live CNode: each occupied
 * slot must be on the list, and their number must equal the list length.
 * O(caps * depth), plus O(total CNode slots) when deep. */
#ifndef KERNEL_INVARIANTS_H
#define KERNEL_INVARIANTS_H

#include "kernel/cdt.h"

#ifdef CONFIG_KERNEL_DEBUG
/* NULL when every invariant holds, else a static message naming the first
 * violation found. */
const char *invariants_check(bool deep);

/* Calls fn(slot, parent) for every slot in list order, with the parent
 * the tree gives it (NULL for a root). For tests and debugging. */
void invariants_for_each_parent(void (*fn)(struct slot *s, struct slot *parent, void *arg),
                                void *arg);
#endif

#endif
