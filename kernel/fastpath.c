/* The IPC fastpath: Call and ReplyRecv in their common case, entered
 * straight from the trap vector (arch/riscv/trapvec.S). The rules it
 * keeps, and the general path (ipc.c) it must equal, are in
 * docs/threads.md ("Registers and the fastpath").
 *
 * Built with the callee-saved registers s1..s11 as scratch
 * (-fcall-used-*, Makefile): the entries never return, the trap vector
 * saved the thread's s-registers already and the way out loads the next
 * thread's, so the compiler may use them without saving them; it then has
 * registers enough to keep the message words where the ecall left them
 * and never needs the stack (release kernels run this on the user's sp). */
#include "kernel/ipc.h"
#include "kernel/arch.h"
#include "kernel/ipc_objects.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include <ration/syscall.h>

/* The two calls of every client/server exchange, Call and ReplyRecv, in
 * their common case: a short message (registers only, no caps), a partner
 * already waiting, and that partner the one to run next. Then the partner
 * is handed the CPU directly, without the ready queues (the caller switches
 * to the returned thread). Each function first checks every condition and
 * returns NULL, having changed nothing, if one fails; the general path
 * (ipc_send, ipc_reply + ipc_recv) then does the work. When it succeeds,
 * the state is exactly what the general path would leave, but for the
 * caller's saved message words, which nobody reads: a thread's words past
 * what it receives are undefined (<ration/syscall.h>).
 *
 * The cap pointers, the message info and the message words come as the
 * thread's registers still hold them at the ecall (struct fast_args), not
 * from its saved context: trapvec.S enters the target's entries with them
 * in place and does not store the message words (a refusal does, on its
 * way to the general path: fastpath_leave). */

