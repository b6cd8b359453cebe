/* The device tree parser: against the blob QEMU virt hands the kernel,
 * against every truncation and many corruptions of that blob (run under
 * ASan, so a read past the buffer fails the test), and against small blobs
 * built to exercise one rule each. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "kernel/fdt.h"
#include "tests/unit/support/fdt_builder.h"

/* fdt.c allows this many open nodes, the root included. */
#define MAX_DEPTH 16

struct blob {
	uint8_t *data;
	size_t size;
};

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* A number from the .config the blob was dumped with (`make dtb` passes
 * CONFIG_QEMU_RAM_MB and CONFIG_QEMU_HARTS to QEMU), or dflt. */
static unsigned long config_value(const char *name, unsigned long dflt)
{
	FILE *f = fopen(env_or("RATION_CONFIG", "build/.config"), "r");
	char line[256];
	size_t n = strlen(name);
	unsigned long v = dflt;
	if (!f)
		return dflt;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && line[n] == '=')
			v = strtoul(line + n + 1, NULL, 0);
	fclose(f);
	return v;
}

/* A heap copy of exactly n bytes, so ASan catches a read past the end. */
static uint8_t *exact_copy(const void *src, size_t n)
{
	uint8_t *p = malloc(n);
	cr_assert(p != NULL || n == 0);
	if (n)
		memcpy(p, src, n);
	return p;
}

/* QEMU's blob (`make dtb`), cut to its header's totalsize: the file is
 * padded with zeroes to 1 MiB. */
static struct blob load_virt(void)
{
	const char *path = env_or("RATION_DTB", "build/virt.dtb");
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s: run `make dtb` from the repo root", path);
	static uint8_t file[MiB(1) + 1];
	size_t n = fread(file, 1, sizeof(file), f);
	fclose(f);
	size_t total = fdt_total_size(file, n);
	cr_assert(total >= FDT_HEADER_SIZE && total <= n, "%s: bad header (totalsize %zu)", path,
	          total);
	return (struct blob){ exact_copy(file, total), total };
}

static uint32_t hdr(const struct blob *b, int field)
{
	return fdtb_get32(b->data + field);
}

static void set_hdr(struct blob *b, int field, uint32_t v)
{
	fdtb_put32(b->data + field, v);
}

/* Offset of the first occurrence of needle (n bytes) in hay, or -1. */
static long find_bytes(const uint8_t *hay, size_t hay_len, const void *needle, size_t n)
{
	for (size_t i = 0; i + n <= hay_len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return (long)i;
	return -1;
}

/* Parses and expects failure with exactly the message want. */
static void expect_error(const struct blob *b, const char *want)
{
	struct fdt_info info;
	const char *err = NULL;
	int r = fdt_parse(b->data, b->size, &info, &err);
	cr_assert_eq(r, -1, "parsed, but expected \"%s\"", want);
	cr_assert_not_null(err);
	cr_assert_str_eq(err, want);
}

static struct fdt_info expect_ok(const struct blob *b)
{
	struct fdt_info info;
	const char *err = NULL;
	int r = fdt_parse(b->data, b->size, &info, &err);
	cr_assert_eq(r, 0, "fdt_parse failed: %s", err ? err : "(no message)");
	cr_assert_null(err);
	return info;
}

/* The parser's contract on any input: 0 and a sane result, or -1 and a
 * message. Checked without criterion asserts on the passing path, which
 * keeps the loops over thousands of blobs fast. */
static void check_contract(const uint8_t *data, size_t size, const char *what, size_t where)
{
	struct fdt_info info;
	const char *err = NULL;
	int r = fdt_parse(data, size, &info, &err);
	if (r == 0) {
		if (err != NULL || info.nmem < 1 || info.nmem > FDT_MAX_MEM || info.nresv < 0 ||
		    info.nresv > FDT_MAX_RESV || info.initrd_end < info.initrd_start ||
		    info.blob_size > size)
			cr_assert_fail("%s at %zu: parsed into an inconsistent result", what,
			               where);
	} else if (r != -1 || err == NULL || strncmp(err, "fdt: ", 5) != 0) {
		cr_assert_fail("%s at %zu: returned %d with message %s", what, where, r,
		               err ? err : "(null)");
	}
}

/* ---- QEMU virt's blob ----------------------------------------------------- */

Test(fdt, parses_qemu_virt_memory)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.nmem, 1);
	cr_expect_eq(info.mem[0].base, 0x80000000);
	cr_expect_eq(info.mem[0].size, MiB(config_value("CONFIG_QEMU_RAM_MB", 128)), "size %#lx",
	             (unsigned long)info.mem[0].size);
	free(b.data);
}

Test(fdt, parses_qemu_virt_uart_with_its_irq)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.uart.base, 0x10000000);
	cr_expect_eq(info.uart.size, 0x100);
	cr_expect_eq(info.uart_irq, 10);
	free(b.data);
}

Test(fdt, parses_qemu_virt_goldfish_rtc)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.rtc.base, 0x101000);
	cr_expect_eq(info.rtc.size, 0x1000);
	free(b.data);
}

