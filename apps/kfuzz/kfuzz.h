/* kfuzz: a randomized system-call fuzzer run as the root task.
 *
 *   supervisor (root thread, main.c)          fuzz threads A, B (fuzz.c)
 *   --------------------------------          -------------------------
 *   builds the fuzz world from untyped U      loop: random syscall on random
 *   polls its endpoint for their faults        cptrs of the shared fuzz CNode,
 *   restarts a faulted or stuck thread         random labels, words, lengths,
 *   rebuilds the world every so often          extra caps and buffer fields
 *   checks U's memory comes back in full
 *
 * Both fuzz threads share one CSpace (the fuzz CNode), so one's blocking
 * IPC is often answered by the other. Everything they can reach was made
 * from U (or is a copy of a control cap), so revoking U ends it all. */
#ifndef KFUZZ_H
#define KFUZZ_H

#include <ration/bootinfo.h>
#include <rn/syscall.h>

#define KFUZZ_THREADS 2

/* The fuzz CNode: 2^FUZZ_RADIX slots; its cap's guard makes cptr == slot
 * at depth 64. Slots FIX_* are filled at every world build; the rest start
 * empty and are the fuzzers' to retype into. */
#define FUZZ_RADIX 8
#define FUZZ_SLOTS (1u << FUZZ_RADIX)

enum fuzz_slot {
	FIX_SELF_CNODE = 1,  /* copy of the fuzz CNode cap (guarded) */
	FIX_PLAY_UT,         /* play untyped, PLAY_UT_BITS */
	FIX_SMALL_UT,        /* 4 KiB untyped (an ASID pool's worth) */
	FIX_EP0,             /* endpoint */
	FIX_EP0_BADGED,      /* badged copy of it */
	FIX_EP1,             /* another endpoint, Read|Write only */
	FIX_NTFN0,           /* notification */
	FIX_NTFN1,           /* badged notification */
	FIX_REPLY0,          /* reply objects */
	FIX_REPLY1,
	FIX_REPLY2,
	FIX_FRAME0,          /* 4 KiB frames */
	FIX_FRAME1,
	FIX_PT0,             /* page tables */
	FIX_PT1,
	FIX_PLAY_VSPACE,     /* a VSpace of its own (ASID from the root pool) */
	FIX_SUB_CNODE,       /* a small CNode (radix 4) */
	FIX_TCB_A,           /* copies of the fuzz threads' TCB caps */
	FIX_TCB_B,
	FIX_VICTIM_TCB,      /* a TCB in the play VSpace, never started; the
				only target of CopyRegisters (fuzz.c) */
	FIX_ASID_POOL,       /* copy of the root ASID pool cap */
	FIX_ASID_CONTROL,    /* copy of ASID control */
	FIX_IRQ_CONTROL,     /* copy of IRQ control */
	FIX_GROUP,           /* a scheduling group */
	FIX_COUNT
};

/* Slots cptrs are mostly drawn from: the fixed ones and a few free ones. */
#define FUZZ_HOT_SLOTS 48

/* Where things sit in the root VSpace (the fuzz threads run in it). */
#define KFUZZ_IPC_AREA 0x20000000ul /* their IPC buffers, one page each */
#define KFUZZ_PLAY_AREA 0x40000000ul /* where they map things (play VSpace) */

#define KFUZZ_STACK_WORDS 2048

/* kfuzz's program image (libc-glue/user.ld links it from 0x10000), with
 * room to spare: register values the fuzzers write stay out of it. */
#define KFUZZ_IMAGE_START 0x10000ul
#define KFUZZ_IMAGE_END 0x1000000ul

/* Shared between the supervisor and the fuzz threads. */
struct kfuzz_shared {
	volatile rn_word_t calls[KFUZZ_THREADS];  /* syscalls issued */
	volatile rn_word_t epoch;                 /* bumped before and after every
						     fuzz syscall (fuzz.c) */
	volatile rn_word_t last_call[KFUZZ_THREADS][3]; /* sys, cptr, info */
	volatile rn_word_t calls_at_violation[KFUZZ_THREADS][3]; /* last_call then */
	volatile rn_word_t abi_violations;
	volatile rn_word_t last_violation[14];    /* check, sys, label sent, reply info,
						     0, badge, reply words 0..7 */
	volatile rn_word_t kernel_errors[16];     /* kernel replies by code */
	volatile rn_word_t ok_by_label[64];       /* successful invocations */
	volatile rn_word_t received;              /* messages or signals received */
	volatile rn_word_t caps_received;         /* ... that carried caps */
	volatile rn_word_t cancelled;             /* IPC ended with the cancelled label */
	volatile rn_word_t seed;
};

extern struct kfuzz_shared kfuzz;

/* xorshift64*: small, fast, and good enough to pick syscalls with. */
static inline rn_word_t rng_next(rn_word_t *s)
{
	rn_word_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

static inline rn_word_t rng_below(rn_word_t *s, rn_word_t n)
{
	return n ? rng_next(s) % n : 0;
}

/* Known kernel bugs that a directed probe (probe.c) shows. Set to 1 to
 * report the bug without failing the run, once it is tracked elsewhere. */
#ifndef KFUZZ_KNOWN_BUG_STALE_PAGE_TABLE
#define KFUZZ_KNOWN_BUG_STALE_PAGE_TABLE 0
#endif
#ifndef KFUZZ_KNOWN_BUG_FRAME_COPY_MAPPING
#define KFUZZ_KNOWN_BUG_FRAME_COPY_MAPPING 0
#endif

/* Runs the directed probes with objects from `ut` (revoked after) in root
 * CNode slots first_slot..first_slot+7. The number that failed. */
int probes_run(rn_cptr_t ut, rn_cptr_t first_slot);

/* The fuzz threads' entry: a0 = thread index. */
void fuzz_thread_main(rn_word_t me);

#endif
