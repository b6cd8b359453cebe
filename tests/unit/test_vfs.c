/* The namespace (personality/vfs.c) and the calls that change it
 * (vfs_change.c) on the fake kernel: tmpfs over a small initrd made here,
 * whose own bytes never change. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "personality/exec.h"
#include "personality/initrd.h"
#include "personality/fd.h"
#include "personality/proc.h"
#include "personality/tmpfs.h"
#include "personality/vfs.h"
#include "tests/unit/support/px/fake_kernel.h"

static struct proc *init, *p;
static char buf[PX_SHARED_SIZE]; /* the calls' shared buffer */

/* ---- a cpio (newc) archive ----------------------------------------------- */

static char archive[4096];
static size_t archive_len;

static void put(const void *bytes, size_t n)
{
	memcpy(archive + archive_len, bytes, n);
	archive_len += n;
	while (archive_len % 4)
		archive[archive_len++] = 0;
}

static void entry(const char *name, unsigned mode, const char *data)
{
	char head[128];
	unsigned size = data ? (unsigned)strlen(data) : 0, namesize = (unsigned)strlen(name) + 1;
	snprintf(head, sizeof(head), "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
	         0u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	memcpy(archive + archive_len, head, 110);
	archive_len += 110;
	put(name, namesize); /* the header and name pad to 4 together */
	if (size)
		put(data, size);
}

static const char motd[] = "welcome\n";

static void setup(void)
{
	fpk_setup();
	archive_len = 0;
	entry("etc", 040755, 0);
	entry("etc/motd", 0100644, motd);
	entry("etc/issue", 0100644, "Ration\n");
	entry("TRAILER!!!", 0, 0);
	fpk_initrd(archive, archive_len);
	init = fpk_process(18, 0);
	p = fpk_process(20, init);
	fd_init_console(p);
}

TestSuite(vfs, .init = setup);

/* A call with path in the shared buffer (and to after it, for rename). */
static char *path(const char *s)
{
	memset(buf, 0, sizeof(buf));
	strcpy(buf, s);
	return buf;
}

static long stat_path(const char *s, struct px_stat *st)
{
	long r = vfs_stat(p, path(s));
	memcpy(st, buf, sizeof(*st));
	return r;
}

static long rename_path(const char *from, const char *to)
{
	path(from);
	strcpy(buf + PX_PATH_MAX, to);
	return vfs_rename(p, buf);
}

static long open_path(const char *s, uint64_t flags)
{
	return fd_open(p, path(s), flags, 0644);
}

/* PX_GETCWD from offset 0: the path's length, the path in buf. */
static long getcwd_call(void)
{
	uint64_t version;
	memset(buf, 0, sizeof(buf));
	return vfs_getcwd(p, buf, 0, &version);
}

/* The entries of a directory, after "." and "..", joined by spaces. */
static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The entries of dir past "." and "..", sorted (readdir's order is the
 * file system's), separated by spaces. */
static const char *listing(const char *dir)
{
	static char out[512];
	static char names[32][PX_NAME_MAX + 1];
	struct vnode v;
	uint32_t kind;
	cr_assert_eq(vfs_resolve(p, path(dir), &v), 0, "%s", dir);
	size_t count = 0;
	uint64_t cursor = 0;
	while (count < 32 && vfs_dir_entry(&v, count + 2, names[count], &kind, &cursor))
		count++;
	qsort(names, count, sizeof(names[0]), by_name);
	out[0] = 0;
	for (size_t i = 0; i < count; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? " " : "",
		         names[i]);
	return out;
}

static const char *read_all(long fd)
{
	static char out[256];
	memset(out, 0, sizeof(out));
	cr_assert_geq(fd_read(p, (uint64_t)fd, out, sizeof(out) - 1), 0);
	return out;
}

Test(vfs, stat_of_an_initrd_file_gives_its_mode_and_size)
{
	struct px_stat st;
	cr_assert_eq(stat_path("/etc/motd", &st), 0);
	cr_assert_eq(st.mode, PX_S_IFREG | 0644);
	cr_assert_eq(st.size, sizeof(motd) - 1);
	cr_assert_eq(stat_path("/etc/none", &st), -PX_ENOENT);
	cr_assert_eq(stat_path("/etc/motd/x", &st), -PX_ENOTDIR);
}

Test(vfs, initrd_file_reads_its_bytes)
{
	long fd = open_path("/etc/motd", PX_O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_str_eq(read_all(fd), motd);
	cr_assert_eq(p->fs_pages, 0, "reading copies nothing");
}

Test(vfs, initrd_directory_lists_its_files_and_the_nodes_made_in_it)
{
	cr_assert_eq(open_path("/etc/new", PX_O_WRONLY | PX_O_CREAT), 3);
	cr_assert_str_eq(listing("/etc"), "issue motd new");
}

Test(vfs, mkdir_makes_a_directory_charged_to_the_caller)
{
	struct px_stat st;
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0700), 0);
	cr_assert_eq(stat_path("/tmp/d", &st), 0);
	cr_assert_eq(st.mode, PX_S_IFDIR | 0700);
	cr_assert_eq(p->fs_pages, 1);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d/e"), 0755), 0, "and inside it");
	cr_assert_str_eq(listing("/tmp/d"), "e");
}

Test(vfs, mkdir_of_an_existing_name_is_eexist)
{
	cr_assert_eq(vfs_mkdir(p, path("/etc"), 0755), -PX_EEXIST, "the initrd's");
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), -PX_EEXIST);
	cr_assert_eq(vfs_mkdir(p, path("/"), 0755), -PX_EEXIST);
	cr_assert_eq(p->fs_pages, 1);
}

