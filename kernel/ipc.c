/* IPC: endpoints, notifications, reply objects and fault messages.
 * The rules, with diagrams of every state, are in docs/ipc.md; this file
 * follows seL4 (MCS reply objects) and notes where it differs.
 *
 * Everything here is O(1) except the message copy (O(length)) and
 * finalisation (O(waiters)). Nothing allocates and nothing recurses. A
 * thread that blocks is only marked blocked: the kernel entry ends in
 * thread_return_to_user(), which picks who runs. Woken threads go through
 * thread_make_runnable() and so into the ready queues. */
#include "kernel/ipc.h"
#include "kernel/arch.h"
#include "kernel/cspace.h"
#include "kernel/message.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"
#include "kernel/printf.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include <ration/ipc_buffer.h>
#include <ration/syscall.h>

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

#define FAULT_WORDS ARRAY_SIZE(((struct tcb *)0)->fault_mr)

#define MSGINFO_CANCELLED RN_MSGINFO(RN_LABEL_IPC_CANCELLED, 0, 0, 0)

/* A FIFO of TCBs, unpacked from an object's words while it is edited. */
struct queue {
	struct tcb *head, *tail;
};

static void queue_append(struct queue *q, struct tcb *t)
{
	t->wait_next = NULL;
	t->wait_prev = q->tail;
	if (q->tail)
		q->tail->wait_next = t;
	else
		q->head = t;
	q->tail = t;
}

static void queue_remove(struct queue *q, struct tcb *t)
{
	if (t->wait_prev)
		t->wait_prev->wait_next = t->wait_next;
	else
		q->head = t->wait_next;
	if (t->wait_next)
		t->wait_next->wait_prev = t->wait_prev;
	else
		q->tail = t->wait_prev;
	t->wait_prev = t->wait_next = NULL;
}

static struct queue unpack_queue(word_t head_state, word_t tail)
{
	return (struct queue){ (struct tcb *)(head_state & ~STATE_MASK), (struct tcb *)tail };
}

static word_t pack_head(const struct queue *q, word_t state)
{
	assert(((word_t)q->head & STATE_MASK) == 0);
	return (word_t)q->head | state;
}

static enum ep_state ep_state(const struct endpoint *ep)
{
	return (enum ep_state)(ep->head_state & STATE_MASK);
}

static struct tcb *ep_head(const struct endpoint *ep)
{
	return (struct tcb *)(ep->head_state & ~STATE_MASK);
}

static inline void ep_append(struct endpoint *ep, struct tcb *t, enum ep_state state)
{
	struct queue q = unpack_queue(ep->head_state, ep->tail);
	queue_append(&q, t);
	ep->head_state = pack_head(&q, state);
	ep->tail = (word_t)q.tail;
}

/* Takes t out; the endpoint goes idle with its last waiter. */
static inline void ep_remove(struct endpoint *ep, struct tcb *t)
{
	struct queue q = unpack_queue(ep->head_state, ep->tail);
	queue_remove(&q, t);
	ep->head_state = q.head ? pack_head(&q, ep_state(ep)) : EP_IDLE;
	ep->tail = (word_t)q.tail;
}

static enum ntfn_state ntfn_state(const struct notification *n)
{
	return (enum ntfn_state)(n->head_state & STATE_MASK);
}

static struct tcb *ntfn_head(const struct notification *n)
{
	return (struct tcb *)(n->head_state & ~STATE_MASK);
}

static void ntfn_append(struct notification *n, struct tcb *t)
{
	struct queue q = unpack_queue(n->head_state, n->tail);
	queue_append(&q, t);
	n->head_state = pack_head(&q, NTFN_WAITING);
	n->tail = (word_t)q.tail;
}

static void ntfn_remove(struct notification *n, struct tcb *t)
{
	struct queue q = unpack_queue(n->head_state, n->tail);
	queue_remove(&q, t);
	n->head_state = q.head ? pack_head(&q, NTFN_WAITING) : NTFN_IDLE;
	n->tail = (word_t)q.tail;
}

static struct endpoint *ep_of(const struct cap *c)
{
	return paddr_to_kptr(cap_paddr(c));
}

static struct notification *ntfn_of(const struct cap *c)
{
	return paddr_to_kptr(cap_paddr(c));
}

static struct reply *reply_of(const struct cap *c)
{
	return paddr_to_kptr(cap_paddr(c));
}

/* ---- thread state changes --------------------------------------------------- */

