/* Delete and Revoke: the one place where objects die.
 *
 * Deleting the last cap to a CNode means deleting every cap in it, which
 * may be the last cap to another CNode, and so on: naive recursion would
 * need a kernel stack as deep as the CSpace. Instead the emptied slot that
 * held the last cap becomes a Zombie cap naming the CNode's slots and
 * linking to the next pending zombie. drain_zombies() then empties the
 * pending slot arrays one after another; emptying one may queue more.
 *
 * All of this happens within one kernel operation, and no memory is
 * retyped meanwhile, so reading a slot of an object that has just died (a
 * zombie waiting inside it, or the revoked slot itself) is safe.
 *
 * seL4 makes long deletes preemptible (zombies persist between
 * preemption points). Ration does not preempt yet; when it does, the
 * zombie list is where the work resumes. */
#include "kernel/delete.h"
#include "kernel/objects.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"

static struct slot *zombies; /* pending slot arrays, linked through caps */

/* Removes one cap from the tree and finalises its object if it was the
 * last cap. Never recurses: slots to empty are queued as a zombie in the
 * slot just vacated. */
static void delete_one(struct slot *s)
{
	struct cap c = s->cap;
	bool final = cdt_is_final(s);
	cdt_remove(s);
	object_cap_deleted(&c);
	struct slot_array arr;
	if (final && object_finalise(&c, &arr)) {
		s->cap = cap_zombie_new(arr.base, arr.count_bits, (word_t)zombies);
		zombies = s;
	}
}

/* Deletes the run of descendants after `s`. A descendant's own children
 * are adopted by `s` when it goes, so they are reached by the same loop. */
static void delete_descendants(struct slot *s)
{
	struct slot *n;
	while ((n = cdt_next(s)) && cdt_is_parent_of(s, n))
		delete_one(n);
}

static void delete_cap_and_untyped_children(struct slot *s)
{
	if (cap_type(&s->cap) == CAP_UNTYPED)
		delete_descendants(s);
	delete_one(s);
}

static void drain_zombies(void)
{
	while (zombies) {
		struct slot *z = zombies;
		zombies = (struct slot *)cap_zombie_next(&z->cap);
		struct slot *arr = paddr_to_kptr(cap_paddr(&z->cap));
		word_t n = BIT(cap_zombie_count_bits(&z->cap));
		for (word_t i = 0; i < n; i++) {
			enum cap_type t = cap_type(&arr[i].cap);
			/* Zombies in here (z itself, if the CNode held its own
			 * last cap, or ones still queued) are handled by the
			 * list, not by this loop. */
			if (t != CAP_NULL && t != CAP_ZOMBIE)
				delete_cap_and_untyped_children(&arr[i]);
		}
		z->cap = cap_null();
	}
}

void cap_delete(struct slot *s)
{
	if (cap_is_null(&s->cap))
		return;
	delete_cap_and_untyped_children(s);
	drain_zombies();
}

void cap_revoke(struct slot *s)
{
	if (cap_is_null(&s->cap))
		return;
	delete_descendants(s);
	drain_zombies();
	/* The cascade may have destroyed the CNode holding `s` itself, in
	 * which case the slot is now empty and must be left alone. */
	if (cap_type(&s->cap) == CAP_UNTYPED && !cdt_has_children(s))
		cap_untyped_set_watermark(&s->cap, 0);
}
