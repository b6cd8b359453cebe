/* Flattened device tree (DTB) parser, written from the Devicetree
 * Specification, chapter 5 ("Flattened Devicetree (DTB) Format").
 *
 * The blob is a header, a memory reservation block of (address, size)
 * pairs, a structure block of 32-bit tokens and a strings block holding
 * property names. Everything is big-endian.
 *
 * The blob comes from firmware and a bad pointer or a firmware bug must
 * give an error, not a wild read, so:
 *  - every access goes through a bounds check against the block it lies
 *    in, and the blocks were first checked to lie inside the blob;
 *  - multi-byte values are assembled a byte at a time (the blob is at best
 *    4-byte aligned, and RISC-V may trap on unaligned loads);
 *  - the structure walk advances by at least one token per step, so it
 *    ends after at most size_dt_struct / 4 steps whatever the contents.
 *
 * One pass over the structure block. The spec puts all of a node's
 * properties before its subnodes, so a node's properties are complete when
 * its first child or its FDT_END_NODE arrives; the node is examined
 * ("finished") then. Only the current node's interesting properties are
 * kept, plus a small stack of what each open node hands its children
 * (#address-cells, #size-cells, and which well-known node it is). */
#include "kernel/fdt.h"

#define FDT_MAGIC   0xd00dfeedu
#define FDT_VERSION 17 /* we read the v17 header, with size_dt_struct */

/* Structure block tokens. */
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

#define FDT_MAX_DEPTH 16 /* QEMU virt nests 5 deep (/cpus/cpu-map/cluster0/core0) */

compile_assert(header_size, FDT_HDR_SIZE_STRUCT + 4 == FDT_HEADER_SIZE);

/* Nodes whose children are read differently from everyone else's. */
enum node_kind { N_OTHER, N_ROOT, N_CPUS, N_CHOSEN, N_RESV_MEM };

/* An open node, as its children see it. */
struct frame {
	const uint8_t *name; /* NUL-terminated inside the structure block */
	enum node_kind kind;
	uint32_t addr_cells; /* layout of the children's reg */
	uint32_t size_cells;
	bool finished; /* properties examined; a child has started */
};

/* A property value inside the structure block; val is NULL if absent. */
struct prop {
	const uint8_t *val;
	word_t len;
};

/* The properties of the innermost open node that Ration looks at. */
enum {
	P_REG,
	P_COMPATIBLE,
	P_DEVICE_TYPE,
	P_STATUS,
	P_INTERRUPTS,
	P_NDEV,
	P_TIMEBASE,
	P_INITRD_START,
	P_INITRD_END,
	NPROPS
};
static const char *const prop_names[NPROPS] = {
	[P_REG] = "reg",
	[P_COMPATIBLE] = "compatible",
	[P_DEVICE_TYPE] = "device_type",
	[P_STATUS] = "status",
	[P_INTERRUPTS] = "interrupts",
	[P_NDEV] = "riscv,ndev",
	[P_TIMEBASE] = "timebase-frequency",
	[P_INITRD_START] = "linux,initrd-start",
	[P_INITRD_END] = "linux,initrd-end",
};
struct node_props {
	struct prop p[NPROPS];
};

struct parser {
	const uint8_t *blob;
	const uint8_t *strs; /* strings block */
	word_t strs_size;
	struct fdt_info *out;
	const char *err;
	struct frame stack[FDT_MAX_DEPTH];
	int depth;
	bool seen_root;
	struct node_props props; /* of stack[depth - 1] until it is finished */
	bool have_uart, have_plic, have_test, have_rtc;
	bool have_cpus_tb, have_cpu_tb, have_initrd_start, have_initrd_end;
	uint64_t cpu_tb; /* first cpu node's timebase, if /cpus has none */
};

