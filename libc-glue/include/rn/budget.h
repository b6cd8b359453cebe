/* Ration's extensions to POSIX for programs on the POSIX server: budgets
 * (the memory a process and its descendants may use, docs/design.md,
 * "Budgets") and power-off (docs/personality.md, "Who may do what"). */
#ifndef RN_BUDGET_H
#define RN_BUDGET_H

#include <stddef.h>
#include <sys/types.h>
#include <rn/px.h>

/* fork(), the child's budget limited to `limit` bytes, its descendants
 * included (0: the default: a job share if the caller is the console
 * session, else the caller's own limit). Memory moves into it on demand.
 * -1 with errno EAGAIN if the caller cannot lend its first block. */
pid_t rn_fork_budget(size_t limit);

/* fork() with a limit, a guarantee (memory set aside for the child at
 * once, that no one else can take) and PX_FORK_* flags. EINVAL if they
 * make no sense, EAGAIN if the guarantee cannot be had. */
pid_t rn_fork_limits(size_t limit, size_t guarantee, unsigned flags);

/* The server's accounting of the budget of `pid` (0: the caller) into
 * *out. 0, or -1 with errno (ESRCH: no such process). */
int rn_budget_info(pid_t pid, struct px_budget_info *out);

/* waitpid() that also gives the child's peak budget use in bytes (what it
 * needed at most) in *peak. */
pid_t rn_wait_peak(pid_t pid, int *status, int options, size_t *peak);

/* Raises the limit of the budget child `pid` by `bytes` (whole pages):
 * 0, or -1 with errno (ESRCH: no such running process; EPERM: the caller
 * did not lend its budget and is not its lender's agent; EINVAL). */
int rn_budget_grow(pid_t pid, size_t bytes);

/* Lowers the limit of the budget child `pid` by up to `bytes`, not below
 * what it holds once its free memory has gone back. Returns the bytes
 * taken off (or -1, ESRCH or EPERM); *could is the most that could have
 * been. */
ssize_t rn_budget_shrink(pid_t pid, size_t bytes, size_t *could);

/* Sets the guarantee of the budget child `pid` (at most its limit): what
 * is missing is lent to it now. 0, or -1 (ESRCH, EPERM, EINVAL, ENOMEM). */
int rn_budget_guarantee(pid_t pid, size_t bytes);

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

/* Stops the machine; QEMU exits with `status`. Only a process holding the
 * system right can (init, and those it or they fork with PX_FORK_SYSTEM:
 * the console session, and its poweroff command); others get -1 with
 * errno EPERM, and nothing happens. */
int rn_poweroff(int status);

#endif