Test(fdt, parses_qemu_virt_plic)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.plic.base, 0x0c000000);
	cr_expect_eq(info.plic.size, 0x600000);
	/* QEMU 7.2 says 0x60 (96 sources); older QEMUs said 0x35. */
	cr_expect_eq(info.plic_ndev, 0x60, "ndev %#x", info.plic_ndev);
	free(b.data);
}

/* QEMU's node is compatible "sifive,test1\0sifive,test0\0syscon": the
 * match is on its second entry. */
Test(fdt, parses_qemu_virt_test_device)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.test.base, 0x100000);
	cr_expect_eq(info.test.size, 0x1000);
	free(b.data);
}

/* /cpus also holds cpu-map/cluster0/core0, which is no cpu. */
Test(fdt, parses_qemu_virt_timebase_and_harts)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.timebase_hz, 10000000);
	cr_expect_eq(info.nharts, (int)config_value("CONFIG_QEMU_HARTS", 1));
	free(b.data);
}

/* QEMU places the initrd where RAM size dictates, so check its length
 * against the file it loaded, and that it lies in RAM. */
Test(fdt, parses_qemu_virt_initrd_range)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	const char *path = env_or("RATION_INITRD", "build/initrd.cpio");
	struct stat st;
	cr_assert_eq(stat(path, &st), 0, "cannot stat %s", path);
	cr_expect_lt(info.initrd_start, info.initrd_end);
	cr_expect_eq(info.initrd_end - info.initrd_start, (uint64_t)st.st_size);
	cr_expect_geq(info.initrd_start, info.mem[0].base);
	cr_expect_leq(info.initrd_end, info.mem[0].base + info.mem[0].size);
	free(b.data);
}

Test(fdt, qemu_virt_has_no_reserved_regions_and_reports_its_size)
{
	struct blob b = load_virt();
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.nresv, 0);
	cr_expect_eq(info.blob_size, hdr(&b, FDT_HDR_TOTALSIZE));
	cr_expect_eq(info.blob_size, b.size);
	free(b.data);
}

Test(fdt, total_size_reads_the_header_alone)
{
	struct blob b = load_virt();
	cr_expect_eq(fdt_total_size(b.data, FDT_HEADER_SIZE), b.size);
	cr_expect_eq(fdt_total_size(b.data, FDT_HEADER_SIZE - 1), 0);
	cr_expect_eq(fdt_total_size(NULL, 0), 0);
	set_hdr(&b, FDT_HDR_VERSION, 16);
	cr_expect_eq(fdt_total_size(b.data, b.size), 0, "v16 header lacks size_dt_struct");
	set_hdr(&b, FDT_HDR_VERSION, 17);
	b.data[0] ^= 0x80;
	cr_expect_eq(fdt_total_size(b.data, b.size), 0);
	free(b.data);
}

/* ---- truncation -------------------------------------------------------- */

Test(fdt, rejects_truncated_blob_at_every_length)
{
	struct blob b = load_virt();
	for (size_t len = 0; len < b.size; len++) {
		uint8_t *cut = exact_copy(b.data, len);
		struct fdt_info info;
		const char *err = NULL;
		int r = fdt_parse(cut, len, &info, &err);
		if (r != -1 || err == NULL)
			cr_assert_fail("length %zu of %zu: returned %d, message %s", len, b.size, r,
			               err ? err : "(null)");
		free(cut);
	}
	free(b.data);
}

/* Shrinks one block's size in the header to every shorter length: the
 * parse must fail each time, never read past the block. */
static void expect_every_shorter_block_rejected(int field, const char *what)
{
	struct blob b = load_virt();
	uint32_t full = hdr(&b, field);
	for (uint32_t len = 0; len < full; len++) {
		set_hdr(&b, field, len);
		struct fdt_info info;
		const char *err = NULL;
		if (fdt_parse(b.data, b.size, &info, &err) != -1 || err == NULL)
			cr_assert_fail("%s block of %u of %u bytes parsed", what, len, full);
	}
	free(b.data);
}

/* The walk runs off the struct block before FDT_END. */
Test(fdt, rejects_struct_block_cut_short_at_every_length)
{
	expect_every_shorter_block_rejected(FDT_HDR_SIZE_STRUCT, "struct");
}

/* Every property name must end inside the strings block. */
Test(fdt, rejects_strings_block_cut_short_at_every_length)
{
	expect_every_shorter_block_rejected(FDT_HDR_SIZE_STRINGS, "strings");
}

/* ---- corruption -------------------------------------------------------- */

