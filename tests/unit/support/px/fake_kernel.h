/* A fake of the kernel as the POSIX server (personality/) uses it, for host
 * unit tests of the server's modules. Every invocation the server makes
 * goes through rn_invoke (rn/invoke.h); the few raw system calls it makes
 * (rn_signal, the debug power-off) and rn_rdtime come here through their
 * RATION_HOST branches. The fake keeps what the server relies on:
 *
 *   caps      in slots named as the server names them, (index, depth) from
 *             the root CNode; a cptr of depth 64 resolves through CNodes
 *             until a non-CNode cap; copies and retyped objects are
 *             children of their source (revoke deletes them all)
 *   untyped   a watermark: Retype fails with RN_NOT_ENOUGH_MEMORY when the
 *             block is full, so a process's budget runs out for real
 *   frames    4 KiB of fake RAM each (zeroed by Retype); mapping one in the
 *             server's VSpace maps that RAM at the address (layout.h's
 *             addresses, offset by layout_host_base), so the server's own
 *             records, nodes and scratch pages alias the frames as on the
 *             target, and a deleted frame's mapping goes (a later access
 *             faults)
 *   threads   32 registers, whether suspended and the SchedGroup it is
 *             bound to, per TCB
 *   signals   a count per notification
 *   IRQs      handlers from IRQ control; the timer line's deadline
 *   console   the UART, as console.h's functions (console.c is not built
 *             for the host): bytes typed in, what was written out
 *
 * fpk_setup makes the server's side: the root CNode and its guard, the
 * directory, the server's own book (SELF), its VSpace, 16 MiB of server
 * memory (sysmem), the window tables (proc_boot) and tmpfs (tmpfs_boot). */
#ifndef TESTS_PX_FAKE_KERNEL_H
#define TESTS_PX_FAKE_KERNEL_H

#include "personality/layout.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct proc;

/* The fake's state for a thread (a TCB object). */
struct fpk_tcb {
	uint64_t regs[32]; /* regs[0] is the pc, regs[i] x(i) */
	bool suspended;
	unsigned suspends, resumes, writes;
	unsigned group; /* the SchedGroup it is bound to (fpk_object), 0: none */
};

/* Sets the fake kernel and the server's boot state up (a Criterion
 * .init). */
void fpk_setup(void);

/* Boots the initrd (exec_boot) from a cpio archive of these bytes, on a
 * device untyped as the kernel hands it over. */
void fpk_initrd(const void *bytes, size_t size);

/* A new root untyped of 2^order bytes of fresh RAM: its cptr. */
uint64_t fpk_untyped(unsigned order);

/* A process as process_setup would leave its kernel side (without
 * address space): proc_create from a fresh untyped of 2^order bytes,
 * then its TCB and notification from its budget. pgid and sid are its
 * pid; ppid is parent's pid (0: none). */
struct proc *fpk_process(unsigned order, const struct proc *parent);

/* A user page of p at va (vm_new_page), for calls that touch p's memory. */
void fpk_user_page(struct proc *p, uint64_t va);

/* The fake's view of a thread and of a notification named by a cptr (the
 * server's: CAP(pid, slot)); NULL if the cptr names none. */
struct fpk_tcb *fpk_tcb(uint64_t cptr);
unsigned fpk_signals(uint64_t cptr);

/* The bytes of the frame a cptr names (fake RAM), or NULL. */
uint8_t *fpk_frame_bytes(uint64_t cptr);

/* Invocations of each label so far. */
unsigned fpk_count(unsigned label);

/* Failure injection: after `after` more successful invocations of label,
 * each one fails with err (until fpk_fail is called again; err 0: never). */
void fpk_fail(unsigned label, unsigned after, int err);

/* Which object a cptr names (a number from 1, equal for every cap to
 * one object), or 0 if none. */
unsigned fpk_object(uint64_t cptr);

/* The SchedGroup a SchedGroup (named by a cptr) is nested in, as
 * fpk_object numbers it (0: none, a top group). */
unsigned fpk_group_parent(uint64_t cptr);

/* The thread the i-th RN_TCB_BILL named (from 0), as fpk_object numbers
 * it (0: none; the first 16 are kept). */
unsigned fpk_bill(unsigned i);

/* The deadline the timer line was last set to (0: none). */
uint64_t fpk_deadline(void);

/* The timer line fires if its deadline has come (fpk_time): the deadline
 * goes, as the kernel's fires once. Whether it fired. */
bool fpk_timer_fires(void);

/* Types bytes at the console (tty_input takes them), and what the console
 * has written so far (a NL as CR NL while console_set_crlf is on). */
void fpk_type(const char *bytes, size_t len);
const char *fpk_console(void);
/* How many times the server acked the UART's line (tty_input). */
unsigned fpk_console_acks(void);

/* The time counter rn_rdtime reads (ticks of RN_TIMEBASE_HZ). */
extern uint64_t fpk_time;

/* What the server printed (rn_printf), all of it since setup. */
const char *fpk_output(void);

/* Live caps in the fake, for leak checks. */
unsigned fpk_live_caps(void);

#endif
