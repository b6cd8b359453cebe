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
#include "kernel/ipc_objects.h"
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
