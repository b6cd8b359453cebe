/* Allocation for the utilities: a utility that runs out of memory says so
 * and exits with status 1 ("rm: out of memory"); it has nothing to fall
 * back on. prog is the name the message begins with.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_ALLOC_H
#define APPS_LIB_ALLOC_H

#include <stdio.h>
#include <stdlib.h>

_Noreturn static inline void out_of_memory(const char *prog)
{
	fprintf(stderr, "%s: out of memory\n", prog);
	exit(1);
}

static inline void *xmalloc(const char *prog, size_t n)
{
	void *p = malloc(n);

	if (!p)
		out_of_memory(prog);
	return p;
}

static inline void *xrealloc(const char *prog, void *old, size_t n)
{
	void *p = realloc(old, n);

	if (!p)
		out_of_memory(prog);
	return p;
}

#endif
