/* Budget lending (docs/personality.md, "Limits, guarantees and memory on
 * demand"). A child's budget is blocks lent whole by its budget parent
 * (its lender): the first, which holds its records, at fork; the rest on
 * demand, when an allocation finds no free block, and only while every
 * budget on the way up stays within its limit. A top block that is whole
 * and free again goes back. This module decides all of that, and who may
 * change a budget; nothing else moves memory between budgets. */
#ifndef PERSONALITY_LEND_H
#define PERSONALITY_LEND_H

#include "personality/proc.h"

#include <stdint.h>

/* The first block of every budget: the records (20 KiB) and what a fork
 * makes at once (kernel objects, tables, buffers: 26 KiB), and room for a
 * few pages, so that a small fork draws nothing more. */
#define LEND_FIRST_ORDER 16

/* The largest block a draw takes beyond what was asked for. */
#define LEND_MAX_DRAW_ORDER 17
#define LEND_MAX_DRAW       (1ul << LEND_MAX_DRAW_ORDER)

/* Installs the on-demand hooks of proc.h (at boot, before any process). */
void lend_boot(void);

/* Makes the root budget (init's): it holds all memory, its limit. */
void lend_root(struct proc *root);

/* A new process whose budget is lent by parent, with a limit and a
 * guarantee (bytes, whole pages). limit 0: the default, which is the
 * parent's job share if it has one (PX_FORK_SESSION set it) with the
 * job guarantee, else the parent's own limit (the child is bounded by
 * the parent's subtree anyway) and no guarantee. The guarantee is lent
 * at once. flags: PX_FORK_SESSION (the console session: all but what
 * init keeps, its guarantee, and job shares for its children),
 * PX_FORK_AGENT (the child may change the budgets of the parent's other
 * children). NULL (nothing changed) if the parent cannot lend the first
 * block and the guarantee, or the arguments are wrong (*err says which:
 * -PX_EAGAIN or -PX_EINVAL). */
struct proc *lend_new_budget(struct proc *parent, uint64_t limit, uint64_t guarantee,
                             unsigned flags, long *err);

/* Gives what p holds free back to its lender: every lent block that is
 * whole and free, but a running p's guarantee (an ended one keeps only
 * its records and what its live descendants use). */
void lend_settle(struct proc *p);

/* Gives every block of c's budget back to its lender, c's book and record
 * with it (c's pid is released first: c must be done with). Returns the
 * lender. */
struct proc *lend_return(struct proc *c);

/* Budget changes of a running process pid: allowed to its lender, and to
 * a process the lender made its agent (PX_FORK_AGENT); else -PX_EPERM
 * (-PX_ESRCH if there is no such process).
 *
 * grow raises pid's limit by `bytes` (whole pages): 0 or -PX_EINVAL. */
long lend_grow(struct proc *caller, uint64_t pid, uint64_t bytes);

/* shrink lowers pid's limit by up to `bytes`, not below what its subtree
 * holds once its free blocks have gone back. Returns the bytes taken off;
 * *could is the most that could have been. */
long lend_shrink(struct proc *caller, uint64_t pid, uint64_t bytes, uint64_t *could);

/* Sets pid's guarantee (at most its limit): the difference is lent now
 * or may go back. 0, -PX_EINVAL, -PX_ENOMEM (the lender cannot lend it). */
long lend_guarantee(struct proc *caller, uint64_t pid, uint64_t bytes);

/* Who takes on what p leaves in the file system when it ends: the
 * nearest budget ancestor that runs, into heirs[] (0 or 1 of them). */
/* p's files are moving to its heirs (p ended; NULL: done): the budgets
 * above p may draw beyond their limits by what p still holds, since it
 * all comes back as the moves go on (lend.c). */
void lend_moving(const struct proc *p);

unsigned lend_heirs(const struct proc *p, struct proc *heirs[], unsigned max);

#endif
