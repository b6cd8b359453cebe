/* Interrupts at user level: IRQ control refuses bad requests, and the UART,
 * driven from user level through a device frame, delivers a typed key as a
 * notification (the QEMU test types it when it sees the prompt). */
#include <rn/cnode.h>
#include <rn/ipc.h>
#include <rn/irq.h>
#include <rn/untyped.h>
#include <rn/vspace.h>
#include "ktest.h"
#include "objects.h"

#define UART_VA        0x70000000ul
#define RBR            0
#define LSR            5
#define LSR_DATA_READY 1

static int irq_get(rn_word_t irq, rn_cptr_t slot)
{
	return rn_irq_control_get(RN_SLOT_IRQ_CONTROL, irq, RN_SLOT_ROOT_CNODE, slot, 64);
}

static rn_cptr_t uart_frame(void)
{
	for (rn_word_t i = 0; i < bootinfo->n_untyped; i++) {
		const struct rn_untyped_desc *d = &bootinfo->untyped[i];
		if (d->is_device && d->paddr == (bootinfo->uart_paddr & ~0xffful)) {
			rn_cptr_t f = ktest_slot();
			CHECK_ERR(rn_untyped_retype(d->slot, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE,
			                            0, 0, f, 1),
			          RN_OK);
			/* Device untyped become frames only. */
			CHECK_ERR(rn_untyped_retype(d->slot, RN_OBJ_TCB, 0, RN_SLOT_ROOT_CNODE, 0,
			                            0, ktest_slot(), 1),
			          RN_INVALID_ARGUMENT);
			return f;
		}
	}
	CHECK(!"no device untyped covers the UART");
	return 0;
}

void test_irq(void)
{
	rn_cptr_t h = ktest_slot();
	rn_word_t irq = bootinfo->uart_irq;
	CHECK_ERR(irq_get(100000, h), RN_RANGE_ERROR); /* (line 0 is the timer: test_timer.c) */
	CHECK_ERR(irq_get(irq, RN_SLOT_ROOT_TCB), RN_DELETE_FIRST);
	CHECK_ERR(irq_get(irq, h), RN_OK);
	CHECK_ERR(irq_get(irq, ktest_slot()), RN_REVOKE_FIRST); /* one handler per line */

	rn_cptr_t n = make_object(RN_OBJ_NOTIFICATION, 0);
	rn_cptr_t ep = make_object(RN_OBJ_ENDPOINT, 0);
	CHECK_ERR(rn_irq_handler_set_notification(h, ep), RN_INVALID_CAPABILITY);
	/* A badged cap, so that a signal shows as a bit the driver can test. */
	rn_cptr_t nb = ktest_slot();
	CHECK_ERR(rn_cnode_mint(RN_SLOT_ROOT_CNODE, nb, 64, RN_SLOT_ROOT_CNODE, n, 64,
	                        RN_RIGHTS_ALL, 0x10),
	          RN_OK);
	CHECK_ERR(rn_irq_handler_set_notification(h, nb), RN_OK);

	/* The UART as a user-level device. */
	rn_cptr_t f = uart_frame();
	rn_cptr_t pt = make_object(RN_OBJ_PAGE_TABLE, 0);
	while (rn_page_table_map(pt, RN_SLOT_ROOT_VSPACE, UART_VA) == RN_OK)
		pt = make_object(RN_OBJ_PAGE_TABLE, 0);
	CHECK_ERR(rn_frame_map(f, RN_SLOT_ROOT_VSPACE, UART_VA, RN_RIGHT_READ | RN_RIGHT_WRITE, 0),
	          RN_OK);
	volatile unsigned char *uart = (volatile unsigned char *)UART_VA;
	while (uart[LSR] & LSR_DATA_READY) /* drop anything typed earlier */
		(void)uart[RBR];
	CHECK_ERR(rn_irq_handler_ack(h), RN_OK);

	rn_printf("ktest: irq: type a key\n");
	rn_word_t start, now, bits = 0;
	__asm__ volatile("rdtime %0" : "=r"(start));
	do { /* poll with a deadline, so a lost interrupt fails, not hangs */
		bits = rn_poll(n);
		__asm__ volatile("rdtime %0" : "=r"(now));
	} while (!bits && now - start < 20 * bootinfo->timebase_hz);
	CHECK(bits == 0x10);
	int c = -1;
	if (uart[LSR] & LSR_DATA_READY)
		c = uart[RBR];
	CHECK(c == 'k');
	rn_printf("ktest: irq: got '%c' through the notification\n", c > 0 ? c : '?');
	CHECK_ERR(rn_irq_handler_ack(h), RN_OK);

	/* Deleting the handler gives the line back; it can be got again. */
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, h, 64), RN_OK);
	CHECK_ERR(irq_get(irq, h), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, h, 64), RN_OK);
	CHECK_ERR(rn_cnode_delete(RN_SLOT_ROOT_CNODE, f, 64), RN_OK);
}
