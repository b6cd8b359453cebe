/* Threads from user level: creation, registers, suspend/resume, and the
 * scheduler: a higher priority runs alone, equal priorities share the CPU,
 * a scheduling group shares it like one thread.
 * Runs last: it lowers the root task's own priority for good. */
#include <generated/config.h>
#include <rn/cnode.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include "ktest.h"
#include "objects.h"

#define STACK_WORDS 512

static rn_word_t stacks[7][STACK_WORDS] __attribute__((aligned(16)));
static volatile rn_word_t counter[7];
static volatile rn_word_t low_seen_before, low_seen_after;
static rn_cptr_t high_tcb;

static void spin(void)
{
	/* Which spinner am I: my stack says. */
	rn_word_t sp;
	__asm__ volatile("mv %0, sp" : "=r"(sp));
	int me = (int)((sp - (rn_word_t)stacks) / sizeof(stacks[0]));
	for (;;)
		counter[me]++;
}

/* Runs above the low spinner: the spinner must not move while it runs. */
static void high(void)
{
	low_seen_before = counter[0];
	for (volatile int i = 0; i < 2000000; i++)
		;
	low_seen_after = counter[0];
	rn_tcb_suspend(high_tcb);
}

static rn_cptr_t start_thread(void (*fn)(void), int stack, rn_word_t prio)
{
	rn_cptr_t tcb = make_object(RN_OBJ_TCB, 0);
	CHECK_ERR(rn_tcb_configure(tcb, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, 0, 0), RN_OK);
	CHECK_ERR(rn_tcb_set_priority(tcb, prio), RN_OK);
	rn_word_t regs[RN_REG_SP + 1] = { 0 };
	regs[RN_REG_PC] = (rn_word_t)fn;
	regs[RN_REG_SP] = (rn_word_t)&stacks[stack][STACK_WORDS];
	CHECK_ERR(rn_tcb_write_registers(tcb, 1, RN_REG_SP + 1, regs), RN_OK);
	return tcb;
}

static rn_word_t sum(int from, int to)
{
	rn_word_t s = 0;
	for (int i = from; i <= to; i++)
		s += counter[i];
	return s;
}

/* Root runs at priority 10 (test_tcb has lowered it). */
static void test_sched_group(void)
{
	rn_cptr_t g = make_object(RN_OBJ_SCHED_GROUP, 0);
	rn_cptr_t t = make_object(RN_OBJ_TCB, 0);
	/* Bad caps and arguments. */
	CHECK_ERR(rn_tcb_set_group(t, RN_SLOT_ROOT_CNODE), RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_tcb_set_group(g, g), RN_ILLEGAL_OPERATION); /* a group is no TCB */
	CHECK_ERR(rn_tcb_set_group(t, 0), RN_OK); /* leaving no group: nothing to do */
	CHECK_ERR(rn_tcb_resume(g), RN_ILLEGAL_OPERATION);

	/* Three spinners in a group, one alone, root busy beside them: the
	 * group gets about the CPU of one thread, not of three. */
	rn_cptr_t m[3];
	for (int i = 0; i < 3; i++) {
		m[i] = start_thread(spin, 3 + i, 10);
		CHECK_ERR(rn_tcb_set_group(m[i], g), RN_OK);
	}
	CHECK_ERR(rn_tcb_set_group(m[0], g), RN_OK); /* again: no change */
	CHECK_ERR(rn_tcb_set_priority(t, 9), RN_OK);
	CHECK_ERR(rn_tcb_set_group(t, g), RN_ILLEGAL_OPERATION); /* another priority */
	CHECK_ERR(rn_tcb_set_priority(m[0], 9), RN_ILLEGAL_OPERATION); /* grouped */
	CHECK_ERR(rn_tcb_set_priority(m[0], 10), RN_OK);               /* unchanged */
	rn_cptr_t lone = start_thread(spin, 6, 10);
	wait_ticks(bootinfo->timebase_hz / 10);
	rn_word_t g0 = sum(3, 5), l0 = counter[6];
	wait_ticks(bootinfo->timebase_hz / 2);
	rn_word_t dg = sum(3, 5) - g0, dl = counter[6] - l0;
	rn_printf("    group of 3: %lu, one thread: %lu\n", (unsigned long)dg, (unsigned long)dl);
	CHECK(dg > 0 && dl > 0);
	CHECK(dg < 2 * dl && dl < 2 * dg);
	CHECK(counter[3] > 0 && counter[4] > 0 && counter[5] > 0); /* each member ran */

	/* A member that leaves, and one deleted: the group stays consistent
	 * (the invariant checker runs after every call). */
	CHECK_ERR(rn_tcb_set_group(m[2], 0), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, m[1], 64), RN_OK);
	CHECK_ERR(rn_tcb_set_group(m[2], g), RN_OK);

	/* Deleting the group: its members go on, ungrouped. */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, g, 64), RN_OK);
	rn_word_t a = counter[3], b = counter[5];
	wait_ticks(bootinfo->timebase_hz / 5);
	CHECK(counter[3] > a && counter[5] > b);
	CHECK_ERR(rn_tcb_set_priority(m[0], 10), RN_OK);

	/* A group made from an untyped that is revoked, with a member. */
	rn_cptr_t ut = make_object(RN_OBJ_UNTYPED, 12);
	rn_cptr_t g2 = ktest_slot();
	CHECK_ERR(rn_untyped_retype(ut, RN_OBJ_SCHED_GROUP, 0, RN_SLOT_ROOT_CNODE, 0, 0, g2, 1),
	          RN_OK);
	CHECK_ERR(rn_tcb_set_group(m[0], g2), RN_OK);
	CHECK_ERR(rn_tcb_set_group(lone, g2), RN_OK);
	CHECK_ERR(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), RN_OK);
	a = counter[3];
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK(counter[3] > a);

	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, m[0], 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, m[2], 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, lone, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, t, 64), RN_OK);
}

