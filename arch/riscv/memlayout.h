/* Ration's virtual memory layout on RISC-V Sv39. One place for these facts.
 *
 *   0x0000000000000000 .. 0x0000003fffffffff   user (256 GiB, later issues)
 *   0xffffffc000000000 .. 0xffffffffffffffff   kernel: every physical address
 *                                              pa is at pa + PHYS_OFFSET
 *
 * The kernel image itself lives in that direct map: it is linked at
 * KERNEL_VIRT_BASE = KERNEL_PHYS_BASE + PHYS_OFFSET, so "kernel address" and
 * "direct-mapped address" are one notion and the image is never aliased.
 * OpenSBI (fw_dynamic/fw_jump on QEMU virt) enters the kernel at
 * KERNEL_PHYS_BASE with the MMU off.
 */
#ifndef ARCH_RISCV_MEMLAYOUT_H
#define ARCH_RISCV_MEMLAYOUT_H

#define USER_TOP         0x0000004000000000ull /* user addresses are below this */
#define PHYS_OFFSET      0xffffffc000000000
#define KERNEL_PHYS_BASE 0x80200000
#define KERNEL_VIRT_BASE (KERNEL_PHYS_BASE + PHYS_OFFSET)

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1 << PAGE_SHIFT)

#define KERNEL_STACK_SIZE (16 * 1024) /* boot hart's kernel stack */

#endif
