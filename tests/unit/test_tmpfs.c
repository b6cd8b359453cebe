/* The writable file system (personality/tmpfs.c) on the fake kernel: nodes
 * and data pages from the budgets of the processes that write them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <rn/timebase.h>

#include "personality/proc.h"
#include "personality/tmpfs.h"
#include "personality/vfs.h"
#include "tests/unit/support/px/fake_kernel.h"

#define PAGE 4096
#define KIB  1024ul

static struct proc *p;

static void setup(void)
{
	fpk_setup();
	p = fpk_process(20, 0); /* 1 MiB */
}

TestSuite(tmpfs, .init = setup);

/* Bytes in use in p's budget (everything but free). */
static uint64_t used(const struct proc *q)
{
	return q->budget.total - q->budget.free;
}

static uint64_t new_file(struct proc *q, const char *name)
{
	long ino = tmpfs_create(q, VFS_INO_TMP, name, PX_S_IFREG | 0644);
	cr_assert_gt(ino, 0, "tmpfs_create(%s) = %ld", name, ino);
	return (uint64_t)ino;
}

static void fill(char *buf, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(i * 7 + seed);
}

Test(tmpfs, create_names_a_node_in_its_directory)
{
	uint64_t ino = new_file(p, "a.txt");
	uint32_t mode;
	uint64_t size;
	cr_assert_eq(tmpfs_child(VFS_INO_TMP, "a.txt", 5), ino);
	cr_assert_eq(tmpfs_child(VFS_INO_HOME, "a.txt", 5), 0, "only in its own directory");
	cr_assert_eq(tmpfs_child(VFS_INO_TMP, "a.tx", 4), 0);
	cr_assert_eq(tmpfs_stat(ino, &mode, &size), 0);
	cr_assert_eq(mode, PX_S_IFREG | 0644);
	cr_assert_eq(size, 0);
	cr_assert_eq(tmpfs_charged(p), PAGE, "the node is a page of its maker's");
}

Test(tmpfs, create_charges_the_node_page_to_the_maker)
{
	uint64_t before = p->budget.used[BUDGET_RECORDS];
	new_file(p, "x");
	cr_assert_eq(p->budget.used[BUDGET_RECORDS], before + PAGE);
	cr_assert_eq(budget_check(&p->budget), 0);
}

Test(tmpfs, write_then_read_returns_the_bytes)
{
	uint64_t ino = new_file(p, "f");
	char out[64] = { 0 };
	cr_assert_eq(tmpfs_write(p, ino, 0, "hello, world", 12), 12);
	cr_assert_eq(tmpfs_read(ino, 7, out, sizeof(out)), 5, "reads stop at the end");
	cr_assert_str_eq(out, "world");
	cr_assert_eq(tmpfs_read(ino, 12, out, sizeof(out)), 0, "end of file");
}

Test(tmpfs, large_write_moves_data_to_pages_charged_to_the_writer)
{
	uint64_t ino = new_file(p, "big");
	static char in[3 * PAGE], out[3 * PAGE];
	fill(in, sizeof(in), 1);
	uint64_t frames = p->budget.used[BUDGET_FRAMES];
	cr_assert_eq(tmpfs_write(p, ino, 0, in, sizeof(in)), (long)sizeof(in));
	cr_assert_eq(p->budget.used[BUDGET_FRAMES], frames + 3 * PAGE, "three data pages");
	cr_assert_eq(tmpfs_charged(p), 4 * PAGE, "the node and its three pages");
	cr_assert_eq(tmpfs_read(ino, 0, out, sizeof(out)), (long)sizeof(out));
	cr_assert_arr_eq(out, in, sizeof(in));
}

