/* Sleepers and interval timers (timer.h).
 *
 * Sleepers wait in a queue ordered by wake time, linked through their
 * records (struct proc: sleep), so the queue needs no memory of its own
 * and holds every process at most once; armed interval timers are a
 * second such queue (struct proc: alarm). The kernel's timer line
 * (RN_IRQ_TIMER) is kept set to the earliest time in either; its
 * notification is the server's own, with TIMER_BADGE, so serve() sees it
 * beside requests and calls timer_expired(). That signals the
 * notification of every sleeper due, which then asks again and gets its
 * answer (no reply capability is kept for a sleeper: "Calls that wait"),
 * and sends SIGALRM to every process whose timer is due. Insertion walks
 * the queue (linear in its length, a few in practice).
 *
 * What a timer may cost the server is bounded: a periodic timer's interval
 * is at least CONFIG_PX_TIMER_MIN_US; a late one fires once and is then
 * due at the next multiple of its interval after now (the expiries missed
 * are counted in alarm_overruns, not sent: SIGALRM does not queue
 * anyway); and one whose SIGALRM is ignored is parked, out of the queue,
 * until its owner stops ignoring it (signal.c calls signal_alarm_hook),
 * so an ignored timer costs one expiry, then nothing. */
#include "personality/timer.h"

#include "personality/console.h"
#include "personality/signal.h"
#include "personality/sysmem.h"

#include <generated/config.h>
#include <ration/invocation.h>
#include <stddef.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/irq.h>
#include <rn/px.h>
#include <rn/tcb.h>
#include <rn/timebase.h>

static uint64_t handler_slot; /* the timer line's handler */
static uint64_t programmed;   /* the deadline the kernel holds; 0: none */

/* A queue of processes ordered by a time: its first pid (0: empty) and
 * which link of the record it uses. */
struct queue {
	uint32_t first;
	size_t link; /* offsetof(struct proc, sleep or alarm) */
};
static struct queue sleepers = { 0, offsetof(struct proc, sleep) };
static struct queue alarms = { 0, offsetof(struct proc, alarm) };

static void alarm_wanted(struct proc *p);

static struct timer_link *link_in(const struct queue *q, struct proc *p)
{
	return (struct timer_link *)((char *)p + q->link);
}

static struct timer_link *link_of(const struct queue *q, uint32_t pid)
{
	return link_in(q, proc_get(pid));
}

void timer_init(void)
{
	uint64_t badged = sysmem_slot();
	handler_slot = sysmem_slot();
	int err = rn_cnode_mint(SELF, badged, DEPTH_ROOT_SLOT, SELF, console_notification(),
	                        DEPTH_ROOT_SLOT, RN_RIGHT_WRITE, TIMER_BADGE);
	if (!err)
		err = rn_irq_control_get(ROOT(RN_SLOT_IRQ_CONTROL), RN_IRQ_TIMER, SELF,
		                         handler_slot, DEPTH_ROOT_SLOT);
	if (!err)
		err = rn_irq_handler_set_notification(ROOT(handler_slot), ROOT(badged));
	if (err)
		die("the timer", err);
	signal_alarm_hook = alarm_wanted;
}

static uint64_t first_time(const struct queue *q)
{
	return q->first ? link_of(q, q->first)->at : 0;
}

/* Keeps the kernel's deadline at the first wake or alarm time. */
static void program(void)
{
	uint64_t sleep = first_time(&sleepers), alarm = first_time(&alarms);
	uint64_t want = !sleep ? alarm : !alarm || sleep < alarm ? sleep : alarm;
	if (want == programmed)
		return;
	int err = rn_irq_handler_set_deadline(ROOT(handler_slot), want);
	if (err)
		rn_printf("pxserver: setting the timer: %s\n", rn_error_name(err));
	else
		programmed = want;
}

/* Takes p out of q (if it is in it). */
static void unlink(struct queue *q, struct proc *p)
{
	struct timer_link *l = link_in(q, p);
	if (!l->at)
		return;
	uint32_t *next = &q->first;
	while (*next && *next != p->pid)
		next = &link_of(q, *next)->next;
	if (*next)
		*next = l->next;
	*l = (struct timer_link){ 0 };
}

/* Puts p in q at time `when` (not 0), after those due no later (so equal
 * times go in the order they were asked for). */
static void insert(struct queue *q, struct proc *p, uint64_t when)
{
	uint32_t *next = &q->first;
	while (*next && link_of(q, *next)->at <= when)
		next = &link_of(q, *next)->next;
	struct timer_link *l = link_in(q, p);
	*l = (struct timer_link){ .at = when, .next = *next };
	*next = p->pid;
}