Test(vfs, mkdir_in_dev_is_erofs_and_in_a_missing_directory_enoent)
{
	cr_assert_eq(vfs_mkdir(p, path("/dev/x"), 0755), -PX_EROFS);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/a/b"), 0755), -PX_ENOENT);
	cr_assert_eq(p->fs_pages, 0);
}

Test(vfs, rmdir_refuses_a_directory_with_entries)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d/e"), 0755), 0);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d")), -PX_ENOTEMPTY);
	cr_assert_eq(vfs_rmdir(p, path("/etc")), -PX_ENOTEMPTY, "the initrd's entries count");
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d/e")), 0);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d")), 0);
	cr_assert_eq(p->fs_pages, 0, "both nodes went back");
	cr_assert_eq(vfs_rmdir(p, path("/tmp")), -PX_EBUSY, "a mount point");
}

Test(vfs, unlink_of_a_directory_is_eisdir_and_rmdir_of_a_file_enotdir)
{
	cr_assert_eq(vfs_unlink(p, path("/etc")), -PX_EISDIR);
	cr_assert_eq(vfs_rmdir(p, path("/etc/motd")), -PX_ENOTDIR);
}

Test(vfs, unlink_of_an_initrd_file_hides_it_with_a_whiteout)
{
	struct px_stat st;
	uint64_t size;
	const uint8_t *initrd = initrd_bytes(&size);
	cr_assert_eq(vfs_unlink(p, path("/etc/motd")), 0);
	cr_assert_eq(stat_path("/etc/motd", &st), -PX_ENOENT);
	cr_assert_str_eq(listing("/etc"), "issue");
	cr_assert_eq(p->fs_pages, 1, "the whiteout is the caller's");
	cr_assert_not_null(memmem(initrd, size, motd, sizeof(motd) - 1), "the initrd keeps it");
	long fd = open_path("/etc/motd", PX_O_RDWR | PX_O_CREAT);
	cr_assert_geq(fd, 0, "a new file in its place");
	cr_assert_eq(stat_path("/etc/motd", &st), 0);
	cr_assert_eq(st.size, 0);
	cr_assert_str_eq(listing("/etc"), "issue motd");
}

Test(vfs, open_for_writing_copies_an_initrd_file_up)
{
	long fd = open_path("/etc/motd", PX_O_RDWR);
	cr_assert_geq(fd, 0);
	cr_assert_eq(p->fs_pages, 1, "a copy, charged to the opener");
	cr_assert_str_eq(read_all(fd), motd, "with the same bytes");
	cr_assert_eq(fd_write(p, (uint64_t)fd, "more\n", 5), 5);
	long again = open_path("/etc/motd", PX_O_RDONLY);
	cr_assert_str_eq(read_all(again), "welcome\nmore\n", "the copy shadows the initrd's");
	uint64_t size;
	const uint8_t *initrd = initrd_bytes(&size);
	cr_assert_null(memmem(initrd, size, "more\n", 5), "whose bytes never change");
	cr_assert_str_eq(listing("/etc"), "issue motd", "one name (a node now)");
}

