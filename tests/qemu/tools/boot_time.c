/* Boot to the shell's prompt, in wall-clock time: starts QEMU with the
 * normal image (as ./build.sh run does, without -icount), waits for "$ ",
 * and prints the median of several boots for ./build.sh bench. */
#include <stdio.h>
#include <stdlib.h>
#include "tests/qemu/harness.h"

#define BOOTS 7

static int cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	long ms[BOOTS];
	for (int i = 0; i < BOOTS; i++) {
		struct qemu q;
		if (!qemu_start(&q, qemu_image_default(), 60)) {
			fprintf(stderr, "boot_time: QEMU did not start\n");
			return 1;
		}
		long start = qemu_now_ms();
		bool ok = qemu_expect(&q, "$ ", 20000);
		ms[i] = qemu_now_ms() - start;
		qemu_stop(&q);
		if (!ok) {
			fprintf(stderr, "boot_time: no prompt\n");
			return 1;
		}
	}
	qsort(ms, BOOTS, sizeof ms[0], cmp);
	printf("bench: boot to the shell's prompt  %ld ms wall (median of %d; min %ld, max %ld; "
	       "target 300)\n",
	       ms[BOOTS / 2], BOOTS, ms[0], ms[BOOTS - 1]);
	return 0;
}
