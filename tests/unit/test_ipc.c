/* IPC: endpoints, notifications, reply objects, faults and cancellation,
 * driven through the kernel's system-call decode (syscall_dispatch) as the
 * trap path drives it.
 *
 * Fixture: fake RAM with TCBs, a 16-slot CNode per thread as its CSpace
 * root (cptr = slot number at depth 64), an IPC buffer frame per thread,
 * and a few endpoints, notifications and reply objects whose original
 * caps live in an "objects" CNode; threads get copies (minted with a badge
 * or fewer rights) in their own CNodes. */
#include <criterion/criterion.h>
#include <string.h>
#include "kernel/cspace.h"
#include "kernel/ipc.h"
#include "kernel/pmem.h"
#include "kernel/message.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "tests/unit/support/fake_pmem.h"
#include "tests/unit/support/host_console.h"

#define BASE             0x80000000ull
#define NTHREADS         8
#define TCB_PA(i)        (BASE + (paddr_t)(i)*BIT(RN_TCB_BITS))
#define CNODE_PA(i)      (BASE + 0x20000 + (paddr_t)(i)*0x200) /* radix 4 */
#define FRAME_PA(i)      (BASE + 0x100000 + (paddr_t)(i)*0x1000)
#define OBJS_CNODE_PA    (BASE + 0x30000) /* radix 5: the original caps */
#define EP_PA(i)         (BASE + 0x40000 + (paddr_t)(i)*0x10)
#define NTFN_PA(i)       (BASE + 0x40100 + (paddr_t)(i)*0x20)
#define REPLY_PA(i)      (BASE + 0x40200 + (paddr_t)(i)*0x20)
#define UT_PA            (BASE + 0x200000) /* a 64 KiB untyped for transfer tests */
#define IPC_BUFFER_VADDR 0x10000400ull     /* not at the start of its frame */

/* Slots in the objects CNode holding the original caps. */
enum { O_EP0, O_EP1, O_NTFN0, O_NTFN1, O_REPLY0, O_REPLY1, O_REPLY2, O_UT, O_FRAME };

/* Slots of every thread's CNode. */
enum {
	C_SELF = 1,
	C_EP = 2,
	C_EP_BADGED = 3,
	C_NTFN = 4,
	C_RECV = 5,
	C_REPLY = 6,
	C_X = 7,
	C_Y = 8,
	C_Z = 9
};

#define W         RN_RIGHT_WRITE
#define R         RN_RIGHT_READ
#define G         RN_RIGHT_GRANT
#define ALL       RN_RIGHTS_ALL
#define CANCELLED RN_MSGINFO(RN_LABEL_IPC_CANCELLED, 0, 0, 0)

static struct tcb *th[NTHREADS];

static struct slot *obj_slot(int o)
{
	return (struct slot *)paddr_to_kptr(OBJS_CNODE_PA) + o;
}

static struct slot *cslot(struct tcb *t, word_t i)
{
	return cnode_slot(&t->slots[TCB_SLOT_CSPACE].cap, i);
}

static void put_original(int o, struct cap c)
{
	cdt_insert_after(cdt_head(), obj_slot(o), c, true, false);
}

/* Gives thread t, in slot i, a copy of original `o` with `rights` and
 * `badge` (0: none), derived as Mint derives. */
static void give(struct tcb *t, word_t i, int o, word_t rights, word_t badge)
{
	struct cap c = obj_slot(o)->cap;
	cap_set_rights(&c, rights);
	if (badge)
		cap_set_badge(&c, badge);
	cdt_insert_derived(obj_slot(o), cslot(t, i), c);
}

static struct tcb *make_thread(int i, bool with_buffer)
{
	struct tcb *t = paddr_to_kptr(TCB_PA(i));
	memset(t, 0, sizeof(*t));
	t->priority = 10;
	t->state = THREAD_RUNNABLE;
	t->name[0] = (char)('A' + i);

	struct cap cspace = cap_cnode_new(CNODE_PA(i), 4);
	cap_cnode_set_guard(&cspace, 0, 60);
	cdt_insert_after(cdt_head(), &t->slots[TCB_SLOT_CSPACE], cspace, true, false);
	cdt_insert_derived(&t->slots[TCB_SLOT_CSPACE], cslot(t, C_SELF), cspace);
	cdt_insert_after(cdt_head(), &t->slots[TCB_SLOT_VSPACE],
	                 cap_object_new(CAP_PAGE_TABLE, FRAME_PA(NTHREADS + i)), true, false);
	if (with_buffer) {
		cdt_insert_after(cdt_head(), &t->slots[TCB_SLOT_IPC_BUFFER],
		                 cap_frame_new(FRAME_PA(i), false, false), true, false);
		t->ipc_buffer = IPC_BUFFER_VADDR;
		struct rn_ipc_buffer *b = tcb_ipc_buffer(t);
		b->receive_cnode = C_SELF;
		b->receive_index = C_RECV;
		b->receive_depth = 64;
	}
	return t;
}

static void init(void)
{
	fake_pmem_init(BASE, MiB(4));
	memset(paddr_to_kptr(BASE), 0, MiB(4));
	cdt_init();
	sched_init();
	host_console_reset();

	put_original(O_EP0, cap_object_new(CAP_ENDPOINT, EP_PA(0)));
	put_original(O_EP1, cap_object_new(CAP_ENDPOINT, EP_PA(1)));
	put_original(O_NTFN0, cap_object_new(CAP_NOTIFICATION, NTFN_PA(0)));
	put_original(O_NTFN1, cap_object_new(CAP_NOTIFICATION, NTFN_PA(1)));
	put_original(O_REPLY0, cap_object_new(CAP_REPLY, REPLY_PA(0)));
	put_original(O_REPLY1, cap_object_new(CAP_REPLY, REPLY_PA(1)));
	put_original(O_REPLY2, cap_object_new(CAP_REPLY, REPLY_PA(2)));
	put_original(O_UT, cap_untyped_new(UT_PA, 16, false));
	put_original(O_FRAME, cap_frame_new(FRAME_PA(2 * NTHREADS), false, false));

	for (int i = 0; i < NTHREADS; i++) {
		th[i] = make_thread(i, true);
		give(th[i], C_EP, O_EP0, ALL, 0);
		give(th[i], C_EP_BADGED, O_EP0, ALL, 0x100 + (word_t)i);
		give(th[i], C_NTFN, O_NTFN0, ALL, 0);
	}
	/* Each of the first three threads owns one reply object. */
	for (int i = 0; i < 3; i++)
		give(th[i], C_REPLY, O_REPLY0 + i, ALL, 0);
}

/* The links every IPC object and thread must agree on, whatever a test
 * did: queues are well formed and hold exactly the threads blocked on
 * them; reply objects and their threads point at each other. */
