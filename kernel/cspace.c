/* CSpace lookup (see <ration/cspace.h> for the rules implemented here). */
#include "kernel/cspace.h"
#include "kernel/error.h"

/* The `width` bits of cptr just below bit `top` (bits top-1 .. top-width);
 * top and width may be 0..64, which plain shifts cannot take. */
static word_t bits_below(word_t cptr, word_t top, word_t width)
{
	if (width == 0)
		return 0;
	word_t v = width == 64 ? cptr : cptr >> (top - width);
	return width == 64 ? v : v & MASK(width);
}

int cspace_resolve_levels(const struct cap *root, word_t cptr, word_t depth, struct slot **slot,
                          word_t *bits_left, struct rn_error_info *err)
{
	if (cap_type(root) != CAP_CNODE)
		return err_lookup(err, RN_LOOKUP_INVALID_ROOT, depth, 0, 0);

	const struct cap *node = root;
	word_t n = depth;
	for (;;) {
		word_t gsize = cap_cnode_guard_size(node);
		word_t radix = cap_cnode_radix(node);
		word_t guard = cap_cnode_guard(node);
		word_t level = gsize + radix;
		/* The usual case, in few instructions: the level fits in the
		 * bits left and its guard matches. (radix >= 1, so level >= 1
		 * and the shifts below are all < 64.) */
		word_t piece = 0;
		bool fits = level <= n;
		if (fits) {
			word_t low = n == 64 ? cptr : cptr & MASK(n);
			piece = low >> (n - level);
			fits = piece >> radix == guard;
		}
		if (!fits) {
			/* Name the failure exactly (the rules in <ration/cspace.h>). */
			if (gsize > n || bits_below(cptr, n, gsize) != guard)
				return err_lookup(err, RN_LOOKUP_GUARD_MISMATCH, n, gsize, guard);
			return err_lookup(err, RN_LOOKUP_DEPTH_MISMATCH, n, level, 0);
		}
		struct slot *s = cnode_slot(node, piece & MASK(radix));
		n -= level;
		if (n == 0 || cap_type(&s->cap) != CAP_CNODE) {
			*slot = s;
			*bits_left = n;
			return RN_OK;
		}
		node = &s->cap;
	}
}

int cspace_lookup_cap(const struct cap *root, word_t cptr, struct slot **slot,
                      struct rn_error_info *err)
{
	word_t left;
	int r = cspace_resolve(root, cptr, 64, slot, &left, err);
	if (r != RN_OK)
		return r;
	if (cap_is_null(&(*slot)->cap))
		return err_lookup(err, RN_LOOKUP_MISSING_CAP, left, 0, 0);
	return RN_OK;
}

int cspace_lookup_slot(const struct cap *root, word_t index, word_t depth, word_t depth_arg,
                       bool source, struct slot **slot, struct rn_error_info *err)
{
	word_t left;
	int r;
	if (depth < 1 || depth > 64) {
		r = err_range(err, depth_arg, 1, 64);
	} else {
		r = cspace_resolve(root, index, depth, slot, &left, err);
		if (r == RN_OK && left != 0)
			r = err_lookup(err, RN_LOOKUP_DEPTH_MISMATCH, left, 0, 0);
	}
	if (r == RN_FAILED_LOOKUP)
		err->lookup_source = source;
	return r;
}

int cspace_lookup_cnode(const struct cap *root, word_t index, word_t depth, word_t depth_arg,
                        bool source, const struct cap **node, struct rn_error_info *err)
{
	if (depth == 0) {
		if (cap_type(root) != CAP_CNODE) {
			err_lookup(err, RN_LOOKUP_INVALID_ROOT, 0, 0, 0);
			err->lookup_source = source;
			return RN_FAILED_LOOKUP;
		}
		*node = root;
		return RN_OK;
	}
	struct slot *s;
	int r = cspace_lookup_slot(root, index, depth, depth_arg, source, &s, err);
	if (r != RN_OK)
		return r;
	if (cap_type(&s->cap) != CAP_CNODE) {
		err_lookup(err, RN_LOOKUP_MISSING_CAP, 0, 0, 0);
		err->lookup_source = source;
		return RN_FAILED_LOOKUP;
	}
	*node = &s->cap;
	return RN_OK;
}
