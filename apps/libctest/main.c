/* libctest's table and runner (libctest.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include "libctest.h"

struct test {
	const char *name;
	int (*run)(void);
};

static const struct test tests[] = {
	{ "system_status", test_system_status },
	{ "system_signals", test_system_signals },
	{ "popen_read", test_popen_read },
	{ "popen_write", test_popen_write },
	{ "sigsetjmp_mask", test_sigsetjmp_mask },
	{ "siglongjmp_from_handler", test_siglongjmp_from_handler },
	{ "setjmp_xsi", test_setjmp_xsi },
	{ "realpath", test_realpath },
	{ "deep_tree", test_deep_tree },
	{ "getcwd_past_a_page", test_getcwd_past_a_page },
	{ "cwd_removed_or_moved", test_cwd_removed_or_moved },
	{ "name_too_long", test_name_too_long },
	{ "pread_pwrite", test_pread_pwrite },
	{ "efault", test_efault },
	{ "tty_names", test_tty_names },
	{ "fsync", test_fsync },
	{ "hard_links", test_hard_links },
	{ "symbolic_links", test_symbolic_links },
	{ "users", test_users },
	{ "uname", test_uname },
	{ "sysconf", test_sysconf },
	{ "flockfile", test_flockfile },
	{ "fp_exact", test_fp_exact },
	{ "fp_context_switch", test_fp_context_switch },
	{ "fp_preempted", test_fp_preempted },
	{ "fp_fork", test_fp_fork },
	{ "fp_signal_handler", test_fp_signal_handler },
	{ "fp_exec_clean", test_fp_exec_clean },
	{ "mmap_anonymous", test_mmap_anonymous },
	{ "mmap_partial", test_mmap_partial },
	{ "mmap_file", test_mmap_file },
	{ "mprotect", test_mprotect },
	{ "mmap_fork", test_mmap_fork },
	{ "mmap_errors", test_mmap_errors },
	{ "poll_pipe", test_poll_pipe },
	{ "poll_interrupted", test_poll_interrupted },
	{ "waits_after_interrupted_ones", test_waits_after_interrupted_ones },
	{ "select_pipe", test_select_pipe },
	{ "cpu_time", test_cpu_time },
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

int expect_errno(long result, int err, const char *what)
{
	if (result != -1 || errno != err)
		return fail("%s: %ld (%s), expected %s", what, result, strerror(errno),
		            strerror(err));
	return 0;
}

/* `libctest --raise SIG`: ends by that signal (system's tests). */
int raise_main(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
	return 1; /* not reached if the signal killed us */
}

static bool selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	if (argc == 2 && strcmp(argv[1], "--fp-clean") == 0)
		return fp_clean_main(); /* first: nothing else has touched the FPU */
	if (argc == 3 && strcmp(argv[1], "--raise") == 0)
		return raise_main(atoi(argv[2]));
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (!selected(tests[i].name, argc, argv))
			continue;
		why[0] = '\0';
		/* Each test starts from the same state: nothing blocked. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (tests[i].run() == 0) {
			printf("PASS %s\n", tests[i].name);
			passed++;
		} else {
			printf("FAIL %s: %s\n", tests[i].name, why);
			failed++;
		}
		fflush(stdout);
	}
	printf("libctest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