/* Detaches t from the IPC it waits in (queue, reply object) and leaves it
 * INACTIVE; a thread that is not blocked in IPC is left alone. */
static void detach(struct tcb *t)
{
	switch (t->state) {
	case THREAD_BLOCKED_SEND:
		ep_remove(t->blocked_on, t);
		break;
	case THREAD_BLOCKED_RECV:
		ep_remove(t->blocked_on, t);
		if (t->ipc_reply) {
			t->ipc_reply->receiver = NULL;
			t->ipc_reply = NULL;
		}
		break;
	case THREAD_BLOCKED_NOTIFY:
		ntfn_remove(t->blocked_on, t);
		break;
	case THREAD_BLOCKED_REPLY:
		((struct reply *)t->blocked_on)->caller = NULL;
		break;
	default:
		return;
	}
	t->state = THREAD_INACTIVE;
	t->blocked_on = NULL;
	t->ipc_flags = 0;
}

/* t (detached) continues in user mode with its registers as they are. */
static void wake(struct tcb *t)
{
	t->ipc_flags = 0;
	thread_make_runnable(t);
}

/* t (detached, or running) stops until someone resumes it. */
static void stop(struct tcb *t)
{
	t->ipc_flags = 0;
	thread_suspend(t);
}

/* The IPC t was in cannot complete: it returns with the cancelled label.
 * A fault message has no registers to return into (the thread would
 * resume where it faulted with two of them overwritten), so a thread
 * whose fault IPC is cancelled is suspended instead. */
static void cancel_and_wake(struct tcb *t)
{
	bool fault = t->ipc_flags & IPC_FAULT;
	detach(t);
	if (fault) {
		stop(t);
		return;
	}
	arch_set_badge(&t->ctx, 0);
	arch_set_msg_info(&t->ctx, MSGINFO_CANCELLED);
	wake(t);
}

/* t tried to use a cap it has no right to (or the wrong kind of cap):
 * seL4's cap fault, with the lookup failure "missing capability". */
static void cap_fault(struct tcb *t, word_t cptr)
{
	word_t mr[] = { cptr, RN_LOOKUP_MISSING_CAP, 0 };
	ipc_fault(t, RN_FAULT_CAP, mr, ARRAY_SIZE(mr));
}

/* The answer to a Call on a notification or reply cap, as for a kernel
 * object: success, no words. */
static void reply_empty(struct tcb *t)
{
	arch_set_badge(&t->ctx, 0);
	arch_set_msg_info(&t->ctx, RN_MSGINFO(0, 0, 0, 0));
}

/* ---- message transfer ------------------------------------------------------- */

/* A cap travels as CNode_Copy would copy it (cap_derive, cnode.c); as in
 * seL4, IRQControl never travels. The copy goes in as a derived cap (an
 * untyped's original is then marked full, by cdt_insert_derived). */
static bool derive_for_transfer(struct slot *src, struct cap *out)
{
	struct rn_error_info err;
	return cap_type(&src->cap) != CAP_IRQ_CONTROL && cap_derive(src, out, &err) == RN_OK;
}

/* The empty slot r's IPC buffer names for a received cap, or NULL. */
static struct slot *receive_slot(struct tcb *r, const struct rn_ipc_buffer *rbuf)
{
	struct rn_error_info err;
	struct slot *cnode, *dst;
	if (cspace_lookup_cap(&r->slots[TCB_SLOT_CSPACE].cap, rbuf->receive_cnode, &cnode, &err) !=
	        RN_OK ||
	    cap_type(&cnode->cap) != CAP_CNODE)
		return NULL;
	if (cspace_lookup_slot(&cnode->cap, rbuf->receive_index, rbuf->receive_depth, 0, false,
	                       &dst, &err) != RN_OK)
		return NULL;
	return cap_is_null(&dst->cap) ? dst : NULL;
}

/* Transfers the extra caps s names (seL4's transferCaps). A cap to `ep`
 * itself arrives as its badge (unwrapped); of the others at most one
 * arrives, derived into r's receive slot. Transfer stops at the first cap
 * that cannot arrive. Returns the msginfo bits: caps and unwrapped. */
