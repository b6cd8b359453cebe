/* Flattened device tree (DTB) parser: just the facts Ration needs from the
 * blob OpenSBI hands over (QEMU virt's, in practice).
 *
 * Every read is bounds-checked against the blob's size, so a truncated or
 * corrupted blob yields an error with a message, never a read outside it.
 * Arch-independent; unit-tested on the host against QEMU's own blob. */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include "kernel/types.h"

#define FDT_MAX_MEM  8  /* memory regions kept */
#define FDT_MAX_RESV 16 /* reserved regions kept (memreserve + /reserved-memory) */

struct fdt_range {
	paddr_t base;
	word_t size;
};

struct fdt_info {
	struct fdt_range mem[FDT_MAX_MEM]; /* /memory@* reg entries */
	int nmem;
	struct fdt_range resv[FDT_MAX_RESV]; /* memreserve block + /reserved-memory children */
	int nresv;
	struct fdt_range uart; /* first "ns16550a" node; size 0 if none */
	uint32_t uart_irq;     /* its "interrupts" (PLIC source number) */
	struct fdt_range plic; /* "riscv,plic0" / "sifive,plic-1.0.0"; size 0 if none */
	uint32_t plic_ndev;    /* "riscv,ndev" */
	struct fdt_range test; /* "sifive,test0" (power-off with status); size 0 if none */
	struct fdt_range rtc;  /* "google,goldfish-rtc" (wall-clock time); size 0 if none */
	uint64_t timebase_hz;  /* /cpus "timebase-frequency" */
	int nharts;            /* /cpus/cpu@* nodes with device_type "cpu" */
	paddr_t initrd_start;  /* /chosen linux,initrd-start; 0 if none */
	paddr_t initrd_end;    /* /chosen linux,initrd-end (exclusive) */
	word_t blob_size;      /* header totalsize, for reserving the blob */
};

/* Header field offsets (Devicetree Specification 5.2), big-endian words. */
enum {
	FDT_HDR_MAGIC = 0,
	FDT_HDR_TOTALSIZE = 4,
	FDT_HDR_OFF_STRUCT = 8,
	FDT_HDR_OFF_STRINGS = 12,
	FDT_HDR_OFF_RSVMAP = 16,
	FDT_HDR_VERSION = 20,
	FDT_HDR_LAST_COMP = 24,
	FDT_HDR_SIZE_STRINGS = 32,
	FDT_HDR_SIZE_STRUCT = 36,
};

/* Header size, to read totalsize before trusting the rest of the blob. */
#define FDT_HEADER_SIZE 40

/* Returns the blob's totalsize from its header, or 0 if the first `avail`
 * bytes are not a valid header (bad magic, version, or avail too small). */
word_t fdt_total_size(const void *blob, word_t avail);

/* Parses `blob` of at most `size` bytes into `out`. Returns 0, or -1 with
 * *err set to a static message that names what is wrong and where. */
int fdt_parse(const void *blob, word_t size, struct fdt_info *out, const char **err);

#endif
