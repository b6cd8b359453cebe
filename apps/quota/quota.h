/* quota: the memory budgets of processes, from the server's exact
 * accounting (docs/personality.md, "Budgets"). */
#ifndef QUOTA_H
#define QUOTA_H

#include <stdbool.h>
#include <stddef.h>
#include <rn/budget.h>

/* Every budget from one moment (as far as one call can hold them). */
struct snapshot {
	struct px_budget_rec *rec;
	size_t n;
	struct rn_budget_tree_info info;
	bool whole; /* all records came from one call, so from one moment */
};

/* Takes a snapshot (rec is malloc'd; snapshot_free frees it). 0 or -1. */
int snapshot_take(struct snapshot *s);
void snapshot_free(struct snapshot *s);

/* Checks the identities the accounting promises: for every budget
 * used + lent + free = total; a budget's lent = the totals of the budgets
 * it lent to; the server plus the top budgets = RAM. Prints each broken
 * one to stderr; returns how many were. */
int snapshot_check(const struct snapshot *s);

/* Prints the tree of budgets (sizes in bytes if exact, else K/M/G). */
void snapshot_print(const struct snapshot *s, bool exact);

/* Prints one line per budget for programs: "pid P parent B state S total
 * T used U lent L free F peak K refused R name N", exact bytes, then
 * "ram R server S whole W". */
void snapshot_print_lines(const struct snapshot *s);

/* A size: "4096", "64K", "2M", "1G" (powers of 1024). 0 if malformed. */
size_t parse_size(const char *s);

/* A size for people: "512", "64K", "1.5M". */
const char *human(unsigned long bytes, bool exact);

/* The live view: redraws every second until 'q'. */
int watch(bool exact);

#endif
