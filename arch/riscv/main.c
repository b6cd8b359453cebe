/* kmain: from entry.S to an idle kernel holding all free RAM as untyped.
 * This is the platform's bring-up (QEMU virt: the device tree, SBI, the
 * UART, the PLIC), so it lives in arch/; the generic part, making the
 * untyped caps and the root task, is kernel/boot.c (boot_root_task).
 *
 *   1. SBI and the trap vector, so that any fault from here on is readable;
 *   2. the device tree: RAM, reservations, devices, initrd;
 *   3. the precise kernel page table (vm.c), then the UART console;
 *   4. the banner: the memory map and the free RAM;
 *   5. interrupts: PLIC (UART input) and the timer tick; then idle.
 */
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/platform.h"
#include "arch/riscv/plic.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/trap.h"
#include "arch/riscv/uart.h"
#include "arch/riscv/vm.h"
#include "kernel/boot.h"
#include "kernel/fdt.h"
#include "kernel/memmap.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"
#include "kernel/printf.h"
#include "kernel/thread.h"
#include "sbi/sbi.h"

#define RATION_VERSION "0.1"

/* The boot table maps RAM from 0x80000000 up to this (entry.S). */
#define BOOT_MAPPED_END 0x100000000ull

extern char _kernel_start[], _kernel_end[];

void kmain(word_t hartid, paddr_t dtb_pa);

static struct fdt_info fdt;

static void print_range(const char *what, paddr_t base, word_t size)
{
	char human[16];
	kprintf("  %-10s %#010lx-%#010lx  %s\n", what, base, base + size,
	        format_size(human, sizeof(human), size));
}

static void read_device_tree(paddr_t dtb_pa)
{
	const char *err = "no device tree";
	if (dtb_pa < KERNEL_PHYS_BASE || dtb_pa + FDT_HEADER_SIZE > BOOT_MAPPED_END)
		panic("device tree at %#lx is outside RAM", dtb_pa);
	const void *blob = paddr_to_kptr(dtb_pa);
	word_t size = fdt_total_size(blob, FDT_HEADER_SIZE);
	if (size == 0)
		panic("device tree at %#lx: bad header (magic or version)", dtb_pa);
	if (dtb_pa + size > BOOT_MAPPED_END)
		panic("device tree at %#lx: totalsize %lu runs past RAM", dtb_pa, size);
	if (fdt_parse(blob, size, &fdt, &err) != 0)
		panic("device tree at %#lx: %s", dtb_pa, err);
	if (fdt.uart.size == 0)
		panic("device tree: no ns16550a UART");
	if (fdt.plic.size == 0)
		panic("device tree: no PLIC");
	if (fdt.timebase_hz == 0)
		panic("device tree: no timebase-frequency");
}

/* RAM minus firmware reservations: what the kernel may touch at all. */
static void usable_ram(struct memmap *ram)
{
	*ram = (struct memmap){ 0 };
	for (int i = 0; i < fdt.nmem; i++) {
		if (!memmap_add(ram, fdt.mem[i].base, fdt.mem[i].size))
			panic("memory map: too many RAM ranges");
	}
	for (int i = 0; i < fdt.nresv; i++) {
		paddr_t b = ALIGN_DOWN(fdt.resv[i].base, PAGE_SIZE);
		paddr_t e = ALIGN_UP(fdt.resv[i].base + fdt.resv[i].size, PAGE_SIZE);
		if (!memmap_remove(ram, b, e - b))
			panic("memory map: too many reserved ranges");
	}
	memmap_align_inward(ram, PAGE_SIZE);
}

static void remove_pages(struct memmap *m, paddr_t base, word_t size)
{
	paddr_t b = ALIGN_DOWN(base, PAGE_SIZE);
	paddr_t e = ALIGN_UP(base + size, PAGE_SIZE);
	if (!memmap_remove(m, b, e - b))
		panic("memory map: too many ranges");
}

static void print_banner(word_t hartid, paddr_t dtb_pa, const struct memmap *free_ram)
{
	const struct sbi_info *sbi = sbi_get_info();
	kprintf("\nRation %s: capability microkernel, riscv64 Sv39, hart %lu of %d\n",
	        RATION_VERSION, hartid, fdt.nharts);
	kprintf("SBI v%ld.%ld, %s %ld.%ld; extensions:%s%s%s%s%s\n",
	        (sbi->spec_version >> 24) & 0x7f, sbi->spec_version & 0xffffff,
	        sbi_impl_name(sbi->impl_id), sbi->impl_version >> 16, sbi->impl_version & 0xffff,
	        sbi->has_time ? " TIME" : "", sbi->has_ipi ? " IPI" : "",
	        sbi->has_rfence ? " RFENCE" : "", sbi->has_hsm ? " HSM" : "",
	        sbi->has_srst ? " SRST" : "");
	kprintf("memory map:\n");
	for (int i = 0; i < fdt.nmem; i++)
		print_range("RAM", fdt.mem[i].base, fdt.mem[i].size);
	for (int i = 0; i < fdt.nresv; i++)
		print_range("reserved", fdt.resv[i].base, fdt.resv[i].size);
	print_range("kernel", kptr_to_paddr(_kernel_start), (word_t)(_kernel_end - _kernel_start));
	if (fdt.initrd_end > fdt.initrd_start)
		print_range("initrd", fdt.initrd_start, fdt.initrd_end - fdt.initrd_start);
	print_range("dtb", dtb_pa, fdt.blob_size);
	print_range("uart", fdt.uart.base, fdt.uart.size);
	print_range("plic", fdt.plic.base, fdt.plic.size);
	if (fdt.test.size)
		print_range("test", fdt.test.base, fdt.test.size);
	if (fdt.rtc.size)
		print_range("rtc", fdt.rtc.base, fdt.rtc.size);
	for (int i = 0; i < free_ram->n; i++)
		print_range("free", free_ram->r[i].base, free_ram->r[i].size);
	char human[16];
	kprintf("free RAM: %lu bytes (%s) in %d ranges\n", memmap_total(free_ram),
	        format_size(human, sizeof(human), memmap_total(free_ram)), free_ram->n);
}