Test(tmpfs, pages_of_another_writer_are_charged_to_that_writer)
{
	struct proc *q = fpk_process(20, p);
	uint64_t ino = new_file(p, "shared");
	static char in[2 * PAGE];
	fill(in, sizeof(in), 3);
	uint64_t p_used = used(p), q_used = used(q);
	cr_assert_eq(tmpfs_write(q, ino, 0, in, sizeof(in)), (long)sizeof(in));
	cr_assert_eq(used(p), p_used, "the node's maker pays nothing more");
	cr_assert_eq(used(q), q_used + 2 * PAGE);
	cr_assert_eq(tmpfs_charged(q), 2 * PAGE);
}

Test(tmpfs, hole_reads_as_zeros)
{
	uint64_t ino = new_file(p, "sparse");
	char out[16];
	memset(out, 'x', sizeof(out));
	cr_assert_eq(tmpfs_write(p, ino, 5 * PAGE, "end", 3), 3);
	uint64_t mode_size;
	uint32_t mode;
	cr_assert_eq(tmpfs_stat(ino, &mode, &mode_size), 0);
	cr_assert_eq(mode_size, 5 * PAGE + 3);
	cr_assert_eq(tmpfs_charged(p), 2 * PAGE, "only the written page is made");
	cr_assert_eq(tmpfs_read(ino, 2 * PAGE, out, sizeof(out)), (long)sizeof(out));
	for (size_t i = 0; i < sizeof(out); i++)
		cr_assert_eq(out[i], 0, "byte %zu of a hole", i);
}

Test(tmpfs, write_fails_with_enospc_and_changes_nothing)
{
	struct proc *small = fpk_process(16, 0); /* 64 KiB: a few free pages */
	uint64_t ino = new_file(small, "full");
	static char in[64 * KIB], out[64 * KIB];
	fill(in, sizeof(in), 5);
	long n = tmpfs_write(small, ino, 0, in, sizeof(in));
	cr_assert(n > 0 && n < (long)sizeof(in) && n % PAGE == 0,
	          "a write takes the pages there is room for (%ld)", n);
	struct budget before = small->budget;
	unsigned caps = fpk_live_caps(), pages = small->fs_pages;
	cr_assert_eq(tmpfs_write(small, ino, (uint64_t)n, in, PAGE), -PX_ENOSPC);
	cr_assert_eq(small->budget.refused, before.refused + 1, "the refusal is counted");
	before.refused++;
	cr_assert_eq(memcmp(&small->budget, &before, sizeof(before)), 0, "the budget is as it was");
	cr_assert_eq(fpk_live_caps(), caps, "no kernel object is left behind");
	cr_assert_eq(small->fs_pages, pages);
	uint32_t mode;
	uint64_t size;
	cr_assert_eq(tmpfs_stat(ino, &mode, &size), 0);
	cr_assert_eq(size, (uint64_t)n, "the size is as it was");
	cr_assert_eq(tmpfs_read(ino, 0, out, sizeof(out)), n);
	cr_assert_arr_eq(out, in, (size_t)n, "the data is as it was");
}

Test(tmpfs, create_fails_with_enospc_when_the_budget_is_full)
{
	struct proc *small = fpk_process(16, 0);
	long ino;
	unsigned made = 0;
	char name[8];
	do {
		snprintf(name, sizeof(name), "n%u", made++);
		ino = tmpfs_create(small, VFS_INO_TMP, name, PX_S_IFREG | 0600);
	} while (ino > 0 && made < 64);
	cr_assert_eq(ino, -PX_ENOSPC);
	cr_assert_eq(tmpfs_child(VFS_INO_TMP, name, strlen(name)), 0,
	             "the refused node is nowhere");
	cr_assert_eq(budget_check(&small->budget), 0);
}

Test(tmpfs, write_beyond_the_largest_file_is_efbig)
{
	uint64_t ino = new_file(p, "f");
	cr_assert_eq(tmpfs_write(p, ino, TMPFS_FILE_MAX, "x", 1), -PX_EFBIG);
	cr_assert_eq(tmpfs_write(p, ino, TMPFS_FILE_MAX - 1, "xy", 2), 1, "up to the limit");
	cr_assert_eq(tmpfs_truncate(p, ino, TMPFS_FILE_MAX + 1), -PX_EFBIG);
}