static word_t transfer_caps(struct tcb *s, const struct rn_ipc_buffer *sbuf, struct tcb *r,
                            struct rn_ipc_buffer *rbuf, word_t ncaps, const struct endpoint *ep)
{
	struct slot *dst = receive_slot(r, rbuf);
	word_t unwrapped = 0, i;
	for (i = 0; i < ncaps; i++) {
		struct rn_error_info err;
		struct slot *src;
		struct cap c;
		if (cspace_lookup_cap(&s->slots[TCB_SLOT_CSPACE].cap, sbuf->caps_or_badges[i], &src,
		                      &err) != RN_OK)
			break;
		if (cap_type(&src->cap) == CAP_ENDPOINT && ep_of(&src->cap) == ep) {
			rbuf->caps_or_badges[i] = cap_badge(&src->cap);
			unwrapped |= BIT(i);
			continue;
		}
		if (!dst || !derive_for_transfer(src, &c))
			break;
		cdt_insert_derived(src, dst, c);
		dst = NULL;
	}
	return RN_MSGINFO(0, unwrapped, i, 0);
}

/* Copies s's message `info` to r, who receives it with `badge`. Caps go
 * along only with `grant`, from a sender and to a receiver that both have
 * an IPC buffer, and only through an endpoint (`ep`). */
static void transfer(struct tcb *s, struct tcb *r, word_t badge, word_t info, bool grant,
                     const struct endpoint *ep)
{
	word_t len = RN_MSGINFO_LENGTH(info), caps = 0, ncaps = RN_MSGINFO_CAPS(info);
	if (len <= RN_MSG_REGISTERS && !(grant && ncaps > 0)) {
		/* The common short message: registers to registers, and the
		 * IPC buffers are not even looked at. */
		for (word_t i = 0; i < len; i++)
			arch_set_mr(&r->ctx, i, arch_get_mr(&s->ctx, i));
	} else {
		struct rn_ipc_buffer *sbuf = tcb_ipc_buffer(s), *rbuf = tcb_ipc_buffer(r);
		len = MIN(len, MIN(tcb_max_message(sbuf), tcb_max_message(rbuf)));
		for (word_t i = 0; i < len; i++)
			tcb_set_mr(r, rbuf, i, tcb_get_mr(s, sbuf, i));
		if (grant && ep && sbuf && rbuf && ncaps > 0)
			caps = transfer_caps(s, sbuf, r, rbuf, MIN(ncaps, (word_t)3), ep);
	}

	arch_set_badge(&r->ctx, badge);
	arch_set_msg_info(&r->ctx, RN_MSGINFO(RN_MSGINFO_LABEL(info), 0, 0, len) | caps);
}

/* A fault message: from the kernel's copy in s's TCB, never from s's
 * registers. */
static void transfer_fault(struct tcb *s, struct tcb *r, word_t badge)
{
	struct rn_ipc_buffer *rbuf = tcb_ipc_buffer(r);
	word_t len = MIN(RN_MSGINFO_LENGTH(s->fault_info), tcb_max_message(rbuf));
	for (word_t i = 0; i < len; i++)
		tcb_set_mr(r, rbuf, i, s->fault_mr[i]);
	arch_set_badge(&r->ctx, badge);
	arch_set_msg_info(&r->ctx, RN_MSGINFO(RN_MSGINFO_LABEL(s->fault_info), 0, 0, len));
}

/* ---- endpoints -------------------------------------------------------------- */

/* The message of sender s (running, or just taken from a send queue, so
 * detached) has reached receiver r, who offered `reply`. r is made
 * runnable; s is made runnable (Send), bound to `reply` (Call, fault), or
 * told the Call cannot be answered. */
static void complete_send(struct tcb *s, struct tcb *r, struct reply *reply, word_t badge,
                          word_t info, word_t flags, struct endpoint *ep)
{
	if (flags & IPC_FAULT)
		transfer_fault(s, r, badge);
	else
		transfer(s, r, badge, info, flags & IPC_GRANT, ep);
	wake(r);

	if (!(flags & (IPC_CALL | IPC_FAULT))) {
		wake(s);
		return;
	}
	if (!reply) {
		/* Nobody can ever answer: the caller learns it at once. */
		s->ipc_flags = flags;
		cancel_and_wake(s);
		return;
	}
	reply->caller = s;
	s->ipc_flags = flags & IPC_FAULT;
	thread_block(s, THREAD_BLOCKED_REPLY, reply);
}

/* Takes the first waiting receiver of ep and its offered reply object. */
static struct tcb *take_receiver(struct endpoint *ep, struct reply **reply)
{
	struct tcb *r = ep_head(ep);
	*reply = r->ipc_reply;
	detach(r); /* complete_send wakes it */
	return r;
}

