/* kfuzz's supervisor: the root thread. It builds the fuzz world out of one
 * untyped U (world.c), starts the fuzz threads, and then polls: a fault
 * message on its endpoint or a thread whose call counter stands still
 * means a restart; every so often the whole world is revoked and rebuilt,
 * and U must then be entirely free again. At the end it prints
 * "kfuzz: N calls, survived" and the result line, and powers off with the
 * result as QEMU's exit status. The kernel (CONFIG_KERNEL_DEBUG) checks its
 * capability invariants after every system call and panics if one breaks. */
#include <ration/faults.h>
#include <rn/debug.h>
#include <rn/ipc.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include "kfuzz.h"
#include "world.h"

#ifndef KFUZZ_SEED
#define KFUZZ_SEED 0x5eed2026c0ffee01ull
#endif
#ifndef KFUZZ_TARGET_CALLS
#define KFUZZ_TARGET_CALLS 100000ul
#endif
#define KFUZZ_REPORT_EVERY 10000ul
#define KFUZZ_REBUILD_EVERY 2500ul /* calls between world rebuilds */

struct kfuzz_shared kfuzz;

static unsigned long fault_counts[RN_FAULT_USER_EXCEPTION + 1];
static unsigned long stalls, restarts, rebuilds, victim_faults;
static int failures;

