/* A tiny test framework for the in-system kernel tests (ktest runs as the
 * root task). Each test is a function; CHECK records a failure with its line
 * and goes on, so one run reports every broken expectation. */
#ifndef KTEST_H
#define KTEST_H

#include <ration/bootinfo.h>
#include <rn/debug.h>

struct ktest {
	const char *name;
	void (*run)(void);
};

extern int ktest_failures; /* failed checks in the current test */

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			rn_printf("    FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
			ktest_failures++;                                                          \
		}                                                                                  \
	} while (0)

/* An invocation returns the expected error code. */
#define CHECK_ERR(expr, code)                                                                      \
	do {                                                                                       \
		int got_ = (expr);                                                                 \
		if (got_ != (code)) {                                                              \
			rn_printf("    FAILED %s:%d: %s gave %s (%d), want %s\n", __FILE__,        \
			          __LINE__, #expr, rn_error_name(got_), got_,                      \
			          rn_error_name(code));                                            \
			ktest_failures++;                                                          \
		}                                                                                  \
	} while (0)

/* The tests, one function per file. */
void test_untyped(void);
void test_cnode(void);
void test_copy_range(void);
void test_vspace(void);
void test_map_frames(void);
void test_copy_frames(void);
void test_ipc(void);
void test_irq(void);
void test_timer(void);
void test_fault(void);
void test_tcb(void);

/* The boot info and a simple allocator of empty slots in the root CNode. */
extern const struct rn_bootinfo *bootinfo;
rn_word_t ktest_slot(void);

#endif
