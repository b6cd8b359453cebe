/* The NS16550A UART of QEMU virt, from user level (console.h). */
#include "personality/console.h"

#include "personality/layout.h"
#include "personality/sysmem.h"

#include "kernel/console.h"

#include <generated/config.h>
#include <ration/objects.h>
#include <rn/cnode.h>
#include <rn/irq.h>
#include <rn/syscall.h>
#include <rn/tcb.h>

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
static uint64_t ntfn;

static void map_uart(const struct rn_bootinfo *bi)
{
	uint64_t pa = bi->uart_paddr & ~(PAGE_BYTES - 1);
	sysmem_map_device(pa, UART_VA, "mapping the UART");
	uart = (volatile uint8_t *)(UART_VA + (bi->uart_paddr - pa));
}

void console_init(const struct rn_bootinfo *bi)
{
	map_uart(bi);
	/* Interrupts: the line's handler signals a notification bound to the
	 * server's thread, so its Recv on the endpoint returns for them too. */
	ntfn = sysmem_make_root(RN_OBJ_NOTIFICATION, 0);
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

uint64_t console_notification(void)
{
	return ntfn;
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

/* The server's rn_printf (kernel/printf.c) writes here, in place of
 * libc-glue's debug console: to the UART once it is mapped, through the
 * kernel's debug console before that if the kernel has one. Bytes go out
 * as they are, as the kernel's console sends them. */
void console_putc(int c)
{
	if (uart) {
		while (!(uart[LSR] & LSR_THRE))
			;
		uart[THR] = (uint8_t)c;
		return;
	}
#ifdef CONFIG_DEBUG_SYSCALLS
	rn_debug_putchar((char)c);
#endif
}

int console_getc(void)
{
	return uart[LSR] & LSR_READY ? uart[RBR] : -1;
}

void console_ack(void)
{
	rn_irq_handler_ack(ROOT(irq_handler_slot));
}