Test(tmpfs, truncate_frees_pages_and_growing_again_reads_zeros)
{
	uint64_t ino = new_file(p, "t");
	static char in[3 * PAGE], out[3 * PAGE];
	fill(in, sizeof(in), 9);
	cr_assert_eq(tmpfs_write(p, ino, 0, in, sizeof(in)), (long)sizeof(in));
	uint64_t frames = p->budget.used[BUDGET_FRAMES];
	cr_assert_eq(tmpfs_truncate(p, ino, PAGE + 100), 0);
	cr_assert_eq(p->budget.used[BUDGET_FRAMES], frames - PAGE, "the third page went");
	cr_assert_eq(tmpfs_truncate(p, ino, 3 * PAGE), 0);
	cr_assert_eq(tmpfs_read(ino, 0, out, sizeof(out)), (long)sizeof(out));
	cr_assert_arr_eq(out, in, PAGE + 100);
	for (size_t i = PAGE + 100; i < sizeof(out); i++)
		cr_assert_eq(out[i], 0, "byte %zu after truncate and grow", i);
}

Test(tmpfs, truncate_to_zero_frees_every_data_page)
{
	uint64_t ino = new_file(p, "t");
	static char in[2 * PAGE];
	cr_assert_eq(tmpfs_write(p, ino, 0, in, sizeof(in)), (long)sizeof(in));
	cr_assert_eq(tmpfs_truncate(p, ino, 0), 0);
	cr_assert_eq(tmpfs_charged(p), PAGE, "the node alone");
	cr_assert_eq(p->budget.used[BUDGET_FRAMES], 0);
}

Test(tmpfs, unlinked_node_lives_while_open)
{
	uint64_t ino = new_file(p, "gone");
	char out[8] = { 0 };
	cr_assert_eq(tmpfs_write(p, ino, 0, "still", 5), 5);
	tmpfs_open(ino);
	tmpfs_unlink(ino);
	cr_assert_eq(tmpfs_child(VFS_INO_TMP, "gone", 4), 0, "no longer named");
	cr_assert_eq(tmpfs_read(ino, 0, out, sizeof(out)), 5);
	cr_assert_str_eq(out, "still");
	tmpfs_close(ino);
	uint32_t mode;
	uint64_t size;
	cr_assert_eq(tmpfs_stat(ino, &mode, &size), -PX_ENOENT, "gone with its last close");
	cr_assert_eq(tmpfs_charged(p), 0);
	cr_assert_eq(tmpfs_read(ino, 0, out, sizeof(out)), -PX_EIO);
}

Test(tmpfs, stale_number_never_names_a_newer_node)
{
	uint64_t old = new_file(p, "a");
	tmpfs_unlink(old);
	uint64_t fresh = new_file(p, "b");
	uint32_t mode;
	uint64_t size;
	cr_assert_eq(fresh & (TMPFS_MAX_NODES - 1), old & (TMPFS_MAX_NODES - 1),
	             "the index is used again");
	cr_assert_neq(fresh, old);
	cr_assert_eq(tmpfs_stat(old, &mode, &size), -PX_ENOENT);
	cr_assert_eq(tmpfs_write(p, old, 0, "x", 1), -PX_EIO);
}

