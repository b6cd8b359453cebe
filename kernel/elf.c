/* ELF64 reader (see elf.h). Field offsets from the System V gABI, ELF-64. */
#include "kernel/elf.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define EM_RISCV  243
#define ET_EXEC   2
#define PT_LOAD   1
#define PAGE      4096

/* Little-endian reads from a byte buffer: no alignment is assumed. */
static uint64_t le(const uint8_t *p, int bytes)
{
	uint64_t v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int fail(const char **err, const char *why)
{
	*err = why;
	return -1;
}

static int check_header(const uint8_t *f, word_t size, const char **err)
{
	if (size < EHDR_SIZE)
		return fail(err, "elf: file shorter than the ELF header");
	if (!(f[0] == 0x7f && f[1] == 'E' && f[2] == 'L' && f[3] == 'F'))
		return fail(err, "elf: bad magic");
	if (f[4] != 2)
		return fail(err, "elf: not a 64-bit ELF");
	if (f[5] != 1)
		return fail(err, "elf: not little-endian");
	if (le(f + 18, 2) != EM_RISCV)
		return fail(err, "elf: not a RISC-V executable");
	if (le(f + 16, 2) != ET_EXEC)
		return fail(err, "elf: not an executable (ET_EXEC)");
	if (le(f + 54, 2) != PHDR_SIZE)
		return fail(err, "elf: unexpected program header size");
	return 0;
}

/* Reads and checks one PT_LOAD header into *s. */
static int read_segment(const uint8_t *ph, word_t size, struct elf_segment *s, const char **err)
{
	s->flags = (uint32_t)le(ph + 4, 4);
	s->offset = le(ph + 8, 8);
	s->vaddr = le(ph + 16, 8);
	s->filesz = le(ph + 32, 8);
	s->memsz = le(ph + 40, 8);
	word_t align = le(ph + 48, 8);

	if (s->filesz > s->memsz)
		return fail(err, "elf: segment's file size exceeds its memory size");
	if (s->offset > size || size - s->offset < s->filesz)
		return fail(err, "elf: segment data runs past the file");
	if (s->memsz == 0)
		return 0; /* nothing to map; the caller skips it */
	if (s->vaddr >= ELF_USER_TOP || ELF_USER_TOP - s->vaddr < s->memsz)
		return fail(err, "elf: segment outside user space");
	if (align > 1 && (align & (align - 1)))
		return fail(err, "elf: segment alignment is not a power of two");
	if (s->vaddr % PAGE != s->offset % PAGE)
		return fail(err, "elf: segment address and file offset disagree mod page size");
	if ((s->flags & ELF_PF_W) && (s->flags & ELF_PF_X))
		return fail(err, "elf: segment is both writable and executable");
	return 0;
}

int elf_parse(const void *file, word_t size, struct elf_image *out, const char **err)
{
	return elf_parse_head(file, size, size, out, err);
}

int elf_parse_head(const void *head, word_t head_len, word_t size, struct elf_image *out,
                   const char **err)
{
	const uint8_t *f = head;
	*out = (struct elf_image){ 0 };
	if (head_len > size)
		head_len = size;
	if (check_header(f, head_len, err))
		return -1;

	word_t phoff = le(f + 32, 8);
	word_t phnum = le(f + 56, 2);
	if (phoff > size || (size - phoff) / PHDR_SIZE < phnum)
		return fail(err, "elf: program headers run past the file");
	if (phoff > head_len || (head_len - phoff) / PHDR_SIZE < phnum)
		return fail(err, "elf: program headers lie beyond the file's start");

	for (word_t i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + i * PHDR_SIZE;
		if (le(ph, 4) != PT_LOAD)
			continue;
		struct elf_segment s;
		if (read_segment(ph, size, &s, err))
			return -1;
		if (s.memsz == 0)
			continue;
		if (out->nseg == ELF_MAX_SEGMENTS)
			return fail(err, "elf: too many loadable segments");
		/* Insert sorted by address, refusing overlap (page-granular,
		 * since segments are mapped in whole pages). */
		int j = out->nseg;
		while (j > 0 && out->seg[j - 1].vaddr > s.vaddr) {
			out->seg[j] = out->seg[j - 1];
			j--;
		}
		out->seg[j] = s;
		out->nseg++;
	}
	if (out->nseg == 0)
		return fail(err, "elf: no loadable segments");
	for (int i = 1; i < out->nseg; i++) {
		const struct elf_segment *a = &out->seg[i - 1], *b = &out->seg[i];
		if (ALIGN_UP(a->vaddr + a->memsz, PAGE) > ALIGN_DOWN(b->vaddr, PAGE))
			return fail(err, "elf: segments overlap");
	}

	out->entry = le(f + 24, 8);
	for (int i = 0; i < out->nseg; i++) {
		const struct elf_segment *s = &out->seg[i];
		if ((s->flags & ELF_PF_X) && out->entry >= s->vaddr &&
		    out->entry - s->vaddr < s->memsz)
			return 0;
	}
	return fail(err, "elf: entry point is not in an executable segment");
}
