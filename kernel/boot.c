/* Boot, second half: from free RAM to a running root task.
 *
 * All free RAM becomes untyped caps in the root CNode (boot_untyped.c).
 * Everything the root task needs is then made from those untyped caps
 * through the very invocations user level uses (Retype, ASID pool, Map,
 * TCB Configure ...), so the kernel keeps no memory of its own for it and
 * every object is accounted for in some untyped's watermark. */
#include "kernel/boot.h"
#include "kernel/arch.h"
#include "kernel/boot_untyped.h"
#include "kernel/cpio.h"
#include "kernel/cspace.h"
#include "kernel/elf.h"
#include "kernel/invoke.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/string.h"
#include "kernel/thread.h"
#include <ration/bootinfo.h>
#include <ration/faults.h>
#include <ration/invocation.h>

#define PAGE 4096

static struct rn_untyped_desc untyped[CONFIG_MAX_BOOT_UNTYPED];
static struct boot_untyped_result boot;
static struct slot *root_slots; /* the root CNode's slots */
static word_t next_free_slot;
static struct rn_bootinfo *bootinfo; /* the root task's boot-info page */

static struct slot *root_slot(word_t i)
{
	return &root_slots[i];
}

/* Makes one kernel invocation on behalf of the root task and insists that it
 * works: at boot a refusal is a kernel bug or a machine too small. */
static int boot_invoke(word_t service, word_t label, const word_t *mr, word_t len,
                       const word_t *extra, word_t n_extra, struct inv_reply *reply)
{
	struct inv_msg msg = { .label = label, .len = len, .mr = mr, .n_extra = n_extra };
	struct inv_reply ignored;
	struct rn_error_info err;
	for (word_t i = 0; i < n_extra; i++)
		msg.extra[i] = root_slot(extra[i]);
	return decode_invocation(root_slot(service), &msg, reply ? reply : &ignored, &err);
}

static void must(int code, const char *what)
{
	if (code != RN_OK)
		panic("boot: %s failed with error %d", what, code);
}

/* Retypes one object into root slot `dst` from the first RAM untyped with
 * room for it. */
static void make_object_at(word_t type, word_t bits, word_t dst)
{
	for (word_t i = 0; i < boot.n_untyped; i++) {
		if (untyped[i].is_device)
			continue;
		word_t mr[] = { type, bits, 0, 0, dst, 1 };
		word_t root = RN_SLOT_ROOT_CNODE;
		int r = boot_invoke(untyped[i].slot, RN_UNTYPED_RETYPE, mr, 6, &root, 1, NULL);
		if (r == RN_OK)
			return;
		if (r != RN_NOT_ENOUGH_MEMORY)
			must(r, "retype");
	}
	panic("boot: no untyped memory left for the root task (object type %lu)", type);
}

static word_t make_object(word_t type, word_t bits)
{
	if (next_free_slot >= BIT(CONFIG_ROOT_CNODE_BITS))
		panic("boot: the root CNode is full");
	make_object_at(type, bits, next_free_slot);
	return next_free_slot++;
}

/* Maps the frame in root slot `frame` at `va` of the root VSpace, making
 * page tables on the way as needed. */
static void map_frame(word_t frame, vaddr_t va, word_t rights, bool exec)
{
	word_t vspace = RN_SLOT_ROOT_VSPACE;
	word_t mr[] = { va, rights, exec ? RN_FRAME_EXECUTE : 0 };
	for (int tries = 0; tries < 3; tries++) {
		int r = boot_invoke(frame, RN_FRAME_MAP, mr, 3, &vspace, 1, NULL);
		if (r != RN_FAILED_LOOKUP) {
			must(r, "map frame");
			return;
		}
		word_t pt = make_object(RN_OBJ_PAGE_TABLE, 0);
		must(boot_invoke(pt, RN_PAGE_TABLE_MAP, &va, 1, &vspace, 1, NULL), "map table");
	}
	panic("boot: cannot map %#lx", va);
}

static void *frame_memory(word_t frame)
{
	return paddr_to_kptr(cap_paddr(&root_slot(frame)->cap));
}

