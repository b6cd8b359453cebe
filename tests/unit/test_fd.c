/* Descriptors (personality/fd.c), open files (file.c) and open file
 * descriptions (desc.c) on the fake kernel, with files in tmpfs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "personality/fd.h"
#include "personality/file.h"
#include "personality/proc.h"
#include "personality/vfs.h"
#include "tests/unit/support/px/fake_kernel.h"

static struct proc *init, *p;

static void setup(void)
{
	fpk_setup();
	init = fpk_process(18, 0); /* pid 1 */
	p = fpk_process(20, init);
	fd_init_console(p);
}

TestSuite(fd, .init = setup);

/* The calls take the path in the process's shared buffer. */
static long open_path(struct proc *q, const char *path, uint64_t flags)
{
	char buf[PX_PATH_MAX] = { 0 };
	strcpy(buf, path);
	return fd_open(q, buf, flags, 0644);
}

static long create(struct proc *q, const char *path)
{
	long fd = open_path(q, path, PX_O_RDWR | PX_O_CREAT);
	cr_assert_geq(fd, 0, "open(%s, O_CREAT) = %ld", path, fd);
	return fd;
}

static int64_t size_of(struct proc *q, long fd)
{
	struct px_stat st;
	cr_assert_eq(fd_fstat(q, (uint64_t)fd, (char *)&st), 0);
	return (int64_t)st.size;
}

Test(fd, open_with_o_creat_makes_a_file_at_the_lowest_free_fd)
{
	cr_assert_eq(create(p, "/tmp/new"), 3, "0, 1 and 2 are the console");
	struct px_stat st;
	cr_assert_eq(fd_fstat(p, 3, (char *)&st), 0);
	cr_assert_eq(st.mode, PX_S_IFREG | 0644);
	cr_assert_eq(st.size, 0);
	cr_assert_eq(st.nlink, 1);
}

Test(fd, open_of_a_missing_file_without_o_creat_is_enoent)
{
	cr_assert_eq(open_path(p, "/tmp/none", PX_O_RDONLY), -PX_ENOENT);
	cr_assert_eq(p->fd[3], 0, "no descriptor was made");
}

Test(fd, open_with_o_excl_of_an_existing_file_is_eexist)
{
	create(p, "/tmp/f");
	cr_assert_eq(open_path(p, "/tmp/f", PX_O_RDWR | PX_O_CREAT | PX_O_EXCL), -PX_EEXIST);
}

Test(fd, open_of_a_bad_access_mode_is_einval)
{
	cr_assert_eq(open_path(p, "/tmp/f", 3 | PX_O_CREAT), -PX_EINVAL);
}

Test(fd, open_with_a_full_table_is_emfile_and_makes_nothing)
{
	for (unsigned i = 3; i < PX_OPEN_MAX; i++)
		p->fd[i] = FILE_CONSOLE;
	uint64_t records = p->budget.used[BUDGET_RECORDS];
	cr_assert_eq(open_path(p, "/tmp/f", PX_O_RDWR | PX_O_CREAT), -PX_EMFILE);
	cr_assert_eq(p->budget.used[BUDGET_RECORDS], records);
	cr_assert_eq(p->fs_pages, 0, "no file was made");
}

Test(fd, open_with_o_creat_and_a_full_budget_is_enospc_and_makes_nothing)
{
	struct proc *small = fpk_process(16, init);
	fd_init_console(small);
	long r = 0;
	char path[32];
	for (unsigned i = 0; i < 64 && r >= 0; i++) {
		snprintf(path, sizeof(path), "/tmp/f%u", i);
		r = open_path(small, path, PX_O_RDWR | PX_O_CREAT);
	}
	cr_assert(r == -PX_ENOSPC || r == -PX_ENOMEM, "open = %ld", r);
	cr_assert_eq(open_path(p, path, PX_O_RDONLY), -PX_ENOENT, "the failed file is nowhere");
	cr_assert_eq(budget_check(&small->budget), 0);
}

Test(fd, write_then_read_through_the_offset)
{
	long fd = create(p, "/tmp/f");
	char out[8] = { 0 };
	cr_assert_eq(fd_write(p, (uint64_t)fd, "hello", 5), 5);
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, sizeof(out)), 0, "the offset is at the end");
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, 1, 0), 1);
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, sizeof(out)), 4);
	cr_assert_str_eq(out, "ello");
}

