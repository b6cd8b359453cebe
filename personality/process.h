/* Process life: the kernel objects of a process, fork, exit, wait, kill. */
#ifndef PERSONALITY_PROCESS_H
#define PERSONALITY_PROCESS_H

#include "personality/proc.h"

#include <rn/px.h>

/* Badge bit of a process's fault endpoint (the low bits are its pid). */
#define FAULT_BADGE (1ul << 32)

/* Makes p's thread, CSpace, notification, VSpace and buffers. */
bool process_setup(struct proc *p);

/* Forks `parent`, whose thread waits in its PX_FORK call: the child gets
 * `bytes` of budget (0: the default share) and a copy of every user page,
 * and is started as if its own call had returned 0. Returns the child's
 * pid or -PX_EAGAIN. */
long process_fork(struct proc *parent, uint64_t limit, uint64_t guarantee, unsigned flags);

/* PX_EXECVE with the request in p's shared buffer (copied before it is
 * read): an error, with nothing changed, or 0 when p runs the new
 * program (or, past the point of no return, has ended with SIGKILL). */
struct px_exec_args;
long process_exec(struct proc *p, const struct px_exec_args *request);

/* Ends p with a wait(2) status: stops its thread (its memory goes back
 * when it is reaped), reparents its children to init. */
void process_exit(struct proc *p, uint32_t wstatus);

/* wait/waitpid for p: a pid (with its status and its budget's peak use),
 * 0 (WNOHANG and none yet), -PX_EWOULDBLOCK_INTERNAL, or -PX_ECHILD. */
long process_wait(struct proc *p, long pid, unsigned options, uint32_t *wstatus,
                  uint64_t *peak);

/* Ends every process a signal doomed (proc_doom) during this request;
 * their ends may doom more, which end too. Inline: every request asks. */
void process_end_all_doomed(void);
static inline void process_end_doomed(void)
{
	if (proc_doomed_first)
		process_end_all_doomed();
}

/* PX_TIMES: p's processor time and its waited-for children's. */
void process_times(struct proc *p, struct px_times *t);

#endif