Test(vfs, open_with_o_trunc_of_an_initrd_file_copies_nothing)
{
	struct px_stat st;
	long fd = open_path("/etc/motd", PX_O_WRONLY | PX_O_TRUNC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(stat_path("/etc/motd", &st), 0);
	cr_assert_eq(st.size, 0);
}

Test(vfs, copy_up_with_a_full_budget_is_enospc_and_changes_nothing)
{
	struct proc *small = fpk_process(16, init);
	fd_init_console(small);
	char name[32];
	long r;
	unsigned i = 0;
	do {
		snprintf(name, sizeof(name), "/tmp/f%u", i++);
		r = fd_open(small, path(name), PX_O_RDWR | PX_O_CREAT, 0644);
	} while (r >= 0 && i < 64);
	cr_assert(r < 0, "the budget fills");
	unsigned pages = small->fs_pages;
	cr_assert_eq(fd_open(small, path("/etc/motd"), PX_O_RDWR, 0), -PX_ENOSPC);
	cr_assert_eq(small->fs_pages, pages);
	cr_assert_eq(vfs_chmod(small, path("/etc/issue"), 0600), -PX_ENOSPC);
	struct px_stat st;
	cr_assert_eq(stat_path("/etc/issue", &st), 0);
	cr_assert_eq(st.mode, PX_S_IFREG | 0644, "as it was");
	cr_assert_str_eq(listing("/etc"), "issue motd");
}

Test(vfs, chmod_of_an_initrd_file_copies_it_up_first)
{
	struct px_stat st;
	cr_assert_eq(vfs_chmod(p, path("/etc/issue"), 0600), 0);
	cr_assert_eq(stat_path("/etc/issue", &st), 0);
	cr_assert_eq(st.mode, PX_S_IFREG | 0600);
	cr_assert_eq(st.size, 7);
	cr_assert_eq(p->fs_pages, 1);
	cr_assert_eq(vfs_chmod(p, path("/etc"), 0700), -PX_EROFS, "an initrd directory stays");
}

Test(vfs, rename_moves_a_file_and_replaces_the_target)
{
	long a = open_path("/tmp/a", PX_O_RDWR | PX_O_CREAT);
	cr_assert_eq(fd_write(p, (uint64_t)a, "AAA", 3), 3);
	cr_assert_geq(open_path("/tmp/b", PX_O_RDWR | PX_O_CREAT), 0);
	cr_assert_eq(vfs_mkdir(p, path("/home/d"), 0755), 0);
	fd_exit(p); /* nothing open: b's node can go */
	unsigned pages = p->fs_pages;
	cr_assert_eq(rename_path("/tmp/a", "/tmp/b"), 0);
	cr_assert_eq(p->fs_pages, pages - 1, "the old b went");
	cr_assert_eq(rename_path("/tmp/b", "/home/d/c"), 0, "across directories");
	cr_assert_str_eq(listing("/tmp"), "");
	struct px_stat st;
	cr_assert_eq(stat_path("/home/d/c", &st), 0);
	cr_assert_eq(st.size, 3);
}

Test(vfs, rename_of_an_initrd_file_copies_it_and_hides_the_old_name)
{
	cr_assert_eq(rename_path("/etc/motd", "/tmp/motd"), 0);
	cr_assert_str_eq(listing("/etc"), "issue");
	cr_assert_str_eq(listing("/tmp"), "motd");
	long fd = open_path("/tmp/motd", PX_O_RDONLY);
	cr_assert_str_eq(read_all(fd), motd);
	cr_assert_eq(p->fs_pages, 2, "the copy and the whiteout");
}

Test(vfs, rename_refuses_what_it_cannot_do)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(rename_path("/tmp/d", "/tmp/d/e"), -PX_EINVAL, "into itself");
	cr_assert_eq(rename_path("/etc", "/tmp/etc"), -PX_EXDEV, "an initrd directory");
	cr_assert_eq(rename_path("/etc/motd", "/dev/motd"), -PX_EXDEV);
	cr_assert_eq(rename_path("/etc/motd", "/tmp/d"), -PX_EISDIR);
	cr_assert_eq(rename_path("/tmp/none", "/tmp/x"), -PX_ENOENT);
	cr_assert_str_eq(listing("/etc"), "issue motd", "nothing changed");
}

Test(vfs, relative_paths_start_at_the_working_directory)
{
	cr_assert_eq(vfs_chdir(p, path("/tmp")), 0);
	cr_assert_eq(vfs_mkdir(p, path("d"), 0755), 0);
	cr_assert_eq(vfs_chdir(p, path("d")), 0);
	cr_assert_eq(getcwd_call(), 6, "the length");
	cr_assert_str_eq(buf, "/tmp/d");
	cr_assert_geq(open_path("../f", PX_O_RDWR | PX_O_CREAT), 0);
	cr_assert_str_eq(listing("/tmp"), "d f");
	cr_assert_eq(vfs_chdir(p, path("/etc/motd")), -PX_ENOTDIR);
}

Test(vfs, rmdir_of_dot_or_dot_dot_is_einval_and_removes_nothing)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(vfs_chdir(p, path("/tmp/d")), 0);
	cr_assert_eq(vfs_rmdir(p, path(".")), -PX_EINVAL, "the working directory");
	cr_assert_eq(vfs_rmdir(p, path("./")), -PX_EINVAL);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d/.")), -PX_EINVAL);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d/..")), -PX_EINVAL);
	cr_assert_str_eq(listing("/tmp"), "d", "nothing went");
	cr_assert_eq(vfs_chdir(p, path("/")), 0);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d")), 0, "by its name it goes");
}

Test(vfs, open_of_a_directory_with_o_creat_is_eisdir)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(open_path("/tmp/d", PX_O_RDONLY | PX_O_CREAT), -PX_EISDIR);
	cr_assert_eq(open_path("/etc", PX_O_RDONLY | PX_O_CREAT), -PX_EISDIR, "an initrd one");
	cr_assert_geq(open_path("/tmp/d", PX_O_RDONLY), 0, "without O_CREAT it opens");
}

