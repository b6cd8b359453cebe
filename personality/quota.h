/* The figures of budgets, exact bytes, as PX_BUDGET and PX_BUDGET_TREE
 * answer them (rn/px.h), /proc shows them and `quota` checks them: every
 * figure is read from the budget and the book at the moment it is asked
 * for, so what is counted is what exists. */
#ifndef PERSONALITY_QUOTA_H
#define PERSONALITY_QUOTA_H

#include "personality/proc.h"

#include <stdint.h>

/* One budget's figures for PX_BUDGET. */
struct px_budget_info;
void quota_info(const struct proc *p, struct px_budget_info *out);

/* PX_BUDGET_TREE: records of the budgets in root's subtree (0: all),
 * skipping the first `skip`, at most max into out. Returns how many it
 * wrote; *count is how many the subtree has. */
struct px_budget_rec;
unsigned quota_tree(uint32_t root, uint64_t skip, struct px_budget_rec *out, unsigned max,
                    uint64_t *count);

/* p's processor time in microseconds: us[0] its own running, us[1] a
 * server's work for it (its Calls, its timers), each with its waited
 * children's. A process waited for (a husk) has none of its own: its time
 * went to its parent's children's. */
void quota_cpu(const struct proc *p, unsigned long us[2]);

#endif
