/* Interrupt lines as capabilities. IRQControl hands out one IRQHandler cap
 * per line; the handler's holder binds it to a notification, and each
 * interrupt then signals that notification, and the line stays held (the
 * interrupt controller delivers nothing more from it) until the holder
 * acknowledges it. Lines nobody holds stay with the kernel (the
 * UART, for the boot console). */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "kernel/invoke.h"

#define IRQ_LINES 128 /* PLIC sources the kernel tracks (QEMU virt has 95) */

/* Forgets all handlers (boot, host tests). `lines`: sources the platform
 * really has (valid numbers are 1..lines-1). */
void irq_init(word_t lines);

/* An interrupt on `irq` arrived: true if user level takes it (signalled;
 * the arch holds the line until arch_irq_ack), false if it is the
 * kernel's own. */
bool irq_deliver(word_t irq);

/* IRQ control and handler invocations. */
int decode_irq_invocation(struct slot *s, const struct inv_msg *msg, struct inv_reply *reply,
                          struct rn_error_info *err);

/* The last handler cap of `irq` is gone: the line goes back to the kernel. */
void irq_finalise_handler(word_t irq);

/* A notification died: no line may signal it any more. */
void irq_notification_gone(paddr_t ntfn);

/* Arch: the interrupt last delivered on `irq` has been dealt with; the
 * line may interrupt again (and is enabled if it was not). */
void arch_irq_ack(word_t irq);

/* Arch: the timer line's deadline on the `time` counter (0: none). When
 * the counter reaches it the arch calls irq_deliver(RN_IRQ_TIMER) once. */
void arch_timer_set_deadline(uint64_t when);

#endif
