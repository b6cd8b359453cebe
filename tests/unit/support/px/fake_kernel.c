/* The fake kernel of the server's host tests (fake_kernel.h). */
#define _GNU_SOURCE
#include "tests/unit/support/px/fake_kernel.h"

#include "personality/console.h"
#include "personality/exec.h"
#include "personality/initrd.h"
#include "personality/proc.h"
#include "personality/sysmem.h"
#include "personality/tmpfs.h"
#include "personality/vm.h"

#include <ration/bootinfo.h>
#include <ration/objects.h>
#include <ration/rights.h>
#include <rn/debug.h>
#include <rn/invoke.h>
#include <rn/tcb.h>
#include <rn/timebase.h>
#include <rn/untyped.h>

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RAM_BYTES    (256ul << 20)
#define SERVER_ORDER 24             /* the server's memory: 16 MiB */
#define REGION_BYTES 0x3000000000ul /* every address layout.h names */
#define TMPFS_RAM    (4ul << 20)    /* 1024 tmpfs node numbers */
#define MAX_CAPS     32768
#define MAX_OBJS     32768
#define HASH_SIZE    16384
#define NONE         (-1)
/* Kernel objects that are no RN_OBJ_* type: IRQ control and a line's
 * handler. */
#define OBJ_IRQ_CONTROL RN_OBJ_TYPE_COUNT
#define OBJ_IRQ_HANDLER (RN_OBJ_TYPE_COUNT + 1)

struct obj {
	unsigned type;
	unsigned bits; /* size, log2 bytes; a CNode's radix */
	uint64_t paddr;
	uint64_t watermark; /* untyped: bytes retyped from its start */
	bool device, server_vspace;
	struct fpk_tcb tcb;
	unsigned signals;
	unsigned group_parent; /* a SchedGroup's parent (fpk_object), 0: none */
};

struct cap {
	bool live;
	uint64_t index; /* its slot: (index, depth) from the root CNode */
	unsigned depth;
	int obj;
	int parent;    /* the cap it was derived from, or NONE */
	uint64_t va;   /* where it is mapped (a frame), if mapped_in */
	int mapped_in; /* the VSpace object, or NONE */
	int next;      /* hash chain */
};

static struct {
	struct obj obj[MAX_OBJS];
	int nobj;
	struct cap cap[MAX_CAPS];
	int ncap;
	int free_cap; /* a chain of dead caps through .next */
	int hash[HASH_SIZE];
	int root; /* the root CNode object */
	uint8_t *ram;
	int memfd;
	uint64_t next_paddr;
	unsigned count[128];
	unsigned fail_label, fail_after;
	int fail_err;
	char out[65536];
	size_t nout;
	struct rn_bootinfo bi;
	uint64_t deadline; /* the timer line's (RN_IRQ_HANDLER_SET_DEADLINE) */
	unsigned bills[16]; /* the objects RN_TCB_BILL named, in order (the first 16) */
	unsigned nbills;
	/* The UART, as console.h's functions: bytes typed and not yet
	 * taken, what the console wrote, and the server's notification. */
	char typed[16384];
	size_t ntyped, typed_off;
	unsigned console_acks;
	char console[65536];
	size_t nconsole;
	bool crlf;
	uint64_t console_ntfn;
} fk;

uintptr_t layout_host_base;
uint64_t fpk_time;

/* ---- caps and objects -------------------------------------------------------- */

static unsigned hash_of(uint64_t index, unsigned depth)
{
	return (unsigned)((index * 0x9e3779b97f4a7c15ull + depth) >> 50) % HASH_SIZE;
}

static int find(uint64_t index, unsigned depth)
{
	for (int c = fk.hash[hash_of(index, depth)]; c != NONE; c = fk.cap[c].next) {
		if (fk.cap[c].index == index && fk.cap[c].depth == depth)
			return c;
	}
	return NONE;
}

static void unhash(int c)
{
	int *link = &fk.hash[hash_of(fk.cap[c].index, fk.cap[c].depth)];
	while (*link != c)
		link = &fk.cap[*link].next;
	*link = fk.cap[c].next;
}

static void rehash(int c, uint64_t index, unsigned depth)
{
	struct cap *k = &fk.cap[c];
	k->index = index;
	k->depth = depth;
	unsigned h = hash_of(index, depth);
	k->next = fk.hash[h];
	fk.hash[h] = c;
}

static int new_obj(unsigned type, unsigned bits, uint64_t paddr)
{
	cr_assert_lt(fk.nobj, MAX_OBJS, "fake kernel: out of objects");
	int o = fk.nobj++;
	fk.obj[o] = (struct obj){ .type = type, .bits = bits, .paddr = paddr };
	return o;
}

static int install(int obj, uint64_t index, unsigned depth, int parent)
{
	int c = fk.free_cap;
	if (c != NONE) {
		fk.free_cap = fk.cap[c].next;
	} else {
		cr_assert_lt(fk.ncap, MAX_CAPS, "fake kernel: out of caps");
		c = fk.ncap++;
	}
	fk.cap[c] = (struct cap){ .live = true, .obj = obj, .parent = parent, .mapped_in = NONE };
	rehash(c, index, depth);
	return c;
}

