/* libctest: in-system tests of the C library surface libc-glue adds over
 * newlib (issue 19): the shell from a program (system, popen), jumps with
 * signal masks, paths, users, the system's figures, positional I/O, bad
 * buffers, terminals, floating point, memory mappings, poll and select. Run from the shell as
 * `libctest [name...]`; prints "PASS name" or "FAIL name: why" for each,
 * then "libctest: N passed, N failed", and exits 0 only if all passed. */
#ifndef LIBCTEST_H
#define LIBCTEST_H

/* Records why the running test failed; returns -1. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* result must be -1 with errno err; 0, or fail() naming what. */
int expect_errno(long result, int err, const char *what);

/* The tests, by file. */
int test_system_status(void); /* shell.c */
int test_system_signals(void);
int test_popen_read(void);
int test_popen_write(void);
int test_sigsetjmp_mask(void); /* jump.c */
int test_siglongjmp_from_handler(void);
int test_setjmp_xsi(void);
int test_realpath(void); /* files.c */
int test_deep_tree(void); /* paths.c */
int test_getcwd_past_a_page(void);
int test_cwd_removed_or_moved(void);
int test_name_too_long(void);
int test_pread_pwrite(void);
int test_efault(void);
int test_tty_names(void);
int test_fsync(void);
int test_hard_links(void); /* links.c */
int test_symbolic_links(void);
int test_users(void); /* info.c */
int test_uname(void);
int test_sysconf(void);
int test_flockfile(void);
int test_fp_exact(void); /* fp.c */
int test_fp_context_switch(void);
int test_fp_preempted(void);
int test_fp_fork(void);
int test_fp_signal_handler(void);
int test_fp_exec_clean(void);
int test_mmap_anonymous(void); /* mmap.c */
int test_mmap_partial(void);
int test_mmap_file(void);
int test_mprotect(void);
int test_mmap_fork(void);
int test_mmap_errors(void);
int test_poll_pipe(void); /* poll.c */
int test_poll_interrupted(void);
int test_waits_after_interrupted_ones(void);
int test_select_pipe(void);
int test_cpu_time(void); /* cputime.c */

/* Helper modes, run through system(): see main.c. */
int raise_main(int sig);
int fp_clean_main(void); /* libctest --fp-clean: exit 0 if no FP state came through exec */

#endif
