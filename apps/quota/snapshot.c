/* Snapshots of every budget, their identities and the tree view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quota.h"

int snapshot_take(struct snapshot *s)
{
	size_t cap = 64;
	memset(s, 0, sizeof *s);
	for (;;) {
		s->rec = realloc(s->rec, cap * sizeof *s->rec);
		if (!s->rec)
			return -1;
		s->n = 0;
		s->whole = true;
		/* Ask again from the start if the system grew meanwhile. */
		for (;;) {
			int got = rn_budget_tree(0, s->n, s->rec + s->n, cap - s->n, &s->info);
			if (got < 0)
				return -1;
			if (s->n > 0)
				s->whole = false;
			s->n += (size_t)got;
			if (got == 0 || s->n >= s->info.count || s->n == cap)
				break;
		}
		if (s->info.count <= cap)
			return 0;
		cap = s->info.count + 16;
	}
}

void snapshot_free(struct snapshot *s)
{
	free(s->rec);
	s->rec = NULL;
}

static const struct px_budget_rec *find(const struct snapshot *s, unsigned pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->rec[i].pid == pid)
			return &s->rec[i];
	return NULL;
}

int snapshot_check(const struct snapshot *s)
{
	int broken = 0;
	unsigned long top = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct px_budget_rec *r = &s->rec[i];
		unsigned long children = 0;
		unsigned long used = r->used_kernel + r->used_frames + r->used_records;
		if (used + r->lent + r->free != r->total) {
			fprintf(stderr,
			        "quota: pid %u: used %lu + lent %lu + free %lu != total %lu\n",
			        r->pid, used, r->lent, r->free, r->total);
			broken++;
		}
		for (size_t j = 0; j < s->n; j++)
			if (s->rec[j].budget_parent == r->pid)
				children += s->rec[j].total;
		if (s->whole && children != r->lent) {
			fprintf(stderr, "quota: pid %u lent %lu, its budget children hold %lu\n",
			        r->pid, r->lent, children);
			broken++;
		}
		if (!r->budget_parent || !find(s, r->budget_parent))
			top += r->total;
	}
	if (s->whole && top + s->info.server != s->info.ram) {
		fprintf(stderr, "quota: server %lu + budgets %lu != RAM %lu\n",
		        (unsigned long)s->info.server, top, (unsigned long)s->info.ram);
		broken++;
	}
	return broken;
}

const char *human(unsigned long bytes, bool exact)
{
	static char bufs[16][24];
	static unsigned next;
	char *b = bufs[next++ % 16];
	static const char units[] = "KMGT";
	if (exact || bytes < 1024) {
		snprintf(b, sizeof bufs[0], "%lu", bytes);
		return b;
	}
	double v = (double)bytes;
	int u = -1;
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	if (v < 10 && (unsigned long)(v * 10) % 10)
		snprintf(b, sizeof bufs[0], "%.1f%c", v, units[u]);
	else
		snprintf(b, sizeof bufs[0], "%.0f%c", v, units[u]);
	return b;
}

size_t parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	size_t shift = 0;
	if (end == s)
		return 0;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	}
	if (*end || v == 0 || v > (~0ull >> (shift + 1)))
		return 0;
	return (size_t)(v << shift);
}

static const char state_letter[] = "?RZHT"; /* by PX_STATE_* */

/* The processor time of r's budget subtree: r's own (with its children
 * waited for) and every budget lent from it, in microseconds. */
static unsigned long subtree_cpu(const struct snapshot *s, const struct px_budget_rec *r,
                                 unsigned depth)
{
	unsigned long us = r->cpu_ms * 1000ul;
	for (size_t i = 0; i < s->n && depth < 64; i++)
		if (s->rec[i].budget_parent == r->pid && s->rec[i].pid != r->pid)
			us += subtree_cpu(s, &s->rec[i], depth + 1);
	return us;
}

/* Seconds with two decimals, or minutes past 100 s. */
static const char *cpu_time(unsigned long us)
{
	static char bufs[4][32];
	static unsigned k;
	char *b = bufs[k++ % 4];
	unsigned long cs = us / 10000;
	if (cs < 10000)
		snprintf(b, sizeof bufs[0], "%lu.%02lu", cs / 100, cs % 100);
	else
		snprintf(b, sizeof bufs[0], "%lum%02lu", cs / 6000, cs / 100 % 60);
	return b;
}

static void print_one(const struct snapshot *s, const struct px_budget_rec *r, char *prefix,
                      size_t plen, bool last, bool root, bool exact)
{
	printf("%5u %c %7s %7s %6s %6s %6s %6s %7s %7s %7s %7lu %7s  %s%s%s\n", r->pid,
	       r->state < sizeof state_letter - 1 ? state_letter[r->state] : '?',
	       human(r->limit, exact), human(r->guarantee, exact), human(r->total, exact),
	       human(r->used_kernel, exact), human(r->used_frames, exact),
	       human(r->used_records, exact), human(r->free, exact), human(r->peak, exact),
	       human(r->lent, exact), r->refused, cpu_time(subtree_cpu(s, r, 0)), prefix,
	       root   ? ""
	       : last ? "`- "
	              : "|- ",
	       r->name);
	/* Children: budgets r lent to, in pid order. */
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += s->rec[i].budget_parent == r->pid;
	if (!n || plen + 4 > 120)
		return;
	if (!root) {
		strcpy(prefix + plen, last ? "   " : "|  ");
		plen += 3;
	}
	for (size_t i = 0, k = 0; i < s->n; i++) {
		if (s->rec[i].budget_parent != r->pid)
			continue;
		k++;
		print_one(s, &s->rec[i], prefix, plen, k == n, false, exact);
		prefix[plen] = 0;
	}
}

void snapshot_print(const struct snapshot *s, bool exact)
{
	char prefix[128] = "";
	/* Used, by kind: kernel objects, user frames, the server's records. */
	/* CPU: seconds of processor time of the budget's whole subtree. */
	printf("  PID S %7s %7s %6s %6s %6s %6s %7s %7s %7s %7s %7s  BUDGET TREE\n", "LIMIT",
	       "GUAR", "TOTAL", "KERN", "FRAMES", "RECS", "FREE", "PEAK", "LENT", "REFUSED", "CPU");
	for (size_t i = 0; i < s->n; i++) {
		const struct px_budget_rec *r = &s->rec[i];
		if (!r->budget_parent || !find(s, r->budget_parent))
			print_one(s, r, prefix, 0, true, true, exact);
	}
	printf("RAM %s = server %s + budgets %s\n", human(s->info.ram, exact),
	       human(s->info.server, exact), human(s->info.ram - s->info.server, exact));
}

void snapshot_print_lines(const struct snapshot *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct px_budget_rec *r = &s->rec[i];
		printf("pid %u parent %u state %u total %lu used %lu lent %lu free %lu peak %lu "
		       "refused %lu kernel %lu frames %lu records %lu threads %u name %s "
		       "limit %lu guarantee %lu cpu_ms %u\n",
		       r->pid, r->budget_parent, r->state, r->total,
		       r->used_kernel + r->used_frames + r->used_records, r->lent, r->free,
		       r->peak, r->refused, r->used_kernel, r->used_frames, r->used_records,
		       r->threads, r->name, r->limit, r->guarantee, r->cpu_ms);
	}
	printf("ram %zu server %zu whole %d\n", s->info.ram, s->info.server, s->whole);
}
