/* What the root task finds in its CNode at boot. The kernel turns all free
 * RAM into untyped caps, retypes the root CNode out of one of them, and
 * fills these slots (the rest are empty):
 *
 *   slot 0                     null (cptr 0 never names a cap)
 *   slot 1  RN_SLOT_ROOT_TCB   the root task's TCB (issue 4)
 *   slot 2  RN_SLOT_ROOT_CNODE the root CNode itself (radix
 *                              CONFIG_ROOT_CNODE_BITS, guard 0 of size
 *                              64 - radix: cptr == slot number)
 *   slot 3  RN_SLOT_ROOT_VSPACE the root task's top page table (later)
 *   slot 4  RN_SLOT_IRQ_CONTROL IRQ control (later)
 *   slots 5..15                reserved for later fixed caps
 *   slots 16..16+n-1           the n untyped caps, in increasing physical
 *                              address order; device untyped included
 *   slots 16+n..               free
 */
#ifndef RATION_BOOTINFO_H
#define RATION_BOOTINFO_H

#include <ration/types.h>

#define RN_SLOT_NULL           0
#define RN_SLOT_ROOT_TCB       1
#define RN_SLOT_ROOT_CNODE     2
#define RN_SLOT_ROOT_VSPACE    3
#define RN_SLOT_IRQ_CONTROL    4
#define RN_SLOT_ASID_CONTROL   5
#define RN_SLOT_ROOT_ASID_POOL 6 /* the pool the root VSpace's ASID came from */
#define RN_SLOT_FIRST_UNTYPED  16

/* One untyped cap as the boot-info page lists it. */
struct rn_untyped_desc {
	rn_word_t slot; /* root CNode slot */
	rn_word_t paddr;
	uint8_t size_bits;
	uint8_t is_device;
	uint8_t pad[6];
	rn_word_t watermark; /* bytes already used (the root CNode, ...) */
};

/* Where the root task finds itself: its program at the addresses of its
 * ELF file, and these (all in the root VSpace, 4 KiB pages). It starts at
 * the ELF entry with sp = RN_ROOT_STACK_TOP, a0 = RN_ROOT_BOOTINFO and
 * tp = RN_ROOT_IPC_BUFFER (libc-glue keeps each thread's buffer in tp). */
#define RN_ROOT_STACK_TOP  0x0000003fc0000000ull
#define RN_ROOT_STACK_SIZE (64 * 1024)
#define RN_ROOT_IPC_BUFFER 0x0000003fc0000000ull /* just above the stack */
#define RN_ROOT_BOOTINFO   0x0000003fc0001000ull

#define RN_BOOTINFO_MAGIC            0x526174696f6e4249ull /* "RationBI" */
#define RN_BOOTINFO_MAX_UNTYPED      64
#define RN_BOOTINFO_MAX_IMAGE_FRAMES 96

/* The boot-info page, read-only in the root VSpace at RN_ROOT_BOOTINFO;
 * the root task starts with its address in a0. */
struct rn_bootinfo {
	rn_word_t magic;
	rn_word_t root_cnode_bits; /* the root CNode has 2^bits slots */
	rn_word_t first_free_slot; /* slots from here on are empty */
	rn_word_t n_untyped;
	rn_word_t initrd_paddr; /* the initrd; a device untyped covers it */
	rn_word_t initrd_size;
	rn_word_t uart_paddr; /* the UART page; a device untyped covers it */
	rn_word_t uart_irq;
	rn_word_t timebase_hz; /* of the `time` counter */
	rn_word_t rtc_paddr;   /* the Goldfish RTC page (a device untyped covers it); 0: none */
	struct rn_untyped_desc untyped[RN_BOOTINFO_MAX_UNTYPED];
	/* The frames holding the root task's own program (text, data, bss):
	 * with these it can map its code into another address space. */
	rn_word_t n_image_frames;
	struct {
		rn_word_t slot;
		rn_word_t vaddr;
	} image_frames[RN_BOOTINFO_MAX_IMAGE_FRAMES];
	/* The frame of its IPC buffer (needed to configure its TCB again). */
	rn_word_t ipc_buffer_slot;
};
_Static_assert(sizeof(struct rn_bootinfo) <= 4096, "the boot info fits one page");

#endif
