/* The end of a utility's output. stdout is buffered, so a write that
 * fails may do so only when it is flushed, or may have failed earlier and
 * left the stream's error flag set: either is reported once, at the end,
 * as "prog: write error: <reason>".
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_OUTPUT_H
#define APPS_LIB_OUTPUT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Flushes stdout. 0, or -1 after the message above: the caller then exits
 * with its error status. */
static inline int output_flush(const char *prog)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", prog, strerror(errno));
		return -1;
	}
	return 0;
}

#endif