Test(fd, dup2_shares_the_description)
{
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_dup2(p, (uint64_t)fd, 7), 7);
	cr_assert_eq(p->fd[7], p->fd[fd], "one description");
	cr_assert_eq(fd_write(p, 7, "abc", 3), 3);
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, 0, 1), 3, "the offset moved for both");
	cr_assert_eq(fd_lseek(p, 7, 0, 0), 0);
	char out[4] = { 0 };
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, 3), 3);
	cr_assert_str_eq(out, "abc");
	cr_assert_eq(fd_close(p, (uint64_t)fd), 0);
	cr_assert_eq(fd_lseek(p, 7, 0, 2), 3, "the description outlives the first fd");
}

Test(fd, dup2_onto_an_open_fd_closes_it_first)
{
	uint64_t e[2];
	cr_assert_eq(fd_pipe(p, e), 0);
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_dup2(p, (uint64_t)fd, e[0]), (long)e[0], "the pipe's only reader goes");
	cr_assert_eq(fd_write(p, e[1], "x", 1), -PX_EPIPE);
}

Test(fd, dup2_of_an_fd_onto_itself_changes_nothing)
{
	long fd = create(p, "/tmp/f");
	uint32_t h = p->fd[fd];
	cr_assert_eq(fd_dup2(p, (uint64_t)fd, (uint64_t)fd), fd);
	cr_assert_eq(p->fd[fd], h);
	cr_assert_eq(fd_write(p, (uint64_t)fd, "x", 1), 1, "still open");
}

Test(fd, dup2_of_a_closed_fd_or_beyond_the_table_is_ebadf)
{
	cr_assert_eq(fd_dup2(p, 9, 10), -PX_EBADF);
	cr_assert_eq(fd_dup2(p, 1, PX_OPEN_MAX), -PX_EBADF);
}

Test(fd, dup_takes_the_lowest_free_fd_without_close_on_exec)
{
	long fd = open_path(p, "/tmp/f", PX_O_RDWR | PX_O_CREAT | PX_O_CLOEXEC);
	cr_assert_eq(fd, 3);
	cr_assert_eq(fd_fcntl(p, 3, PX_F_GETFD, 0), PX_FD_CLOEXEC);
	cr_assert_eq(fd_close(p, 1), 0);
	cr_assert_eq(fd_dup(p, 3, 0), 1);
	cr_assert_eq(fd_fcntl(p, 1, PX_F_GETFD, 0), 0);
	cr_assert_eq(fd_fcntl(p, 3, PX_F_DUPFD, 2), 4, "F_DUPFD: at or above its argument");
}

Test(fd, close_of_a_closed_fd_is_ebadf)
{
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_close(p, (uint64_t)fd), 0);
	cr_assert_eq(fd_close(p, (uint64_t)fd), -PX_EBADF);
	cr_assert_eq(fd_close(p, PX_OPEN_MAX), -PX_EBADF);
}

Test(fd, last_close_frees_the_description_page)
{
	uint64_t records = p->budget.used[BUDGET_RECORDS];
	long fd = create(p, "/tmp/f");
	cr_assert_eq(p->budget.used[BUDGET_RECORDS], records + 2 * 4096,
	             "a node and a page of descriptions");
	cr_assert_eq(fd_dup(p, (uint64_t)fd, 0), 4);
	cr_assert_eq(fd_close(p, (uint64_t)fd), 0);
	cr_assert_eq(p->budget.used[BUDGET_RECORDS], records + 2 * 4096);
	cr_assert_eq(fd_close(p, 4), 0);
	cr_assert_eq(p->budget.used[BUDGET_RECORDS], records + 4096, "the node stays, named");
	cr_assert_eq(budget_check(&p->budget), 0);
}

Test(fd, descriptions_share_a_page_until_it_is_full)
{
	uint64_t records = p->budget.used[BUDGET_RECORDS];
	create(p, "/tmp/f");
	for (unsigned i = 0; i < 10; i++)
		cr_assert_geq(open_path(p, "/tmp/f", PX_O_RDONLY), 0);
	cr_assert_eq(p->budget.used[BUDGET_RECORDS], records + 2 * 4096,
	             "eleven descriptions in one page");
}

