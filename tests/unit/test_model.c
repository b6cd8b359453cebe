/* Randomized model-based test of the kernel memory model.
 *
 * A simple reference model (an array of caps with explicit parent links,
 * written from the rules in docs/kernel-objects.md, not from the kernel's
 * code) predicts the outcome of every random operation: the error code and
 * its details, and the new state. After each step the kernel must agree:
 * same caps in the same slots with the same fields, same parent for every
 * cap, same untyped watermarks, invariant checker happy; and memory is
 * conserved (free + live objects + bytes stranded below watermarks = all).
 * At the end everything is revoked and the free memory must be exactly
 * what it was after boot.
 *
 * The seed is printed; RATION_SEED=<n> replays a run, RATION_MODEL_OPS=<n>
 * changes the number of operations (default 100000). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/support/ktest.h"
#include "tests/unit/support/fake_pmem.h"
#include "kernel/pmem.h"
#include "kernel/untyped.h"

#define B             KF_BASE
#define PMEM          MiB(8)
#define MAXC          3000
#define WIN0          100 /* root CNode slots the test works in */
#define WINN          48
#define SUB_MAX_RADIX 3

/* ---- random numbers ------------------------------------------------- */

static uint64_t rng;
static uint64_t rnd64(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1Dull;
}
static word_t rnd(word_t n)
{
	return n ? rnd64() % n : 0;
}
static bool chance(int percent)
{
	return (int)rnd(100) < percent;
}

/* ---- the reference model --------------------------------------------- */

/* A capability, as the model sees it. */
struct mcap {
	bool used, protect;
	paddr_t slot; /* physical address of its slot */
	int type;     /* enum cap_type */
	paddr_t obj;
	word_t bits; /* object size, log2 */
	word_t rights, badge, guard, gsize, radix;
	bool device;
	word_t wm; /* untyped: bytes used */
	bool revocable;
	int parent; /* index, -1 for none */
};

static struct mcap mc[MAXC];
static int owner[PMEM >> 5]; /* slot -> model cap index, or -1 */
static int ncaps;
static int top_cap;      /* model caps live in mc[0 .. top_cap-1] */
static word_t total_ram; /* bytes of all boot untyped */
static paddr_t root_cn;
static word_t step;
static word_t seed;

static int *owner_of(paddr_t slot)
{
	cr_assert(slot >= B && slot < B + PMEM && IS_ALIGNED(slot, 32));
	return &owner[(slot - B) >> 5];
}

static int at(paddr_t slot)
{
	return *owner_of(slot);
}

static paddr_t root_slot(word_t i)
{
	return root_cn + i * 32;
}

static int new_cap(paddr_t slot, struct mcap c)
{
	for (int i = 0; i < MAXC; i++) {
		if (!mc[i].used) {
			c.used = true;
			c.slot = slot;
			mc[i] = c;
			*owner_of(slot) = i;
			ncaps++;
			if (i >= top_cap)
				top_cap = i + 1;
			return i;
		}
	}
	cr_assert_fail("model full");
	return -1;
}

static bool same_obj(const struct mcap *a, const struct mcap *b)
{
	return a->type == b->type && a->obj == b->obj && a->bits == b->bits;
}

static bool has_children(int i)
{
	for (int j = 0; j < top_cap; j++)
		if (mc[j].used && mc[j].parent == i)
			return true;
	return false;
}

static bool is_desc(int j, int i)
{
	for (int p = mc[j].parent; p >= 0; p = mc[p].parent)
		if (p == i)
			return true;
	return false;
}

static word_t eff_wm(int i)
{
	return has_children(i) ? mc[i].wm : 0;
}

/* Caps waiting to be deleted by the current Delete/Revoke. */
static int work[MAXC * 2];
static int nwork;

/* Removes one cap: its children go to its parent; if it was the last cap
 * to a CNode, every cap in the CNode is queued for deletion. */
static void remove_cap(int i)
{
	struct mcap c = mc[i];
	for (int j = 0; j < top_cap; j++)
		if (mc[j].used && mc[j].parent == i)
			mc[j].parent = c.parent;
	mc[i].used = false;
	*owner_of(c.slot) = -1;
	ncaps--;
	if (c.type != CAP_CNODE)
		return;
	for (int j = 0; j < top_cap; j++)
		if (mc[j].used && same_obj(&mc[j], &c))
			return;
	for (word_t k = 0; k < BIT(c.radix); k++) {
		int x = at(c.obj + k * 32);
		if (x >= 0)
			work[nwork++] = x;
	}
}

static void remove_descendants(int i)
{
	static int list[MAXC];
	int n = 0;
	for (int j = 0; j < top_cap; j++)
		if (mc[j].used && is_desc(j, i))
			list[n++] = j;
	for (int k = 0; k < n; k++)
		if (mc[list[k]].used)
			remove_cap(list[k]);
}

/* Deleting an untyped first deletes what was made from it. */
static void drain_work(void)
{
	while (nwork > 0) {
		int x = work[--nwork];
		if (!mc[x].used)
			continue;
		if (mc[x].type == CAP_UNTYPED)
			remove_descendants(x);
		remove_cap(x);
	}
}

static void model_delete(int i)
{
	nwork = 0;
	work[nwork++] = i;
	drain_work();
}

static void model_revoke(int i)
{
	nwork = 0;
	remove_descendants(i);
	drain_work();
	if (mc[i].used && mc[i].type == CAP_UNTYPED && !has_children(i))
		mc[i].wm = 0;
}

/* ---- model lookup (the rules of <ration/cspace.h>) ------------------- */

