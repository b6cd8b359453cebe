/* Process groups and sessions (POSIX), and the CPU turns a group
 * shares. Groups and sessions are fields of the process records; nothing
 * here sends a signal (signal.c acts on what these say).
 *
 * CPU fairness between process groups: every process group has a kernel
 * SchedGroup, and the kernel takes turns between groups (kernel/sched.h),
 * so a job with many processes gets the CPU of one.
 *
 * jobs_lead_group makes the group of p's own process group (p must be its
 * leader) if it has none: a 128-byte object retyped into p's kernel block
 * (TCB, CNode, notification), whose 4 KiB the budget has already paid
 * for, so no figure changes. Only a full book (or, nested, a chain of
 * groups at the kernel's limit) can make it fail: p then stays where it
 * ran (false).
 *
 * Shares nest: a process's share (share_pgid, share_sid) is the process
 * group whose SchedGroup it runs in. A new group or session made by
 * init's children (the console session) or the session's jobs (children
 * of a budget that gives job terms) is a top share; one made by a job's
 * descendant is nested in the share it ran in (its holder's up_pgid,
 * up_sid), a share of that share's turns. So a job is one turn whatever
 * it does, and cannot make the others' turns come later by splitting
 * itself, while its own groups share its turn fairly. A job's process
 * that joins another job's group keeps its own job's turns.
 *
 * A holder whose object must go (it is reaped) or who leaves the group
 * (setpgid, setsid) hands the group over (jobs_hand_over): a running
 * member with an object to spare becomes the holder, nested where the
 * share was, and every member and nested share moves to it, so a
 * pipeline's later stages keep sharing one turn after its first has
 * ended. With no such member, a nested share takes the share's place and
 * the others nest in it; with neither, they move to the share above.
 *
 * jobs_join_group binds p's thread to the group of its share (its
 * leader's, found at once; a later holder's, by a walk of the pids), or
 * to none. */
#ifndef PERSONALITY_JOBS_H
#define PERSONALITY_JOBS_H

#include "personality/proc.h"

#include <stdbool.h>
#include <stdint.h>

bool jobs_lead_group(struct proc *p);
void jobs_join_group(struct proc *p);

/* fork: the child runs in its parent's share. */
void jobs_fork(const struct proc *parent, struct proc *child);
void jobs_hand_over(struct proc *h);

/* The first running member of group pgid after pid (0: the first), or
 * NULL: a walk of a group. */
struct proc *jobs_next_member(uint32_t pgid, uint32_t pid);

/* Whether group pgid is orphaned (POSIX): no member has a parent in
 * another group of the same session, so no shell could continue it. */
bool jobs_orphaned(uint32_t pgid);

/* Whether a running process of session sid is in group pgid. */
bool jobs_in_session(uint32_t pgid, uint32_t sid);

/* The calls: setpgid, getpgid, setsid (rn/px.h). */
long jobs_setpgid(struct proc *p, uint64_t pid, uint64_t pgid);
long jobs_getpgid(struct proc *p, uint64_t pid);
long jobs_setsid(struct proc *p);

#endif
