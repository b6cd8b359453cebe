/* ktest: the kernel's in-system tests, run as the root task (Kconfig
 * ROOT_TASK="bin/ktest"). Prints each test's name and result, then
 * "N passed, N failed", and powers off with status 0 or 1. */
#include <rn/invoke.h>
#include "ktest.h"

int ktest_failures;
const struct rn_bootinfo *bootinfo;
static rn_word_t next_slot;

rn_word_t ktest_slot(void)
{
	return next_slot++;
}

static const struct ktest tests[] = {
	{ "untyped", test_untyped },
	{ "cnode", test_cnode },
	{ "copy_range", test_copy_range },
	{ "vspace", test_vspace },
	{ "map_frames", test_map_frames },
	{ "copy_frames", test_copy_frames },
	{ "ipc", test_ipc },
	{ "irq", test_irq },
	{ "timer", test_timer },
	{ "fault", test_fault }, /* leaves the root task at priority 100 */
	{ "tcb", test_tcb },
};

void root_main(const struct rn_bootinfo *bi);

void root_main(const struct rn_bootinfo *bi)
{
	bootinfo = bi;
	next_slot = bi->first_free_slot;
	int passed = 0, failed = 0;
	rn_printf("ktest: %d tests\n", (int)(sizeof(tests) / sizeof(tests[0])));
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		ktest_failures = 0;
		rn_printf("  %s ...\n", tests[i].name);
		tests[i].run();
		if (ktest_failures) {
			rn_printf("  %s: FAIL (%d checks)\n", tests[i].name, ktest_failures);
			failed++;
		} else {
			rn_printf("  %s: ok\n", tests[i].name);
			passed++;
		}
	}
	rn_printf("ktest: %d passed, %d failed\n", passed, failed);
	rn_debug_poweroff(failed ? 1 : 0);
}