Test(tmpfs, directory_lists_its_entries_without_whiteouts)
{
	long dir = tmpfs_create(p, VFS_INO_TMP, "d", PX_S_IFDIR | 0755);
	cr_assert_gt(dir, 0);
	cr_assert_gt(tmpfs_create(p, (uint64_t)dir, "one", PX_S_IFREG | 0644), 0);
	cr_assert_gt(tmpfs_create(p, (uint64_t)dir, "hidden", TMPFS_S_IFWHT), 0);
	cr_assert_gt(tmpfs_create(p, (uint64_t)dir, "sub", PX_S_IFDIR | 0755), 0);
	char name[2][PX_NAME_MAX + 1];
	uint32_t mode[2];
	uint64_t cursor = 0;
	cr_assert_eq(tmpfs_dir_entry((uint64_t)dir, 0, name[0], &mode[0], &cursor), 1);
	cr_assert_eq(tmpfs_dir_entry((uint64_t)dir, 1, name[1], &mode[1], &cursor), 1);
	cr_assert_eq(tmpfs_dir_entry((uint64_t)dir, 2, name[0], &mode[0], &cursor), 0);
	int sub = strcmp(name[0], "sub") == 0 ? 0 : 1; /* the order is the chain's */
	cr_assert_str_eq(name[sub], "sub");
	cr_assert_eq(mode[sub], PX_S_IFDIR | 0755);
	cr_assert_str_eq(name[!sub], "one");
	cr_assert_eq(mode[!sub], PX_S_IFREG | 0644);
	cr_assert_neq(tmpfs_child((uint64_t)dir, "hidden", 6), 0, "a lookup still sees it");
	tmpfs_drop_whiteouts((uint64_t)dir);
	cr_assert_eq(tmpfs_child((uint64_t)dir, "hidden", 6), 0);
}

/* Many nodes in several directories: every lookup finds its own, a
 * listing (with its cursor, or asked entry by entry without one) gives
 * each entry once, and one that goes mid-listing is not a problem. */
Test(tmpfs, lookups_and_listings_see_only_their_directory)
{
	enum { DIRS = 3, FILES = 40 };
	long dir[DIRS];
	char name[PX_NAME_MAX + 1];
	for (int d = 0; d < DIRS; d++) {
		snprintf(name, sizeof(name), "dir%d", d);
		dir[d] = tmpfs_create(p, VFS_INO_TMP, name, PX_S_IFDIR | 0755);
		cr_assert_gt(dir[d], 0);
	}
	long ino[DIRS][FILES];
	for (int i = 0; i < FILES; i++)
		for (int d = 0; d < DIRS; d++) {
			snprintf(name, sizeof(name), "f%d", i); /* the same names in each */
			ino[d][i] = tmpfs_create(p, (uint64_t)dir[d], name, PX_S_IFREG | 0644);
			cr_assert_gt(ino[d][i], 0);
		}
	for (int d = 0; d < DIRS; d++)
		for (int i = 0; i < FILES; i++) {
			snprintf(name, sizeof(name), "f%d", i);
			cr_assert_eq(tmpfs_child((uint64_t)dir[d], name, strlen(name)),
			             (uint64_t)ino[d][i]);
		}
	cr_assert_eq(tmpfs_child((uint64_t)dir[0], "f40", 3), 0);
	for (int with_cursor = 0; with_cursor < 2; with_cursor++) {
		bool seen[FILES] = { false };
		uint64_t cursor = 0, none;
		uint32_t mode;
		int n = 0;
		for (; n <= FILES; n++) {
			none = 0;
			if (!tmpfs_dir_entry((uint64_t)dir[1], (uint64_t)n, name, &mode,
			                     with_cursor ? &cursor : &none))
				break;
			int i = atoi(name + 1);
			cr_assert(!seen[i], "f%d listed twice", i);
			seen[i] = true;
		}
		cr_assert_eq(n, FILES, "every entry of dir1 once, and no other's");
	}
	/* The entry the cursor stands on goes: the listing goes on. */
	uint64_t cursor = 0;
	uint32_t mode;
	cr_assert_eq(tmpfs_dir_entry((uint64_t)dir[2], 0, name, &mode, &cursor), 1);
	tmpfs_unlink(tmpfs_child((uint64_t)dir[2], name, strlen(name)));
	int left = 0;
	for (uint64_t n = 1; tmpfs_dir_entry((uint64_t)dir[2], n, name, &mode, &cursor); n++)
		left++;
	cr_assert_geq(left, FILES - 2, "the rest is still listed (%d)", left);
	for (int i = 0; i < FILES; i++) {
		tmpfs_unlink((uint64_t)ino[0][i]);
		snprintf(name, sizeof(name), "f%d", i);
		cr_assert_eq(tmpfs_child((uint64_t)dir[0], name, strlen(name)), 0);
		cr_assert_eq(tmpfs_child((uint64_t)dir[1], name, strlen(name)), (uint64_t)ino[1][i]);
	}
}

