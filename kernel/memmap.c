/* Sorted, disjoint range sets (see memmap.h). Sizes are tiny (a handful of
 * ranges at boot), so plain insertion and shifting are the clearest. */
#include "kernel/memmap.h"

static void remove_at(struct memmap *m, int i)
{
	for (int j = i; j + 1 < m->n; j++)
		m->r[j] = m->r[j + 1];
	m->n--;
}

static void insert_at(struct memmap *m, int i, paddr_t base, word_t size)
{
	for (int j = m->n; j > i; j--)
		m->r[j] = m->r[j - 1];
	m->r[i] = (struct mem_range){ base, size };
	m->n++;
}

bool memmap_add(struct memmap *m, paddr_t base, word_t size)
{
	if (size == 0)
		return true;
	paddr_t end = base + size;
	if (end < base)
		return false;

	/* First range that ends at or after base: it may touch the new one. */
	int i = 0;
	while (i < m->n && m->r[i].base + m->r[i].size < base)
		i++;
	if (i == m->n || m->r[i].base > end) {
		if (m->n == MEMMAP_MAX)
			return false;
		insert_at(m, i, base, size);
		return true;
	}
	/* Merge every range that overlaps or touches [base, end) into r[i]. */
	paddr_t new_base = MIN(base, m->r[i].base);
	paddr_t new_end = MAX(end, m->r[i].base + m->r[i].size);
	while (i + 1 < m->n && m->r[i + 1].base <= new_end) {
		new_end = MAX(new_end, m->r[i + 1].base + m->r[i + 1].size);
		remove_at(m, i + 1);
	}
	m->r[i] = (struct mem_range){ new_base, new_end - new_base };
	return true;
}

bool memmap_remove(struct memmap *m, paddr_t base, word_t size)
{
	if (size == 0)
		return true;
	paddr_t end = base + size;
	if (end < base)
		end = ~(paddr_t)0; /* clamp: remove to the top of memory */

	/* A removal strictly inside one range splits it: check room first, so
	 * that failure changes nothing. */
	for (int i = 0; i < m->n; i++) {
		paddr_t rb = m->r[i].base, re = rb + m->r[i].size;
		if (base > rb && end < re && m->n == MEMMAP_MAX)
			return false;
	}
	for (int i = 0; i < m->n;) {
		paddr_t rb = m->r[i].base, re = rb + m->r[i].size;
		if (end <= rb || base >= re) {
			i++;
			continue;
		}
		if (base > rb && end < re) {
			m->r[i].size = base - rb;
			insert_at(m, i + 1, end, re - end);
			return true;
		}
		if (base <= rb && end >= re) {
			remove_at(m, i);
			continue;
		}
		if (base > rb)
			m->r[i].size = base - rb; /* cut the tail */
		else
			m->r[i] = (struct mem_range){ end, re - end }; /* cut the head */
		i++;
	}
	return true;
}

void memmap_align_inward(struct memmap *m, word_t align)
{
	for (int i = 0; i < m->n;) {
		paddr_t b = ALIGN_UP(m->r[i].base, align);
		paddr_t e = ALIGN_DOWN(m->r[i].base + m->r[i].size, align);
		if (e <= b) {
			remove_at(m, i);
			continue;
		}
		m->r[i] = (struct mem_range){ b, e - b };
		i++;
	}
}

word_t memmap_total(const struct memmap *m)
{
	word_t total = 0;
	for (int i = 0; i < m->n; i++)
		total += m->r[i].size;
	return total;
}