/* t sends `info` through ep with `badge`. `flags`: IPC_CALL, IPC_GRANT,
 * IPC_FAULT (the message is then t's fault_info/fault_mr). */
static void send_ipc(struct tcb *t, struct endpoint *ep, word_t badge, word_t info, word_t flags,
                     bool blocking)
{
	if (ep_state(ep) == EP_RECV) {
		struct reply *reply;
		struct tcb *r = take_receiver(ep, &reply);
		complete_send(t, r, reply, badge, info, flags, ep);
		return;
	}
	if (!blocking)
		return; /* NBSend with nobody waiting: dropped */
	t->ipc_badge = badge;
	t->ipc_flags = flags;
	thread_block(t, THREAD_BLOCKED_SEND, ep);
	ep_append(ep, t, EP_SEND);
}

/* Gives r its bound notification's pending signal. */
static void complete_signal(struct notification *n, struct tcb *r)
{
	arch_set_badge(&r->ctx, n->word);
	arch_set_msg_info(&r->ctx, 0);
	n->word = 0;
	n->head_state = NTFN_IDLE;
}

/* The reply object t offers in a Recv is t's alone from now on: whoever
 * else holds it (a caller still waiting for an answer, or another
 * receiver) is told its IPC was cancelled. */
static void claim_reply(struct tcb *t, struct reply *reply)
{
	if (reply->caller)
		cancel_and_wake(reply->caller);
	if (reply->receiver && reply->receiver != t)
		cancel_and_wake(reply->receiver);
}

static void recv_ipc(struct tcb *t, struct endpoint *ep, struct reply *reply, bool blocking)
{
	if (reply)
		claim_reply(t, reply);

	struct notification *bound = t->bound_ntfn;
	if (bound && ntfn_state(bound) == NTFN_ACTIVE) {
		complete_signal(bound, t);
		return;
	}

	if (ep_state(ep) == EP_SEND) {
		struct tcb *s = ep_head(ep);
		word_t flags = s->ipc_flags;
		detach(s); /* complete_send wakes it */
		/* A queued sender's message info is still in its registers. */
		complete_send(s, t, reply, s->ipc_badge, arch_get_msg_info(&s->ctx), flags, ep);
		return;
	}
	if (!blocking) {
		arch_set_badge(&t->ctx, 0);
		arch_set_msg_info(&t->ctx, 0);
		return;
	}
	t->ipc_reply = reply;
	if (reply)
		reply->receiver = t;
	thread_block(t, THREAD_BLOCKED_RECV, ep);
	ep_append(ep, t, EP_RECV);
}

/* ---- notifications ---------------------------------------------------------- */

void notification_signal(paddr_t ntfn, word_t badge)
{
	struct notification *n = paddr_to_kptr(ntfn);
	switch (ntfn_state(n)) {
	case NTFN_IDLE: {
		struct tcb *b = n->bound;
		if (b && b->state == THREAD_BLOCKED_RECV) {
			/* Bound and waiting on an endpoint: the signal wakes
			 * it instead of staying pending. */
			detach(b);
			arch_set_badge(&b->ctx, badge);
			arch_set_msg_info(&b->ctx, 0);
			wake(b);
		} else {
			n->word = badge;
			n->head_state = NTFN_ACTIVE;
		}
		break;
	}
	case NTFN_WAITING: {
		struct tcb *w = ntfn_head(n);
		detach(w);
		arch_set_badge(&w->ctx, badge);
		arch_set_msg_info(&w->ctx, 0);
		wake(w);
		break;
	}
	case NTFN_ACTIVE:
		n->word |= badge;
		break;
	}
}

static void wait_signal(struct tcb *t, struct notification *n, bool blocking)
{
	if (ntfn_state(n) == NTFN_ACTIVE) {
		complete_signal(n, t);
		return;
	}
	if (!blocking) {
		arch_set_badge(&t->ctx, 0);
		arch_set_msg_info(&t->ctx, 0);
		return;
	}
	thread_block(t, THREAD_BLOCKED_NOTIFY, n);
	ntfn_append(n, t);
}

bool tcb_bind_notification(struct tcb *t, paddr_t ntfn)
{
	struct notification *n = paddr_to_kptr(ntfn);
	/* As seL4: a notification with waiters cannot be bound, since only
	 * its bound thread may wait on it afterwards. */
	if (t->bound_ntfn || n->bound || ntfn_state(n) == NTFN_WAITING)
		return false;
	t->bound_ntfn = n;
	n->bound = t;
	return true;
}

