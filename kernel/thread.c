/* Threads: the scheduling decision, state changes and TCB invocations. */
#include "kernel/thread.h"
#include "kernel/arch.h"
#include "kernel/cspace.h"
#include "kernel/delete.h"
#include "kernel/error.h"
#include "kernel/ipc.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include <ration/ipc_buffer.h>

void thread_make_runnable(struct tcb *t)
{
	t->state = THREAD_RUNNABLE;
	t->blocked_on = NULL;
	if (t != sched_current() && !t->queued)
		sched_wake(t);
}

void thread_block(struct tcb *t, enum thread_state state, void *on)
{
	sched_dequeue(t);
	t->state = (uint8_t)state;
	t->blocked_on = on;
}

void thread_suspend(struct tcb *t)
{
	ipc_cancel(t);
	sched_dequeue(t);
	t->state = THREAD_INACTIVE;
	t->blocked_on = NULL;
}

void thread_yield(void)
{
	struct tcb *t = sched_current();
	if (t)
		sched_entity_of(t)->slice_left = 0;
}

void thread_tick(void)
{
	struct cpu *c = this_cpu();
	struct tcb *t = c->current, *p = c->payer;
	if (!t)
		return;
	/* A server running for the thread whose Call it is answering charges
	 * that thread's turn (a poor man's MCS scheduling context): else a
	 * fork bomb's turn would last as long as the server's work for it. */
	bool served = p && p != t && p->state == THREAD_BLOCKED_REPLY && p->priority < t->priority;
	if (t == c->biller) { /* it said whom it works for (TCB_Bill) */
		p = c->billed;
		served = true;
	}
	if (served) {
		p->ticks_served++;
		t = p;
	} else {
		t->ticks_own++;
	}
	struct sched_entity *e = sched_entity_of(t); /* its group's turn, if grouped */
	if (e->slice_left > 0)
		e->slice_left--;
	else if (served && e->debt < SCHED_DEBT_MAX)
		e->debt++; /* the server works on past its turn: it owes that (sched.h) */
}

/* Who pays for the ticks (thread_tick): the thread chosen to run, unless
 * the payer waits for the answer to a Call and this one runs above it: a
 * server, working for the payer, whose own invocations pass through here. */
static void note_payer(struct tcb *next)
{
	struct cpu *c = this_cpu();
	struct tcb *p = c->payer;
	if (!p || p->state != THREAD_BLOCKED_REPLY || next->priority <= p->priority)
		c->payer = next;
}

/* The running thread keeps the CPU while it is runnable, its entity (it,
 * or its group) has slice left and nobody of higher priority waits.
 * Otherwise it goes back to its queue (the tail when the turn is used up,
 * so equal priorities take turns; the slice is refilled when the entity's
 * next turn starts) and the next thread runs (sched_take_highest). */
static struct tcb *choose_thread(void)
{
	struct tcb *cur = sched_current();
	if (cur && cur->state == THREAD_RUNNABLE && !cur->queued) {
		uint32_t left = sched_entity_of(cur)->slice_left;
		if (left > 0 && (int)cur->priority >= sched_highest_priority()) {
			note_payer(cur);
			return cur;
		}
		if (left == 0)
			sched_enqueue_expired(cur);
		else
			sched_enqueue_head(cur); /* preempted: keeps its place */
	}
	struct tcb *next = sched_take_highest();
	if (next)
		note_payer(next);
	return next;
}

#ifdef CONFIG_KERNEL_INVARIANTS
void thread_check_vspace_cache(const struct tcb *t)
{
	const struct cap *vs = &t->slots[TCB_SLOT_VSPACE].cap;
	if (thread_vspace_cached(t) &&
	    (!arch_vspace_usable(vs) || t->vspace.root != arch_vspace_root(vs)))
		panic("thread %p (%s): its VSpace cache holds, but the VSpace changed", (void *)t,
		      t->name);
}

void thread_check_running(const struct tcb *t)
{
	if (t->ipc_flags || t->wait_prev || t->wait_next)
		panic("thread %p (%s) runs with IPC flags %#lx or wait links %p %p: the "
		      "fastpath counts on none",
		      (void *)t, t->name, t->ipc_flags, (void *)t->wait_prev, (void *)t->wait_next);
}

