#ifndef TESTS_FAKE_PMEM_H
#define TESTS_FAKE_PMEM_H
#include "kernel/types.h"
/* A fake physical memory for host tests: `size` bytes starting at physical
 * address `base` (both must be multiples of 1 MiB). Re-initialising frees the
 * previous one. paddr_to_kptr() aborts on addresses outside it, so a kernel
 * bug that touches memory it does not own fails the test. */
void fake_pmem_init(paddr_t base, size_t size);
void fake_pmem_fini(void);
paddr_t fake_pmem_base(void);
size_t fake_pmem_size(void);
#endif
