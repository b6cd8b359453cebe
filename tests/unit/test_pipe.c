/* Pipes (personality/pipe.c) through the descriptor calls (fd.c), on the
 * fake kernel: a record page of the creator's budget, a ring, its
 * waiters. */
#include <criterion/criterion.h>
#include <string.h>

#include <ration/errors.h>
#include <ration/invocation.h>

#include "personality/fd.h"
#include "personality/pipe.h"
#include "personality/proc.h"
#include "tests/unit/support/px/fake_kernel.h"

static struct proc *p;
static uint64_t fds[2]; /* read end, write end */

static void setup(void)
{
	fpk_setup();
	p = fpk_process(20, fpk_process(18, 0)); /* init is pid 1 */
	cr_assert_eq(fd_pipe(p, fds), 0);
}

TestSuite(pipe, .init = setup);

static void fill(char *buf, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(i * 13 + seed);
}

Test(pipe, ends_are_the_lowest_free_descriptors)
{
	cr_assert_eq(fds[0], 0);
	cr_assert_eq(fds[1], 1);
	uint64_t more[2];
	cr_assert_eq(fd_pipe(p, more), 0);
	cr_assert_eq(more[0], 2);
	cr_assert_eq(more[1], 3);
}

Test(pipe, is_a_record_page_of_the_creators_budget)
{
	struct proc *q = fpk_process(20, 0);
	uint64_t records = q->budget.used[BUDGET_RECORDS];
	uint64_t e[2];
	cr_assert_eq(fd_pipe(q, e), 0);
	cr_assert_eq(q->budget.used[BUDGET_RECORDS], records + 4096);
}

Test(pipe, made_only_if_the_kernel_maps_its_page_and_else_changes_nothing)
{
	struct proc *q = fpk_process(20, p);
	fd_init_console(q);
	struct budget before = q->budget;
	unsigned caps = fpk_live_caps();
	uint64_t windows[WINDOW_PAGES / 64];
	memcpy(windows, q->window_used, sizeof(windows));
	fpk_fail(RN_FRAME_MAP, 0, RN_NOT_ENOUGH_MEMORY);
	uint64_t e[2];
	cr_assert_eq(fd_pipe(q, e), -PX_ENOMEM);
	cr_assert_eq(q->budget.free, before.free, "the budget is as it was");
	cr_assert_arr_eq(q->budget.used, before.used, sizeof(before.used));
	cr_assert_arr_eq(q->budget.free_head, before.free_head, sizeof(before.free_head));
	cr_assert_eq(fpk_live_caps(), caps, "the frame went back");
	cr_assert_arr_eq(q->window_used, windows, sizeof(windows), "and its window page");
	cr_assert_eq(q->fd[3], 0);
	fpk_fail(RN_FRAME_MAP, 0, 0);
	cr_assert_eq(fd_pipe(q, e), 0, "then the kernel maps it");
}

Test(pipe, reads_and_writes_invoke_no_kernel_object)
{
	unsigned maps = fpk_count(RN_FRAME_MAP), retypes = fpk_count(RN_UNTYPED_RETYPE);
	char out[64];
	for (int i = 0; i < 10; i++) {
		cr_assert_eq(fd_write(p, fds[1], "0123456789", 10), 10);
		cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), 10);
	}
	cr_assert_eq(fpk_count(RN_FRAME_MAP), maps, "the ring is in the server's window");
	cr_assert_eq(fpk_count(RN_UNTYPED_RETYPE), retypes);
}

Test(pipe, write_then_read_returns_the_bytes_in_order)
{
	char out[16] = { 0 };
	cr_assert_eq(fd_write(p, fds[1], "abc", 3), 3);
	cr_assert_eq(fd_write(p, fds[1], "def", 3), 3);
	cr_assert_eq(fd_read(p, fds[0], out, 4), 4);
	cr_assert_str_eq(out, "abcd");
	memset(out, 0, sizeof(out));
	cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), 2, "a read takes what is there");
	cr_assert_str_eq(out, "ef");
}

Test(pipe, ring_wraps_around_its_end)
{
	static char in[3000], out[3000];
	for (unsigned round = 0; round < 3; round++) {
		fill(in, sizeof(in), round);
		cr_assert_eq(fd_write(p, fds[1], in, sizeof(in)), (long)sizeof(in));
		cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), (long)sizeof(out));
		cr_assert_arr_eq(out, in, sizeof(in), "round %u", round);
	}
}

