/* memset and friends for the freestanding kernel. Word-at-a-time where both
 * ends are aligned: zeroing new objects is on the retype path. */
#include "kernel/string.h"
#include "kernel/types.h"

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n && ((uintptr_t)d & 7)) {
		*d++ = (uint8_t)c;
		n--;
	}
	word_t pattern = 0x0101010101010101ull * (uint8_t)c;
	/* Eight words a round: zeroing a new 4 KiB object is on every
	 * Retype of a frame or page table. */
	for (; n >= 64; n -= 64, d += 64) {
		word_t *w = (word_t *)d;
		w[0] = w[1] = w[2] = w[3] = w[4] = w[5] = w[6] = w[7] = pattern;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(word_t *)d = pattern;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	/* Equally misaligned sides: bytes up to the first word boundary,
	 * then words. */
	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		for (; n && ((uintptr_t)d & 7); n--)
			*d++ = *s++;
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			word_t *w = (word_t *)d;
			const word_t *r = (const word_t *)s;
			word_t a = r[0], b = r[1], c = r[2], e = r[3];
			word_t f = r[4], g = r[5], h = r[6], i = r[7];
			w[0] = a, w[1] = b, w[2] = c, w[3] = e, w[4] = f, w[5] = g, w[6] = h,
			w[7] = i;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] - y[i];
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}
