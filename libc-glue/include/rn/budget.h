/* Ration's extensions to POSIX for programs on the POSIX server: budgets
 * (the memory a process and its descendants may use, docs/design.md,
 * "Budgets") and power-off. */
#ifndef RN_BUDGET_H
#define RN_BUDGET_H

#include <stddef.h>
#include <sys/types.h>
#include <rn/px.h>

/* fork(), giving the child a budget of `bytes` taken from the caller's
 * (0: the server's default share). -1 with errno EAGAIN if the caller's
 * budget cannot spare it. */
pid_t rn_fork_budget(size_t bytes);

/* The server's accounting of the budget of `pid` (0: the caller) into
 * *out. 0, or -1 with errno (ESRCH: no such process). */
int rn_budget_info(pid_t pid, struct px_budget_info *out);

/* waitpid() that also gives the child's peak budget use in bytes (what it
 * needed at most) in *peak. */
pid_t rn_wait_peak(pid_t pid, int *status, int options, size_t *peak);

/* Lends the budget child `pid` exactly `bytes` (whole pages) more of the
 * caller's budget, or nothing: 0, or -1 with errno (ESRCH: not a running
 * child of the caller's budget; ENOMEM: the caller cannot spare it). */
int rn_budget_grow(pid_t pid, size_t bytes);

/* Takes back up to `bytes` of the budget child `pid`'s budget: only its
 * free memory, in the blocks it was lent. Returns the bytes taken (or -1,
 * ESRCH); *could is the most that could have been taken. */
ssize_t rn_budget_shrink(pid_t pid, size_t bytes, size_t *could);

/* What PX_BUDGET_TREE says besides the records. */
struct rn_budget_tree_info {
	size_t count;  /* budgets in the subtree: more than returned means ask again */
	size_t ram;    /* RAM free at boot */
	size_t server; /* the server's part of it; the rest went to init */
};

/* Records of the budgets in the subtree of `root` (0: all), all from one
 * moment, skipping the first `skip`: at most `max` into out. Returns how
 * many it wrote, or -1 (ESRCH). */
int rn_budget_tree(pid_t root, size_t skip, struct px_budget_rec *out, size_t max,
                   struct rn_budget_tree_info *info);

/* Stops the machine; QEMU exits with `status`. */
_Noreturn void rn_poweroff(int status);

#endif
