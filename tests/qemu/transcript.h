/* Console tests that compare what a command prints with a file: the
 * shell's and the utilities' (test_sh.c, test_utils.c). */
#ifndef TESTS_QEMU_TRANSCRIPT_H
#define TESTS_QEMU_TRANSCRIPT_H

#include "tests/qemu/harness.h"

/* Starts a normal boot and waits for the shell's first prompt (a failed
 * start fails the test). */
bool qemu_boot_to_shell(struct qemu *q);

/* Types cmd, then "echo END-$?", and expects (cr_expect) what it printed,
 * without the terminal's \r, to be the file expected (the failure names
 * the first line that differs); false if the console stopped short. */
bool qemu_prints_as_expected(struct qemu *q, const char *cmd, const char *expected);

#endif
