/* Path names, as the file utilities take them apart and put them
 * together. No symbolic links and no look-ups: these are strings.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_PATH_H
#define APPS_LIB_PATH_H

#include <string.h>
#include "apps/lib/alloc.h"

/* The last component of path, trailing slashes dropped: where it starts,
 * and its length in *len. *len is 0 for "/" (any number of slashes) and
 * for "". */
static inline const char *path_last(const char *path, size_t *len)
{
	size_t n = strlen(path);
	const char *last;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (last = path + n; last > path && last[-1] != '/'; last--)
		;
	*len = n - (size_t)(last - path);
	return last;
}

/* dir/ and the first len bytes of name, without a second slash when dir
 * ends in one; malloc'ed (out of memory: prog says so and exits). */
static inline char *path_join_n(const char *prog, const char *dir, const char *name, size_t len)
{
	size_t dl = strlen(dir);
	char *p = xmalloc(prog, dl + len + 2);

	memcpy(p, dir, dl);
	if (dl > 0 && dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, name, len);
	p[dl + len] = '\0';
	return p;
}

/* dir/name, as path_join_n. */
static inline char *path_join(const char *prog, const char *dir, const char *name)
{
	return path_join_n(prog, dir, name, strlen(name));
}

/* dir/ and the last component of path: where cp and mv put path when
 * their target is a directory. */
static inline char *path_into_dir(const char *prog, const char *dir, const char *path)
{
	size_t len;
	const char *last = path_last(path, &len);

	return path_join_n(prog, dir, last, len);
}

#endif
