/* System calls: decode the registers of a thread's `ecall` (ABI in
 * <ration/syscall.h>) and dispatch. A Call on a kernel object is an
 * invocation, answered at once in the caller's registers; everything on
 * endpoints, notifications and replies is IPC (ipc.c). */
#include "kernel/syscall.h"
#include "kernel/arch.h"
#include "kernel/cspace.h"
#include "kernel/invariants.h"
#include "kernel/ipc.h"
#include "kernel/panic.h"
#include "kernel/message.h"
#include "kernel/printf.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include <ration/ipc_buffer.h>

#ifdef CONFIG_DEBUG_SYSCALLS
#endif

/* Writes the reply of an invocation into the caller's registers and
 * buffer: label = error code; words = results, or the error details. */
static void reply_to_invocation(struct tcb *t, int code, const struct inv_reply *reply,
                                const struct rn_error_info *err)
{
	struct rn_ipc_buffer *buf = tcb_ipc_buffer(t);
	word_t len;
	if (code == RN_OK) {
		len = MIN(reply->len, tcb_max_message(buf));
		for (word_t i = 0; i < len; i++)
			tcb_set_mr(t, buf, i, reply->mr[i]);
	} else {
		const word_t words[RN_ERROR_REPLY_WORDS] = {
			err->arg,         err->range_min,     err->range_max,
			err->memory_left, err->lookup_source, err->lookup_type,
			err->bits_left,   err->bits_found,    err->guard_found,
		};
		len = MIN((word_t)RN_ERROR_REPLY_WORDS, tcb_max_message(buf));
		for (word_t i = 0; i < len; i++)
			tcb_set_mr(t, buf, i, words[i]);
	}
	arch_set_badge(&t->ctx, 0);
	arch_set_msg_info(&t->ctx, RN_MSGINFO(code, 0, 0, len));
}

/* A Call whose cap is a kernel object: gather the message, invoke, reply. */
static void invoke_kernel_object(struct tcb *t, struct slot *service, word_t info)
{
	struct rn_ipc_buffer *buf = tcb_ipc_buffer(t);
	struct inv_reply reply = { 0 };
	struct rn_error_info err = { 0 };
	word_t mr[RN_MSG_MAX_LENGTH];
	word_t len = RN_MSGINFO_LENGTH(info);
	word_t ncaps = RN_MSGINFO_CAPS(info);
	int code;

	if (len > tcb_max_message(buf) || (ncaps > 0 && !buf)) {
		code = RN_TRUNCATED_MESSAGE;
		err.code = RN_TRUNCATED_MESSAGE;
		goto done;
	}
	for (word_t i = 0; i < len; i++)
		mr[i] = tcb_get_mr(t, buf, i);

	struct inv_msg msg = { .label = RN_MSGINFO_LABEL(info), .len = len, .mr = mr };
	const struct cap *root = &t->slots[TCB_SLOT_CSPACE].cap;
	for (word_t i = 0; i < ncaps; i++) {
		code = cspace_lookup_cap(root, buf->caps_or_badges[i], &msg.extra[i], &err);
		if (code != RN_OK) {
			err.arg = i + 1;
			goto done;
		}
	}
	msg.n_extra = ncaps;
	code = decode_invocation(service, &msg, &reply, &err);
done:
	reply_to_invocation(t, code, &reply, &err);
}

/* Looks up a cap a syscall names (its cptr, or its reply cptr). A failed
 * lookup is a cap fault, sent to the thread's fault handler like any other
 * fault. */
static struct slot *syscall_cap(struct tcb *t, word_t cptr)
{
	struct slot *s;
	struct rn_error_info err;
	if (cspace_lookup_cap(&t->slots[TCB_SLOT_CSPACE].cap, cptr, &s, &err) != RN_OK) {
		word_t mr[] = { cptr, err.lookup_type, err.bits_left };
		ipc_fault(t, RN_FAULT_CAP, mr, ARRAY_SIZE(mr));
		return NULL;
	}
	return s;
}

static bool is_ipc_object(const struct slot *s)
{
	enum cap_type type = cap_type(&s->cap);
	return type == CAP_ENDPOINT || type == CAP_NOTIFICATION || type == CAP_REPLY;
}

