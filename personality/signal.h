/* Signals, process groups and sessions. A signal's disposition is default
 * or ignore (handlers running in the process come later); the default
 * action ends the process, except for the signals whose default is to be
 * ignored. Process groups and sessions are enough for a shell's
 * foreground job: ^C at the console reaches the foreground group. */
#ifndef PERSONALITY_SIGNAL_H
#define PERSONALITY_SIGNAL_H

#include "personality/proc.h"

/* Sends sig to p (checks done): ignored, or p ends. */
void signal_send(struct proc *p, int sig);

/* Sends sig to every running process of group pgid; how many got it. */
unsigned signal_group(uint32_t pgid, int sig);

/* The calls. */
long signal_kill(struct proc *from, long pid, long sig);
long signal_disposition(struct proc *p, uint64_t sig, uint64_t action);
long signal_setpgid(struct proc *p, uint64_t pid, uint64_t pgid);
long signal_getpgid(struct proc *p, uint64_t pid);
long signal_setsid(struct proc *p);

/* The console's foreground group (tty.c asks; PX_TCSETPGRP sets). */
extern uint32_t signal_foreground;
long signal_tcsetpgrp(struct proc *p, uint64_t pgid);

#endif
