/* Threads for the tests: in the root task's CSpace and VSpace, each with
 * its own stack and IPC buffer, starting at fn(arg) and suspending itself
 * when fn returns. */
#include <rn/tcb.h>
#include <rn/vspace.h>
#include "ktest.h"
#include "objects.h"

#define THREADS     16
#define STACK_WORDS 1024
#define BUFFERS     0x50000000ul /* IPC buffers of test threads, a page each */

static rn_word_t stacks[THREADS][STACK_WORDS] __attribute__((aligned(16)));
static int started;

static void trampoline(rn_word_t arg, void (*fn)(rn_word_t), rn_cptr_t self)
{
	fn(arg);
	rn_tcb_suspend(self);
}

/* Maps a fresh frame at va of the root VSpace, with tables as needed. */
rn_cptr_t map_frame_at(rn_word_t va)
{
	rn_cptr_t f = make_object(RN_OBJ_FRAME_4K, 0);
	int err;
	while ((err = rn_frame_map(f, RN_SLOT_ROOT_VSPACE, va, RN_RIGHT_READ | RN_RIGHT_WRITE,
	                           0)) == RN_FAILED_LOOKUP)
		rn_page_table_map(make_object(RN_OBJ_PAGE_TABLE, 0), RN_SLOT_ROOT_VSPACE, va);
	CHECK_ERR(err, RN_OK);
	return f;
}

rn_cptr_t ktest_thread(void (*fn)(rn_word_t), rn_word_t arg, rn_word_t prio, rn_cptr_t fault_ep)
{
	int n = started++ % THREADS;
	rn_word_t buffer = BUFFERS + (rn_word_t)started * 4096;
	rn_cptr_t frame = map_frame_at(buffer);
	rn_cptr_t tcb = make_object(RN_OBJ_TCB, 0);
	CHECK_ERR(rn_tcb_configure(tcb, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, frame, buffer),
	          RN_OK);
	if (fault_ep)
		CHECK_ERR(rn_tcb_set_fault_ep(tcb, fault_ep), RN_OK);
	CHECK_ERR(rn_tcb_set_priority(tcb, prio), RN_OK);
	rn_word_t regs[RN_REG_ARG(2) + 1] = { 0 };
	regs[RN_REG_PC] = (rn_word_t)trampoline;
	regs[RN_REG_SP] = (rn_word_t)&stacks[n][STACK_WORDS];
	regs[RN_REG_TP] = buffer; /* its IPC buffer */
	regs[RN_REG_ARG(0)] = arg;
	regs[RN_REG_ARG(1)] = (rn_word_t)fn;
	regs[RN_REG_ARG(2)] = tcb;
	CHECK_ERR(rn_tcb_write_registers(tcb, 1, RN_REG_ARG(2) + 1, regs), RN_OK);
	return tcb;
}