static struct rn_error_info *lookup_fail(struct rn_error_info *e, word_t type, word_t left,
                                         word_t found, word_t guard)
{
	memset(e, 0, sizeof(*e));
	e->code = RN_FAILED_LOOKUP;
	e->lookup_type = type;
	e->bits_left = left;
	e->bits_found = found;
	e->guard_found = guard;
	return e;
}

/* The bits of cptr numbered [hi-1 .. hi-width]. */
static word_t field(word_t cptr, word_t hi, word_t width)
{
	unsigned __int128 v = cptr;
	return (word_t)((v >> (hi - width)) & (((unsigned __int128)1 << width) - 1));
}

/* Returns 0 and the slot, or the error code with *e filled. */
static int m_resolve(const struct mcap *root, word_t cptr, word_t depth, paddr_t *slot,
                     word_t *left, struct rn_error_info *e)
{
	if (root->type != CAP_CNODE)
		return lookup_fail(e, RN_LOOKUP_INVALID_ROOT, depth, 0, 0)->code;
	const struct mcap *node = root;
	word_t n = depth;
	for (int levels = 0;; levels++) {
		cr_assert_lt(levels, 65);
		if (node->gsize > n || field(cptr, n, node->gsize) != node->guard)
			return lookup_fail(e, RN_LOOKUP_GUARD_MISMATCH, n, node->gsize, node->guard)
			    ->code;
		if (node->gsize + node->radix > n)
			return lookup_fail(e, RN_LOOKUP_DEPTH_MISMATCH, n,
			                   node->gsize + node->radix, 0)
			    ->code;
		paddr_t s = node->obj + 32 * field(cptr, n - node->gsize, node->radix);
		n -= node->gsize + node->radix;
		int x = at(s);
		if (n == 0 || x < 0 || mc[x].type != CAP_CNODE) {
			*slot = s;
			*left = n;
			return 0;
		}
		node = &mc[x];
	}
}

static int m_lookup_slot(const struct mcap *root, word_t index, word_t depth, word_t depth_arg,
                         bool source, paddr_t *slot, struct rn_error_info *e)
{
	word_t left;
	if (depth < 1 || depth > 64) {
		memset(e, 0, sizeof(*e));
		e->code = RN_RANGE_ERROR;
		e->arg = depth_arg;
		e->range_min = 1;
		e->range_max = 64;
		return RN_RANGE_ERROR;
	}
	int r = m_resolve(root, index, depth, slot, &left, e);
	if (r == 0 && left != 0)
		r = lookup_fail(e, RN_LOOKUP_DEPTH_MISMATCH, left, 0, 0)->code;
	if (r == RN_FAILED_LOOKUP)
		e->lookup_source = source;
	return r;
}

static int err(struct rn_error_info *e, word_t code)
{
	memset(e, 0, sizeof(*e));
	e->code = code;
	return (int)code;
}

static int err_arg(struct rn_error_info *e, word_t code, word_t arg)
{
	err(e, code);
	e->arg = arg;
	return (int)code;
}

static int err_range(struct rn_error_info *e, word_t arg, word_t min, word_t max)
{
	err_arg(e, RN_RANGE_ERROR, arg);
	e->range_min = min;
	e->range_max = max;
	return RN_RANGE_ERROR;
}

/* ---- model invocations ------------------------------------------------ */

static const word_t fixed_bits[RN_OBJ_TYPE_COUNT] = {
	[RN_OBJ_TCB] = 10,        [RN_OBJ_ENDPOINT] = 4,  [RN_OBJ_NOTIFICATION] = 5,
	[RN_OBJ_REPLY] = 5,       [RN_OBJ_FRAME_4K] = 12, [RN_OBJ_FRAME_2M] = 21,
	[RN_OBJ_PAGE_TABLE] = 12, [RN_OBJ_SCHED_GROUP] = 7,
};
static const int type_cap[RN_OBJ_TYPE_COUNT] = {
	[RN_OBJ_UNTYPED] = CAP_UNTYPED,       [RN_OBJ_TCB] = CAP_TCB,
	[RN_OBJ_ENDPOINT] = CAP_ENDPOINT,     [RN_OBJ_NOTIFICATION] = CAP_NOTIFICATION,
	[RN_OBJ_REPLY] = CAP_REPLY,           [RN_OBJ_CNODE] = CAP_CNODE,
	[RN_OBJ_FRAME_4K] = CAP_FRAME,        [RN_OBJ_FRAME_2M] = CAP_FRAME,
	[RN_OBJ_PAGE_TABLE] = CAP_PAGE_TABLE, [RN_OBJ_SCHED_GROUP] = CAP_SCHED_GROUP,
};

