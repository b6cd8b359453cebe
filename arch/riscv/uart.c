/* NS16550A UART (one byte per register on QEMU virt). Output polls the
 * transmit-holding-register-empty bit; input arrives by interrupt. */
#include "arch/riscv/uart.h"
#include "kernel/console.h"
#include "kernel/pmem.h"

#define RBR 0 /* receive buffer (read) */
#define THR 0 /* transmit holding (write) */
#define IER 1 /* interrupt enable */
#define FCR 2 /* FIFO control (write) */
#define LSR 5 /* line status */

#define IER_RX_AVAILABLE     0x01
#define FCR_ENABLE_AND_CLEAR 0x07
#define LSR_DATA_READY       0x01
#define LSR_THR_EMPTY        0x20

static volatile uint8_t *uart;

void uart_init(paddr_t base)
{
	uart = paddr_to_kptr(base);
	uart[FCR] = FCR_ENABLE_AND_CLEAR;
	uart[IER] = IER_RX_AVAILABLE;
}

bool uart_ready(void)
{
	return uart != NULL;
}

void uart_putc(int c)
{
	while (!(uart[LSR] & LSR_THR_EMPTY))
		;
	uart[THR] = (uint8_t)c;
}

void uart_interrupt(void)
{
	while (uart[LSR] & LSR_DATA_READY)
		console_input(uart[RBR]);
}