void thread_check_cspace_cache(const struct tcb *t)
{
	struct cspace_cache d;
	cspace_cache_fill(&d, &t->slots[TCB_SLOT_CSPACE].cap);
	if (thread_cspace_cached(t) && (t->cspace.base != d.base || t->cspace.shift != d.shift ||
	                                t->cspace.guard != d.guard || t->cspace.slots != d.slots))
		panic("thread %p (%s): its CSpace cache matches, but is not its root's decoding",
		      (void *)t, t->name);
}
#endif

void thread_return_to_user(void)
{
	for (;;) {
		struct tcb *next = choose_thread();
		sched_set_current(next);
		if (!next)
			arch_idle();
		/* Its address space: as it last ran (the cache holds, so it
		 * is still usable: thread.h), or checked and remembered. */
		if (!thread_vspace_cached(next)) {
			if (!arch_vspace_usable(&next->slots[TCB_SLOT_VSPACE].cap)) {
				/* Its address space went (deleted, or its ASID
				 * pool) while it was runnable: it stops. */
				pr_warn("thread %p (%s) stopped: no address space\n", (void *)next,
				        next->name[0] ? next->name : "?");
				thread_suspend(next);
				sched_set_current(NULL);
				continue;
			}
			thread_cache_vspace(next);
		}
#ifdef CONFIG_KERNEL_INVARIANTS
		thread_check_vspace_cache(next);
		thread_check_cspace_cache(next);
		thread_check_running(next);
#endif
		arch_load_vspace_root(next->vspace.root);
		arch_fpu_switch(next);
		restore_user_context(&next->ctx);
	}
}

void tcb_finalise(struct tcb *t)
{
	thread_suspend(t);
	sched_set_group(t, NULL);
	struct cpu *c = this_cpu();
	if (c->payer == t)
		c->payer = NULL;
	if (c->biller == t || c->billed == t)
		c->biller = c->billed = NULL;
	tcb_unbind_notification(t); /* a suspended thread stays bound; a dead one not */
	arch_fpu_forget(t);
	if (sched_current() == t)
		sched_set_current(NULL);
}

/* ---- invocations ---------------------------------------------------------- */

/* Puts a copy of `src`'s cap into the TCB slot `dst`, replacing what was
 * there. Decode has checked that the old cap is not the last one to its
 * object, so deleting it finalises nothing. */
static void install_cap(struct slot *dst, struct slot *src)
{
	struct cap c;
	struct rn_error_info err;
	/* As CNode_Copy derives it (a frame's copy unmapped); decode has
	 * checked the types, so the derivation cannot be refused. */
	if (cap_derive(src, &c, &err) != RN_OK)
		panic("TCB configure: cap type %d not derivable", (int)cap_type(&src->cap));
	cap_delete(dst);
	cdt_insert_derived(src, dst, c);
}

/* A TCB slot may only be overwritten when that cannot destroy an object:
 * the delete inside Configure must not run finalisation under our feet. */
static bool slot_replaceable(const struct slot *s)
{
	return cap_is_null(&s->cap) || !cdt_is_final(s);
}

static int decode_configure(struct tcb *t, const struct inv_msg *msg, struct rn_error_info *err)
{
	if (msg->len < 1 || msg->n_extra < 2)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	struct slot *cspace = msg->extra[0], *vspace = msg->extra[1];
	struct slot *buffer = msg->n_extra > 2 ? msg->extra[2] : NULL;
	word_t buffer_vaddr = msg->mr[0];

	if (cap_type(&cspace->cap) != CAP_CNODE)
		return err_invalid_capability(err, 1);
	if (!arch_vspace_usable(&vspace->cap))
		return err_invalid_capability(err, 2);
	if (buffer) {
		if (cap_type(&buffer->cap) != CAP_FRAME || cap_frame_device(&buffer->cap))
			return err_invalid_capability(err, 3);
		if (!IS_ALIGNED(buffer_vaddr, BIT(RN_IPC_BUFFER_ALIGN_BITS)))
			return err_set(err, RN_ALIGNMENT_ERROR);
		/* The kernel reaches the buffer through the frame, but the
		 * address the thread is told must be one it can use. */
		if (buffer_vaddr >= ARCH_USER_TOP)
			return err_invalid_argument(err, 0);
	}
	for (int i = 0; i < 3; i++) {
		if (!slot_replaceable(&t->slots[i]))
			return err_set(err, RN_DELETE_FIRST);
	}

	install_cap(&t->slots[TCB_SLOT_CSPACE], cspace);
	thread_cache_cspace(t); /* the only way a root goes in: thread.h */
	install_cap(&t->slots[TCB_SLOT_VSPACE], vspace);
	if (buffer) {
		install_cap(&t->slots[TCB_SLOT_IPC_BUFFER], buffer);
		t->ipc_buffer = buffer_vaddr;
	} else {
		cap_delete(&t->slots[TCB_SLOT_IPC_BUFFER]);
		t->ipc_buffer = 0;
	}
	return RN_OK;
}