static void expect_consistent(void)
{
	static const paddr_t queues[] = { EP_PA(0), EP_PA(1), NTFN_PA(0), NTFN_PA(1) };
	int queued = 0;
	for (size_t q = 0; q < ARRAY_SIZE(queues); q++) {
		word_t *o = paddr_to_kptr(queues[q]);
		struct tcb *prev = NULL, *t = (struct tcb *)(o[0] & ~(word_t)3);
		word_t state = o[0] & 3;
		/* endpoint: SEND or RECV iff queued; notification: WAITING (1) */
		cr_expect_eq(t != NULL, q < 2 ? state != 0 : state == 1, "queue %zu state", q);
		for (; t; prev = t, t = t->wait_next, queued++) {
			cr_expect_eq(t->wait_prev, prev);
			cr_expect_eq(t->blocked_on, (void *)o);
		}
		cr_expect_eq((struct tcb *)o[1], prev, "tail of queue %zu", q);
	}
	int blocked = 0;
	for (int i = 0; i < NTHREADS; i++) {
		struct tcb *t = th[i];
		switch (t->state) {
		case THREAD_BLOCKED_SEND:
		case THREAD_BLOCKED_NOTIFY:
			blocked++;
			break;
		case THREAD_BLOCKED_RECV:
			blocked++;
			if (t->ipc_reply)
				cr_expect_eq(((struct tcb **)t->ipc_reply)[1], t);
			break;
		case THREAD_BLOCKED_REPLY:
			cr_expect_eq(((struct tcb **)t->blocked_on)[0], t);
			break;
		default:
			cr_expect_null(t->ipc_reply);
			break;
		}
		if (t->bound_ntfn)
			cr_expect_eq(((struct tcb **)t->bound_ntfn)[3], t);
	}
	cr_expect_eq(queued, blocked, "every queued thread is blocked in a queue");
	word_t caps = 0;
	for (struct slot *p = cdt_head(), *n; (n = cdt_next(p)); p = n, caps++)
		cr_expect_eq(cdt_prev(n), p, "derivation list links agree");
	cr_expect_eq(caps, cdt_count());
	for (int r = 0; r < 3; r++) {
		struct tcb **reply = paddr_to_kptr(REPLY_PA(r));
		cr_expect(!reply[0] || !reply[1], "reply %d: caller or receiver, not both", r);
		if (reply[0])
			cr_expect_eq(reply[0]->state, THREAD_BLOCKED_REPLY);
		if (reply[1])
			cr_expect_eq(reply[1]->ipc_reply, (void *)reply);
	}
}

static void fini(void)
{
	fake_pmem_fini();
}

TestSuite(ipc, .init = init, .fini = fini);

/* Every test ends by checking the links between objects and threads
 * (Criterion ignores expectations in .fini, so it runs in the test). */
static void expect_consistent(void);
#define IPC_TEST(name)                                                                             \
	static void name##_body(void);                                                             \
	Test(ipc, name)                                                                            \
	{                                                                                          \
		name##_body();                                                                     \
		expect_consistent();                                                               \
	}                                                                                          \
	static void name##_body(void)

/* ---- driving threads through the system-call path ----------------------------- */

/* t is the thread the scheduler picked: it makes the next system call. */
static void run(struct tcb *t)
{
	cr_assert_eq(t->state, THREAD_RUNNABLE, "thread %c is not runnable", t->name[0]);
	sched_dequeue(t);
	sched_set_current(t);
}

static struct slot *lookup(struct tcb *t, word_t cptr)
{
	struct slot *s;
	struct rn_error_info err;
	cr_assert_eq(cspace_lookup_cap(&t->slots[TCB_SLOT_CSPACE].cap, cptr, &s, &err), RN_OK,
	             "lookup of %lu", cptr);
	return s;
}

static void set_mr(struct tcb *t, word_t i, word_t v)
{
	tcb_set_mr(t, tcb_ipc_buffer(t), i, v);
}

static word_t mr(struct tcb *t, word_t i)
{
	return tcb_get_mr(t, tcb_ipc_buffer(t), i);
}

/* t makes system call `sys` on cptr through the kernel's own decode
 * (syscall_dispatch, as the trap path does); the caps the tests name are
 * there. */
static void enter_kernel(struct tcb *t, word_t sys, word_t cptr)
{
	lookup(t, cptr);
	if (sys == RN_SYS_RECV || sys == RN_SYS_NBRECV || sys == RN_SYS_REPLY_RECV) {
		word_t reply_cptr = arch_get_register(&t->ctx, RN_REG_REPLY);
		if (reply_cptr)
			lookup(t, reply_cptr);
	}
	run(t);
	arch_set_register(&t->ctx, RN_REG_SYSCALL, sys);
	arch_set_register(&t->ctx, RN_REG_CPTR, cptr);
	syscall_dispatch(t);
}

static void send(struct tcb *t, word_t cptr, word_t info)
{
	arch_set_register(&t->ctx, RN_REG_INFO, info);
	enter_kernel(t, RN_SYS_SEND, cptr);
}

static void nbsend(struct tcb *t, word_t cptr, word_t info)
{
	arch_set_register(&t->ctx, RN_REG_INFO, info);
	enter_kernel(t, RN_SYS_NBSEND, cptr);
}

static void call(struct tcb *t, word_t cptr, word_t info)
{
	arch_set_register(&t->ctx, RN_REG_INFO, info);
	enter_kernel(t, RN_SYS_CALL, cptr);
}

static void recv(struct tcb *t, word_t cptr, word_t reply_cptr)
{
	arch_set_register(&t->ctx, RN_REG_REPLY, reply_cptr);
	enter_kernel(t, RN_SYS_RECV, cptr);
}

static void nbrecv(struct tcb *t, word_t cptr, word_t reply_cptr)
{
	arch_set_register(&t->ctx, RN_REG_REPLY, reply_cptr);
	enter_kernel(t, RN_SYS_NBRECV, cptr);
}

static void reply_recv(struct tcb *t, word_t cptr, word_t reply_cptr, word_t info)
{
	arch_set_register(&t->ctx, RN_REG_INFO, info);
	arch_set_register(&t->ctx, RN_REG_REPLY, reply_cptr);
	enter_kernel(t, RN_SYS_REPLY_RECV, cptr);
}

static word_t a0(struct tcb *t)
{
	return arch_get_register(&t->ctx, RN_REG_BADGE);
}

static word_t a1(struct tcb *t)
{
	return arch_get_register(&t->ctx, RN_REG_INFO);
}

static struct rn_ipc_buffer *buf(struct tcb *t)
{
	return tcb_ipc_buffer(t);
}

static void expect_runnable(struct tcb *t)
{
	cr_expect_eq(t->state, THREAD_RUNNABLE, "thread %c state %d", t->name[0], t->state);
	cr_expect_null(t->blocked_on);
}

static void expect_cancelled(struct tcb *t)
{
	expect_runnable(t);
	cr_expect_eq(a0(t), 0);
	cr_expect_eq(a1(t), CANCELLED, "thread %c a1 %#lx", t->name[0], a1(t));
}

static void drop_buffer(struct tcb *t)
{
	cdt_remove(&t->slots[TCB_SLOT_IPC_BUFFER]);
	t->ipc_buffer = 0;
}

/* ---- endpoints: send and receive ---------------------------------------------- */

IPC_TEST(send_blocks_until_a_receiver_takes_the_message)
{
	struct tcb *s = th[0], *r = th[1];
	set_mr(s, 0, 11);
	set_mr(s, 1, 22);
	send(s, C_EP, RN_MSGINFO(7, 0, 0, 2));
	cr_expect_eq(s->state, THREAD_BLOCKED_SEND);
	cr_expect_eq(s->blocked_on, paddr_to_kptr(EP_PA(0)));

	recv(r, C_EP, 0);
	expect_runnable(r);
	cr_expect_eq(a1(r), RN_MSGINFO(7, 0, 0, 2));
	cr_expect_eq(mr(r, 0), 11);
	cr_expect_eq(mr(r, 1), 22);
	expect_runnable(s);
	cr_expect(s->queued, "the woken sender waits in a ready queue");
}

