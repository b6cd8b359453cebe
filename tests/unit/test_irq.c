/* IRQ handler caps, the timer line above all: IRQControl hands out line
 * RN_IRQ_TIMER; SetDeadline is refused on device lines and without its
 * word, passes the deadline to the arch, and deleting the handler cancels
 * it (the fake arch records the last deadline). */
#include <criterion/criterion.h>
#include "kernel/cap.h"
#include "kernel/irq.h"
#include "tests/unit/support/kfixture.h"

extern uint64_t fake_arch_timer_deadline;

#define S_CONTROL (KF_FREE_SLOT)
#define S_TIMER   (KF_FREE_SLOT + 1)
#define S_DEVICE  (KF_FREE_SLOT + 2)
#define S_NTFN    (KF_FREE_SLOT + 3)

static void setup(void)
{
	kf_boot_standard();
	irq_init(96);
	cdt_insert_after(cdt_head(), kf_slot(S_CONTROL), cap_control_new(CAP_IRQ_CONTROL), false,
	                 false);
	fake_arch_timer_deadline = 0;
}

TestSuite(irq, .init = setup);

static int irq_get(word_t irq, word_t slot)
{
	word_t mr[] = { irq, slot, 64 };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	return kf_invoke(S_CONTROL, RN_IRQ_CONTROL_GET, mr, 3, extra, 1);
}

static int set_deadline(word_t handler, word_t when)
{
	return kf_invoke(handler, RN_IRQ_HANDLER_SET_DEADLINE, &when, 1, NULL, 0);
}

Test(irq, control_hands_out_the_timer_line_once)
{
	cr_assert_eq(irq_get(RN_IRQ_TIMER, S_TIMER), RN_OK);
	cr_expect_eq(cap_type(&kf_slot(S_TIMER)->cap), CAP_IRQ_HANDLER);
	cr_expect_eq(cap_irq(&kf_slot(S_TIMER)->cap), RN_IRQ_TIMER);
	cr_expect_eq(irq_get(RN_IRQ_TIMER, S_DEVICE), RN_REVOKE_FIRST);
	cr_expect_eq(irq_get(96, S_DEVICE), RN_RANGE_ERROR);
	cr_expect_eq(kf_err.range_min, 0);
	cr_expect_eq(kf_err.range_max, 95);
}

Test(irq, set_deadline_reaches_the_arch_and_zero_cancels)
{
	cr_assert_eq(irq_get(RN_IRQ_TIMER, S_TIMER), RN_OK);
	cr_expect_eq(set_deadline(S_TIMER, 123456789), RN_OK);
	cr_expect_eq(fake_arch_timer_deadline, 123456789);
	cr_expect_eq(set_deadline(S_TIMER, 0), RN_OK);
	cr_expect_eq(fake_arch_timer_deadline, 0);
}

Test(irq, set_deadline_refused_on_a_device_line_and_without_its_word)
{
	cr_assert_eq(irq_get(10, S_DEVICE), RN_OK);
	cr_expect_eq(set_deadline(S_DEVICE, 5), RN_ILLEGAL_OPERATION);
	cr_expect_eq(kf_invoke(S_CONTROL, RN_IRQ_HANDLER_SET_DEADLINE, NULL, 0, NULL, 0),
	             RN_ILLEGAL_OPERATION);
	cr_assert_eq(irq_get(RN_IRQ_TIMER, S_TIMER), RN_OK);
	cr_expect_eq(kf_invoke(S_TIMER, RN_IRQ_HANDLER_SET_DEADLINE, NULL, 0, NULL, 0),
	             RN_TRUNCATED_MESSAGE);
	cr_expect_eq(fake_arch_timer_deadline, 0);
}

Test(irq, deleting_the_timer_handler_cancels_its_deadline)
{
	cr_assert_eq(irq_get(RN_IRQ_TIMER, S_TIMER), RN_OK);
	cr_assert_eq(set_deadline(S_TIMER, 1000), RN_OK);
	cr_expect_eq(kf_delete(S_TIMER), RN_OK);
	cr_expect_eq(fake_arch_timer_deadline, 0);
	cr_expect_eq(irq_get(RN_IRQ_TIMER, S_TIMER), RN_OK); /* the line is free again */
}

Test(irq, a_due_deadline_signals_the_bound_notification)
{
	cr_assert_eq(irq_get(RN_IRQ_TIMER, S_TIMER), RN_OK);
	cr_assert_eq(kf_retype(KF_UT_BIG, RN_OBJ_NOTIFICATION, 0, S_NTFN, 1), RN_OK);
	word_t extra[] = { S_NTFN };
	cr_assert_eq(kf_invoke(S_TIMER, RN_IRQ_HANDLER_SET_NOTIFICATION, NULL, 0, extra, 1), RN_OK);
	cr_expect(irq_deliver(RN_IRQ_TIMER));
	cr_expect_eq(kf_delete(S_TIMER), RN_OK);
	cr_expect(!irq_deliver(RN_IRQ_TIMER)); /* nobody holds it: the kernel's */
}