/* ---- links -------------------------------------------------------------------- */

/* Calls with two paths in the buffer, as rename_path. */
static long link_path(const char *from, const char *to)
{
	path(from);
	strcpy(buf + PX_PATH_MAX, to);
	return vfs_link(p, buf);
}

static long symlink_path(const char *target, const char *at)
{
	path(target);
	strcpy(buf + PX_PATH_MAX, at);
	return vfs_symlink(p, buf);
}

static long lstat_path(const char *s, struct px_stat *st)
{
	long r = vfs_lstat(p, path(s));
	memcpy(st, buf, sizeof(*st));
	return r;
}

static const char *readlink_of(const char *s)
{
	static char out[PX_PATH_MAX];
	long n = vfs_readlink(p, path(s));
	cr_assert_geq(n, 0, "readlink %s: %ld", s, n);
	memcpy(out, buf, (size_t)n);
	out[n] = 0;
	return out;
}

Test(vfs, hard_link_is_the_same_file_under_two_names)
{
	struct px_stat a, b;
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	long fd = open_path("/tmp/a", PX_O_RDWR | PX_O_CREAT);
	cr_assert_eq(fd_write(p, (uint64_t)fd, "one", 3), 3);
	cr_assert_eq(link_path("/tmp/a", "/tmp/d/b"), 0);
	cr_assert_eq(stat_path("/tmp/a", &a), 0);
	cr_assert_eq(stat_path("/tmp/d/b", &b), 0);
	cr_assert_eq(a.ino, b.ino);
	cr_assert_eq(a.nlink, 2);
	cr_assert_eq(b.size, 3);
	cr_assert_str_eq(listing("/tmp/d"), "b");
	cr_assert_eq(vfs_unlink(p, path("/tmp/a")), 0);
	cr_assert_eq(stat_path("/tmp/d/b", &b), 0);
	cr_assert_eq(b.nlink, 1, "one name left");
	cr_assert_str_eq(read_all(open_path("/tmp/d/b", PX_O_RDONLY)), "one");
}

Test(vfs, link_refuses_what_posix_refuses_and_changes_nothing)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_geq(open_path("/tmp/a", PX_O_RDWR | PX_O_CREAT), 0);
	unsigned pages = p->fs_pages;
	cr_assert_eq(link_path("/tmp/d", "/tmp/e"), -PX_EPERM, "a directory");
	cr_assert_eq(link_path("/etc", "/tmp/e"), -PX_EPERM, "an initrd directory");
	cr_assert_eq(link_path("/tmp/a", "/tmp/d"), -PX_EEXIST);
	cr_assert_eq(link_path("/tmp/a", "/tmp/a"), -PX_EEXIST);
	cr_assert_eq(link_path("/tmp/none", "/tmp/e"), -PX_ENOENT);
	cr_assert_eq(link_path("/tmp/a", "/tmp/none/e"), -PX_ENOENT);
	cr_assert_eq(link_path("/tmp/a/x", "/tmp/e"), -PX_ENOTDIR);
	cr_assert_eq(link_path("/tmp/a", "/dev/a"), -PX_EROFS);
	cr_assert_eq(link_path("/dev/null", "/tmp/null"), -PX_EXDEV);
	cr_assert_eq(p->fs_pages, pages, "no page taken");
	cr_assert_str_eq(listing("/tmp"), "a d");
}

Test(vfs, link_to_an_initrd_file_copies_it_up_once)
{
	struct px_stat a, b;
	cr_assert_eq(link_path("/etc/motd", "/tmp/m"), 0);
	cr_assert_eq(stat_path("/etc/motd", &a), 0);
	cr_assert_eq(stat_path("/tmp/m", &b), 0);
	cr_assert_eq(a.ino, b.ino, "the copy is both names' file");
	cr_assert_eq(a.nlink, 2);
	cr_assert_eq(p->fs_pages, 2, "the copy and the name, the linker's");
	long fd = open_path("/tmp/m", PX_O_WRONLY | PX_O_TRUNC);
	cr_assert_eq(fd_write(p, (uint64_t)fd, "new\n", 4), 4);
	cr_assert_str_eq(read_all(open_path("/etc/motd", PX_O_RDONLY)), "new\n");
}

Test(vfs, rename_over_another_name_of_the_same_file_does_nothing)
{
	struct px_stat st;
	cr_assert_geq(open_path("/tmp/a", PX_O_RDWR | PX_O_CREAT), 0);
	cr_assert_eq(link_path("/tmp/a", "/tmp/b"), 0);
	cr_assert_eq(rename_path("/tmp/a", "/tmp/b"), 0);
	cr_assert_str_eq(listing("/tmp"), "a b", "POSIX: both names stay");
	cr_assert_eq(stat_path("/tmp/b", &st), 0);
	cr_assert_eq(st.nlink, 2);
	cr_assert_eq(rename_path("/tmp/b", "/tmp/c"), 0, "a link moves as a name");
	cr_assert_str_eq(listing("/tmp"), "a c");
	cr_assert_eq(stat_path("/tmp/c", &st), 0);
	cr_assert_eq(st.nlink, 2);
}

