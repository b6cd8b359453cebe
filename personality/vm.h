/* A process's address space: frames and page tables from its budget, text
 * shared from the system's copy of each program. */
#ifndef PERSONALITY_VM_H
#define PERSONALITY_VM_H

#include "personality/proc.h"

#include <stdbool.h>
#include <stddef.h>

/* Maps a cap of p's book at va of p's VSpace, making page tables from p's
 * budget as needed. 0 or a kernel error. */
int vm_map(struct proc *p, budget_slot_t frame, uint64_t va, unsigned rights, bool exec);

/* Maps p's n frames frames[0..n) writable at consecutive pages from va:
 * one call when their slots are consecutive in a leaf, else one each.
 * 0 or a kernel error. */
int vm_map_frames(struct proc *p, const budget_slot_t *frames, unsigned n, uint64_t va);

/* A new zeroed user page at va (kind FRAMES), recorded for fork and exec.
 * Returns its block, or BUDGET_NONE (out of memory; nothing changed). If
 * fill is given, len bytes from it go at offset off of the page first. */
budget_slot_t vm_new_page(struct proc *p, uint64_t va, unsigned rights, bool exec, const void *fill,
                          size_t off, size_t len);

/* Maps the system frame in root slot `slot` read-only at va (program text). */
bool vm_share_page(struct proc *p, uint64_t slot, uint64_t va, bool exec);

/* n (1..SHARE_RUN_MAX) system text frames in consecutive root slots from
 * `slot`, shared at consecutive pages from va: one CNode_CopyRange and
 * one mapping call when p's book has n consecutive free slots, else page
 * by page. false (ENOMEM) if a page could not be shared; those before it
 * stay, as with vm_share_page. */
#define SHARE_RUN_MAX 64
bool vm_share_pages(struct proc *p, uint64_t slot, uint64_t va, unsigned n, bool exec);

/* Copies every user page of `from` into `to` (fork). */
bool vm_copy(struct proc *from, struct proc *to);

/* Frees every user page (exec, exit); page tables stay. */
void vm_free_user(struct proc *p);

/* Maps stack pages from the lowest one down to va's page, if va is in
 * the stack's range below them. Returns whether va's page is now mapped
 * (false: not a stack address, or out of memory). */
bool vm_grow_stack(struct proc *p, uint64_t va);

/* Copies len bytes between buf and p's writable pages at va (to_user:
 * into them, growing the stack if va is below it). False, with nothing
 * read, if a page is missing; a write may have been partly done. */
bool vm_user_copy(struct proc *p, uint64_t va, void *buf, size_t len, bool to_user);

/* A 2 MiB page (zeroed, kind FRAMES) at va (2 MiB aligned), as
 * vm_new_page. */
bool vm_new_large_page(struct proc *p, uint64_t va, unsigned rights);

/* If p has a 2 MiB page at va, it becomes 512 small pages with the same
 * contents and rights (a partial munmap or mprotect). False: out of
 * memory, and nothing changed. */
bool vm_split_large(struct proc *p, uint64_t va);

/* Frees p's user pages whose address is in [from, to) (heap, mmap). */
void vm_free_range(struct proc *p, uint64_t from, uint64_t to);

/* Frees the page tables vm_map made that map only addresses in [from,
 * to): the caller knows no page is left there. */
void vm_free_tables(struct proc *p, uint64_t from, uint64_t to);

/* Gives p's user pages in [from, to) new rights (0: none, PROT_NONE: the
 * page leaves the VSpace but keeps its contents). False: out of memory
 * for a page table (some pages may have their new rights). */
bool vm_protect(struct proc *p, uint64_t from, uint64_t to, unsigned rights, bool exec);

/* A new program's empty heap at va. */
void vm_heap_start(struct proc *p, uint64_t va);

/* The heap: sbrk(2). Returns the old break or -PX_ENOMEM. Past its first
 * 8 MiB the heap is mapped in 2 MiB pages. */
long vm_sbrk(struct proc *p, long increment);

/* Boot: the ASID pools, one per 512 pids, from the server's memory. */
void vm_boot(void);
/* Gives p's VSpace (slot vspace of its book) an ASID; a kernel error. */
int vm_assign_asid(struct proc *p, budget_slot_t vspace);

/* The server's scratch mapping of a frame of p: maps it at SCRATCH_VA +
 * 4096 * which, for the server to read or write; unmap after. */
void *vm_scratch_map(cptr_t frame, unsigned which);
void vm_scratch_unmap(cptr_t frame);

#endif
