/* The initrd's tree (path.h). Only memcmp, memcpy and strlen
 * from the C library: the server has no other (kernel/string.h). */
#include "personality/path.h"

#include "kernel/string.h"

static bool is_dir(const struct cpio_entry *e)
{
	return (e->mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR;
}

/* Where name's first component below dir (dlen bytes) starts, its length
 * in *n; NULL if name is not below dir. */
static const char *below(const char *dir, size_t dlen, const char *name, size_t *n)
{
	if (dlen > 0) {
		if (memcmp(name, dir, dlen) != 0 || name[dlen] != '/')
			return 0;
		name += dlen + 1;
	}
	size_t k = 0;
	while (name[k] && name[k] != '/')
		k++;
	*n = k;
	return k ? name : 0;
}

int path_find(const void *initrd, uint64_t size, const char *path, struct cpio_entry *e,
              uint64_t *ino)
{
	const uint8_t *base = initrd;
	const char *err;
	size_t len = strlen(path);
	if (len == 0 || len >= PATH_INITRD_MAX)
		return -PX_ENOENT;
	if (cpio_find(initrd, size, path, e, &err) == 1) {
		*ino = (uint64_t)((const uint8_t *)e->name - base);
		return 0;
	}
	/* ENOTDIR if some prefix is a file. */
	char prefix[PATH_INITRD_MAX];
	for (size_t i = 1; i < len; i++) {
		if (path[i] != '/')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = 0;
		if (cpio_find(initrd, size, prefix, e, &err) == 1 && !is_dir(e))
			return -PX_ENOTDIR;
	}
	/* An implicit directory: its number is the offset of the '/' after
	 * it in the first name below it (a name never starts with '/', so no
	 * explicit node has that number). */
	word_t off = 0;
	size_t n;
	while (cpio_next(initrd, size, &off, e, &err) == 1) {
		if (!below(path, len, e->name, &n))
			continue;
		*ino = (uint64_t)((const uint8_t *)e->name + len - base);
		e->name = 0;
		e->data = 0;
		e->size = 0;
		e->mode = CPIO_MODE_DIR | 0755;
		return 0;
	}
	return -PX_ENOENT;
}

int path_of_ino(const void *initrd, uint64_t size, uint64_t ino, char out[PATH_INITRD_MAX])
{
	const uint8_t *base = initrd;
	struct cpio_entry e;
	const char *err;
	word_t off = 0;
	while (cpio_next(initrd, size, &off, &e, &err) == 1) {
		uint64_t at = (uint64_t)((const uint8_t *)e.name - base);
		size_t len = strlen(e.name), n;
		/* The whole name, or the directory before the '/' at ino. */
		if (ino == at)
			n = len;
		else if (ino > at && ino < at + len && e.name[ino - at] == '/')
			n = (size_t)(ino - at);
		else
			continue;
		if (n >= PATH_INITRD_MAX)
			return -PX_EBADF;
		memcpy(out, e.name, n);
		out[n] = 0;
		return 0;
	}
	return -PX_EBADF;
}

/* Whether the child c[0..n) of dir, implied by the entry at offset at,
 * is given by another entry: one that names it exactly, or one before at
 * that implies it too. */
static bool given_elsewhere(const void *initrd, uint64_t size, word_t at, const char *dir,
                            size_t dlen, const char *c, size_t n)
{
	struct cpio_entry e;
	const char *err;
	word_t off = 0;
	for (;;) {
		word_t here = off;
		size_t k;
		if (cpio_next(initrd, size, &off, &e, &err) != 1)
			return false;
		const char *d = below(dir, dlen, e.name, &k);
		if (!d || k != n || memcmp(d, c, n) != 0)
			continue;
		if (!d[n] || here < at)
			return true;
	}
}

/* An entry naming a child exactly gives it; the first entry implying a
 * child no entry names gives it. A run of entries implying the same child
 * (bin/cat, bin/cp: a sorted archive) is decided once, by cur->last, so a
 * listing costs a pass over the archive per run, not per entry. */
int path_next_child(const void *initrd, uint64_t size, const char *dir, struct path_cursor *cur,
                    char name[PX_NAME_MAX + 1], bool *dir_out)
{
	size_t dlen = strlen(dir), n;
	struct cpio_entry e;
	const char *err;
	word_t off = cur->off;
	for (;;) {
		word_t at = off;
		if (cpio_next(initrd, size, &off, &e, &err) != 1)
			break;
		const char *c = below(dir, dlen, e.name, &n);
		if (!c || n > PX_NAME_MAX)
			continue;
		bool implied = c[n] == '/';
		bool same = memcmp(cur->last, c, n) == 0 && cur->last[n] == 0;
		memcpy(cur->last, c, n);
		cur->last[n] = 0;
		if (implied && (same || given_elsewhere(initrd, size, at, dir, dlen, c, n)))
			continue;
		memcpy(name, c, n);
		name[n] = 0;
		*dir_out = implied || is_dir(&e);
		cur->off = off;
		return 1;
	}
	cur->off = off;
	return 0;
}

bool path_same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}
