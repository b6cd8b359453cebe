/* panic(): say why, show where, and power off with a failing status so that
 * a test run sees the failure in QEMU's exit code. */
#include <stdarg.h>
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/arch.h"

void panic(const char *fmt, ...)
{
	va_list ap;
	kprintf("\nkernel panic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_backtrace((word_t)__builtin_frame_address(0), (word_t)__builtin_return_address(0));
	arch_poweroff(1);
}