Test(tmpfs, write_sets_the_modification_time)
{
	fpk_time = 10 * RN_TIMEBASE_HZ;
	uint64_t ino = new_file(p, "m");
	cr_assert_eq(tmpfs_mtime(ino), 10000000000ull);
	fpk_time = 12 * RN_TIMEBASE_HZ;
	cr_assert_eq(tmpfs_write(p, ino, 0, "x", 1), 1);
	cr_assert_eq(tmpfs_mtime(ino), 12000000000ull);
	cr_assert_eq(tmpfs_mtime(VFS_INO_TMP), 0, "a mount point has no node");
}

Test(tmpfs, exit_moves_the_files_pages_to_the_heir)
{
	struct proc *child = fpk_process(18, p);
	uint64_t ino = new_file(child, "kept");
	static char in[2 * PAGE], out[2 * PAGE];
	fill(in, sizeof(in), 11);
	cr_assert_eq(tmpfs_write(child, ino, 0, in, sizeof(in)), (long)sizeof(in));
	struct proc *heirs[] = { p };
	tmpfs_exit(child, heirs, 1);
	cr_assert_eq(child->fs_pages, 0, "the child pays for nothing now");
	cr_assert_eq(tmpfs_charged(p), 3 * PAGE, "the heir pays for the node and its pages");
	cr_assert_eq(tmpfs_read(ino, 0, out, sizeof(out)), (long)sizeof(out));
	cr_assert_arr_eq(out, in, sizeof(in), "the same bytes, in the heir's pages");
	cr_assert_eq(tmpfs_child(VFS_INO_TMP, "kept", 4), ino);
}

Test(tmpfs, exit_with_no_heir_with_room_removes_the_file)
{
	struct proc *child = fpk_process(18, p);
	uint64_t ino = new_file(child, "lost");
	cr_assert_eq(tmpfs_write(child, ino, 0, "data", 4), 4);
	tmpfs_exit(child, 0, 0);
	uint32_t mode;
	uint64_t size;
	cr_assert_eq(tmpfs_stat(ino, &mode, &size), -PX_ENOENT);
	cr_assert_eq(child->fs_pages, 0);
	cr_assert_not_null(strstr(fpk_output(), "tmpfs node lost"), "it says so: %s", fpk_output());
}

/* ---- hard links: extra names ------------------------------------------------ */

/* An extra name for ino called name in /tmp, charged to q. */
static uint64_t new_link(struct proc *q, uint64_t ino, const char *name)
{
	long l = tmpfs_link(q, ino, name);
	cr_assert_gt(l, 0, "tmpfs_link(%s) = %ld", name, l);
	tmpfs_rename((uint64_t)l, VFS_INO_TMP, name);
	return (uint64_t)l;
}

Test(tmpfs, link_counts_names_and_its_page_is_the_linkers)
{
	struct proc *q = fpk_process(18, p);
	uint64_t ino = new_file(p, "a");
	cr_assert_eq(tmpfs_nlink(ino), 1);
	uint64_t l = new_link(q, ino, "b");
	cr_assert_eq(tmpfs_nlink(ino), 2);
	cr_assert_eq(tmpfs_named(tmpfs_child(VFS_INO_TMP, "b", 1)), ino, "b names a's file");
	cr_assert_eq(tmpfs_named(tmpfs_child(VFS_INO_TMP, "a", 1)), ino);
	cr_assert_neq(l, ino);
	cr_assert_eq(tmpfs_charged(q), PAGE, "the new name is the linker's page");
	cr_assert_eq(tmpfs_charged(p), PAGE, "the file's stays its maker's");
}

