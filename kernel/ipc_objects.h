/* The IPC objects' layouts and the accessors that ipc.c (the general
 * path) and fastpath.c (the IPC fastpath) share. Only those two include
 * this header: every other file goes through ipc.h. */
#ifndef KERNEL_IPC_OBJECTS_H
#define KERNEL_IPC_OBJECTS_H

#include "kernel/cap.h"
#include "kernel/pmem.h"
#include "kernel/tcb.h"

/* ---- the objects ------------------------------------------------------------
 *
 * All-zero is the idle state of each, because Retype zeroes objects. TCBs
 * are 2^RN_TCB_BITS aligned, so a queue head pointer has its low bits free
 * for the object's state. */

#define STATE_BITS 2
#define STATE_MASK MASK(STATE_BITS)
compile_assert(tcb_pointers_have_free_low_bits, RN_TCB_BITS >= STATE_BITS);

enum ep_state { EP_IDLE = 0, EP_SEND = 1, EP_RECV = 2 };

/* A queue of blocked senders (EP_SEND) or of blocked receivers (EP_RECV),
 * linked through the TCBs' wait_prev/wait_next. */
struct endpoint {
	word_t head_state; /* first TCB | enum ep_state */
	word_t tail;       /* last TCB */
};
compile_assert(endpoint_fits_object, sizeof(struct endpoint) <= BIT(RN_ENDPOINT_BITS));

/* NTFN_ACTIVE: signalled and not yet received; `word` holds the OR of the
 * badges (it may be 0: a signal through an unbadged cap still counts).
 * NTFN_WAITING: the queue holds waiters and `word` is 0. */
enum ntfn_state { NTFN_IDLE = 0, NTFN_WAITING = 1, NTFN_ACTIVE = 2 };

struct notification {
	word_t head_state; /* first waiting TCB | enum ntfn_state */
	word_t tail;       /* last waiting TCB */
	word_t word;       /* pending badge bits */
	struct tcb *bound; /* the TCB bound to it, or NULL */
};
compile_assert(notification_fits_object, sizeof(struct notification) <= BIT(RN_NOTIFICATION_BITS));

/* At most one of the two is set: the object is offered by a receiver
 * blocked in Recv, or bound to a caller waiting for its answer. */
struct reply {
	struct tcb *caller;   /* THREAD_BLOCKED_REPLY on this object */
	struct tcb *receiver; /* THREAD_BLOCKED_RECV with this object offered */
	word_t unused[2];
};
compile_assert(reply_fits_object, sizeof(struct reply) <= BIT(RN_REPLY_BITS));

/* tcb->ipc_flags */
#define IPC_CALL  1u /* the pending send is a Call: it waits for a reply */
#define IPC_GRANT 2u /* the pending send may transfer caps */
#define IPC_FAULT 4u /* the pending send (or awaited reply) is a fault's */

static inline enum ep_state ep_state(const struct endpoint *ep)
{
	return (enum ep_state)(ep->head_state & STATE_MASK);
}

/* ep_state(ep) == state for EP_SEND or EP_RECV, in one test of a bit: each
 * has a bit of its own, which the other and EP_IDLE lack. */
static inline bool ep_state_is(const struct endpoint *ep, enum ep_state state)
{
	compile_assert(ep_state_bits, (EP_SEND & EP_RECV) == 0 && EP_IDLE == 0);
	return ep->head_state & state;
}

/* Nobody waits: an idle endpoint's word is EP_IDLE itself (no head). */
static inline bool ep_idle(const struct endpoint *ep)
{
	return ep->head_state == EP_IDLE;
}

static inline struct tcb *ep_head(const struct endpoint *ep)
{
	return (struct tcb *)(ep->head_state & ~STATE_MASK);
}

static inline enum ntfn_state ntfn_state(const struct notification *n)
{
	return (enum ntfn_state)(n->head_state & STATE_MASK);
}

static inline struct tcb *ntfn_head(const struct notification *n)
{
	return (struct tcb *)(n->head_state & ~STATE_MASK);
}

static inline struct endpoint *ep_of(const struct cap *c)
{
	return paddr_to_kptr(cap_paddr(c));
}

static inline struct notification *ntfn_of(const struct cap *c)
{
	return paddr_to_kptr(cap_paddr(c));
}

static inline struct reply *reply_of(const struct cap *c)
{
	return paddr_to_kptr(cap_paddr(c));
}


#endif