IPC_TEST(recv_blocks_until_a_sender_arrives)
{
	struct tcb *s = th[0], *r = th[1];
	recv(r, C_EP, 0);
	cr_expect_eq(r->state, THREAD_BLOCKED_RECV);

	set_mr(s, 0, 5);
	send(s, C_EP, RN_MSGINFO(3, 0, 0, 1));
	expect_runnable(s);
	expect_runnable(r);
	cr_expect(r->queued);
	cr_expect_eq(a0(r), 0, "unbadged cap: badge 0");
	cr_expect_eq(a1(r), RN_MSGINFO(3, 0, 0, 1));
	cr_expect_eq(mr(r, 0), 5);
}

IPC_TEST(receiver_gets_the_badge_of_the_senders_cap)
{
	recv(th[1], C_EP, 0);
	send(th[0], C_EP_BADGED, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(a0(th[1]), 0x100);

	send(th[2], C_EP_BADGED, RN_MSGINFO(1, 0, 0, 0));
	recv(th[1], C_EP, 0);
	cr_expect_eq(a0(th[1]), 0x102, "a queued sender keeps its badge");
}

IPC_TEST(long_message_travels_through_ipc_buffers)
{
	struct tcb *s = th[0], *r = th[1];
	for (word_t i = 0; i < RN_MSG_MAX_LENGTH; i++)
		set_mr(s, i, 1000 + i);
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(9, 0, 0, RN_MSG_MAX_LENGTH));
	cr_expect_eq(a1(r), RN_MSGINFO(9, 0, 0, RN_MSG_MAX_LENGTH));
	for (word_t i = 0; i < RN_MSG_MAX_LENGTH; i++)
		cr_expect_eq(mr(r, i), 1000 + i, "mr %lu", i);
	cr_expect_eq(arch_get_mr(&r->ctx, 0), 1000, "mr0..3 in registers");
	cr_expect_eq(buf(r)->msg[4], 1004, "mr4 on in the buffer");
}

IPC_TEST(length_beyond_the_maximum_is_cut_to_the_maximum)
{
	recv(th[1], C_EP, 0);
	send(th[0], C_EP, RN_MSGINFO(9, 0, 0, 127));
	cr_expect_eq(RN_MSGINFO_LENGTH(a1(th[1])), RN_MSG_MAX_LENGTH);
}

IPC_TEST(receiver_without_buffer_gets_only_the_register_words)
{
	struct tcb *s = th[0], *r = th[1];
	drop_buffer(r);
	for (word_t i = 0; i < 8; i++)
		set_mr(s, i, 50 + i);
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(2, 0, 0, 8));
	cr_expect_eq(a1(r), RN_MSGINFO(2, 0, 0, RN_MSG_REGISTERS));
	for (word_t i = 0; i < RN_MSG_REGISTERS; i++)
		cr_expect_eq(arch_get_mr(&r->ctx, i), 50 + i);
}

IPC_TEST(sender_without_buffer_sends_only_the_register_words)
{
	struct tcb *s = th[0], *r = th[1];
	drop_buffer(s);
	for (word_t i = 0; i < 4; i++)
		arch_set_mr(&s->ctx, i, 70 + i);
	buf(r)->msg[4] = 0xdead;
	send(s, C_EP, RN_MSGINFO(2, 0, 0, 6));
	recv(r, C_EP, 0);
	cr_expect_eq(a1(r), RN_MSGINFO(2, 0, 0, RN_MSG_REGISTERS));
	cr_expect_eq(mr(r, 3), 73);
	cr_expect_eq(buf(r)->msg[4], 0xdead, "nothing written past the length");
}

IPC_TEST(nbsend_without_a_receiver_drops_the_message)
{
	nbsend(th[0], C_EP, RN_MSGINFO(1, 0, 0, 0));
	expect_runnable(th[0]);
	nbrecv(th[1], C_EP, 0);
	cr_expect_eq(a0(th[1]), 0);
	cr_expect_eq(a1(th[1]), 0);
	expect_runnable(th[1]);
}

IPC_TEST(nbsend_to_a_waiting_receiver_delivers)
{
	recv(th[1], C_EP, 0);
	nbsend(th[0], C_EP_BADGED, RN_MSGINFO(4, 0, 0, 0));
	expect_runnable(th[1]);
	cr_expect_eq(a0(th[1]), 0x100);
	cr_expect_eq(a1(th[1]), RN_MSGINFO(4, 0, 0, 0));
}

IPC_TEST(nbrecv_on_an_empty_endpoint_returns_zero_at_once)
{
	arch_set_register(&th[1]->ctx, RN_REG_INFO, 0x55);
	nbrecv(th[1], C_EP, 0);
	expect_runnable(th[1]);
	cr_expect_eq(a0(th[1]), 0);
	cr_expect_eq(a1(th[1]), 0);
}

IPC_TEST(nbrecv_takes_a_waiting_sender)
{
	send(th[0], C_EP_BADGED, RN_MSGINFO(6, 0, 0, 0));
	nbrecv(th[1], C_EP, 0);
	cr_expect_eq(a0(th[1]), 0x100);
	cr_expect_eq(a1(th[1]), RN_MSGINFO(6, 0, 0, 0));
	expect_runnable(th[0]);
}

IPC_TEST(senders_are_served_in_fifo_order)
{
	for (int i = 2; i <= 4; i++)
		send(th[i], C_EP_BADGED, RN_MSGINFO(1, 0, 0, 0));
	for (int i = 2; i <= 4; i++) {
		recv(th[1], C_EP, 0);
		cr_expect_eq(a0(th[1]), 0x100 + (word_t)i);
	}
	cr_expect_eq(*(word_t *)paddr_to_kptr(EP_PA(0)), 0, "endpoint idle again");
}

IPC_TEST(receivers_are_served_in_fifo_order)
{
	recv(th[1], C_EP, 0);
	recv(th[2], C_EP, 0);
	send(th[0], C_EP, RN_MSGINFO(1, 0, 0, 0));
	expect_runnable(th[1]);
	cr_expect_eq(th[2]->state, THREAD_BLOCKED_RECV);
}

IPC_TEST(woken_higher_priority_thread_is_first_to_run)
{
	th[1]->priority = 50;
	recv(th[1], C_EP, 0);
	send(th[0], C_EP, RN_MSGINFO(1, 0, 0, 0));
	/* The sender is still current; the receiver waits in its queue and
	 * outranks it. */
	cr_expect_eq(sched_current(), th[0]);
	cr_expect_eq(sched_highest_priority(), 50);
	cr_expect_eq(sched_take_highest(), th[1]);
}

/* ---- rights ------------------------------------------------------------------- */

