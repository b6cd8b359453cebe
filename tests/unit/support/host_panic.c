/* panic() for the host build: print and abort, so a test that reaches a
 * kernel panic fails loudly (Criterion reports the crash). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "kernel/panic.h"

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "kernel panic (host): ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}
