/* IPC from user level: endpoints (both orders, badges, long messages, cap
 * transfer with and without Grant), Call and reply objects, notifications
 * (badge bits, poll, binding), and cancellation when objects or threads
 * die mid-IPC. The root task runs at priority 255 here; test threads below
 * it run whenever the root blocks. */
#include <rn/cnode.h>
#include <rn/ipc.h>
#include <rn/tcb.h>
#include <rn/vspace.h>
#include "ktest.h"
#include "objects.h"

#define PRIO 200

static rn_cptr_t ep, done;
static volatile rn_word_t got[12];
static volatile rn_word_t got_badge, got_info;

static rn_word_t info(rn_word_t label, rn_word_t caps, rn_word_t len)
{
	return RN_MSGINFO(label, 0, caps, len);
}

static void sender(rn_word_t cap)
{
	rn_word_t mr[4] = { 1, 2, 3, 0 };
	rn_send(cap, info(7, 0, 3), mr);
}

static void receiver(rn_word_t cap)
{
	struct rn_msg m = rn_recv(cap, 0);
	got_badge = m.badge;
	got_info = m.info;
	for (int i = 0; i < 4; i++)
		got[i] = m.mr[i];
	rn_signal(done);
}

static void caller(rn_word_t cap)
{
	rn_word_t sum = 0;
	for (rn_word_t i = 1; i <= 3; i++) {
		rn_word_t mr[4] = { i, 10 * i, 0, 0 };
		struct rn_msg m = rn_call(cap, info(5, 0, 2), mr);
		sum += m.mr[0];
		got_info = m.info;
	}
	got[0] = sum;
	rn_signal(done);
}

static void long_sender(rn_word_t cap)
{
	for (unsigned i = 0; i < 10; i++)
		rn_set_mr(i, 100 + i);
	rn_word_t mr[4] = { 100, 101, 102, 103 };
	rn_send(cap, info(9, 0, 10), mr);
}

static void cap_sender(rn_word_t cap)
{
	rn_word_t mr[4] = { 0 };
	rn_ipc_buffer()->caps_or_badges[0] = got[11]; /* the cap to send */
	rn_send(cap, info(3, 1, 1), mr);
}

static void signaller(rn_word_t cap)
{
	rn_signal(cap);
}

static void recv_forever(rn_word_t cap)
{
	struct rn_msg m = rn_recv(cap, 0);
	got_info = m.info;
	got_badge = m.badge;
	rn_signal(done);
}

static void send_forever(rn_word_t cap)
{
	rn_word_t mr[4] = { 0 };
	rn_send(cap, info(1, 0, 0), mr);
	got[0] = 0xbad; /* never: nobody receives and the thread dies */
}

/* One system call with t0..t6 set to mine .. mine+6 before it, which an
 * ecall may clobber (<ration/syscall.h>) but must never fill with another
 * thread's values: returns how many of t0..t6 hold one of theirs ..
 * theirs+6 after it, and the mr0 that came back. */