Test(vfs, symlink_is_followed_from_its_own_directory)
{
	struct px_stat st;
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_geq(open_path("/tmp/d/f", PX_O_RDWR | PX_O_CREAT), 0);
	cr_assert_eq(symlink_path("f", "/tmp/d/rel"), 0);
	cr_assert_eq(symlink_path("/etc", "/tmp/abs"), 0);
	cr_assert_eq(symlink_path("d", "/tmp/dir"), 0);
	cr_assert_eq(stat_path("/tmp/d/rel", &st), 0);
	cr_assert_eq(st.mode, PX_S_IFREG | 0644, "the file it leads to");
	cr_assert_eq(lstat_path("/tmp/d/rel", &st), 0);
	cr_assert_eq(st.mode, PX_S_IFLNK | 0777, "lstat: the link");
	cr_assert_eq(st.size, 1, "its target's length");
	cr_assert_str_eq(readlink_of("/tmp/d/rel"), "f");
	cr_assert_str_eq(read_all(open_path("/tmp/abs/motd", PX_O_RDONLY)), motd,
	                 "a link in the middle of a path");
	cr_assert_eq(stat_path("/tmp/dir/rel", &st), 0, "a link through a link");
	cr_assert_eq(vfs_chdir(p, path("/tmp/dir")), 0);
	cr_assert_eq(getcwd_call(), 6);
	cr_assert_str_eq(buf, "/tmp/d", "the directory reached, as getcwd says");
	cr_assert_eq(vfs_realpath(p, path("rel")), 8);
	cr_assert_str_eq(buf, "/tmp/d/f");
	cr_assert_eq(vfs_realpath(p, path("/tmp/abs/../tmp/dir/..")), 4, ".. after a link");
	cr_assert_str_eq(buf, "/tmp");
	cr_assert_eq(vfs_readlink(p, path("/tmp/d/f")), -PX_EINVAL, "not a link");
}

Test(vfs, dangling_symlink_is_there_but_leads_nowhere)
{
	struct px_stat st;
	cr_assert_eq(symlink_path("none", "/tmp/l"), 0);
	cr_assert_eq(stat_path("/tmp/l", &st), -PX_ENOENT);
	cr_assert_eq(lstat_path("/tmp/l", &st), 0);
	cr_assert_eq(symlink_path("x", "/tmp/l"), -PX_EEXIST, "not followed");
	cr_assert_eq(vfs_mkdir(p, path("/tmp/l"), 0755), -PX_EEXIST);
	cr_assert_eq(open_path("/tmp/l", PX_O_RDWR | PX_O_CREAT | PX_O_EXCL), -PX_EEXIST);
	cr_assert_geq(open_path("/tmp/l", PX_O_RDWR | PX_O_CREAT), 0, "makes the target");
	cr_assert_str_eq(listing("/tmp"), "l none");
	cr_assert_eq(stat_path("/tmp/l", &st), 0);
	cr_assert_eq(open_path("/tmp/l", PX_O_RDONLY | PX_O_NOFOLLOW), -PX_ELOOP);
}

Test(vfs, symlink_loop_is_eloop_after_forty_links)
{
	struct px_stat st;
	char name[32], target[32];
	cr_assert_eq(symlink_path("/tmp/b", "/tmp/a"), 0);
	cr_assert_eq(symlink_path("/tmp/a", "/tmp/b"), 0);
	cr_assert_eq(stat_path("/tmp/a", &st), -PX_ELOOP);
	cr_assert_eq(open_path("/tmp/a/x", PX_O_RDWR | PX_O_CREAT), -PX_ELOOP);
	/* A chain of exactly PX_SYMLOOP_MAX links is followed to its end. */
	for (int i = 0; i < PX_SYMLOOP_MAX; i++) {
		snprintf(name, sizeof(name), "/tmp/c%d", i);
		snprintf(target, sizeof(target), i + 1 < PX_SYMLOOP_MAX ? "c%d" : "/etc", i + 1);
		cr_assert_eq(symlink_path(target, name), 0);
	}
	cr_assert_eq(stat_path("/tmp/c0/motd", &st), 0);
	cr_assert_eq(symlink_path("c0", "/tmp/c"), 0);
	cr_assert_eq(stat_path("/tmp/c/motd", &st), -PX_ELOOP, "one more is too many");
}

