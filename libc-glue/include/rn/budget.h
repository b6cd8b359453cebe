/* Ration's extensions to POSIX for programs on the POSIX server: budgets
 * (the memory a process and its descendants may use, DESIGN.md "Budgets")
 * and power-off. */
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

/* Stops the machine; QEMU exits with `status`. */
_Noreturn void rn_poweroff(int status);

#endif
