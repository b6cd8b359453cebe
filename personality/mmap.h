/* Memory mappings: mmap(2), munmap(2), mprotect(2) between PX_MMAP_BASE
 * (above the stack) and PX_MMAP_END.
 *
 * Pages are made when a mapping is (as sbrk makes them), from the
 * caller's budget: an anonymous mapping is zeroed, in 2 MiB pages where
 * whole ones fit; a private file mapping is a copy of the file's bytes.
 * MAP_SHARED is taken only where sharing cannot be seen (no PROT_WRITE),
 * so that a page is never paid by two budgets. An anonymous PROT_NONE
 * mapping only reserves its addresses: its pages are made by the
 * mprotect that opens them. What a process maps is a list of areas in one
 * record page of its budget, made at its first mmap. */
#ifndef PERSONALITY_MMAP_H
#define PERSONALITY_MMAP_H

#include "personality/proc.h"

#include <rn/px.h>

/* The calls: results as rn/px.h says. */
long mmap_map(struct proc *p, const struct px_mmap_args *a);
long mmap_unmap(struct proc *p, uint64_t addr, uint64_t len);
long mmap_protect(struct proc *p, uint64_t addr, uint64_t len, unsigned prot);

/* fork: the child gets the parent's list (its pages were copied with the
 * rest). False: no memory for the list. */
bool mmap_fork(struct proc *parent, struct proc *child);

/* exec: the list and the page tables of the mapping range go (the pages
 * went with the old image). */
void mmap_exec(struct proc *p);

#endif
