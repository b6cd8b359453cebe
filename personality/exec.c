/* Programs (exec.h). The read-only segments of each program in it are copied at boot into
 * frames of the server's memory: those belong to the system, not to any
 * process, so every process running the program maps the same frames and
 * no budget depends on another (docs/design.md). Writable segments are
 * copied into the process's budget,
 * and so is every segment of a program run from a tmpfs file. */
#include "personality/exec.h"
#include "personality/initrd.h"
#include "personality/path.h"

#include "personality/sysmem.h"
#include "personality/tmpfs.h"
#include "personality/vm.h"

#include <ration/objects.h>
#include <rn/debug.h>
#include <rn/px.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

#include "kernel/cpio.h"
#include "kernel/string.h"

/* The text cache: the pages of every program's read-only segments. Sized
 * for the initrd the build makes; boot stops if it is not enough. */
#define MAX_PROGRAMS   64
#define MAX_TEXT_PAGES 2048

struct text_page {
	uint64_t va;
	uint32_t slot; /* root slot of the frame */
	uint8_t exec;
};

struct program {
	const char *name; /* the cpio entry's name (no leading '/') */
	uint32_t first, count;
};

static struct text_page text_pages[MAX_TEXT_PAGES];
static uint32_t n_text_pages;
static struct program programs[MAX_PROGRAMS];
static int n_programs;

static int segment_pages(const struct elf_segment *s, uint64_t *first, uint64_t *end)
{
	*first = s->vaddr & ~(PAGE_BYTES - 1);
	*end = (s->vaddr + s->memsz + PAGE_BYTES - 1) & ~(PAGE_BYTES - 1);
	return (int)((*end - *first) / PAGE_BYTES);
}

/* Copies the [va, va + PAGE_BYTES) part of segment s into dst (a zeroed page),
 * from the initrd file's bytes or, when file is NULL, tmpfs node ino. */
static void fill_page(uint8_t *dst, const uint8_t *file, uint64_t ino, const struct elf_segment *s,
                      uint64_t va)
{
	uint64_t from = s->vaddr > va ? s->vaddr : va;
	uint64_t to =
	    s->vaddr + s->filesz < va + PAGE_BYTES ? s->vaddr + s->filesz : va + PAGE_BYTES;
	if (from >= to)
		return;
	uint64_t off = s->offset + (from - s->vaddr);
	if (file)
		memcpy(dst + (from - va), file + off, to - from);
	else
		tmpfs_read(ino, off, (char *)dst + (from - va), to - from);
}

static void cache_program(const struct cpio_entry *e, const struct elf_image *img)
{
	if (n_programs == MAX_PROGRAMS)
		die("too many programs in the initrd", 0);
	struct program *prog = &programs[n_programs++];
	prog->name = e->name;
	prog->first = n_text_pages;
	for (int i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];
		if (s->flags & ELF_PF_W)
			continue;
		uint64_t first, end;
		segment_pages(s, &first, &end);
		for (uint64_t va = first; va < end; va += PAGE_BYTES) {
			if (n_text_pages == MAX_TEXT_PAGES)
				die("the initrd's programs are too large for the text cache", 0);
			uint64_t slot = sysmem_make_root(RN_OBJ_FRAME_4K, 0);
			uint8_t *dst = vm_scratch_map(ROOT(slot), 0);
			fill_page(dst, e->data, 0, s, va);
			vm_scratch_unmap(ROOT(slot));
			text_pages[n_text_pages++] =
			    (struct text_page){ va, (uint32_t)slot, (s->flags & ELF_PF_X) != 0 };
		}
	}
	prog->count = n_text_pages - prog->first;
}

void exec_boot(const struct rn_bootinfo *bi)
{
	uint64_t initrd_size;
	const uint8_t *initrd = initrd_bytes(&initrd_size);
	uint64_t off = 0;
	struct cpio_entry e;
	const char *err;
	int r;
	while ((r = cpio_next(initrd, initrd_size, &off, &e, &err)) == 1) {
		struct elf_image img;
		if ((e.mode & CPIO_MODE_TYPE) != CPIO_MODE_FILE ||
		    elf_parse(e.data, e.size, &img, &err) != 0 ||
		    path_same(e.name, "sbin/pxserver"))
			continue;
		cache_program(&e, &img);
	}
	if (r < 0)
		rn_printf("pxserver: initrd: %s\n", err);
	rn_printf("pxserver: %d programs, %u pages of shared text\n", n_programs, n_text_pages);
}

