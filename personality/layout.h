/* Where the server keeps things: its CSpace and its address space.
 *
 * CSpace. The boot root CNode (2^12 slots) is re-guarded so that a cptr
 * resolves four levels (docs/personality.md has the picture):
 *
 *   bits 63..38  guard 0 (26 bits)
 *   bits 37..26  root slot                  ROOT(s)
 *   bits 25..14  directory slot = pid       the directory is a radix-12
 *                                           CNode in root slot SLOT_DIR
 *   bits 13..0   book slot id               a process's book: a radix-7
 *                                           CNode of radix-7 leaves,
 *                                           16384 slots, from its budget
 *
 * A lookup of depth 64 ends wherever it meets a non-CNode cap, so root
 * slots hold the server's own objects (untyped, frames, TCB, endpoint) and
 * are named ROOT(s). A CNode cap can be invoked only where a lookup ends
 * with no bits left, i.e. in a leaf: the root CNode's own handle, SELF, is
 * a copy in the server's book (pid 0), slot 0. */
#ifndef PERSONALITY_LAYOUT_H
#define PERSONALITY_LAYOUT_H

#include <stdint.h>

/* The size of a page, a frame, a record page: every page here is 4 KiB. */
#define PAGE_BYTES 4096ul

#define ROOT_BITS  12
#define DIR_BITS   12
#define BOOK_BITS  7 /* leaves per book, log2 */
#define LEAF_BITS  7 /* slots per leaf, log2 */
#define ID_BITS    (BOOK_BITS + LEAF_BITS)
#define ROOT_GUARD (64 - ROOT_BITS - DIR_BITS - ID_BITS)

#define MAX_PROCS   (1u << DIR_BITS) /* pids 1..MAX_PROCS-1; 0 is the server */
#define BOOK_SLOTS  (1u << ID_BITS)
#define LEAF_SLOTS  (1u << LEAF_BITS)
#define BOOK_LEAVES (1u << BOOK_BITS)

/* Fixed root slots (the kernel's are 0..6, untyped from 16). */
#define SLOT_ROOT_GUARDED 7  /* the root CNode cap with ROOT_GUARD */
#define SLOT_DIR          8  /* the directory CNode */
#define SLOT_ENDPOINT     9  /* the server endpoint */
#define SLOT_REPLY        10 /* the server's reply object */
#define SLOT_USER_FRAME   11 /* a passing copy of a user frame's cap (vm_user_copy) */

/* Book slot ids every process (and the server, pid 0) has in leaf 0. */
#define ID_RECORD     0 /* process: its record frame; server: SELF */
#define ID_META0      1 /* the metadata frame of leaf 0 */
#define ID_WINDOW     2 /* the page table of its window in the server */
#define ID_FIRST_FREE 3

typedef uint64_t cptr_t;

static inline cptr_t ROOT(uint64_t slot)
{
	return slot << (DIR_BITS + ID_BITS);
}

static inline cptr_t CAP(uint64_t pid, uint64_t id)
{
	return ((uint64_t)SLOT_DIR << (DIR_BITS + ID_BITS)) | (pid << ID_BITS) | id;
}

#define SELF CAP(0, ID_RECORD)

/* (index, depth) from SELF naming a CNode, for Retype and CNode calls. */
#define DEPTH_ROOT_SLOT 38 /* a slot of the root CNode */
#define DEPTH_DIR_SLOT  50 /* a book: directory slot pid */
#define DEPTH_BOOK_SLOT 57 /* a leaf: book slot */
#define DEPTH_LEAF_SLOT 64 /* a slot in a leaf */

static inline uint64_t index_book(uint64_t pid)
{
	return ((uint64_t)SLOT_DIR << DIR_BITS) | pid;
}

static inline uint64_t index_leaf(uint64_t pid, uint64_t leaf)
{
	return (index_book(pid) << BOOK_BITS) | leaf;
}

/* Address space of the server (besides its image, boot info, stack and
 * IPC buffer, which the kernel placed). Host unit tests cannot use these
 * addresses (ASan's shadow is there): each is offset by a region the
 * test's fake kernel reserves (tests/unit/support/px/fake_kernel.c). */
#ifdef RATION_HOST
extern uintptr_t layout_host_base;
#define LAYOUT_VA(va) (layout_host_base + (va))
#else
#define LAYOUT_VA(va) (va)
#endif
#define WINDOW_BASE            LAYOUT_VA(0x2000000000ul) /* p's window: WINDOW_BASE + p * 2 MiB */
#define WINDOW_SIZE            0x200000ul
#define WINDOW_RECORD_PAGE     0 /* struct proc */
#define WINDOW_META_PAGE       1 /* metadata of leaf i at page 1 + i (leaf 0's
                                    beside the record: one mapping) */
#define WINDOW_SHARED_PAGE     (WINDOW_META_PAGE + BOOK_LEAVES) /* the process's
                                    shared buffer, as the server sees it */
#define WINDOW_FIRST_FREE_PAGE (WINDOW_SHARED_PAGE + 1) /* pipes, ... */
#define WINDOW_PAGES           (WINDOW_SIZE / PAGE_BYTES)
#define INITRD_VA              LAYOUT_VA(0x1000000000ul) /* the initrd, read-only */
#define UART_VA                LAYOUT_VA(0x1800000000ul)
#define RTC_VA                 (UART_VA + PAGE_BYTES)    /* in the UART's page table */
#define SCRATCH_VA             LAYOUT_VA(0x1900000000ul) /* two pages for copying frames */
#define SCRATCH_LARGE_VA       (SCRATCH_VA + 0x200000ul) /* one 2 MiB frame (vm_user_copy) */
#define TNODE_VA               LAYOUT_VA(0x2800000000ul) /* tmpfs: bitmap, then nodes (tmpfs.h) */

static inline uintptr_t window_va(uint64_t pid, unsigned page)
{
	return WINDOW_BASE + pid * WINDOW_SIZE + (uintptr_t)page * PAGE_BYTES;
}

#endif
