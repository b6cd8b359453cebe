/* The few C string functions the kernel uses. On the target kernel/string.c
 * implements them (the compiler may also emit calls to memset/memcpy); on
 * the host they are libc's. */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