Test(fdt, survives_every_single_byte_corruption)
{
	static const uint8_t values[] = { 0x00, 0xff, 0x01, 0x80 };
	struct blob b = load_virt();
	uint8_t *orig = exact_copy(b.data, b.size);
	for (size_t i = 0; i < b.size; i++) {
		for (size_t v = 0; v < sizeof(values); v++) {
			b.data[i] = values[v];
			check_contract(b.data, b.size, "byte set", i);
			b.data[i] = orig[i] ^ values[v];
			check_contract(b.data, b.size, "byte flipped", i);
		}
		b.data[i] = orig[i];
	}
	free(orig);
	free(b.data);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Several words at once, biased to the values that steer a parser: tokens,
 * small lengths, offsets near the block edges, all-ones. Deterministic. */
Test(fdt, survives_random_multi_word_corruption)
{
	struct blob b = load_virt();
	uint8_t *orig = exact_copy(b.data, b.size);
	uint32_t interesting[] = { 0,
		                   1,
		                   2,
		                   3,
		                   4,
		                   8,
		                   9,
		                   16,
		                   17,
		                   0x7fffffff,
		                   0xffffffff,
		                   0xfffffffc,
		                   (uint32_t)b.size,
		                   (uint32_t)b.size - 4,
		                   hdr(&b, FDT_HDR_SIZE_STRINGS),
		                   hdr(&b, FDT_HDR_SIZE_STRINGS) - 1 };
	uint64_t seed = 0x5eed0f7d7b10b5ull;
	for (int iter = 0; iter < 20000; iter++) {
		memcpy(b.data, orig, b.size);
		int edits = 1 + (int)(xorshift(&seed) % 4);
		for (int e = 0; e < edits; e++) {
			uint64_t r = xorshift(&seed);
			/* A quarter of the edits hit the header. */
			size_t limit = r % 4 == 0 ? FDT_HEADER_SIZE : b.size;
			size_t pos = ((r >> 8) % (limit / 4)) * 4;
			uint32_t v = (r >> 40) % 2
			                 ? interesting[(r >> 41) % ARRAY_SIZE(interesting)]
			                 : (uint32_t)xorshift(&seed);
			fdtb_put32(b.data + pos, v);
		}
		check_contract(b.data, b.size, "random corruption, iteration", (size_t)iter);
	}
	free(orig);
	free(b.data);
}

Test(fdt, rejects_bad_magic)
{
	struct blob b = load_virt();
	b.data[3] ^= 1;
	expect_error(&b, "fdt: bad magic");
	free(b.data);
}

Test(fdt, rejects_totalsize_larger_than_buffer)
{
	struct blob b = load_virt();
	set_hdr(&b, FDT_HDR_TOTALSIZE, (uint32_t)b.size + 1);
	expect_error(&b, "fdt: totalsize larger than buffer (blob truncated)");
	free(b.data);
}

Test(fdt, rejects_struct_block_outside_blob)
{
	struct blob b = load_virt();
	uint32_t off = hdr(&b, FDT_HDR_OFF_STRUCT), size = hdr(&b, FDT_HDR_SIZE_STRUCT);
	uint32_t bad_offs[] = { (uint32_t)b.size, 0xfffffffc, 0, FDT_HEADER_SIZE - 4,
		                (uint32_t)b.size - size + 4 };
	for (size_t i = 0; i < ARRAY_SIZE(bad_offs); i++) {
		set_hdr(&b, FDT_HDR_OFF_STRUCT, bad_offs[i]);
		expect_error(&b, "fdt: struct block outside blob");
	}
	set_hdr(&b, FDT_HDR_OFF_STRUCT, off);
	set_hdr(&b, FDT_HDR_SIZE_STRUCT, 0xfffffff0); /* would wrap a 32-bit sum */
	expect_error(&b, "fdt: struct block outside blob");
	free(b.data);
}

Test(fdt, rejects_strings_block_outside_blob)
{
	struct blob b = load_virt();
	set_hdr(&b, FDT_HDR_OFF_STRINGS, hdr(&b, FDT_HDR_OFF_STRINGS) + 1);
	expect_error(&b, "fdt: strings block outside blob");
	free(b.data);
}

/* The root node opens the struct block: BEGIN_NODE, "" padded to a word,
 * then its first property's token, length and name offset. */
Test(fdt, rejects_property_name_offset_outside_strings_block)
{
	struct blob b = load_virt();
	uint8_t *s = b.data + hdr(&b, FDT_HDR_OFF_STRUCT);
	cr_assert_eq(fdtb_get32(s), 1);
	cr_assert_eq(fdtb_get32(s + 8), 3);
	fdtb_put32(s + 16, hdr(&b, FDT_HDR_SIZE_STRINGS));
	expect_error(&b, "fdt: property name outside strings block");
	free(b.data);
}

/* The first property's length reaching past the struct block, or its
 * header cut by the block's end. */
Test(fdt, rejects_property_running_past_struct_block)
{
	struct blob b = load_virt();
	uint8_t *s = b.data + hdr(&b, FDT_HDR_OFF_STRUCT);
	uint32_t size = hdr(&b, FDT_HDR_SIZE_STRUCT), len = fdtb_get32(s + 12);
	cr_assert_eq(fdtb_get32(s + 8), 3);
	uint32_t bad_lens[] = { size - 20 + 1, 0x7fffffff, 0xffffffff, 0xfffffffd };
	for (size_t i = 0; i < ARRAY_SIZE(bad_lens); i++) {
		fdtb_put32(s + 12, bad_lens[i]);
		expect_error(&b, "fdt: property runs past struct block");
	}
	fdtb_put32(s + 12, len);
	for (uint32_t cut = 12; cut < 20; cut += 4) {
		set_hdr(&b, FDT_HDR_SIZE_STRUCT, cut); /* ends inside the property's header */
		expect_error(&b, "fdt: property runs past struct block");
	}
	free(b.data);
}

Test(fdt, rejects_misaligned_struct_block)
{
	struct blob b = load_virt();
	set_hdr(&b, FDT_HDR_OFF_STRUCT, hdr(&b, FDT_HDR_OFF_STRUCT) + 2);
	set_hdr(&b, FDT_HDR_SIZE_STRUCT, hdr(&b, FDT_HDR_SIZE_STRUCT) - 2);
	expect_error(&b, "fdt: struct block misaligned");
	free(b.data);
}

Test(fdt, rejects_misplaced_memreserve_block)
{
	struct blob b = load_virt();
	uint32_t bad_offs[] = { 0, 32, hdr(&b, FDT_HDR_OFF_RSVMAP) + 4, (uint32_t)b.size + 8,
		                0xfffffff8 };
	for (size_t i = 0; i < ARRAY_SIZE(bad_offs); i++) {
		set_hdr(&b, FDT_HDR_OFF_RSVMAP, bad_offs[i]);
		expect_error(&b, "fdt: memory reservation block misplaced");
	}
	free(b.data);
}

Test(fdt, rejects_unterminated_node_name)
{
	struct blob b = load_virt();
	uint32_t off = hdr(&b, FDT_HDR_OFF_STRUCT);
	long at = find_bytes(b.data + off, hdr(&b, FDT_HDR_SIZE_STRUCT), "memory@80000000", 16);
	cr_assert_geq(at, 0);
	set_hdr(&b, FDT_HDR_SIZE_STRUCT, (uint32_t)at + 6); /* ends after "memory" */
	expect_error(&b, "fdt: unterminated node name");
	free(b.data);
}

Test(fdt, rejects_unterminated_property_name)
{
	struct blob b = load_virt();
	set_hdr(&b, FDT_HDR_SIZE_STRINGS,
	        hdr(&b, FDT_HDR_SIZE_STRINGS) - 1); /* drops the last NUL */
	expect_error(&b, "fdt: unterminated property name");
	free(b.data);
}

Test(fdt, rejects_missing_fdt_end)
{
	struct blob b = load_virt();
	uint8_t *end = b.data + hdr(&b, FDT_HDR_OFF_STRUCT) + hdr(&b, FDT_HDR_SIZE_STRUCT) - 4;
	cr_assert_eq(fdtb_get32(end), 9, "the struct block should end in FDT_END");
	fdtb_put32(end, 4); /* FDT_NOP */
	expect_error(&b, "fdt: missing FDT_END");
	free(b.data);
}

Test(fdt, rejects_unknown_token)
{
	struct blob b = load_virt();
	uint8_t *s = b.data + hdr(&b, FDT_HDR_OFF_STRUCT);
	fdtb_put32(s + 8, 5);
	expect_error(&b, "fdt: unknown token in struct block");
	free(b.data);
}

Test(fdt, rejects_initrd_end_before_start_in_qemu_blob)
{
	struct blob b = load_virt();
	uint32_t off = hdr(&b, FDT_HDR_OFF_STRUCT);
	struct fdt_info info = expect_ok(&b);
	/* Find linux,initrd-end's value (a single cell) and move it below start. */
	uint8_t want[4];
	fdtb_put32(want, (uint32_t)info.initrd_end);
	long at = find_bytes(b.data + off, hdr(&b, FDT_HDR_SIZE_STRUCT), want, 4);
	cr_assert_geq(at, 0);
	fdtb_put32(b.data + off + at, (uint32_t)info.initrd_start - 1);
	expect_error(&b, "fdt: initrd end before start");
	free(b.data);
}

/* ---- built blobs --------------------------------------------------------- */

/* Opens a QEMU-like root: 2/2 cells and 128 MiB at 0x80000000. */
static void begin_virt_root(struct fdt_builder *fb)
{
	fdtb_init(fb);
	fdtb_begin_node(fb, "");
	fdtb_prop_u32(fb, "#address-cells", 2);
	fdtb_prop_u32(fb, "#size-cells", 2);
	fdtb_begin_node(fb, "memory@80000000");
	fdtb_prop_str(fb, "device_type", "memory");
	fdtb_cells(fb, "reg", 0, 0x80000000, 0, 0x8000000);
	fdtb_end_node(fb);
}

/* Closes the root and lays the blob out. */
static struct blob finish(struct fdt_builder *fb)
{
	struct blob b;
	fdtb_end_node(fb);
	b.data = fdtb_finish(fb, &b.size);
	return b;
}

Test(fdt, parses_a_minimal_built_blob)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.nmem, 1);
	cr_expect_eq(info.mem[0].base, 0x80000000);
	cr_expect_eq(info.mem[0].size, 0x8000000);
	cr_expect_eq(info.uart.size, 0, "no uart: size 0");
	cr_expect_eq(info.plic.size, 0);
	cr_expect_eq(info.test.size, 0);
	cr_expect_eq(info.nharts, 0);
	cr_expect_eq(info.initrd_start, 0);
	cr_expect_eq(info.initrd_end, 0);
	cr_expect_eq(info.blob_size, b.size);
	free(b.data);
}

