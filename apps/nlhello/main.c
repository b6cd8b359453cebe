/* nlhello: a link test of newlib with the project's flags, not a real app.
 * It formats a few values with newlib's snprintf (integers, a C99 %zu, a
 * long long and a double, which pulls in soft-float from libgcc), sorts
 * with qsort and parses with strtol, then checks the result. It is linked
 * by mk/newlib.mk into $(O)/nlhello.elf; nothing runs it yet, because the
 * libc-glue syscall layer it would need comes later (see stubs.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a;
	long y = *(const long *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	static const char expect[] = "ration -7 3 42 1099511627776 size=6 pi=3.142";
	long vals[3];
	char words[] = "42 -7 3";
	char buf[96], name[8];
	char *p = words;
	int n;

	for (int i = 0; i < 3; i++)
		vals[i] = strtol(p, &p, 10);
	qsort(vals, 3, sizeof vals[0], cmp_long);

	memcpy(name, "ration", 7);
	n = snprintf(buf, sizeof buf, "%s %ld %ld %ld %lld size=%zu pi=%.3f", name, vals[0],
	             vals[1], vals[2], 1LL << 40, strlen(name), 3.14159265);

	return n == (int)strlen(expect) && strcmp(buf, expect) == 0 ? 0 : 1;
}