/* ---- exec ----------------------------------------------------------------- */

/* The length of the NUL-terminated string at s within limit bytes, or -1. */
static long bounded_strlen(const char *s, uint64_t limit)
{
	for (uint64_t i = 0; i < limit; i++) {
		if (!s[i])
			return (long)i;
	}
	return -1;
}

/* Lays out the top stack page: strings at the top, then envp[] and argv[]
 * below them, sp 16-byte aligned at argv. */
static int build_stack(struct exec_plan *plan, const char *args, uint64_t len, unsigned argc,
                       unsigned envc)
{
	unsigned n = argc + envc;
	uint64_t strings = 0;
	const char *s = args;
	for (unsigned i = 0; i < n; i++) {
		long l = bounded_strlen(s, len - strings);
		if (l < 0)
			return -PX_EINVAL;
		strings += (uint64_t)l + 1;
		s += l + 1;
	}
	uint64_t pointers = (n + 2) * sizeof(uint64_t);
	if (strings + pointers + 64 > PAGE_BYTES)
		return -PX_E2BIG;

	memset(plan->stack, 0, PAGE_BYTES);
	uint64_t page_va = PX_STACK_TOP - PAGE_BYTES;
	uint64_t str_off = (PAGE_BYTES - strings) & ~7ul;
	uint64_t ptr_off = (str_off - pointers) & ~15ul;
	memcpy(plan->stack + str_off, args, strings);
	uint64_t *ptr = (uint64_t *)(plan->stack + ptr_off);
	uint64_t at = page_va + str_off;
	s = args;
	for (unsigned i = 0, k = 0; i < n; i++) {
		if (i == argc)
			ptr[k++] = 0; /* ends argv; envp starts after it */
		ptr[k++] = at;
		uint64_t l = (uint64_t)bounded_strlen(s, PAGE_BYTES) + 1;
		at += l;
		s += l;
	}
	plan->argc = argc;
	plan->argv = page_va + ptr_off;
	plan->envp = plan->argv + (argc + 1) * sizeof(uint64_t);
	plan->sp = plan->argv;
	return 0;
}

static int find_program(const char *name)
{
	for (int i = 0; i < n_programs; i++) {
		if (path_same(programs[i].name, name))
			return i;
	}
	return -1;
}

/* Reads the ELF and program headers of tmpfs file ino into the plan. */
static int prepare_tmpfs(struct exec_plan *plan, uint64_t ino)
{
	static uint8_t head[PAGE_BYTES];
	uint32_t mode;
	const char *err;
	if (tmpfs_stat(ino, &mode, &plan->size))
		return -PX_ENOENT;
	long n = tmpfs_read(ino, 0, (char *)head, PAGE_BYTES);
	if (n < 0 || elf_parse_head(head, (uint64_t)n, plan->size, &plan->img, &err) != 0)
		return -PX_ENOEXEC;
	plan->file = NULL;
	plan->ino = ino;
	plan->program = -1;
	return 0;
}

static int prepare_initrd(struct exec_plan *plan, const char *path)
{
	struct cpio_entry e;
	const char *err;
	uint64_t initrd_size;
	const uint8_t *initrd = initrd_bytes(&initrd_size);
	if (cpio_find(initrd, initrd_size, path, &e, &err) != 1)
		return -PX_ENOENT;
	if ((e.mode & CPIO_MODE_TYPE) != CPIO_MODE_FILE)
		return -PX_EACCES;
	plan->program = find_program(e.name);
	if (plan->program < 0 || elf_parse(e.data, e.size, &plan->img, &err) != 0)
		return -PX_ENOEXEC;
	plan->file = e.data;
	plan->ino = 0;
	plan->size = e.size;
	return 0;
}

