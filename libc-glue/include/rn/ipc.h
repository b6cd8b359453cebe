/* IPC system calls on endpoints, notifications and reply objects (rules in
 * docs/ipc.md). Message words mr0..mr3 travel in registers; longer messages
 * and cap transfer use the IPC buffer (rn_set_mr, caps_or_badges[]). */
#ifndef RN_IPC_H
#define RN_IPC_H

#include <rn/syscall.h>

static inline struct rn_msg rn_call(rn_cptr_t ep, rn_word_t info, const rn_word_t mr[4])
{
	return rn_syscall(RN_SYS_CALL, ep, info, mr, 0);
}

static inline void rn_send(rn_cptr_t ep, rn_word_t info, const rn_word_t mr[4])
{
	rn_syscall(RN_SYS_SEND, ep, info, mr, 0);
}

static inline void rn_nbsend(rn_cptr_t ep, rn_word_t info, const rn_word_t mr[4])
{
	rn_syscall(RN_SYS_NBSEND, ep, info, mr, 0);
}

/* Waits on an endpoint (a Call received here binds `reply`) or a
 * notification (reply 0). badge = the sender's badge or the signalled bits. */
static inline struct rn_msg rn_recv(rn_cptr_t cap, rn_cptr_t reply)
{
	static const rn_word_t none[RN_MSG_REGISTERS];
	return rn_syscall(RN_SYS_RECV, cap, 0, none, reply);
}

static inline struct rn_msg rn_nbrecv(rn_cptr_t cap, rn_cptr_t reply)
{
	static const rn_word_t none[RN_MSG_REGISTERS];
	return rn_syscall(RN_SYS_NBRECV, cap, 0, none, reply);
}

/* Answers the caller bound to `reply`, then waits on `ep` again. */
static inline struct rn_msg rn_reply_recv(rn_cptr_t ep, rn_word_t info, const rn_word_t mr[4],
                                          rn_cptr_t reply)
{
	return rn_syscall(RN_SYS_REPLY_RECV, ep, info, mr, reply);
}

/* Answers the caller bound to `reply` (Send on a reply object). */
static inline void rn_reply(rn_cptr_t reply, rn_word_t info, const rn_word_t mr[4])
{
	rn_syscall(RN_SYS_SEND, reply, info, mr, 0);
}

static inline void rn_signal(rn_cptr_t ntfn)
{
	static const rn_word_t none[RN_MSG_REGISTERS];
	rn_syscall(RN_SYS_SEND, ntfn, 0, none, 0);
}

static inline rn_word_t rn_wait(rn_cptr_t ntfn)
{
	return rn_recv(ntfn, 0).badge;
}

static inline rn_word_t rn_poll(rn_cptr_t ntfn)
{
	return rn_nbrecv(ntfn, 0).badge;
}

#endif
