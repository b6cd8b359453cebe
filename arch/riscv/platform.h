/* Machine-level services: power-off with a status. */
#ifndef ARCH_RISCV_PLATFORM_H
#define ARCH_RISCV_PLATFORM_H

#include "kernel/types.h"

/* Tells the platform where the sifive_test device is (0 = none). */
void platform_set_test_device(paddr_t base);

/* arch_poweroff (kernel/arch.h): with the sifive_test device QEMU exits
 * with `status`; without it (or before the device tree is read) SBI SRST
 * is used, which on OpenSBI 1.1 makes QEMU exit 0 whatever the status. */

#endif
