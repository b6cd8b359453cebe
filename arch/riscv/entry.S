/* Kernel entry from OpenSBI, in S-mode with the MMU off:
 *   a0 = this hart's id, a1 = physical address of the device tree.
 *
 * Runs at the physical load address, so only pc-relative addressing works
 * here (-mcmodel=medany code is pc-relative). Steps:
 *   1. one hart wins the boot lottery; any other parks in wfi (no SMP yet);
 *   2. clear .bss;
 *   3. turn on Sv39 with a boot page table of 1 GiB pages that maps RAM
 *      both where we run (identity) and in the direct map, plus the first
 *      GiB of MMIO in the direct map;
 *   4. jump to the direct-map address and call kmain(hartid, dtb_pa) on the
 *      boot stack. vm.c then replaces the boot table with a precise one.
 */
#include "arch/riscv/memlayout.h"

#define PTE_V 0x1
#define PTE_R 0x2
#define PTE_W 0x4
#define PTE_X 0x8
#define PTE_A 0x40
#define PTE_D 0x80
/* A 1 GiB leaf for physical gigapage g: ppn = g << 18, stored at bit 10. */
#define GIGA_PTE(g, perm) ((((g) << 18) << 10) | (perm) | PTE_V | PTE_A | PTE_D)
/* Root-table index of a direct-map address: VPN[2] = bits 38..30. */
#define DIRECT_INDEX(g) (((PHYS_OFFSET >> 30) & 0x1ff) + (g))

	.section .text.entry, "ax"
	.globl _start
_start:
	/* Stop interrupts and point stvec at a spin, until trap.c installs one. */
	csrw sie, zero
	csrw sstatus, zero
	csrw sscratch, zero	/* 0 = "trap came from the kernel" (trapvec.S) */
	lla t0, park
	csrw stvec, t0

	/* Boot lottery: the first hart to swap in a 1 wins. */
	lla t0, boot_lottery
	li t1, 1
	amoswap.w t1, t1, (t0)
	bnez t1, park

	/* Clear .bss (its physical address, since the MMU is off). */
	lla t0, _bss_start
	lla t1, _bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:
	/* Boot page table: 1 GiB leaves. RAM (gigapages 2 and 3, so up to
	 * 2 GiB at 0x80000000) both at its physical address and in the direct
	 * map; MMIO (gigapage 0) in the direct map, not executable. */
	lla t0, boot_page_table
	li t1, GIGA_PTE(2, PTE_R | PTE_W | PTE_X)
	sd t1, (2 * 8)(t0)
	li t1, GIGA_PTE(3, PTE_R | PTE_W | PTE_X)
	sd t1, (3 * 8)(t0)
	/* Direct-map slots are past the 12-bit store offset: use t2. */
	li t2, DIRECT_INDEX(0) * 8
	add t2, t2, t0
	li t1, GIGA_PTE(0, PTE_R | PTE_W)
	sd t1, 0(t2)
	li t1, GIGA_PTE(2, PTE_R | PTE_W | PTE_X)
	sd t1, (2 * 8)(t2)
	li t1, GIGA_PTE(3, PTE_R | PTE_W | PTE_X)
	sd t1, (3 * 8)(t2)

	srli t0, t0, 12
	li t1, 8 << 60		/* satp.MODE = Sv39 */
	or t0, t0, t1
	sfence.vma
	csrw satp, t0
	sfence.vma

	/* Jump into the direct map: add PHYS_OFFSET to pc and sp. */
	li t1, PHYS_OFFSET
	lla t0, high
	add t0, t0, t1
	jr t0
high:
	lla sp, boot_stack_top	/* pc-relative, so now a high address */
	mv fp, zero		/* the backtrace stops at a zero frame */
	call kmain
park:
	wfi
	j park

	.section .bss
	.balign 4096
	.globl boot_page_table
boot_page_table:
	.space 4096
	.globl boot_stack, boot_stack_top
boot_stack:
	.space KERNEL_STACK_SIZE
boot_stack_top:

	.section .data
boot_lottery:
	.word 0
