/* panic() stops the machine with a message; assert() checks an invariant
 * when CONFIG_KERNEL_DEBUG is on. On the host (unit tests) panic aborts. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/types.h"

_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifdef CONFIG_KERNEL_DEBUG
#define assert(expr)                                                                               \
	do {                                                                                       \
		if (!(expr))                                                                       \
			panic("assertion failed: %s (%s:%d)", #expr, __FILE__, __LINE__);          \
	} while (0)
#else
#define assert(expr) ((void)0)
#endif

#endif