IPC_TEST(send_without_write_right_is_a_cap_fault_not_a_send)
{
	struct tcb *s = th[0], *handler = th[5];
	give(s, C_X, O_EP0, R | G, 0);
	give(s, C_Y, O_EP1, ALL, 0); /* its fault endpoint: ep1 */
	cdt_insert_derived(cslot(s, C_Y), &s->slots[TCB_SLOT_FAULT_EP], cslot(s, C_Y)->cap);
	give(handler, C_X, O_EP1, ALL, 0);
	give(handler, C_REPLY, O_REPLY2, ALL, 0);
	recv(handler, C_X, C_REPLY);

	recv(th[1], C_EP, 0);
	send(s, C_X, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(th[1]->state, THREAD_BLOCKED_RECV, "nothing was sent");
	cr_expect_eq(RN_MSGINFO_LABEL(a1(handler)), RN_FAULT_CAP);
	cr_expect_eq(mr(handler, 0), C_X, "mr0: the cptr");
	cr_expect_eq(mr(handler, 1), RN_LOOKUP_MISSING_CAP);
	cr_expect_eq(s->state, THREAD_BLOCKED_REPLY, "waits for its fault handler");
}

IPC_TEST(send_without_write_right_and_no_fault_handler_suspends)
{
	give(th[0], C_X, O_EP0, R | G, 0);
	send(th[0], C_X, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(th[0]->state, THREAD_INACTIVE);
	cr_expect_eq(*(word_t *)paddr_to_kptr(EP_PA(0)), 0, "not queued");
}

IPC_TEST(recv_without_read_right_is_a_cap_fault)
{
	give(th[1], C_X, O_EP0, W | G, 0);
	recv(th[1], C_X, 0);
	cr_expect_eq(th[1]->state, THREAD_INACTIVE);
	cr_expect_neq(strstr(host_console_text(), "fault 2"), NULL, "log: %s", host_console_text());
	send(th[0], C_EP, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(th[0]->state, THREAD_BLOCKED_SEND, "no receiver was queued");
}

IPC_TEST(recv_naming_a_non_reply_cap_as_reply_is_a_cap_fault)
{
	recv(th[1], C_EP, C_NTFN);
	cr_expect_eq(th[1]->state, THREAD_INACTIVE);
	cr_expect_neq(strstr(host_console_text(), "mr0 0x4"), NULL, "log: %s", host_console_text());
}

/* ---- Call and reply ------------------------------------------------------------ */

IPC_TEST(call_blocks_caller_until_reply)
{
	struct tcb *client = th[3], *server = th[0];
	recv(server, C_EP, C_REPLY);
	set_mr(client, 0, 42);
	call(client, C_EP_BADGED, RN_MSGINFO(5, 0, 0, 1));
	cr_expect_eq(client->state, THREAD_BLOCKED_REPLY);
	cr_expect_eq(client->blocked_on, paddr_to_kptr(REPLY_PA(0)));
	expect_runnable(server);
	cr_expect_eq(a0(server), 0x103);
	cr_expect_eq(a1(server), RN_MSGINFO(5, 0, 0, 1));
	cr_expect_eq(mr(server, 0), 42);

	set_mr(server, 0, 43);
	set_mr(server, 5, 99);
	run(server);
	ipc_reply(server, lookup(server, C_REPLY), RN_MSGINFO(0, 0, 0, 6));
	expect_runnable(client);
	cr_expect_eq(a0(client), 0, "replies carry no badge");
	cr_expect_eq(a1(client), RN_MSGINFO(0, 0, 0, 6));
	cr_expect_eq(mr(client, 0), 43);
	cr_expect_eq(mr(client, 5), 99);
	cr_expect_null(((struct tcb **)paddr_to_kptr(REPLY_PA(0)))[0], "reply object unbound");
}

IPC_TEST(call_waiting_in_the_send_queue_binds_when_received)
{
	struct tcb *client = th[3], *server = th[0];
	call(client, C_EP, RN_MSGINFO(5, 0, 0, 0));
	cr_expect_eq(client->state, THREAD_BLOCKED_SEND);
	recv(server, C_EP, C_REPLY);
	cr_expect_eq(client->state, THREAD_BLOCKED_REPLY);
	cr_expect_eq(a1(server), RN_MSGINFO(5, 0, 0, 0));
	send(server, C_REPLY, RN_MSGINFO(8, 0, 0, 0)); /* Send on a reply cap replies */
	expect_runnable(client);
	cr_expect_eq(a1(client), RN_MSGINFO(8, 0, 0, 0));
	expect_runnable(server);
}

IPC_TEST(reply_recv_answers_the_caller_and_takes_the_next)
{
	struct tcb *server = th[0], *c1 = th[3], *c2 = th[4];
	recv(server, C_EP, C_REPLY);
	call(c1, C_EP_BADGED, RN_MSGINFO(1, 0, 0, 0));
	call(c2, C_EP_BADGED, RN_MSGINFO(2, 0, 0, 0)); /* queued: server busy */
	cr_expect_eq(c2->state, THREAD_BLOCKED_SEND);

	reply_recv(server, C_EP, C_REPLY, RN_MSGINFO(10, 0, 0, 0));
	expect_runnable(c1);
	cr_expect_eq(a1(c1), RN_MSGINFO(10, 0, 0, 0));
	cr_expect_eq(a0(server), 0x104, "server took c2 at once");
	cr_expect_eq(c2->state, THREAD_BLOCKED_REPLY);

	reply_recv(server, C_EP, C_REPLY, RN_MSGINFO(20, 0, 0, 0));
	expect_runnable(c2);
	cr_expect_eq(a1(c2), RN_MSGINFO(20, 0, 0, 0));
	cr_expect_eq(server->state, THREAD_BLOCKED_RECV, "and waits again");
}

IPC_TEST(reply_to_an_unbound_reply_object_does_nothing)
{
	struct tcb *server = th[0];
	run(server);
	ipc_reply(server, lookup(server, C_REPLY), RN_MSGINFO(1, 0, 0, 0));
	expect_runnable(server);
	for (int i = 1; i < NTHREADS; i++)
		expect_runnable(th[i]);
	/* A second reply after the caller was answered: nothing either. */
	recv(server, C_EP, C_REPLY);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	run(server);
	ipc_reply(server, lookup(server, C_REPLY), RN_MSGINFO(1, 0, 0, 0));
	arch_set_register(&th[3]->ctx, RN_REG_INFO, 0x77);
	ipc_reply(server, lookup(server, C_REPLY), RN_MSGINFO(2, 0, 0, 0));
	cr_expect_eq(a1(th[3]), 0x77);
}

IPC_TEST(call_to_a_receiver_without_reply_object_is_cancelled)
{
	recv(th[1], C_EP, 0);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	expect_runnable(th[1]);
	cr_expect_eq(a1(th[1]), RN_MSGINFO(1, 0, 0, 0), "the message itself arrives");
	expect_cancelled(th[3]);
}

IPC_TEST(queued_call_taken_without_reply_object_is_cancelled)
{
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	recv(th[1], C_EP, 0);
	expect_cancelled(th[3]);
	cr_expect(th[3]->queued);
}

IPC_TEST(callers_are_answered_in_fifo_order)
{
	struct tcb *server = th[0];
	for (int i = 3; i <= 5; i++)
		call(th[i], C_EP_BADGED, RN_MSGINFO(1, 0, 0, 0));
	for (int i = 3; i <= 5; i++) {
		recv(server, C_EP, C_REPLY);
		cr_expect_eq(a0(server), 0x100 + (word_t)i);
		cr_expect_eq(th[i]->state, THREAD_BLOCKED_REPLY);
		run(server);
		ipc_reply(server, lookup(server, C_REPLY), RN_MSGINFO((word_t)i, 0, 0, 0));
		cr_expect_eq(RN_MSGINFO_LABEL(a1(th[i])), (word_t)i);
	}
}

IPC_TEST(recv_with_a_reply_object_still_bound_cancels_the_old_caller)
{
	struct tcb *server = th[0];
	recv(server, C_EP, C_REPLY);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(th[3]->state, THREAD_BLOCKED_REPLY);
	recv(server, C_EP, C_REPLY); /* forgot to answer th[3] */
	expect_cancelled(th[3]);
	cr_expect_eq(server->state, THREAD_BLOCKED_RECV);
}

IPC_TEST(a_server_keeps_one_caller_while_serving_another_with_a_second_reply_object)
{
	struct tcb *server = th[0];
	give(server, C_X, O_REPLY2, ALL, 0);
	recv(server, C_EP, C_REPLY);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	recv(server, C_EP, C_X);
	call(th[4], C_EP, RN_MSGINFO(2, 0, 0, 0));
	cr_expect_eq(th[3]->state, THREAD_BLOCKED_REPLY);
	cr_expect_eq(th[4]->state, THREAD_BLOCKED_REPLY);
	run(server);
	ipc_reply(server, lookup(server, C_REPLY), RN_MSGINFO(31, 0, 0, 0));
	ipc_reply(server, lookup(server, C_X), RN_MSGINFO(32, 0, 0, 0));
	cr_expect_eq(RN_MSGINFO_LABEL(a1(th[3])), 31);
	cr_expect_eq(RN_MSGINFO_LABEL(a1(th[4])), 32);
}

IPC_TEST(a_reply_object_offered_by_two_receivers_cancels_the_first)
{
	give(th[1], C_X, O_REPLY0, ALL, 0);
	recv(th[0], C_EP, C_REPLY);
	recv(th[1], C_EP, C_X); /* the same reply object */
	expect_cancelled(th[0]);
	cr_expect_eq(th[1]->state, THREAD_BLOCKED_RECV);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(th[3]->state, THREAD_BLOCKED_REPLY);
	cr_expect_eq(th[3]->blocked_on, paddr_to_kptr(REPLY_PA(0)));
}

IPC_TEST(call_on_a_reply_cap_replies_and_gets_an_empty_answer)
{
	struct tcb *server = th[0];
	recv(server, C_EP, C_REPLY);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	call(server, C_REPLY, RN_MSGINFO(4, 0, 0, 0));
	cr_expect_eq(a1(th[3]), RN_MSGINFO(4, 0, 0, 0));
	expect_runnable(server);
	cr_expect_eq(a0(server), 0);
	cr_expect_eq(a1(server), 0);
}

/* ---- capability transfer ----------------------------------------------------- */

static int count_caps_to(paddr_t pa)
{
	int n = 0;
	for (struct slot *s = cdt_next(cdt_head()); s; s = cdt_next(s))
		n += cap_paddr(&s->cap) == pa && !cap_is_null(&s->cap);
	return n;
}

IPC_TEST(cap_transfers_with_grant_into_the_receive_slot)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_NTFN1, R | W, 0x9);
	buf(s)->caps_or_badges[0] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(a1(r), RN_MSGINFO(1, 0, 1, 0), "one extra cap arrived");
	struct cap *got = &cslot(r, C_RECV)->cap;
	cr_expect_eq(cap_type(got), CAP_NOTIFICATION);
	cr_expect_eq(cap_paddr(got), NTFN_PA(1));
	cr_expect_eq(cap_badge(got), 0x9);
	cr_expect_eq(cap_rights(got), R | W);
	cr_expect_eq(cap_type(&cslot(s, C_X)->cap), CAP_NOTIFICATION, "the sender keeps its cap");
	cr_expect_eq(cdt_prev(cslot(r, C_RECV)), cslot(s, C_X), "derived from the sender's");
}

IPC_TEST(cap_is_not_transferred_without_grant)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_EP0, R | W, 0);
	give(s, C_Y, O_NTFN1, ALL, 0);
	buf(s)->caps_or_badges[0] = C_Y;
	recv(r, C_EP, 0);
	set_mr(s, 0, 3);
	send(s, C_X, RN_MSGINFO(1, 0, 1, 1));
	cr_expect_eq(a1(r), RN_MSGINFO(1, 0, 0, 1), "the message goes, without caps");
	cr_expect(cap_is_null(&cslot(r, C_RECV)->cap));
}

