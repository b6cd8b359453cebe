/* pxtest: runs the table of tests (or those named on its command line)
 * and reports each as "PASS name" or "FAIL name: why", then "pxtest: N
 * passed, N failed", and powers the machine off with status 0 only if all
 * passed.
 *
 * Tests marked `exact` also check the server's accounting: the caller's
 * free budget must be the same to the byte before and after (all a test's
 * children reaped, all their memory back). Those tests do nothing in the
 * parent that could keep memory: no malloc, no new stack pages. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

struct test {
	const char *name;
	int (*run)(void);
	bool exact; /* the free budget must be the same after */
};

static const struct test tests[] = {
	{ "constructors_run", test_constructors, false },
	{ "printf", test_printf, false },
	{ "console_fds", test_console_fds, true },
	{ "getpid_getppid", test_getpid, true },
	{ "fork_wait_statuses", test_fork_wait, true },
	{ "waitpid_pid", test_waitpid_pid, true },
	{ "waitpid_wnohang", test_waitpid_wnohang, true },
	{ "wait_echild", test_wait_echild, true },
	{ "waitpid_groups", test_waitpid_groups, true },
	{ "kill", test_kill, true },
	{ "orphans", test_orphans, true },
	{ "exact_budget", test_exact_budget, true },
	{ "pipe_basic", test_pipe_basic, true },
	{ "pipe_between_processes", test_pipe_between_processes, true },
	{ "pipe_sigpipe", test_pipe_sigpipe, true },
	{ "pipe_nonblocking", test_pipe_nonblocking, true },
	{ "pipe_atomic_writes", test_pipe_atomic_writes, true },
	{ "pipe_kill_waiter", test_pipe_kill_waiter, true },
	{ "dup_and_cloexec", test_dup_and_cloexec, true },
	{ "fd_table_full", test_fd_table_full, true },
	{ "signal_ignore", test_signal_ignore, true },
	{ "process_groups", test_process_groups, true },
	{ "sessions", test_sessions, true },
	{ "sighandler_self", test_sighandler_self, true },
	{ "sighandler_from_child", test_sighandler_from_child, true },
	{ "sighandler_defaults", test_sighandler_defaults, true },
	{ "sighandler_mask", test_sighandler_mask, true },
	{ "sighandler_sigreturn_mask", test_sighandler_sigreturn_mask, true },
	{ "sighandler_eintr_pipe", test_sighandler_eintr_pipe, true },
	{ "sighandler_sigchld", test_sighandler_sigchld, true },
	{ "sighandler_registers", test_sighandler_registers, true },
	{ "sighandler_sigsuspend", test_sighandler_sigsuspend, true },
	{ "sighandler_sigpipe", test_sighandler_sigpipe, true },
	{ "sighandler_invalid", test_sighandler_invalid, true },
	{ "sighandler_fault", test_sighandler_fault, true },
	{ "sighandler_altstack", test_sighandler_altstack, true },
	{ "sighandler_altstack_overflow", test_sighandler_altstack_overflow, true },
	{ "sighandler_altstack_in_a_large_page", test_sighandler_altstack_in_a_large_page, true },
	{ "stop_continue", test_stop_continue, true },
	{ "stop_pending_signals", test_stop_pending_signals, true },
	{ "stop_orphaned_group", test_stop_orphaned_group, true },
	{ "stop_orphaned_by_exit", test_stop_orphaned_by_exit, true },
	{ "stop_background_read", test_stop_background_read, true },
	{ "stop_in_sigsuspend", test_stop_in_sigsuspend, true },
	{ "stop_background_write", test_stop_background_write, true },
	{ "tty_other_session", test_tty_other_session, true },
	{ "tty_background_tcsetpgrp", test_tty_background_tcsetpgrp, true },
	{ "poweroff_right", test_poweroff_right, true },
	{ "debug_calls_off", test_debug_calls_off, true },
	{ "kill_rules", test_kill_rules, true },
	{ "group_outlives_leader", test_group_outlives_leader, true },
	{ "interval_timer", test_interval_timer, true },
	{ "interval_timer_edges", test_interval_timer_edges, true },
	{ "interval_timer_storm", test_interval_timer_storm, true },
	{ "server_fuzz", test_server_fuzz, true },
	{ "termios", test_termios, true },
	{ "fs_read_file", test_fs_read_file, true },
	{ "fs_directories", test_fs_directories, false }, /* opendir mallocs */
	{ "fs_cwd", test_fs_cwd, true },
	{ "fs_mtime", test_fs_mtime, true },
	{ "fs_devices", test_fs_devices, true },
	{ "fs_errors", test_fs_errors, true },
	{ "fs_cwd_inherited", test_fs_cwd_inherited, true },
	{ "procfs", test_procfs, false }, /* stdio buffers come from malloc */
	{ "fs_write_read", test_fs_write_read, true },
	{ "fs_large_file", test_fs_large_file, true },
	{ "fs_write_errors", test_fs_write_errors, true },
	{ "fs_tree", test_fs_tree, false }, /* opendir mallocs */
	{ "fs_unlinked_open", test_fs_unlinked_open, true },
	{ "fs_file_charges", test_fs_file_charges, true },
	{ "fs_enospc", test_fs_enospc, true },
	{ "fs_chmod", test_fs_chmod, true },
	{ "fs_overlay_new", test_fs_overlay_new, true },
	{ "fs_overlay_listing", test_fs_overlay_listing, false }, /* opendir mallocs */
	/* These leave copies and whiteouts in the initrd's tree (and check
	 * what each costs). */
	{ "fs_overlay_copy_up", test_fs_overlay_copy_up, false },
	{ "fs_overlay_whiteout", test_fs_overlay_whiteout, false },
	{ "fs_overlay_exec", test_fs_overlay_exec, false },
	{ "sigsegv", test_sigsegv, true },
	{ "exec_status", test_exec, true },
	{ "exec_missing", test_exec_missing, true },
	{ "budget_info", test_budget_info, true },
	{ "budget_tree", test_budget_tree, true },
	{ "budget_grow_shrink", test_budget_grow_shrink, true },
	{ "budget_change_no_process", test_budget_change_no_process, true },
	{ "budget_guarantee", test_budget_guarantee, true },
	{ "budget_shrink_keeps_guarantee", test_budget_shrink_keeps_guarantee, true },
	{ "budget_change_rights", test_budget_change_rights, true },
	{ "limit_holds_subtree", test_limit_holds_subtree, true },
	{ "guarantee_survives_runaway", test_guarantee_survives_runaway, true },
	{ "memory_comes_back", test_memory_comes_back, true },
	{ "fork_terms_refused", test_fork_terms_refused, true },
	{ "files_stay_with_lender", test_files_stay_with_lender, true },
	{ "wait_peak", test_wait_peak, true },
	{ "budget_objects", test_budget_objects, true },
	{ "malloc_exhaustion", test_malloc_exhaustion, true },
	{ "fork_exhaustion", test_fork_exhaustion, true },
	{ "malformed_requests", test_malformed, true },
	{ "malformed_exec", test_malformed_exec, true },
	{ "nanosleep_duration", test_nanosleep_duration, true },
	{ "nanosleep_einval", test_nanosleep_einval, true },
	{ "sleepers_wake_in_order", test_sleepers_in_order, true },
	{ "sleeper_killed", test_sleeper_killed, true },
	{ "clock_monotonic", test_clock_monotonic, true },
	{ "time_of_day", test_time_of_day, true },
	/* Last: the parent's heap grows, and may stay grown. */
	{ "sbrk_malloc", test_sbrk_malloc, false },
	/* Interactive: only with "+tty" on the command line. */
	{ "+tty", test_tty, false },
};

