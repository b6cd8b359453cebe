/* The kernel's own printf: no libc in the kernel.
 *
 * Formats: %d %i %u %x %X %o %p %s %c %%, with flags '-', '0', '+', ' ',
 * '#', a width and precision (numbers or '*'), and the length modifiers
 * hh h l ll z t j. Output is cut to the buffer for ksnprintf, which always
 * NUL-terminates (size > 0) and returns the length the full output would have.
 */
#ifndef KERNEL_PRINTF_H
#define KERNEL_PRINTF_H

#include <stdarg.h>
#include "kernel/console.h"
#include "kernel/types.h"

/* Where characters go; `ctx` is passed through. */
typedef void (*kputc_fn)(int c, void *ctx);

int kvformat(kputc_fn out, void *ctx, const char *fmt, va_list ap);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Print to the kernel console (console_putc). */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Writes a human size ("4 KiB", "127.5 MiB": binary units, one decimal,
 * truncated) into buf and returns buf. */
const char *format_size(char *buf, size_t size, word_t bytes);

/* Log levels; messages above CONFIG_LOG_LEVEL compile to nothing. */
#define LOG_ERR    0
#define LOG_WARN   1
#define LOG_NOTICE 2
#define LOG_INFO   3
#define LOG_DEBUG  4
#define klog(level, ...)                                                                           \
	do {                                                                                       \
		if ((level) <= CONFIG_LOG_LEVEL)                                                   \
			kprintf(__VA_ARGS__);                                                      \
	} while (0)
#define pr_err(...)    klog(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)   klog(LOG_WARN, __VA_ARGS__)
#define pr_notice(...) klog(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...)   klog(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)  klog(LOG_DEBUG, __VA_ARGS__)

#endif