#ifdef CONFIG_TEST_BOOT_FAULT
/* Not static and not inlined, so the backtrace shows a real frame. */
__attribute__((noinline)) void test_boot_fault(void);
__attribute__((noinline)) void test_boot_fault(void)
{
	kprintf("test: loading from an unmapped address on purpose\n");
	word_t nowhere = 0x10;                /* below every mapping */
	__asm__ volatile("" : "+r"(nowhere)); /* hide the constant from the compiler */
	(void)*(volatile word_t *)nowhere;
}
#endif

/* Insertion sort of a few ranges by base. */
static void sort_ranges(struct mem_range *r, word_t n)
{
	for (word_t i = 1; i < n; i++) {
		for (word_t j = i; j > 0 && r[j].base < r[j - 1].base; j--) {
			struct mem_range t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	}
}

void kmain(word_t hartid, paddr_t dtb_pa)
{
	sbi_init();
	trap_init();
	read_device_tree(dtb_pa);

	struct memmap ram;
	usable_ram(&ram);
	paddr_t kernel_pa = kptr_to_paddr(_kernel_start);
	word_t kernel_size = (word_t)(_kernel_end - _kernel_start);
	remove_pages(&ram, kernel_pa, kernel_size); /* vm.c maps the image itself */

	const struct mem_range mmio[] = {
		{ fdt.uart.base, fdt.uart.size },
		{ fdt.plic.base, fdt.plic.size },
		{ fdt.test.base, fdt.test.size },
	};
	vm_init(&ram, mmio, fdt.test.size ? 3 : 2);
	platform_set_test_device(fdt.test.base);
	uart_init(fdt.uart.base);

	/* Free RAM: usable RAM minus what is already in use and must stay. */
	struct memmap free_ram = ram;
	if (fdt.initrd_end > fdt.initrd_start)
		remove_pages(&free_ram, fdt.initrd_start, fdt.initrd_end - fdt.initrd_start);
	remove_pages(&free_ram, dtb_pa, fdt.blob_size);
	print_banner(hartid, dtb_pa, &free_ram);

	/* The initrd, the UART and the RTC go to user level as device untyped
	 * (read in place, never zeroed); free RAM as ordinary untyped. */
	struct mem_range dev[3];
	word_t ndev = 0;
	if (fdt.initrd_end > fdt.initrd_start)
		dev[ndev++] = (struct mem_range){ ALIGN_DOWN(fdt.initrd_start, PAGE_SIZE),
			                          ALIGN_UP(fdt.initrd_end, PAGE_SIZE) -
			                              ALIGN_DOWN(fdt.initrd_start, PAGE_SIZE) };
	dev[ndev++] = (struct mem_range){ ALIGN_DOWN(fdt.uart.base, PAGE_SIZE), PAGE_SIZE };
	if (fdt.rtc.size)
		dev[ndev++] = (struct mem_range){ ALIGN_DOWN(fdt.rtc.base, PAGE_SIZE), PAGE_SIZE };
	sort_ranges(dev, ndev); /* boot_create_untyped wants them in order */
	const struct boot_config boot = {
		.ram = free_ram.r,
		.n_ram = (word_t)free_ram.n,
		.dev = dev,
		.n_dev = ndev,
		.initrd = paddr_to_kptr(fdt.initrd_start),
		.initrd_start = fdt.initrd_start,
		.initrd_end = fdt.initrd_end,
		.root_task = CONFIG_ROOT_TASK,
		.uart_paddr = fdt.uart.base,
		.uart_irq = fdt.uart_irq,
		.timebase_hz = fdt.timebase_hz,
		.rtc_paddr = fdt.rtc.size ? fdt.rtc.base : 0,
	};
	boot_root_task(&boot);

#ifdef CONFIG_TEST_BOOT_FAULT
	test_boot_fault();
#endif

	/* User programs may read cycle, time and instret (benchmarks). */
	csr_write(scounteren, 0x7);
	plic_init(fdt.plic.base, hartid, fdt.plic_ndev, fdt.uart_irq);
	csr_set(sie, SIE_SEIE);
	timer_init(fdt.timebase_hz);
	kprintf("ration: boot complete; starting the root task\n");
	thread_return_to_user();
}