Test(pipe, read_of_an_empty_pipe_asks_again_and_a_write_wakes_the_reader)
{
	struct proc *reader = fpk_process(18, p);
	fd_fork(p, reader);
	char out[8];
	cr_assert_eq(fd_read(reader, fds[0], out, sizeof(out)), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_neq(reader->waiting_on, 0, "the reader waits on the pipe");
	unsigned before = fpk_signals(CAP(reader->pid, reader->ntfn));
	cr_assert_eq(fd_write(p, fds[1], "x", 1), 1);
	cr_assert_eq(fpk_signals(CAP(reader->pid, reader->ntfn)), before + 1, "woken");
	cr_assert_eq(reader->waiting_on, 0);
	cr_assert_eq(fd_read(reader, fds[0], out, sizeof(out)), 1);
}

Test(pipe, write_to_a_full_pipe_asks_again)
{
	static char in[PX_PIPE_SIZE];
	cr_assert_eq(fd_write(p, fds[1], in, 4000), 4000);
	cr_assert_eq(fd_write(p, fds[1], "y", 1), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_neq(p->waiting_on, 0);
	char out[100];
	unsigned before = fpk_signals(CAP(p->pid, p->ntfn));
	cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), 100);
	cr_assert_eq(fpk_signals(CAP(p->pid, p->ntfn)), before + 1, "room wakes the writer");
	cr_assert_eq(fd_write(p, fds[1], "y", 1), 1);
}

Test(pipe, small_write_goes_in_whole_or_not_at_all)
{
	static char in[PX_PIPE_SIZE];
	cr_assert_eq(fd_write(p, fds[1], in, PX_PIPE_SIZE - 100), PX_PIPE_SIZE - 100);
	cr_assert_eq(fd_write(p, fds[1], in, 101), -PX_EWOULDBLOCK_INTERNAL,
	             "101 bytes <= PIPE_BUF do not fit in 100");
	char out[PX_PIPE_SIZE];
	cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), PX_PIPE_SIZE - 100, "nothing went in");
}

Test(pipe, large_write_takes_what_fits)
{
	static char in[PX_PIPE_SIZE];
	cr_assert_eq(fd_write(p, fds[1], in, PX_PIPE_SIZE - 1000), PX_PIPE_SIZE - 1000);
	cr_assert_eq(fd_write(p, fds[1], in, 2000), 1000, "more than PIPE_BUF goes in parts");
}

Test(pipe, read_with_no_writer_is_end_of_file)
{
	char out[8];
	cr_assert_eq(fd_write(p, fds[1], "z", 1), 1);
	cr_assert_eq(fd_close(p, fds[1]), 0);
	cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), 1, "what was written is still read");
	cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), 0);
}

Test(pipe, write_with_no_reader_fails_with_epipe_and_sigpipe_ends_the_writer)
{
	cr_assert_eq(fd_close(p, fds[0]), 0);
	cr_assert_eq(fd_write(p, fds[1], "z", 1), -PX_EPIPE);
	cr_assert_eq(p->state, PROC_DOOMED, "SIGPIPE's default action");
	cr_assert_eq(p->exit_status, PX_W_SIGNALED(PX_SIGPIPE));
}

Test(pipe, write_with_no_reader_and_sigpipe_ignored_fails_with_epipe)
{
	p->sig_action[PX_SIGPIPE].handler = PX_SIG_IGN;
	cr_assert_eq(fd_close(p, fds[0]), 0);
	cr_assert_eq(fd_write(p, fds[1], "z", 1), -PX_EPIPE);
	cr_assert_eq(p->state, PROC_RUNNING);
}

Test(pipe, nonblocking_read_of_an_empty_pipe_is_eagain)
{
	char out[8];
	cr_assert_eq(fd_fcntl(p, fds[0], PX_F_SETFL, PX_O_NONBLOCK), 0);
	cr_assert_eq(fd_fcntl(p, fds[0], PX_F_GETFL, 0), PX_O_RDONLY | PX_O_NONBLOCK);
	cr_assert_eq(fd_read(p, fds[0], out, sizeof(out)), -PX_EAGAIN);
	cr_assert_eq(p->waiting_on, 0, "it does not wait");
	cr_assert_eq(fd_fcntl(p, fds[1], PX_F_GETFL, 0), PX_O_WRONLY, "the other end is as it was");
}

Test(pipe, ends_refuse_the_wrong_direction)
{
	char out[8];
	cr_assert_eq(fd_write(p, fds[0], "a", 1), -PX_EBADF);
	cr_assert_eq(fd_read(p, fds[1], out, sizeof(out)), -PX_EBADF);
	cr_assert_eq(fd_lseek(p, fds[0], 0, 0), -PX_ESPIPE);
}

