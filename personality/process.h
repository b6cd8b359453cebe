/* Process life: the kernel objects of a process, fork, exit, wait, kill. */
#ifndef PERSONALITY_PROCESS_H
#define PERSONALITY_PROCESS_H

#include "personality/proc.h"

/* Badge bit of a process's fault endpoint (the low bits are its pid). */
#define FAULT_BADGE (1ul << 32)

/* Makes p's thread, CSpace, notification, VSpace and buffers. */
bool process_setup(struct proc *p);

/* Forks `parent`, whose thread waits in its PX_FORK call: the child gets
 * `bytes` of budget (0: the default share) and a copy of every user page,
 * and is started as if its own call had returned 0. Returns the child's
 * pid or -PX_EAGAIN. */
long process_fork(struct proc *parent, uint64_t bytes);

/* Ends p with a wait(2) status: stops its thread (its memory goes back
 * when it is reaped), reparents its children to init. */
void process_exit(struct proc *p, uint32_t wstatus);

/* wait/waitpid for p: a pid (with its status and its budget's peak use),
 * 0 (WNOHANG and none yet), -PX_EWOULDBLOCK_INTERNAL, or -PX_ECHILD. */
long process_wait(struct proc *p, long pid, unsigned options, uint32_t *wstatus,
                  uint64_t *peak);

/* Budget changes of a running process pid whose budget was lent by the
 * caller or by the caller's own budget parent (a child such as `quota`
 * acting for the shell); the memory moves between pid and its lender.
 * Otherwise -PX_ESRCH.
 *
 * grow lends exactly `bytes` more (whole pages), or nothing: 0,
 * -PX_EINVAL or -PX_ENOMEM. */
long process_budget_grow(struct proc *caller, uint64_t pid, uint64_t bytes);

/* shrink takes back up to `bytes`: only lent blocks that are whole and
 * free in pid's budget can go back. Returns the bytes taken; *could is
 * the most that could have been. */
long process_budget_shrink(struct proc *caller, uint64_t pid, uint64_t bytes, uint64_t *could);

/* The heap: sbrk(2). Returns the old break or -PX_ENOMEM. */
long process_sbrk(struct proc *p, long increment);

/* CPU fairness between process groups: every process group has a kernel
 * SchedGroup, and the kernel takes turns between groups (kernel/sched.h),
 * so a job with many processes gets the CPU of one.
 *
 * process_lead_group makes the group of p's own process group (p must be
 * its leader) if it has none: a 64-byte object retyped into p's kernel
 * block (TCB, CNode, notification), whose 4 KiB the budget has already
 * paid for, so no figure changes. Only a full book can make it fail: p
 * then stays ungrouped (false).
 *
 * A holder whose object must go (it is reaped) or who leaves the group
 * (setpgid, setsid) hands the group over (process_group_hand_over): a
 * running member with an object to spare (its own, made the same way)
 * becomes the holder and every member is bound to it, so a pipeline's
 * later stages keep sharing one turn after its first has ended. With no
 * such member they run ungrouped.
 *
 * process_join_group binds p's thread to the group of p->pgid (its
 * leader's, found at once; a later holder's, by a walk of the pids), or
 * to none. */
bool process_lead_group(struct proc *p);
void process_join_group(struct proc *p);
void process_group_hand_over(struct proc *h);

/* Signals p's notification (its blocked call should ask again). */
void process_wake(struct proc *p);

#endif
