/* The server's loop: one request at a time, never blocking on a client
 * (rn/px.h has the protocol). A request that would wait is answered with
 * PX_EWOULDBLOCK_INTERNAL and the process's notification is signalled when
 * it may ask again, so no reply capability is ever held for a client.
 *
 * Whether a caller is answered is decided here alone, after its handler
 * (calls.h) and after every process a signal doomed meanwhile has ended:
 *   - the handler said CALL_NO_ANSWER (exit, exec, sigreturn): no answer;
 *   - the caller has ended (it was killed, or its SIGPIPE ended it): none;
 *   - a signal is ready for it: its handler starts, and the call returns
 *     when the handler is done (signal_answer): no answer now;
 *   - otherwise it is answered. */
#include "personality/serve.h"

#include "personality/calls.h"
#include "personality/console.h"
#include "personality/process.h"
#include "personality/signal.h"
#include "personality/timer.h"
#include "personality/tty.h"
#include "personality/vm.h"

#include <ration/faults.h>
#include <rn/debug.h>
#include <rn/ipc.h>
#include <rn/px.h>

/* The scause of an illegal instruction (the RISC-V privileged spec), as a
 * user exception fault carries it in mr1. */
#define SCAUSE_ILLEGAL_INSTRUCTION 2

/* An answer: mr[0] the result, then `len - 1` more words. Only those
 * travel (the kernel copies the message's length), so most answers are
 * one word. */
struct answer {
	uint64_t mr[4];
	unsigned len;
};

/* Any call number the table does not have. */
static long no_such_call(struct proc *p, const uint64_t in[4], uint64_t out[3])
{
	return -PX_ENOSYS;
}

/* Does p's call; returns whether to answer it (with ans). */
static bool handle_call(struct proc *p, uint64_t info, uint64_t mr[4], struct answer *ans)
{
	unsigned len = RN_MSGINFO_LENGTH(info);
	if (RN_MSGINFO_LABEL(info) != 0 || len == 0) {
		ans->mr[0] = (uint64_t)-PX_EINVAL;
		return true;
	}
	/* Words past the message's length are not the caller's (nested:
	 * every call pays for this, and most send all four words). */
	if (len < 4) {
		mr[3] = 0;
		if (len < 3) {
			mr[2] = 0;
			if (len < 2)
				mr[1] = 0;
		}
	}
	static const struct call unknown = { no_such_call, 0 };
	const struct call *c =
	    mr[0] < PX_CALL_COUNT && calls[mr[0]].handler ? &calls[mr[0]] : &unknown;
	p->awaiting_answer = 1;
	long r = c->handler(p, mr, ans->mr + 1);
	process_end_doomed();
	bool answer = r != CALL_NO_ANSWER && p->state == PROC_RUNNING;
	ans->mr[0] = (uint64_t)r;
	ans->len = 1 + c->words;
	/* A signal for the caller: its handler runs first, and the call
	 * returns when it is done (a default action may doom it). */
	if (answer && signal_any_ready(p) && signal_answer(p, ans->mr, ans->len)) {
		answer = false;
		process_end_doomed();
	}
	p->awaiting_answer = 0;
	return answer;
}

static const char *signal_name(int sig)
{
	return sig == PX_SIGSEGV ? "SIGSEGV" : sig == PX_SIGILL ? "SIGILL" : "SIGBUS";
}

/* A fault of p's thread: grow its stack, or end it with a signal. */
static bool handle_fault(struct proc *p, uint64_t label, const uint64_t mr[4])
{
	if (label == RN_FAULT_VM && vm_grow_stack(p, mr[1]))
		return true; /* answered with label 0: it runs again */
	int sig = label == RN_FAULT_USER_EXCEPTION && mr[1] == SCAUSE_ILLEGAL_INSTRUCTION
	              ? PX_SIGILL
	              : PX_SIGSEGV;
	/* A handler runs if there is one and the signal is not blocked (a
	 * fault inside the handler itself ends the process, as on Linux); the
	 * frame resumes at the faulting instruction. Ignoring a fault cannot
	 * work: the instruction would fault for ever. */
	if (p->sig_action[sig].handler > PX_SIG_IGN && !(p->sig_mask & (1u << sig))) {
		signal_send(p, sig); /* a fault is no call: it starts now */
	} else {
		rn_printf("pxserver: pid %u (%s): %s at pc %#lx, address %#lx\n", p->pid, p->name,
		          signal_name(sig), (unsigned long)mr[0],
		          (unsigned long)(label == RN_FAULT_VM ? mr[1] : mr[2]));
		process_exit(p, PX_W_SIGNALED(sig));
	}
	process_end_doomed(); /* a handler that could not start */
	return false;
}

_Noreturn void serve(void)
{
	cptr_t ep = ROOT(SLOT_ENDPOINT), reply = ROOT(SLOT_REPLY);
	struct rn_msg m = rn_recv(ep, reply);
	for (;;) {
		/* Zeroed for each request: an answer carries all of its
		 * call's words even when the handler wrote fewer (an error),
		 * and they must not be another process's. */
		struct answer ans = { .len = 1 };
		bool answer = false;
		uint64_t pid = m.badge & ~FAULT_BADGE;
		struct proc *p = proc_get(pid);
		if (m.badge & (CONSOLE_BADGE | TIMER_BADGE)) {
			/* The server's notification: both bits may be set. */
			if (m.badge & CONSOLE_BADGE)
				tty_input();
			if (m.badge & TIMER_BADGE)
				timer_expired();
			process_end_doomed(); /* ^C, SIGALRM */
		} else if (!p || p->state != PROC_RUNNING) {
			/* A process ended since it called: nothing to answer. */
		} else {
			/* The words in memory for the handlers; the rest of m
			 * stays in registers. */
			uint64_t mr[4] = { m.mr[0], m.mr[1], m.mr[2], m.mr[3] };
			if (m.badge & FAULT_BADGE) {
				answer = handle_fault(p, RN_MSGINFO_LABEL(m.info), mr);
				ans.len = 0;
			} else {
				answer = handle_call(p, m.info, mr, &ans);
			}
		}
		uint64_t info = RN_MSGINFO(0, 0, 0, ans.len);
		if (answer)
			m = rn_reply_recv(ep, info, ans.mr, reply);
		else
			m = rn_recv(ep, reply);
	}
}
