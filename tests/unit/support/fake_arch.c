/* Host stand-ins for the arch hooks the generic kernel calls (kernel/arch.h,
 * arch/riscv/context.h). Tests never leave the kernel, so the exits abort. */
#include <stdio.h>
#include <stdlib.h>
#include "arch/riscv/context.h"
#include "arch/riscv/platform.h"
#include "kernel/arch.h"
#include "kernel/error.h"
#include "kernel/irq.h"

bool arch_vspace_usable(const struct cap *vspace)
{
	return cap_type(vspace) == CAP_PAGE_TABLE;
}

/* Starts at 1 (a zeroed TCB's cache never matches); tests move it as the
 * ASID code would. */
word_t arch_vspace_generation = 1;

/* What the last arch_load_vspace_root loaded (0: nothing yet). */
word_t fake_arch_vspace_root;

word_t arch_vspace_root(const struct cap *vspace)
{
	return cap_paddr(vspace) >> 12 | BIT(63);
}

void arch_load_vspace_root(word_t root)
{
	fake_arch_vspace_root = root;
}

void arch_idle(void)
{
	fprintf(stderr, "fake_arch: arch_idle called in a host test\n");
	abort();
}

void arch_finalise_asid_pool(const struct cap *c)
{
	(void)c;
}

/* The host has no arch caps to invoke. */
int arch_decode_invocation(struct slot *s, const struct inv_msg *msg, struct inv_reply *reply,
                           struct rn_error_info *err)
{
	(void)s;
	(void)msg;
	(void)reply;
	return err_set(err, RN_ILLEGAL_OPERATION);
}

int arch_decode_frame_copy_range(struct slot *cnode, const struct inv_msg *msg,
                                 struct rn_error_info *err)
{
	(void)cnode;
	(void)msg;
	return err_set(err, RN_ILLEGAL_OPERATION);
}

/* No interrupt controller on the host: acks are not observed. */
void arch_irq_ack(word_t irq)
{
	(void)irq;
}

/* The timer line's deadline as the kernel last set it. */
uint64_t fake_arch_timer_deadline;

void arch_timer_set_deadline(uint64_t when)
{
	fake_arch_timer_deadline = when;
}

void restore_user_context(struct user_context *ctx)
{
	(void)ctx;
	fprintf(stderr, "fake_arch: restore_user_context called in a host test\n");
	abort();
}

/* The debug power-off call (syscall.c). */
void arch_poweroff(int status)
{
	fprintf(stderr, "fake_arch: arch_poweroff(%d) called in a host test\n", status);
	abort();
}

void arch_finalise_frame(const struct cap *c)
{
	(void)c;
}

void arch_finalise_page_table(const struct cap *c)
{
	(void)c;
}
