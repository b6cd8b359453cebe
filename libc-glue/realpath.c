/* realpath(): newlib has none for this target. The walk is path_walk.c's;
 * here the file system answers its questions. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syslimits.h>
#include <unistd.h>
#include "libc-glue/path_walk.h"

static enum path_kind lookup(const char *prefix, void *ctx)
{
	struct stat st;

	(void)ctx;
	if (stat(prefix, &st) < 0)
		return PATH_MISSING;
	return S_ISDIR(st.st_mode) ? PATH_DIR : PATH_OTHER;
}

/* resolved: PATH_MAX bytes, or NULL to have one allocated (POSIX.1-2008). */
char *realpath(const char *path, char *resolved)
{
	char cwd[PATH_MAX], out[PATH_MAX];

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	if (path[0] != '/' && !getcwd(cwd, sizeof cwd))
		return NULL;
	if (path_walk(cwd, path, out, sizeof out, lookup, NULL) < 0)
		return NULL;
	if (!resolved)
		return strdup(out);
	memcpy(resolved, out, strlen(out) + 1);
	return resolved;
}
