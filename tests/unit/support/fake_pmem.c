/* Fake physical memory for the host build of the kernel (see fake_pmem.h). */
#include <stdio.h>
#include <stdlib.h>
#include "kernel/pmem.h"
#include "tests/unit/support/fake_pmem.h"

static uint8_t *mem;
static paddr_t mem_base;
static size_t mem_size;

void fake_pmem_init(paddr_t base, size_t size)
{
	fake_pmem_fini();
	/* Aligned like the physical address so natural alignment carries over
	 * to host pointers for objects up to 1 MiB. */
	mem = aligned_alloc(MiB(1), size);
	if (!mem) {
		fprintf(stderr, "fake_pmem: out of host memory\n");
		abort();
	}
	mem_base = base;
	mem_size = size;
}

void fake_pmem_fini(void)
{
	free(mem);
	mem = NULL;
	mem_size = 0;
}

paddr_t fake_pmem_base(void)
{
	return mem_base;
}

size_t fake_pmem_size(void)
{
	return mem_size;
}

void *paddr_to_kptr(paddr_t pa)
{
	if (!mem || pa < mem_base || pa >= mem_base + mem_size) {
		fprintf(stderr, "fake_pmem: access to 0x%llx outside fake RAM\n",
		        (unsigned long long)pa);
		abort();
	}
	return mem + (pa - mem_base);
}

paddr_t kptr_to_paddr(const void *p)
{
	const uint8_t *b = p;
	if (!mem || b < mem || b >= mem + mem_size) {
		fprintf(stderr, "fake_pmem: pointer %p outside fake RAM\n", p);
		abort();
	}
	return mem_base + (paddr_t)(b - mem);
}
