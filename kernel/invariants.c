/* The invariant checker (see invariants.h). It uses no memory besides a
 * fixed-size stack of the ancestors of the slot being looked at. */
#include "kernel/invariants.h"
#include "kernel/objects.h"
#include "kernel/sched.h"

#ifdef CONFIG_KERNEL_DEBUG
#include "kernel/cspace.h"
#include "kernel/printf.h"

#define MAX_DEPTH 256

/* One ancestor of the current slot. For untyped ancestors, `low` is the
 * lowest base among the distinct objects seen so far directly under it,
 * and `last` the cap of the latest one: children of an untyped appear in
 * decreasing address order, so each new one must end at or below `low`. */
struct frame {
	struct slot *s;
	paddr_t low;
	const struct cap *last;
};

static struct frame stack[MAX_DEPTH];
static struct frame root_frame; /* the roots, which are untyped, ordered the same way */
static char msg[160];

static const char *fail(const char *what, const struct slot *s)
{
	ksnprintf(msg, sizeof(msg), "%s (slot %p, cap %016llx %016llx)", what, (const void *)s,
	          s ? (unsigned long long)s->cap.w[0] : 0ull,
	          s ? (unsigned long long)s->cap.w[1] : 0ull);
	return msg;
}

static const char *check_cap(const struct slot *s)
{
	const struct cap *c = &s->cap;
	switch (cap_type(c)) {
	case CAP_NULL:
		return fail("empty slot on the list", s);
	case CAP_ZOMBIE:
		return fail("zombie left after an operation", s);
	case CAP_UNTYPED: {
		word_t bits = cap_untyped_size_bits(c), wm = cap_untyped_watermark(c);
		if (bits < RN_UNTYPED_MIN_BITS || bits > RN_UNTYPED_MAX_BITS)
			return fail("untyped size out of range", s);
		if (wm > BIT(bits) || !IS_ALIGNED(wm, 16))
			return fail("bad untyped watermark", s);
		if (!cdt_revocable(s))
			return fail("untyped cap not revocable", s);
		break;
	}
	case CAP_CNODE: {
		word_t radix = cap_cnode_radix(c);
		if (radix < RN_CNODE_MIN_RADIX || radix > RN_CNODE_MAX_RADIX)
			return fail("CNode radix out of range", s);
		if (cap_cnode_guard_size(c) + radix > 64 ||
		    (cap_cnode_guard_size(c) < 64 && cap_cnode_guard(c) >> cap_cnode_guard_size(c)))
			return fail("CNode guard does not fit", s);
		break;
	}
#ifdef CONFIG_KERNEL_INVARIANTS
	case CAP_TCB:
	case CAP_SCHED_GROUP: {
		/* The scheduler's links of the object (each cap checks it
		 * again; a few per object). */
		const char *why = cap_type(c) == CAP_TCB
		                      ? sched_check_tcb(paddr_to_kptr(cap_paddr(c)))
		                      : sched_check_group(paddr_to_kptr(cap_paddr(c)));
		if (why)
			return fail(why, s);
		break;
	}
#endif
	default:
		if (cap_type(c) >= CAP_TYPE_COUNT)
			return fail("bad cap type", s);
		break;
	}
	if (!IS_ALIGNED(cap_paddr(c), BIT(cap_object_bits(c))))
		return fail("object not naturally aligned", s);
	return NULL;
}

/* The frame under which `s` is a distinct object: its nearest untyped
 * ancestor, or the roots. */
static struct frame *region_frame(word_t sp)
{
	while (sp > 0) {
		sp--;
		if (cap_type(&stack[sp].s->cap) == CAP_UNTYPED)
			return &stack[sp];
	}
	return &root_frame;
}

static const char *check_region(struct frame *f, const struct slot *s)
{
	const struct cap *c = &s->cap;
	if (cap_object_bits(c) == 0)
		return NULL; /* control and IRQ caps name no memory */
	paddr_t base = cap_paddr(c), end = base + BIT(cap_object_bits(c));
	if (f == &root_frame) {
		if (cap_type(c) != CAP_UNTYPED)
			return fail("object with no untyped ancestor", s);
	} else {
		const struct cap *u = &f->s->cap;
		paddr_t ubase = cap_paddr(u);
		if (base < ubase || end > ubase + BIT(cap_untyped_size_bits(u)))
			return fail("object outside its untyped", s);
		if (end > ubase + cap_untyped_watermark(u))
			return fail("object above its untyped's watermark", s);
	}
	if (f->last && cap_same_object(f->last, c))
		return NULL; /* another cap to the object just seen */
	if (f->last && end > f->low)
		return fail("objects overlap, or caps to one object not contiguous", s);
	f->low = base;
	f->last = c;
	return NULL;
}

/* Walks the list, keeping the stack of ancestors of each slot. */
static const char *walk(void (*fn)(struct slot *, struct slot *, void *), void *arg, word_t *n_out)
{
	word_t sp = 0, n = 0;
	struct slot *prev = cdt_head();
	root_frame = (struct frame){ 0 };
	for (struct slot *s = cdt_next(prev); s; prev = s, s = cdt_next(s)) {
		if (cdt_prev(s) != prev)
			return fail("prev link does not match", s);
		if (++n > cdt_count())
			return fail("list longer than the slot count (a cycle?)", s);
		const char *e = check_cap(s);
		if (e)
			return e;
		while (sp > 0 && !cdt_is_parent_of(stack[sp - 1].s, s))
			sp--;
		for (word_t i = 0; i < sp; i++)
			if (!cdt_is_parent_of(stack[i].s, s))
				return fail("subtrees do not nest", s);
		if (fn)
			fn(s, sp ? stack[sp - 1].s : NULL, arg);
		e = check_region(region_frame(sp), s);
		if (e)
			return e;
		if (cdt_revocable(s)) {
			if (sp == MAX_DEPTH)
				return fail("tree too deep to check", s);
			stack[sp++] = (struct frame){ .s = s };
		}
	}
	if (n != cdt_count())
		return fail("list shorter than the slot count", NULL);
	*n_out = n;
	return NULL;
}

/* Every occupied slot of every live CNode (and TCB) is on the list, and
 * nothing else is. Each object is scanned once: at its first cap in the
 * list. */
static const char *deep_scan(word_t listed)
{
	word_t occupied = 0;
	struct slot *prev = cdt_head();
	for (struct slot *s = cdt_next(prev); s; prev = s, s = cdt_next(s)) {
		struct slot_array slots;
		if (!object_slots(&s->cap, &slots) || cap_same_object(&prev->cap, &s->cap))
			continue;
		struct slot *arr = paddr_to_kptr(slots.base);
		for (word_t i = 0; i < BIT(slots.count_bits); i++) {
			if (cap_is_null(&arr[i].cap))
				continue;
			struct slot *p = cdt_prev(&arr[i]);
			if (!p || cdt_next(p) != &arr[i])
				return fail("occupied CNode slot not on the list", &arr[i]);
			occupied++;
		}
	}
	if (occupied != listed)
		return fail("caps on the list that are in no live CNode", NULL);
	return NULL;
}

const char *invariants_check(bool deep)
{
	word_t n = 0;
	const char *e = NULL;
#ifdef CONFIG_KERNEL_INVARIANTS
	e = sched_check();
	if (e)
		return e;
#endif
	e = walk(NULL, NULL, &n);
	if (!e && deep)
		e = deep_scan(n);
	return e;
}

void invariants_for_each_parent(void (*fn)(struct slot *s, struct slot *parent, void *arg),
                                void *arg)
{
	word_t n;
	walk(fn, arg, &n);
}
#endif
