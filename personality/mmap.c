/* Memory mappings (mmap.h).
 *
 * The list of areas is kept sorted by address, and areas never overlap.
 * Every call checks all of its arguments and finds room in the list
 * before it changes anything, so that a refusal leaves the mappings as
 * they were. Running out of memory while pages are made undoes the pages
 * made; a MAP_FIXED mapping has then already removed what was in its
 * range (POSIX allows it). */
#include "personality/mmap.h"

#include "personality/fd.h"
#include "personality/record.h"
#include "personality/vm.h"

#include <ration/objects.h>
#include <ration/rights.h>

#include "kernel/string.h"

#define LARGE   (1ul << 21)
#define ALIGN_DOWN(x, a) ((x) & ~((a)-1))
#define ALIGN_UP(x, a)   ALIGN_DOWN((x) + (a)-1, a)

/* An area's flags. */
#define AREA_ANON   0x1 /* anonymous: its missing pages are zeros */
#define AREA_EMPTY  0x2 /* made PROT_NONE and anonymous: no pages yet */
#define AREA_SHARED 0x4 /* MAP_SHARED: never writable (mmap.h) */

struct area {
	uint64_t start, end;
	uint32_t prot, flags;
};

struct maps {
	struct record_header header;
	uint32_t count;
	struct area area[(PAGE_BYTES - sizeof(struct record_header) - 8) / sizeof(struct area)];
};
_Static_assert(sizeof(struct maps) <= PAGE_BYTES, "the list is one page");
#define MAPS_MAX (sizeof(((struct maps *)0)->area) / sizeof(struct area))

static struct maps *maps_of(struct proc *p)
{
	return p->maps ? record_of(p->maps, RECORD_MAPS) : NULL;
}

/* ---- the list ------------------------------------------------------------- */

/* How many more areas removing [start, end) needs: one when it splits an
 * area in two. */
static unsigned split_cost(const struct maps *m, uint64_t start, uint64_t end)
{
	for (unsigned i = 0; m && i < m->count; i++)
		if (m->area[i].start < start && m->area[i].end > end)
			return 1;
	return 0;
}

/* Takes [start, end) out of the list (areas cut, split or dropped). */
static void list_remove(struct maps *m, uint64_t start, uint64_t end)
{
	for (unsigned i = 0; i < m->count;) {
		struct area *a = &m->area[i];
		if (a->end <= start || a->start >= end) {
			i++;
		} else if (a->start < start && a->end > end) { /* split: room checked */
			memmove(a + 1, a, (m->count - i) * sizeof(*a));
			m->count++;
			a->end = start;
			a[1].start = end;
			return;
		} else if (a->start < start) {
			a->end = start;
			i++;
		} else if (a->end > end) {
			a->start = end;
			i++;
		} else {
			memmove(a, a + 1, (m->count - i - 1) * sizeof(*a));
			m->count--;
		}
	}
}

/* Puts an area in its place in the list (room checked), joining it with
 * neighbours just like it. */
static void list_insert(struct maps *m, struct area n)
{
	unsigned i = 0;
	while (i < m->count && m->area[i].start < n.start)
		i++;
	struct area *prev = i ? &m->area[i - 1] : NULL, *next = i < m->count ? &m->area[i] : NULL;
	bool join_prev = prev && prev->end == n.start && prev->prot == n.prot &&
	                 prev->flags == n.flags;
	bool join_next = next && next->start == n.end && next->prot == n.prot &&
	                 next->flags == n.flags;
	if (join_prev && join_next) {
		prev->end = next->end;
		memmove(next, next + 1, (m->count - i - 1) * sizeof(*next));
		m->count--;
	} else if (join_prev) {
		prev->end = n.end;
	} else if (join_next) {
		next->start = n.start;
	} else {
		memmove(&m->area[i + 1], &m->area[i], (m->count - i) * sizeof(n));
		m->area[i] = n;
		m->count++;
	}
}

/* Whether [start, end) meets no area. */
static bool range_free(const struct maps *m, uint64_t start, uint64_t end)
{
	for (unsigned i = 0; m && i < m->count; i++)
		if (m->area[i].start < end && m->area[i].end > start)
			return false;
	return true;
}