Test(vfs, names_are_taken_away_not_what_a_link_leads_to)
{
	struct px_stat st;
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(symlink_path("d", "/tmp/l"), 0);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/l")), -PX_ENOTDIR);
	cr_assert_eq(rename_path("/tmp/l", "/tmp/m"), 0, "the link moves");
	cr_assert_eq(stat_path("/tmp/m", &st), 0);
	cr_assert_eq(st.mode & 0170000, PX_S_IFDIR, "and still leads to d");
	cr_assert_eq(vfs_unlink(p, path("/tmp/m")), 0);
	cr_assert_str_eq(listing("/tmp"), "d", "d stays");
	cr_assert_eq(p->fs_pages, 1);
}

Test(vfs, bad_link_requests_are_refused_and_change_nothing)
{
	memset(buf, 'x', sizeof(buf)); /* no NUL in either path */
	cr_assert_eq(vfs_symlink(p, buf), -PX_ENAMETOOLONG);
	cr_assert_eq(vfs_link(p, buf), -PX_ENAMETOOLONG);
	cr_assert_eq(vfs_readlink(p, buf), -PX_ENAMETOOLONG);
	cr_assert_eq(vfs_lstat(p, buf), -PX_ENAMETOOLONG);
	cr_assert_eq(vfs_realpath(p, buf), -PX_ENAMETOOLONG);
	path("/tmp/a");
	memset(buf + PX_PATH_MAX, 'y', PX_PATH_MAX); /* the link's path has none */
	cr_assert_eq(vfs_symlink(p, buf), -PX_ENAMETOOLONG);
	cr_assert_eq(symlink_path("", "/tmp/a"), -PX_ENOENT, "an empty target");
	cr_assert_eq(p->fs_pages, 0);
	cr_assert_str_eq(listing("/tmp"), "");
}

/* ---- the walk: names, "." and "..", lengths, the working directory ---------- */

/* realpath of s is want. */
static void expect_real(const char *s, const char *want)
{
	long n = vfs_realpath(p, path(s));
	cr_assert_geq(n, 0, "realpath(\"%s\") = %ld", s, n);
	cr_expect_str_eq(buf, want, "realpath(\"%s\")", s);
	cr_expect_eq((size_t)n, strlen(want), "realpath(\"%s\")'s length", s);
}

/* A string of n copies of c (n < 2048). */
static const char *many(char c, size_t n)
{
	static char s[4][2048];
	static int k;
	char *r = s[k++ % 4];
	memset(r, c, n);
	r[n] = 0;
	return r;
}

static void make_tree(void)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/a"), 0755), 0);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/a/b"), 0755), 0);
	cr_assert_geq(open_path("/tmp/a/b/f", PX_O_RDWR | PX_O_CREAT), 0);
}

Test(vfs, relative_and_absolute_paths_against_the_working_directory)
{
	make_tree();
	cr_assert_eq(vfs_chdir(p, path("/tmp/a")), 0);
	expect_real("b/f", "/tmp/a/b/f");
	expect_real("/etc/motd", "/etc/motd");
	expect_real("/", "/");
	expect_real(".", "/tmp/a");
}

Test(vfs, dot_and_repeated_slashes_are_nothing)
{
	make_tree();
	expect_real("/tmp/./a/./b/.", "/tmp/a/b");
	expect_real("//tmp///a//b", "/tmp/a/b");
	expect_real("/tmp/a/b/", "/tmp/a/b");
	expect_real("///", "/");
}

Test(vfs, dotdot_is_the_parent_and_the_roots_is_the_root)
{
	make_tree();
	expect_real("/tmp/a/b/../b/f", "/tmp/a/b/f");
	expect_real("/..", "/");
	expect_real("/../../etc", "/etc");
	cr_assert_eq(vfs_chdir(p, path("/tmp/a/b")), 0);
	expect_real("..", "/tmp/a");
	expect_real("../../../../etc/motd", "/etc/motd");
	expect_real("/etc/..", "/"); /* an initrd directory's parent */
}

Test(vfs, names_that_start_with_dots_are_names)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/..."), 0755), 0);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/.x"), 0755), 0);
	expect_real("/tmp/...", "/tmp/...");
	expect_real("/tmp/.x/..", "/tmp");
}

Test(vfs, empty_path_is_enoent_and_a_file_with_a_slash_enotdir)
{
	struct px_stat st;
	make_tree();
	cr_assert_eq(stat_path("", &st), -PX_ENOENT);
	cr_assert_eq(stat_path("/tmp/a/b/f/", &st), -PX_ENOTDIR);
	cr_assert_eq(stat_path("/tmp/a/b/f/.", &st), -PX_ENOTDIR);
	cr_assert_eq(stat_path("/tmp/a/b/f/..", &st), -PX_ENOTDIR);
	cr_assert_eq(stat_path("/etc/motd/", &st), -PX_ENOTDIR, "an initrd file");
}

