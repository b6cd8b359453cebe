/* Memory: the program break (newlib's malloc grows the heap with sbrk) and
 * the server's accounting of a budget. */
#include <errno.h>
#include <string.h>
#include <rn/budget.h>
#include <rn/px_call.h>
#include "syscalls.h"

void *_sbrk(ptrdiff_t incr)
{
	long r = px_call_blocking(PX_SBRK, incr, 0, 0, NULL);

	if (r < 0) {
		errno = (int)-r; /* ENOMEM: past the budget or PX_HEAP_LIMIT */
		return (void *)-1;
	}
	return (void *)r;
}

int rn_budget_info(pid_t pid, struct px_budget_info *out)
{
	long r = px_call_blocking(PX_BUDGET, pid, 0, 0, NULL);

	if (r < 0)
		return px_return(r);
	return px_copy_out(out, PX_SHARED, sizeof *out);
}