/* The lowest free range of len bytes aligned to align, or 0. */
static uint64_t find_room(const struct maps *m, uint64_t len, uint64_t align)
{
	uint64_t at = ALIGN_UP(PX_MMAP_BASE, align);
	for (unsigned i = 0; m && i < m->count; i++) {
		if (at + len <= m->area[i].start)
			return at;
		if (m->area[i].end > at)
			at = ALIGN_UP(m->area[i].end, align);
	}
	return at + len <= PX_MMAP_END ? at : 0;
}

/* ---- pages ----------------------------------------------------------------- */

static unsigned rights_of(unsigned prot)
{
	if (!(prot & (PX_PROT_READ | PX_PROT_WRITE | PX_PROT_EXEC)))
		return 0;
	return RN_RIGHT_READ | (prot & PX_PROT_WRITE ? RN_RIGHT_WRITE : 0);
}

/* Frees the page tables of the 2 MiB pieces (and 1 GiB regions) around
 * [start, end) that no area touches any more. */
static void free_tables(struct proc *p, const struct maps *m, uint64_t start, uint64_t end)
{
	for (uint64_t size = LARGE; size <= (1ul << 30); size <<= 9) {
		uint64_t from = ALIGN_DOWN(start, size), to = ALIGN_UP(end, size);
		for (uint64_t at = from; at < to; at += size)
			if (range_free(m, at, at + size))
				vm_free_tables(p, at, at + size);
	}
}

/* Zeroed pages for [start, end) of an anonymous area: 2 MiB ones where
 * whole ones fit. False: out of memory. */
static bool make_zero_pages(struct proc *p, uint64_t start, uint64_t end, unsigned prot)
{
	unsigned rights = rights_of(prot);
	bool exec = prot & PX_PROT_EXEC;
	for (uint64_t va = start; va < end;) {
		if (va % LARGE == 0 && va + LARGE <= end && !exec) {
			if (!vm_new_large_page(p, va, rights ? rights : RN_RIGHT_READ))
				return false;
			va += LARGE;
		} else {
			if (vm_new_page(p, va, rights ? rights : RN_RIGHT_READ, exec, 0, 0, 0) ==
			    BUDGET_NONE)
				return false;
			va += PAGE_BYTES;
		}
	}
	return !rights ? vm_protect(p, start, end, 0, false) : true;
}

/* Pages holding fd's bytes from offset for [start, end) (zeros past the
 * end of the file). 0 or -PX_E*. */
static long make_file_pages(struct proc *p, uint64_t start, uint64_t end, unsigned prot, int fd,
                            uint64_t offset)
{
	static char page[PAGE_BYTES];
	unsigned rights = rights_of(prot);
	for (uint64_t va = start; va < end; va += PAGE_BYTES, offset += PAGE_BYTES) {
		long n = fd_map_read(p, (uint64_t)fd, offset, page, PAGE_BYTES);
		if (n < 0)
			return n;
		if (vm_new_page(p, va, rights ? rights : RN_RIGHT_READ, prot & PX_PROT_EXEC, page, 0,
		                (size_t)n) == BUDGET_NONE)
			return -PX_ENOMEM;
	}
	return !rights && !vm_protect(p, start, end, 0, false) ? -PX_ENOMEM : 0;
}

/* Removes [start, end) from p's mappings: its pages, the list's areas,
 * and the page tables nothing uses any more. The split a partial 2 MiB
 * page needs can fail: -PX_ENOMEM, nothing changed. */
static long unmap_range(struct proc *p, struct maps *m, uint64_t start, uint64_t end)
{
	if (split_cost(m, start, end) > MAPS_MAX - m->count)
		return -PX_ENOMEM;
	if ((start % LARGE && !vm_split_large(p, ALIGN_DOWN(start, LARGE))) ||
	    (end % LARGE && !vm_split_large(p, ALIGN_DOWN(end, LARGE))))
		return -PX_ENOMEM;
	vm_free_range(p, start, end);
	list_remove(m, start, end);
	free_tables(p, m, start, end);
	return 0;
}

