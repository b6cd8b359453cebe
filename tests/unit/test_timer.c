/* Sleepers and interval timers (personality/timer.c) on the fake kernel:
 * the fake's time counter is set by hand (fpk_time) and the timer line's
 * deadline is what the fake last got (fpk_deadline); a woken sleeper's
 * notification is signalled, and SIGALRM is kept pending by blocking it. */
#include <criterion/criterion.h>

#include <ration/invocation.h>
#include <rn/px.h>

#include "personality/proc.h"
#include "personality/signal.h"
#include "personality/timer.h"
#include "tests/unit/support/px/fake_kernel.h"

#define ALRM (1ul << PX_SIGALRM)
#define EWB  (-PX_EWOULDBLOCK_INTERNAL)

static struct proc *init, *p, *q, *r;

/* init (pid 1, which signals with default actions leave alone), and p, q
 * and r; the time is 100. */
static void setup(void)
{
	fpk_setup();
	timer_init();
	init = fpk_process(18, 0);
	p = fpk_process(18, 0);
	q = fpk_process(18, 0);
	r = fpk_process(18, 0);
	fpk_time = 100;
}

TestSuite(timer, .init = setup);

/* The time is now: the timer line fires if its deadline has come (or
 * the server is told anyway, as after a notification it did not ask
 * for). */
static void expire_at(uint64_t now)
{
	fpk_time = now;
	fpk_timer_fires();
	timer_expired();
}

static unsigned wakes(const struct proc *x)
{
	return fpk_signals(CAP(x->pid, x->ntfn));
}

/* x's interval timer as PX_ALARM reads it: ticks left, and its interval. */
static uint64_t left_of(struct proc *x, uint64_t *interval)
{
	uint64_t left, iv;
	cr_assert_eq(timer_alarm(x, false, 0, 0, &left, &iv), 0);
	if (interval)
		*interval = iv;
	return left;
}

static void arm(struct proc *x, uint64_t value, uint64_t interval)
{
	uint64_t left, iv;
	cr_assert_eq(timer_alarm(x, true, value, interval, &left, &iv), 0);
}

static void block_alarm(struct proc *x)
{
	cr_assert_geq(signal_procmask(x, PX_SIG_BLOCK, ALRM), 0);
}

Test(timer, sleep_until_a_passed_deadline_answers_at_once)
{
	cr_assert_eq(timer_sleep_until(p, 100), 0, "now is not before it");
	cr_assert_eq(timer_sleep_until(p, 50), 0);
	cr_assert_eq(fpk_deadline(), 0, "the timer is not set");
}

Test(timer, sleep_until_a_future_deadline_asks_again_and_sets_the_timer)
{
	cr_assert_eq(timer_sleep_until(p, 500), EWB);
	cr_assert_eq(fpk_deadline(), 500);
	cr_assert_eq(wakes(p), 0);
}

Test(timer, sleeper_asking_again_before_its_deadline_waits_until_it)
{
	timer_sleep_until(p, 500);
	fpk_time = 300; /* woken early (a child ended) */
	cr_assert_eq(timer_sleep_until(p, 500), EWB);
	cr_assert_eq(fpk_deadline(), 500);
	fpk_time = 500;
	cr_assert_eq(timer_sleep_until(p, 500), 0);
	cr_assert_eq(fpk_deadline(), 0, "no sleeper is left");
}

Test(timer, timer_is_set_to_the_earliest_deadline)
{
	timer_sleep_until(p, 300);
	timer_sleep_until(q, 200);
	timer_sleep_until(r, 900);
	cr_assert_eq(fpk_deadline(), 200);
}

Test(timer, expiry_wakes_the_due_sleepers_in_deadline_order)
{
	timer_sleep_until(p, 300);
	timer_sleep_until(q, 200);
	timer_sleep_until(r, 900);
	expire_at(250);
	cr_assert_eq(wakes(q), 1);
	cr_assert_eq(wakes(p), 0, "not yet due");
	cr_assert_eq(fpk_deadline(), 300, "the next is p");
	expire_at(300);
	cr_assert_eq(wakes(p), 1);
	cr_assert_eq(wakes(q), 1, "q is woken once");
	cr_assert_eq(wakes(r), 0);
	cr_assert_eq(fpk_deadline(), 900);
}

Test(timer, expiry_wakes_every_sleeper_due_at_once)
{
	timer_sleep_until(p, 300);
	timer_sleep_until(q, 300);
	timer_sleep_until(r, 200);
	expire_at(1000);
	cr_assert_eq(wakes(p) + wakes(q) + wakes(r), 3);
	cr_assert_eq(fpk_deadline(), 0);
}

Test(timer, early_expiry_wakes_no_one_and_sets_the_timer_again)
{
	timer_sleep_until(p, 500);
	unsigned sets = fpk_count(RN_IRQ_HANDLER_SET_DEADLINE);
	expire_at(499);
	cr_assert_eq(wakes(p), 0);
	cr_assert_eq(fpk_deadline(), 500);
	cr_assert_gt(fpk_count(RN_IRQ_HANDLER_SET_DEADLINE), sets,
	             "it is set again: the server takes a deadline to fire once");
}

