/* In-memory FDT blob writer for unit tests (see fdt_builder.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/support/fdt_builder.h"

static void *grow(void *buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return buf;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 256;
	buf = realloc(buf, *cap);
	if (!buf) {
		fprintf(stderr, "fdt_builder: out of memory\n");
		abort();
	}
	return buf;
}

uint32_t fdtb_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void fdtb_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put64(uint8_t *p, uint64_t v)
{
	fdtb_put32(p, v >> 32);
	fdtb_put32(p + 4, (uint32_t)v);
}

/* Appends n bytes to the structure block, zero-padded to 4 bytes. */
static void emit(struct fdt_builder *b, const void *data, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;
	b->dt = grow(b->dt, &b->dt_cap, b->dt_len + padded);
	memcpy(b->dt + b->dt_len, data, n);
	memset(b->dt + b->dt_len + n, 0, padded - n);
	b->dt_len += padded;
}

static void emit32(struct fdt_builder *b, uint32_t v)
{
	uint8_t w[4];
	fdtb_put32(w, v);
	emit(b, w, 4);
}

/* Offset of name in the strings block, added if not there yet. */
static uint32_t string_offset(struct fdt_builder *b, const char *name)
{
	size_t n = strlen(name) + 1;
	for (size_t off = 0; off < b->str_len; off += strlen(b->str + off) + 1)
		if (strcmp(b->str + off, name) == 0)
			return (uint32_t)off;
	b->str = grow(b->str, &b->str_cap, b->str_len + n);
	memcpy(b->str + b->str_len, name, n);
	b->str_len += n;
	return (uint32_t)(b->str_len - n);
}

void fdtb_init(struct fdt_builder *b)
{
	memset(b, 0, sizeof(*b));
}

void fdtb_memreserve(struct fdt_builder *b, uint64_t base, uint64_t size)
{
	if (b->nrsv == FDTB_MAX_RSV)
		abort();
	b->rsv[b->nrsv][0] = base;
	b->rsv[b->nrsv][1] = size;
	b->nrsv++;
}

void fdtb_begin_node(struct fdt_builder *b, const char *name)
{
	emit32(b, 1); /* FDT_BEGIN_NODE */
	emit(b, name, strlen(name) + 1);
}

void fdtb_end_node(struct fdt_builder *b)
{
	emit32(b, 2); /* FDT_END_NODE */
}

void fdtb_nop(struct fdt_builder *b)
{
	emit32(b, 4); /* FDT_NOP */
}

void fdtb_prop(struct fdt_builder *b, const char *name, const void *val, size_t len)
{
	emit32(b, 3); /* FDT_PROP */
	emit32(b, (uint32_t)len);
	emit32(b, string_offset(b, name));
	if (len)
		emit(b, val, len);
}

void fdtb_prop_u32(struct fdt_builder *b, const char *name, uint32_t v)
{
	fdtb_prop_cells(b, name, &v, 1);
}

void fdtb_prop_u64(struct fdt_builder *b, const char *name, uint64_t v)
{
	uint32_t cells[2] = { (uint32_t)(v >> 32), (uint32_t)v };
	fdtb_prop_cells(b, name, cells, 2);
}

void fdtb_prop_str(struct fdt_builder *b, const char *name, const char *s)
{
	fdtb_prop(b, name, s, strlen(s) + 1);
}

void fdtb_prop_cells(struct fdt_builder *b, const char *name, const uint32_t *cells, size_t n)
{
	uint8_t *val = malloc(n * 4 + 1);
	for (size_t i = 0; i < n; i++)
		fdtb_put32(val + 4 * i, cells[i]);
	fdtb_prop(b, name, val, n * 4);
	free(val);
}

uint8_t *fdtb_finish(struct fdt_builder *b, size_t *size)
{
	emit32(b, 9);        /* FDT_END */
	size_t off_rsv = 40; /* 8-aligned, right after the header */
	size_t off_struct = off_rsv + 16 * ((size_t)b->nrsv + 1);
	size_t off_strings = off_struct + b->dt_len;
	size_t total = off_strings + b->str_len;
	uint8_t *blob = calloc(1, total);
	if (!blob)
		abort();

	fdtb_put32(blob + 0, 0xd00dfeed);
	fdtb_put32(blob + 4, (uint32_t)total);
	fdtb_put32(blob + 8, (uint32_t)off_struct);
	fdtb_put32(blob + 12, (uint32_t)off_strings);
	fdtb_put32(blob + 16, (uint32_t)off_rsv);
	fdtb_put32(blob + 20, 17); /* version */
	fdtb_put32(blob + 24, 16); /* last_comp_version */
	fdtb_put32(blob + 28, 0);  /* boot_cpuid_phys */
	fdtb_put32(blob + 32, (uint32_t)b->str_len);
	fdtb_put32(blob + 36, (uint32_t)b->dt_len);
	for (int i = 0; i < b->nrsv; i++) {
		put64(blob + off_rsv + 16 * i, b->rsv[i][0]);
		put64(blob + off_rsv + 16 * i + 8, b->rsv[i][1]);
	}
	/* The (0, 0) terminator is already there: calloc. */
	memcpy(blob + off_struct, b->dt, b->dt_len);
	if (b->str_len)
		memcpy(blob + off_strings, b->str, b->str_len);

	free(b->dt);
	free(b->str);
	fdtb_init(b);
	*size = total;
	return blob;
}
