/* The initrd's cpio reader against the archive the build makes, and
 * against truncated, corrupted and hand-made bad archives. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kernel/cpio.h"

static char *archive;
static size_t archive_size;
/* The exhaustive tests (every cut, every byte) are quadratic in the size:
 * they run on `small`, the initrd's entries of at most 4 KiB each (its
 * directories and small files) and its trailer, a valid archive of the
 * same shapes. */
static char *small;
static size_t small_size;

static void make_small(void)
{
	small = malloc(archive_size);
	small_size = 0;
	word_t off = 0, start = 0;
	struct cpio_entry e;
	const char *err = NULL;
	int r;
	while ((r = cpio_next(archive, archive_size, &off, &e, &err)) == 1) {
		if (off - start <= 4096) {
			memcpy(small + small_size, archive + start, off - start);
			small_size += off - start;
		}
		start = off;
	}
	cr_assert_eq(r, 0, "the initrd does not parse: %s", err);
	memcpy(small + small_size, archive + start, archive_size - start); /* the trailer */
	small_size += archive_size - start;
}

static void load_initrd(void)
{
	const char *path = getenv("RATION_INITRD");
	FILE *f = fopen(path && *path ? path : "build/initrd.cpio", "rb");
	cr_assert_not_null(f, "build/initrd.cpio missing: run make first");
	fseek(f, 0, SEEK_END);
	archive_size = (size_t)ftell(f);
	rewind(f);
	archive = malloc(archive_size);
	cr_assert_eq(fread(archive, 1, archive_size, f), archive_size);
	fclose(f);
	make_small();
}

static void unload(void)
{
	free(archive);
	free(small);
}

/* Walks the whole archive: 0 at the trailer, -1 on an error. */
static int walk(const void *a, word_t size, int *entries)
{
	word_t off = 0;
	struct cpio_entry e;
	const char *err = NULL;
	int r;
	*entries = 0;
	while ((r = cpio_next(a, size, &off, &e, &err)) == 1)
		(*entries)++;
	if (r < 0)
		cr_assert_not_null(err, "an error must come with a message");
	return r;
}

TestSuite(cpio, .init = load_initrd, .fini = unload);

Test(cpio, finds_a_file_of_the_initrd)
{
	struct cpio_entry e;
	const char *err = NULL;
	cr_assert_eq(cpio_find(archive, archive_size, "etc/motd", &e, &err), 1);
	cr_expect_str_eq(e.name, "etc/motd");
	cr_expect_eq(e.mode & CPIO_MODE_TYPE, CPIO_MODE_FILE);
	const char *want = "Welcome to Ration.\n";
	cr_assert_eq(e.size, strlen(want));
	cr_expect_arr_eq(e.data, want, e.size);
	cr_expect_eq(cpio_find(archive, archive_size, "/etc/motd", &e, &err), 1,
	             "a leading slash is ignored");
}

/* The build writes each file's modification time (seconds since the
 * epoch) into its header: after 2020, and not in the future. */
Test(cpio, entries_carry_their_modification_time)
{
	struct cpio_entry e;
	const char *err = NULL;
	cr_assert_eq(cpio_find(archive, archive_size, "etc/motd", &e, &err), 1);
	uint32_t mtime = cpio_mtime(&e);
	cr_expect_gt(mtime, 1577836800u, "mtime %u is before 2020", mtime);
	cr_expect_leq(mtime, (uint32_t)time(NULL), "mtime %u is in the future", mtime);
}

Test(cpio, missing_file_is_not_found)
{
	struct cpio_entry e;
	const char *err = NULL;
	cr_expect_eq(cpio_find(archive, archive_size, "etc/nothing", &e, &err), 0);
}

Test(cpio, directories_are_entries_with_directory_mode)
{
	struct cpio_entry e;
	const char *err = NULL;
	cr_assert_eq(cpio_find(archive, archive_size, "etc", &e, &err), 1);
	cr_expect_eq(e.mode & CPIO_MODE_TYPE, CPIO_MODE_DIR);
}

Test(cpio, every_truncation_is_an_error)
{
	int entries;
	cr_assert_eq(walk(small, small_size, &entries), 0);
	cr_assert_gt(entries, 3);
	/* cpio pads the archive to 512 bytes after the trailer; every cut
	 * before the trailer's name ends must fail. */
	char *trailer = memmem(small, small_size, "TRAILER!!!", 11);
	cr_assert_not_null(trailer);
	size_t end = (size_t)(trailer - small) + 11;
	for (size_t len = 0; len < end; len++) {
		char *copy = malloc(len ? len : 1); /* exact size: ASan sees overreads */
		memcpy(copy, small, len);
		int r = walk(copy, len, &entries);
		free(copy);
		cr_assert_eq(r, -1, "truncated to %zu bytes, walk returned %d", len, r);
	}
}

Test(cpio, corrupted_bytes_never_read_outside)
{
	char *copy = malloc(small_size);
	int entries;
	for (size_t i = 0; i < small_size; i++) {
		static const unsigned char values[] = { 0, '0', 'f', 'z', 0xff };
		for (size_t v = 0; v < sizeof(values); v++) {
			memcpy(copy, small, small_size);
			copy[i] = (char)values[v];
			walk(copy, small_size, &entries); /* any result, no overread */
		}
	}
	free(copy);
}

/* A one-entry archive written by hand, fields given as numbers. */
static size_t make_entry(char *buf, const char *magic, uint32_t filesize, uint32_t namesize,
                         const char *name)
{
	int n = sprintf(buf, "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", magic, 1,
	                0100644, 0, 0, 1, 0, filesize, 0, 0, 0, 0, namesize, 0);
	memcpy(buf + n, name, strlen(name) + 1);
	return (size_t)n + strlen(name) + 1;
}

static void expect_error(const char *buf, size_t len, const char *message)
{
	word_t off = 0;
	struct cpio_entry e;
	const char *err = NULL;
	cr_expect_eq(cpio_next(buf, len, &off, &e, &err), -1);
	cr_expect_str_eq(err ? err : "", message);
	cr_expect_eq(off, 0, "a failed read does not move the offset");
}

Test(cpio, malformed_headers_give_specific_errors)
{
	char buf[512];
	size_t n;
	n = make_entry(buf, "070707", 0, 2, "a");
	expect_error(buf, n, "cpio: bad magic (not a newc archive)");
	n = make_entry(buf, "070701", 0, 2, "a");
	buf[6 + 8 * 6] = 'g'; /* filesize field */
	expect_error(buf, n, "cpio: header field is not hexadecimal");
	n = make_entry(buf, "070701", 0, 0, "a");
	expect_error(buf, n, "cpio: bad name size");
	n = make_entry(buf, "070701", 0, 200, "a");
	expect_error(buf, n, "cpio: name runs past the archive");
	n = make_entry(buf, "070701", 0, 2, "ab"); /* NUL is not at namesize-1 */
	expect_error(buf, n, "cpio: name is not NUL-terminated");
	n = make_entry(buf, "070701", 100, 2, "a");
	expect_error(buf, n, "cpio: file data runs past the archive");
}