void tcb_unbind_notification(struct tcb *t)
{
	if (!t->bound_ntfn)
		return;
	t->bound_ntfn->bound = NULL;
	t->bound_ntfn = NULL;
}

/* ---- the system-call operations -------------------------------------------- */

void ipc_send(struct tcb *t, struct slot *s, word_t info, bool blocking, bool call)
{
	const struct cap *c = &s->cap;
	switch (cap_type(c)) {
	case CAP_ENDPOINT: {
		if (!(cap_rights(c) & RN_RIGHT_WRITE)) {
			cap_fault(t, arch_get_cptr(&t->ctx));
			return;
		}
		word_t flags =
		    (call ? IPC_CALL : 0) | ((cap_rights(c) & RN_RIGHT_GRANT) ? IPC_GRANT : 0);
		send_ipc(t, ep_of(c), cap_badge(c), info, flags, blocking || call);
		return;
	}
	case CAP_NOTIFICATION:
		if (!(cap_rights(c) & RN_RIGHT_WRITE)) {
			cap_fault(t, arch_get_cptr(&t->ctx));
			return;
		}
		notification_signal(cap_paddr(c), cap_badge(c));
		if (call)
			reply_empty(t);
		return;
	case CAP_REPLY:
		ipc_reply(t, s, info);
		if (call)
			reply_empty(t);
		return;
	default:
		cap_fault(t, arch_get_cptr(&t->ctx));
		return;
	}
}

void ipc_recv(struct tcb *t, struct slot *s, struct slot *reply, bool blocking)
{
	const struct cap *c = &s->cap;
	if (reply && cap_type(&reply->cap) != CAP_REPLY) {
		cap_fault(t, arch_get_reply_cptr(&t->ctx));
		return;
	}
	switch (cap_type(c)) {
	case CAP_ENDPOINT:
		if (!(cap_rights(c) & RN_RIGHT_READ))
			break;
		recv_ipc(t, ep_of(c), reply ? reply_of(&reply->cap) : NULL, blocking);
		return;
	case CAP_NOTIFICATION: {
		struct notification *n = ntfn_of(c);
		/* Only its bound thread (if any) may wait on a notification. */
		if (!(cap_rights(c) & RN_RIGHT_READ) || (n->bound && n->bound != t))
			break;
		wait_signal(t, n, blocking);
		return;
	}
	default:
		break;
	}
	cap_fault(t, arch_get_cptr(&t->ctx));
}

void ipc_reply(struct tcb *t, struct slot *reply, word_t info)
{
	if (cap_type(&reply->cap) != CAP_REPLY)
		return;
	struct reply *r = reply_of(&reply->cap);
	struct tcb *caller = r->caller;
	if (!caller)
		return;
	bool fault = caller->ipc_flags & IPC_FAULT;
	detach(caller);
	if (!fault) {
		/* No caps travel in a reply (docs/ipc.md). */
		transfer(t, caller, 0, info, false, NULL);
		wake(caller);
	} else if (RN_MSGINFO_LABEL(info) == 0) {
		wake(caller); /* restarts where it faulted */
	} else {
		stop(caller);
	}
}

void ipc_fault(struct tcb *t, word_t label, const word_t *mr, word_t n)
{
	const struct cap *fep = &t->slots[TCB_SLOT_FAULT_EP].cap;
	if (cap_type(fep) != CAP_ENDPOINT || !(cap_rights(fep) & RN_RIGHT_WRITE)) {
		pr_warn("thread %p (%s): fault %lu (mr0 %#lx, mr1 %#lx), no fault endpoint: "
		        "suspended\n",
		        (void *)t, t->name[0] ? t->name : "?", label, n > 0 ? mr[0] : 0,
		        n > 1 ? mr[1] : 0);
		thread_suspend(t);
		return;
	}
	n = MIN(n, (word_t)FAULT_WORDS);
	for (word_t i = 0; i < n; i++)
		t->fault_mr[i] = mr[i];
	t->fault_info = RN_MSGINFO(label, 0, 0, n);
	send_ipc(t, ep_of(fep), cap_badge(fep), 0, IPC_FAULT, true);
}