static int fail(struct parser *p, const char *msg)
{
	p->err = msg;
	return -1;
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be64(const uint8_t *b)
{
	return (uint64_t)be32(b) << 32 | be32(b + 4);
}

static word_t align4(word_t x)
{
	return (x + 3) & ~(word_t)3;
}

/* Do the n bytes at a spell exactly the C string s? */
static bool bytes_eq(const uint8_t *a, word_t n, const char *s)
{
	for (word_t i = 0; i < n; i++)
		if (s[i] == '\0' || a[i] != (uint8_t)s[i])
			return false;
	return s[n] == '\0';
}

/* Is the NUL-terminated string a equal to s? Stops at a's NUL, so it
 * never reads past a string already checked to be terminated. */
static bool str_eq(const uint8_t *a, const char *s)
{
	for (word_t i = 0; a[i] == (uint8_t)s[i]; i++)
		if (s[i] == '\0')
			return true;
	return false;
}

/* Index of the first NUL in s[0..max), or max if there is none. */
static word_t strnlen_in(const uint8_t *s, word_t max)
{
	word_t i = 0;
	while (i < max && s[i] != '\0')
		i++;
	return i;
}

/* Is a node name, ignoring its "@unit-address", equal to s? */
static bool node_name_is(const uint8_t *name, const char *s)
{
	word_t n = 0;
	while (name[n] != '\0' && name[n] != '@')
		n++;
	return bytes_eq(name, n, s);
}

/* Is the property exactly the string s (with its NUL)? */
static bool prop_is(const struct prop *pr, const char *s)
{
	return pr->val != NULL && pr->len > 0 && bytes_eq(pr->val, pr->len - 1, s) &&
	       pr->val[pr->len - 1] == '\0';
}

/* Does a string-list property such as compatible hold s as any entry?
 * An unterminated tail is not a string, so it never matches. */
static bool prop_has(const struct prop *pr, const char *s)
{
	word_t i = 0;
	if (pr->val == NULL)
		return false;
	while (i < pr->len) {
		word_t n = strnlen_in(pr->val + i, pr->len - i);
		if (i + n == pr->len)
			return false;
		if (bytes_eq(pr->val + i, n, s))
			return true;
		i += n + 1;
	}
	return false;
}

/* A cell-sized integer property: 1 cell, or 2 for the ones that may be u64. */
static int prop_num(struct parser *p, const struct prop *pr, bool may_be_u64, uint64_t *v,
                    const char *msg)
{
	if (pr->len == 4)
		*v = be32(pr->val);
	else if (pr->len == 8 && may_be_u64)
		*v = be64(pr->val);
	else
		return fail(p, msg);
	return 0;
}

static int add_range(struct parser *p, struct fdt_range *arr, int *n, int max, paddr_t base,
                     word_t size, const char *full_msg)
{
	if (size == 0) /* describes nothing; QEMU never emits one */
		return 0;
	if (base + size < base)
		return fail(p, "fdt: region wraps past the top of the address space");
	if (*n == max)
		return fail(p, full_msg);
	arr[*n].base = base;
	arr[*n].size = size;
	(*n)++;
	return 0;
}

/* Checks that a reg property fits the parent's cell sizes and counts its
 * entries. Only 1 or 2 cells are supported: 64-bit values at most. */
static int reg_count(struct parser *p, const struct prop *reg, const struct frame *parent,
                     word_t *n)
{
	if (parent->addr_cells < 1 || parent->addr_cells > 2)
		return fail(p, "fdt: unsupported #address-cells (want 1 or 2)");
	if (parent->size_cells < 1 || parent->size_cells > 2)
		return fail(p, "fdt: unsupported #size-cells (want 1 or 2)");
	word_t entry = 4 * (parent->addr_cells + parent->size_cells);
	if (reg->len % entry != 0)
		return fail(p, "fdt: reg length not a multiple of its cells");
	*n = reg->len / entry;
	return 0;
}

/* Entry i of a reg property already checked by reg_count(). */
static void reg_entry(const struct prop *reg, const struct frame *parent, word_t i, paddr_t *base,
                      word_t *size)
{
	word_t ac = parent->addr_cells, sc = parent->size_cells;
	const uint8_t *e = reg->val + i * 4 * (ac + sc);
	*base = ac == 1 ? be32(e) : be64(e);
	*size = sc == 1 ? be32(e + 4 * ac) : be64(e + 4 * ac);
}

/* Appends every entry of a reg property (absent: none) to arr. */
static int add_reg(struct parser *p, const struct prop *reg, const struct frame *parent,
                   struct fdt_range *arr, int *n, int max, const char *full_msg)
{
	word_t count, size;
	paddr_t base;
	if (reg->val == NULL)
		return 0;
	if (reg_count(p, reg, parent, &count) < 0)
		return -1;
	for (word_t i = 0; i < count; i++) {
		reg_entry(reg, parent, i, &base, &size);
		if (add_range(p, arr, n, max, base, size, full_msg) < 0)
			return -1;
	}
	return 0;
}

/* A device's registers: the first entry of its reg, which it must have. */
static int device_reg(struct parser *p, const struct prop *reg, const struct frame *parent,
                      struct fdt_range *r, const char *noreg_msg)
{
	word_t count;
	if (reg->val == NULL)
		return fail(p, noreg_msg);
	if (reg_count(p, reg, parent, &count) < 0)
		return -1;
	if (count == 0)
		return fail(p, noreg_msg);
	reg_entry(reg, parent, 0, &r->base, &r->size);
	if (r->base + r->size < r->base)
		return fail(p, "fdt: region wraps past the top of the address space");
	return 0;
}

static bool is_compatible(const struct prop *compat, const char *a, const char *b)
{
	return prop_has(compat, a) || (b != NULL && prop_has(compat, b));
}

/* The node at the top of the stack has all its properties: use them. */
static int finish_node(struct parser *p)
{
	struct frame *f = &p->stack[p->depth - 1];
	const struct frame *parent = p->depth >= 2 ? &p->stack[p->depth - 2] : NULL;
	const struct prop *pv = p->props.p;
	const struct prop *reg = &pv[P_REG], *compat = &pv[P_COMPATIBLE];
	const struct prop *status = &pv[P_STATUS], *type = &pv[P_DEVICE_TYPE];
	struct fdt_info *out = p->out;
	uint64_t v;

	f->finished = true;
	if (parent == NULL)
		return 0;

	/* Reserved even if disabled: reserving too much is harmless, handing
	 * out memory the firmware still uses is not. */
	if (parent->kind == N_RESV_MEM)
		return add_reg(p, reg, parent, out->resv, &out->nresv, FDT_MAX_RESV,
		               "fdt: too many reserved regions");

	if (status->val != NULL && !prop_is(status, "okay") && !prop_is(status, "ok"))
		return 0;

	if (f->kind == N_CPUS && pv[P_TIMEBASE].val != NULL) {
		if (prop_num(p, &pv[P_TIMEBASE], true, &out->timebase_hz,
		             "fdt: bad timebase-frequency") < 0)
			return -1;
		p->have_cpus_tb = true;
	}
	if (f->kind == N_CHOSEN && pv[P_INITRD_START].val != NULL) {
		if (prop_num(p, &pv[P_INITRD_START], true, &v, "fdt: bad linux,initrd-start") < 0)
			return -1;
		out->initrd_start = v;
		p->have_initrd_start = true;
	}
	if (f->kind == N_CHOSEN && pv[P_INITRD_END].val != NULL) {
		if (prop_num(p, &pv[P_INITRD_END], true, &v, "fdt: bad linux,initrd-end") < 0)
			return -1;
		out->initrd_end = v;
		p->have_initrd_end = true;
	}

	bool memory = prop_is(type, "memory") || node_name_is(f->name, "memory");
	if (parent->kind == N_ROOT && memory) {
		if (add_reg(p, reg, parent, out->mem, &out->nmem, FDT_MAX_MEM,
		            "fdt: too many memory regions") < 0)
			return -1;
	}

	if (parent->kind == N_CPUS && prop_is(type, "cpu")) {
		out->nharts++;
		if (!p->have_cpu_tb && pv[P_TIMEBASE].val != NULL) {
			if (prop_num(p, &pv[P_TIMEBASE], true, &p->cpu_tb,
			             "fdt: bad timebase-frequency") < 0)
				return -1;
			p->have_cpu_tb = true;
		}
	}

	if (!p->have_uart && is_compatible(compat, "ns16550a", NULL)) {
		const struct prop *irq = &pv[P_INTERRUPTS];
		if (device_reg(p, reg, parent, &out->uart, "fdt: ns16550a node has no reg") < 0)
			return -1;
		if (irq->val != NULL) {
			if (irq->len < 4 || irq->len % 4 != 0)
				return fail(p, "fdt: bad ns16550a interrupts");
			out->uart_irq = be32(irq->val); /* one cell per PLIC source */
		}
		p->have_uart = true;
	}

	if (!p->have_plic && is_compatible(compat, "riscv,plic0", "sifive,plic-1.0.0")) {
		if (device_reg(p, reg, parent, &out->plic, "fdt: plic node has no reg") < 0)
			return -1;
		if (pv[P_NDEV].val != NULL) {
			if (prop_num(p, &pv[P_NDEV], false, &v, "fdt: bad riscv,ndev") < 0)
				return -1;
			out->plic_ndev = (uint32_t)v;
		}
		p->have_plic = true;
	}

	if (!p->have_test && is_compatible(compat, "sifive,test0", NULL)) {
		if (device_reg(p, reg, parent, &out->test, "fdt: sifive,test0 node has no reg") < 0)
			return -1;
		p->have_test = true;
	}

	if (!p->have_rtc && is_compatible(compat, "google,goldfish-rtc", NULL)) {
		if (device_reg(p, reg, parent, &out->rtc, "fdt: goldfish-rtc node has no reg") < 0)
			return -1;
		p->have_rtc = true;
	}
	return 0;
}

static int begin_node(struct parser *p, const uint8_t *name)
{
	if (p->depth == 0 && p->seen_root)
		return fail(p, "fdt: second root node");
	if (p->depth > 0 && !p->stack[p->depth - 1].finished && finish_node(p) < 0)
		return -1;
	if (p->depth == FDT_MAX_DEPTH)
		return fail(p, "fdt: nesting too deep");

	struct frame *f = &p->stack[p->depth];
	enum node_kind parent_kind = p->depth > 0 ? p->stack[p->depth - 1].kind : N_OTHER;
	f->name = name;
	f->kind = N_OTHER;
	if (p->depth == 0)
		f->kind = N_ROOT;
	else if (parent_kind == N_ROOT && node_name_is(name, "cpus"))
		f->kind = N_CPUS;
	else if (parent_kind == N_ROOT && node_name_is(name, "chosen"))
		f->kind = N_CHOSEN;
	else if (parent_kind == N_ROOT && node_name_is(name, "reserved-memory"))
		f->kind = N_RESV_MEM;
	f->addr_cells = 2; /* the spec's defaults */
	f->size_cells = 1;
	f->finished = false;
	p->props = (struct node_props){ 0 };
	p->depth++;
	p->seen_root = true;
	return 0;
}

static int end_node(struct parser *p)
{
	if (p->depth == 0)
		return fail(p, "fdt: FDT_END_NODE without a node");
	if (!p->stack[p->depth - 1].finished && finish_node(p) < 0)
		return -1;
	p->depth--;
	return 0;
}

/* Remembers one property of the innermost node. */
static int property(struct parser *p, const uint8_t *name, const uint8_t *val, word_t len)
{
	struct frame *f = &p->stack[p->depth - 1];
	struct node_props *np = &p->props;
	struct prop pr = { val, len };

	if (f->finished)
		return fail(p, "fdt: property after a child node");
	if (str_eq(name, "#address-cells") || str_eq(name, "#size-cells")) {
		if (len != 4)
			return fail(p, "fdt: bad #address-cells or #size-cells");
		if (name[1] == 'a')
			f->addr_cells = be32(val);
		else
			f->size_cells = be32(val);
		return 0;
	}
	for (int i = 0; i < NPROPS; i++) {
		if (str_eq(name, prop_names[i])) {
			np->p[i] = pr;
			break;
		}
	}
	return 0;
}

/* Walks the structure block, which lies at s[0..len). */
static int walk(struct parser *p, const uint8_t *s, word_t len)
{
	word_t pos = 0;
	for (;;) {
		if (pos + 4 > len)
			return fail(p, "fdt: missing FDT_END");
		uint32_t token = be32(s + pos);
		pos += 4;
		switch (token) {
		case FDT_BEGIN_NODE: {
			word_t n = strnlen_in(s + pos, len - pos);
			if (n == len - pos)
				return fail(p, "fdt: unterminated node name");
			if (begin_node(p, s + pos) < 0)
				return -1;
			pos = align4(pos + n + 1);
			break;
		}
		case FDT_END_NODE:
			if (end_node(p) < 0)
				return -1;
			break;
		case FDT_PROP: {
			if (p->depth == 0)
				return fail(p, "fdt: property outside any node");
			if (len - pos < 8)
				return fail(p, "fdt: property runs past struct block");
			word_t vlen = be32(s + pos), nameoff = be32(s + pos + 4);
			pos += 8;
			if (vlen > len - pos)
				return fail(p, "fdt: property runs past struct block");
			if (nameoff >= p->strs_size)
				return fail(p, "fdt: property name outside strings block");
			word_t room = p->strs_size - nameoff;
			if (strnlen_in(p->strs + nameoff, room) == room)
				return fail(p, "fdt: unterminated property name");
			if (property(p, p->strs + nameoff, s + pos, vlen) < 0)
				return -1;
			pos = align4(pos + vlen);
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			if (p->depth != 0)
				return fail(p, "fdt: FDT_END inside a node");
			if (!p->seen_root)
				return fail(p, "fdt: no root node");
			return 0;
		default:
			return fail(p, "fdt: unknown token in struct block");
		}
	}
}

/* The memory reservation block at off: (address, size) u64 pairs up to a
 * (0, 0) pair, which must come before the end of the blob. */
static int read_rsvmap(struct parser *p, word_t off, word_t total)
{
	for (;;) {
		if (total - off < 16)
			return fail(p, "fdt: memory reservation block not terminated");
		uint64_t base = be64(p->blob + off), size = be64(p->blob + off + 8);
		off += 16;
		if (base == 0 && size == 0)
			return 0;
		if (add_range(p, p->out->resv, &p->out->nresv, FDT_MAX_RESV, base, size,
		              "fdt: too many reserved regions") < 0)
			return -1;
	}
}

/* The checks fdt_total_size() and fdt_parse() share: NULL if the header
 * can be trusted for its totalsize. */
static const char *check_header(const uint8_t *b, word_t avail)
{
	if (b == NULL || avail < FDT_HEADER_SIZE)
		return "fdt: blob smaller than its header";
	if (be32(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return "fdt: bad magic";
	/* A v17 reader can read any blob whose last_comp_version <= 17. */
	if (be32(b + FDT_HDR_VERSION) < FDT_VERSION || be32(b + FDT_HDR_LAST_COMP) > FDT_VERSION)
		return "fdt: unsupported version (need 17)";
	if (be32(b + FDT_HDR_TOTALSIZE) < FDT_HEADER_SIZE)
		return "fdt: totalsize smaller than the header";
	return NULL;
}

/* Does the block [off, off+size) lie between the header and total? The
 * fields are 32-bit, so the sum cannot overflow a word_t. */
static bool block_ok(word_t off, word_t size, word_t total)
{
	return off >= FDT_HEADER_SIZE && off + size <= total;
}

word_t fdt_total_size(const void *blob, word_t avail)
{
	if (check_header(blob, avail) != NULL)
		return 0;
	return be32((const uint8_t *)blob + FDT_HDR_TOTALSIZE);
}

/* Checks the header's layout, then reads the blocks it points at. */
static int parse(struct parser *p, const uint8_t *b, word_t size)
{
	struct fdt_info *out = p->out;
	const char *msg = check_header(b, size);
	if (msg != NULL)
		return fail(p, msg);

	word_t total = be32(b + FDT_HDR_TOTALSIZE);
	word_t off_struct = be32(b + FDT_HDR_OFF_STRUCT),
	       size_struct = be32(b + FDT_HDR_SIZE_STRUCT);
	word_t off_strs = be32(b + FDT_HDR_OFF_STRINGS), size_strs = be32(b + FDT_HDR_SIZE_STRINGS);
	word_t off_rsv = be32(b + FDT_HDR_OFF_RSVMAP);
	if (total > size)
		return fail(p, "fdt: totalsize larger than buffer (blob truncated)");
	if (!block_ok(off_struct, size_struct, total))
		return fail(p, "fdt: struct block outside blob");
	/* Tokens sit at 4-aligned offsets from the blob's start. */
	if (off_struct % 4 != 0)
		return fail(p, "fdt: struct block misaligned");
	if (!block_ok(off_strs, size_strs, total))
		return fail(p, "fdt: strings block outside blob");
	if (!block_ok(off_rsv, 0, total) || off_rsv % 8 != 0)
		return fail(p, "fdt: memory reservation block misplaced");
	p->strs = b + off_strs;
	p->strs_size = size_strs;
	out->blob_size = total;

	if (read_rsvmap(p, off_rsv, total) < 0 || walk(p, b + off_struct, size_struct) < 0)
		return -1;

	if (!p->have_cpus_tb && p->have_cpu_tb)
		out->timebase_hz = p->cpu_tb;
	if (out->nmem == 0)
		return fail(p, "fdt: no memory node");
	if (p->have_initrd_start != p->have_initrd_end)
		return fail(p, "fdt: initrd start without end, or end without start");
	if (out->initrd_end < out->initrd_start)
		return fail(p, "fdt: initrd end before start");
	return 0;
}

int fdt_parse(const void *blob, word_t size, struct fdt_info *out, const char **err)
{
	struct parser p = { .blob = blob, .out = out };

	*out = (struct fdt_info){ 0 };
	int r = parse(&p, blob, size);
	if (err != NULL)
		*err = r == 0 ? NULL : p.err;
	return r;
}
