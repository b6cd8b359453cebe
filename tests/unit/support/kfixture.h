/* A booted kernel memory model on fake physical memory, for the unit tests,
 * the model test and the benchmark. Not Criterion-specific. */
#ifndef TESTS_KFIXTURE_H
#define TESTS_KFIXTURE_H

#include "kernel/boot_untyped.h"
#include "kernel/cspace.h"
#include "kernel/invoke.h"

#define KF_BASE 0x80000000ull

/* The standard layout (4 MiB of fake RAM):
 *   RAM    [base,        base + 1M)  -> slot 16, 1 MiB, holds the root CNode
 *   device [base + 1M,   base + 1M + 64K) -> slot 17, 64 KiB device untyped
 *   RAM    [base + 2M,   base + 4M)  -> slot 18, 2 MiB, untouched */
#define KF_UT_HOST   16
#define KF_UT_DEV    17
#define KF_UT_BIG    18
#define KF_FREE_SLOT 32 /* first slot the tests use freely */

extern struct rn_untyped_desc kf_desc[CONFIG_MAX_BOOT_UNTYPED];
extern struct boot_untyped_result kf_boot_res;

void kf_boot_standard(void);
/* Boots from arbitrary ranges on `pmem` bytes of fake RAM; returns the
 * boot error code. */
int kf_boot(size_t pmem, const struct mem_range *ram, word_t n_ram, const struct mem_range *dev,
            word_t n_dev);

/* The root CNode cap and slot i of the root CNode. */
const struct cap *kf_root(void);
struct slot *kf_slot(word_t i);

/* A Call on the cap at `service` (depth 64 in the root CSpace) with this
 * label, message words and extra caps, made by a thread of the fixture
 * through the kernel's system-call path (syscall_dispatch) and answered in
 * its registers and IPC buffer; kf_err (the error code and details) and
 * kf_reply (the results) hold the answer. Returns the error code. */
extern struct rn_error_info kf_err;
extern struct inv_reply kf_reply;
int kf_invoke(word_t service, word_t label, const word_t *mr, word_t len, const word_t *extra,
              word_t n_extra);

/* Shorthands over kf_invoke (all caps in the root CNode, depth 64). */
int kf_retype(word_t ut, word_t type, word_t bits, word_t dest_slot, word_t count);
int kf_copy(word_t dst, word_t src, word_t rights);
int kf_mint(word_t dst, word_t src, word_t rights, word_t badge);
int kf_move(word_t dst, word_t src);
int kf_mutate(word_t dst, word_t src, word_t data);
int kf_delete(word_t slot);
int kf_revoke(word_t slot);
word_t kf_free_bytes(word_t ut); /* Untyped_Describe mr2 */

/* Whole-state snapshots: every byte of the fake RAM kf_boot was given
 * (not the fixture thread's IPC buffer, past it) plus the tree's static
 * state, to prove a refused invocation changed nothing. */
struct kf_snapshot;
struct kf_snapshot *kf_snapshot_take(void);
bool kf_snapshot_same(const struct kf_snapshot *s); /* state equals snapshot? */
void kf_snapshot_free(struct kf_snapshot *s);

#endif