/* ---- fastpath ------------------------------------------------------------------
 *
 * The two calls of every client/server exchange, Call and ReplyRecv, in
 * their common case: a short message (registers only, no caps), a partner
 * already waiting, and that partner the one to run next. Then the partner
 * is handed the CPU directly, without the ready queues (the caller switches
 * to the returned thread). Each function first checks every condition and
 * returns NULL, having changed nothing, if one fails; the general path
 * (ipc_send, ipc_reply + ipc_recv) then does the work. When it succeeds,
 * the state is exactly what the general path would leave.
 *
 * The cap pointers and the message info come as the thread's registers
 * still hold them at the ecall (struct fast_args), not from its saved
 * context: trapvec.S enters the target's entries with them in place. The
 * message words are read from the saved context: held in registers too,
 * they leave GCC too few for the rest, and it saves one on the stack,
 * which the fastpath must never touch (see fastpath_leave). */

/* A system call's arguments by role (<ration/registers.h>). */
struct fast_args {
	word_t cptr, info, reply;
};

/* Whether info is a short message the fastpath can pass on unchanged: at
 * most RN_MSG_REGISTERS words, no caps, no unwrapped bits (which a sender
 * may set but never sends: the general path clears them). The low 12 bits
 * are the length, the caps and the unwrapped field, so they are then the
 * length itself, returned in *len. */
static inline __attribute__((always_inline)) bool short_message(word_t info, word_t *len)
{
	compile_assert(msginfo_low_fields, RN_MSGINFO(1, 0, 0, 0) == BIT(12));
	*len = info << 52 >> 52;
	return *len <= RN_MSG_REGISTERS;
}

/* transfer() for a short message whose info needs no change (above), but
 * for the badge and the info: the receiver's a0 and a1, which the caller
 * hands to the way out (struct fast_result). Registers to registers, nested
 * tests: only the words of the length are written, each with one test. */
static inline __attribute__((always_inline)) void transfer_short(const struct tcb *s, struct tcb *r,
                                                                 word_t len)
{
	compile_assert(four_message_registers, RN_MSG_REGISTERS == 4);
	if (len > 0) {
		arch_set_mr(&r->ctx, 0, arch_get_mr(&s->ctx, 0));
		if (len > 1) {
			arch_set_mr(&r->ctx, 1, arch_get_mr(&s->ctx, 1));
			if (len > 2) {
				arch_set_mr(&r->ctx, 2, arch_get_mr(&s->ctx, 2));
				if (len > 3)
					arch_set_mr(&r->ctx, 3, arch_get_mr(&s->ctx, 3));
			}
		}
	}
}

/* What a fastpath that acts leaves for the way out: the partner to switch
 * to, and its badge register and message info, which the general path
 * would have written into its saved registers (arch_set_badge,
 * arch_set_msg_info) and the way out puts straight into its registers
 * (restore_ipc_context, trapvec.S). The info is the sender's as it came:
 * RN_MSGINFO(label, 0, 0, len) for a short message. */
struct fast_result {
	struct tcb *next; /* NULL: refused, nothing done */
	word_t badge, info;
};

/* The woken partner would run next on the general path too (sched.h), and
 * it has an address space: the one it last ran in, still usable (its
 * VSpace cache holds, thread.h; if not, the general path checks it, loads
 * it and fills the cache again). */
static inline __attribute__((always_inline)) bool can_run_next(struct tcb *p)
{
	return sched_woken_runs_next(p) && thread_vspace_cached(p);
}

/* Thread fields the fastpath does not store because they already hold
 * what the general path would write (each is restored wherever it
 * changes; the invariant checker of test kernels checks them):
 * - ipc_flags is 0 unless the thread is BLOCKED_SEND or BLOCKED_REPLY
 *   (send_ipc and complete_send set it; detach and wake clear it), so a
 *   running caller's and a receiver's are 0 already;
 * - wait_next and wait_prev are NULL while the thread is in no queue
 *   (queue_remove and ep_remove_first_receiver clear them), so a running
 *   thread's are. */

/* ep_remove(ep, r) for r at the head of a queue of receivers, whose
 * wait_prev is therefore NULL already: the same result, fewer loads and
 * branches, and no store of r's wait_next where it is NULL already (r was
 * the last). */
static inline __attribute__((always_inline)) void ep_remove_first_receiver(struct endpoint *ep,
                                                                           struct tcb *r)
{
	struct tcb *next = r->wait_next;
	assert(ep_state(ep) == EP_RECV && ep_head(ep) == r && !r->wait_prev);
	if (next) {
		next->wait_prev = NULL;
		ep->head_state = (word_t)next | EP_RECV;
		r->wait_next = NULL;
	} else {
		ep->head_state = EP_IDLE;
		ep->tail = 0;
	}
}