/* What OpenSBI adds at run time to protect its own image. */
Test(fdt, parses_reserved_memory_children)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "reserved-memory");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_prop(&fb, "ranges", NULL, 0);
	fdtb_begin_node(&fb, "mmode_resv1@80000000");
	fdtb_cells(&fb, "reg", 0, 0x80000000, 0, 0x40000);
	fdtb_prop(&fb, "no-map", NULL, 0);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "mmode_resv0@80040000");
	fdtb_cells(&fb, "reg", 0, 0x80040000, 0, 0x20000, 0, 0x80100000, 0, 0x1000);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_assert_eq(info.nresv, 3);
	cr_expect_eq(info.resv[0].base, 0x80000000);
	cr_expect_eq(info.resv[0].size, 0x40000);
	cr_expect_eq(info.resv[1].base, 0x80040000);
	cr_expect_eq(info.resv[1].size, 0x20000);
	cr_expect_eq(info.resv[2].base, 0x80100000);
	cr_expect_eq(info.resv[2].size, 0x1000);
	cr_expect_eq(info.nmem, 1, "reserved-memory is not memory");
	free(b.data);
}

Test(fdt, parses_memreserve_entries_before_reserved_memory_nodes)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_memreserve(&fb, 0x87e00000, 0x200000);
	fdtb_memreserve(&fb, 0x1234500000ull, 0x100000000ull);
	fdtb_begin_node(&fb, "reserved-memory");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "fw@80000000");
	fdtb_cells(&fb, "reg", 0, 0x80000000, 0, 0x40000);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_assert_eq(info.nresv, 3);
	cr_expect_eq(info.resv[0].base, 0x87e00000);
	cr_expect_eq(info.resv[0].size, 0x200000);
	cr_expect_eq(info.resv[1].base, 0x1234500000ull);
	cr_expect_eq(info.resv[1].size, 0x100000000ull);
	cr_expect_eq(info.resv[2].base, 0x80000000);
	free(b.data);
}