/* With nothing mapped, the list's own page goes back too. */
static void drop_if_empty(struct proc *p, struct maps *m)
{
	if (m->count == 0) {
		record_free(m);
		p->maps = 0;
	}
}

/* ---- the calls ------------------------------------------------------------- */

static long check_range(uint64_t addr, uint64_t len)
{
	if (addr % PAGE_BYTES || len == 0 || addr < PX_MMAP_BASE || addr > PX_MMAP_END ||
	    len > PX_MMAP_END - addr)
		return -PX_EINVAL;
	return 0;
}

long mmap_map(struct proc *p, const struct px_mmap_args *req)
{
	struct px_mmap_args a = *req; /* what is checked is what is used */
	unsigned type = a.flags & (PX_MAP_SHARED | PX_MAP_PRIVATE);
	bool anon = a.flags & PX_MAP_ANONYMOUS;
	if (a.len == 0 || a.len > PX_MMAP_END - PX_MMAP_BASE || a.offset % PAGE_BYTES ||
	    (type != PX_MAP_SHARED && type != PX_MAP_PRIVATE) ||
	    (a.flags & ~(PX_MAP_SHARED | PX_MAP_PRIVATE | PX_MAP_FIXED | PX_MAP_ANONYMOUS)) ||
	    (a.prot & ~(PX_PROT_READ | PX_PROT_WRITE | PX_PROT_EXEC)))
		return -PX_EINVAL;
	/* A writable shared mapping would have two budgets pay for one page
	 * (or need write-back to a file); the kernel maps nothing writable
	 * and executable. */
	if ((type == PX_MAP_SHARED && (a.prot & PX_PROT_WRITE)) ||
	    ((a.prot & PX_PROT_WRITE) && (a.prot & PX_PROT_EXEC)))
		return -PX_ENOTSUP;
	uint64_t len = ALIGN_UP(a.len, PAGE_BYTES);
	/* More than the budget may ever hold fails at once, not after its
	 * whole limit was mapped and given back. */
	if (len > p->limit && !(anon && a.prot == PX_PROT_NONE))
		return -PX_ENOMEM;
	if (!anon) {
		/* The file is checked before anything changes. */
		static char probe[1];
		long r = fd_map_read(p, (uint64_t)(int64_t)a.fd, a.offset, probe, 0);
		if (r < 0)
			return r;
	}

	struct maps *m = maps_of(p);
	uint64_t at;
	if (a.flags & PX_MAP_FIXED) {
		if (check_range(a.addr, len))
			return -PX_EINVAL;
		at = a.addr;
		if (m && split_cost(m, at, at + len) + 1 > MAPS_MAX - m->count)
			return -PX_ENOMEM;
	} else {
		/* The hint if it is free, else the lowest room; large anonymous
		 * mappings start on 2 MiB, for 2 MiB pages. */
		uint64_t align = anon && len >= LARGE ? LARGE : PAGE_BYTES;
		at = ALIGN_DOWN(a.addr, align);
		if (check_range(at, len) || !range_free(m, at, at + len))
			at = find_room(m, len, align);
		if (!at)
			return -PX_ENOMEM;
		if (m && m->count == MAPS_MAX)
			return -PX_ENOMEM;
	}
	if (!m) {
		m = record_alloc(p, RECORD_MAPS);
		if (!m)
			return -PX_ENOMEM;
		p->maps = record_handle(m, 0, 0);
	}
	if ((a.flags & PX_MAP_FIXED) && unmap_range(p, m, at, at + len)) {
		drop_if_empty(p, m);
		return -PX_ENOMEM;
	}

	long err = 0;
	struct area n = { at, at + len, a.prot,
		          (anon ? AREA_ANON : 0) | (type == PX_MAP_SHARED ? AREA_SHARED : 0) };
	if (anon && a.prot == PX_PROT_NONE)
		n.flags |= AREA_EMPTY;
	else if (anon)
		err = make_zero_pages(p, at, at + len, a.prot) ? 0 : -PX_ENOMEM;
	else
		err = make_file_pages(p, at, at + len, a.prot, a.fd, a.offset);
	if (err) {
		vm_free_range(p, at, at + len);
		free_tables(p, m, at, at + len);
		drop_if_empty(p, m);
		return err;
	}
	list_insert(m, n);
	return (long)at;
}

