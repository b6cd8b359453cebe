/* Record pages: the server's records made on demand for a process (pipes,
 * open file descriptions), one 4 KiB frame each from its budget (kind
 * records), mapped in its window. Each page starts with its kind.
 *
 * A handle names a record: (pid << 16) | (page << 7) | (slot << 1) | end,
 * where slot picks a record within a page and end a pipe's end. */
#ifndef PERSONALITY_RECORD_H
#define PERSONALITY_RECORD_H

#include "personality/proc.h"

enum record_kind {
	RECORD_PIPE = 0x65706970,  /* "pipe" */
	RECORD_DESCS = 0x63736564, /* "desc": open file descriptions */
	RECORD_TEXT = 0x74786574,  /* "text": a /proc file's contents */
	RECORD_MAPS = 0x7370616d,  /* "maps": a process's memory mappings (mmap.c) */
};

struct record_header {
	uint32_t kind;
	uint32_t owner;      /* pid whose budget holds the page */
	budget_slot_t block; /* its block there */
	uint32_t page;       /* its window page */
};

#define HANDLE(pid, page, slot, end)                                                               \
	(((uint32_t)(pid) << 16) | ((uint32_t)(page) << 7) | ((uint32_t)(slot) << 1) |             \
	 (uint32_t)(end))
#define HANDLE_SLOT(h) (((h) >> 1) & 0x3f)
#define HANDLE_END(h)  ((h)&1)

/* A zeroed record page of `kind` from p's budget, or NULL (no memory or
 * no window page left). */
void *record_alloc(struct proc *p, uint32_t kind);

/* Frees it (its memory goes back to the owner's budget). */
void record_free(void *page);

/* The page a handle names if it is of `kind`, else NULL. */
void *record_of(uint32_t handle, uint32_t kind);

/* The handle of slot/end of a record page. */
uint32_t record_handle(const void *page, unsigned slot, unsigned end);

#endif