static int m_retype(int u, const word_t *mr, word_t len, int rootc, struct rn_error_info *e)
{
	if (len < 6)
		return err(e, RN_TRUNCATED_MESSAGE);
	word_t type = mr[0], ub = mr[1], idx = mr[2], depth = mr[3], off = mr[4], count = mr[5];
	if (type >= RN_OBJ_TYPE_COUNT)
		return err_arg(e, RN_INVALID_ARGUMENT, 0);
	if (type == RN_OBJ_UNTYPED && (ub < 4 || ub > 38))
		return err_range(e, 1, 4, 38);
	if (type == RN_OBJ_CNODE && (ub < 1 || ub > 24))
		return err_range(e, 1, 1, 24);
	bool frame = type == RN_OBJ_FRAME_4K || type == RN_OBJ_FRAME_2M;
	if (mc[u].device && !frame && type != RN_OBJ_UNTYPED)
		return err_arg(e, RN_INVALID_ARGUMENT, 0);
	if (count < 1 || count > 256)
		return err_range(e, 5, 1, 256);
	const struct mcap *node;
	if (depth == 0) {
		if (mc[rootc].type != CAP_CNODE)
			return lookup_fail(e, RN_LOOKUP_INVALID_ROOT, 0, 0, 0)->code;
		node = &mc[rootc];
	} else {
		paddr_t s;
		int r = m_lookup_slot(&mc[rootc], idx, depth, 3, false, &s, e);
		if (r)
			return r;
		int x = at(s);
		if (x < 0 || mc[x].type != CAP_CNODE)
			return lookup_fail(e, RN_LOOKUP_MISSING_CAP, 0, 0, 0)->code;
		node = &mc[x];
	}
	word_t n = BIT(node->radix);
	if (off >= n)
		return err_range(e, 4, 0, n - 1);
	if (count > n - off)
		return err_range(e, 5, 1, n - off);
	paddr_t dest = node->obj + off * 32;
	for (word_t k = 0; k < count; k++)
		if (at(dest + k * 32) >= 0)
			return err(e, RN_DELETE_FIRST);
	word_t bits = type == RN_OBJ_UNTYPED ? ub
	              : type == RN_OBJ_CNODE ? ub + 5
	                                     : fixed_bits[type];
	word_t wm = eff_wm(u), size = BIT(mc[u].bits);
	paddr_t base = mc[u].obj;
	paddr_t start = (base + wm + BIT(bits) - 1) & ~(BIT(bits) - 1);
	if (bits > mc[u].bits || start + (count << bits) > base + size) {
		err(e, RN_NOT_ENOUGH_MEMORY);
		e->memory_left = size - wm;
		return RN_NOT_ENOUGH_MEMORY;
	}
	for (word_t k = 0; k < count; k++) {
		struct mcap c = { .type = type_cap[type],
			          .obj = start + (k << bits),
			          .bits = bits,
			          .rights = RN_RIGHTS_ALL,
			          .revocable = true,
			          .parent = u };
		if (type == RN_OBJ_UNTYPED || frame)
			c.device = mc[u].device;
		if (type == RN_OBJ_CNODE)
			c.radix = ub;
		new_cap(dest + k * 32, c);
	}
	mc[u].wm = start + (count << bits) - base;
	return err(e, RN_OK);
}

static bool badged(int type)
{
	return type == CAP_ENDPOINT || type == CAP_NOTIFICATION;
}

static int guard_from(struct mcap *c, word_t data, word_t arg, struct rn_error_info *e)
{
	word_t size = data & 63, g = data >> 6;
	if (size + c->radix > 64 || (size < 64 && (g >> size) != 0))
		return err_arg(e, RN_INVALID_ARGUMENT, arg);
	c->guard = g;
	c->gsize = size;
	return 0;
}

static int m_cnode(int svc, word_t label, const word_t *mr, word_t len, int src_root,
                   struct rn_error_info *e)
{
	static const word_t need[] = {
		[RN_CNODE_REVOKE] = 2, [RN_CNODE_DELETE] = 2, [RN_CNODE_COPY] = 5,
		[RN_CNODE_MINT] = 6,   [RN_CNODE_MOVE] = 4,   [RN_CNODE_MUTATE] = 5
	};
	if (len < need[label])
		return err(e, RN_TRUNCATED_MESSAGE);
	paddr_t d;
	int r = m_lookup_slot(&mc[svc], mr[0], mr[1], 1, false, &d, e);
	if (r)
		return r;
	int di = at(d);
	if (label == RN_CNODE_REVOKE || label == RN_CNODE_DELETE) {
		if (di >= 0) {
			if (label == RN_CNODE_REVOKE)
				model_revoke(di);
			else
				model_delete(di);
		}
		return err(e, RN_OK);
	}
	if (di >= 0)
		return err(e, RN_DELETE_FIRST);
	paddr_t s;
	r = m_lookup_slot(&mc[src_root], mr[2], mr[3], 3, true, &s, e);
	if (r)
		return r;
	int si = at(s);
	if (si < 0) {
		lookup_fail(e, RN_LOOKUP_MISSING_CAP, 0, 0, 0)->lookup_source = 1;
		return RN_FAILED_LOOKUP;
	}
	struct mcap c = mc[si];
	if (label == RN_CNODE_COPY || label == RN_CNODE_MINT) {
		if (mr[4] & ~(word_t)7)
			return err_arg(e, RN_INVALID_ARGUMENT, 4);
		if (c.type == CAP_UNTYPED && has_children(si))
			return err(e, RN_REVOKE_FIRST);
		if (c.type == CAP_PAGE_TABLE) /* never mapped in the model */
			return err(e, RN_ILLEGAL_OPERATION);
		c.rights &= mr[4];
		if (label == RN_CNODE_MINT) {
			word_t b = mr[5];
			if (c.type == CAP_CNODE) {
				if (guard_from(&c, b, 5, e))
					return RN_INVALID_ARGUMENT;
			} else if (b != 0) {
				if (!badged(c.type))
					return err_arg(e, RN_INVALID_ARGUMENT, 5);
				if (c.badge != 0)
					return err(e, RN_ILLEGAL_OPERATION);
				c.badge = b;
			}
		}
		c.revocable = c.type == CAP_UNTYPED || (badged(c.type) && c.badge != mc[si].badge);
		c.parent = mc[si].revocable ? si : mc[si].parent;
		c.protect = false;
		new_cap(d, c);
		if (c.type == CAP_UNTYPED)
			mc[si].wm = BIT(mc[si].bits);
		return err(e, RN_OK);
	}
	if (label == RN_CNODE_MUTATE) {
		if (c.type == CAP_CNODE) {
			if (guard_from(&c, mr[4], 4, e))
				return RN_INVALID_ARGUMENT;
		} else if (mr[4] != 0) {
			return err(e, RN_ILLEGAL_OPERATION);
		}
	}
	/* Move and Mutate keep the cap's identity and tree place. */
	*owner_of(mc[si].slot) = -1;
	mc[si] = c;
	mc[si].slot = d;
	*owner_of(d) = si;
	return err(e, RN_OK);
}