long mmap_unmap(struct proc *p, uint64_t addr, uint64_t len)
{
	if (check_range(addr, ALIGN_UP(len, PAGE_BYTES)))
		return -PX_EINVAL;
	struct maps *m = maps_of(p);
	if (!m)
		return 0;
	long r = unmap_range(p, m, addr, addr + ALIGN_UP(len, PAGE_BYTES));
	drop_if_empty(p, m);
	return r;
}

long mmap_protect(struct proc *p, uint64_t addr, uint64_t len, unsigned prot)
{
	len = ALIGN_UP(len, PAGE_BYTES);
	if (check_range(addr, len) || (prot & ~(PX_PROT_READ | PX_PROT_WRITE | PX_PROT_EXEC)))
		return -PX_EINVAL;
	if ((prot & PX_PROT_WRITE) && (prot & PX_PROT_EXEC))
		return -PX_ENOTSUP;
	struct maps *m = maps_of(p);
	uint64_t end = addr + len, covered = addr;
	/* Every page must be mapped (POSIX: ENOMEM), and the new areas must
	 * fit: at most two more (the range's ends split areas). */
	for (unsigned i = 0; m && i < m->count && covered < end; i++)
		if (m->area[i].start <= covered && m->area[i].end > covered)
			covered = m->area[i].end;
	if (!m || covered < end)
		return -PX_ENOMEM;
	for (unsigned i = 0; (prot & PX_PROT_WRITE) && i < m->count; i++)
		if (m->area[i].start < end && m->area[i].end > addr &&
		    (m->area[i].flags & AREA_SHARED))
			return -PX_EACCES;
	if (m->count + 2 > MAPS_MAX)
		return -PX_ENOMEM;
	if ((addr % LARGE && !vm_split_large(p, ALIGN_DOWN(addr, LARGE))) ||
	    (end % LARGE && !vm_split_large(p, ALIGN_DOWN(end, LARGE))))
		return -PX_ENOMEM;

	/* Pieces of reserved (empty) areas get their zero pages first. */
	for (unsigned i = 0; i < m->count; i++) {
		struct area *ar = &m->area[i];
		if (!(ar->flags & AREA_EMPTY) || prot == PX_PROT_NONE || ar->end <= addr ||
		    ar->start >= end)
			continue;
		uint64_t from = ar->start > addr ? ar->start : addr;
		uint64_t to = ar->end < end ? ar->end : end;
		if (!make_zero_pages(p, from, to, prot)) {
			vm_free_range(p, from, to);
			return -PX_ENOMEM;
		}
	}
	if (!vm_protect(p, addr, end, rights_of(prot), prot & PX_PROT_EXEC))
		return -PX_ENOMEM;
	/* The list: the range becomes one area per kind it spans. */
	for (unsigned i = 0; i < m->count; i++) {
		struct area *ar = &m->area[i];
		if (ar->end <= addr || ar->start >= end)
			continue;
		struct area n = { ar->start > addr ? ar->start : addr, ar->end < end ? ar->end : end,
		                  prot, ar->flags & ~(uint32_t)AREA_EMPTY };
		if (prot == PX_PROT_NONE)
			n.flags |= ar->flags & AREA_EMPTY;
		list_remove(m, n.start, n.end);
		list_insert(m, n);
		/* The list moved: start again from the beginning (short). */
		i = (unsigned)-1;
		addr = n.end;
		if (addr >= end)
			break;
	}
	return 0;
}

bool mmap_fork(struct proc *parent, struct proc *child)
{
	struct maps *from = maps_of(parent);
	if (!from)
		return true;
	struct maps *to = record_alloc(child, RECORD_MAPS);
	if (!to)
		return false;
	to->count = from->count;
	memcpy(to->area, from->area, from->count * sizeof(from->area[0]));
	child->maps = record_handle(to, 0, 0);
	return true;
}

void mmap_exec(struct proc *p)
{
	struct maps *m = maps_of(p);
	if (!m)
		return;
	vm_free_tables(p, PX_MMAP_BASE, PX_MMAP_END);
	record_free(m);
	p->maps = 0;
}
