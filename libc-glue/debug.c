/* rn_printf: the kernel's printf formatter (kernel/printf.c, linked into
 * user programs too) writing through the debug putchar system call. */
#include <rn/debug.h>
#include <rn/syscall.h>
#include "kernel/printf.h"

void console_putc(int c)
{
	rn_debug_putchar((char)c);
}

int rn_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
