/* rn_printf: the kernel's printf formatter (kernel/printf.c, linked into
 * user programs too) writing through the debug putchar system call, which
 * only kernels built with CONFIG_DEBUG_SYSCALLS have (the test variants).
 * The server, which drives the UART itself, has its own console_putc
 * (personality/console.c): this one is weak. */
#include <generated/config.h>
#include <rn/debug.h>
#include <rn/syscall.h>
#include "kernel/printf.h"

__attribute__((weak)) void console_putc(int c)
{
#ifdef CONFIG_DEBUG_SYSCALLS
	rn_debug_putchar((char)c);
#endif
}

int rn_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