Test(vfs, path_of_path_max_bytes_or_a_longer_name_is_enametoolong)
{
	struct px_stat st;
	/* PX_PATH_MAX - 1 bytes and the NUL: the walk takes it (no such file). */
	char long_path[PX_PATH_MAX + 1];
	snprintf(long_path, sizeof long_path, "/tmp/%s", many('a', PX_PATH_MAX - 6));
	for (size_t i = 100; i < PX_PATH_MAX - 1; i += 100)
		long_path[i] = '/';
	cr_assert_eq(strlen(long_path), PX_PATH_MAX - 1);
	cr_assert_eq(stat_path(long_path, &st), -PX_ENOENT, "fits: looked for");
	/* No NUL within PX_PATH_MAX bytes. */
	memset(buf, 'a', sizeof buf);
	cr_assert_eq(vfs_stat(p, buf), -PX_ENAMETOOLONG);
	memset(buf, 'a', sizeof buf);
	cr_assert_eq(vfs_mkdir(p, buf, 0755), -PX_ENAMETOOLONG);
	/* Even one that would come to something short. */
	char dots[PX_PATH_MAX + 8] = "";
	while (strlen(dots) < PX_PATH_MAX)
		strcat(dots, "a/../");
	cr_assert_eq(stat_path(dots, &st), -PX_ENAMETOOLONG);
	/* A name of PX_NAME_MAX bytes is one; a longer one is not. */
	char name[PX_PATH_MAX];
	snprintf(name, sizeof name, "/tmp/%s", many('n', PX_NAME_MAX));
	cr_assert_eq(vfs_mkdir(p, path(name), 0755), 0);
	snprintf(name, sizeof name, "/tmp/%s", many('n', PX_NAME_MAX + 1));
	cr_assert_eq(vfs_mkdir(p, path(name), 0755), -PX_ENAMETOOLONG);
	cr_assert_eq(stat_path(name, &st), -PX_ENAMETOOLONG);
	cr_assert_str_eq(listing("/tmp"), many('n', PX_NAME_MAX), "nothing more was made");
}

Test(vfs, a_link_whose_target_overflows_the_path_is_enametoolong)
{
	struct px_stat st;
	char target[PX_PATH_MAX];
	snprintf(target, sizeof target, "/tmp/%s", many('t', PX_PATH_MAX - 7));
	for (size_t i = 100; i < PX_PATH_MAX - 2; i += 100)
		target[i] = '/';
	cr_assert_eq(symlink_path(target, "/tmp/l"), 0, "a target of PX_PATH_MAX - 2 bytes");
	cr_assert_eq(readlink_of("/tmp/l")[PX_PATH_MAX - 3], 't');
	cr_assert_eq(stat_path("/tmp/l", &st), -PX_ENOENT, "fits, leads nowhere");
	cr_assert_eq(stat_path("/tmp/l/abc", &st), -PX_ENAMETOOLONG, "no room for the rest");
}

/* Makes a chain of depth directories called name below the working
 * directory, entering each (as `mkdir x; cd x` would, each path short). */
static void dig(unsigned depth, const char *name)
{
	for (unsigned i = 0; i < depth; i++) {
		cr_assert_eq(vfs_mkdir(p, path(name), 0755), 0, "level %u", i);
		cr_assert_eq(vfs_chdir(p, path(name)), 0, "level %u", i);
	}
}

Test(vfs, a_working_directory_may_lie_deeper_than_path_max)
{
	cr_assert_eq(vfs_chdir(p, path("/tmp")), 0);
	dig(150, "dddddddd"); /* 150 * 9 bytes: /tmp and 1350 more */
	long want = 4 + 150 * 9;
	cr_assert_eq(getcwd_call(), want);
	cr_assert_eq(strncmp(buf, "/tmp/dddddddd/dddddddd/", 23), 0);
	cr_assert_str_eq(buf + want - 9, "/dddddddd");
	/* Relative paths work there, and ".." climbs by nodes. */
	cr_assert_geq(open_path("f", PX_O_RDWR | PX_O_CREAT), 0);
	cr_assert_str_eq(listing("."), "f");
	cr_assert_str_eq(listing("../.."), "dddddddd");
	cr_assert_eq(vfs_chdir(p, path("../../..")), 0);
	cr_assert_eq(getcwd_call(), want - 27);
	/* realpath of what is deeper than PX_PATH_MAX cannot answer. */
	cr_assert_eq(vfs_realpath(p, path("dddddddd/dddddddd/dddddddd/f")), -PX_ENAMETOOLONG);
	cr_assert_eq(vfs_realpath(p, path("/tmp/dddddddd")), 13, "a short one can");
}