/* Copies one ELF segment into fresh frames and maps them. */
static void load_segment(const uint8_t *file, const struct elf_segment *seg)
{
	vaddr_t start = ALIGN_DOWN(seg->vaddr, PAGE);
	vaddr_t end = ALIGN_UP(seg->vaddr + seg->memsz, PAGE);
	word_t rights = RN_RIGHT_READ | (seg->flags & ELF_PF_W ? RN_RIGHT_WRITE : 0);
	for (vaddr_t va = start; va < end; va += PAGE) {
		word_t frame = make_object(RN_OBJ_FRAME_4K, 0);
		uint8_t *dst = frame_memory(frame); /* zeroed by retype */
		/* The part of [va, va+PAGE) that comes from the file. */
		vaddr_t from = MAX(va, seg->vaddr);
		vaddr_t to = MIN(va + PAGE, seg->vaddr + seg->filesz);
		if (from < to)
			memcpy(dst + (from - va), file + seg->offset + (from - seg->vaddr),
			       to - from);
		map_frame(frame, va, rights, seg->flags & ELF_PF_X);
		if (bootinfo->n_image_frames == RN_BOOTINFO_MAX_IMAGE_FRAMES)
			panic("boot: the root task is larger than %d pages",
			      RN_BOOTINFO_MAX_IMAGE_FRAMES);
		bootinfo->image_frames[bootinfo->n_image_frames].slot = frame;
		bootinfo->image_frames[bootinfo->n_image_frames].vaddr = va;
		bootinfo->n_image_frames++;
	}
}

static word_t make_mapped_frame(vaddr_t va, word_t rights)
{
	word_t frame = make_object(RN_OBJ_FRAME_4K, 0);
	map_frame(frame, va, rights, false);
	return frame;
}

static void fill_bootinfo(struct rn_bootinfo *bi, const struct boot_config *cfg)
{
	bi->magic = RN_BOOTINFO_MAGIC;
	bi->root_cnode_bits = CONFIG_ROOT_CNODE_BITS;
	bi->n_untyped = boot.n_untyped;
	bi->initrd_paddr = cfg->initrd_start;
	bi->initrd_size = cfg->initrd_end - cfg->initrd_start;
	bi->uart_paddr = cfg->uart_paddr;
	bi->uart_irq = cfg->uart_irq;
	bi->timebase_hz = cfg->timebase_hz;
	bi->rtc_paddr = cfg->rtc_paddr;
	for (word_t i = 0; i < boot.n_untyped; i++) {
		bi->untyped[i] = untyped[i];
		/* Watermarks now, after the root task's objects were made. */
		bi->untyped[i].watermark = cap_untyped_watermark(&root_slot(untyped[i].slot)->cap);
	}
	bi->first_free_slot = next_free_slot; /* set last: nothing is made after */
}

static void print_untyped_table(void)
{
	char human[16];
	word_t ram = 0;
	kprintf("untyped memory (root CNode slots %u..%lu):\n", RN_SLOT_FIRST_UNTYPED,
	        RN_SLOT_FIRST_UNTYPED + boot.n_untyped - 1);
	kprintf("  slot  physical range             size        kind    used\n");
	for (word_t i = 0; i < boot.n_untyped; i++) {
		const struct rn_untyped_desc *d = &untyped[i];
		word_t size = BIT(d->size_bits);
		word_t used = cap_untyped_watermark(&root_slot(d->slot)->cap);
		kprintf("  %4lu  %#010lx-%#010lx  %-10s  %-6s  %lu\n", d->slot, d->paddr,
		        d->paddr + size, format_size(human, sizeof(human), size),
		        d->is_device ? "device" : "RAM", used);
		if (!d->is_device)
			ram += size;
	}
	kprintf("untyped RAM: %lu bytes in %lu caps\n", ram, boot.n_untyped);
}

