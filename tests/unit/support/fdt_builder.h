/* A tiny writer of flattened device tree blobs, so unit tests can build
 * exactly the tree a rule needs (layout as in the Devicetree Specification,
 * chapter 5: header, memory reservation block, structure, strings). */
#ifndef TESTS_FDT_BUILDER_H
#define TESTS_FDT_BUILDER_H
#include <stddef.h>
#include <stdint.h>

#define FDTB_MAX_RSV 32

struct fdt_builder {
	uint8_t *dt; /* structure block */
	size_t dt_len, dt_cap;
	char *str; /* strings block */
	size_t str_len, str_cap;
	uint64_t rsv[FDTB_MAX_RSV][2]; /* (address, size) */
	int nrsv;
};

void fdtb_init(struct fdt_builder *b);
void fdtb_memreserve(struct fdt_builder *b, uint64_t base, uint64_t size);
void fdtb_begin_node(struct fdt_builder *b, const char *name);
void fdtb_end_node(struct fdt_builder *b);
void fdtb_nop(struct fdt_builder *b);
void fdtb_prop(struct fdt_builder *b, const char *name, const void *val, size_t len);
void fdtb_prop_u32(struct fdt_builder *b, const char *name, uint32_t v);
void fdtb_prop_u64(struct fdt_builder *b, const char *name, uint64_t v);
void fdtb_prop_str(struct fdt_builder *b, const char *name, const char *s);
void fdtb_prop_cells(struct fdt_builder *b, const char *name, const uint32_t *cells, size_t n);

/* fdtb_cells(b, "reg", 0x0, 0x80000000, 0x0, 0x8000000) */
#define fdtb_cells(b, name, ...)                                                                   \
	fdtb_prop_cells((b), (name), (const uint32_t[]){ __VA_ARGS__ },                            \
	                sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* A string list such as compatible: fdtb_strs(b, "compatible", "a\0b") */
#define fdtb_strs(b, name, lit) fdtb_prop((b), (name), (lit), sizeof(lit))

/* Appends FDT_END and lays the blob out. Returns it in a malloc'd buffer of
 * exactly its totalsize (so ASan flags any read past it), and frees the
 * builder's own buffers. */
uint8_t *fdtb_finish(struct fdt_builder *b, size_t *size);

/* Big-endian accessors, for tests that patch a blob's header or tokens. */
uint32_t fdtb_get32(const uint8_t *p);
void fdtb_put32(uint8_t *p, uint32_t v);

#endif