Test(vfs, getcwd_longer_than_the_buffer_comes_in_pieces)
{
	const char *name = many('x', PX_NAME_MAX);
	cr_assert_eq(vfs_chdir(p, path("/tmp")), 0);
	dig(17, name); /* 4 + 17 * 256 bytes: past one page */
	long want = 4 + 17 * 256;
	uint64_t v1, v2;
	memset(buf, 0, sizeof buf);
	cr_assert_eq(vfs_getcwd(p, buf, 0, &v1), want);
	cr_assert_eq(memcmp(buf, "/tmp/xxx", 8), 0);
	cr_assert_eq(buf[PX_SHARED_SIZE - 1], 'x', "the first page, no NUL in it");
	memset(buf, 0, sizeof buf);
	cr_assert_eq(vfs_getcwd(p, buf, PX_SHARED_SIZE, &v2), want);
	cr_assert_eq(v1, v2, "nothing moved between");
	cr_assert_eq(strlen(buf), (size_t)want - PX_SHARED_SIZE, "the rest, with its NUL");
	cr_assert_str_eq(buf + strlen(buf) - 2, "xx");
}

Test(vfs, renaming_an_ancestor_keeps_the_working_directory)
{
	make_tree();
	cr_assert_eq(vfs_chdir(p, path("/tmp/a/b")), 0);
	uint64_t v1, v2;
	cr_assert_eq(vfs_getcwd(p, buf, 0, &v1), 8);
	cr_assert_eq(rename_path("/tmp/a", "/tmp/z"), 0);
	cr_assert_eq(vfs_getcwd(p, buf, 0, &v2), 8);
	cr_assert_str_eq(buf, "/tmp/z/b");
	cr_assert_neq(v1, v2, "the version says a name moved");
	cr_assert_geq(open_path("f", PX_O_RDONLY), 0, "the same directory");
	expect_real("..", "/tmp/z");
}

Test(vfs, removed_working_directory_has_no_path_and_takes_no_names)
{
	struct px_stat st;
	make_tree();
	uint64_t before = tmpfs_charged(p);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/gone"), 0755), 0);
	cr_assert_eq(vfs_chdir(p, path("/tmp/gone")), 0);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/gone")), 0);
	cr_assert_eq(getcwd_call(), -PX_ENOENT, "as Linux says");
	cr_assert_eq(stat_path(".", &st), 0, "it is still there, held");
	cr_assert_eq(st.mode & PX_S_IFDIR, PX_S_IFDIR);
	cr_assert_eq(open_path("x", PX_O_RDWR | PX_O_CREAT), -PX_ENOENT, "nothing made in it");
	cr_assert_eq(vfs_mkdir(p, path("x"), 0755), -PX_ENOENT);
	cr_assert_eq(symlink_path("t", "x"), -PX_ENOENT);
	cr_assert_eq(rename_path("/tmp/a/b/f", "x"), -PX_ENOENT);
	cr_assert_eq(stat_path("..", &st), -PX_ENOENT, "it has no parent now");
	cr_assert_eq(vfs_realpath(p, path(".")), -PX_ENOENT);
	cr_assert_str_eq(listing("/tmp"), "a", "its name went");
	/* Leaving it lets its page go. */
	cr_assert_eq(vfs_chdir(p, path("/tmp")), 0);
	cr_assert_eq(tmpfs_charged(p), before);
	cr_assert_eq(getcwd_call(), 4);
}

Test(vfs, a_made_again_name_is_not_the_removed_working_directory)
{
	struct px_stat st;
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(vfs_chdir(p, path("/tmp/d")), 0);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d")), 0);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_geq(open_path("/tmp/d/new", PX_O_RDWR | PX_O_CREAT), 0);
	cr_assert_eq(stat_path("new", &st), -PX_ENOENT, "the old directory, empty");
	cr_assert_eq(getcwd_call(), -PX_ENOENT);
}

Test(vfs, rename_into_a_deep_descendant_is_einval)
{
	cr_assert_eq(vfs_mkdir(p, path("/tmp/top"), 0755), 0);
	cr_assert_eq(vfs_chdir(p, path("/tmp/top")), 0);
	dig(120, "sub");
	cr_assert_eq(rename_path("/tmp/top", "new"), -PX_EINVAL, "120 levels down");
	cr_assert_eq(vfs_chdir(p, path("/")), 0);
	cr_assert_str_eq(listing("/tmp"), "top", "nothing moved");
}

Test(vfs, fork_shares_the_working_directory_and_exit_lets_it_go)
{
	struct proc *c = fpk_process(20, init);
	cr_assert_eq(vfs_mkdir(p, path("/tmp/d"), 0755), 0);
	cr_assert_eq(vfs_chdir(p, path("/tmp/d")), 0);
	fd_fork(p, c);
	cr_assert_eq(c->cwd, p->cwd);
	cr_assert_eq(vfs_chdir(p, path("/")), 0);
	cr_assert_eq(vfs_rmdir(p, path("/tmp/d")), 0);
	uint64_t version;
	cr_assert_eq(vfs_getcwd(c, buf, 0, &version), -PX_ENOENT, "the child is in it, removed");
	struct px_stat st;
	memset(buf, 0, sizeof buf);
	strcpy(buf, ".");
	cr_assert_eq(vfs_stat(c, buf), 0, "held by the child");
	fd_exit(c);
	cr_assert_eq(c->cwd, 0);
	(void)st;
}