long timer_sleep_until(struct proc *p, uint64_t deadline)
{
	/* Asking again after any other wake-up (a child ended) puts p back
	 * in its place. */
	unlink(&sleepers, p);
	long r = 0;
	if (rn_rdtime() < deadline) {
		insert(&sleepers, p, deadline);
		r = -PX_EWOULDBLOCK_INTERNAL;
	}
	program();
	return r;
}

/* The first time after now that a timer due at `due` every `interval`
 * ticks is due again (due itself if it is still ahead); *missed gets how
 * many expiries lay between. */
static uint64_t next_due(uint64_t due, uint64_t interval, uint64_t now, uint64_t *missed)
{
	*missed = 0;
	if (due > now)
		return due;
	uint64_t k = (now - due) / interval + 1; /* k * interval > now - due */
	*missed = k; /* due, due + interval, ... due + (k - 1) * interval */
	return due + k * interval;
}

/* A parked timer's next expiry (its phase moved past now), queued. */
static void unpark(struct proc *p)
{
	uint64_t missed;
	p->alarm_parked = 0;
	uint64_t at = next_due(p->alarm.at, p->alarm_interval, rn_rdtime(), &missed);
	p->alarm.at = 0; /* not queued: insert sets it */
	insert(&alarms, p, at);
}

static void alarm_wanted(struct proc *p)
{
	if (p->alarm_parked) {
		unpark(p);
		program();
	}
}

long timer_alarm(struct proc *p, bool set, uint64_t value, uint64_t interval, uint64_t *left,
                 uint64_t *old_interval)
{
	if (set && (value > PX_ALARM_MAX || interval > PX_ALARM_MAX))
		return -PX_EINVAL;
	uint64_t now = rn_rdtime(), missed;
	uint64_t at =
	    p->alarm_parked ? next_due(p->alarm.at, p->alarm_interval, now, &missed) : p->alarm.at;
	*left = at ? (at > now ? at - now : 1) : 0;
	*old_interval = at ? p->alarm_interval : 0;
	if (!set)
		return 0;
	unlink(&alarms, p);
	p->alarm_parked = 0;
	p->alarm_overruns = 0;
	/* POSIX rounds an interval up to the timer's resolution: here, the
	 * shortest the server takes. */
	const uint64_t min = (uint64_t)CONFIG_PX_TIMER_MIN_US * (RN_TIMEBASE_HZ / 1000000);
	p->alarm_interval = interval && interval < min ? min : interval;
	if (value)
		insert(&alarms, p, now + value);
	program();
	return 0;
}

/* The server's time from here is p's (its turn, then its debt), as when
 * it answers p's Call: a timer's expiries are work done for its owner,
 * which a timer storm must pay for, not whoever the CPU was given to. */
static void bill(struct proc *p)
{
	rn_tcb_bill(CAP(p->pid, p->tcb));
}

void timer_expired(void)
{
	programmed = 0; /* the kernel's deadline fires once */
	uint64_t now = rn_rdtime();
	bool billed = false;
	while (sleepers.first && link_of(&sleepers, sleepers.first)->at <= now) {
		struct proc *p = proc_get(sleepers.first);
		bill(p);
		billed = true;
		unlink(&sleepers, p);
		proc_wake(p);
	}
	while (alarms.first && link_of(&alarms, alarms.first)->at <= now) {
		struct proc *p = proc_get(alarms.first);
		bill(p);
		billed = true;
		uint64_t due = p->alarm.at, missed;
		unlink(&alarms, p);
		/* Again at the next multiple of the interval after now: a late
		 * timer fires once, its missed expiries counted. Ignored, it
		 * parks: nothing it does could be seen until that changes. */
		if (p->alarm_interval) {
			uint64_t at =
			    next_due(due + p->alarm_interval, p->alarm_interval, now, &missed);
			p->alarm_overruns += (uint32_t)missed;
			if (signal_ignored(p, PX_SIGALRM)) {
				p->alarm.at = at;
				p->alarm_parked = 1;
			} else {
				insert(&alarms, p, at);
			}
		}
		signal_send(p, PX_SIGALRM); /* may doom p: it leaves the queues as it ends */
	}
	if (billed)
		rn_tcb_bill(ROOT(RN_SLOT_ROOT_TCB)); /* the server's own time again */
	program();
}

void timer_forget(struct proc *p)
{
	p->alarm_parked = 0;
	if (p->sleep.at || p->alarm.at) {
		unlink(&sleepers, p);
		unlink(&alarms, p);
		program();
	}
}