IPC_TEST(cap_is_not_transferred_into_an_occupied_receive_slot)
{
	struct tcb *s = th[0], *r = th[1];
	give(r, C_RECV, O_EP1, ALL, 0);
	give(s, C_X, O_NTFN1, ALL, 0);
	buf(s)->caps_or_badges[0] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	expect_runnable(r);
	cr_expect_eq(a1(r), RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(cap_type(&cslot(r, C_RECV)->cap), CAP_ENDPOINT, "left as it was");
	cr_expect_eq(count_caps_to(NTFN_PA(1)), 2, "original and the sender's copy only");
}

IPC_TEST(cap_is_not_transferred_to_an_invalid_receive_slot)
{
	struct tcb *s = th[0], *r = th[1];
	buf(r)->receive_depth = 0;
	give(s, C_X, O_NTFN1, ALL, 0);
	buf(s)->caps_or_badges[0] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(RN_MSGINFO_CAPS(a1(r)), 0);
	buf(r)->receive_depth = 64;
	buf(r)->receive_cnode = C_EP; /* not a CNode cap */
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(RN_MSGINFO_CAPS(a1(r)), 0);
	cr_expect(cap_is_null(&cslot(r, C_RECV)->cap));
}

IPC_TEST(no_caps_reach_a_receiver_without_ipc_buffer)
{
	struct tcb *s = th[0], *r = th[1];
	drop_buffer(r);
	give(s, C_X, O_NTFN1, ALL, 0);
	buf(s)->caps_or_badges[0] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(a1(r), RN_MSGINFO(1, 0, 0, 0));
}

IPC_TEST(cap_to_the_same_endpoint_arrives_as_its_badge)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_NTFN1, ALL, 0);
	buf(s)->caps_or_badges[0] = C_EP_BADGED; /* badge 0x100, the endpoint used */
	buf(s)->caps_or_badges[1] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 2, 0));
	cr_expect_eq(a1(r), RN_MSGINFO(1, 1, 2, 0), "two caps, the first unwrapped");
	cr_expect_eq(buf(r)->caps_or_badges[0], 0x100);
	cr_expect_eq(cap_type(&cslot(r, C_RECV)->cap), CAP_NOTIFICATION, "the real cap");
}

IPC_TEST(cap_to_another_endpoint_is_transferred_not_unwrapped)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_EP1, ALL, 0x77);
	buf(s)->caps_or_badges[0] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(a1(r), RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(cap_badge(&cslot(r, C_RECV)->cap), 0x77);
}

IPC_TEST(only_one_real_cap_transfers_and_the_count_stops_there)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_NTFN1, ALL, 0);
	give(s, C_Y, O_EP1, ALL, 0);
	buf(s)->caps_or_badges[0] = C_X;
	buf(s)->caps_or_badges[1] = C_Y;
	buf(s)->caps_or_badges[2] = C_EP_BADGED;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 3, 0));
	cr_expect_eq(a1(r), RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(count_caps_to(EP_PA(1)), 2, "the second real cap stayed");
}

IPC_TEST(failed_extra_cap_lookup_stops_the_transfer_at_that_cap)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_NTFN1, ALL, 0);
	buf(s)->caps_or_badges[0] = C_EP_BADGED;
	buf(s)->caps_or_badges[1] = C_Z; /* empty */
	buf(s)->caps_or_badges[2] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 3, 0));
	cr_expect_eq(a1(r), RN_MSGINFO(1, 1, 1, 0));
	cr_expect(cap_is_null(&cslot(r, C_RECV)->cap));
}

IPC_TEST(untyped_with_children_is_not_transferred)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_UT, ALL, 0);
	buf(s)->caps_or_badges[0] = C_X;
	/* s's untyped has a child: it cannot be derived. */
	cdt_insert_derived(cslot(s, C_X), cslot(s, C_Y), cap_untyped_new(UT_PA, 12, false));
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(RN_MSGINFO_CAPS(a1(r)), 0);
	cr_expect(cap_is_null(&cslot(r, C_RECV)->cap));
}