Test(fdt, rejects_more_reserved_regions_than_fit)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	for (int i = 0; i <= FDT_MAX_RESV; i++)
		fdtb_memreserve(&fb, 0x80000000ull + 0x1000ull * i, 0x1000);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: too many reserved regions");
	free(b.data);
}

Test(fdt, rejects_unterminated_memreserve_block)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	struct blob b = finish(&fb);
	/* Point the block at the strings, the blob's last bytes: no (0,0)
	 * pair fits before the end. */
	uint32_t off = (hdr(&b, FDT_HDR_OFF_STRINGS) + 7) & ~7u;
	cr_assert_lt(off, b.size);
	set_hdr(&b, FDT_HDR_OFF_RSVMAP, off);
	expect_error(&b, "fdt: memory reservation block not terminated");
	free(b.data);
}

Test(fdt, honours_one_cell_addresses_and_sizes)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 1);
	fdtb_prop_u32(&fb, "#size-cells", 1);
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0x80000000, 0x4000000, 0x90000000, 0x1000000);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "soc");
	fdtb_prop_u32(&fb, "#address-cells", 2); /* the soc's children use 2/2 ... */
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_cells(&fb, "reg", 0x3000000, 0x1000); /* ... but its own reg uses the root's 1/1 */
	fdtb_begin_node(&fb, "serial@10000000");
	fdtb_strs(&fb, "compatible", "ns16550a");
	fdtb_cells(&fb, "reg", 0, 0x10000000, 0, 0x100);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "bus");
	fdtb_prop_u32(&fb, "#address-cells", 1);
	fdtb_prop_u32(&fb, "#size-cells", 1);
	fdtb_begin_node(&fb, "test@100000");
	fdtb_strs(&fb, "compatible", "sifive,test0");
	fdtb_cells(&fb, "reg", 0x100000, 0x1000);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_assert_eq(info.nmem, 2);
	cr_expect_eq(info.mem[0].base, 0x80000000);
	cr_expect_eq(info.mem[0].size, 0x4000000);
	cr_expect_eq(info.mem[1].base, 0x90000000);
	cr_expect_eq(info.mem[1].size, 0x1000000);
	cr_expect_eq(info.uart.base, 0x10000000);
	cr_expect_eq(info.uart.size, 0x100);
	cr_expect_eq(info.test.base, 0x100000);
	cr_expect_eq(info.test.size, 0x1000);
	free(b.data);
}

/* The spec's defaults when a parent says nothing: 2 address cells, 1 size. */
Test(fdt, uses_two_address_cells_and_one_size_cell_by_default)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0x1, 0x80000000, 0x8000000);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.mem[0].base, 0x180000000ull);
	cr_expect_eq(info.mem[0].size, 0x8000000);
	free(b.data);
}

Test(fdt, rejects_more_than_two_cells)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 3);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0, 0, 0x80000000, 0, 0x8000000);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: unsupported #address-cells (want 1 or 2)");
	free(b.data);

	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 3);
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0, 0x80000000, 0, 0, 0x8000000);
	fdtb_end_node(&fb);
	b = finish(&fb);
	expect_error(&b, "fdt: unsupported #size-cells (want 1 or 2)");
	free(b.data);
}

/* Cells that apply to nodes Ration does not read are no error: QEMU's
 * pci node has 3 address cells and the plic 0. */
Test(fdt, ignores_odd_cells_where_no_reg_is_read)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "pci@30000000");
	fdtb_prop_u32(&fb, "#address-cells", 3);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "dev@0");
	fdtb_cells(&fb, "reg", 0, 0, 0, 0, 0);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	expect_ok(&b);
	free(b.data);
}