Test(fd, fork_shares_descriptions_and_their_offset)
{
	long fd = create(p, "/tmp/f");
	struct proc *child = fpk_process(18, p);
	fd_fork(p, child);
	cr_assert_eq(fd_write(child, (uint64_t)fd, "from child", 10), 10);
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, 0, 1), 10, "the parent's offset moved");
	fd_exit(child);
	cr_assert_eq(fd_write(p, (uint64_t)fd, "!", 1), 1, "the parent's fd is still open");
	cr_assert_eq(size_of(p, fd), 11);
}

Test(fd, exec_closes_only_close_on_exec_descriptors)
{
	long keep = create(p, "/tmp/keep");
	long go = open_path(p, "/tmp/go", PX_O_RDWR | PX_O_CREAT | PX_O_CLOEXEC);
	cr_assert_geq(go, 0);
	fd_exec(p);
	cr_assert_neq(p->fd[keep], 0);
	cr_assert_eq(p->fd[go], 0);
	cr_assert_eq(p->fd[0], FILE_CONSOLE);
}

Test(fd, fcntl_setfd_sets_close_on_exec)
{
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_fcntl(p, (uint64_t)fd, PX_F_SETFD, PX_FD_CLOEXEC), 0);
	fd_exec(p);
	cr_assert_eq(p->fd[fd], 0);
	cr_assert_eq(fd_fcntl(p, (uint64_t)fd, PX_F_GETFD, 0), -PX_EBADF);
	cr_assert_eq(fd_fcntl(p, 0, 99, 0), -PX_EINVAL, "an unknown command");
}

Test(fd, access_mode_is_checked_before_the_file)
{
	create(p, "/tmp/f");
	long ro = open_path(p, "/tmp/f", PX_O_RDONLY);
	long wo = open_path(p, "/tmp/f", PX_O_WRONLY);
	char out[4];
	cr_assert_eq(fd_write(p, (uint64_t)ro, "x", 1), -PX_EBADF);
	cr_assert_eq(fd_read(p, (uint64_t)wo, out, sizeof(out)), -PX_EBADF);
	cr_assert_eq(fd_ftruncate(p, (uint64_t)ro, 0), -PX_EINVAL, "POSIX: EINVAL, not EBADF");
	cr_assert_eq(fd_fcntl(p, (uint64_t)wo, PX_F_GETFL, 0), PX_O_WRONLY);
}

Test(fd, read_longer_than_the_shared_buffer_is_einval)
{
	long fd = create(p, "/tmp/f");
	static char big[PX_SHARED_SIZE + 1];
	cr_assert_eq(fd_read(p, (uint64_t)fd, big, sizeof(big)), -PX_EINVAL);
	cr_assert_eq(fd_write(p, (uint64_t)fd, big, sizeof(big)), -PX_EINVAL);
}

Test(fd, o_append_writes_at_the_end)
{
	long fd = create(p, "/tmp/log");
	cr_assert_eq(fd_write(p, (uint64_t)fd, "one", 3), 3);
	long app = open_path(p, "/tmp/log", PX_O_WRONLY | PX_O_APPEND);
	cr_assert_eq(fd_lseek(p, (uint64_t)app, 0, 0), 0);
	cr_assert_eq(fd_write(p, (uint64_t)app, "two", 3), 3);
	cr_assert_eq(size_of(p, fd), 6);
	char out[8] = { 0 };
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, 0, 0), 0);
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, sizeof(out)), 6);
	cr_assert_str_eq(out, "onetwo");
}

Test(fd, o_trunc_empties_the_file)
{
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_write(p, (uint64_t)fd, "data", 4), 4);
	long t = open_path(p, "/tmp/f", PX_O_WRONLY | PX_O_TRUNC);
	cr_assert_geq(t, 0);
	cr_assert_eq(size_of(p, fd), 0, "seen through the other description too");
}

Test(fd, ftruncate_sets_the_size)
{
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_ftruncate(p, (uint64_t)fd, 10000), 0);
	cr_assert_eq(size_of(p, fd), 10000);
	cr_assert_eq(fd_ftruncate(p, (uint64_t)fd, (uint64_t)-1), -PX_EINVAL);
}

