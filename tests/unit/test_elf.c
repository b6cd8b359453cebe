/* The ELF reader against a real executable from the RISC-V toolchain
 * (build/test-user.elf), the kernel image (not a user program), and
 * truncated, corrupted and edited copies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/elf.h"

static uint8_t *file;
static size_t file_size;

static uint8_t *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s missing: run make unit", path);
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	rewind(f);
	uint8_t *buf = malloc(*size);
	cr_assert_eq(fread(buf, 1, *size, f), *size);
	fclose(f);
	return buf;
}

static void setup(void)
{
	file = load("build/test-user.elf", &file_size);
}

static void teardown(void)
{
	free(file);
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The i-th PT_LOAD program header of the loaded file (the toolchain also
 * emits a RISCV_ATTRIBUTES header, which the reader skips). */
static uint8_t *phdr(int i)
{
	unsigned count = file[56] | file[57] << 8;
	for (unsigned k = 0; k < count; k++) {
		uint8_t *ph = file + get64(file + 32) + 56 * (size_t)k;
		if (ph[0] == 1 && ph[1] == 0 && ph[2] == 0 && ph[3] == 0 && i-- == 0)
			return ph;
	}
	cr_assert_fail("no PT_LOAD header");
	return NULL;
}

static void expect_error(const char *message)
{
	struct elf_image img;
	const char *err = NULL;
	cr_expect_eq(elf_parse(file, file_size, &img, &err), -1);
	cr_expect_str_eq(err ? err : "(none)", message);
}

TestSuite(elf, .init = setup, .fini = teardown);

Test(elf, reads_the_segments_of_a_real_executable)
{
	struct elf_image img;
	const char *err = NULL;
	cr_assert_eq(elf_parse(file, file_size, &img, &err), 0, "%s", err);
	cr_expect_eq(img.entry, 0x10000);
	cr_assert_eq(img.nseg, 2);
	cr_expect_eq(img.seg[0].flags, ELF_PF_R | ELF_PF_X);
	cr_expect_eq(img.seg[1].flags, ELF_PF_R | ELF_PF_W);
	cr_expect_gt(img.seg[1].memsz, img.seg[1].filesz + 8000, "bss is memory, not file");
	cr_expect_lt(img.seg[0].vaddr, img.seg[1].vaddr);
	/* The data segment holds the .quad 42 at its start. */
	cr_expect_eq(get64(file + img.seg[1].offset), 42);
}

Test(elf, kernel_image_is_not_a_user_program)
{
	size_t n;
	uint8_t *k = load("build/kernel.elf", &n);
	struct elf_image img;
	const char *err = NULL;
	cr_expect_eq(elf_parse(k, n, &img, &err), -1);
	cr_expect_str_eq(err, "elf: segment outside user space");
	free(k);
}

Test(elf, every_truncation_before_the_last_segment_ends_is_an_error)
{
	struct elf_image img;
	const char *err;
	cr_assert_eq(elf_parse(file, file_size, &img, &err), 0);
	size_t needed = 0;
	for (int i = 0; i < img.nseg; i++)
		if (img.seg[i].offset + img.seg[i].filesz > needed)
			needed = img.seg[i].offset + img.seg[i].filesz;
	for (size_t len = 0; len < needed; len++) {
		uint8_t *copy = malloc(len ? len : 1); /* exact: ASan sees overreads */
		memcpy(copy, file, len);
		err = NULL;
		cr_assert_eq(elf_parse(copy, len, &img, &err), -1, "accepted %zu bytes", len);
		cr_assert_not_null(err);
		free(copy);
	}
}

Test(elf, corrupted_headers_never_read_outside)
{
	size_t span = get64(file + 32) + 56 * 4; /* ELF and program headers */
	uint8_t *copy = malloc(file_size);
	struct elf_image img;
	const char *err;
	for (size_t i = 0; i < span && i < file_size; i++) {
		for (int v = 0; v < 256; v += 51) {
			memcpy(copy, file, file_size);
			copy[i] = (uint8_t)v;
			elf_parse(copy, file_size, &img, &err); /* any result, no overread */
		}
	}
	free(copy);
}

Test(elf, header_errors_are_specific)
{
	file[0] = 0;
	expect_error("elf: bad magic");
	file[0] = 0x7f;
	file[4] = 1;
	expect_error("elf: not a 64-bit ELF");
	file[4] = 2;
	file[18] = 62; /* x86-64 */
	expect_error("elf: not a RISC-V executable");
	file[18] = 243;
	file[16] = 3; /* ET_DYN */
	expect_error("elf: not an executable (ET_EXEC)");
}

Test(elf, writable_and_executable_segment_is_refused)
{
	phdr(1)[4] |= ELF_PF_X;
	expect_error("elf: segment is both writable and executable");
}

Test(elf, file_size_beyond_memory_size_is_refused)
{
	put64(phdr(1) + 32, get64(phdr(1) + 40) + 1);
	expect_error("elf: segment's file size exceeds its memory size");
}

Test(elf, overlapping_segments_are_refused)
{
	put64(phdr(1) + 16, get64(phdr(0) + 16) + (get64(phdr(1) + 8) & 0xfff));
	expect_error("elf: segments overlap");
}

Test(elf, entry_outside_text_is_refused)
{
	put64(file + 24, get64(phdr(1) + 16));
	expect_error("elf: entry point is not in an executable segment");
}

Test(elf, segment_reaching_kernel_space_is_refused)
{
	put64(phdr(1) + 40, ELF_USER_TOP);
	expect_error("elf: segment outside user space");
}

Test(elf, head_alone_describes_the_same_image)
{
	struct elf_image whole, part;
	const char *err = NULL;
	cr_assert_eq(elf_parse(file, file_size, &whole, &err), 0);
	size_t head = get64(file + 32) + 56 * (size_t)(file[56] | file[57] << 8);
	uint8_t *copy = malloc(head); /* exact: ASan sees overreads */
	memcpy(copy, file, head);
	cr_assert_eq(elf_parse_head(copy, head, file_size, &part, &err), 0, "%s", err);
	cr_expect_eq(memcmp(&whole, &part, sizeof whole), 0);
	free(copy);
}

Test(elf, head_shorter_than_the_program_headers_is_refused)
{
	struct elf_image img;
	const char *err = NULL;
	size_t head = get64(file + 32) + 56 * (size_t)(file[56] | file[57] << 8);
	for (size_t len = 0; len < head; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, file, len);
		err = NULL;
		cr_assert_eq(elf_parse_head(copy, len, file_size, &img, &err), -1, "took %zu", len);
		cr_assert_not_null(err);
		free(copy);
	}
}

Test(elf, head_checks_segments_against_the_whole_size)
{
	struct elf_image img;
	const char *err = NULL;
	cr_assert_eq(elf_parse(file, file_size, &img, &err), 0);
	size_t needed = 0;
	for (int i = 0; i < img.nseg; i++)
		if (img.seg[i].offset + img.seg[i].filesz > needed)
			needed = img.seg[i].offset + img.seg[i].filesz;
	cr_expect_eq(elf_parse_head(file, file_size, needed - 1, &img, &err), -1);
	cr_expect_str_eq(err ? err : "(none)", "elf: segment data runs past the file");
}