Test(fdt, rejects_reg_not_a_whole_number_of_entries)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0, 0x80000000, 0, 0x8000000, 0);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: reg length not a multiple of its cells");
	free(b.data);
}

Test(fdt, finds_memory_by_name_or_by_device_type)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "memory"); /* by name, no device_type */
	fdtb_cells(&fb, "reg", 0, 0x80000000, 0, 0x1000000);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "ram@90000000"); /* by device_type */
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0, 0x90000000, 0, 0x2000000);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "memoryless@0"); /* neither */
	fdtb_cells(&fb, "reg", 0, 0xa0000000, 0, 0x1000);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "ram@b0000000"); /* "memory!" is not "memory" */
	fdtb_prop(&fb, "device_type", "memory!", 7);
	fdtb_cells(&fb, "reg", 0, 0xb0000000, 0, 0x1000);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_assert_eq(info.nmem, 2);
	cr_expect_eq(info.mem[0].base, 0x80000000);
	cr_expect_eq(info.mem[1].base, 0x90000000);
	free(b.data);
}

Test(fdt, rejects_blob_without_memory)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: no memory node");
	free(b.data);
}

Test(fdt, accepts_exactly_fdt_max_mem_regions)
{
	struct fdt_builder fb;
	uint32_t reg[4 * FDT_MAX_MEM];
	for (int i = 0; i < FDT_MAX_MEM; i++) {
		reg[4 * i] = 0;
		reg[4 * i + 1] = 0x80000000u + 0x1000000u * i;
		reg[4 * i + 2] = 0;
		reg[4 * i + 3] = 0x100000;
	}
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_prop_cells(&fb, "reg", reg, ARRAY_SIZE(reg));
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.nmem, FDT_MAX_MEM);
	cr_expect_eq(info.mem[FDT_MAX_MEM - 1].base, 0x80000000u + 0x1000000u * (FDT_MAX_MEM - 1));
	free(b.data);
}

/* One more region than fits, split over two nodes: an error, not a drop. */
Test(fdt, rejects_more_memory_regions_than_fdt_max_mem)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	for (int i = 1; i <= FDT_MAX_MEM; i++) {
		char name[32];
		snprintf(name, sizeof(name), "memory@%x", 0x90000000u + 0x1000000u * i);
		fdtb_begin_node(&fb, name);
		fdtb_prop_str(&fb, "device_type", "memory");
		fdtb_cells(&fb, "reg", 0, 0x90000000u + 0x1000000u * i, 0, 0x100000);
		fdtb_end_node(&fb);
	}
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: too many memory regions");
	free(b.data);
}

/* Opens /chosen, puts an initrd range in it, and closes it. */
static struct blob blob_with_initrd(bool start_u64, uint64_t start, bool end_u64, uint64_t end)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "chosen");
	if (start_u64)
		fdtb_prop_u64(&fb, "linux,initrd-start", start);
	else
		fdtb_prop_u32(&fb, "linux,initrd-start", (uint32_t)start);
	if (end_u64)
		fdtb_prop_u64(&fb, "linux,initrd-end", end);
	else
		fdtb_prop_u32(&fb, "linux,initrd-end", (uint32_t)end);
	fdtb_end_node(&fb);
	return finish(&fb);
}

Test(fdt, reads_initrd_bounds_as_u32_or_u64)
{
	struct blob b = blob_with_initrd(false, 0x84200000, false, 0x84200200);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.initrd_start, 0x84200000);
	cr_expect_eq(info.initrd_end, 0x84200200);
	free(b.data);

	b = blob_with_initrd(true, 0x184200000ull, true, 0x184300000ull);
	info = expect_ok(&b);
	cr_expect_eq(info.initrd_start, 0x184200000ull);
	cr_expect_eq(info.initrd_end, 0x184300000ull);
	free(b.data);

	b = blob_with_initrd(false, 0x84200000, true, 0x184300000ull);
	info = expect_ok(&b);
	cr_expect_eq(info.initrd_start, 0x84200000);
	cr_expect_eq(info.initrd_end, 0x184300000ull);
	free(b.data);
}

Test(fdt, rejects_initrd_end_before_start)
{
	struct blob b = blob_with_initrd(true, 0x84200200, false, 0x84200000);
	expect_error(&b, "fdt: initrd end before start");
	free(b.data);
}

Test(fdt, rejects_initrd_start_without_end)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "chosen");
	fdtb_prop_u32(&fb, "linux,initrd-start", 0x84200000);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: initrd start without end, or end without start");
	free(b.data);
}

Test(fdt, rejects_initrd_bound_of_odd_length)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "chosen");
	fdtb_cells(&fb, "linux,initrd-start", 0, 0, 0x84200000);
	fdtb_prop_u32(&fb, "linux,initrd-end", 0x84200200);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: bad linux,initrd-start");
	free(b.data);
}

static void add_cpu(struct fdt_builder *fb, int id, const char *status, const char *type)
{
	char name[16];
	snprintf(name, sizeof(name), "cpu@%d", id);
	fdtb_begin_node(fb, name);
	if (type)
		fdtb_prop_str(fb, "device_type", type);
	fdtb_prop_u32(fb, "reg", (uint32_t)id);
	if (status)
		fdtb_prop_str(fb, "status", status);
	fdtb_begin_node(fb, "interrupt-controller");
	fdtb_strs(fb, "compatible", "riscv,cpu-intc");
	fdtb_end_node(fb);
	fdtb_end_node(fb);
}