/* The whole invocation: lookups in the root CSpace, then the decoder. */
static int m_invoke(word_t svc, word_t label, const word_t *mr, word_t len, const word_t *extra,
                    word_t n_extra, struct rn_error_info *e)
{
	int si = at(root_slot(svc));
	if (si < 0)
		return err_arg(e, RN_INVALID_CAPABILITY, 0);
	int ex[2] = { -1, -1 };
	for (word_t i = 0; i < n_extra; i++) {
		ex[i] = at(root_slot(extra[i]));
		if (ex[i] < 0) {
			lookup_fail(e, RN_LOOKUP_MISSING_CAP, 0, 0, 0)->arg = i + 1;
			return RN_FAILED_LOOKUP;
		}
	}
	if (mc[si].type == CAP_UNTYPED) {
		if (label == RN_UNTYPED_RETYPE)
			return n_extra < 1 ? err(e, RN_TRUNCATED_MESSAGE)
			                   : m_retype(si, mr, len, ex[0], e);
		if (label == RN_UNTYPED_DESCRIBE)
			return err(e, RN_OK);
		return err(e, RN_ILLEGAL_OPERATION);
	}
	if (mc[si].type == CAP_CNODE) {
		/* CNode_CopyRange is not modelled: op_other's messages (at most
		 * 6 words) are always too short for it; test_cnode.c has its
		 * own tests. */
		if (label == RN_CNODE_COPY_RANGE && (len < 8 || n_extra < 1))
			return err(e, RN_TRUNCATED_MESSAGE);
		if (label == RN_CNODE_COPY_RANGE)
			cr_assert_fail("CNode_CopyRange with a whole message is not modelled");
		if (label < RN_CNODE_REVOKE || label > RN_CNODE_MUTATE)
			return err(e, RN_ILLEGAL_OPERATION);
		if (label >= RN_CNODE_COPY && n_extra < 1)
			return err(e, RN_TRUNCATED_MESSAGE);
		return m_cnode(si, label, mr, len, ex[0], e);
	}
	return err(e, RN_ILLEGAL_OPERATION);
}

/* ---- comparing the kernel with the model ------------------------------ */

/* Whether root slot svc holds an endpoint, notification or reply cap: a
 * Call on one is IPC, not an invocation (test_ipc.c), so the operations
 * here leave them alone. */
static bool is_ipc_cap(word_t svc)
{
	int x = at(root_slot(svc));
	return x >= 0 && (mc[x].type == CAP_ENDPOINT || mc[x].type == CAP_NOTIFICATION ||
	                  mc[x].type == CAP_REPLY);
}

static void fail_step(const char *what)
{
	cr_assert_fail("step %lu (RATION_SEED=%llu): %s", (unsigned long)step,
	               (unsigned long long)seed, what);
}

static void expect_same_error(const struct rn_error_info *want, int got)
{
	if ((word_t)got == want->code && memcmp(want, &kf_err, sizeof(kf_err)) == 0)
		return;
	char m[300];
	snprintf(
	    m, sizeof(m),
	    "error: kernel %d (arg %lu lt %lu left %lu found %lu src %lu min %lu max %lu mem %lu), "
	    "model %lu (arg %lu lt %lu left %lu found %lu src %lu min %lu max %lu mem %lu)",
	    got, (unsigned long)kf_err.arg, (unsigned long)kf_err.lookup_type,
	    (unsigned long)kf_err.bits_left, (unsigned long)kf_err.bits_found,
	    (unsigned long)kf_err.lookup_source, (unsigned long)kf_err.range_min,
	    (unsigned long)kf_err.range_max, (unsigned long)kf_err.memory_left,
	    (unsigned long)want->code, (unsigned long)want->arg, (unsigned long)want->lookup_type,
	    (unsigned long)want->bits_left, (unsigned long)want->bits_found,
	    (unsigned long)want->lookup_source, (unsigned long)want->range_min,
	    (unsigned long)want->range_max, (unsigned long)want->memory_left);
	fail_step(m);
}

static int nchild[MAXC];

static void check_cap(int i)
{
	const struct mcap *m = &mc[i];
	struct slot *s = paddr_to_kptr(m->slot);
	const struct cap *c = &s->cap;
	char buf[200];
	bool ok = (int)cap_type(c) == m->type && cap_paddr(c) == m->obj &&
	          cap_object_bits(c) == m->bits && cap_rights(c) == m->rights &&
	          cdt_revocable(s) == m->revocable;
	if (ok && m->type == CAP_UNTYPED)
		ok = cap_untyped_device(c) == m->device &&
		     untyped_effective_watermark(s) == (nchild[i] ? m->wm : 0);
	if (ok && m->type == CAP_CNODE)
		ok = cap_cnode_radix(c) == m->radix && cap_cnode_guard(c) == m->guard &&
		     cap_cnode_guard_size(c) == m->gsize;
	if (ok && badged(m->type))
		ok = cap_badge(c) == m->badge;
	if (ok && m->type == CAP_FRAME)
		ok = cap_frame_device(c) == m->device;
	if (!ok) {
		snprintf(
		    buf, sizeof(buf),
		    "slot %#llx: kernel cap %016llx %016llx differs from model type %d obj %#llx",
		    (unsigned long long)m->slot, (unsigned long long)c->w[0],
		    (unsigned long long)c->w[1], m->type, (unsigned long long)m->obj);
		fail_step(buf);
	}
}

