/* realpath(): newlib has none for this target. The server walks the path
 * as every call does (every symbolic link followed, ".." after it) and
 * answers the path it reached (PX_REALPATH). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <rn/px_call.h>
#include "syscalls.h"

/* resolved: PATH_MAX bytes, or NULL to have one allocated (POSIX.1-2008). */
char *realpath(const char *restrict path, char *restrict resolved)
{
	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	if (px_put_path(path) < 0)
		return NULL;
	long r = px_call(PX_REALPATH, 0, 0, 0, NULL);
	if (r < 0 || r >= PX_PATH_MAX) { /* the server says ENAMETOOLONG first */
		px_return(r < 0 ? r : -PX_EIO);
		return NULL;
	}
	if (!resolved)
		return strdup(PX_SHARED);
	if (px_copy_out(resolved, PX_SHARED, (size_t)r + 1) < 0)
		return NULL;
	return resolved;
}