Test(fdt, counts_only_enabled_cpu_nodes)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "cpus");
	fdtb_prop_u32(&fb, "#address-cells", 1);
	fdtb_prop_u32(&fb, "#size-cells", 0);
	fdtb_prop_u32(&fb, "timebase-frequency", 10000000);
	add_cpu(&fb, 0, NULL, "cpu");
	add_cpu(&fb, 1, "okay", "cpu");
	add_cpu(&fb, 2, "disabled", "cpu");
	add_cpu(&fb, 3, "fail", "cpu");
	add_cpu(&fb, 4, NULL, NULL);  /* no device_type: not a cpu */
	add_cpu(&fb, 5, "ok", "cpu"); /* the spec's older spelling */
	fdtb_begin_node(&fb, "cpu-map");
	fdtb_begin_node(&fb, "cluster0");
	fdtb_begin_node(&fb, "core0");
	fdtb_prop_u32(&fb, "cpu", 1);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.nharts, 3);
	cr_expect_eq(info.timebase_hz, 10000000);
	free(b.data);
}

/* Only /cpus children count: a cpu-typed node elsewhere is no hart. */
Test(fdt, counts_cpus_only_under_slash_cpus)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "soc");
	add_cpu(&fb, 0, NULL, "cpu");
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.nharts, 0);
	free(b.data);
}

Test(fdt, takes_timebase_from_a_cpu_when_cpus_has_none)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "cpus");
	fdtb_prop_u32(&fb, "#address-cells", 1);
	fdtb_prop_u32(&fb, "#size-cells", 0);
	fdtb_begin_node(&fb, "cpu@0");
	fdtb_prop_str(&fb, "device_type", "cpu");
	fdtb_prop_u64(&fb, "timebase-frequency", 0x100000000ull);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "cpu@1");
	fdtb_prop_str(&fb, "device_type", "cpu");
	fdtb_prop_u32(&fb, "timebase-frequency", 1000000);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.timebase_hz, 0x100000000ull, "the first cpu's, as a u64");
	cr_expect_eq(info.nharts, 2);
	free(b.data);
}

Test(fdt, prefers_the_timebase_on_cpus_over_a_cpus_own)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "cpus");
	fdtb_prop_u32(&fb, "timebase-frequency", 10000000);
	fdtb_begin_node(&fb, "cpu@0");
	fdtb_prop_str(&fb, "device_type", "cpu");
	fdtb_prop_u32(&fb, "timebase-frequency", 1000000);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.timebase_hz, 10000000);
	free(b.data);
}

Test(fdt, matches_compatible_on_any_entry_of_the_list)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "soc");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "serial@10000000");
	fdtb_strs(&fb, "compatible", "vendor,uart\0ns16550\0ns16550a");
	fdtb_cells(&fb, "reg", 0, 0x10000000, 0, 0x100);
	fdtb_cells(&fb, "interrupts", 10, 4); /* first cell only */
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "interrupt-controller@c000000");
	fdtb_strs(&fb, "compatible", "vendor,plic\0riscv,plic0");
	fdtb_cells(&fb, "reg", 0, 0x0c000000, 0, 0x4000000);
	fdtb_prop_u32(&fb, "riscv,ndev", 0x35);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "test@100000");
	fdtb_strs(&fb, "compatible", "sifive,test1\0sifive,test0\0syscon");
	fdtb_cells(&fb, "reg", 0, 0x100000, 0, 0x1000);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.uart.base, 0x10000000);
	cr_expect_eq(info.uart_irq, 10);
	cr_expect_eq(info.plic.base, 0x0c000000);
	cr_expect_eq(info.plic.size, 0x4000000);
	cr_expect_eq(info.plic_ndev, 0x35);
	cr_expect_eq(info.test.base, 0x100000);
	free(b.data);
}

/* Entries are whole strings: neither a prefix, nor a longer name, nor an
 * unterminated tail matches. */
Test(fdt, does_not_match_part_of_a_compatible_entry)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "a@1");
	fdtb_strs(&fb, "compatible", "ns16550a-like");
	fdtb_cells(&fb, "reg", 0, 0x1000, 0, 0x100);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "b@2");
	fdtb_strs(&fb, "compatible", "ns16550");
	fdtb_cells(&fb, "reg", 0, 0x2000, 0, 0x100);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "c@3");
	fdtb_prop(&fb, "compatible", "x\0ns16550a", 10); /* no final NUL */
	fdtb_cells(&fb, "reg", 0, 0x3000, 0, 0x100);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.uart.size, 0, "matched node at %#lx", (unsigned long)info.uart.base);
	free(b.data);
}

/* "regs" or "reg-names" are not "reg"; "#address-cells-x" is not a cells
 * property. */
Test(fdt, does_not_confuse_properties_sharing_a_prefix)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_prop_u32(&fb, "#address-cells-x", 1);
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0, 0x80000000, 0, 0x8000000);
	fdtb_cells(&fb, "regs", 1, 2, 3, 4);
	fdtb_strs(&fb, "reg-names", "ram");
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_assert_eq(info.nmem, 1);
	cr_expect_eq(info.mem[0].base, 0x80000000);
	cr_expect_eq(info.mem[0].size, 0x8000000);
	free(b.data);
}

