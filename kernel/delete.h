/* Deleting and revoking capabilities. Both run to completion without
 * recursion: objects that hold slots (CNodes) are emptied from a work list
 * threaded through "zombie" caps, so kernel stack use is bounded whatever
 * the shape of the CSpace. */
#ifndef KERNEL_DELETE_H
#define KERNEL_DELETE_H

#include "kernel/cdt.h"

/* Deletes the cap in `s` (no-op when empty). If it was the last cap to its
 * object, the object is finalised; a CNode's slots are deleted in turn.
 * Deleting an untyped cap first destroys everything derived from it (its
 * memory must not outlive it unnamed). O(1) per cap outside finalisation. */
void cap_delete(struct slot *s);

/* Deletes every descendant of the cap in `s`, which stays. An untyped that
 * is left with no children has its watermark reset: its memory is free.
 * O(descendants) plus finalisation. */
void cap_revoke(struct slot *s);

#endif
