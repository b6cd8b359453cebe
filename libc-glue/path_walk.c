/* realpath's walk along a path (path_walk.h): a name at a time, each
 * looked up before the next, so that "missing/.." fails as POSIX wants
 * instead of being cut away by text alone. */
#include <errno.h>
#include <string.h>
#include "libc-glue/path_walk.h"

/* out holds an absolute path of len bytes; drops its last name. */
static size_t drop_last(char *out, size_t len)
{
	while (len > 1 && out[len - 1] != '/')
		len--;
	if (len > 1)
		len--; /* the slash before it, unless it is the root's */
	out[len] = '\0';
	return len;
}

int path_walk(const char *cwd, const char *path, char *out, size_t size,
              enum path_kind (*kind)(const char *prefix, void *ctx), void *ctx)
{
	size_t len;

	if (!path[0]) {
		errno = ENOENT;
		return -1;
	}
	const char *start = path[0] == '/' ? "/" : cwd;
	len = strlen(start);
	if (len + 1 > size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, start, len + 1);

	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break; /* trailing slashes: the last name was a directory */
		if (n == 1 && p[0] == '.') {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			len = drop_last(out, len);
			p += n;
			continue;
		}
		size_t sep = len > 1; /* no second slash after the root's */
		if (len + sep + n + 1 > size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (sep)
			out[len++] = '/';
		memcpy(out + len, p, n);
		len += n;
		out[len] = '\0';
		p += n;

		enum path_kind k = kind(out, ctx);
		if (k == PATH_MISSING)
			return -1;
		/* Anything after this name (even a lone slash) needs a
		 * directory here. */
		if (k != PATH_DIR && *p) {
			errno = ENOTDIR;
			return -1;
		}
	}
	return 0;
}