Test(fd, lseek_before_the_start_is_einval_and_keeps_the_offset)
{
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_write(p, (uint64_t)fd, "abc", 3), 3);
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, -4, 1), -PX_EINVAL);
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, 0, 1), 3);
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, 0, 3), -PX_EINVAL, "an unknown whence");
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, -1, 2), 2);
}

Test(fd, open_file_of_an_unlinked_name_still_reads)
{
	long fd = create(p, "/tmp/f");
	cr_assert_eq(fd_write(p, (uint64_t)fd, "kept", 4), 4);
	char path[PX_PATH_MAX] = "/tmp/f";
	cr_assert_eq(vfs_unlink(p, path), 0);
	cr_assert_eq(open_path(p, "/tmp/f", PX_O_RDONLY), -PX_ENOENT);
	char out[8] = { 0 };
	cr_assert_eq(fd_lseek(p, (uint64_t)fd, 0, 0), 0);
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, sizeof(out)), 4);
	cr_assert_str_eq(out, "kept");
	cr_assert_eq(fd_close(p, (uint64_t)fd), 0);
	cr_assert_eq(p->fs_pages, 0, "the node went with its last description");
}

Test(fd, dev_null_reads_end_of_file_and_takes_every_write)
{
	long fd = open_path(p, "/dev/null", PX_O_RDWR);
	cr_assert_geq(fd, 0);
	char out[4];
	cr_assert_eq(fd_write(p, (uint64_t)fd, "gone", 4), 4);
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, sizeof(out)), 0);
	cr_assert_eq(fd_ftruncate(p, (uint64_t)fd, 0), -PX_EINVAL);
}

Test(fd, dev_zero_reads_zeros)
{
	long fd = open_path(p, "/dev/zero", PX_O_RDONLY);
	cr_assert_geq(fd, 0);
	char out[16];
	memset(out, 'x', sizeof(out));
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, sizeof(out)), (long)sizeof(out));
	for (size_t i = 0; i < sizeof(out); i++)
		cr_assert_eq(out[i], 0);
}

Test(fd, directory_opens_read_only_and_lists_its_entries)
{
	create(p, "/tmp/a");
	cr_assert_eq(open_path(p, "/tmp", PX_O_RDWR), -PX_EISDIR);
	long fd = open_path(p, "/tmp", PX_O_RDONLY);
	cr_assert_geq(fd, 0);
	char out[4];
	cr_assert_eq(fd_read(p, (uint64_t)fd, out, sizeof(out)), -PX_EISDIR);
	char names[3][PX_NAME_MAX + 1];
	struct px_dirent e;
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(fd_readdir(p, (uint64_t)fd, (char *)&e, 1), 1, "entry %d", i);
		strcpy(names[i], e.name);
	}
	cr_assert_eq(fd_readdir(p, (uint64_t)fd, (char *)&e, 1), 0, "then the end");
	cr_assert_str_eq(names[0], ".");
	cr_assert_str_eq(names[1], "..");
	cr_assert_str_eq(names[2], "a");
	cr_assert_eq(fd_readdir(p, 0, (char *)&e, 1), -PX_ENOTDIR, "the console is no directory");
}

Test(fd, readdir_gives_many_entries_in_one_call)
{
	char path[32];
	for (int i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "/tmp/f%d", i);
		create(p, path);
	}
	long fd = open_path(p, "/tmp", PX_O_RDONLY);
	cr_assert_geq(fd, 0);
	static struct px_dirent e[PX_READDIR_MAX];
	cr_assert_eq(fd_readdir(p, (uint64_t)fd, (char *)e, 1000), (long)PX_READDIR_MAX,
	             "as many as the buffer holds");
	cr_assert_str_eq(e[0].name, ".");
	long rest = fd_readdir(p, (uint64_t)fd, (char *)e, PX_READDIR_MAX);
	cr_assert_eq(rest, 22 - (long)PX_READDIR_MAX, "the rest");
	cr_assert_eq(fd_readdir(p, (uint64_t)fd, (char *)e, PX_READDIR_MAX), 0, "then the end");
}
