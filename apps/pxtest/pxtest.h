/* pxtest: the in-system tests of the POSIX server, run as a process on it.
 * Each test is a function that returns 0 when it passes, or fail()'s -1
 * with the reason; main.c runs the table and prints PASS/FAIL lines. */
#ifndef PXTEST_H
#define PXTEST_H

#include <stddef.h>
#include <sys/types.h>
#include <rn/px.h>

/* Records why the running test failed; returns -1. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A call's result must be -1 with errno err; 0, or fail() naming what. */
int expect_errno(int result, int err, const char *what);

/* Reads the caller's budget and checks that its figures add up. 0, or
 * fail(). */
int budget_read(struct px_budget_info *out);

/* fork (rn_fork_limits when a limit, guarantee or flag is given; a limit
 * of 0 is the default): the child runs body(arg) and _exits with its
 * result; the parent gets the child's pid, or -1 (errno). Children are
 * tracked, so that a failed test's are killed and reaped. */
pid_t spawn(int (*body)(long), long arg);
pid_t spawn_budget(size_t limit, int (*body)(long), long arg);
pid_t spawn_limits(size_t limit, size_t guarantee, unsigned flags, int (*body)(long),
                   long arg);

/* budgets.c: a snapshot of every budget, its identities checked (the
 * number of records, or fail()); pid's figures (0 or fail()); whether a
 * refused change left pid's terms and our budget as in *me0 and *c0. */
int budget_tree_checked(void);
int budget_of(pid_t pid, struct px_budget_info *b);
int budget_unchanged(pid_t pid, const struct px_budget_info *me0,
                     const struct px_budget_info *c0, const char *what);

/* waitpid(pid, &status, 0) for a spawned child; 0 or fail(). A pid < 0
 * (spawn failed) fails with errno, so spawn's result can be passed on. */
int reap(pid_t pid, int *status);
/* Marks a child returned by wait() as reaped. */
void forget(pid_t pid);
/* Kills and reaps the children still tracked; how many there were. */
int kill_children(void);

/* reap, then require exit status `code` or death by signal `sig`. */
int expect_exit(pid_t pid, int code);
int expect_signal(pid_t pid, int sig);

/* Child bodies shared by several tests. */
int exit_with(long code);        /* returns code */
int sleep_then_exit(long code);  /* 200 ms, then returns code */
_Noreturn int park(long unused); /* waits until it is killed */

/* The tests (io.c, proc.c, exec.c, mem.c, malformed.c). */
int test_constructors(void);
int test_signal_ignore(void); /* signal.c */
int test_process_groups(void);
int test_sessions(void);
int test_termios(void);
int test_fs_read_file(void); /* fs.c */
int test_fs_directories(void);
int test_fs_cwd(void);
int test_fs_mtime(void);
int test_fs_devices(void);
int test_fs_errors(void);
int test_fs_cwd_inherited(void);
int test_procfs(void);
/* Writes and removes a file of `pages` pages, so that the server's book
 * of this process has grown to hold as many caps (a book never shrinks,
 * and an exact test must not see it grow). */
void warm_book(int pages);
int test_budget_tree(void); /* budgets.c */
int test_budget_grow_shrink(void);
int test_budget_change_no_process(void);
int test_budget_guarantee(void);
int test_budget_shrink_keeps_guarantee(void);
int test_budget_change_rights(void); /* limits.c */
int test_limit_holds_subtree(void);
int test_guarantee_survives_runaway(void);
int test_memory_comes_back(void);
int test_fork_terms_refused(void);
int test_files_stay_with_lender(void);
int test_wait_peak(void);
int test_budget_objects(void);
int test_fs_write_read(void); /* files.c */
int test_fs_large_file(void);
int test_fs_write_errors(void);
int test_fs_tree(void);
int test_fs_unlinked_open(void);
int test_fs_file_charges(void);
int test_fs_enospc(void);
int test_fs_chmod(void);
int test_fs_overlay_new(void);
int test_fs_overlay_listing(void);
int test_fs_overlay_copy_up(void);
int test_fs_overlay_whiteout(void);
int test_fs_overlay_exec(void);
int test_pipe_basic(void); /* fd.c */
int test_pipe_kill_waiter(void);
int test_pipe_between_processes(void);
int test_pipe_sigpipe(void);
int test_pipe_nonblocking(void);
int test_pipe_atomic_writes(void);
int test_dup_and_cloexec(void);
int test_fd_table_full(void);
int fd_closed_main(int fd);
int test_orphans(void);
int test_exact_budget(void);
int test_tty(void); /* tty.c: interactive, "+tty" */
int test_printf(void);
int test_console_fds(void);
int test_files(void);
int test_getpid(void);
int test_fork_wait(void);
int test_waitpid_pid(void);
int test_waitpid_wnohang(void);
int test_wait_echild(void);
int test_waitpid_groups(void);
int test_kill(void);
int test_interval_timer(void); /* time.c */
int test_interval_timer_edges(void);
int test_interval_timer_storm(void);
int test_server_fuzz(void);   /* fuzz.c */
int test_stop_continue(void); /* jobctl.c */
int test_stop_pending_signals(void);
int test_stop_orphaned_group(void);
int test_stop_orphaned_by_exit(void);
int test_stop_background_read(void);
int test_stop_in_sigsuspend(void);
int test_stop_background_write(void);
int test_tty_other_session(void);
int test_tty_background_tcsetpgrp(void);
/* attack.c: `pxtest --attack NAME`, what a hostile job does. */
int attack_main(const char *name);
/* authority.c */
int test_poweroff_right(void);
int test_debug_calls_off(void);
int test_kill_rules(void);
int test_group_outlives_leader(void);
int test_sigsegv(void);
int test_exec(void);
int test_exec_missing(void);
int test_budget_info(void);
int test_sbrk_malloc(void);
int test_malloc_exhaustion(void);
int test_fork_exhaustion(void);
int test_malformed(void);
int test_malformed_exec(void);
int test_sighandler_self(void); /* sighandler.c */
int test_sighandler_from_child(void);
int test_sighandler_defaults(void);
int test_sighandler_mask(void);
int test_sighandler_sigreturn_mask(void);
int test_sighandler_eintr_pipe(void);
int test_sighandler_sigchld(void);
int test_sighandler_registers(void);
int test_sighandler_sigsuspend(void);
int test_sighandler_sigpipe(void);
int test_sighandler_invalid(void);
int test_sighandler_fault(void);
int test_sighandler_altstack(void);
int test_sighandler_altstack_overflow(void);
int test_sighandler_altstack_in_a_large_page(void);
int test_nanosleep_duration(void); /* time.c */
int test_nanosleep_einval(void);
int test_sleepers_in_order(void);
int test_sleeper_killed(void);
int test_clock_monotonic(void);
int test_time_of_day(void);

#endif
