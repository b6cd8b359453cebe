/* Budget lending: a child's budget is blocks lent by its budget parent
 * (docs/personality.md, "A process and its budget"). This module decides
 * how much a new budget gets, lends and takes back blocks, and names who
 * inherits what a process leaves in the file system; nothing else moves
 * memory between budgets. */
#ifndef PERSONALITY_LEND_H
#define PERSONALITY_LEND_H

#include "personality/proc.h"

#include <stdint.h>

/* A new process whose budget is lent by parent: `bytes` (0: the default
 * share, CONFIG_PX_FORK_SHARE_PERCENT of the parent's free bytes clamped
 * to PX_FORK_MIN_KB..PX_FORK_MAX_KB). The first block, which holds the
 * records, is the largest power of two in the share the parent has free;
 * the rest follows in blocks, largest first. An asked-for size is met
 * exactly (to the page), the default in at most 4 blocks. NULL (nothing
 * changed) if the first block cannot be had; a share the budget cannot
 * give counts as a refused allocation. */
struct proc *lend_new_budget(struct proc *parent, uint64_t bytes);

/* Gives every block of c's budget back to its lender, c's book and record
 * with it (c's pid is released first: c must be done with). Returns the
 * lender. */
struct proc *lend_return(struct proc *c);

/* Budget changes of a running process pid whose budget was lent by the
 * caller or by the caller's own budget parent (a child such as `quota`
 * acting for the shell); the memory moves between pid and its lender.
 * Otherwise -PX_ESRCH.
 *
 * grow lends exactly `bytes` more (whole pages), or nothing: 0,
 * -PX_EINVAL or -PX_ENOMEM. */
long lend_grow(struct proc *caller, uint64_t pid, uint64_t bytes);

/* shrink takes back up to `bytes`: only lent blocks that are whole and
 * free in pid's budget can go back. Returns the bytes taken; *could is
 * the most that could have been. */
long lend_shrink(struct proc *caller, uint64_t pid, uint64_t bytes, uint64_t *could);

/* Who takes on what p leaves in the file system when it ends: its
 * budget ancestors that run, nearest first, at most max, into heirs[]. */
unsigned lend_heirs(const struct proc *p, struct proc *heirs[], unsigned max);

#endif