/* A system call's arguments by role (<ration/registers.h>). */
struct fast_args {
	word_t cptr, info, reply;
	word_t mr[RN_MSG_REGISTERS];
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
 * hands to the way out (struct fast_result). From the sender's registers
 * (fast_args) to the receiver's saved ones, nested tests: only the words
 * of the length are written, each with one test. */
static inline __attribute__((always_inline)) void transfer_short(const struct fast_args *a,
                                                                 struct tcb *r, word_t len)
{
	compile_assert(four_message_registers, RN_MSG_REGISTERS == 4);
	if (len > 0) {
		arch_set_mr(&r->ctx, 0, a->mr[0]);
		if (len > 1) {
			arch_set_mr(&r->ctx, 1, a->mr[1]);
			if (len > 2) {
				arch_set_mr(&r->ctx, 2, a->mr[2]);
				if (len > 3)
					arch_set_mr(&r->ctx, 3, a->mr[3]);
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
	/* The usual case first, nothing else ready (no held thread, no
	 * queue): two loads, without p's priority. */
	const struct cpu *c = this_cpu();
	bool alone = !c->candidate && !c->ready_words;
	return (__builtin_expect(alone, 1) || sched_woken_runs_next(p)) && thread_vspace_cached(p);
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
	if (__builtin_expect(next != NULL, 0)) {
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
	if (!ep_state_is(ep, EP_RECV))
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
	transfer_short(a, r, len);
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
	/* Usually nobody else waits on ep: one test of the word for both
	 * questions below (senders: refuse; receivers: queue behind them). */
	bool idle = __builtin_expect(ep_idle(ep), 1);
	if (!c || c->ipc_flags || (!idle && ep_state_is(ep, EP_SEND)) ||
	    (bound && ntfn_state(bound) == NTFN_ACTIVE) || !can_run_next(c))
		return refused;
	assert(!t->wait_next && !t->wait_prev);

	/* The reply, as ipc_reply does it for a non-fault caller (detach(c)
	 * of a caller is just unbinding; wake(c) clears ipc_flags, 0 here
	 * already) ... */
	reply->caller = NULL;
	transfer_short(a, c, len);
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
	if (!idle) { /* EP_RECV */
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
	return (struct fast_args){ arch_get_cptr(ctx),
		                   arch_get_msg_info(ctx),
		                   arch_get_reply_cptr(ctx),
		                   { arch_get_mr(ctx, 0), arch_get_mr(ctx, 1), arch_get_mr(ctx, 2),
		                     arch_get_mr(ctx, 3) } };
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
 * jump, and the two that run C first (the general path, the FPU switch)
 * set sp. Boot checks the compiled code (check_fastpath_text,
 * arch/riscv/trap.c). */
/* next in a6: a2..a5 still hold the sender's message words, passed on
 * only so that nothing has to move them out of the way (the way out
 * loads next's own). */
void fastpath_exit(word_t badge, word_t info, word_t mr0, word_t mr1, word_t mr2, word_t mr3,
                   struct user_context *next) __asm__("restore_ipc_context");
/* Stores the message words (a2..a5, where the entry left them) into ctx,
 * which trapvec.S's entry did not, and takes the general path. */
void fastpath_refuse(struct user_context *ctx, word_t info, word_t mr0, word_t mr1, word_t mr2,
                     word_t mr3);
void fastpath_exit_fpu(struct tcb *next);

/* Leaves straight for user level in f.next, or (refused) takes the
 * general path with the thread's context complete. */
static inline __attribute__((always_inline)) void fastpath_leave(struct user_context *ctx,
                                                                 const struct fast_args *a,
                                                                 struct fast_result f)
{
	struct tcb *next = f.next;
	if (!next) {
		fastpath_refuse(ctx, a->info, a->mr[0], a->mr[1], a->mr[2], a->mr[3]);
		return;
	}
	thread_switch_to(next);
#ifdef CONFIG_KERNEL_INVARIANTS
	syscall_fastpath_check(); /* every system call ends with it */
#endif
	{
		/* The usual way out, when no thread owns the FPU (fpu.c): a
		 * conditional branch straight to restore_ipc_context, which
		 * GCC never makes of a call (it would test, then jump), and
		 * the assembler would make a branch over a jump (the symbol is
		 * in another file): so encoded by hand, as in trapvec.S. The
		 * branch reaches: kernel.ld keeps .text.trap beside this
		 * section, and the linker refuses it otherwise. */
		register struct tcb *owner __asm__("t0") = fpu_owner;
		register word_t badge __asm__("a0") = f.badge;
		register word_t info __asm__("a1") = f.info;
		register struct user_context *to __asm__("a6") = &next->ctx;
		__asm__ volatile(".reloc ., R_RISCV_BRANCH, restore_ipc_context\n\t"
		                 ".4byte 0x00028063 /* beq t0, zero, restore_ipc_context */" ::"r"(
		                     owner),
		                 "r"(badge), "r"(info), "r"(to));
	}
	if (arch_fpu_switch_needed(next)) {
		/* The general way out loads every register from next's. */
		arch_set_badge(&next->ctx, f.badge);
		arch_set_msg_info(&next->ctx, f.info);
		fastpath_exit_fpu(next);
	} else {
		fastpath_exit(f.badge, f.info, a->mr[0], a->mr[1], a->mr[2], a->mr[3], &next->ctx);
	}
}

/* Beside trapvec.S's entry (kernel.ld), which branches here directly; in
 * a section of their own, which release kernels check at boot for any use
 * of the stack pointer (check_fastpath_text, arch/riscv/trap.c). */
#define FASTPATH_ENTRY __attribute__((section(".text.fastpath")))

FASTPATH_ENTRY void ipc_fastpath_call(word_t cptr, word_t info, word_t mr0, word_t mr1,
                                      word_t mr2, word_t mr3, word_t reply,
                                      struct user_context *ctx)
{
	struct fast_args a = { cptr, info, reply, { mr0, mr1, mr2, mr3 } };
	assert(tcb_of_context(ctx) == sched_current());
	fastpath_leave(ctx, &a, fast_call(tcb_of_context(ctx), &a));
}

FASTPATH_ENTRY void ipc_fastpath_reply_recv(word_t cptr, word_t info, word_t mr0, word_t mr1,
                                            word_t mr2, word_t mr3, word_t reply,
                                            struct user_context *ctx)
{
	struct fast_args a = { cptr, info, reply, { mr0, mr1, mr2, mr3 } };
	assert(tcb_of_context(ctx) == sched_current());
	fastpath_leave(ctx, &a, fast_reply_recv(tcb_of_context(ctx), &a));
}
#endif

