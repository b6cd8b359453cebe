/* Kernel objects: how big each type is, how one is made from untyped memory
 * and how it is finalised when its last capability goes. */
#ifndef KERNEL_OBJECTS_H
#define KERNEL_OBJECTS_H

#include "kernel/cap.h"

/* log2 of the size of an object of `type` made with `user_bits` (which only
 * Untyped and CNode use). The caller has checked user_bits' range. */
word_t object_size_bits(enum rn_object_type type, word_t user_bits);

/* Range of user size bits Retype accepts for `type`; false when the type
 * has a fixed size (and ignores the argument). */
bool object_user_bits_range(enum rn_object_type type, word_t *min, word_t *max);

/* Makes an object at `pa` (already carved and aligned) and returns its cap.
 * RAM objects are zeroed here, at creation; untyped children are not
 * (their objects will be) and neither is device memory. */
struct cap object_create(enum rn_object_type type, paddr_t pa, word_t user_bits, bool device);

/* Slots an object holds that must be emptied before its memory is free
 * (a CNode's slots; a TCB's, from issue 4). */
struct slot_array {
	paddr_t base;
	word_t count_bits;
};

/* The slots an object holds (CNode: all of it; TCB: its first few), or
 * false for objects without slots. */
bool object_slots(const struct cap *c, struct slot_array *slots);

/* Cleanup owed when any one cap goes, last or not: a frame cap's own
 * mapping dies with it (as in seL4). */
void object_cap_deleted(const struct cap *c);

/* Undoes what the object is part of, when `c` was its last cap: unbinds,
 * cancels IPC, unmaps. Returns true and fills *slots if the object has
 * slots to empty; the caller empties them (kernel/delete.c) without
 * recursion. Never allocates and never fails. */
bool object_finalise(const struct cap *c, struct slot_array *slots);

#endif