static rn_word_t ecall_with_secrets(rn_word_t sys, rn_word_t cap, rn_word_t mi, rn_word_t mr0,
                                    rn_word_t reply, rn_word_t mine, rn_word_t theirs,
                                    rn_word_t *mr0_out)
{
	register rn_word_t a0 __asm__("a0") = cap;
	register rn_word_t a1 __asm__("a1") = mi;
	register rn_word_t a2 __asm__("a2") = mr0;
	register rn_word_t a3 __asm__("a3"), a4 __asm__("a4"), a5 __asm__("a5");
	register rn_word_t a6 __asm__("a6") = reply;
	register rn_word_t a7 __asm__("a7") = sys;
	register rn_word_t s2 __asm__("s2") = mine;
	register rn_word_t s3 __asm__("s3") = theirs;
	register rn_word_t s4 __asm__("s4");
	__asm__ volatile("addi t0, s2, 0\n\taddi t1, s2, 1\n\taddi t2, s2, 2\n\t"
	                 "addi t3, s2, 3\n\taddi t4, s2, 4\n\taddi t5, s2, 5\n\t"
	                 "addi t6, s2, 6\n\t"
	                 "ecall\n\t"
	                 "sub t0, t0, s3\n\tsltiu t0, t0, 7\n\t"
	                 "sub t1, t1, s3\n\tsltiu t1, t1, 7\n\t"
	                 "sub t2, t2, s3\n\tsltiu t2, t2, 7\n\t"
	                 "sub t3, t3, s3\n\tsltiu t3, t3, 7\n\t"
	                 "sub t4, t4, s3\n\tsltiu t4, t4, 7\n\t"
	                 "sub t5, t5, s3\n\tsltiu t5, t5, 7\n\t"
	                 "sub t6, t6, s3\n\tsltiu t6, t6, 7\n\t"
	                 "add s4, t0, t1\n\tadd s4, s4, t2\n\tadd s4, s4, t3\n\t"
	                 "add s4, s4, t4\n\tadd s4, s4, t5\n\tadd s4, s4, t6"
	                 : "+r"(a0), "+r"(a1), "+r"(a2), "=r"(a3), "=r"(a4), "=r"(a5), "=r"(s4)
	                 : "r"(a6), "r"(a7), "r"(s2), "r"(s3)
	                 : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "memory");
	*mr0_out = a2;
	return s4;
}

#define CALLER_SECRETS 0x5ec0000ul
#define SERVER_SECRETS 0x5e50000ul

/* Calls three times with secrets in t0..t6; got[0] = the server's secrets
 * it found after its calls, got[1] = the answers that were wrong. */
static void secret_caller(rn_word_t cap)
{
	rn_word_t leaks = 0, wrong = 0, answer;
	for (rn_word_t i = 1; i <= 3; i++) {
		leaks += ecall_with_secrets(RN_SYS_CALL, cap, info(5, 0, 1), i, 0, CALLER_SECRETS,
		                            SERVER_SECRETS, &answer);
		wrong += answer != i + 1;
	}
	got[0] = leaks;
	got[1] = wrong;
	rn_signal(done);
}

/* The IPC fastpath hands the CPU from one thread straight to another
 * (Call to a waiting server, ReplyRecv to its caller), and an ecall keeps
 * no temporaries: neither side may find the other's t0..t6. */
static void test_temporaries_do_not_leak(void)
{
	rn_cptr_t reply = make_object(RN_OBJ_REPLY, 0);
	rn_word_t leaks = 0, mr0;
	got[0] = got[1] = 0xbad;
	ktest_thread(secret_caller, ep, PRIO, 0);
	leaks += ecall_with_secrets(RN_SYS_RECV, ep, 0, 0, reply, SERVER_SECRETS, CALLER_SECRETS,
	                            &mr0);
	for (int i = 1; i <= 3; i++) {
		CHECK(mr0 == (rn_word_t)i);
		if (i < 3) {
			leaks += ecall_with_secrets(RN_SYS_REPLY_RECV, ep, info(0, 0, 1), mr0 + 1,
			                            reply, SERVER_SECRETS, CALLER_SECRETS, &mr0);
		} else {
			rn_word_t answer[4] = { mr0 + 1, 0, 0, 0 };
			rn_reply(reply, info(0, 0, 1), answer);
		}
	}
	rn_wait(done);
	CHECK(leaks == 0);
	CHECK(got[0] == 0);
	CHECK(got[1] == 0);
}