static inline __attribute__((always_inline)) struct fast_result fast_call(struct tcb *t,
                                                                          const struct fast_args *a)
{
	const struct fast_result refused = { NULL, 0, 0 };
	struct slot *s;
	word_t len;
	if (!thread_cspace_cached(t) || !thread_cspace_slot(t, a->cptr, &s) ||
	    !cap_has_type_rights(&s->cap, CAP_ENDPOINT, RN_RIGHT_WRITE) ||
	    !short_message(a->info, &len))
		return refused;
	struct endpoint *ep = ep_of(&s->cap);
	if (ep_state(ep) != EP_RECV)
		return refused;
	struct tcb *r = ep_head(ep);
	struct reply *reply = r->ipc_reply;
	if (!reply || !can_run_next(r))
		return refused;
	assert(!r->ipc_flags && !t->ipc_flags && !r->wait_prev);

	/* detach(r): out of the endpoint's queue, its reply object taken. */
	ep_remove_first_receiver(ep, r);
	reply->receiver = NULL;
	r->ipc_reply = NULL;
	transfer_short(t, r, len);
	/* wake(r), but not queued: the caller switches to it. */
	r->state = THREAD_RUNNABLE;
	r->blocked_on = NULL;
	/* complete_send for a Call; thread_block(t, ...): t is running, so
	 * in no queue. */
	reply->caller = t;
	t->state = THREAD_BLOCKED_REPLY;
	t->blocked_on = reply;
	return (struct fast_result){ r, cap_badge(&s->cap), a->info };
}

static inline __attribute__((always_inline)) struct fast_result
fast_reply_recv(struct tcb *t, const struct fast_args *a)
{
	const struct fast_result refused = { NULL, 0, 0 };
	struct slot *s, *reply_slot;
	word_t len;
	if (!thread_cspace_cached(t) || !thread_cspace_slot(t, a->cptr, &s) ||
	    !thread_cspace_slot(t, a->reply, &reply_slot) ||
	    !cap_has_type_rights(&s->cap, CAP_ENDPOINT, RN_RIGHT_READ) ||
	    cap_type(&reply_slot->cap) != CAP_REPLY || !short_message(a->info, &len))
		return refused;
	struct endpoint *ep = ep_of(&s->cap);
	struct reply *reply = reply_of(&reply_slot->cap);
	struct tcb *c = reply->caller;
	struct notification *bound = t->bound_ntfn;
	/* A caller waits for its reply with ipc_flags IPC_FAULT or 0 (the
	 * two places that make a thread BLOCKED_REPLY set nothing else):
	 * refusing a fault caller leaves flags that need no clearing. */
	if (!c || c->ipc_flags || ep_state(ep) == EP_SEND ||
	    (bound && ntfn_state(bound) == NTFN_ACTIVE) || !can_run_next(c))
		return refused;
	assert(!t->wait_next && !t->wait_prev);

	/* The reply, as ipc_reply does it for a non-fault caller (detach(c)
	 * of a caller is just unbinding; wake(c) clears ipc_flags, 0 here
	 * already) ... */
	reply->caller = NULL;
	transfer_short(t, c, len);
	c->state = THREAD_RUNNABLE;
	c->blocked_on = NULL;
	/* ... and the receive, as recv_ipc does it with nobody sending (the
	 * reply object is free now: claim_reply has nothing to cancel). t is
	 * running, so in no ready queue, and its links are NULL: ep_append
	 * without the stores of a NULL link. */
	t->ipc_reply = reply;
	reply->receiver = t;
	t->state = THREAD_BLOCKED_RECV;
	t->blocked_on = ep;
	if (ep_state(ep) == EP_RECV) {
		struct tcb *tail = (struct tcb *)ep->tail;
		t->wait_prev = tail;
		tail->wait_next = t;
	} else {
		ep->head_state = (word_t)t | EP_RECV;
	}
	ep->tail = (word_t)t;
	return (struct fast_result){ c, 0, a->info };
}

#ifdef RATION_HOST
/* The host tests' entries: the arguments from the saved registers, and
 * where the target's would leave. */
static struct fast_args args_of(const struct user_context *ctx)
{
	return (struct fast_args){ arch_get_cptr(ctx), arch_get_msg_info(ctx),
		                   arch_get_reply_cptr(ctx) };
}

/* Where the target's way out would leave, with the partner's badge and
 * info written as restore_ipc_context loads them. */
