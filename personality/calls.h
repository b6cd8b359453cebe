/* The server's calls (rn/px.h): one table, as xv6's syscalls[]. Each entry
 * names the handler that does the call and how many words its answer
 * has beyond the result. serve() alone decides whether the caller is
 * answered (calls.c has the rule). */
#ifndef PERSONALITY_CALLS_H
#define PERSONALITY_CALLS_H

#include "personality/proc.h"

#include <rn/px.h>
#include <stdint.h>

/* A handler's result that is no answer: the caller runs on without one
 * (exit, an exec that worked, sigreturn) or never will. Not an errno. */
#define CALL_NO_ANSWER (-(long)0x7fffffff)

/* A handler: `in` is the request (in[0] the call number, then its
 * arguments; words past the message's length read 0). Returns the result
 * (mr0 of the answer, or CALL_NO_ANSWER) and puts the answer's further
 * words in out[0..words). */
typedef long (*call_handler)(struct proc *p, const uint64_t in[4], uint64_t out[3]);

struct call {
	call_handler handler;
	unsigned words; /* answer words after the result */
};

/* The entry for each call number (rn/px.h); a NULL handler: no such call
 * (ENOSYS). */
extern const struct call calls[PX_CALL_COUNT];

#endif
