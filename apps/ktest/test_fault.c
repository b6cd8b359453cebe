/* Faults from user level: a page fault handled by mapping and replying, an
 * unknown system call and an illegal instruction reported with their
 * details, a fault with no handler, and revoking the untyped under a
 * running thread and a mapped frame. */
#include <ration/faults.h>
#include <rn/cnode.h>
#include <rn/ipc.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include <rn/vspace.h>
#include "ktest.h"
#include "objects.h"

#define PRIO     200
#define FAULT_VA 0x60000000ul
#define RW       (RN_RIGHT_READ | RN_RIGHT_WRITE)

static volatile rn_word_t seen, progress;
static rn_cptr_t done;

static void reader(rn_word_t va)
{
	seen = *(volatile rn_word_t *)va;
	progress = 1;
	rn_signal(done);
}

static void bad_syscall(rn_word_t unused)
{
	(void)unused;
	static const rn_word_t none[RN_MSG_REGISTERS];
	rn_syscall(4242, 0, 0, none, 0);
	progress = 2; /* not reached: the handler leaves it suspended */
}

static void bad_instruction(rn_word_t unused)
{
	(void)unused;
	__asm__ volatile(".word 0"); /* an illegal instruction */
	progress = 3;
}

static void spinner(rn_word_t va)
{
	for (;;) {
		progress++;
		*(volatile rn_word_t *)va = progress;
	}
}

void test_fault(void)
{
	rn_cptr_t fep = make_object(RN_OBJ_ENDPOINT, 0);
	rn_cptr_t badged = ktest_slot();
	CHECK_ERR(rn_cnode_mint(RN_SLOT_ROOT_CNODE, badged, 64, RN_SLOT_ROOT_CNODE, fep, 64,
	                        RN_RIGHTS_ALL, 0xfa),
	          RN_OK);
	rn_cptr_t reply = make_object(RN_OBJ_REPLY, 0);
	done = make_object(RN_OBJ_NOTIFICATION, 0);
	rn_word_t none[4] = { 0 };

	/* A page fault: the handler maps the page, writes it, and restarts. */
	seen = progress = 0;
	ktest_thread(reader, FAULT_VA, PRIO, badged);
	struct rn_msg m = rn_recv(fep, reply);
	CHECK(m.badge == 0xfa && RN_MSGINFO_LABEL(m.info) == RN_FAULT_VM);
	CHECK(m.mr[1] == FAULT_VA && m.mr[2] == RN_FAULT_ACCESS_READ);
	rn_cptr_t page = map_frame_at(FAULT_VA);
	*(volatile rn_word_t *)FAULT_VA = 0x77;
	rn_reply(reply, RN_MSGINFO(0, 0, 0, 0), none);
	rn_wait(done); /* it runs below us, restarted at the faulting load */
	CHECK(seen == 0x77 && progress == 1);

	/* An unknown system call: reported, and a non-zero reply label leaves
	 * the thread suspended. */
	progress = 0;
	rn_cptr_t t = ktest_thread(bad_syscall, 0, PRIO, badged);
	m = rn_recv(fep, reply);
	CHECK(RN_MSGINFO_LABEL(m.info) == RN_FAULT_UNKNOWN_SYSCALL && m.mr[0] == 4242);
	rn_reply(reply, RN_MSGINFO(1, 0, 0, 0), none);
	CHECK_ERR(rn_tcb_set_priority(t, 255), RN_OK); /* would run now if it could */
	rn_yield();
	CHECK(progress == 0);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, t, 64), RN_OK);

	/* An illegal instruction: a user exception with scause 2. */
	ktest_thread(bad_instruction, 0, PRIO, badged);
	m = rn_recv(fep, reply);
	CHECK(RN_MSGINFO_LABEL(m.info) == RN_FAULT_USER_EXCEPTION && m.mr[1] == 2);
	rn_reply(reply, RN_MSGINFO(1, 0, 0, 0), none);
	CHECK(progress == 0);

	/* No fault endpoint: the kernel suspends the thread (and logs it). */
	progress = 0;
	rn_cptr_t lone = ktest_thread(reader, FAULT_VA + 0x1000, 255, 0);
	rn_yield(); /* same priority: it runs, faults and is suspended */
	CHECK(progress == 0);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, lone, 64), RN_OK);

	/* Revoke the untyped holding a running thread and its mapped frame:
	 * the thread stops, the mapping goes, and the memory comes back
	 * zeroed when retyped. */
	rn_cptr_t ut = make_object(RN_OBJ_UNTYPED, 16);
	rn_cptr_t tcb = ktest_slot(), frame = ktest_slot();
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_TCB, 0, RN_SLOT_ROOT_CNODE, 0, 0, tcb, 1), RN_OK);
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, frame, 1),
	          RN_OK);
	rn_word_t va = FAULT_VA + 0x2000;
	CHECK_ERR(rn_frame_map(frame, RN_SLOT_ROOT_VSPACE, va, RW, 0), RN_OK);
	CHECK_ERR(rn_tcb_configure(tcb, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, 0, 0), RN_OK);
	CHECK_ERR(rn_tcb_set_priority(tcb, 100), RN_OK);
	static rn_word_t stack[512] __attribute__((aligned(16)));
	rn_word_t regs[RN_REG_ARG(0) + 1] = { 0 };
	regs[RN_REG_PC] = (rn_word_t)spinner;
	regs[RN_REG_SP] = (rn_word_t)&stack[512];
	regs[RN_REG_ARG(0)] = va;
	progress = 0;
	CHECK_ERR(rn_tcb_write_registers(tcb, 1, RN_REG_ARG(0) + 1, regs), RN_OK);
	CHECK_ERR(rn_tcb_set_priority(RN_SLOT_ROOT_TCB, 100), RN_OK); /* share the CPU */
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK(progress > 0 && *(volatile rn_word_t *)va != 0);
	CHECK_ERR(rn_tcb_set_priority(RN_SLOT_ROOT_TCB, 100), RN_OK);
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), RN_OK);
	rn_word_t stopped = progress;
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK(progress == stopped);
	/* The page is unmapped: another frame maps there without complaint. */
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0, frame, 1),
	          RN_OK);
	CHECK_ERR(rn_frame_map(frame, RN_SLOT_ROOT_VSPACE, va, RW, 0), RN_OK);
	CHECK(*(volatile rn_word_t *)va == 0);
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), RN_OK);
	(void)page;
}
