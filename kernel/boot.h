/* Boot's second half: untyped memory and the root task (boot.c). */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include "kernel/cdt.h"
#include "kernel/memmap.h"

struct boot_config {
	const struct mem_range *ram; /* free RAM, page aligned, sorted */
	word_t n_ram;
	const struct mem_range *dev; /* device memory for device untyped */
	word_t n_dev;
	const void *initrd; /* the initrd, mapped */
	paddr_t initrd_start, initrd_end;
	const char *root_task; /* path of the root task in the initrd */
	paddr_t uart_paddr;
	word_t uart_irq;
	word_t timebase_hz;
	paddr_t rtc_paddr; /* 0: no real-time clock */
};

/* Makes all free RAM untyped, builds the root task from it and makes it
 * runnable. Panics if the machine cannot hold it. */
void boot_root_task(const struct boot_config *cfg);

/* Arch part: the control caps (ASID control, IRQ control) in their fixed
 * root-CNode slots. */
void arch_boot_make_control_caps(struct slot *root_slots);

#endif
