/* IRQ handler caps (see irq.h). A fixed table, one entry per line; line 0
 * (RN_IRQ_TIMER) is the timer, whose deadline the arch keeps. */
#include "kernel/irq.h"
#include "kernel/arch.h"
#include "kernel/cspace.h"
#include "kernel/error.h"
#include "kernel/ipc.h"

static struct {
	bool held;    /* an IRQHandler cap exists */
	paddr_t ntfn; /* notification to signal, or 0 */
	word_t badge; /* of the notification cap it was given */
} lines[IRQ_LINES];
static word_t line_count;

void irq_init(word_t count)
{
	line_count = MIN(count, (word_t)IRQ_LINES);
	for (word_t i = 0; i < IRQ_LINES; i++)
		lines[i].held = false, lines[i].ntfn = 0;
}

bool irq_deliver(word_t irq)
{
	if (irq >= line_count || !lines[irq].held)
		return false;
	/* The arch holds the line until the driver has dealt with the device
	 * and acks; a deadline of the timer fires once. */
	if (lines[irq].ntfn)
		notification_signal(lines[irq].ntfn, lines[irq].badge);
	return true;
}

void irq_finalise_handler(word_t irq)
{
	if (irq < IRQ_LINES) {
		lines[irq].held = false;
		lines[irq].ntfn = 0;
		if (irq == RN_IRQ_TIMER)
			arch_timer_set_deadline(0); /* nobody to tell any more */
		else
			arch_irq_ack(irq); /* the kernel's again, held no more */
	}
}

void irq_notification_gone(paddr_t ntfn)
{
	for (word_t i = 0; i < IRQ_LINES; i++) {
		if (lines[i].ntfn == ntfn)
			lines[i].ntfn = 0;
	}
}

static int decode_control_get(const struct inv_msg *msg, struct rn_error_info *err)
{
	if (msg->len < 3 || msg->n_extra < 1)
		return err_set(err, RN_TRUNCATED_MESSAGE);
	word_t irq = msg->mr[0];
	if (irq >= line_count) /* 0 is the timer, 1.. the PLIC's sources */
		return err_range(err, 0, 0, line_count - 1);
	if (lines[irq].held)
		return err_set(err, RN_REVOKE_FIRST); /* one handler per line */
	struct slot *dst;
	if (cspace_lookup_slot(&msg->extra[0]->cap, msg->mr[1], msg->mr[2], 2, false, &dst, err) !=
	    RN_OK)
		return err->code;
	if (!cap_is_null(&dst->cap))
		return err_set(err, RN_DELETE_FIRST);
	cdt_insert_after(cdt_head(), dst, cap_irq_handler_new(irq), true, false);
	lines[irq].held = true;
	lines[irq].ntfn = 0;
	return RN_OK;
}

int decode_irq_invocation(struct slot *s, const struct inv_msg *msg, struct inv_reply *reply,
                          struct rn_error_info *err)
{
	reply->len = 0;
	if (cap_type(&s->cap) == CAP_IRQ_CONTROL) {
		if (msg->label == RN_IRQ_CONTROL_POWEROFF) {
			if (msg->len < 2)
				return err_set(err, RN_TRUNCATED_MESSAGE);
			if (msg->mr[0] != RN_POWEROFF_MAGIC)
				return err_invalid_argument(err, 0);
			arch_poweroff((int)msg->mr[1]);
		}
		if (msg->label != RN_IRQ_CONTROL_GET)
			return err_set(err, RN_ILLEGAL_OPERATION);
		return decode_control_get(msg, err);
	}
	word_t irq = cap_irq(&s->cap);
	switch (msg->label) {
	case RN_IRQ_HANDLER_SET_NOTIFICATION: {
		if (msg->n_extra < 1)
			return err_set(err, RN_TRUNCATED_MESSAGE);
		const struct cap *n = &msg->extra[0]->cap;
		if (cap_type(n) != CAP_NOTIFICATION || !(cap_rights(n) & RN_RIGHT_WRITE))
			return err_invalid_capability(err, 1);
		lines[irq].ntfn = cap_paddr(n);
		lines[irq].badge = cap_badge(n);
		return RN_OK;
	}
	case RN_IRQ_HANDLER_ACK:
		if (irq != RN_IRQ_TIMER)
			arch_irq_ack(irq);
		return RN_OK;
	case RN_IRQ_HANDLER_CLEAR:
		lines[irq].ntfn = 0;
		return RN_OK;
	case RN_IRQ_HANDLER_SET_DEADLINE:
		if (irq != RN_IRQ_TIMER)
			return err_set(err, RN_ILLEGAL_OPERATION); /* a device line */
		if (msg->len < 1)
			return err_set(err, RN_TRUNCATED_MESSAGE);
		arch_timer_set_deadline(msg->mr[0]);
		return RN_OK;
	default:
		return err_set(err, RN_ILLEGAL_OPERATION);
	}
}