static int decode_set_fault_ep(struct tcb *t, const struct inv_msg *msg, struct rn_error_info *err)
{
	struct slot *ep = msg->n_extra > 0 ? msg->extra[0] : NULL;
	if (ep && (cap_type(&ep->cap) != CAP_ENDPOINT || !(cap_rights(&ep->cap) & RN_RIGHT_WRITE)))
		return err_invalid_capability(err, 1);
	if (!slot_replaceable(&t->slots[TCB_SLOT_FAULT_EP]))
		return err_set(err, RN_DELETE_FIRST);
	if (ep)
		install_cap(&t->slots[TCB_SLOT_FAULT_EP], ep);
	else
		cap_delete(&t->slots[TCB_SLOT_FAULT_EP]);
	return RN_OK;
}

static int decode_set_priority(struct tcb *t, const struct inv_msg *msg, struct rn_error_info *err)
{
	if (msg->len < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	/* Nobody can raise a thread above their own priority (seL4's MCP,
	 * with the invoking thread as the authority). */
	struct tcb *self = sched_current();
	word_t max = self ? self->priority : SCHED_PRIORITIES - 1;
	if (msg->mr[0] > max)
		return err_range(err, 0, 0, max);
	if (t->group && t->priority != msg->mr[0])
		return err_set(err, RN_ILLEGAL_OPERATION); /* a group has one priority */
	bool was_queued = t->queued;
	sched_dequeue(t);
	t->priority = (uint8_t)msg->mr[0];
	if (was_queued)
		sched_enqueue(t);
	return RN_OK;
}

static int decode_set_group(struct tcb *t, const struct inv_msg *msg, struct rn_error_info *err)
{
	struct sched_group *g = NULL;
	if (msg->n_extra > 0) {
		const struct cap *gc = &msg->extra[0]->cap;
		if (cap_type(gc) != CAP_SCHED_GROUP)
			return err_invalid_capability(err, 1);
		g = paddr_to_kptr(cap_paddr(gc));
		/* One priority per tree of groups: it is the priority of
		 * every thread in it, so the queues need no other. */
		if (t->group != g && !sched_group_priority_ok(g, t->priority))
			return err_set(err, RN_ILLEGAL_OPERATION);
	}
	sched_set_group(t, g);
	return RN_OK;
}

static int decode_read_registers(struct tcb *t, const struct inv_msg *msg, struct inv_reply *reply,
                                 struct rn_error_info *err)
{
	if (msg->len < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	word_t count = msg->mr[0];
	if (count < 1 || count > RN_TCB_REGISTERS)
		return err_range(err, 0, 1, RN_TCB_REGISTERS);
	for (word_t i = 0; i < count; i++)
		reply->mr[i] = arch_get_register(&t->ctx, i);
	reply->len = count;
	return RN_OK;
}

static int decode_write_registers(struct tcb *t, const struct inv_msg *msg,
                                  struct rn_error_info *err)
{
	if (msg->len < 2)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	word_t flags = msg->mr[0], count = msg->mr[1];
	bool resume = flags & RN_TCB_WRITE_RESUME;
	if (flags & ~(word_t)(RN_TCB_WRITE_RESUME | RN_TCB_WRITE_FP_RESET))
		return err_range(err, 0, 0, RN_TCB_WRITE_RESUME | RN_TCB_WRITE_FP_RESET);
	if (count < 1 || count > RN_TCB_REGISTERS)
		return err_range(err, 1, 1, RN_TCB_REGISTERS);
	if (msg->len < 2 + count)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	if (resume && !arch_vspace_usable(&t->slots[TCB_SLOT_VSPACE].cap))
		return err_set(err, RN_ILLEGAL_OPERATION);
	for (word_t i = 0; i < count; i++)
		arch_set_register(&t->ctx, i, msg->mr[2 + i]);
	if (flags & RN_TCB_WRITE_FP_RESET) {
		/* Its registers in the FPU, if there, are forgotten: its next
		 * FP instruction loads the zeros. */
		arch_fpu_forget(t);
		memset(&t->fpu, 0, sizeof(t->fpu));
	}
	if (resume && t->state == THREAD_INACTIVE)
		thread_make_runnable(t);
	return RN_OK;
}

static int decode_copy_registers(struct tcb *t, const struct inv_msg *msg,
                                 struct rn_error_info *err)
{
	if (msg->len < 2 || msg->n_extra < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	if (cap_type(&msg->extra[0]->cap) != CAP_TCB)
		return err_invalid_capability(err, 1);
	struct tcb *src = tcb_from_cap(&msg->extra[0]->cap);
	bool suspend_source = msg->mr[0], resume_target = msg->mr[1];
	if (resume_target && !arch_vspace_usable(&t->slots[TCB_SLOT_VSPACE].cap))
		return err_set(err, RN_ILLEGAL_OPERATION);
	if (suspend_source)
		thread_suspend(src);
	if (src != t)
		t->ctx = src->ctx;
	if (resume_target && t->state == THREAD_INACTIVE)
		thread_make_runnable(t);
	return RN_OK;
}

int decode_sched_group_invocation(struct slot *group_slot, const struct inv_msg *msg,
                                  struct inv_reply *reply, struct rn_error_info *err)
{
	struct sched_group *g = paddr_to_kptr(cap_paddr(&group_slot->cap));
	reply->len = 0;
	if (msg->label != RN_SCHED_GROUP_SET_PARENT)
		return err_set(err, RN_ILLEGAL_OPERATION);
	struct sched_group *parent = NULL;
	if (msg->n_extra > 0) {
		const struct cap *pc = &msg->extra[0]->cap;
		if (cap_type(pc) != CAP_SCHED_GROUP)
			return err_invalid_capability(err, 1);
		parent = paddr_to_kptr(cap_paddr(pc));
	}
	int e = sched_group_set_parent(g, parent);
	return e ? err_set(err, e) : RN_OK;
}

int decode_tcb_invocation(struct slot *tcb_slot, const struct inv_msg *msg, struct inv_reply *reply,
                          struct rn_error_info *err)
{
	struct tcb *t = tcb_from_cap(&tcb_slot->cap);
	reply->len = 0;
	switch (msg->label) {
	case RN_TCB_CONFIGURE:
		return decode_configure(t, msg, err);
	case RN_TCB_SET_FAULT_EP:
		return decode_set_fault_ep(t, msg, err);
	case RN_TCB_SET_PRIORITY:
		return decode_set_priority(t, msg, err);
	case RN_TCB_READ_REGISTERS:
		return decode_read_registers(t, msg, reply, err);
	case RN_TCB_WRITE_REGISTERS:
		return decode_write_registers(t, msg, err);
	case RN_TCB_COPY_REGISTERS:
		return decode_copy_registers(t, msg, err);
	case RN_TCB_RESUME:
		if (!arch_vspace_usable(&t->slots[TCB_SLOT_VSPACE].cap))
			return err_set(err, RN_ILLEGAL_OPERATION);
		if (t->state == THREAD_INACTIVE)
			thread_make_runnable(t);
		return RN_OK;
	case RN_TCB_SUSPEND:
		thread_suspend(t);
		return RN_OK;
	case RN_TCB_BIND_NOTIFICATION: {
		if (msg->n_extra < 1)
			return err_set(err, RN_TRUNCATED_MESSAGE);
		const struct cap *n = &msg->extra[0]->cap;
		if (cap_type(n) != CAP_NOTIFICATION || !(cap_rights(n) & RN_RIGHT_READ))
			return err_invalid_capability(err, 1);
		if (!tcb_bind_notification(t, cap_paddr(n)))
			return err_set(err, RN_ILLEGAL_OPERATION);
		return RN_OK;
	}
	case RN_TCB_SET_GROUP:
		return decode_set_group(t, msg, err);
	case RN_TCB_GET_TIMES:
		reply->len = 2;
		reply->mr[0] = t->ticks_own * CONFIG_TIMER_TICK_US;
		reply->mr[1] = t->ticks_served * CONFIG_TIMER_TICK_US;
		return RN_OK;
	case RN_TCB_BILL: {
		struct cpu *c = this_cpu();
		struct tcb *self = sched_current();
		c->biller = t == self ? NULL : self;
		c->billed = t == self ? NULL : t;
		return RN_OK;
	}
	case RN_TCB_UNBIND_NOTIFICATION:
		if (!t->bound_ntfn)
			return err_set(err, RN_ILLEGAL_OPERATION);
		tcb_unbind_notification(t);
		return RN_OK;
	default:
		return err_set(err, RN_ILLEGAL_OPERATION);
	}
}
