/* Making objects for the tests: from the largest RAM untyped, into fresh
 * slots of the root CNode. */
#include <rn/untyped.h>
#include "ktest.h"
#include "objects.h"

rn_cptr_t ktest_untyped(void)
{
	rn_cptr_t best = 0;
	unsigned best_bits = 0;
	for (rn_word_t i = 0; i < bootinfo->n_untyped; i++) {
		const struct rn_untyped_desc *d = &bootinfo->untyped[i];
		if (!d->is_device && d->size_bits > best_bits) {
			best = d->slot;
			best_bits = d->size_bits;
		}
	}
	return best;
}

rn_cptr_t make_object(rn_word_t type, rn_word_t bits)
{
	rn_cptr_t slot = ktest_slot();
	int err = rn_untyped_retype(ktest_untyped(), type, bits, RN_SLOT_ROOT_CNODE, 0, 0, slot, 1);
	if (err) {
		rn_printf("    make_object(type %lu): %s\n", (unsigned long)type,
		          rn_error_name(err));
		ktest_failures++;
		return 0;
	}
	return slot;
}

void wait_ticks(rn_word_t ticks)
{
	rn_word_t start, now;
	__asm__ volatile("rdtime %0" : "=r"(start));
	do
		__asm__ volatile("rdtime %0" : "=r"(now));
	while (now - start < ticks);
}
