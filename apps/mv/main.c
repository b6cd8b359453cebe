/* mv: moves (renames) files.
 *   mv source target
 *   mv source... directory
 * The first form renames source to target, replacing a file of that
 * name; the second moves each source into directory under its own last
 * name. This is also the form used when target is an existing directory.
 * A move is one rename(): within one file system, which is all Ration
 * has, that is all it takes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "apps/lib/cpmv.h"

static int move(const char *src, const char *dst)
{
	if (rename(src, dst) < 0) {
		fprintf(stderr, "mv: %s to %s: %s\n", src, dst, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	return cpmv_main("mv", argc, argv, move);
}