static rn_word_t now(void)
{
	rn_word_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static rn_word_t total_calls(void)
{
	rn_word_t n = 0;
	for (int i = 0; i < KFUZZ_THREADS; i++)
		n += kfuzz.calls[i];
	return n;
}

static void fail(const char *what, unsigned long a, unsigned long b)
{
	rn_printf("kfuzz: FAILED: %s (%#lx, %#lx)\n", what, a, b);
	failures++;
}

/* A fault message must have the layout of ration/faults.h. */
static void check_fault(const struct rn_msg *m)
{
	static const rn_word_t words[] = {
		[RN_FAULT_VM] = 4, [RN_FAULT_CAP] = 3,
		[RN_FAULT_UNKNOWN_SYSCALL] = 2, [RN_FAULT_USER_EXCEPTION] = 3,
	};
	rn_word_t label = RN_MSGINFO_LABEL(m->info), len = RN_MSGINFO_LENGTH(m->info);
	if (label < RN_FAULT_VM || label > RN_FAULT_USER_EXCEPTION || len != words[label] ||
	    RN_MSGINFO_CAPS(m->info) != 0) {
		fail("malformed fault message", m->info, m->badge);
		return;
	}
	fault_counts[label]++;
	if (label == RN_FAULT_CAP &&
	    (m->mr[1] < RN_LOOKUP_INVALID_ROOT || m->mr[1] > RN_LOOKUP_GUARD_MISMATCH ||
	     m->mr[2] > 64))
		fail("cap fault with a bad lookup failure", m->mr[1], m->mr[2]);
	if (label == RN_FAULT_UNKNOWN_SYSCALL &&
	    ((m->mr[0] >= RN_SYS_CALL && m->mr[0] <= RN_SYS_YIELD) ||
	     m->mr[0] == RN_SYS_DEBUG_PUTCHAR || m->mr[0] == RN_SYS_DEBUG_POWEROFF))
		fail("a known system call reported as unknown", m->mr[0], m->mr[1]);
}

static void report(const char *when)
{
	rn_printf("kfuzz: %s: %lu calls (%lu + %lu); faults vm %lu cap %lu syscall %lu "
		  "exception %lu victim %lu; stalls %lu, restarts %lu, rebuilds %lu\n",
		  when, (unsigned long)total_calls(), (unsigned long)kfuzz.calls[0],
		  (unsigned long)kfuzz.calls[1], fault_counts[RN_FAULT_VM],
		  fault_counts[RN_FAULT_CAP], fault_counts[RN_FAULT_UNKNOWN_SYSCALL],
		  fault_counts[RN_FAULT_USER_EXCEPTION], victim_faults, stalls, restarts,
		  rebuilds);
}

/* What the run reached: replies by error code, successes by label, IPC. */
static void report_coverage(void)
{
	rn_printf("kfuzz: kernel replies:");
	for (int i = 0; i < RN_ERROR_COUNT; i++)
		rn_printf(" %s %lu%s", rn_error_name(i), (unsigned long)kfuzz.kernel_errors[i],
			  i + 1 < RN_ERROR_COUNT ? "," : "\n");
	rn_printf("kfuzz: successes by label:");
	for (int i = 1; i < 64; i++)
		if (kfuzz.ok_by_label[i])
			rn_printf(" %d:%lu", i, (unsigned long)kfuzz.ok_by_label[i]);
	rn_printf("\nkfuzz: IPC: %lu received (%lu with caps), %lu cancelled\n",
		  (unsigned long)kfuzz.received, (unsigned long)kfuzz.caps_received,
		  (unsigned long)kfuzz.cancelled);
}

/* Restarts fuzz thread i; if the world is too broken for that, rebuilds it. */
static void restart(int i)
{
	restarts++;
	if (world_restart_thread(i) != 0) {
		rebuilds++;
		if (world_rebuild() != 0)
			fail("world rebuild", 0, 0);
	}
}

void root_main(const struct rn_bootinfo *bi);

void root_main(const struct rn_bootinfo *bi)
{
	rn_set_ipc_buffer((struct rn_ipc_buffer *)RN_ROOT_IPC_BUFFER);
	kfuzz.seed = KFUZZ_SEED;
	rn_printf("kfuzz: seed %#lx, %lu calls, %d fuzz threads\n", (unsigned long)KFUZZ_SEED,
		  KFUZZ_TARGET_CALLS, KFUZZ_THREADS);
	rn_word_t start = now();

	if (world_init(bi) != 0 || world_rebuild() != 0) {
		fail("setting up the fuzz world", 0, 0);
		rn_printf("kfuzz: 0 passed, 1 failed\n");
		rn_debug_poweroff(1);
	}

	/* Between two polls every runnable fuzz thread gets a turn (they share
	 * the supervisor's priority, and it yields), so a counter that stood
	 * still over two polls and a millisecond means the thread is stuck. */
	rn_word_t stall_ticks = bi->timebase_hz / 1000;
	unsigned still[KFUZZ_THREADS] = { 0 };
	rn_word_t last_calls[KFUZZ_THREADS] = { 0 }, last_move[KFUZZ_THREADS];
	for (int i = 0; i < KFUZZ_THREADS; i++)
		last_move[i] = now();
	rn_word_t next_report = KFUZZ_REPORT_EVERY, next_rebuild = KFUZZ_REBUILD_EVERY;

	while (total_calls() < KFUZZ_TARGET_CALLS && !failures && !kfuzz.abi_violations) {
		struct rn_msg m = rn_nbrecv(KFUZZ_SUP_EP, KFUZZ_SUP_REPLY);
		if (m.info != 0 || m.badge != 0) {
			check_fault(&m);
			if (m.badge == KFUZZ_VICTIM_BADGE) {
				victim_faults++;
				static const rn_word_t none[4];
				rn_reply(KFUZZ_SUP_REPLY, RN_MSGINFO(1, 0, 0, 0), none);
			} else if (m.badge >= 1 && m.badge <= KFUZZ_THREADS) {
				restart((int)m.badge - 1);
				last_move[m.badge - 1] = now();
			} else {
				fail("fault message with an unknown badge", m.badge, m.info);
			}
		}

		rn_word_t t = now();
		for (int i = 0; i < KFUZZ_THREADS; i++) {
			if (kfuzz.calls[i] != last_calls[i]) {
				last_calls[i] = kfuzz.calls[i];
				last_move[i] = t;
				still[i] = 0;
			} else if (++still[i] >= 2 && t - last_move[i] > stall_ticks) {
				/* Blocked for good (or suspended, or starved at a
				 * lower priority): start it over. */
				stalls++;
				restart(i);
				last_move[i] = now();
				still[i] = 0;
			}
		}

		rn_word_t n = total_calls();
		if (n >= next_rebuild) {
			next_rebuild = n + KFUZZ_REBUILD_EVERY;
			rebuilds++;
			if (world_rebuild() != 0)
				fail("world rebuild", 0, 0);
			for (int i = 0; i < KFUZZ_THREADS; i++)
				last_move[i] = now();
		}
		if (n >= next_report) {
			next_report += KFUZZ_REPORT_EVERY;
			report("progress");
		}
		rn_yield();
	}

	world_stop();
	rn_word_t secs10 = (now() - start) * 10 / bi->timebase_hz;
	report("done");
	report_coverage();
	if (kfuzz.abi_violations) {
		volatile rn_word_t *v = kfuzz.last_violation;
		rn_printf("kfuzz: first ABI violation: check %lu, label sent %lu -> reply info %#lx "
			  "badge %#lx, words",
			  (unsigned long)v[0], (unsigned long)v[2], (unsigned long)v[3],
			  (unsigned long)v[5]);
		for (int i = 6; i < 14; i++)
			rn_printf(" %#lx", (unsigned long)v[i]);
		rn_printf("\n");
		for (int t = 0; t < KFUZZ_THREADS; t++)
			rn_printf("kfuzz: thread %d's last call then: syscall %lu cptr %#lx info %#lx\n",
				  t, (unsigned long)kfuzz.calls_at_violation[t][0],
				  (unsigned long)kfuzz.calls_at_violation[t][1],
				  (unsigned long)kfuzz.calls_at_violation[t][2]);
		fail("ABI violations seen by the fuzz threads", kfuzz.abi_violations, 0);
	}
	if (kfuzz_probe_failures)
		fail("directed probes found kernel bugs", (unsigned long)kfuzz_probe_failures, 0);
	if (world_finish() != 0)
		fail("memory accounting", 0, 0);
	rn_printf("kfuzz: %lu.%lu s\n", (unsigned long)(secs10 / 10), (unsigned long)(secs10 % 10));
	if (failures) {
		rn_printf("kfuzz: 0 passed, 1 failed\n");
		rn_debug_poweroff(1);
	}
	rn_printf("kfuzz: %lu calls, survived\n", (unsigned long)total_calls());
	rn_printf("kfuzz: 1 passed, 0 failed\n");
	rn_debug_poweroff(0);
}