IPC_TEST(transferred_untyped_leaves_the_original_full)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_UT, ALL, 0);
	buf(s)->caps_or_badges[0] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(RN_MSGINFO_CAPS(a1(r)), 1);
	cr_expect_eq(cap_type(&cslot(r, C_RECV)->cap), CAP_UNTYPED);
	cr_expect_eq(cap_untyped_watermark(&cslot(s, C_X)->cap), BIT(16),
	             "the two can never carve the same bytes");
}

IPC_TEST(transferred_frame_arrives_unmapped)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_FRAME, ALL, 0);
	cap_set_mapping(&cslot(s, C_X)->cap, 0x1234001); /* as if mapped */
	buf(s)->caps_or_badges[0] = C_X;
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(RN_MSGINFO_CAPS(a1(r)), 1);
	cr_expect_eq(cap_paddr(&cslot(r, C_RECV)->cap), FRAME_PA(2 * NTHREADS));
	cr_expect_eq(cap_mapping(&cslot(r, C_RECV)->cap), 0);
	cr_expect_eq(cap_mapping(&cslot(s, C_X)->cap), 0x1234001, "the sender's stays mapped");
}

/* As CNode_Copy: only a mapped page table has copies, since all its caps
 * share its one mapping record (kernel/cnode.c). */
IPC_TEST(only_a_mapped_page_table_is_transferred)
{
	struct tcb *s = th[0], *r = th[1];
	buf(s)->caps_or_badges[0] = C_X;
	cdt_insert_after(cdt_head(), cslot(s, C_X),
	                 cap_object_new(CAP_PAGE_TABLE, FRAME_PA(2 * NTHREADS + 1)), true, false);
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(RN_MSGINFO_CAPS(a1(r)), 0, "an unmapped one is not");
	cap_set_mapping(&cslot(s, C_X)->cap, 0x1234001);
	recv(r, C_EP, 0);
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(RN_MSGINFO_CAPS(a1(r)), 1, "a mapped one is");
}

IPC_TEST(queued_sender_transfers_its_caps_when_received)
{
	struct tcb *s = th[0], *r = th[1];
	give(s, C_X, O_FRAME, ALL, 0);
	buf(s)->caps_or_badges[0] = C_X;
	send(s, C_EP, RN_MSGINFO(1, 0, 1, 0));
	recv(r, C_EP, 0);
	cr_expect_eq(a1(r), RN_MSGINFO(1, 0, 1, 0));
	cr_expect_eq(cap_type(&cslot(r, C_RECV)->cap), CAP_FRAME);
}

/* ---- notifications ------------------------------------------------------------ */

IPC_TEST(signal_wakes_a_waiter_with_the_badge)
{
	give(th[0], C_X, O_NTFN0, W, 0x40);
	recv(th[1], C_NTFN, 0);
	cr_expect_eq(th[1]->state, THREAD_BLOCKED_NOTIFY);
	arch_set_register(&th[1]->ctx, RN_REG_INFO, 0x99);
	send(th[0], C_X, 0);
	expect_runnable(th[1]);
	cr_expect_eq(a0(th[1]), 0x40);
	cr_expect_eq(a1(th[1]), 0);
	expect_runnable(th[0]);
	nbrecv(th[1], C_NTFN, 0);
	cr_expect_eq(a0(th[1]), 0, "the word was consumed");
}

IPC_TEST(signals_accumulate_badges_until_received)
{
	give(th[0], C_X, O_NTFN0, W, 0x1);
	give(th[0], C_Y, O_NTFN0, W, 0x4);
	send(th[0], C_X, 0);
	nbsend(th[0], C_Y, 0);
	notification_signal(NTFN_PA(0), 0x10); /* as an IRQ would */
	recv(th[1], C_NTFN, 0);
	expect_runnable(th[1]);
	cr_expect_eq(a0(th[1]), 0x15);
	cr_expect_eq(a1(th[1]), 0);
	recv(th[1], C_NTFN, 0);
	cr_expect_eq(th[1]->state, THREAD_BLOCKED_NOTIFY, "cleared by the receive");
}

IPC_TEST(poll_of_a_notification_returns_at_once)
{
	nbrecv(th[1], C_NTFN, 0);
	expect_runnable(th[1]);
	cr_expect_eq(a0(th[1]), 0);
	cr_expect_eq(a1(th[1]), 0);
	notification_signal(NTFN_PA(0), 0x8);
	nbrecv(th[1], C_NTFN, 0);
	cr_expect_eq(a0(th[1]), 0x8);
}

IPC_TEST(unbadged_signal_still_wakes_a_waiter)
{
	recv(th[1], C_NTFN, 0);
	send(th[0], C_NTFN, 0);
	expect_runnable(th[1]);
	cr_expect_eq(a0(th[1]), 0);
	/* and is pending when nobody waits */
	send(th[0], C_NTFN, 0);
	recv(th[1], C_NTFN, 0);
	expect_runnable(th[1]);
}

IPC_TEST(notification_waiters_are_woken_one_per_signal_in_order)
{
	recv(th[1], C_NTFN, 0);
	recv(th[2], C_NTFN, 0);
	notification_signal(NTFN_PA(0), 1);
	expect_runnable(th[1]);
	cr_expect_eq(th[2]->state, THREAD_BLOCKED_NOTIFY);
	notification_signal(NTFN_PA(0), 2);
	expect_runnable(th[2]);
	cr_expect_eq(a0(th[2]), 2);
}

IPC_TEST(signal_without_write_right_is_a_cap_fault)
{
	give(th[0], C_X, O_NTFN0, R, 0x1);
	send(th[0], C_X, 0);
	cr_expect_eq(th[0]->state, THREAD_INACTIVE);
	nbrecv(th[1], C_NTFN, 0);
	cr_expect_eq(a0(th[1]), 0, "no signal");
}

IPC_TEST(call_on_a_notification_signals_and_answers_empty)
{
	give(th[0], C_X, O_NTFN0, W, 0x2);
	recv(th[1], C_NTFN, 0);
	arch_set_mr(&th[0]->ctx, 0, 0x1234);
	call(th[0], C_X, RN_MSGINFO(3, 0, 0, 0));
	cr_expect_eq(a0(th[1]), 0x2);
	expect_runnable(th[0]);
	cr_expect_eq(a0(th[0]), 0);
	cr_expect_eq(a1(th[0]), 0);
}

IPC_TEST(bound_notification_wakes_a_thread_blocked_on_an_endpoint)
{
	struct tcb *t = th[1];
	cr_assert(tcb_bind_notification(t, NTFN_PA(0)));
	recv(t, C_EP, C_REPLY);
	cr_expect_eq(t->state, THREAD_BLOCKED_RECV);
	notification_signal(NTFN_PA(0), 0x20);
	expect_runnable(t);
	cr_expect_eq(a0(t), 0x20);
	cr_expect_eq(a1(t), 0);
	cr_expect_eq(*(word_t *)paddr_to_kptr(EP_PA(0)), 0, "out of the endpoint queue");
	/* Its reply object was forgotten: a Call now queues. */
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(th[3]->state, THREAD_BLOCKED_SEND);
}

IPC_TEST(recv_on_an_endpoint_returns_a_pending_bound_signal_first)
{
	struct tcb *t = th[1];
	cr_assert(tcb_bind_notification(t, NTFN_PA(0)));
	notification_signal(NTFN_PA(0), 0x3);
	send(th[0], C_EP, RN_MSGINFO(1, 0, 0, 0));
	recv(t, C_EP, 0);
	expect_runnable(t);
	cr_expect_eq(a0(t), 0x3);
	cr_expect_eq(a1(t), 0);
	cr_expect_eq(th[0]->state, THREAD_BLOCKED_SEND, "the message waits for the next Recv");
	recv(t, C_EP, 0);
	cr_expect_eq(a1(t), RN_MSGINFO(1, 0, 0, 0));
}

