#ifndef KTEST_OBJECTS_H
#define KTEST_OBJECTS_H
#include <ration/objects.h>
#include <rn/syscall.h>
/* The largest RAM untyped of the boot info. */
rn_cptr_t ktest_untyped(void);
/* One object of `type` in a fresh root slot (0 and a failure if refused). */
rn_cptr_t make_object(rn_word_t type, rn_word_t bits);
/* Maps a fresh frame at va of the root VSpace (page tables as needed). */
rn_cptr_t map_frame_at(rn_word_t va);
/* Starts fn(arg) in a thread of the root task's spaces at `prio`, with its
 * own stack and IPC buffer (tp); fault_ep may be 0. It suspends itself
 * when fn returns. */
rn_cptr_t ktest_thread(void (*fn)(rn_word_t), rn_word_t arg, rn_word_t prio, rn_cptr_t fault_ep);
/* Spins until `ticks` of the time counter have passed (other threads of
 * the same priority run meanwhile, preempted in and out by the timer). */
void wait_ticks(rn_word_t ticks);
#endif
