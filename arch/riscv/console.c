/* Console output and the first version of console input: echo. */
#include "kernel/console.h"
#include "arch/riscv/uart.h"
#include "sbi/sbi.h"

void console_putc(int c)
{
	if (uart_ready())
		uart_putc(c);
	else
		sbi_console_putchar(c);
}

void console_input(int c)
{
	/* A terminal sends CR for Enter; echo it as a new line. */
	if (c == '\r') {
		console_putc('\r');
		console_putc('\n');
	} else {
		console_putc(c);
	}
}
