/* Power-off. QEMU virt's sifive_test device ends QEMU: writing 0x5555 is a
 * clean exit (status 0), 0x3333 | code << 16 exits with `code`. SBI SRST
 * cannot carry a status on OpenSBI 1.1, so it is only the fallback. */
#include "arch/riscv/platform.h"
#include "kernel/arch.h"
#include "arch/riscv/csr.h"
#include "kernel/pmem.h"
#include "sbi/sbi.h"

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

static volatile uint32_t *test_device;

void platform_set_test_device(paddr_t base)
{
	test_device = base ? paddr_to_kptr(base) : NULL;
}

void arch_poweroff(int status)
{
	csr_clear(sstatus, SSTATUS_SIE);
	if (test_device) {
		*test_device =
		    status == 0 ? TEST_PASS : TEST_FAIL | ((uint32_t)(status & 0xffff) << 16);
	}
	sbi_system_reset(SBI_RESET_SHUTDOWN,
	                 status ? SBI_RESET_REASON_FAILURE : SBI_RESET_REASON_NONE);
	for (;;)
		wfi();
}
