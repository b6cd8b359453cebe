/* The initrd's tree (personality/path.c): finding paths and listing
 * directories in a small cpio archive made here, with directories the
 * archive holds only implicitly. (Walking a path, ".", ".." and the
 * working directory: test_vfs.c, on the real walk.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "personality/path.h"

/* ---- a small archive --------------------------------------------------------- */
static uint8_t arc[4096];
static size_t arc_len;

static void pad4(void)
{
	while (arc_len % 4)
		arc[arc_len++] = 0;
}

/* One newc entry: header, name, data. */
static void add(const char *name, unsigned mode, const char *data)
{
	size_t n = strlen(name) + 1, size = data ? strlen(data) : 0;
	char hdr[111];
	snprintf(hdr, sizeof hdr, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", 1u,
	         mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)n, 0u);
	cr_assert_lt(arc_len + 110 + n + size + 8, sizeof arc);
	memcpy(arc + arc_len, hdr, 110);
	arc_len += 110;
	memcpy(arc + arc_len, name, n);
	arc_len += n;
	pad4();
	if (size)
		memcpy(arc + arc_len, data, size);
	arc_len += size;
	pad4();
}

#define DIR_MODE  (CPIO_MODE_DIR | 0755)
#define FILE_MODE (CPIO_MODE_FILE | 0644)

/* etc/ and lib/ are entries; bin, usr, usr/share, usr/share/doc are only
 * implied by the names below them; lib/ comes after its file (an unsorted
 * archive); binx is a file whose name starts like bin's. */
static void make_archive(void)
{
	arc_len = 0;
	add("etc", DIR_MODE, NULL);
	add("etc/motd", FILE_MODE, "hello\n");
	add("bin/sh", FILE_MODE | 0111, "\177ELF");
	add("binx", FILE_MODE, "x");
	add("usr/share/doc/readme", FILE_MODE, "read me");
	add("lib/libc.a", FILE_MODE, "!<arch>");
	add("lib", DIR_MODE, NULL);
	add("bin/ls", FILE_MODE | 0111, "\177ELF");
	add("TRAILER!!!", 0, NULL);
}

TestSuite(vfs_tree, .init = make_archive);

static struct cpio_entry e;
static uint64_t ino;

static int find(const char *path)
{
	memset(&e, 0, sizeof e);
	ino = 0;
	return path_find(arc, arc_len, path, &e, &ino);
}