static char why[256];

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return -1;
}

int expect_errno(int result, int err, const char *what)
{
	if (result != -1 || errno != err)
		return fail("%s: %d (%s), expected %s", what, result, strerror(errno),
		            strerror(err));
	return 0;
}

int budget_read(struct px_budget_info *b)
{
	if (rn_budget_info(0, b) < 0)
		return fail("rn_budget_info: %s", strerror(errno));
	if (b->total != b->used_kernel + b->used_frames + b->used_records + b->lent + b->free)
		return fail("budget does not add up: total %lu, kernel %lu + frames %lu + "
		            "records %lu + lent %lu + free %lu",
		            b->total, b->used_kernel, b->used_frames, b->used_records, b->lent,
		            b->free);
	return 0;
}

/* Touches the stack deeper than any test goes, so that no test makes the
 * server map a stack page (which would change the free budget). One small
 * frame per call, so that pages are touched from the top down, as a
 * growing stack does; the store after the call keeps it from becoming a
 * loop in one frame. */
__attribute__((noinline)) static void warm_stack(int depth)
{
	volatile char pad[2048];

	pad[sizeof pad - 1] = 0;
	if (depth > 0)
		warm_stack(depth - 1);
	pad[0] = 0;
}

static int run(const struct test *t)
{
	struct px_budget_info before, after;
	int r, left;

	why[0] = '\0';
	if (t->exact && budget_read(&before) < 0)
		return -1;
	r = t->run();
	left = kill_children();
	if (r == 0 && left)
		r = fail("left %d children behind", left);
	if (r == 0 && t->exact) {
		if (budget_read(&after) < 0)
			return -1;
		/* Exact, but for the book, which may have given back a leaf
		 * it had grown before (records go down, free up as much). */
		if (after.used_kernel != before.used_kernel ||
		    after.used_frames != before.used_frames ||
		    after.used_records > before.used_records ||
		    after.free + after.used_records != before.free + before.used_records)
			r = fail("budget not reclaimed: free %lu before, %lu after (records %lu, "
			         "%lu)",
			         before.free, after.free, before.used_records, after.used_records);
	}
	return r;
}

/* Whether the command line selects t: tests named there, or all of them
 * when it names none. Tests whose name starts with '+' run only when
 * named. */
static bool selected(const struct test *t, int argc, char **argv)
{
	bool named_any = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], t->name) == 0)
			return true;
		named_any |= argv[i][0] != '+';
	}
	return !named_any && t->name[0] != '+';
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	/* A helper mode for test_dup_and_cloexec, run through exec. */
	if (argc == 3 && strcmp(argv[1], "--fd-closed") == 0)
		return fd_closed_main(atoi(argv[2]));
	/* What a hostile job does, for the console tests (attack.c). */
	if (argc == 3 && strcmp(argv[1], "--attack") == 0)
		return attack_main(argv[2]);

	/* The first printf allocates stdout's buffer: before any test. */
	printf("pxtest: pid %d, %zu tests\n", getpid(), sizeof tests / sizeof tests[0]);
	warm_stack(32); /* 64 KiB */
	warm_book(64);
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (!selected(&tests[i], argc, argv))
			continue;
		if (run(&tests[i]) == 0) {
			printf("PASS %s\n", tests[i].name);
			passed++;
		} else {
			printf("FAIL %s: %s\n", tests[i].name, why);
			failed++;
		}
	}
	printf("pxtest: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	rn_poweroff(failed ? 1 : 0);
}
