/* The NS16550A UART of QEMU virt, from user level (console.h). */
#include "personality/console.h"

#include "personality/layout.h"
#include "personality/sysmem.h"

#include <ration/objects.h>
#include <rn/cnode.h>
#include <rn/irq.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

#define PAGE 4096ul

/* Register offsets and bits (byte-wide registers, no shift on virt). */
#define RBR       0 /* receive buffer (read) */
#define THR       0 /* transmit holding (write) */
#define IER       1 /* interrupt enable */
#define LSR       5 /* line status */
#define IER_RX    0x01
#define LSR_READY 0x01 /* a byte is waiting */
#define LSR_THRE  0x20 /* transmit holding register empty */

static volatile uint8_t *uart;
static uint64_t irq_handler_slot;

static void map_uart(const struct rn_bootinfo *bi)
{
	uint64_t pa = bi->uart_paddr & ~(PAGE - 1);
	for (uint64_t i = 0; i < bi->n_untyped; i++) {
		const struct rn_untyped_desc *d = &bi->untyped[i];
		if (!d->is_device || pa < d->paddr || pa >= d->paddr + (1ul << d->size_bits))
			continue;
		/* Device frames come out in address order: skip to the UART's. */
		for (uint64_t at = d->paddr; at <= pa; at += PAGE) {
			uint64_t slot = sysmem_slot();
			int err = rn_untyped_retype(ROOT(d->slot), RN_OBJ_FRAME_4K, 0, SELF, 0, 0,
			                            slot, 1);
			if (err)
				die("the UART frame", err);
			if (at == pa) {
				err = rn_frame_map(ROOT(slot), ROOT(RN_SLOT_ROOT_VSPACE), UART_VA,
				                   RN_RIGHT_READ | RN_RIGHT_WRITE, 0);
				if (err)
					die("mapping the UART", err);
				uart = (volatile uint8_t *)(UART_VA + (bi->uart_paddr - pa));
				return;
			}
		}
	}
	die("no device untyped covers the UART", 0);
}

void console_init(const struct rn_bootinfo *bi)
{
	map_uart(bi);
	/* Interrupts: the line's handler signals a notification bound to the
	 * server's thread, so its Recv on the endpoint returns for them too. */
	uint64_t ntfn = sysmem_make_root(RN_OBJ_NOTIFICATION, 0);
	uint64_t badged = sysmem_slot();
	irq_handler_slot = sysmem_slot();
	int err = rn_cnode_mint(SELF, badged, DEPTH_ROOT_SLOT, SELF, ntfn, DEPTH_ROOT_SLOT,
	                        RN_RIGHT_WRITE, CONSOLE_BADGE);
	if (!err)
		err = rn_irq_control_get(ROOT(RN_SLOT_IRQ_CONTROL), bi->uart_irq, SELF,
		                         irq_handler_slot, DEPTH_ROOT_SLOT);
	if (!err)
		err = rn_irq_handler_set_notification(ROOT(irq_handler_slot), ROOT(badged));
	if (!err)
		err = rn_tcb_bind_notification(ROOT(RN_SLOT_ROOT_TCB), ROOT(ntfn));
	if (err)
		die("the UART interrupt", err);
	uart[IER] = IER_RX;
	console_ack();
}

static int crlf = 1;

void console_set_crlf(int on)
{
	crlf = on;
}

void console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n' && crlf) {
			while (!(uart[LSR] & LSR_THRE))
				;
			uart[THR] = '\r';
		}
		while (!(uart[LSR] & LSR_THRE))
			;
		uart[THR] = (uint8_t)buf[i];
	}
}

int console_getc(void)
{
	return uart[LSR] & LSR_READY ? uart[RBR] : -1;
}

void console_ack(void)
{
	rn_irq_handler_ack(ROOT(irq_handler_slot));
}
