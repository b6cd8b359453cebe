/* free: how much memory the system has and uses.
 *   free
 * Ration has no global free-memory count to read: memory is divided into
 * budgets (docs/design.md, "Budgets"), and init's (pid 1) holds all but
 * the server's own. So free shows two budgets, in KiB:
 *   this process   what free itself was given
 *   init (pid 1)   the system's memory, less the server's
 * "used" is what the process itself holds (kernel objects, frames, the
 * server's records); "lent" has gone to its children's budgets;
 * total = used + lent + free.
 * A /proc/meminfo reader replaces this once the VFS can serve such a
 * file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <rn/budget.h>
#include "apps/lib/output.h"

static int show(const char *what, pid_t pid)
{
	struct px_budget_info b;
	unsigned long used;

	if (rn_budget_info(pid, &b) < 0) {
		fprintf(stderr, "free: budget of %s: %s\n", what, strerror(errno));
		return -1;
	}
	used = b.used_kernel + b.used_frames + b.used_records;
	printf("%-14s %10lu %10lu %10lu %10lu\n", what, b.total / 1024, used / 1024, b.lent / 1024,
	       b.free / 1024);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc > 1) {
		fputs("usage: free\n", stderr);
		return 2;
	}
	printf("%-14s %10s %10s %10s %10s\n", "KiB", "total", "used", "lent", "free");
	if (show("this process", 0) < 0)
		status = 1;
	if (show("init (pid 1)", 1) < 0)
		status = 1;
	if (output_flush("free") < 0)
		return 1;
	return status;
}