/* Every system call leaves the capability model consistent; the fuzzer
 * relies on this check (test variants only) to turn a silent bug into a
 * panic. */
static inline void check_invariants(const struct tcb *t)
{
#ifdef CONFIG_KERNEL_INVARIANTS
	const char *broken = invariants_check(false);
	if (broken)
		panic("invariant broken after syscall %lu: %s", arch_syscall_number(&t->ctx),
		      broken);
#endif
}

#ifdef CONFIG_KERNEL_INVARIANTS
/* The fastpath calls this when it has done a call (test variants). */
void syscall_fastpath_check(void)
{
	const char *broken = invariants_check(false);
	if (broken)
		panic("invariant broken after the IPC fastpath: %s", broken);
	thread_check_vspace_cache(sched_current());
	thread_check_cspace_cache(sched_current());
	thread_check_running(sched_current());
}
#endif

/* hot: GCC takes every path into a _Noreturn call as unlikely and would
 * optimise this one for size (memset calls for the zeroed structs, 40
 * instructions each, on every invocation). */
void syscall_dispatch(struct tcb *t) __attribute__((hot));

/* The general path, for every system call the fastpath does not take. */
void handle_user_syscall(struct user_context *ctx)
{
	struct tcb *t = tcb_of_context(ctx);
	assert(t == sched_current());
	syscall_dispatch(t);
	check_invariants(t);
	thread_return_to_user();
}

void syscall_dispatch(struct tcb *t)
{
	word_t sys = arch_syscall_number(&t->ctx);
	word_t cptr = arch_get_cptr(&t->ctx);
	word_t info = arch_get_msg_info(&t->ctx);

	switch (sys) {
	case RN_SYS_CALL: {
		/* A Call reports a bad cap as an invocation error rather than a
		 * cap fault: the caller is waiting for an answer anyway. */
		struct slot *s;
		word_t left;
		struct rn_error_info err = { 0 };
		if (cspace_resolve(&t->slots[TCB_SLOT_CSPACE].cap, cptr, 64, &s, &left, &err) !=
		    RN_OK) {
			reply_to_invocation(t, RN_FAILED_LOOKUP, NULL, &err);
		} else if (cap_is_null(&s->cap)) {
			err.code = RN_INVALID_CAPABILITY;
			reply_to_invocation(t, RN_INVALID_CAPABILITY, NULL, &err);
		} else if (is_ipc_object(s)) {
			ipc_send(t, s, info, true, true);
		} else {
			invoke_kernel_object(t, s, info);
		}
		return;
	}
	case RN_SYS_SEND:
	case RN_SYS_NBSEND: {
		struct slot *s = syscall_cap(t, cptr);
		if (!s)
			return;
		if (is_ipc_object(s))
			ipc_send(t, s, info, sys == RN_SYS_SEND, false);
		else
			ipc_fault(t, RN_FAULT_CAP, (word_t[]){ cptr, RN_LOOKUP_MISSING_CAP, 0 }, 3);
		return;
	}
	case RN_SYS_RECV:
	case RN_SYS_NBRECV:
	case RN_SYS_REPLY_RECV: {
		struct slot *s = syscall_cap(t, cptr);
		if (!s)
			return;
		struct slot *reply = NULL;
		word_t reply_cptr = arch_get_reply_cptr(&t->ctx);
		if (reply_cptr != 0 && !(reply = syscall_cap(t, reply_cptr)))
			return;
		if (sys == RN_SYS_REPLY_RECV && reply)
			ipc_reply(t, reply, info);
		ipc_recv(t, s, reply, sys != RN_SYS_NBRECV);
		return;
	}
	case RN_SYS_YIELD:
		thread_yield();
		return;
#ifdef CONFIG_DEBUG_SYSCALLS
	case RN_SYS_DEBUG_PUTCHAR:
		console_putc((int)(cptr & 0xff));
		return;
	case RN_SYS_DEBUG_POWEROFF:
		arch_poweroff((int)cptr);
#endif
	default: {
		/* The handler sees (and may skip) the ecall itself. */
		arch_rewind_syscall(&t->ctx);
		word_t mr[] = { sys, arch_get_pc(&t->ctx) };
		ipc_fault(t, RN_FAULT_UNKNOWN_SYSCALL, mr, ARRAY_SIZE(mr));
		return;
	}
	}
}
