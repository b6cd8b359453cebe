/* Debug output through the kernel console (CONFIG_DEBUG_SYSCALLS), for
 * programs that run before the POSIX server exists: the root task and the
 * kernel's in-system tests. It is the kernel's own printf formatter. */
#ifndef RN_DEBUG_H
#define RN_DEBUG_H

#include <stdarg.h>

int rn_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
