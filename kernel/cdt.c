/* The capability derivation tree as a preorder list (see cdt.h). */
#include "kernel/cdt.h"
#include "kernel/panic.h"

#define FLAG_REVOCABLE    1ull
#define FLAG_FIRST_BADGED 2ull

/* The sentinel. Its cap is null, so it is nobody's parent or child. */
static struct slot head __attribute__((aligned(32)));
static word_t count;

void cdt_init(void)
{
	head = (struct slot){ { { 0, 0 } }, 0, 0 };
	count = 0;
}

struct slot *cdt_head(void)
{
	return &head;
}

word_t cdt_count(void)
{
	return count;
}

static void set_next(struct slot *s, struct slot *n)
{
	s->next = (word_t)n | (s->next & 3);
}

static void set_flags(struct slot *s, bool revocable, bool first_badged)
{
	s->next = (s->next & ~(word_t)3) | (revocable ? FLAG_REVOCABLE : 0) |
	          (first_badged ? FLAG_FIRST_BADGED : 0);
}

void cdt_insert_after(struct slot *pos, struct slot *dst, struct cap cap, bool revocable,
                      bool first_badged)
{
	assert(cap_is_null(&dst->cap) && !cap_is_null(&cap));
	struct slot *n = cdt_next(pos);
	dst->cap = cap;
	dst->prev = (word_t)pos;
	dst->next = (word_t)n;
	set_flags(dst, revocable, first_badged);
	set_next(pos, dst);
	if (n)
		n->prev = (word_t)dst;
	count++;
}

/* seL4's rule: an untyped copy can have children (its own retypes); a
 * mint that gives an endpoint or notification a badge starts a badge
 * group that can be revoked on its own. Plain copies cannot. */
bool cdt_derivation_revocable(const struct cap *derived, const struct cap *src)
{
	switch (cap_type(derived)) {
	case CAP_UNTYPED:
		return true;
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
		return cap_badge(derived) != cap_badge(src);
	default:
		return false;
	}
}

void cdt_insert_derived(struct slot *src, struct slot *dst, struct cap cap)
{
	/* Right after src: the first child of src if src is revocable, else
	 * a sibling (src has no children of its own to skip over). */
	bool rev = cdt_derivation_revocable(&cap, &src->cap);
	if (cap_type(&cap) == CAP_UNTYPED) {
		/* The copy takes over the region: mark the original full so
		 * the two can never carve the same bytes. */
		assert(!cdt_has_children(src));
		cap_untyped_set_watermark(&src->cap, BIT(cap_untyped_size_bits(&src->cap)));
	}
	cdt_insert_after(src, dst, cap, rev, rev);
}

void cdt_move(struct slot *src, struct slot *dst, struct cap cap)
{
	assert(cap_is_null(&dst->cap) && src != dst);
	struct slot *p = cdt_prev(src), *n = cdt_next(src);
	dst->cap = cap;
	dst->prev = src->prev;
	dst->next = src->next;
	set_next(p, dst);
	if (n)
		n->prev = (word_t)dst;
	*src = (struct slot){ { { 0, 0 } }, 0, 0 };
}

void cdt_remove(struct slot *s)
{
	struct slot *p = cdt_prev(s), *n = cdt_next(s);
	assert(p && !cap_is_null(&s->cap));
	/* A badge group starts at a first_badged cap. When it goes, the cap
	 * after it (a child or sibling with the same badge) starts the group
	 * instead; otherwise an earlier group with the same badge would adopt
	 * it, while its parent must be the removed cap's parent. */
	if (n && cdt_first_badged(s) && cap_has_badge_field(&s->cap) && cap_badge(&s->cap) != 0 &&
	    !cdt_first_badged(n) && cap_same_object(&s->cap, &n->cap) &&
	    cap_badge(&n->cap) == cap_badge(&s->cap))
		set_flags(n, cdt_revocable(n), true);
	set_next(p, n);
	if (n)
		n->prev = (word_t)p;
	*s = (struct slot){ { { 0, 0 } }, 0, 0 };
	count--;
}

bool cdt_is_parent_of(const struct slot *p, const struct slot *c)
{
	if (!cdt_revocable(p) || !cap_same_region(&p->cap, &c->cap))
		return false;
	if (cap_has_badge_field(&p->cap) && cap_badge(&p->cap) != 0)
		return cap_badge(&c->cap) == cap_badge(&p->cap) && !cdt_first_badged(c);
	return true;
}

bool cdt_has_children(const struct slot *s)
{
	const struct slot *n = cdt_next(s);
	return n && cdt_is_parent_of(s, n);
}

bool cdt_is_final(const struct slot *s)
{
	const struct slot *p = cdt_prev(s), *n = cdt_next(s);
	return !(p && cap_same_object(&p->cap, &s->cap)) &&
	       !(n && cap_same_object(&n->cap, &s->cap));
}