static void check_parent(struct slot *s, struct slot *p, void *arg)
{
	(void)arg;
	int i = at(kptr_to_paddr(s));
	if (i < 0)
		fail_step("kernel cap the model does not have");
	int mp = mc[i].parent;
	paddr_t want = mp < 0 ? 0 : mc[mp].slot;
	paddr_t got = p ? kptr_to_paddr(p) : 0;
	if (want != got) {
		char buf[160];
		snprintf(buf, sizeof(buf), "slot %#llx: kernel parent %#llx, model parent %#llx",
		         (unsigned long long)mc[i].slot, (unsigned long long)got,
		         (unsigned long long)want);
		fail_step(buf);
	}
}

/* free + live objects + stranded bytes == all RAM and device memory. The
 * free bytes and objects come from the kernel, the stranded bytes (below
 * a watermark, not in a live object) from the model. */
static void check_memory(void)
{
	static int anc[MAXC];
	static word_t under[MAXC];
	word_t free_b = 0, live = 0, stranded = 0;
	for (int j = 0; j < top_cap; j++) {
		under[j] = 0;
		int p = mc[j].used ? mc[j].parent : -1;
		while (p >= 0 && mc[p].type != CAP_UNTYPED)
			p = mc[p].parent;
		anc[j] = p;
	}
	/* each distinct object (or untyped region) counts once, under its
	 * nearest untyped ancestor */
	for (int j = 0; j < top_cap; j++) {
		if (!mc[j].used || anc[j] < 0)
			continue;
		bool first = true;
		for (int k = 0; k < j && first; k++)
			if (mc[k].used && anc[k] == anc[j] && same_obj(&mc[k], &mc[j]))
				first = false;
		if (first)
			under[anc[j]] += BIT(mc[j].bits);
	}
	for (int i = 0; i < top_cap; i++) {
		if (!mc[i].used || mc[i].type != CAP_UNTYPED)
			continue;
		word_t wm = eff_wm(i);
		free_b += BIT(mc[i].bits) - untyped_effective_watermark(paddr_to_kptr(mc[i].slot));
		if (under[i] > wm)
			fail_step("objects under an untyped exceed its watermark");
		stranded += wm - under[i];
	}
	/* live objects: distinct, non-untyped, from the kernel's list */
	struct slot *prev = cdt_head();
	for (struct slot *s = cdt_next(prev); s; prev = s, s = cdt_next(s))
		if (cap_type(&s->cap) != CAP_UNTYPED && !cap_same_object(&prev->cap, &s->cap))
			live += BIT(cap_object_bits(&s->cap));
	if (free_b + live + stranded != total_ram) {
		char buf[160];
		snprintf(buf, sizeof(buf),
		         "memory not conserved: free %lu + live %lu + stranded %lu != %lu",
		         (unsigned long)free_b, (unsigned long)live, (unsigned long)stranded,
		         (unsigned long)total_ram);
		fail_step(buf);
	}
}

static void check_state(bool deep)
{
	const char *e = invariants_check(deep);
	if (e)
		fail_step(e);
	if ((int)cdt_count() != ncaps)
		fail_step("cap count differs");
	memset(nchild, 0, sizeof(nchild));
	for (int i = 0; i < top_cap; i++)
		if (mc[i].used && mc[i].parent >= 0)
			nchild[mc[i].parent]++;
	for (int i = 0; i < top_cap; i++)
		if (mc[i].used)
			check_cap(i);
	invariants_for_each_parent(check_parent, NULL);
}

/* ---- random operations ------------------------------------------------- */

static int n_boot;
static word_t host_slot;

static word_t pick_root_slot(void)
{
	word_t r = rnd(100);
	if (r < 82)
		return WIN0 + rnd(WINN);
	if (r < 92)
		return RN_SLOT_FIRST_UNTYPED + rnd(n_boot);
	if (r < 95)
		return RN_SLOT_ROOT_CNODE;
	return rnd(BIT(CONFIG_ROOT_CNODE_BITS));
}

/* A random CNode cap in the root window, or -1. */
static int pick_sub_cnode(void)
{
	for (int tries = 0; tries < 8; tries++) {
		int x = at(root_slot(WIN0 + rnd(WINN)));
		if (x >= 0 && mc[x].type == CAP_CNODE && mc[x].obj != root_cn)
			return x;
	}
	return -1;
}

/* An address (cap in the root CNode to start from, index, depth) of a
 * slot: a root slot, or a slot of a sub-CNode through its cap. */
static void pick_addr(word_t *svc, word_t *index, word_t *depth)
{
	int sub = chance(45) ? pick_sub_cnode() : -1;
	if (sub < 0) {
		*svc = RN_SLOT_ROOT_CNODE;
		*index = pick_root_slot();
		*depth = 64;
	} else {
		*svc = (mc[sub].slot - root_cn) / 32;
		*index = (mc[sub].guard << mc[sub].radix) | rnd(BIT(mc[sub].radix));
		*depth = mc[sub].gsize + mc[sub].radix;
	}
	if (chance(3))
		*depth = rnd(70);
	if (chance(2))
		*index = rnd64();
}

/* The model cap an address names, or -1. */
static int target(word_t svc, word_t index, word_t depth)
{
	paddr_t s;
	word_t left;
	struct rn_error_info e;
	int x = at(root_slot(svc));
	if (x < 0 || mc[x].type != CAP_CNODE || depth < 1 || depth > 64 ||
	    m_resolve(&mc[x], index, depth, &s, &left, &e) || left)
		return -1;
	return at(s);
}

