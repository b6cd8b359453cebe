/* pagebomb: grows its stack until it faults.
 *   pagebomb
 * Each call takes a 4 KiB frame and touches it; the server maps stack
 * pages on faults until the stack limit (8 MiB) or the budget runs out,
 * and then the process ends with SIGSEGV. It prints how deep it got every
 * 256 KiB. */
#include <stdio.h>

static void grow(long depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	frame[sizeof frame - 1] = 0;
	if (depth % 64 == 0) {
		printf("pagebomb: %ld KiB of stack\n", depth * 4);
		fflush(stdout);
	}
	if (depth < 1L << 20) /* far past any stack limit */
		grow(depth + 1);
	frame[1] = 0; /* not a tail call */
}

int main(void)
{
	grow(1);
	return 0;
}