void boot_root_task(const struct boot_config *cfg)
{
	must(boot_create_untyped(cfg->ram, cfg->n_ram, cfg->dev, cfg->n_dev, untyped,
	                         ARRAY_SIZE(untyped), &boot),
	     "making untyped caps");
	root_slots = cnode_slot(&boot.root_cnode_slot->cap, 0);
	next_free_slot = RN_SLOT_FIRST_UNTYPED + boot.n_untyped;
	print_untyped_table();

	struct cpio_entry file;
	const char *err = "not found";
	if (cpio_find(cfg->initrd, cfg->initrd_end - cfg->initrd_start, cfg->root_task, &file,
	              &err) != 1)
		panic("boot: root task %s in the initrd: %s", cfg->root_task, err);
	struct elf_image img;
	if (elf_parse(file.data, file.size, &img, &err) != 0)
		panic("boot: root task %s: %s", cfg->root_task, err);

	/* The root task's own objects, in their fixed slots. */
	make_object_at(RN_OBJ_TCB, 0, RN_SLOT_ROOT_TCB);
	make_object_at(RN_OBJ_PAGE_TABLE, 0, RN_SLOT_ROOT_VSPACE);
	arch_boot_make_control_caps(root_slots);
	word_t pool_ut = make_object(RN_OBJ_UNTYPED, 12);
	word_t pool_args[] = { RN_SLOT_ROOT_ASID_POOL, 64 };
	word_t pool_extra[] = { pool_ut, RN_SLOT_ROOT_CNODE };
	must(boot_invoke(RN_SLOT_ASID_CONTROL, RN_ASID_CONTROL_MAKE_POOL, pool_args, 2, pool_extra,
	                 2, NULL),
	     "making the ASID pool");
	word_t vspace = RN_SLOT_ROOT_VSPACE;
	must(boot_invoke(RN_SLOT_ROOT_ASID_POOL, RN_ASID_POOL_ASSIGN, NULL, 0, &vspace, 1, NULL),
	     "assigning an ASID");

	word_t info = make_mapped_frame(RN_ROOT_BOOTINFO, RN_RIGHT_READ);
	bootinfo = frame_memory(info);
	for (int i = 0; i < img.nseg; i++)
		load_segment(file.data, &img.seg[i]);
	for (vaddr_t va = RN_ROOT_STACK_TOP - RN_ROOT_STACK_SIZE; va < RN_ROOT_STACK_TOP;
	     va += PAGE)
		make_mapped_frame(va, RN_RIGHT_READ | RN_RIGHT_WRITE);
	word_t ipc = make_mapped_frame(RN_ROOT_IPC_BUFFER, RN_RIGHT_READ | RN_RIGHT_WRITE);

	word_t cfg_args[] = { RN_ROOT_IPC_BUFFER };
	word_t cfg_extra[] = { RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, ipc };
	must(boot_invoke(RN_SLOT_ROOT_TCB, RN_TCB_CONFIGURE, cfg_args, 1, cfg_extra, 3, NULL),
	     "configuring the root TCB");
	word_t prio = CONFIG_ROOT_TASK_PRIORITY;
	must(boot_invoke(RN_SLOT_ROOT_TCB, RN_TCB_SET_PRIORITY, &prio, 1, NULL, 0, NULL),
	     "setting the root priority");

	fill_bootinfo(bootinfo, cfg);
	bootinfo->ipc_buffer_slot = ipc;
	struct tcb *t = tcb_from_cap(&root_slot(RN_SLOT_ROOT_TCB)->cap);
	ksnprintf(t->name, sizeof(t->name), "%s", "root");
	t->fpu_passthrough = true; /* built integer-only: arch/riscv/fpu.c */
	/* Resume, all the registers, then the registers. */
	word_t regs[2 + RN_TCB_REGISTERS] = { 1, RN_TCB_REGISTERS };
	regs[2 + RN_REG_PC] = img.entry;
	regs[2 + RN_REG_SP] = RN_ROOT_STACK_TOP;
	regs[2 + RN_REG_TP] = RN_ROOT_IPC_BUFFER; /* where libc-glue finds it */
	regs[2 + RN_REG_ARG(0)] = RN_ROOT_BOOTINFO;
	must(boot_invoke(RN_SLOT_ROOT_TCB, RN_TCB_WRITE_REGISTERS, regs, ARRAY_SIZE(regs), NULL, 0,
	                 NULL),
	     "starting the root task");
	pr_info("root task: %s, entry %#lx, %lu slots used of %lu\n", cfg->root_task, img.entry,
	        next_free_slot, (word_t)BIT(CONFIG_ROOT_CNODE_BITS));
}