static word_t op_counts[9], ok_counts[9], max_caps;
static int cur_op;

static void op_retype(void)
{
	word_t ut;
	if (chance(93)) {
		int x = -1;
		for (int tries = 0; tries < 10 && x < 0; tries++) {
			word_t s =
			    chance(50) ? RN_SLOT_FIRST_UNTYPED + rnd(n_boot) : WIN0 + rnd(WINN);
			int y = at(root_slot(s));
			if (y >= 0 && mc[y].type == CAP_UNTYPED && s != host_slot)
				x = y;
		}
		ut = x >= 0 ? (mc[x].slot - root_cn) / 32 : WIN0;
	} else {
		ut = pick_root_slot();
	}
	if (ut == host_slot)
		return; /* its watermark must stay at the root CNode */
	word_t type = rnd(RN_OBJ_TYPE_COUNT * 10 + 1) / 10;
	if (type == RN_OBJ_FRAME_2M && chance(70))
		type = RN_OBJ_FRAME_4K;
	word_t ub = 0;
	if (type == RN_OBJ_UNTYPED)
		ub = chance(95) ? 4 + rnd(17) : rnd(64);
	else if (type == RN_OBJ_CNODE)
		ub = chance(95) ? 1 + rnd(SUB_MAX_RADIX) : rnd(30);
	else if (chance(5))
		ub = rnd64();
	word_t count = chance(95) ? 1 + rnd(4) : rnd(300);
	word_t mr[6] = { type, ub, 0, 0, 0, count };
	word_t extra = RN_SLOT_ROOT_CNODE;
	word_t r = rnd(100);
	int sub = pick_sub_cnode();
	if (r < 40 || sub < 0) {
		mr[4] = chance(97) ? WIN0 + rnd(WINN) : rnd(BIT(CONFIG_ROOT_CNODE_BITS) + 5);
	} else if (r < 70) {
		extra = (mc[sub].slot - root_cn) / 32;
		mr[4] = rnd(BIT(mc[sub].radix) + 1);
	} else {
		mr[2] = (mc[sub].slot - root_cn) / 32;
		mr[3] = chance(95) ? 64 : rnd(70);
		mr[4] = rnd(BIT(mc[sub].radix) + 1);
	}
	word_t len = chance(2) ? 5 : 6;
	struct rn_error_info want;
	if (is_ipc_cap(ut))
		return;
	int got = kf_invoke(ut, RN_UNTYPED_RETYPE, mr, len, &extra, 1);
	m_invoke(ut, RN_UNTYPED_RETYPE, mr, len, &extra, 1, &want);
	expect_same_error(&want, got);
	ok_counts[cur_op] += got == RN_OK;
}

/* The address of an existing cap, found through the root CNode or a
 * sub-CNode cap in the window; false if it has none. */
static bool addr_of_cap(int x, word_t *svc, word_t *index, word_t *depth)
{
	paddr_t s = mc[x].slot;
	if (s >= root_cn && s < root_cn + 32 * BIT(CONFIG_ROOT_CNODE_BITS)) {
		*svc = RN_SLOT_ROOT_CNODE;
		*index = (s - root_cn) / 32;
		*depth = 64;
		return true;
	}
	for (word_t w = WIN0; w < WIN0 + WINN; w++) {
		int c = at(root_slot(w));
		if (c >= 0 && mc[c].type == CAP_CNODE && s >= mc[c].obj &&
		    s < mc[c].obj + 32 * BIT(mc[c].radix)) {
			*svc = w;
			*index = (mc[c].guard << mc[c].radix) | ((s - mc[c].obj) / 32);
			*depth = mc[c].gsize + mc[c].radix;
			return true;
		}
	}
	return false;
}

static void pick_existing(word_t *svc, word_t *index, word_t *depth)
{
	for (int tries = 0; tries < 8; tries++) {
		int x = (int)rnd(top_cap);
		if (mc[x].used && addr_of_cap(x, svc, index, depth))
			return;
	}
	pick_addr(svc, index, depth);
}

static void op_cnode(word_t label)
{
	word_t svc, idx, depth, ssvc, sidx, sdepth;
	bool on_cap = label == RN_CNODE_DELETE || label == RN_CNODE_REVOKE;
	if (on_cap && chance(60))
		pick_existing(&svc, &idx, &depth);
	else
		pick_addr(&svc, &idx, &depth);
	if (chance(75))
		pick_existing(&ssvc, &sidx, &sdepth);
	else
		pick_addr(&ssvc, &sidx, &sdepth);
	/* Never destroy what the test stands on: the root CNode and the boot
	 * untyped caps are revoked (except the root CNode's own untyped),
	 * never deleted or moved. */
	int t = target(svc, idx, depth), st = target(ssvc, sidx, sdepth);
	if (label == RN_CNODE_DELETE && t >= 0 && mc[t].protect)
		return;
	if (label == RN_CNODE_REVOKE && t >= 0 && t == at(root_slot(host_slot)))
		return;
	if ((label == RN_CNODE_MOVE || label == RN_CNODE_MUTATE) && st >= 0 && mc[st].protect)
		return;
	word_t rights = chance(97) ? rnd(8) : rnd64();
	word_t data = 0;
	if (label == RN_CNODE_MINT)
		data = chance(50)   ? rnd(4)
		       : chance(50) ? RN_CNODE_GUARD_DATA(rnd(4), rnd(3))
		                    : rnd64();
	if (label == RN_CNODE_MUTATE)
		data = chance(80) ? RN_CNODE_GUARD_DATA(rnd(2), rnd(2)) : rnd(3);
	word_t mr[6] = { idx, depth, sidx, sdepth, label == RN_CNODE_MUTATE ? data : rights, data };
	static const word_t need[] = {
		[RN_CNODE_REVOKE] = 2, [RN_CNODE_DELETE] = 2, [RN_CNODE_COPY] = 5,
		[RN_CNODE_MINT] = 6,   [RN_CNODE_MOVE] = 4,   [RN_CNODE_MUTATE] = 5
	};
	word_t len = need[label] - (chance(2) ? 1 : 0);
	word_t n_extra = label >= RN_CNODE_COPY ? 1 : 0;
	struct rn_error_info want;
	int before = ncaps;
	if (is_ipc_cap(svc))
		return;
	int got = kf_invoke(svc, label, mr, len, &ssvc, n_extra);
	m_invoke(svc, label, mr, len, &ssvc, n_extra, &want);
	expect_same_error(&want, got);
	/* Delete and Revoke count when they removed something */
	ok_counts[cur_op] += got == RN_OK && (!on_cap || ncaps < before);
}