IPC_TEST(signal_to_a_bound_thread_not_receiving_stays_pending)
{
	struct tcb *t = th[1];
	cr_assert(tcb_bind_notification(t, NTFN_PA(0)));
	send(t, C_EP, RN_MSGINFO(1, 0, 0, 0)); /* blocked sending, not receiving */
	notification_signal(NTFN_PA(0), 0x5);
	cr_expect_eq(t->state, THREAD_BLOCKED_SEND);
	nbrecv(th[2], C_NTFN, 0);
	cr_expect_eq(th[2]->state, THREAD_INACTIVE, "only the bound thread may wait on it");
}

IPC_TEST(binding_is_refused_when_either_side_is_bound_or_threads_wait)
{
	cr_expect(tcb_bind_notification(th[1], NTFN_PA(0)));
	cr_expect_not(tcb_bind_notification(th[2], NTFN_PA(0)), "notification already bound");
	cr_expect_not(tcb_bind_notification(th[1], NTFN_PA(1)), "thread already bound");
	give(th[3], C_X, O_NTFN1, ALL, 0);
	recv(th[3], C_X, 0);
	cr_expect_not(tcb_bind_notification(th[2], NTFN_PA(1)), "a thread waits on it");
	tcb_unbind_notification(th[1]);
	cr_expect(tcb_bind_notification(th[2], NTFN_PA(0)));
	tcb_unbind_notification(th[1]); /* not bound: no effect */
	cr_expect_eq(((struct tcb **)paddr_to_kptr(NTFN_PA(0)))[3], th[2]);
}

IPC_TEST(bound_thread_may_wait_on_its_own_notification)
{
	cr_assert(tcb_bind_notification(th[1], NTFN_PA(0)));
	recv(th[1], C_NTFN, 0);
	cr_expect_eq(th[1]->state, THREAD_BLOCKED_NOTIFY);
	notification_signal(NTFN_PA(0), 0x6);
	expect_runnable(th[1]);
	cr_expect_eq(a0(th[1]), 0x6);
}

/* ---- faults ------------------------------------------------------------------- */

/* t's faults go to ep1 with badge 0xf0 + i; th[7] handles them, its C_EP
 * now naming ep1. */
static struct tcb *with_fault_handler(struct tcb *t)
{
	give(t, C_Z, O_EP1, W, 0xf0 + (word_t)(t->name[0] - 'A'));
	cdt_insert_derived(cslot(t, C_Z), &t->slots[TCB_SLOT_FAULT_EP], cslot(t, C_Z)->cap);
	cdt_remove(cslot(th[7], C_EP));
	give(th[7], C_EP, O_EP1, R, 0);
	return th[7];
}

static void handler_recv(struct tcb *h)
{
	give(h, C_X, O_REPLY1, ALL, 0);
	recv(h, C_EP, C_X);
}

IPC_TEST(fault_is_delivered_to_the_fault_endpoint_as_a_call)
{
	struct tcb *t = th[2];
	struct tcb *h = with_fault_handler(t);
	handler_recv(h);
	run(t);
	struct user_context before = t->ctx;
	word_t words[] = { 0x1000, 0xbad, RN_FAULT_ACCESS_WRITE, 15 };
	ipc_fault(t, RN_FAULT_VM, words, 4);
	cr_expect_eq(t->state, THREAD_BLOCKED_REPLY);
	cr_expect(memcmp(&before, &t->ctx, sizeof(before)) == 0, "registers untouched");
	expect_runnable(h);
	cr_expect_eq(a0(h), 0xf2);
	cr_expect_eq(a1(h), RN_MSGINFO(RN_FAULT_VM, 0, 0, 4));
	for (word_t i = 0; i < 4; i++)
		cr_expect_eq(mr(h, i), words[i]);
}

IPC_TEST(fault_waits_in_the_send_queue_until_the_handler_receives)
{
	struct tcb *t = th[2];
	struct tcb *h = with_fault_handler(t);
	run(t);
	arch_set_register(&t->ctx, RN_REG_INFO, 0xabc);
	arch_set_mr(&t->ctx, 0, 0xdef);
	ipc_fault(t, RN_FAULT_UNKNOWN_SYSCALL, (word_t[]){ 99, 0x2000 }, 2);
	cr_expect_eq(t->state, THREAD_BLOCKED_SEND);
	handler_recv(h);
	cr_expect_eq(a1(h), RN_MSGINFO(RN_FAULT_UNKNOWN_SYSCALL, 0, 0, 2));
	cr_expect_eq(mr(h, 0), 99);
	cr_expect_eq(mr(h, 1), 0x2000);
	cr_expect_eq(t->state, THREAD_BLOCKED_REPLY);
	cr_expect_eq(arch_get_register(&t->ctx, RN_REG_INFO), 0xabc, "registers untouched");
	cr_expect_eq(arch_get_mr(&t->ctx, 0), 0xdef);
}

IPC_TEST(fault_reply_with_label_0_restarts_the_thread_as_it_was)
{
	struct tcb *t = th[2];
	struct tcb *h = with_fault_handler(t);
	handler_recv(h);
	run(t);
	t->ctx.sepc = 0x4000;
	struct user_context before = t->ctx;
	ipc_fault(t, RN_FAULT_VM, (word_t[]){ 0x4000, 0x8 }, 2);
	set_mr(h, 0, 0x5555);
	run(h);
	ipc_reply(h, lookup(h, C_X), RN_MSGINFO(0, 0, 0, 1));
	expect_runnable(t);
	cr_expect(t->queued);
	cr_expect(memcmp(&before, &t->ctx, sizeof(before)) == 0, "resumes exactly");
}