/* Nested groups: three spinners, each in a subgroup of one group, get
 * the CPU of the one thread beside them; refusals change nothing. */
static void test_nested_groups(void)
{
	rn_cptr_t top = make_object(RN_OBJ_SCHED_GROUP, 0), sub[3], m[3];
	CHECK_ERR(rn_sched_group_set_parent(top, RN_SLOT_ROOT_CNODE), RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_sched_group_set_parent(top, top), RN_ILLEGAL_OPERATION); /* a loop */
	CHECK_ERR(rn_invoke(top, RN_TCB_RESUME, 0, 0, 0, 0, 0, 0), RN_ILLEGAL_OPERATION);
	for (int i = 0; i < 3; i++) {
		sub[i] = make_object(RN_OBJ_SCHED_GROUP, 0);
		CHECK_ERR(rn_sched_group_set_parent(sub[i], top), RN_OK);
		m[i] = start_thread(spin, 3 + i, 10);
		CHECK_ERR(rn_tcb_set_group(m[i], sub[i]), RN_OK);
	}
	CHECK_ERR(rn_sched_group_set_parent(top, sub[0]), RN_ILLEGAL_OPERATION); /* below it */
	rn_cptr_t lone = start_thread(spin, 6, 10);
	wait_ticks(bootinfo->timebase_hz / 10);
	rn_word_t g0 = sum(3, 5), l0 = counter[6];
	wait_ticks(bootinfo->timebase_hz / 2);
	rn_word_t dg = sum(3, 5) - g0, dl = counter[6] - l0;
	rn_printf("    3 subgroups of a group: %lu, one thread: %lu\n", (unsigned long)dg,
	          (unsigned long)dl);
	CHECK(dg > 0 && dl > 0);
	CHECK(dg < 2 * dl && dl < 2 * dg);
	/* A subgroup made a top group gets turns of its own. */
	CHECK_ERR(rn_sched_group_set_parent(sub[0], 0), RN_OK);
	/* Deleting the top: its subgroups become top groups; all still run. */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, top, 64), RN_OK);
	rn_word_t a = sum(3, 5);
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK(sum(3, 5) > a);
	for (int i = 0; i < 3; i++) {
		CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, m[i], 64), RN_OK);
		CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, sub[i], 64), RN_OK);
	}
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, lone, 64), RN_OK);
}

/* TCB_Bill: while root bills a thread that never runs, root's ticks are
 * that thread's served time; billing itself ends it; and a billed TCB
 * that dies ends the bill too (no dangling charge). Root runs alone. */
static void test_bill(void)
{
	rn_cptr_t t = make_object(RN_OBJ_TCB, 0);
	rn_word_t t0[2], t1[2], t2[2], r0[2], r1[2];
	CHECK_ERR(rn_tcb_bill(RN_SLOT_ROOT_CNODE), RN_ILLEGAL_OPERATION); /* no TCB */
	CHECK_ERR(rn_tcb_get_times(t, t0), RN_OK);
	CHECK(t0[0] == 0 && t0[1] == 0);
	CHECK_ERR(rn_tcb_bill(t), RN_OK);
	wait_ticks(bootinfo->timebase_hz / 5); /* 20 ticks of 10 ms */
	CHECK_ERR(rn_tcb_bill(RN_SLOT_ROOT_TCB), RN_OK);
	CHECK_ERR(rn_tcb_get_times(t, t1), RN_OK);
	rn_printf("    billed thread: %lu us served in 0.2 s\n", (unsigned long)t1[1]);
	CHECK(t1[0] == 0);
	CHECK(t1[1] >= 10 * CONFIG_TIMER_TICK_US);
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK_ERR(rn_tcb_get_times(t, t2), RN_OK);
	CHECK(t2[1] == t1[1]); /* root's time is its own again */

	CHECK_ERR(rn_tcb_bill(t), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, t, 64), RN_OK);
	CHECK_ERR(rn_tcb_get_times(RN_SLOT_ROOT_TCB, r0), RN_OK);
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK_ERR(rn_tcb_get_times(RN_SLOT_ROOT_TCB, r1), RN_OK);
	CHECK(r1[0] > r0[0]); /* the bill died with t */
}