static void unmap(struct cap *k)
{
	if (k->mapped_in == NONE)
		return;
	if (fk.obj[k->mapped_in].server_vspace) {
		void *at = mmap((void *)k->va, PAGE_BYTES, PROT_NONE,
		                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
		cr_assert_neq(at, MAP_FAILED, "fake kernel: unmapping %#lx", (unsigned long)k->va);
	}
	k->mapped_in = NONE;
}

/* Deletes cap c; its children (if any) become its parent's. */
static void delete_cap(int c, bool reparent)
{
	struct cap *k = &fk.cap[c];
	if (reparent) {
		for (int d = 0; d < fk.ncap; d++) {
			if (fk.cap[d].live && fk.cap[d].parent == c)
				fk.cap[d].parent = k->parent;
		}
	}
	unmap(k);
	unhash(c);
	k->live = false;
	k->next = fk.free_cap;
	fk.free_cap = c;
}

static bool descends_from(int d, int c)
{
	for (int a = fk.cap[d].parent; a != NONE; a = fk.cap[a].parent) {
		if (a == c)
			return true;
	}
	return false;
}

static bool has_children(int c)
{
	for (int d = 0; d < fk.ncap; d++) {
		if (fk.cap[d].live && fk.cap[d].parent == c)
			return true;
	}
	return false;
}

static void revoke_cap(int c)
{
	static int doomed[MAX_CAPS];
	int n = 0;
	for (int d = 0; d < fk.ncap; d++) {
		if (fk.cap[d].live && descends_from(d, c))
			doomed[n++] = d;
	}
	for (int i = 0; i < n; i++)
		delete_cap(doomed[i], false);
	if (fk.obj[fk.cap[c].obj].type == RN_OBJ_UNTYPED)
		fk.obj[fk.cap[c].obj].watermark = 0;
}

/* The cap a cptr names (a lookup of depth 64 from the root CNode: through
 * CNodes until a cap that is not one), or NONE. */
static int lookup(uint64_t cptr)
{
	if (cptr >> (64 - ROOT_GUARD))
		return NONE; /* the guard is 0 */
	unsigned depth = ROOT_GUARD + ROOT_BITS;
	for (;;) {
		int c = find(cptr >> (64 - depth), depth);
		if (c == NONE)
			return NONE;
		const struct obj *o = &fk.obj[fk.cap[c].obj];
		if (o->type != RN_OBJ_CNODE || depth == 64)
			return c;
		if (depth + o->bits > 64)
			return NONE;
		depth += o->bits;
	}
}

/* Whether slot (index, depth) can be reached from the root CNode (every
 * level above it is a CNode whose radix ends at depth). */
static bool reachable(uint64_t index, unsigned depth)
{
	unsigned d = ROOT_GUARD + ROOT_BITS;
	if (depth < d || depth > 64 || index >> (depth - ROOT_GUARD))
		return false; /* past the leaves, or not under the guard */
	while (d < depth) {
		int c = find(index >> (depth - d), d);
		if (c == NONE || fk.obj[fk.cap[c].obj].type != RN_OBJ_CNODE)
			return false;
		d += fk.obj[fk.cap[c].obj].bits;
	}
	return d == depth;
}

static bool is_root(uint64_t cptr)
{
	int c = lookup(cptr);
	return c != NONE && fk.cap[c].obj == fk.root;
}

/* The kernel's own object sizes (kernel/objects.h; kernel/objects.c is
 * built for the host, but that header's names clash with the fake's). */
uint64_t object_size_bits(enum rn_object_type type, uint64_t user_bits);

static bool is_frame(int c)
{
	unsigned t = fk.obj[fk.cap[c].obj].type;
	return t == RN_OBJ_FRAME_4K || t == RN_OBJ_FRAME_2M;
}

/* ---- invocations ----------------------------------------------------------------- */

static int retype(int ut, const uint64_t *a, const rn_cptr_t *caps, unsigned ncaps)
{
	uint64_t type = a[0], ubits = a[1], index = a[2], depth = a[3], offset = a[4], count = a[5];
	struct obj *u = &fk.obj[fk.cap[ut].obj];
	if (u->type != RN_OBJ_UNTYPED || ncaps < 1 || !is_root(caps[0]))
		return RN_INVALID_CAPABILITY;
	if (type >= RN_OBJ_TYPE_COUNT || count == 0 || count > RN_RETYPE_MAX_OBJECTS)
		return RN_INVALID_ARGUMENT;
	/* The destination CNode: the root itself (depth 0), or the one at
	 * (index, depth); its slots follow its place. */
	uint64_t base = 0;
	unsigned radix = ROOT_BITS, at = ROOT_GUARD;
	if (depth) {
		int c = reachable(index, (unsigned)depth) ? find(index, (unsigned)depth) : NONE;
		if (c == NONE || fk.obj[fk.cap[c].obj].type != RN_OBJ_CNODE)
			return RN_FAILED_LOOKUP;
		base = index;
		at = (unsigned)depth;
		radix = fk.obj[fk.cap[c].obj].bits;
	}
	if (offset + count > (1ul << radix))
		return RN_RANGE_ERROR;
	for (uint64_t i = 0; i < count; i++) {
		if (find(base << radix | (offset + i), at + radix) != NONE)
			return RN_DELETE_FIRST;
	}
	unsigned bits = (unsigned)object_size_bits((enum rn_object_type)type, ubits);
	if (!has_children(ut))
		u->watermark = 0;
	uint64_t size = 1ul << bits, start = (u->watermark + size - 1) & ~(size - 1);
	if (bits > u->bits || start + count * size > (1ul << u->bits))
		return RN_NOT_ENOUGH_MEMORY;
	for (uint64_t i = 0; i < count; i++) {
		uint64_t pa = u->paddr + start + i * size;
		int o = new_obj((unsigned)type, type == RN_OBJ_CNODE ? (unsigned)ubits : bits, pa);
		fk.obj[o].device = u->device;
		if (!u->device && type != RN_OBJ_UNTYPED)
			memset(fk.ram + pa, 0, size); /* Retype zeroes */
		install(o, base << radix | (offset + i), at + radix, ut);
	}
	u->watermark = start + count * size;
	return RN_OK;
}

static int frame_map(int f, const uint64_t *a, const rn_cptr_t *caps, unsigned ncaps)
{
	int vs = ncaps ? lookup(caps[0]) : NONE;
	if (!is_frame(f) || vs == NONE || fk.obj[fk.cap[vs].obj].type != RN_OBJ_PAGE_TABLE)
		return RN_INVALID_CAPABILITY;
	struct cap *k = &fk.cap[f];
	uint64_t va = a[0], rights = a[1];
	if (k->mapped_in != NONE)
		return RN_INVALID_CAPABILITY; /* a cap maps once */
	if (va & (PAGE_BYTES - 1))
		return RN_ALIGNMENT_ERROR;
	int in = fk.cap[vs].obj;
	for (int c = 0; c < fk.ncap; c++) {
		if (fk.cap[c].live && fk.cap[c].mapped_in == in && fk.cap[c].va == va)
			return RN_DELETE_FIRST; /* something is mapped there */
	}
	if (fk.obj[in].server_vspace) {
		cr_assert(
		    va >= layout_host_base && va + PAGE_BYTES <= layout_host_base + REGION_BYTES,
		    "fake kernel: the server maps a frame at %#lx, outside layout.h's addresses",
		    (unsigned long)va);
		int prot = PROT_READ | (rights & RN_RIGHT_WRITE ? PROT_WRITE : 0);
		void *at = mmap((void *)va, PAGE_BYTES, prot, MAP_SHARED | MAP_FIXED, fk.memfd,
		                (off_t)fk.obj[k->obj].paddr);
		cr_assert_neq(at, MAP_FAILED, "fake kernel: mapping %#lx", (unsigned long)va);
	}
	k->va = va;
	k->mapped_in = in;
	return RN_OK;
}

/* VSpace_MapFrames: every frame and entry checked first, as the kernel
 * does, so a refused batch maps nothing. */
static int map_frames(rn_cptr_t service, int vs, const uint64_t *a, const rn_cptr_t *caps,
                      unsigned ncaps)
{
	uint64_t index = a[0], depth = a[1], offset = a[2], count = a[3], va = a[4];
	if (fk.obj[fk.cap[vs].obj].type != RN_OBJ_PAGE_TABLE || ncaps < 1 || !is_root(caps[0]))
		return RN_INVALID_CAPABILITY;
	if (count == 0 || count > RN_MAP_FRAMES_MAX)
		return RN_RANGE_ERROR;
	if (va & (PAGE_BYTES - 1))
		return RN_ALIGNMENT_ERROR;
	uint64_t base = 0;
	unsigned radix = ROOT_BITS, at = ROOT_GUARD;
	if (depth) {
		int c = reachable(index, (unsigned)depth) ? find(index, (unsigned)depth) : NONE;
		if (c == NONE || fk.obj[fk.cap[c].obj].type != RN_OBJ_CNODE)
			return RN_FAILED_LOOKUP;
		base = index;
		at = (unsigned)depth;
		radix = fk.obj[fk.cap[c].obj].bits;
	}
	if (offset + count > (1ul << radix))
		return RN_RANGE_ERROR;
	int in = fk.cap[vs].obj, frame[RN_MAP_FRAMES_MAX];
	for (uint64_t i = 0; i < count; i++) {
		frame[i] = find(base << radix | (offset + i), at + radix);
		if (frame[i] == NONE || fk.obj[fk.cap[frame[i]].obj].type != RN_OBJ_FRAME_4K ||
		    fk.cap[frame[i]].mapped_in != NONE)
			return RN_INVALID_CAPABILITY;
		for (int c = 0; c < fk.ncap; c++)
			if (fk.cap[c].live && fk.cap[c].mapped_in == in &&
			    fk.cap[c].va == va + i * PAGE_BYTES)
				return RN_DELETE_FIRST;
	}
	for (uint64_t i = 0; i < count; i++) {
		uint64_t one[3] = { va + i * PAGE_BYTES, a[5], a[6] };
		int err = frame_map(frame[i], one, &service, 1);
		cr_assert_eq(err, RN_OK, "fake kernel: a checked batch failed half way");
	}
	return RN_OK;
}

/* The CNode an (index, depth) pair names from the root (depth 0: the root
 * itself), as base << radix and the depth of its slots; false if none. */
static bool range_node(uint64_t index, uint64_t depth, uint64_t *base, unsigned *radix,
                       unsigned *at)
{
	*base = 0;
	*radix = ROOT_BITS;
	*at = ROOT_GUARD;
	if (!depth)
		return true;
	int c = reachable(index, (unsigned)depth) ? find(index, (unsigned)depth) : NONE;
	if (c == NONE || fk.obj[fk.cap[c].obj].type != RN_OBJ_CNODE)
		return false;
	*base = index;
	*at = (unsigned)depth;
	*radix = fk.obj[fk.cap[c].obj].bits;
	return true;
}

/* The two ranges of a CopyRange call (CNode_ or Frame_): destination
 * (mr0-2, in the invoked root) and source (mr3-5, in the extra root), mr6
 * slots each, as the kernel's cnode_range_arg decodes them. Slot i of a
 * range is (base << radix | first + i) at depth at + radix. */
struct range {
	uint64_t base, first;
	unsigned radix, at;
};

static int copy_ranges(int service, const uint64_t *a, const rn_cptr_t *caps, unsigned ncaps,
                       uint64_t max, struct range *d, struct range *s)
{
	uint64_t count = a[6];
	if (fk.cap[service].obj != fk.root || ncaps < 1 || !is_root(caps[0]))
		return RN_INVALID_CAPABILITY;
	if (count == 0 || count > max)
		return RN_RANGE_ERROR;
	if (!range_node(a[0], a[1], &d->base, &d->radix, &d->at) ||
	    !range_node(a[3], a[4], &s->base, &s->radix, &s->at))
		return RN_FAILED_LOOKUP;
	d->first = a[2];
	s->first = a[5];
	if (d->first + count > (1ul << d->radix) || s->first + count > (1ul << s->radix))
		return RN_RANGE_ERROR;
	return RN_OK;
}

/* The cap in slot i of range r, or NONE. */
static int range_cap(const struct range *r, uint64_t i)
{
	return find(r->base << r->radix | (r->first + i), r->at + r->radix);
}

/* CNode_CopyRange: every source and destination checked first, as the
 * kernel does, so a refused batch copies nothing. */
static int copy_range(int service, const uint64_t *a, const rn_cptr_t *caps, unsigned ncaps)
{
	struct range d, src;
	int err = copy_ranges(service, a, caps, ncaps, RN_COPY_RANGE_MAX, &d, &src);
	if (err)
		return err;
	for (uint64_t i = 0; i < a[6]; i++) {
		if (range_cap(&d, i) != NONE)
			return RN_DELETE_FIRST;
		if (range_cap(&src, i) == NONE)
			return RN_INVALID_CAPABILITY;
	}
	for (uint64_t i = 0; i < a[6]; i++) {
		int c = range_cap(&src, i);
		install(fk.cap[c].obj, d.base << d.radix | (d.first + i), d.at + d.radix, c);
	}
	return RN_OK;
}

/* Frame_CopyRange: 4 KiB frames only, every pair checked first, as the
 * kernel does, so a refused batch copies nothing. */
static bool small_frame(int c)
{
	return c != NONE && is_frame(c) && fk.obj[fk.cap[c].obj].bits == 12;
}

static int copy_frames(int service, const uint64_t *a, const rn_cptr_t *caps, unsigned ncaps)
{
	struct range d, src;
	int err = copy_ranges(service, a, caps, ncaps, RN_COPY_FRAMES_MAX, &d, &src);
	if (err)
		return err;
	for (uint64_t i = 0; i < a[6]; i++)
		if (!small_frame(range_cap(&d, i)) || !small_frame(range_cap(&src, i)))
			return RN_INVALID_CAPABILITY;
	for (uint64_t i = 0; i < a[6]; i++)
		memcpy(fk.ram + fk.obj[fk.cap[range_cap(&d, i)].obj].paddr,
		       fk.ram + fk.obj[fk.cap[range_cap(&src, i)].obj].paddr, PAGE_BYTES);
	return RN_OK;
}

static int cnode_call(int service, unsigned label, const uint64_t *a, const rn_cptr_t *caps,
                      unsigned ncaps)
{
	if (fk.cap[service].obj != fk.root)
		return RN_ILLEGAL_OPERATION; /* the server names slots from SELF only */
	if (!reachable(a[0], (unsigned)a[1]))
		return RN_FAILED_LOOKUP;
	int dst = find(a[0], (unsigned)a[1]);
	if (label == RN_CNODE_DELETE || label == RN_CNODE_REVOKE) {
		if (dst != NONE && label == RN_CNODE_DELETE)
			delete_cap(dst, true);
		else if (dst != NONE)
			revoke_cap(dst);
		return RN_OK;
	}
	if (ncaps < 1 || !is_root(caps[0]))
		return RN_INVALID_CAPABILITY;
	int src = reachable(a[2], (unsigned)a[3]) ? find(a[2], (unsigned)a[3]) : NONE;
	if (src == NONE)
		return RN_FAILED_LOOKUP;
	if (dst != NONE)
		return RN_DELETE_FIRST;
	if (label == RN_CNODE_MOVE) {
		unhash(src);
		rehash(src, a[0], (unsigned)a[1]);
		return RN_OK;
	}
	if (label != RN_CNODE_COPY && label != RN_CNODE_MINT)
		return RN_ILLEGAL_OPERATION;
	install(fk.cap[src].obj, a[0], (unsigned)a[1], src);
	return RN_OK;
}

static int tcb_call(struct fpk_tcb *t, unsigned label, const uint64_t *a, const rn_cptr_t *caps,
                    unsigned ncaps, uint64_t *out, unsigned nout)
{
	switch (label) {
	case RN_TCB_SUSPEND:
		t->suspended = true;
		t->suspends++;
		return RN_OK;
	case RN_TCB_RESUME:
		t->suspended = false;
		t->resumes++;
		return RN_OK;
	case RN_TCB_READ_REGISTERS:
		if (a[0] > 32)
			return RN_RANGE_ERROR;
		for (unsigned i = 0; i < a[0] && i < nout; i++)
			out[i] = t->regs[i];
		return RN_OK;
	case RN_TCB_WRITE_REGISTERS:
		if (a[1] > 32)
			return RN_RANGE_ERROR;
		memcpy(t->regs, &a[2], a[1] * sizeof(uint64_t));
		t->writes++;
		if (a[0]) {
			t->suspended = false;
			t->resumes++;
		}
		return RN_OK;
	case RN_TCB_SET_GROUP:
		t->group = ncaps ? (unsigned)fk.cap[lookup(caps[0])].obj + 1 : 0;
		return RN_OK;
	default:
		return RN_OK; /* configure, priority, fault endpoint, binding */
	}
}

static int invoke(rn_cptr_t service, unsigned label, const uint64_t *a, const rn_cptr_t *caps,
                  unsigned ncaps, uint64_t *out, unsigned nout)
{
	int s = lookup(service);
	if (s == NONE)
		return RN_FAILED_LOOKUP;
	struct obj *o = &fk.obj[fk.cap[s].obj];
	switch (label) {
	case RN_UNTYPED_RETYPE:
		return retype(s, a, caps, ncaps);
	case RN_UNTYPED_DESCRIBE:
		if (o->type != RN_OBJ_UNTYPED)
			return RN_INVALID_CAPABILITY;
		out[0] = o->paddr;
		out[1] = o->bits;
		out[2] = (1ul << o->bits) - o->watermark;
		out[3] = (o->device ? RN_UNTYPED_DEVICE : 0) |
		         (has_children(s) ? RN_UNTYPED_HAS_CHILDREN : 0);
		out[4] = o->watermark;
		return RN_OK;
	case RN_CNODE_REVOKE:
	case RN_CNODE_DELETE:
	case RN_CNODE_COPY:
	case RN_CNODE_MINT:
	case RN_CNODE_MOVE:
		return cnode_call(s, label, a, caps, ncaps);
	case RN_CNODE_COPY_RANGE:
		return copy_range(s, a, caps, ncaps);
	case RN_FRAME_COPY_RANGE:
		return copy_frames(s, a, caps, ncaps);
	case RN_FRAME_MAP:
		return frame_map(s, a, caps, ncaps);
	case RN_VSPACE_MAP_FRAMES:
		return map_frames(service, s, a, caps, ncaps);
	case RN_FRAME_UNMAP:
		if (!is_frame(s))
			return RN_INVALID_CAPABILITY;
		unmap(&fk.cap[s]);
		return RN_OK;
	case RN_FRAME_COPY: {
		int src = ncaps ? lookup(caps[0]) : NONE;
		if (!is_frame(s) || src == NONE || !is_frame(src))
			return RN_INVALID_CAPABILITY;
		memcpy(fk.ram + o->paddr, fk.ram + fk.obj[fk.cap[src].obj].paddr, 1ul << o->bits);
		return RN_OK;
	}
	case RN_IRQ_CONTROL_GET: {
		if (o->type != OBJ_IRQ_CONTROL || ncaps < 1 || !is_root(caps[0]))
			return RN_INVALID_CAPABILITY;
		if (!reachable(a[1], (unsigned)a[2]) || find(a[1], (unsigned)a[2]) != NONE)
			return RN_DELETE_FIRST;
		install(new_obj(OBJ_IRQ_HANDLER, 0, a[0]), a[1], (unsigned)a[2], s);
		return RN_OK;
	}
	case RN_IRQ_HANDLER_SET_NOTIFICATION:
	case RN_IRQ_HANDLER_ACK:
	case RN_IRQ_HANDLER_CLEAR:
		return o->type == OBJ_IRQ_HANDLER ? RN_OK : RN_INVALID_CAPABILITY;
	case RN_IRQ_CONTROL_POWEROFF:
		cr_assert(o->type == OBJ_IRQ_CONTROL && a[0] == RN_POWEROFF_MAGIC,
		          "fake kernel: a power-off that is not one");
		cr_assert_fail("the server powered off (%lu); it said:\n%s", (unsigned long)a[1],
		               fk.out);
		return RN_OK;
	case RN_IRQ_HANDLER_SET_DEADLINE:
		if (o->type != OBJ_IRQ_HANDLER || o->paddr != RN_IRQ_TIMER)
			return RN_INVALID_CAPABILITY;
		fk.deadline = a[0];
		return RN_OK;
	case RN_PAGE_TABLE_MAP:
		return o->type == RN_OBJ_PAGE_TABLE ? RN_OK : RN_INVALID_CAPABILITY;
	case RN_SCHED_GROUP_SET_PARENT: {
		if (o->type != RN_OBJ_SCHED_GROUP)
			return RN_ILLEGAL_OPERATION;
		unsigned parent = 0;
		if (ncaps) {
			int pc = lookup(caps[0]);
			if (pc == NONE || fk.obj[fk.cap[pc].obj].type != RN_OBJ_SCHED_GROUP)
				return RN_INVALID_CAPABILITY;
			parent = (unsigned)fk.cap[pc].obj + 1;
		}
		for (unsigned up = parent; up; up = fk.obj[up - 1].group_parent)
			if (up == (unsigned)fk.cap[s].obj + 1)
				return RN_ILLEGAL_OPERATION; /* a loop */
		o->group_parent = parent;
		return RN_OK;
	}
	case RN_TCB_BILL:
		if (o->type != RN_OBJ_TCB)
			return RN_INVALID_CAPABILITY;
		if (fk.nbills < 16)
			fk.bills[fk.nbills] = (unsigned)fk.cap[s].obj + 1;
		fk.nbills++;
		return RN_OK;
	default:
		if (label >= RN_TCB_CONFIGURE && label <= RN_TCB_SET_GROUP) {
			if (o->type != RN_OBJ_TCB)
				return RN_INVALID_CAPABILITY;
			if (label == RN_TCB_SET_GROUP && ncaps &&
			    (lookup(caps[0]) == NONE ||
			     fk.obj[fk.cap[lookup(caps[0])].obj].type != RN_OBJ_SCHED_GROUP))
				return RN_INVALID_CAPABILITY;
			return tcb_call(&o->tcb, label, a, caps, ncaps, out, nout);
		}
		return RN_ILLEGAL_OPERATION; /* not modelled */
	}
}

int rn_invoke(rn_cptr_t service, rn_word_t label, const rn_word_t *args, unsigned nargs,
              const rn_cptr_t *caps, unsigned ncaps, rn_word_t *out, unsigned nout)
{
	uint64_t a[RN_MSG_MAX_LENGTH] = { 0 };
	uint64_t scratch[RN_MSG_MAX_LENGTH];
	if (nargs)
		memcpy(a, args, nargs * sizeof(*a));
	if (label < 128)
		fk.count[label]++;
	if (fk.fail_err && label == fk.fail_label) {
		if (fk.fail_after == 0)
			return fk.fail_err;
		fk.fail_after--;
	}
	return invoke(service, (unsigned)label, a, caps, ncaps, out ? out : scratch, nout);
}

int rn_tcb_write_registers(rn_cptr_t tcb, int resume, rn_word_t count, const rn_word_t *regs)
{
	rn_word_t args[2 + 32];
	args[0] = (rn_word_t)resume;
	args[1] = count;
	for (rn_word_t i = 0; i < count && i < 32; i++)
		args[2 + i] = regs[i];
	return rn_invoke(tcb, RN_TCB_WRITE_REGISTERS, args,
	                 (unsigned)(2 + (count > 32 ? 32 : count)), 0, 0, 0, 0);
}

const char *rn_error_name(int code)
{
	static char name[32];
	snprintf(name, sizeof(name), "error %d", code);
	return name;
}

struct rn_msg rn_host_syscall(rn_word_t sys, rn_cptr_t cap, rn_word_t info,
                              const rn_word_t mr[RN_MSG_REGISTERS], rn_cptr_t reply)
{
	int c = lookup(cap);
	switch (sys) {
	case RN_SYS_SEND:
		cr_assert(c != NONE && fk.obj[fk.cap[c].obj].type == RN_OBJ_NOTIFICATION,
		          "fake kernel: Send on %#lx, not a notification", (unsigned long)cap);
		fk.obj[fk.cap[c].obj].signals++;
		break;
	case RN_SYS_DEBUG_POWEROFF:
		cr_assert_fail("the server powered off (%lu); it said:\n%s", (unsigned long)cap,
		               fk.out);
		break;
	default:
		cr_assert_fail("fake kernel: system call %lu is not modelled", (unsigned long)sys);
	}
	return (struct rn_msg){ 0 };
}

uint64_t rn_host_rdtime(void)
{
	return fpk_time;
}

int rn_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(fk.out + fk.nout, sizeof(fk.out) - fk.nout, fmt, ap);
	va_end(ap);
	if (n > 0)
		fk.nout +=
		    (size_t)n < sizeof(fk.out) - fk.nout ? (size_t)n : sizeof(fk.out) - fk.nout - 1;
	return n;
}

