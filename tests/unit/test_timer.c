/* Sleepers and interval timers (personality/timer.c) on the fake kernel:
 * the fake's time counter is set by hand (fpk_time) and the timer line's
 * deadline is what the fake last got (fpk_deadline); a woken sleeper's
 * notification is signalled, and SIGALRM is kept pending by blocking it. */
#include <criterion/criterion.h>

#include <generated/config.h>
#include <ration/bootinfo.h>
#include <ration/invocation.h>
#include <rn/px.h>

#include "personality/proc.h"
#include "personality/signal.h"
#include "personality/timer.h"
#include "tests/unit/support/px/fake_kernel.h"

#define ALRM (1ul << PX_SIGALRM)
/* The shortest interval the server takes, in ticks, and one above it. */
#define MIN_IV ((uint64_t)CONFIG_PX_TIMER_MIN_US * 10)
#define IV     (2 * MIN_IV)
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
	arm(p, 1000, IV);
	fpk_time = 600;
	cr_assert_eq(timer_alarm(p, true, 0, 0, &left, &iv), 0);
	cr_assert_eq(left, 500);
	cr_assert_eq(iv, IV);
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
	arm(p, 100, IV); /* due at 200 */
	expire_at(220);
	cr_assert_eq(p->sig_pending & ALRM, ALRM);
	cr_assert_eq(fpk_deadline(), 200 + IV);
	cr_assert_eq(left_of(p, &iv), IV - 20);
	cr_assert_eq(iv, IV);
	cr_assert_eq(p->alarm_overruns, 0);
}

Test(timer, a_late_interval_alarm_fires_once_and_counts_what_it_missed)
{
	block_alarm(p);
	arm(p, 100, IV); /* due at 200, then 200 + IV, ... */
	expire_at(200 + 16 * IV + 10);
	cr_assert_eq(p->sig_pending & ALRM, ALRM, "one SIGALRM");
	cr_assert_eq(p->alarm_overruns, 16, "200 + IV ... 200 + 16 IV passed unsent");
	cr_assert_eq(fpk_deadline(), 200 + 17 * IV, "the next multiple after now, not now + IV");
}

Test(timer, an_interval_below_the_minimum_is_rounded_up)
{
	uint64_t iv;
	block_alarm(p);
	arm(p, 1, 1); /* 100 ns, every 100 ns */
	cr_assert_eq(fpk_deadline(), 101, "the first expiry as asked");
	cr_assert_eq(left_of(p, &iv), 1);
	cr_assert_eq(iv, MIN_IV, "the interval rounded up");
	expire_at(101);
	cr_assert_eq(fpk_deadline(), 101 + MIN_IV);
}

/* The server's time on an expiry is its owner's (TCB_Bill), each in
 * turn, and then its own again; nothing due bills no one. */
Test(timer, an_expiry_is_billed_to_its_owner_then_billing_ends)
{
	block_alarm(p);
	arm(p, 100, 0);
	cr_assert_eq(timer_sleep_until(q, 150), EWB);
	expire_at(50);
	cr_assert_eq(fpk_count(RN_TCB_BILL), 0, "nothing was due");
	expire_at(200);
	cr_assert_eq(fpk_count(RN_TCB_BILL), 3);
	cr_assert_eq(fpk_bill(0), fpk_object(CAP(q->pid, q->tcb)), "the sleeper's wake is its");
	cr_assert_eq(fpk_bill(1), fpk_object(CAP(p->pid, p->tcb)), "the SIGALRM is its owner's");
	cr_assert_eq(fpk_bill(2), fpk_object(ROOT(RN_SLOT_ROOT_TCB)), "then the server's own");
	cr_assert_neq(fpk_bill(2), 0);
}

/* A 1 us timer for a whole simulated second, the server woken every
 * 10 us regardless: it handles at most one expiry per minimum interval. */
Test(timer, a_storm_of_short_timers_costs_one_expiry_per_minimum_interval)
{
	block_alarm(p);
	arm(p, 10, 10);
	unsigned sets = fpk_count(RN_IRQ_HANDLER_SET_DEADLINE);
	for (uint64_t t = 100; t < 100 + 10000000; t += 100) {
		fpk_time = t;
		if (fpk_deadline() && fpk_deadline() <= t)
			expire_at(t);
	}
	unsigned expiries = fpk_count(RN_IRQ_HANDLER_SET_DEADLINE) - sets;
	cr_assert_leq(expiries, 10000000 / MIN_IV + 1, "%u expiries in a second", expiries);
	cr_assert_geq(expiries, 10000000 / MIN_IV - 1, "%u expiries in a second", expiries);
}

Test(timer, an_ignored_interval_alarm_parks_and_comes_back_when_not_ignored)
{
	uint64_t iv;
	signal_disposition(p, PX_SIGALRM, PX_SIG_IGN);
	arm(p, 100, IV); /* due at 200 */
	expire_at(200);
	cr_assert_eq(p->state, PROC_RUNNING);
	cr_assert_eq(p->sig_pending, 0);
	cr_assert_eq(fpk_deadline(), 0, "parked: the kernel is not asked to wake the server");
	fpk_time = 200 + 3 * IV + 5;
	cr_assert_eq(left_of(p, &iv), IV - 5, "still armed, in phase");
	cr_assert_eq(iv, IV);
	block_alarm(p);
	signal_disposition(p, PX_SIGALRM, PX_SIG_DFL);
	cr_assert_eq(fpk_deadline(), 200 + 4 * IV, "queued again, in phase");
	expire_at(200 + 4 * IV);
	cr_assert_eq(p->sig_pending & ALRM, ALRM);
}

Test(timer, a_parked_alarm_is_forgotten_and_disarmed_like_any)
{
	uint64_t iv;
	signal_disposition(p, PX_SIGALRM, PX_SIG_IGN);
	arm(p, 100, IV);
	expire_at(200);
	arm(p, 0, 0);
	cr_assert_eq(left_of(p, &iv), 0);
	arm(p, 100, IV);
	expire_at(400);
	timer_forget(p);
	cr_assert_eq(left_of(p, &iv), 0);
	signal_disposition(p, PX_SIGALRM, PX_SIG_DFL);
	cr_assert_eq(fpk_deadline(), 0, "nothing comes back");
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