IPC_TEST(fault_reply_with_another_label_suspends_the_thread)
{
	struct tcb *t = th[2];
	struct tcb *h = with_fault_handler(t);
	handler_recv(h);
	run(t);
	ipc_fault(t, RN_FAULT_USER_EXCEPTION, (word_t[]){ 0x4000, 2, 0 }, 3);
	run(h);
	ipc_reply(h, lookup(h, C_X), RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(t->state, THREAD_INACTIVE);
	cr_expect_not(t->queued);
}

IPC_TEST(fault_without_fault_endpoint_logs_and_suspends)
{
	struct tcb *t = th[2];
	run(t);
	ipc_fault(t, RN_FAULT_VM, (word_t[]){ 0x1234, 0x5678, 0, 13 }, 4);
	cr_expect_eq(t->state, THREAD_INACTIVE);
	const char *log = host_console_text();
	cr_expect_neq(strstr(log, "fault 1"), NULL, "log: %s", log);
	cr_expect_neq(strstr(log, "0x1234"), NULL, "log: %s", log);
	cr_expect_neq(strstr(log, "0x5678"), NULL, "log: %s", log);
}

IPC_TEST(fault_to_a_handler_without_reply_object_suspends_the_thread)
{
	struct tcb *t = th[2];
	struct tcb *h = with_fault_handler(t);
	recv(h, C_EP, 0);
	run(t);
	ipc_fault(t, RN_FAULT_VM, (word_t[]){ 1, 2 }, 2);
	cr_expect_eq(t->state, THREAD_INACTIVE);
	expect_runnable(h);
	cr_expect_eq(RN_MSGINFO_LABEL(a1(h)), RN_FAULT_VM);
}

/* ---- cancellation and finalisation ------------------------------------------- */

IPC_TEST(cancel_mid_send_takes_the_thread_out_of_the_queue)
{
	for (int i = 2; i <= 4; i++)
		send(th[i], C_EP_BADGED, RN_MSGINFO(1, 0, 0, 0));
	ipc_cancel(th[3]);
	cr_expect_eq(th[3]->state, THREAD_INACTIVE);
	cr_expect_null(th[3]->wait_next);
	cr_expect_null(th[3]->wait_prev);
	recv(th[1], C_EP, 0);
	cr_expect_eq(a0(th[1]), 0x102);
	recv(th[1], C_EP, 0);
	cr_expect_eq(a0(th[1]), 0x104);
	recv(th[1], C_EP, 0);
	cr_expect_eq(th[1]->state, THREAD_BLOCKED_RECV, "queue empty");
}

IPC_TEST(cancel_of_a_thread_not_in_ipc_changes_nothing)
{
	arch_set_register(&th[1]->ctx, RN_REG_INFO, 0x31);
	ipc_cancel(th[1]);
	expect_runnable(th[1]);
	cr_expect_eq(a1(th[1]), 0x31);
}

IPC_TEST(cancel_of_the_only_sender_leaves_the_endpoint_idle)
{
	send(th[2], C_EP, RN_MSGINFO(1, 0, 0, 0));
	thread_suspend(th[2]);
	cr_expect_eq(((word_t *)paddr_to_kptr(EP_PA(0)))[0], 0);
	cr_expect_eq(((word_t *)paddr_to_kptr(EP_PA(0)))[1], 0);
}

IPC_TEST(cancel_mid_recv_forgets_the_offered_reply_object)
{
	recv(th[0], C_EP, C_REPLY);
	ipc_cancel(th[0]);
	cr_expect_eq(th[0]->state, THREAD_INACTIVE);
	cr_expect_null(th[0]->ipc_reply);
	word_t *reply = paddr_to_kptr(REPLY_PA(0));
	cr_expect_eq(reply[0], 0);
	cr_expect_eq(reply[1], 0);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(th[3]->state, THREAD_BLOCKED_SEND, "nobody receives any more");
}

IPC_TEST(cancel_mid_reply_unbinds_the_reply_object)
{
	recv(th[0], C_EP, C_REPLY);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	thread_suspend(th[3]); /* as when its TCB is deleted */
	cr_expect_eq(th[3]->state, THREAD_INACTIVE);
	cr_expect_eq(((word_t *)paddr_to_kptr(REPLY_PA(0)))[0], 0, "nothing points at it");
	arch_set_register(&th[3]->ctx, RN_REG_INFO, 0x66);
	run(th[0]);
	ipc_reply(th[0], lookup(th[0], C_REPLY), RN_MSGINFO(1, 0, 0, 0));
	cr_expect_eq(a1(th[3]), 0x66, "the reply went nowhere");
}

IPC_TEST(cancel_mid_notification_wait)
{
	recv(th[1], C_NTFN, 0);
	recv(th[2], C_NTFN, 0);
	ipc_cancel(th[1]);
	notification_signal(NTFN_PA(0), 1);
	expect_runnable(th[2]);
	cr_expect_eq(th[1]->state, THREAD_INACTIVE);
}

IPC_TEST(endpoint_finalise_wakes_every_waiter_with_the_cancelled_label)
{
	for (int i = 2; i <= 4; i++)
		send(th[i], C_EP, RN_MSGINFO(1, 0, 0, 0));
	run(th[0]); /* the thread whose Delete finalises */
	endpoint_finalise(EP_PA(0));
	for (int i = 2; i <= 4; i++) {
		expect_cancelled(th[i]);
		cr_expect(th[i]->queued);
	}
	cr_expect_eq(*(word_t *)paddr_to_kptr(EP_PA(0)), 0);

	recv(th[0], C_EP, C_REPLY);
	recv(th[1], C_EP, 0);
	endpoint_finalise(EP_PA(0));
	expect_cancelled(th[0]);
	expect_cancelled(th[1]);
	cr_expect_eq(((word_t *)paddr_to_kptr(REPLY_PA(0)))[1], 0, "offer forgotten");
}

IPC_TEST(endpoint_finalise_suspends_a_thread_waiting_to_send_a_fault)
{
	struct tcb *t = th[2];
	with_fault_handler(t);
	run(t);
	ipc_fault(t, RN_FAULT_VM, (word_t[]){ 1, 2 }, 2);
	cr_expect_eq(t->state, THREAD_BLOCKED_SEND);
	endpoint_finalise(EP_PA(1));
	cr_expect_eq(t->state, THREAD_INACTIVE);
}

IPC_TEST(notification_finalise_wakes_waiters_and_unbinds)
{
	give(th[3], C_X, O_NTFN1, ALL, 0);
	recv(th[1], C_NTFN, 0);
	recv(th[2], C_NTFN, 0);
	cr_expect_not(tcb_bind_notification(th[4], NTFN_PA(0)), "threads wait on it");
	notification_finalise(NTFN_PA(0));
	expect_cancelled(th[1]);
	expect_cancelled(th[2]);

	cr_assert(tcb_bind_notification(th[3], NTFN_PA(1)));
	notification_finalise(NTFN_PA(1));
	cr_expect_null(th[3]->bound_ntfn);
	cr_expect_null(((void **)paddr_to_kptr(NTFN_PA(1)))[3]);
}

IPC_TEST(reply_finalise_cancels_the_waiting_caller)
{
	recv(th[0], C_EP, C_REPLY);
	call(th[3], C_EP, RN_MSGINFO(1, 0, 0, 0));
	run(th[0]);
	reply_finalise(REPLY_PA(0));
	expect_cancelled(th[3]);
	cr_expect(th[3]->queued);
}

IPC_TEST(reply_finalise_suspends_a_fault_caller)
{
	struct tcb *t = th[2];
	struct tcb *h = with_fault_handler(t);
	handler_recv(h);
	run(t);
	struct user_context before = t->ctx;
	ipc_fault(t, RN_FAULT_VM, (word_t[]){ 1, 2 }, 2);
	reply_finalise(REPLY_PA(1));
	cr_expect_eq(t->state, THREAD_INACTIVE);
	cr_expect(memcmp(&before, &t->ctx, sizeof(before)) == 0);
}

IPC_TEST(reply_finalise_wakes_a_receiver_that_offered_it)
{
	recv(th[0], C_EP, C_REPLY);
	reply_finalise(REPLY_PA(0));
	expect_cancelled(th[0]);
	cr_expect_null(th[0]->ipc_reply);
	cr_expect_eq(*(word_t *)paddr_to_kptr(EP_PA(0)), 0, "left the endpoint queue");
}

IPC_TEST(deleted_caller_leaves_nothing_pointing_at_it)
{
	/* A caller queued on an endpoint, with a bound notification, has its
	 * TCB deleted: afterwards the objects hold no trace of it. */
	struct tcb *c = th[3];
	cr_assert(tcb_bind_notification(c, NTFN_PA(1)));
	call(c, C_EP, RN_MSGINFO(1, 0, 0, 0));
	tcb_finalise(c);
	tcb_unbind_notification(c); /* asked of tcb_finalise: docs/ipc.md */
	word_t *ep = paddr_to_kptr(EP_PA(0)), *n = paddr_to_kptr(NTFN_PA(1));
	cr_expect_eq(ep[0], 0);
	cr_expect_eq(ep[1], 0);
	cr_expect_eq(n[3], 0);
	cr_expect_null(c->bound_ntfn);
}