Test(pipe, page_goes_back_when_both_ends_are_closed)
{
	struct proc *q = fpk_process(20, 0);
	struct proc *child = fpk_process(18, q);
	uint64_t records = q->budget.used[BUDGET_RECORDS];
	unsigned caps = fpk_live_caps();
	uint64_t e[2];
	cr_assert_eq(fd_pipe(q, e), 0);
	uint32_t h = q->fd[e[0]];
	fd_fork(q, child);
	cr_assert_eq(fd_close(q, e[0]), 0);
	cr_assert_eq(fd_close(q, e[1]), 0);
	cr_assert_gt(q->budget.used[BUDGET_RECORDS], records, "the child still holds both ends");
	fd_exit(child);
	cr_assert_eq(q->budget.used[BUDGET_RECORDS], records);
	cr_assert_eq(budget_check(&q->budget), 0);
	cr_assert_eq(fpk_live_caps(), caps, "the pipe's frame went");
	unsigned end;
	cr_assert_null(pipe_of(h, &end), "its handle names nothing");
}

Test(pipe, exiting_waiter_leaves_the_list_and_its_closes_wake_nobody)
{
	struct proc *a = fpk_process(18, p), *b = fpk_process(18, p);
	fd_fork(p, a);
	fd_fork(p, b);
	char out[8];
	cr_assert_eq(fd_read(a, fds[0], out, sizeof(out)), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_eq(fd_read(b, fds[0], out, sizeof(out)), -PX_EWOULDBLOCK_INTERNAL);
	unsigned wa = fpk_signals(CAP(a->pid, a->ntfn)), wb = fpk_signals(CAP(b->pid, b->ntfn));
	fd_exit(a);
	cr_assert_eq(a->waiting_on, 0);
	cr_assert_eq(fpk_signals(CAP(a->pid, a->ntfn)), wa, "a left the list first");
	cr_assert_eq(fpk_signals(CAP(b->pid, b->ntfn)), wb,
	             "closing ends that are not the last wakes nobody");
	cr_assert_neq(b->waiting_on, 0, "b still waits");
	cr_assert_eq(fd_write(p, fds[1], "x", 1), 1);
	cr_assert_eq(fpk_signals(CAP(b->pid, b->ntfn)), wb + 1, "data wakes b");
}

Test(pipe, the_last_writer_gone_wakes_the_readers)
{
	struct proc *r = fpk_process(18, p);
	fd_fork(p, r);
	cr_assert_eq(fd_close(r, fds[1]), 0);
	char out[8];
	cr_assert_eq(fd_read(r, fds[0], out, sizeof(out)), -PX_EWOULDBLOCK_INTERNAL);
	unsigned before = fpk_signals(CAP(r->pid, r->ntfn));
	cr_assert_eq(fd_close(p, fds[1]), 0);
	cr_assert_eq(fpk_signals(CAP(r->pid, r->ntfn)), before + 1, "end of file wakes it");
	cr_assert_eq(fd_read(r, fds[0], out, sizeof(out)), 0, "and it reads end of file");
}

Test(pipe, a_writer_waits_for_the_room_its_write_needs)
{
	static char in[PX_PIPE_SIZE];
	cr_assert_eq(fd_write(p, fds[1], in, PX_PIPE_SIZE - 10), PX_PIPE_SIZE - 10);
	struct proc *w = fpk_process(18, p);
	fd_fork(p, w);
	cr_assert_eq(fd_write(w, fds[1], in, 100), -PX_EWOULDBLOCK_INTERNAL, "100 > 10 free");
	unsigned before = fpk_signals(CAP(w->pid, w->ntfn));
	char out[50];
	cr_assert_eq(fd_read(p, fds[0], out, 50), 50);
	cr_assert_eq(fpk_signals(CAP(w->pid, w->ntfn)), before, "60 free: still too little");
	cr_assert_eq(fd_read(p, fds[0], out, 50), 50);
	cr_assert_eq(fpk_signals(CAP(w->pid, w->ntfn)), before + 1, "110 free: woken");
	cr_assert_eq(fd_write(w, fds[1], in, 100), 100);
}

/* poll(2) on pipes: each end keeps its own pollers (proc.h). */
static long poll_one(struct proc *q, uint64_t fd, short events)
{
	struct px_pollfd e = { .fd = (int)fd, .events = events };
	return fd_poll(q, &e, 1, ~0ull);
}

Test(pipe, a_poller_is_woken_by_its_own_pipe_only)
{
	struct proc *a = fpk_process(18, p);
	fd_fork(p, a);
	uint64_t other[2];
	cr_assert_eq(fd_pipe(p, other), 0);
	cr_assert_eq(poll_one(a, fds[0], PX_POLLIN), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_eq(a->poll_linked, 1ull << fds[0]);
	unsigned before = fpk_signals(CAP(a->pid, a->ntfn));
	cr_assert_eq(fd_write(p, other[1], "x", 1), 1);
	cr_assert_eq(fpk_signals(CAP(a->pid, a->ntfn)), before, "another pipe's data wakes nobody");
	cr_assert_eq(fd_write(p, fds[1], "x", 1), 1);
	cr_assert_eq(fpk_signals(CAP(a->pid, a->ntfn)), before + 1, "its own pipe's wakes it");
	cr_assert_eq(a->poll_linked, 0, "woken, it left the list");
	cr_assert_eq(poll_one(a, fds[0], PX_POLLIN), 1, "and polls again: readable");
}

Test(pipe, a_poller_of_the_write_end_waits_for_room_for_pipe_buf)
{
	static char in[PX_PIPE_SIZE];
	cr_assert_eq(fd_write(p, fds[1], in, PX_PIPE_SIZE), PX_PIPE_SIZE);
	struct proc *w = fpk_process(18, p);
	fd_fork(p, w);
	cr_assert_eq(poll_one(w, fds[1], PX_POLLOUT), -PX_EWOULDBLOCK_INTERNAL);
	unsigned before = fpk_signals(CAP(w->pid, w->ntfn));
	char out[PX_PIPE_BUF];
	cr_assert_eq(fd_read(p, fds[0], out, PX_PIPE_BUF - 1), PX_PIPE_BUF - 1);
	cr_assert_eq(fpk_signals(CAP(w->pid, w->ntfn)), before, "not yet room for PIPE_BUF");
	cr_assert_eq(fd_read(p, fds[0], out, 1), 1);
	cr_assert_eq(fpk_signals(CAP(w->pid, w->ntfn)), before + 1, "room for PIPE_BUF wakes it");
}

Test(pipe, a_poll_cut_short_leaves_no_link_behind)
{
	struct proc *a = fpk_process(18, p);
	fd_fork(p, a);
	uint64_t other[2];
	cr_assert_eq(fd_pipe(a, other), 0);
	struct px_pollfd e[2] = { { .fd = (int)fds[0], .events = PX_POLLIN },
		                  { .fd = (int)other[0], .events = PX_POLLIN } };
	cr_assert_eq(fd_poll(a, e, 2, ~0ull), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_eq(a->poll_linked, (1ull << fds[0]) | (1ull << other[0]));
	/* A signal ends the wait in libc-glue; the process goes on and closes
	 * one of the fds, then polls the other: every link is as it says. */
	cr_assert_eq(fd_close(a, other[0]), 0);
	cr_assert_eq(a->poll_linked, 1ull << fds[0], "the closed fd's link went with it");
	cr_assert_eq(fd_close(a, other[1]), 0);
	cr_assert_eq(poll_one(a, fds[0], PX_POLLIN), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_eq(a->poll_linked, 1ull << fds[0], "linked once, not twice");
	unsigned before = fpk_signals(CAP(a->pid, a->ntfn));
	cr_assert_eq(fd_write(p, fds[1], "x", 1), 1);
	cr_assert_eq(fpk_signals(CAP(a->pid, a->ntfn)), before + 1, "woken once");
	fd_exit(a);
	cr_assert_eq(a->poll_linked, 0);
}

Test(pipe, a_read_cut_short_then_a_read_of_another_pipe_is_woken_by_it)
{
	struct proc *a = fpk_process(18, p);
	fd_fork(p, a);
	char out[8];
	cr_assert_eq(fd_read(a, fds[0], out, sizeof(out)), -PX_EWOULDBLOCK_INTERNAL);
	/* A signal ends the wait in libc-glue; a then reads another pipe. */
	uint64_t other[2];
	cr_assert_eq(fd_pipe(a, other), 0);
	cr_assert_eq(fd_read(a, other[0], out, sizeof(out)), -PX_EWOULDBLOCK_INTERNAL);
	unsigned before = fpk_signals(CAP(a->pid, a->ntfn));
	cr_assert_eq(fd_write(a, other[1], "y", 1), 1);
	cr_assert_eq(fpk_signals(CAP(a->pid, a->ntfn)), before + 1, "the pipe it now reads wakes it");
	cr_assert_eq(fd_read(a, other[0], out, sizeof(out)), 1);
}
