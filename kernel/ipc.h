/* IPC: endpoints (synchronous messages with badges and cap transfer),
 * notifications (word-sized semaphores), reply objects (the answer to a
 * Call, MCS-style) and fault messages. Semantics follow seL4 (MCS reply
 * objects); the differences are listed in docs/ipc.md.
 *
 * Every function here is called with the looked-up cap slot; it checks the
 * cap's type and rights itself. A function that blocks `t` leaves it
 * blocked and returns: the caller ends the kernel entry through
 * thread_return_to_user(), which runs whoever should run next. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include "kernel/tcb.h"
#include <ration/faults.h>

/* Send (blocking or not) or Call on the cap in `s`: an endpoint (Write
 * right needed; Grant to pass caps), a notification (signal its badge), or
 * a reply object (same as ipc_reply). `info` is the message info. */
void ipc_send(struct tcb *t, struct slot *s, word_t info, bool blocking, bool call);

/* Recv (blocking) or NBRecv on an endpoint (Read right needed) or a
 * notification. `reply` (may be NULL) is the reply object a Call received
 * here gets bound to. */
void ipc_recv(struct tcb *t, struct slot *s, struct slot *reply, bool blocking);

/* The reply half of ReplyRecv: answers the caller bound to the reply object
 * in `reply` (if any) with t's message `info`. */
void ipc_reply(struct tcb *t, struct slot *reply, word_t info);

/* t faulted: it Calls its fault endpoint with this message, or is suspended
 * (with a log line) if it has none. */
void ipc_fault(struct tcb *t, word_t label, const word_t *mr, word_t n);

/* The fastpath of Call and of ReplyRecv, for the system call of the
 * running thread, whose registers are saved in `ctx`; the arguments are
 * the values its argument registers held at the ecall (by role,
 * <ration/registers.h>: the cap pointer, message info, message words,
 * reply cap pointer). If the exchange is the common case (short message,
 * caps at the first CSpace level, partner waiting and next to run), do
 * it, make the partner the running thread with its address space loaded,
 * and leave for user level in the partner's registers; else hand the
 * call, untouched, to the general path (handle_user_syscall, syscall.h).
 * trapvec.S jumps here by the call number, with the thread's argument
 * registers in place and ctx in the last; neither returns (not declared
 * _Noreturn, so that it can be a jump). */
void ipc_fastpath_call(word_t cptr, word_t info, word_t mr0, word_t mr1, word_t mr2, word_t mr3,
                       word_t reply, struct user_context *ctx);
void ipc_fastpath_reply_recv(word_t cptr, word_t info, word_t mr0, word_t mr1, word_t mr2,
                             word_t mr3, word_t reply, struct user_context *ctx);

#ifdef RATION_HOST
/* The same for the host tests, which see where the entry would leave: the
 * partner's registers (the partner is then the running thread), or NULL
 * (refused, nothing done). */
struct user_context *ipc_fastpath_try_call(struct user_context *ctx);
struct user_context *ipc_fastpath_try_reply_recv(struct user_context *ctx);
#endif

/* Takes t out of whatever IPC it waits in (thread suspended or deleted). */
void ipc_cancel(struct tcb *t);

/* Last cap of an IPC object gone: every waiter is woken with
 * RN_LABEL_IPC_CANCELLED; a bound TCB or caller is detached. */
void endpoint_finalise(paddr_t ep);
void notification_finalise(paddr_t ntfn);
void reply_finalise(paddr_t reply);

/* Signals a notification (also how IRQs are delivered). */
void notification_signal(paddr_t ntfn, word_t badge);

/* Binds t to a notification, so that a Recv of t on an endpoint also
 * returns when the notification is signalled. False if either is bound or
 * threads wait on the notification. */
bool tcb_bind_notification(struct tcb *t, paddr_t ntfn);
void tcb_unbind_notification(struct tcb *t);

#endif