int exec_prepare(struct exec_plan *plan, const char *path, uint64_t ino, const char *args,
                 uint64_t len, unsigned argc, unsigned envc)
{
	while (*path == '/')
		path++;
	int err = ino ? prepare_tmpfs(plan, ino) : prepare_initrd(plan, path);
	if (err)
		return err;
	const char *name = path;
	for (const char *c = path; *c; c++)
		if (*c == '/')
			name = c + 1;
	size_t n = strlen(name) < sizeof(plan->name) - 1 ? strlen(name) : sizeof(plan->name) - 1;
	memcpy(plan->name, name, n);
	plan->name[n] = 0;
	/* Writable pages must not share a page with the shared text. */
	for (int i = 0; i < plan->img.nseg; i++) {
		uint64_t f1, e1;
		segment_pages(&plan->img.seg[i], &f1, &e1);
		if (e1 > PX_HEAP_LIMIT || f1 < PX_TEXT_BASE)
			return -PX_ENOEXEC;
		for (int j = 0; j < plan->img.nseg; j++) {
			uint64_t f2, e2;
			segment_pages(&plan->img.seg[j], &f2, &e2);
			bool w1 = plan->img.seg[i].flags & ELF_PF_W,
			     w2 = plan->img.seg[j].flags & ELF_PF_W;
			if (i != j && w1 != w2 && f1 < e2 && f2 < e1)
				return -PX_ENOEXEC;
		}
	}
	return build_stack(plan, args, len, argc, envc);
}

/* How many text pages from t on (at most left) are in consecutive slots
 * at consecutive pages with one protection: shared in one run. */
static unsigned text_run_length(const struct text_page *t, uint32_t left)
{
	unsigned n = 1;
	while (n < left && n < SHARE_RUN_MAX && t[n].slot == t[0].slot + n &&
	       t[n].va == t[0].va + n * PAGE_BYTES && t[n].exec == t[0].exec)
		n++;
	return n;
}

int exec_commit(struct proc *p, const struct exec_plan *plan)
{
	bool shared = plan->program >= 0;
	if (shared) {
		const struct program *prog = &programs[plan->program];
		for (uint32_t i = 0, n; i < prog->count; i += n) {
			const struct text_page *t = &text_pages[prog->first + i];
			n = text_run_length(t, prog->count - i);
			if (!vm_share_pages(p, t->slot, t->va, n, t->exec))
				return -PX_ENOMEM;
		}
	}
	uint64_t heap = 0;
	static uint8_t page[PAGE_BYTES];
	for (int i = 0; i < plan->img.nseg; i++) {
		const struct elf_segment *s = &plan->img.seg[i];
		uint64_t first, end;
		segment_pages(s, &first, &end);
		if (end > heap)
			heap = end;
		bool writable = s->flags & ELF_PF_W;
		if (shared && !writable)
			continue;
		unsigned rights = RN_RIGHT_READ | (writable ? RN_RIGHT_WRITE : 0);
		for (uint64_t va = first; va < end; va += PAGE_BYTES) {
			memset(page, 0, PAGE_BYTES);
			fill_page(page, plan->file, plan->ino, s, va);
			if (vm_new_page(p, va, rights, s->flags & ELF_PF_X, page, 0, PAGE_BYTES) ==
			    BUDGET_NONE)
				return -PX_ENOMEM;
		}
	}
	if (vm_new_page(p, PX_STACK_TOP - PAGE_BYTES, RN_RIGHT_READ | RN_RIGHT_WRITE, false,
	                plan->stack, 0, PAGE_BYTES) == BUDGET_NONE)
		return -PX_ENOMEM;
	vm_heap_start(p, heap);
	memcpy(p->name, plan->name, sizeof(p->name));
	p->stack_low = PX_STACK_TOP - PAGE_BYTES;

	uint64_t regs[RN_TCB_REGISTERS] = { 0 };
	regs[RN_REG_PC] = plan->img.entry;
	regs[RN_REG_SP] = plan->sp;
	regs[RN_REG_TP] = PX_IPC_BUFFER_VA;
	regs[RN_REG_ARG(0)] = plan->argc;
	regs[RN_REG_ARG(1)] = plan->argv;
	regs[RN_REG_ARG(2)] = plan->envp;
	/* The new program starts with no FP state of the old one's. */
	int err = rn_tcb_write_registers(CAP(p->pid, p->tcb), RN_TCB_WRITE_FP_RESET,
	                                 RN_TCB_REGISTERS, regs);
	return err ? -PX_ENOMEM : 0;
}
