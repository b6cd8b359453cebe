/* ELF64 reader for RISC-V executables: the root task (and, at user level,
 * every program) is loaded from the initrd with it. It only describes the
 * image; the caller maps it. Every offset and size is checked against the
 * file, and segments must lie in user space, not overlap, and not be both
 * writable and executable. Arch-independent; unit-tested on the host. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "arch/riscv/memlayout.h"
#include "kernel/types.h"

#define ELF_MAX_SEGMENTS 8
#define ELF_USER_TOP     USER_TOP /* segments must lie below it */

#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

struct elf_segment {
	vaddr_t vaddr;  /* where it starts in memory */
	word_t memsz;   /* bytes in memory (>= filesz; the rest is zero) */
	word_t offset;  /* where its bytes start in the file */
	word_t filesz;  /* bytes taken from the file */
	uint32_t flags; /* ELF_PF_R/W/X */
};

struct elf_image {
	vaddr_t entry;
	int nseg;
	struct elf_segment seg[ELF_MAX_SEGMENTS]; /* PT_LOAD only, sorted by vaddr */
};

/* Returns 0, or -1 with *err naming what is wrong. */
int elf_parse(const void *file, word_t size, struct elf_image *out, const char **err);

/* The same, for a file of `size` bytes of which only the first head_len are
 * at hand: the ELF and program headers must lie within them (they do in
 * every file a linker makes). Segment data is checked against size. */
int elf_parse_head(const void *head, word_t head_len, word_t size, struct elf_image *out,
                   const char **err);

#endif