static void test_send_and_receive(void)
{
	rn_cptr_t badged = ktest_slot();
	CHECK_ERR(rn_cnode_mint(RN_SLOT_ROOT_CNODE, badged, 64, RN_SLOT_ROOT_CNODE, ep, 64,
	                        RN_RIGHTS_ALL, 0x42),
	          RN_OK);
	/* Receiver first: the root blocks, the sender finds it waiting. */
	ktest_thread(sender, badged, PRIO, 0);
	struct rn_msg m = rn_recv(ep, 0);
	CHECK(m.badge == 0x42);
	CHECK(RN_MSGINFO_LABEL(m.info) == 7 && RN_MSGINFO_LENGTH(m.info) == 3);
	CHECK(m.mr[0] == 1 && m.mr[1] == 2 && m.mr[2] == 3);

	/* Sender first: the root blocks sending until the thread receives. */
	ktest_thread(receiver, ep, PRIO, 0);
	rn_word_t mr[4] = { 9, 8, 7, 6 };
	rn_send(badged, info(11, 0, 4), mr);
	rn_wait(done);
	CHECK(got_badge == 0x42 && RN_MSGINFO_LABEL(got_info) == 11);
	CHECK(got[0] == 9 && got[3] == 6);

	/* A long message goes through both IPC buffers. */
	ktest_thread(long_sender, ep, PRIO, 0);
	m = rn_recv(ep, 0);
	CHECK(RN_MSGINFO_LENGTH(m.info) == 10 && m.mr[3] == 103);
	CHECK(rn_get_mr(4) == 104 && rn_get_mr(9) == 109);

	/* NBRecv with nobody sending returns at once with nothing. */
	m = rn_nbrecv(ep, 0);
	CHECK(m.badge == 0 && m.info == 0);
}

static void test_call_and_reply(void)
{
	rn_cptr_t reply = make_object(RN_OBJ_REPLY, 0);
	ktest_thread(caller, ep, PRIO, 0);
	struct rn_msg m = rn_recv(ep, reply);
	for (int i = 1; i <= 3; i++) {
		CHECK(RN_MSGINFO_LABEL(m.info) == 5 && m.mr[0] == (rn_word_t)i);
		rn_word_t answer[4] = { m.mr[0] + m.mr[1], 0, 0, 0 };
		if (i < 3) {
			m = rn_reply_recv(ep, info(0, 0, 1), answer, reply);
		} else {
			rn_reply(reply, info(0, 0, 1), answer);
		}
	}
	rn_wait(done);
	CHECK(got[0] == 11 + 22 + 33);
	CHECK(RN_MSGINFO_LABEL(got_info) == 0);
	/* Replying again: the reply object is unbound now, nothing happens. */
	rn_word_t none[4] = { 0 };
	rn_reply(reply, info(0, 0, 0), none);
}

static void test_cap_transfer(void)
{
	rn_cptr_t frame = make_object(RN_OBJ_FRAME_4K, 0);
	rn_word_t paddr = 0, got_paddr = 0;
	CHECK_ERR(rn_frame_get_address(frame, &paddr), RN_OK);
	got[11] = frame;

	/* With Grant: the cap arrives in the receive slot. */
	rn_cptr_t slot = ktest_slot();
	struct rn_ipc_buffer *b = rn_ipc_buffer();
	b->receive_cnode = RN_SLOT_ROOT_CNODE;
	b->receive_index = slot;
	b->receive_depth = 64;
	ktest_thread(cap_sender, ep, PRIO, 0);
	struct rn_msg m = rn_recv(ep, 0);
	CHECK(RN_MSGINFO_CAPS(m.info) == 1);
	CHECK_ERR(rn_frame_get_address(slot, &got_paddr), RN_OK);
	CHECK(got_paddr == paddr);

	/* Without Grant: the message comes, the cap does not. */
	rn_cptr_t no_grant = ktest_slot(), slot2 = ktest_slot();
	CHECK_ERR(rn_cnode_mint(RN_SLOT_ROOT_CNODE, no_grant, 64, RN_SLOT_ROOT_CNODE, ep, 64,
	                        RN_RIGHT_READ | RN_RIGHT_WRITE, 0),
	          RN_OK);
	b->receive_index = slot2;
	ktest_thread(cap_sender, no_grant, PRIO, 0);
	m = rn_recv(ep, 0);
	CHECK(RN_MSGINFO_LABEL(m.info) == 3 && RN_MSGINFO_CAPS(m.info) == 0);
	CHECK_ERR(rn_frame_get_address(slot2, &got_paddr), RN_INVALID_CAPABILITY);
	b->receive_cnode = b->receive_index = b->receive_depth = 0;
}

