/* The fuzz world: what the supervisor builds out of untyped U for the fuzz
 * threads, restarts, rebuilds and finally accounts for (world.c). */
#ifndef KFUZZ_WORLD_H
#define KFUZZ_WORLD_H

#include <ration/bootinfo.h>
#include <rn/syscall.h>

/* The supervisor's endpoint and reply object: the fuzz threads' faults
 * arrive there, badged with KFUZZ_THREAD_BADGE(i) or KFUZZ_VICTIM_BADGE. */
extern rn_cptr_t kfuzz_sup_ep, kfuzz_sup_reply;
#define KFUZZ_SUP_EP kfuzz_sup_ep
#define KFUZZ_SUP_REPLY kfuzz_sup_reply
#define KFUZZ_VICTIM_BADGE (KFUZZ_THREADS + 1)

/* Directed probes (probe.c) that found their bug, run by world_init. */
extern int kfuzz_probe_failures;

/* Finds U's memory, makes the supervisor's own objects and runs the
 * directed probes. 0 on success. */
int world_init(const struct rn_bootinfo *bi);

/* Revokes U (everything of the last world dies), checks that all of U is
 * free again, builds a new world and starts the fuzz threads. */
int world_rebuild(void);

/* Puts fuzz thread i back at its start with its TCB set up as built.
 * Nonzero if the fuzzers broke something only a rebuild can mend. */
int world_restart_thread(int i);

/* Suspends the fuzz threads. */
void world_stop(void);

/* Revokes U, checks it is whole, deletes it, checks its parent untyped is
 * back where it was before kfuzz started. 0 when the bytes add up. */
int world_finish(void);

#endif
