/* tsort: a topological sort.
 *   tsort [file]
 * The input is pairs of items (words separated by blanks and newlines):
 * "a b" says a comes before b, "a a" only that a exists. Prints every
 * item once, each after all those said to come before it; items free to
 * go are taken in the order they first appeared. Items on a cycle are
 * named on stderr and printed anyway, and the status is 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

#define P "tsort"

struct item {
	char *name;
	long before;         /* items still to be printed before this one */
	long *after, n_after, cap_after; /* items that come after this one */
	int done;
};

static struct item *items;
static long n_items, cap_items;

/* The item's index, made when it is new (a linear search: tsort's
 * inputs are small). */
static long intern(const char *w)
{
	for (long i = 0; i < n_items; i++)
		if (strcmp(items[i].name, w) == 0)
			return i;
	if (n_items == cap_items)
		items = xrealloc(P, items, (size_t)(cap_items = cap_items ? 2 * cap_items : 64) *
		                                   sizeof *items);
	struct item *it = &items[n_items];
	memset(it, 0, sizeof *it);
	it->name = xmalloc(P, strlen(w) + 1);
	strcpy(it->name, w);
	return n_items++;
}

static void add_edge(long a, long b)
{
	struct item *it = &items[a];

	if (a == b)
		return;
	if (it->n_after == it->cap_after)
		it->after = xrealloc(P, it->after, (size_t)(it->cap_after = it->cap_after ? 2 * it->cap_after : 4) *
		                                           sizeof *it->after);
	it->after[it->n_after++] = b;
	items[b].before++;
}

static void print_item(long i, long *queue, long *tail)
{
	struct item *it = &items[i];

	puts(it->name);
	it->done = 1;
	for (long k = 0; k < it->n_after; k++)
		if (--items[it->after[k]].before == 0 && !items[it->after[k]].done)
			queue[(*tail)++] = it->after[k];
}

int main(int argc, char **argv)
{
	char *arg, word[1024];
	long first = -1;
	int status = 0;

	if (option_arg(argc, argv, P, "", &arg) != -1 || argc - optind > 1) {
		fputs("usage: tsort [file]\n", stderr);
		return 2;
	}
	FILE *f = input_open(P, optind < argc ? argv[optind] : "-");
	if (!f)
		return 1;
	while (fscanf(f, "%1023s", word) == 1) {
		long i = intern(word);
		if (first < 0) {
			first = i;
		} else {
			add_edge(first, i);
			first = -1;
		}
	}
	input_close(f);
	if (first >= 0) {
		fputs(P ": an odd number of items\n", stderr);
		return 1;
	}
	long *queue = xmalloc(P, (size_t)(n_items + 1) * sizeof *queue), head = 0, tail = 0;
	for (long i = 0; i < n_items; i++)
		if (items[i].before == 0)
			queue[tail++] = i;
	for (long printed = 0; printed < n_items;) {
		if (head < tail) {
			print_item(queue[head++], queue, &tail);
			printed++;
			continue;
		}
		/* A cycle: the first item left is on one or after one. */
		long i = 0;
		while (items[i].done)
			i++;
		fprintf(stderr, P ": a cycle through %s\n", items[i].name);
		status = 1;
		items[i].before = 0;
		head = tail = 0;
		print_item(i, queue, &tail);
		printed++;
	}
	return output_flush(P) < 0 ? 1 : status;
}