/* Untyped_Describe, or any label on any cap. */
static void op_other(void)
{
	word_t svc = pick_root_slot(), label = RN_UNTYPED_DESCRIBE;
	/* Random labels of the object model's own invocations, or past the
	 * last label. (TCB, address-space and IRQ invocations change state
	 * the model does not track; their own tests cover them.) */
	if (chance(30))
		label = chance(50) ? rnd(RN_TCB_CONFIGURE) : RN_INVOCATION_LABEL_COUNT + rnd(2);
	word_t mr[6] = { rnd(8), rnd(8), rnd(8), rnd(8), rnd(8), rnd(8) };
	word_t extra = pick_root_slot(), n_extra = rnd(2), len = rnd(7);
	int x = at(root_slot(svc));
	if (label == RN_CNODE_DELETE || label == RN_CNODE_REVOKE || label == RN_CNODE_MOVE ||
	    label == RN_CNODE_MUTATE || (x >= 0 && mc[x].protect))
		label = RN_UNTYPED_DESCRIBE; /* random ones could hit the root CNode */
	struct rn_error_info want;
	if (is_ipc_cap(svc))
		return;
	int got = kf_invoke(svc, label, mr, len, &extra, n_extra);
	m_invoke(svc, label, mr, len, &extra, n_extra, &want);
	expect_same_error(&want, got);
	if (got == RN_OK && label == RN_UNTYPED_DESCRIBE) {
		const struct mcap *u = &mc[x];
		word_t wm = has_children(x) ? u->wm : 0;
		if (kf_reply.len != 5 || kf_reply.mr[0] != u->obj || kf_reply.mr[1] != u->bits ||
		    kf_reply.mr[2] != BIT(u->bits) - wm || kf_reply.mr[4] != wm ||
		    kf_reply.mr[3] != ((u->device ? RN_UNTYPED_DEVICE : 0) |
		                       (has_children(x) ? RN_UNTYPED_HAS_CHILDREN : 0)))
			fail_step("Untyped_Describe differs from the model");
	}
	ok_counts[cur_op] += got == RN_OK;
}

/* Random cptr lookups from random CNode caps, kernel against model. */
static void op_lookup(void)
{
	struct mcap root = mc[at(root_slot(RN_SLOT_ROOT_CNODE))];
	struct cap kroot = kf_slot(RN_SLOT_ROOT_CNODE)->cap;
	if (chance(50)) { /* a root with no guard, so cptrs can go deeper */
		root.guard = root.gsize = 0;
		cap_cnode_set_guard(&kroot, 0, 0);
	} else {
		int sub = pick_sub_cnode();
		if (sub >= 0) {
			root = mc[sub];
			kroot = ((struct slot *)paddr_to_kptr(mc[sub].slot))->cap;
		}
	}
	/* build a cptr along existing CNode caps, then maybe spoil it */
	word_t cptr = 0, depth = 0;
	const struct mcap *node = &root;
	while (depth + node->gsize + node->radix <= 64) {
		word_t i = rnd(BIT(node->radix));
		if (node->obj == root_cn)
			i = chance(80) ? WIN0 + rnd(WINN) : rnd(BIT(node->radix));
		word_t lvl = node->gsize + node->radix;
		word_t piece = (node->guard << node->radix) | i;
		cptr = lvl == 64 ? piece : (cptr << lvl) | piece;
		depth += lvl;
		int x = at(node->obj + 32 * i);
		if (x < 0 || mc[x].type != CAP_CNODE || chance(30))
			break;
		node = &mc[x];
	}
	if (chance(20))
		depth = 1 + rnd(64);
	if (chance(10))
		cptr ^= BIT(rnd(64));
	if (depth == 0 || depth > 64)
		depth = 64;
	struct slot *ks = NULL;
	word_t kleft = 0, mleft = 0;
	paddr_t ms = 0;
	struct rn_error_info want;
	memset(&kf_err, 0, sizeof(kf_err));
	int got = cspace_resolve(&kroot, cptr, depth, &ks, &kleft, &kf_err);
	int exp = m_resolve(&root, cptr, depth, &ms, &mleft, &want);
	if (exp == 0) {
		ok_counts[cur_op]++;
		if (got != RN_OK || kptr_to_paddr(ks) != ms || kleft != mleft)
			fail_step("lookup found a different slot");
	} else {
		want.lookup_source = kf_err.lookup_source;
		expect_same_error(&want, got);
	}
}