Test(tmpfs, unlink_takes_one_name_and_the_file_lives_until_the_last)
{
	uint64_t ino = new_file(p, "a");
	char out[8] = { 0 };
	cr_assert_eq(tmpfs_write(p, ino, 0, "data", 4), 4);
	uint64_t l = new_link(p, ino, "b");
	tmpfs_unlink(ino); /* its first name */
	cr_assert_eq(tmpfs_child(VFS_INO_TMP, "a", 1), 0);
	cr_assert_eq(tmpfs_nlink(ino), 1);
	cr_assert_eq(tmpfs_read(ino, 0, out, sizeof(out)), 4, "still there by b");
	cr_assert_str_eq(out, "data");
	cr_assert_eq(tmpfs_charged(p), 2 * PAGE);
	tmpfs_unlink(l);
	uint32_t mode;
	uint64_t size;
	cr_assert_eq(tmpfs_stat(ino, &mode, &size), -PX_ENOENT, "the last name took it");
	cr_assert_eq(tmpfs_charged(p), 0, "every page back");
}

Test(tmpfs, file_outlives_its_last_name_while_open)
{
	uint64_t ino = new_file(p, "a");
	uint64_t l = new_link(p, ino, "b");
	tmpfs_open(ino);
	tmpfs_unlink(l);
	tmpfs_unlink(ino);
	cr_assert_eq(tmpfs_nlink(ino), 0);
	cr_assert_eq(tmpfs_write(p, ino, 0, "x", 1), 1, "open: still a file");
	cr_assert_eq(tmpfs_charged(p), PAGE, "the name's page went");
	tmpfs_close(ino);
	cr_assert_eq(tmpfs_charged(p), 0);
}

Test(tmpfs, link_of_a_directory_is_eperm_and_a_full_budget_enospc)
{
	long dir = tmpfs_create(p, VFS_INO_TMP, "d", PX_S_IFDIR | 0755);
	cr_assert_eq(tmpfs_link(p, (uint64_t)dir, "e"), -PX_EPERM);
	struct proc *small = fpk_process(16, 0);
	uint64_t ino = new_file(p, "a");
	long r;
	unsigned made = 0;
	char name[16];
	do {
		snprintf(name, sizeof(name), "l%u", made);
		r = tmpfs_link(small, ino, name);
		if (r > 0) {
			tmpfs_rename((uint64_t)r, VFS_INO_TMP, name);
			made++;
		}
	} while (r > 0 && made < 64);
	cr_assert_eq(r, -PX_ENOSPC);
	cr_assert_eq(tmpfs_nlink(ino), 1 + made, "a refused link counts nothing");
	cr_assert_eq(budget_check(&small->budget), 0);
}

Test(tmpfs, exit_moves_a_name_to_the_heir_and_the_file_stays_its_payers)
{
	struct proc *child = fpk_process(18, p);
	uint64_t ino = new_file(p, "a");
	new_link(child, ino, "b");
	struct proc *heirs[] = { p };
	tmpfs_exit(child, heirs, 1);
	cr_assert_eq(child->fs_pages, 0, "no page left in the ended budget");
	cr_assert_eq(tmpfs_charged(p), 2 * PAGE);
	cr_assert_eq(tmpfs_named(tmpfs_child(VFS_INO_TMP, "b", 1)), ino);
	cr_assert_eq(tmpfs_nlink(ino), 2);
}

Test(tmpfs, exit_with_no_heir_removes_a_file_with_its_other_names)
{
	struct proc *child = fpk_process(18, p);
	uint64_t ino = new_file(child, "lost");
	new_link(p, ino, "kept");
	tmpfs_exit(child, 0, 0);
	uint32_t mode;
	uint64_t size;
	cr_assert_eq(tmpfs_stat(ino, &mode, &size), -PX_ENOENT);
	cr_assert_eq(tmpfs_child(VFS_INO_TMP, "kept", 4), 0, "no name left naming nothing");
	cr_assert_eq(tmpfs_charged(p), 0, "the other name's page is back");
}
