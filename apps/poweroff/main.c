/* poweroff: stops the machine at once (rn_poweroff; QEMU exits 0).
 *   poweroff
 * Nothing is asked to end first: there is no writable file system yet
 * whose buffers would need to reach a disk. It needs the system right,
 * which the console's shell gives this command alone (docs/personality.md,
 * "Who may do what"): run any other way, it says EPERM. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <rn/budget.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		fputs("usage: poweroff\n", stderr);
		return 2;
	}
	fflush(NULL);
	rn_poweroff(0);
	fprintf(stderr, "poweroff: %s\n", strerror(errno));
	return 1;
}