static void random_op(void)
{
	word_t r = rnd(100);
	if (r < 26) {
		op_counts[cur_op = 0]++;
		op_retype();
	} else if (r < 38) {
		op_counts[cur_op = 1]++;
		op_cnode(RN_CNODE_COPY);
	} else if (r < 47) {
		op_counts[cur_op = 2]++;
		op_cnode(RN_CNODE_MINT);
	} else if (r < 54) {
		op_counts[cur_op = 3]++;
		op_cnode(RN_CNODE_MOVE);
	} else if (r < 58) {
		op_counts[cur_op = 4]++;
		op_cnode(RN_CNODE_MUTATE);
	} else if (r < 77) {
		op_counts[cur_op = 5]++;
		op_cnode(RN_CNODE_DELETE);
	} else if (r < 79) {
		op_counts[cur_op = 8]++;
		op_other();
	} else if (r < 87) {
		op_counts[cur_op = 6]++;
		op_cnode(RN_CNODE_REVOKE);
	} else {
		op_counts[cur_op = 7]++;
		op_lookup();
	}
}

/* Mirrors the boot state into the model. */
static void model_from_boot(void)
{
	memset(mc, 0, sizeof(mc));
	memset(owner, 0xff, sizeof(owner));
	ncaps = 0;
	top_cap = 0;
	total_ram = 0;
	root_cn = kf_boot_res.root_cnode;
	n_boot = (int)kf_boot_res.n_untyped;
	host_slot = kf_desc[kf_boot_res.host].slot;
	int host = -1;
	for (int k = 0; k < n_boot; k++) {
		struct mcap c = { .type = CAP_UNTYPED,
			          .obj = kf_desc[k].paddr,
			          .bits = kf_desc[k].size_bits,
			          .rights = RN_RIGHTS_ALL,
			          .device = kf_desc[k].is_device,
			          .wm = kf_desc[k].watermark,
			          .revocable = true,
			          .parent = -1,
			          .protect = true };
		int i = new_cap(root_slot(kf_desc[k].slot), c);
		if ((word_t)k == kf_boot_res.host)
			host = i;
		total_ram += BIT(kf_desc[k].size_bits);
	}
	struct mcap cn = { .type = CAP_CNODE,
		           .obj = root_cn,
		           .bits = CONFIG_ROOT_CNODE_BITS + 5,
		           .rights = RN_RIGHTS_ALL,
		           .radix = CONFIG_ROOT_CNODE_BITS,
		           .gsize = 64 - CONFIG_ROOT_CNODE_BITS,
		           .revocable = true,
		           .parent = host,
		           .protect = true };
	new_cap(root_slot(RN_SLOT_ROOT_CNODE), cn);
}

static word_t env_word(const char *name, word_t dflt)
{
	const char *v = getenv(name);
	return v && *v ? strtoull(v, NULL, 0) : dflt;
}

static word_t total_free(void)
{
	word_t f = 0;
	for (int k = 0; k < n_boot; k++)
		f += BIT(kf_desc[k].size_bits) -
		     untyped_effective_watermark(kf_slot(kf_desc[k].slot));
	return f;
}

Test(model, random_operations_agree_with_the_reference_model, .timeout = 300)
{
	seed = env_word("RATION_SEED", 20261125);
	word_t ops = env_word("RATION_MODEL_OPS", 100000);
	printf("model: seed %llu (replay with RATION_SEED=%llu), %lu operations\n",
	       (unsigned long long)seed, (unsigned long long)seed, (unsigned long)ops);
	fflush(stdout);
	rng = seed * 0x9E3779B97F4A7C15ull + 1;

	static const struct mem_range ram[] = { { B, MiB(1) },
		                                { B + MiB(2), MiB(2) },
		                                { B + MiB(4) + KiB(64), MiB(4) - KiB(64) } };
	static const struct mem_range dev[] = { { B + MiB(1), KiB(64) } };
	cr_assert_eq(kf_boot(PMEM, ram, 3, dev, 1), RN_OK);
	model_from_boot();
	check_state(true);
	word_t free_at_boot = total_free();

	for (step = 0; step < ops; step++) {
		random_op();
		check_state(step % 128 == 0);
		if ((word_t)ncaps > max_caps)
			max_caps = ncaps;
		if (step % 1000 == 0)
			check_memory();
	}
	check_memory();

	/* Revoke everything: the totals must come back exactly. */
	for (word_t i = 0; i < BIT(CONFIG_ROOT_CNODE_BITS); i++) {
		int x = at(root_slot(i));
		if (x >= 0 && !mc[x].protect) {
			expect_ok(kf_delete(i));
			model_delete(x);
		}
	}
	for (int k = 0; k < n_boot; k++) {
		if (kf_desc[k].slot == host_slot)
			continue;
		expect_ok(kf_revoke(kf_desc[k].slot));
		model_revoke(at(root_slot(kf_desc[k].slot)));
	}
	expect_ok(kf_revoke(RN_SLOT_ROOT_CNODE));
	model_revoke(at(root_slot(RN_SLOT_ROOT_CNODE)));
	check_state(true);
	check_memory();
	cr_expect_eq(total_free(), free_at_boot);
	cr_expect_eq(cdt_count(), (word_t)n_boot + 1);
	cr_expect_eq(free_at_boot, total_ram - BIT(CONFIG_ROOT_CNODE_BITS + RN_SLOT_BITS));
	static const char *names[] = { "retype", "copy",   "mint",   "move",          "mutate",
		                       "delete", "revoke", "lookup", "describe/other" };
	printf("model: operations (succeeded/tried):");
	for (int i = 0; i < 9; i++)
		printf(" %s %lu/%lu", names[i], (unsigned long)ok_counts[i],
		       (unsigned long)op_counts[i]);
	printf("; at most %lu caps\n", (unsigned long)max_caps);
	fake_pmem_fini();
}