Test(timer, alarm_answers_the_old_value_and_sets_the_timer)
{
	uint64_t left = 9, iv = 9;
	cr_assert_eq(timer_alarm(p, true, 1000, 0, &left, &iv), 0);
	cr_assert_eq(left, 0, "it was disarmed");
	cr_assert_eq(iv, 0);
	cr_assert_eq(fpk_deadline(), 1100);
	fpk_time = 400;
	cr_assert_eq(left_of(p, &iv), 700);
	cr_assert_eq(iv, 0);
	cr_assert_eq(fpk_deadline(), 1100, "a query changes nothing");
}

Test(timer, alarm_overdue_but_not_yet_expired_has_one_tick_left)
{
	arm(p, 100, 0);
	fpk_time = 5000;
	cr_assert_eq(left_of(p, 0), 1, "still armed: never 0");
}

Test(timer, alarm_of_zero_disarms_and_answers_what_was_left)
{
	uint64_t left, iv;
	arm(p, 1000, 250);
	fpk_time = 600;
	cr_assert_eq(timer_alarm(p, true, 0, 0, &left, &iv), 0);
	cr_assert_eq(left, 500);
	cr_assert_eq(iv, 250);
	cr_assert_eq(fpk_deadline(), 0);
	cr_assert_eq(left_of(p, &iv), 0);
	cr_assert_eq(iv, 0, "a disarmed timer has no interval");
}

Test(timer, disarmed_alarm_answers_no_interval)
{
	uint64_t iv = 9;
	arm(p, 0, 250);
	cr_assert_eq(left_of(p, &iv), 0);
	cr_assert_eq(iv, 0, "the interval of a timer that is not armed is 0");
	cr_assert_eq(fpk_deadline(), 0);
}

Test(timer, alarm_beyond_the_maximum_is_EINVAL)
{
	uint64_t left, iv;
	arm(p, 1000, 0);
	cr_assert_eq(timer_alarm(p, true, PX_ALARM_MAX + 1, 0, &left, &iv), -PX_EINVAL);
	cr_assert_eq(timer_alarm(p, true, 10, PX_ALARM_MAX + 1, &left, &iv), -PX_EINVAL);
	cr_assert_eq(left_of(p, 0), 1000, "unchanged");
}

Test(timer, alarm_sends_sigalrm_once_without_an_interval)
{
	block_alarm(p);
	arm(p, 100, 0);
	expire_at(200);
	cr_assert_eq(p->sig_pending & ALRM, ALRM);
	cr_assert_eq(left_of(p, 0), 0, "disarmed");
	cr_assert_eq(fpk_deadline(), 0);
}

Test(timer, sigalrm_by_default_ends_the_process)
{
	arm(p, 100, 0);
	expire_at(200);
	cr_assert_eq(p->state, PROC_DOOMED);
	cr_assert_eq(p->exit_status, PX_W_SIGNALED(PX_SIGALRM));
}

Test(timer, interval_alarm_comes_again_an_interval_after_it_was_due)
{
	uint64_t iv;
	block_alarm(p);
	arm(p, 100, 50); /* due at 200 */
	expire_at(220);
	cr_assert_eq(p->sig_pending & ALRM, ALRM);
	cr_assert_eq(fpk_deadline(), 250);
	cr_assert_eq(left_of(p, &iv), 30);
	cr_assert_eq(iv, 50);
}

Test(timer, interval_alarm_does_not_make_up_for_missed_expiries)
{
	block_alarm(p);
	arm(p, 100, 50); /* due at 200 */
	expire_at(1010);
	cr_assert_eq(fpk_deadline(), 1060, "an interval from now, not from 1000 (200 + 16 * 50)");
}

Test(timer, sleepers_and_alarms_share_the_timer)
{
	block_alarm(q);
	timer_sleep_until(p, 500);
	arm(q, 200, 0); /* due at 300 */
	cr_assert_eq(fpk_deadline(), 300);
	expire_at(300);
	cr_assert_eq(q->sig_pending & ALRM, ALRM);
	cr_assert_eq(wakes(p), 0);
	cr_assert_eq(fpk_deadline(), 500);
}

Test(timer, forgotten_process_is_neither_woken_nor_signalled)
{
	block_alarm(p);
	timer_sleep_until(p, 300);
	arm(p, 100, 0); /* due at 200 */
	timer_sleep_until(q, 400);
	timer_forget(p);
	cr_assert_eq(fpk_deadline(), 400, "only q's is left");
	expire_at(1000);
	cr_assert_eq(wakes(p), 0);
	cr_assert_eq(p->sig_pending & ALRM, 0);
	cr_assert_eq(wakes(q), 1);
	cr_assert_eq(left_of(p, 0), 0);
}

Test(timer, forgetting_a_process_with_no_timer_changes_nothing)
{
	timer_sleep_until(q, 400);
	unsigned sets = fpk_count(RN_IRQ_HANDLER_SET_DEADLINE);
	timer_forget(p);
	cr_assert_eq(fpk_count(RN_IRQ_HANDLER_SET_DEADLINE), sets);
	expire_at(400);
	cr_assert_eq(wakes(q), 1);
}