/* ---- what the tests use ------------------------------------------------------------ */

static int new_untyped(unsigned order, bool device)
{
	uint64_t size = 1ul << order, pa = (fk.next_paddr + size - 1) & ~(size - 1);
	cr_assert_leq(pa + size, RAM_BYTES, "fake kernel: out of fake RAM");
	fk.next_paddr = pa + size;
	int o = new_obj(RN_OBJ_UNTYPED, order, pa);
	fk.obj[o].device = device;
	return o;
}

void fpk_setup(void)
{
	memset(&fk, 0, sizeof(fk));
	for (int i = 0; i < HASH_SIZE; i++)
		fk.hash[i] = NONE;
	fk.free_cap = NONE;
	void *region =
	    mmap(0, REGION_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	cr_assert_neq(region, MAP_FAILED, "reserving the server's addresses");
	layout_host_base = (uintptr_t)region;
	fk.memfd = memfd_create("fake-ram", 0);
	cr_assert(fk.memfd >= 0 && ftruncate(fk.memfd, RAM_BYTES) == 0, "fake RAM");
	fk.ram = mmap(0, RAM_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fk.memfd, 0);
	cr_assert_neq(fk.ram, MAP_FAILED, "mapping fake RAM");
	fk.next_paddr = PAGE_BYTES; /* 0 is no address */

	/* The server's CSpace as main.c leaves it: the root CNode (guard
	 * ROOT_GUARD bits), its VSpace, the directory, its own book with SELF
	 * in slot 0, its endpoint, and its memory in slot 16. */
	fk.root = new_obj(RN_OBJ_CNODE, ROOT_BITS, 0);
	int vspace = new_obj(RN_OBJ_PAGE_TABLE, RN_PAGE_TABLE_BITS, 0);
	fk.obj[vspace].server_vspace = true;
	install(vspace, RN_SLOT_ROOT_VSPACE, DEPTH_ROOT_SLOT, NONE);
	install(new_obj(RN_OBJ_CNODE, DIR_BITS, 0), SLOT_DIR, DEPTH_ROOT_SLOT, NONE);
	install(new_obj(RN_OBJ_CNODE, BOOK_BITS, 0), index_book(0), DEPTH_DIR_SLOT, NONE);
	install(new_obj(RN_OBJ_CNODE, LEAF_BITS, 0), index_leaf(0, 0), DEPTH_BOOK_SLOT, NONE);
	install(fk.root, SELF, DEPTH_LEAF_SLOT, NONE);
	install(new_obj(RN_OBJ_ENDPOINT, RN_ENDPOINT_BITS, 0), SLOT_ENDPOINT, DEPTH_ROOT_SLOT,
	        NONE);
	int mem = new_untyped(SERVER_ORDER, false);
	install(mem, 16, DEPTH_ROOT_SLOT, NONE);
	install(new_obj(OBJ_IRQ_CONTROL, 0, 0), RN_SLOT_IRQ_CONTROL, DEPTH_ROOT_SLOT, NONE);
	install(new_obj(RN_OBJ_TCB, RN_TCB_BITS, 0), RN_SLOT_ROOT_TCB, DEPTH_ROOT_SLOT, NONE);

	fk.bi = (struct rn_bootinfo){ .magic = RN_BOOTINFO_MAGIC,
		                      .root_cnode_bits = ROOT_BITS,
		                      .first_free_slot = 32,
		                      .n_untyped = 1,
		                      .timebase_hz = RN_TIMEBASE_HZ };
	fk.bi.untyped[0] = (struct rn_untyped_desc){ .slot = 16,
		                                     .paddr = fk.obj[mem].paddr,
		                                     .size_bits = SERVER_ORDER };
	sysmem_init(&fk.bi);
	fk.crlf = true;
	fk.console_ntfn = sysmem_slot();
	install(new_obj(RN_OBJ_NOTIFICATION, RN_NOTIFICATION_BITS, 0), fk.console_ntfn,
	        DEPTH_ROOT_SLOT, NONE);
	proc_boot();
	tmpfs_boot(TMPFS_RAM);
}

void fpk_initrd(const void *bytes, size_t size)
{
	unsigned order = 12;
	while ((1ul << order) < size)
		order++;
	int dev = new_untyped(order, true);
	memcpy(fk.ram + fk.obj[dev].paddr, bytes, size);
	uint64_t slot = sysmem_slot();
	install(dev, slot, DEPTH_ROOT_SLOT, NONE);
	fk.bi.untyped[fk.bi.n_untyped++] = (struct rn_untyped_desc){ .slot = slot,
		                                                     .paddr = fk.obj[dev].paddr,
		                                                     .size_bits = (uint8_t)order,
		                                                     .is_device = 1 };
	fk.bi.initrd_paddr = fk.obj[dev].paddr;
	fk.bi.initrd_size = size;
	initrd_map(&fk.bi);
	exec_boot(&fk.bi);
}

uint64_t fpk_untyped(unsigned order)
{
	uint64_t slot = sysmem_slot();
	install(new_untyped(order, false), slot, DEPTH_ROOT_SLOT, NONE);
	return ROOT(slot);
}

struct proc *fpk_process(unsigned order, const struct proc *parent)
{
	struct proc *p = proc_create(fpk_untyped(order), order);
	cr_assert(p, "proc_create");
	budget_slot_t tcb, vspace;
	p->kobj_block = proc_alloc_objects(p, 12, BUDGET_KERNEL, RN_OBJ_TCB, 0, 1, &tcb);
	cr_assert_neq(p->kobj_block, BUDGET_NONE, "a TCB");
	p->tcb = tcb;
	p->ntfn = proc_retype_more(p, p->kobj_block, RN_OBJ_NOTIFICATION, 0);
	cr_assert_neq(p->ntfn, BUDGET_NONE, "a notification");
	cr_assert_neq(proc_alloc_objects(p, 12, BUDGET_KERNEL, RN_OBJ_PAGE_TABLE, 0, 1, &vspace),
	              BUDGET_NONE, "a VSpace");
	p->vspace = vspace;
	p->ppid = parent ? parent->pid : 0;
	p->pgid = p->sid = p->pid;
	snprintf(p->name, sizeof(p->name), "test%u", p->pid);
	return p;
}

void fpk_user_page(struct proc *p, uint64_t va)
{
	budget_slot_t b = vm_new_page(p, va, RN_RIGHT_READ | RN_RIGHT_WRITE, false, 0, 0, 0);
	cr_assert_neq(b, BUDGET_NONE, "a user page at %#lx", (unsigned long)va);
}

struct fpk_tcb *fpk_tcb(uint64_t cptr)
{
	int c = lookup(cptr);
	return c != NONE && fk.obj[fk.cap[c].obj].type == RN_OBJ_TCB ? &fk.obj[fk.cap[c].obj].tcb
	                                                             : 0;
}

unsigned fpk_signals(uint64_t cptr)
{
	int c = lookup(cptr);
	return c != NONE ? fk.obj[fk.cap[c].obj].signals : 0;
}

uint8_t *fpk_frame_bytes(uint64_t cptr)
{
	int c = lookup(cptr);
	return c != NONE && is_frame(c) ? fk.ram + fk.obj[fk.cap[c].obj].paddr : 0;
}

unsigned fpk_count(unsigned label)
{
	return label < 128 ? fk.count[label] : 0;
}

void fpk_fail(unsigned label, unsigned after, int err)
{
	fk.fail_label = label;
	fk.fail_after = after;
	fk.fail_err = err;
}

const char *fpk_output(void)
{
	return fk.out;
}

unsigned fpk_live_caps(void)
{
	unsigned n = 0;
	for (int c = 0; c < fk.ncap; c++)
		n += fk.cap[c].live;
	return n;
}

unsigned fpk_group_parent(uint64_t cptr)
{
	int c = lookup(cptr);
	return c == NONE ? 0 : fk.obj[fk.cap[c].obj].group_parent;
}

unsigned fpk_bill(unsigned i)
{
	return i < fk.nbills && i < 16 ? fk.bills[i] : 0;
}

uint64_t fpk_deadline(void)
{
	return fk.deadline;
}

bool fpk_timer_fires(void)
{
	if (!fk.deadline || fpk_time < fk.deadline)
		return false;
	fk.deadline = 0;
	return true;
}

unsigned fpk_object(uint64_t cptr)
{
	int c = lookup(cptr);
	return c != NONE ? (unsigned)fk.cap[c].obj + 1 : 0;
}

/* ---- the console (console.h): the fake plays the UART ------------------------ */

void console_init(const struct rn_bootinfo *bi)
{
	(void)bi; /* fpk_setup made its notification */
}

uint64_t console_notification(void)
{
	return fk.console_ntfn;
}

void console_set_crlf(int on)
{
	fk.crlf = on;
}

void console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len && fk.nconsole + 2 < sizeof(fk.console); i++) {
		if (buf[i] == '\n' && fk.crlf)
			fk.console[fk.nconsole++] = '\r';
		fk.console[fk.nconsole++] = buf[i];
	}
}

int console_getc(void)
{
	return fk.typed_off < fk.ntyped ? (unsigned char)fk.typed[fk.typed_off++] : -1;
}

void console_ack(void)
{
	fk.console_acks++;
}

unsigned fpk_console_acks(void)
{
	return fk.console_acks;
}

void fpk_type(const char *bytes, size_t len)
{
	cr_assert_leq(fk.ntyped + len, sizeof(fk.typed), "fake kernel: typed too much");
	memcpy(fk.typed + fk.ntyped, bytes, len);
	fk.ntyped += len;
}

const char *fpk_console(void)
{
	return fk.console;
}