static void test_notifications(void)
{
	rn_cptr_t n = make_object(RN_OBJ_NOTIFICATION, 0);
	rn_cptr_t b1 = ktest_slot(), b4 = ktest_slot();
	CHECK_ERR(
	    rn_cnode_mint(RN_SLOT_ROOT_CNODE, b1, 64, RN_SLOT_ROOT_CNODE, n, 64, RN_RIGHTS_ALL, 1),
	    RN_OK);
	CHECK_ERR(
	    rn_cnode_mint(RN_SLOT_ROOT_CNODE, b4, 64, RN_SLOT_ROOT_CNODE, n, 64, RN_RIGHTS_ALL, 4),
	    RN_OK);
	CHECK(rn_poll(n) == 0);
	rn_signal(b1);
	rn_signal(b4);
	CHECK(rn_poll(n) == 5); /* the bits OR together, and polling clears them */
	CHECK(rn_poll(n) == 0);
	ktest_thread(signaller, b4, PRIO, 0);
	CHECK(rn_wait(n) == 4); /* blocks until the thread signals */

	/* Bound to the root TCB: a Recv on an endpoint returns for a signal. */
	CHECK_ERR(rn_tcb_bind_notification(RN_SLOT_ROOT_TCB, n), RN_OK);
	CHECK_ERR(rn_tcb_bind_notification(RN_SLOT_ROOT_TCB, n), RN_ILLEGAL_OPERATION);
	ktest_thread(signaller, b1, PRIO, 0);
	struct rn_msg m = rn_recv(ep, 0);
	CHECK(m.badge == 1);
	CHECK_ERR(rn_tcb_unbind_notification(RN_SLOT_ROOT_TCB), RN_OK);
	CHECK_ERR(rn_tcb_unbind_notification(RN_SLOT_ROOT_TCB), RN_ILLEGAL_OPERATION);
}

static void test_cancel_by_delete(void)
{
	/* A receiver blocked on an endpoint that is then deleted. The root
	 * waits on `done` for a signaller that runs after the receiver (same
	 * priority, FIFO), so the receiver is blocked by then. */
	rn_cptr_t ep2 = make_object(RN_OBJ_ENDPOINT, 0);
	ktest_thread(recv_forever, ep2, PRIO, 0);
	ktest_thread(signaller, done, PRIO, 0); /* runs after recv_forever blocked */
	rn_wait(done);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, ep2, 64), RN_OK);
	rn_wait(done); /* recv_forever woke and signalled */
	CHECK(RN_MSGINFO_LABEL(got_info) == ((1ull << 52) - 1)); /* RN_LABEL_IPC_CANCELLED */
	CHECK(got_badge == 0);

	/* A sender's TCB deleted while it waits: the endpoint forgets it. */
	rn_cptr_t ep3 = make_object(RN_OBJ_ENDPOINT, 0);
	got[0] = 0;
	rn_cptr_t t = ktest_thread(send_forever, ep3, PRIO, 0);
	ktest_thread(signaller, done, PRIO, 0);
	rn_wait(done); /* send_forever is blocked now */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, t, 64), RN_OK);
	struct rn_msg m = rn_nbrecv(ep3, 0);
	CHECK(m.info == 0 && m.badge == 0);
	CHECK(got[0] == 0);
}

void test_ipc(void)
{
	ep = make_object(RN_OBJ_ENDPOINT, 0);
	done = make_object(RN_OBJ_NOTIFICATION, 0);
	test_send_and_receive();
	test_call_and_reply();
	test_temporaries_do_not_leak();
	test_cap_transfer();
	test_notifications();
	test_cancel_by_delete();
}