static struct user_context *switched_to(struct fast_result f)
{
	if (!f.next)
		return NULL;
	thread_switch_to(f.next);
	arch_set_badge(&f.next->ctx, f.badge);
	arch_set_msg_info(&f.next->ctx, f.info);
	return &f.next->ctx;
}

struct user_context *ipc_fastpath_try_call(struct user_context *ctx)
{
	assert(tcb_of_context(ctx) == sched_current());
	struct fast_args a = args_of(ctx);
	return switched_to(fast_call(tcb_of_context(ctx), &a));
}

struct user_context *ipc_fastpath_try_reply_recv(struct user_context *ctx)
{
	assert(tcb_of_context(ctx) == sched_current());
	struct fast_args a = args_of(ctx);
	return switched_to(fast_reply_recv(tcb_of_context(ctx), &a));
}
#else
/* The ways out, in trapvec.S, named without _Noreturn: GCC never turns a
 * call to a _Noreturn function into a jump (it keeps the caller's frame
 * for backtraces), and with jumps the entries need no frame. In release
 * kernels the fastpath runs on the user's sp (trapvec.S sets the kernel's
 * only for the general path and in debug kernels, whose asserts and frame
 * pointers need it), so it must never touch the stack: every way out is a
 * jump, the two that run C first (the general path, the FPU switch) set
 * sp, and the message words are not kept in registers (fast_args). Boot
 * checks the compiled code (check_fastpath_text, arch/riscv/trap.c). */
void fastpath_exit(word_t badge, word_t info, struct user_context *next)
    __asm__("restore_ipc_context");
void fastpath_refuse(struct user_context *ctx);
void fastpath_exit_fpu(struct tcb *next);

/* Leaves straight for user level in f.next, or (refused) takes the
 * general path. */
static inline __attribute__((always_inline)) void fastpath_leave(struct user_context *ctx,
                                                                 struct fast_result f)
{
	struct tcb *next = f.next;
	if (!next) {
		fastpath_refuse(ctx);
		return;
	}
	thread_switch_to(next);
#ifdef CONFIG_KERNEL_INVARIANTS
	syscall_fastpath_check(); /* every system call ends with it */
#endif
	if (arch_fpu_switch_needed(next)) {
		/* The general way out loads every register from next's. */
		arch_set_badge(&next->ctx, f.badge);
		arch_set_msg_info(&next->ctx, f.info);
		fastpath_exit_fpu(next);
	} else {
		fastpath_exit(f.badge, f.info, &next->ctx);
	}
}

/* Beside trapvec.S's entry (kernel.ld), which branches here directly; in
 * a section of their own, which release kernels check at boot for any use
 * of the stack pointer (check_fastpath_text, arch/riscv/trap.c). */
#define FASTPATH_ENTRY __attribute__((section(".text.fastpath")))

FASTPATH_ENTRY void ipc_fastpath_call(word_t cptr, word_t info, word_t mr0, word_t mr1, word_t mr2, word_t mr3,
                       word_t reply, struct user_context *ctx)
{
	struct fast_args a = { cptr, info, reply };
	assert(tcb_of_context(ctx) == sched_current());
	fastpath_leave(ctx, fast_call(tcb_of_context(ctx), &a));
}

FASTPATH_ENTRY void ipc_fastpath_reply_recv(word_t cptr, word_t info, word_t mr0, word_t mr1,
                                            word_t mr2, word_t mr3, word_t reply,
                                            struct user_context *ctx)
{
	struct fast_args a = { cptr, info, reply };
	assert(tcb_of_context(ctx) == sched_current());
	fastpath_leave(ctx, fast_reply_recv(tcb_of_context(ctx), &a));
}
#endif

/* ---- cancellation and finalisation ------------------------------------------ */

void ipc_cancel(struct tcb *t)
{
	detach(t);
}

void endpoint_finalise(paddr_t ep)
{
	struct endpoint *e = paddr_to_kptr(ep);
	struct tcb *t;
	while ((t = ep_head(e)))
		cancel_and_wake(t);
}

void notification_finalise(paddr_t ntfn)
{
	struct notification *n = paddr_to_kptr(ntfn);
	struct tcb *t;
	while ((t = ntfn_head(n)))
		cancel_and_wake(t);
	if (n->bound)
		tcb_unbind_notification(n->bound);
}

void reply_finalise(paddr_t reply)
{
	struct reply *r = paddr_to_kptr(reply);
	if (r->caller)
		cancel_and_wake(r->caller);
	if (r->receiver)
		cancel_and_wake(r->receiver);
}
