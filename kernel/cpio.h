/* Reader for cpio "newc" archives (the initrd the build makes with
 * `cpio -o -H newc`). Every field is bounds-checked against the archive's
 * size: a truncated or corrupted archive is an error with a message, never a
 * read outside it. Arch-independent; unit-tested on the host.
 *
 * newc layout: a 110-byte ASCII header ("070701" or "070702", then 13 fields
 * of 8 hex digits: ino mode uid gid nlink mtime filesize devmajor devminor
 * rdevmajor rdevminor namesize check), the name (namesize bytes including
 * its NUL) padded so header+name is a multiple of 4, then the data padded to
 * a multiple of 4. The entry named "TRAILER!!!" ends the archive. */
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H

#include "kernel/types.h"

#define CPIO_MODE_TYPE 0170000
#define CPIO_MODE_FILE 0100000
#define CPIO_MODE_DIR  0040000

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive; no leading "./" */
	const void *data;
	word_t size;
	uint32_t mode;
	const char *header; /* its header, for the fields read on demand */
};

/* An entry's modification time, seconds since the epoch (0 if the field
 * is not hexadecimal). Read on demand: walks need only names and sizes. */
uint32_t cpio_mtime(const struct cpio_entry *e);

/* Reads the entry at *offset and advances *offset past it. Returns 1 with
 * *e filled, 0 at the trailer, -1 with *err set if the archive is bad. */
int cpio_next(const void *archive, word_t size, word_t *offset, struct cpio_entry *e,
              const char **err);

/* Finds `path` (no leading "/" or "./"). Returns 1 if found, 0 if not, -1
 * with *err set if the archive is bad before the entry is reached. */
int cpio_find(const void *archive, word_t size, const char *path, struct cpio_entry *e,
              const char **err);

#endif
