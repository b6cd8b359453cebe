/* Criterion helpers for the kernel memory model tests. */
#ifndef TESTS_KTEST_H
#define TESTS_KTEST_H

#include <criterion/criterion.h>
#include "kernel/invariants.h"
#include "tests/unit/support/kfixture.h"

/* Runs `call`, expects error `code`, and expects every byte of fake RAM
 * and the tree's static state to be exactly as before. */
#define expect_refused(call, want)                                                                 \
	do {                                                                                       \
		struct kf_snapshot *snap_ = kf_snapshot_take();                                    \
		int r_ = (call);                                                                   \
		cr_expect_eq(r_, (want), "%s: got error %d, want %d", #call, r_, (int)(want));     \
		cr_expect_eq(kf_err.code, (word_t)(want));                                         \
		cr_expect(kf_snapshot_same(snap_), "%s changed state", #call);                     \
		kf_snapshot_free(snap_);                                                           \
	} while (0)

#define expect_ok(call)                                                                            \
	do {                                                                                       \
		int r_ = (call);                                                                   \
		cr_assert_eq(r_, RN_OK, "%s: error %d", #call, r_);                                \
	} while (0)

#define expect_invariants()                                                                        \
	do {                                                                                       \
		const char *e_ = invariants_check(true);                                           \
		cr_expect_null(e_, "invariant: %s", e_ ? e_ : "");                                 \
	} while (0)

static inline enum cap_type slot_type(word_t i)
{
	return cap_type(&kf_slot(i)->cap);
}

#endif