Test(fdt, skips_disabled_devices_for_the_first_enabled_one)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "serial@10000000");
	fdtb_strs(&fb, "compatible", "ns16550a");
	fdtb_prop_str(&fb, "status", "disabled");
	fdtb_cells(&fb, "reg", 0, 0x10000000, 0, 0x100);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "serial@10001000");
	fdtb_strs(&fb, "compatible", "ns16550a");
	fdtb_cells(&fb, "reg", 0, 0x10001000, 0, 0x100);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, "serial@10002000");
	fdtb_strs(&fb, "compatible", "ns16550a");
	fdtb_cells(&fb, "reg", 0, 0x10002000, 0, 0x100);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.uart.base, 0x10001000);
	free(b.data);
}

Test(fdt, rejects_device_without_reg)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_begin_node(&fb, "serial");
	fdtb_strs(&fb, "compatible", "ns16550a");
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: ns16550a node has no reg");
	free(b.data);
}

Test(fdt, rejects_region_that_wraps_the_address_space)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "memory@ffffffff00000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_cells(&fb, "reg", 0xffffffff, 0, 1, 0);
	fdtb_end_node(&fb);
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: region wraps past the top of the address space");
	free(b.data);
}

static struct blob nested_blob(int depth)
{
	struct fdt_builder fb;
	begin_virt_root(&fb); /* depth 1 */
	for (int i = 1; i < depth; i++)
		fdtb_begin_node(&fb, "n");
	for (int i = 1; i < depth; i++)
		fdtb_end_node(&fb);
	return finish(&fb);
}

Test(fdt, accepts_nesting_up_to_the_limit)
{
	struct blob b = nested_blob(MAX_DEPTH);
	expect_ok(&b);
	free(b.data);
}

Test(fdt, rejects_nesting_too_deep)
{
	struct blob b = nested_blob(MAX_DEPTH + 1);
	expect_error(&b, "fdt: nesting too deep");
	free(b.data);
}

Test(fdt, accepts_nop_tokens_anywhere)
{
	struct fdt_builder fb;
	fdtb_init(&fb);
	fdtb_nop(&fb);
	fdtb_begin_node(&fb, "");
	fdtb_nop(&fb);
	fdtb_prop_u32(&fb, "#address-cells", 2);
	fdtb_nop(&fb);
	fdtb_prop_u32(&fb, "#size-cells", 2);
	fdtb_begin_node(&fb, "memory@80000000");
	fdtb_prop_str(&fb, "device_type", "memory");
	fdtb_nop(&fb);
	fdtb_cells(&fb, "reg", 0, 0x80000000, 0, 0x8000000);
	fdtb_end_node(&fb);
	fdtb_nop(&fb);
	fdtb_end_node(&fb);
	fdtb_nop(&fb);
	struct blob b;
	b.data = fdtb_finish(&fb, &b.size);
	struct fdt_info info = expect_ok(&b);
	cr_expect_eq(info.mem[0].size, 0x8000000);
	free(b.data);
}

/* The spec puts a node's properties before its children; one after a
 * child would be read after the node was already used. */
Test(fdt, rejects_property_after_a_child_node)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	fdtb_prop_u32(&fb, "late", 1); /* the root's, after memory@80000000 */
	struct blob b = finish(&fb);
	expect_error(&b, "fdt: property after a child node");
	free(b.data);
}

Test(fdt, rejects_unbalanced_structure)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	struct blob b;
	b.data = fdtb_finish(&fb, &b.size); /* root never closed */
	expect_error(&b, "fdt: FDT_END inside a node");
	free(b.data);

	begin_virt_root(&fb);
	fdtb_end_node(&fb);
	fdtb_end_node(&fb); /* one too many */
	b.data = fdtb_finish(&fb, &b.size);
	expect_error(&b, "fdt: FDT_END_NODE without a node");
	free(b.data);

	begin_virt_root(&fb);
	fdtb_end_node(&fb);
	fdtb_begin_node(&fb, ""); /* a second root */
	fdtb_end_node(&fb);
	b.data = fdtb_finish(&fb, &b.size);
	expect_error(&b, "fdt: second root node");
	free(b.data);

	fdtb_init(&fb);
	b.data = fdtb_finish(&fb, &b.size); /* FDT_END alone */
	expect_error(&b, "fdt: no root node");
	free(b.data);
}

Test(fdt, rejects_unsupported_versions)
{
	struct fdt_builder fb;
	begin_virt_root(&fb);
	struct blob b = finish(&fb);
	set_hdr(&b, FDT_HDR_VERSION, 16);
	expect_error(&b, "fdt: unsupported version (need 17)");
	set_hdr(&b, FDT_HDR_VERSION, 18);
	set_hdr(&b, FDT_HDR_LAST_COMP, 18);
	expect_error(&b, "fdt: unsupported version (need 17)");
	set_hdr(&b, FDT_HDR_LAST_COMP, 17); /* a v18 blob readable by v17 readers */
	expect_ok(&b);
	free(b.data);
}