static bool entry_is_dir(void)
{
	return (e.mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR;
}

Test(vfs_tree, finds_a_file_with_its_data)
{
	cr_assert_eq(find("etc/motd"), 0);
	cr_expect_not(entry_is_dir());
	cr_expect_eq(e.size, 6);
	cr_expect_eq(memcmp(e.data, "hello\n", 6), 0);
	cr_expect_geq(ino, 16);
}

Test(vfs_tree, finds_a_directory_that_is_an_entry)
{
	cr_assert_eq(find("etc"), 0);
	cr_expect(entry_is_dir());
	cr_assert_eq(find("lib"), 0);
	cr_expect(entry_is_dir());
}

Test(vfs_tree, missing_path_is_enoent)
{
	cr_expect_eq(find("etc/passwd"), -PX_ENOENT);
	cr_expect_eq(find("nosuch"), -PX_ENOENT);
	cr_expect_eq(find("nosuch/x"), -PX_ENOENT);
	cr_expect_eq(find("usr/share/doc/readme2"), -PX_ENOENT);
}

Test(vfs_tree, path_through_a_file_is_enotdir)
{
	cr_expect_eq(find("etc/motd/x"), -PX_ENOTDIR);
	cr_expect_eq(find("etc/motd/x/y"), -PX_ENOTDIR);
	cr_expect_eq(find("binx/sh"), -PX_ENOTDIR);
	cr_expect_eq(find("usr/share/doc/readme/more"), -PX_ENOTDIR);
}

Test(vfs_tree, directory_only_implied_by_names_below_it_is_found)
{
	cr_assert_eq(find("bin"), 0);
	cr_expect(entry_is_dir());
	cr_expect_eq(e.size, 0);
	cr_assert_eq(find("usr"), 0);
	cr_expect(entry_is_dir());
	cr_assert_eq(find("usr/share/doc"), 0);
	cr_expect(entry_is_dir());
	cr_assert_eq(find("usr/share/doc/readme"), 0);
	cr_expect_not(entry_is_dir());
}

Test(vfs_tree, only_whole_components_match)
{
	cr_expect_eq(find("bi"), -PX_ENOENT);
	cr_expect_eq(find("us"), -PX_ENOENT);
	cr_expect_eq(find("usr/sh"), -PX_ENOENT);
	cr_expect_eq(find("bin/s"), -PX_ENOENT);
	cr_assert_eq(find("binx"), 0);
	cr_expect_not(entry_is_dir());
}

/* What path_of_ino gives for the number path_find gave for path. */
static void expect_number_names(const char *path)
{
	char back[PX_PATH_MAX];
	cr_assert_eq(find(path), 0, "%s", path);
	cr_assert_eq(path_of_ino(arc, arc_len, ino, back), 0, "%s: ino %lu", path,
	             (unsigned long)ino);
	cr_expect_str_eq(back, path);
}

Test(vfs_tree, a_nodes_number_names_it_again)
{
	expect_number_names("etc");
	expect_number_names("etc/motd");
	expect_number_names("bin");
	expect_number_names("usr");
	expect_number_names("usr/share");
	expect_number_names("usr/share/doc");
	expect_number_names("usr/share/doc/readme");
	expect_number_names("lib");
}

Test(vfs_tree, nodes_have_different_numbers)
{
	const char *paths[] = { "etc", "etc/motd",  "bin",           "bin/sh", "binx",
		                "usr", "usr/share", "usr/share/doc", "lib",    "lib/libc.a" };
	uint64_t inos[10];
	for (int i = 0; i < 10; i++) {
		cr_assert_eq(find(paths[i]), 0, "%s", paths[i]);
		inos[i] = ino;
		for (int k = 0; k < i; k++)
			cr_expect_neq(inos[k], inos[i], "%s and %s", paths[k], paths[i]);
	}
}

Test(vfs_tree, a_number_of_no_node_is_ebadf)
{
	char back[PX_PATH_MAX];
	cr_expect_eq(path_of_ino(arc, arc_len, 0, back), -PX_EBADF);
	cr_expect_eq(path_of_ino(arc, arc_len, 3, back), -PX_EBADF);
	cr_expect_eq(path_of_ino(arc, arc_len, arc_len + 100, back), -PX_EBADF);
	cr_assert_eq(find("etc/motd"), 0);
	cr_expect_eq(path_of_ino(arc, arc_len, ino + 1, back), -PX_EBADF); /* mid-name */
}

/* The children of dir, "name/" for a directory, joined by spaces. */
static const char *children(const char *dir)
{
	static char list[512];
	char name[PX_NAME_MAX + 1];
	struct path_cursor cur = { 0 };
	bool is_dir;
	list[0] = 0;
	while (path_next_child(arc, arc_len, dir, &cur, name, &is_dir)) {
		if (list[0])
			strcat(list, " ");
		strcat(list, name);
		if (is_dir)
			strcat(list, "/");
		cr_assert_lt(strlen(list), 400, "runaway listing: %s", list);
	}
	return list;
}

Test(vfs_tree, root_lists_each_child_once_implicit_ones_too)
{
	cr_expect_str_eq(children(""), "etc/ bin/ binx usr/ lib/");
}

Test(vfs_tree, directories_list_their_own_children)
{
	cr_expect_str_eq(children("etc"), "motd");
	cr_expect_str_eq(children("bin"), "sh ls");
	cr_expect_str_eq(children("usr"), "share/");
	cr_expect_str_eq(children("usr/share"), "doc/");
	cr_expect_str_eq(children("lib"), "libc.a");
	cr_expect_str_eq(children("etc/motd"), "");
	cr_expect_str_eq(children("bi"), "");
}

/* The archive the build makes: every program of /bin listed once, and /bin
 * found as the directory it is. */
Test(vfs_tree, the_builds_initrd_lists_bin_once_each)
{
	const char *path = getenv("RATION_INITRD");
	FILE *f = fopen(path && *path ? path : "build/initrd.cpio", "rb");
	cr_assert_not_null(f, "build/initrd.cpio missing: run make first");
	static uint8_t big[8 << 20];
	size_t size = fread(big, 1, sizeof big, f);
	fclose(f);
	cr_assert_lt(size, sizeof big);

	unsigned entries = 0, listed = 0, sh = 0;
	struct cpio_entry ent;
	const char *err;
	word_t off = 0;
	while (cpio_next(big, size, &off, &ent, &err) == 1)
		entries += strncmp(ent.name, "bin/", 4) == 0;
	struct path_cursor cur = { 0 };
	char name[PX_NAME_MAX + 1];
	bool is_dir;
	while (path_next_child(big, size, "bin", &cur, name, &is_dir)) {
		listed++;
		sh += strcmp(name, "sh") == 0;
		cr_expect_not(is_dir, "bin/%s", name);
	}
	cr_expect_gt(entries, 10);
	cr_expect_eq(listed, entries);
	cr_expect_eq(sh, 1);
	cr_assert_eq(path_find(big, size, "bin", &e, &ino), 0);
	cr_expect(entry_is_dir());
	cr_expect_eq(path_find(big, size, "bin/sh/x", &e, &ino), -PX_ENOTDIR);
}
