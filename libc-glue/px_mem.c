/* Memory: the program break (newlib's malloc grows the heap with sbrk) and
 * the server's accounting of a budget. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
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

/* ---- mappings (personality/mmap.h) ---------------------------------------------- */

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	struct px_mmap_args a = {
		.addr = (unsigned long)addr,
		.len = len,
		.prot = (unsigned int)prot,
		.flags = (unsigned int)flags,
		.fd = fd,
		.offset = (unsigned long)offset,
	};
	if (offset < 0) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	memcpy(PX_SHARED, &a, sizeof a);
	long r = px_call(PX_MMAP, 0, 0, 0, NULL);
	if (r < 0) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

int munmap(void *addr, size_t len)
{
	return (int)px_return(px_call(PX_MUNMAP, (long)addr, (long)len, 0, NULL));
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)px_return(px_call(PX_MPROTECT, (long)addr, (long)len, prot, NULL));
}

/* Whether [addr, addr + len) is a page-aligned range of the mapping
 * space: what msync and madvise can check without the server. */
static int mapping_range(void *addr, size_t len)
{
	unsigned long a = (unsigned long)addr;
	if (a % PX_PAGE_SIZE || a < PX_MMAP_BASE || a > PX_MMAP_END || len > PX_MMAP_END - a) {
		errno = a % PX_PAGE_SIZE ? EINVAL : ENOMEM;
		return -1;
	}
	return 0;
}

int msync(void *addr, size_t len, int flags)
{
	if ((flags & MS_SYNC) && (flags & MS_ASYNC)) {
		errno = EINVAL;
		return -1;
	}
	return mapping_range(addr, len); /* nothing is ever dirty in a file */
}

int madvise(void *addr, size_t len, int advice)
{
	return mapping_range(addr, len);
}

int posix_madvise(void *addr, size_t len, int advice)
{
	return mapping_range(addr, len) ? errno : 0;
}
