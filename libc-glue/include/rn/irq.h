/* Interrupt invocations: IRQ control makes one handler cap per line; the
 * handler is bound to a notification and acknowledged after each interrupt
 * (docs/threads.md, "Interrupts"). */
#ifndef RN_IRQ_H
#define RN_IRQ_H

#include <rn/invoke.h>

/* A handler cap for `irq` into slot (index, depth) of `root`. */
static inline int rn_irq_control_get(rn_cptr_t control, rn_word_t irq, rn_cptr_t root,
                                     rn_word_t index, rn_word_t depth)
{
	rn_word_t args[] = { irq, index, depth };
	return rn_invoke(control, RN_IRQ_CONTROL_GET, args, 3, &root, 1, 0, 0);
}

static inline int rn_irq_handler_set_notification(rn_cptr_t handler, rn_cptr_t ntfn)
{
	return rn_invoke(handler, RN_IRQ_HANDLER_SET_NOTIFICATION, 0, 0, &ntfn, 1, 0, 0);
}

static inline int rn_irq_handler_ack(rn_cptr_t handler)
{
	return rn_invoke(handler, RN_IRQ_HANDLER_ACK, 0, 0, 0, 0, 0, 0);
}

static inline int rn_irq_handler_clear(rn_cptr_t handler)
{
	return rn_invoke(handler, RN_IRQ_HANDLER_CLEAR, 0, 0, 0, 0, 0, 0);
}

/* The timer's handler (line RN_IRQ_TIMER): signal its notification once
 * when the `time` counter reaches `when` (0 cancels). */
static inline int rn_irq_handler_set_deadline(rn_cptr_t handler, rn_word_t when)
{
	return rn_invoke(handler, RN_IRQ_HANDLER_SET_DEADLINE, &when, 1, 0, 0, 0, 0);
}

#endif