void test_tcb(void)
{
	/* Errors first. */
	rn_cptr_t t = make_object(RN_OBJ_TCB, 0);
	CHECK_ERR(rn_tcb_resume(t), RN_ILLEGAL_OPERATION); /* no address space yet */
	CHECK_ERR(rn_tcb_configure(t, RN_SLOT_ROOT_VSPACE, RN_SLOT_ROOT_VSPACE, 0, 0),
	          RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_tcb_configure(t, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_CNODE, 0, 0),
	          RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_tcb_set_priority(t, 256), RN_RANGE_ERROR);
	rn_word_t regs[RN_TCB_REGISTERS];
	CHECK_ERR(rn_tcb_read_registers(t, RN_TCB_REGISTERS + 1, regs), RN_RANGE_ERROR);
	rn_cptr_t buf = make_object(RN_OBJ_FRAME_4K, 0);
	CHECK_ERR(rn_tcb_configure(t, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, buf, 0x1200),
	          RN_ALIGNMENT_ERROR);
	CHECK_ERR(
	    rn_tcb_configure(t, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, buf, 0xffffffc080200000ul),
	    RN_INVALID_ARGUMENT); /* a kernel address */
	CHECK_ERR(rn_tcb_configure(t, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, RN_SLOT_ROOT_CNODE,
	                           0x1000),
	          RN_INVALID_CAPABILITY); /* not a frame */
	CHECK_ERR(rn_tcb_configure(t, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, 0, 0), RN_OK);
	rn_word_t w[3] = { 0x1000, 0x2000, 0x3000 };
	CHECK_ERR(rn_tcb_write_registers(t, 4, 3, w), RN_RANGE_ERROR); /* an unknown flag */
	CHECK_ERR(rn_tcb_write_registers(t, RN_TCB_WRITE_FP_RESET, 3, w), RN_OK);
	CHECK_ERR(rn_tcb_read_registers(t, 3, regs), RN_OK);
	CHECK(regs[0] == 0x1000 && regs[1] == 0x2000 && regs[2] == 0x3000);
	rn_cptr_t t2 = make_object(RN_OBJ_TCB, 0);
	CHECK_ERR(rn_tcb_copy_registers(t2, t, 0, 0), RN_OK);
	CHECK_ERR(rn_tcb_read_registers(t2, 3, regs), RN_OK);
	CHECK(regs[0] == 0x1000 && regs[2] == 0x3000);
	CHECK_ERR(rn_tcb_copy_registers(t2, t, 0, 1), RN_ILLEGAL_OPERATION); /* t2: no VSpace */
	CHECK_ERR(rn_tcb_copy_registers(t2, RN_SLOT_ROOT_CNODE, 0, 0), RN_INVALID_CAPABILITY);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, t2, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, t, 64), RN_OK);

	/* A higher priority runs alone. Root 255 -> starts low (10) and high
	 * (20), then drops to 15: high runs to its end, low never runs. */
	rn_cptr_t low = start_thread(spin, 0, 10);
	high_tcb = start_thread(high, 1, 20);
	CHECK_ERR(rn_tcb_set_priority(RN_SLOT_ROOT_TCB, 15), RN_OK);
	CHECK(low_seen_after != 0 || low_seen_before == 0); /* high has finished */
	CHECK(low_seen_before == low_seen_after);
	CHECK(counter[0] == 0);

	/* Equal priorities share: root drops to 10 beside low and a second
	 * spinner; both counters move while root waits 0.2 s of time. */
	rn_cptr_t other = start_thread(spin, 2, 10);
	CHECK_ERR(rn_tcb_set_priority(RN_SLOT_ROOT_TCB, 10), RN_OK);
	wait_ticks(bootinfo->timebase_hz / 5);
	rn_word_t a = counter[0], b = counter[2];
	wait_ticks(bootinfo->timebase_hz / 5);
	CHECK(a > 0 && b > 0);
	CHECK(counter[0] > a && counter[2] > b);

	/* Suspend stops a thread; delete stops it for good. */
	CHECK_ERR(rn_tcb_suspend(low), RN_OK);
	rn_word_t frozen = counter[0];
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK(counter[0] == frozen);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, other, 64), RN_OK);
	rn_word_t gone = counter[2];
	wait_ticks(bootinfo->timebase_hz / 10);
	CHECK(counter[2] == gone);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, low, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, high_tcb, 64), RN_OK);

	test_sched_group();
	test_nested_groups();
	test_bill();
}
