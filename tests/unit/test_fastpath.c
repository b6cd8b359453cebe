/* The IPC fastpath (ipc.c): ipc_fastpath_try_call and _reply_recv, for a
 * Call or a ReplyRecv in the running thread's registers (as enter() sets
 * them), either refuses, changing nothing, or leaves exactly the state of
 * the general path (syscall_dispatch), except that the partner
 * they return is runnable and in no ready structure, where the general
 * path leaves it held as the scheduler's candidate.
 *
 * Each scenario is built by a setup function from zeroed fake RAM, so it
 * can be built twice at the same addresses: once for the general path,
 * once for the fastpath. The two results are then compared byte for byte
 * (TCBs, endpoints, notifications, reply objects, CNodes), after draining
 * the scheduler in both: the general path's drain order must be the
 * partner followed by the fastpath's.
 *
 * Fixture (as test_ipc.c's): TCBs, a 16-slot flat CNode per thread
 * (cptr = slot number), an IPC buffer frame and a VSpace cap per thread,
 * and endpoints, notifications and reply objects whose original caps live
 * in an "objects" CNode; threads get derived copies. */
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/cspace.h"
#include "kernel/ipc.h"
#include "kernel/message.h"
#include "kernel/pmem.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "tests/unit/support/fake_pmem.h"
#include "tests/unit/support/host_console.h"

#define BASE             0x80000000ull
#define PMEM_SIZE        MiB(4)
#define NTHREADS         6
#define TCB_PA(i)        (BASE + (paddr_t)(i)*BIT(RN_TCB_BITS))
#define CNODE_PA(i)      (BASE + 0x20000 + (paddr_t)(i)*0x200) /* radix 4 */
#define OBJS_CNODE_PA    (BASE + 0x30000)                      /* radix 5 */
#define EP_PA(i)         (BASE + 0x40000 + (paddr_t)(i)*0x10)
#define NTFN_PA(i)       (BASE + 0x40100 + (paddr_t)(i)*0x20)
#define REPLY_PA(i)      (BASE + 0x40200 + (paddr_t)(i)*0x20)
#define FRAME_PA(i)      (BASE + 0x100000 + (paddr_t)(i)*0x1000)
#define IPC_BUFFER_VADDR 0x10000400ull
#define NEP              2
#define NNTFN            2
#define NREPLY           3

/* Slots of the objects CNode holding the original caps. */
enum { O_EP0, O_EP1, O_NTFN0, O_NTFN1, O_REPLY0, O_REPLY1, O_REPLY2 };

/* Slots of every thread's CNode. Thread i owns reply object i (i < 3). */
enum {
	C_SELF = 1,
	C_EP = 2,
	C_EP_BADGED = 3,
	C_NTFN = 4,
	C_REPLY = 6,
	C_X = 7,
	C_Y = 8,
	C_EMPTY = 15
};

#define W   RN_RIGHT_WRITE
#define R   RN_RIGHT_READ
#define G   RN_RIGHT_GRANT
#define ALL RN_RIGHTS_ALL

/* The roles threads play in the scenarios. */
enum { CLIENT, SERVER, SERVER2, BYSTANDER, FAULTER, WAITER };

static struct tcb *th[NTHREADS];

/* fake_arch.c: the root arch_load_vspace_root last loaded. */
extern word_t fake_arch_vspace_root;

/* ---- fixture ---------------------------------------------------------------- */

static struct slot *obj_slot(int o)
{
	return (struct slot *)paddr_to_kptr(OBJS_CNODE_PA) + o;
}

static struct slot *cslot(struct tcb *t, word_t i)
{
	return cnode_slot(&t->slots[TCB_SLOT_CSPACE].cap, i);
}

static void put_original(int o, struct cap c)
{
	cdt_insert_after(cdt_head(), obj_slot(o), c, true, false);
}

/* Gives t, in slot i, a copy of original `o` with `rights` and `badge`
 * (0: none), derived as Mint derives. */
static void give(struct tcb *t, word_t i, int o, word_t rights, word_t badge)
{
	struct cap c = obj_slot(o)->cap;
	cap_set_rights(&c, rights);
	if (badge)
		cap_set_badge(&c, badge);
	cdt_insert_derived(obj_slot(o), cslot(t, i), c);
}

/* An inactive thread, as Retype and TCB_Configure leave it. */
static struct tcb *make_thread(int i)
{
	struct tcb *t = paddr_to_kptr(TCB_PA(i));
	t->priority = 10;
	t->state = THREAD_INACTIVE;
	t->name[0] = (char)('A' + i);

	struct cap cspace = cap_cnode_new(CNODE_PA(i), 4);
	cap_cnode_set_guard(&cspace, 0, 60); /* flat: the fastpath's case */
	cdt_insert_after(cdt_head(), &t->slots[TCB_SLOT_CSPACE], cspace, true, false);
	cdt_insert_derived(&t->slots[TCB_SLOT_CSPACE], cslot(t, C_SELF), cspace);
	thread_cache_cspace(t); /* as TCB_Configure does */
	cdt_insert_after(cdt_head(), &t->slots[TCB_SLOT_VSPACE],
	                 cap_object_new(CAP_PAGE_TABLE, FRAME_PA(NTHREADS + i)), true, false);
	cdt_insert_after(cdt_head(), &t->slots[TCB_SLOT_IPC_BUFFER],
	                 cap_frame_new(FRAME_PA(i), false, false), true, false);
	t->ipc_buffer = IPC_BUFFER_VADDR;
	/* Registers with a recognisable value each, so that a register one
	 * path writes and the other does not shows up. */
	for (word_t r = 1; r < 32; r++)
		t->ctx.regs[r] = ((word_t)(i + 1) << 32) | (0xa0 + r);
	t->ctx.sepc = 0x10000 + (word_t)i * 0x100;
	t->ent.slice_left = 3;
	/* It ran before: the general path loaded its VSpace and remembered it. */
	thread_cache_vspace(t);
	return t;
}

/* What a scenario hands to the path under test: t (running) makes the
 * system call on the caps ep and reply (cptrs) with `info`; the fastpath
 * is expected to switch to `partner`. */
struct scene {
	struct tcb *t;
	word_t ep, reply;
	word_t info;
	struct tcb *partner;
};

typedef void (*setup_fn)(struct scene *);

/* Builds a scenario from nothing: the same setup gives the same bytes at
 * the same addresses every time. */
static void build(setup_fn setup, struct scene *sc)
{
	memset(paddr_to_kptr(BASE), 0, PMEM_SIZE);
	fake_arch_vspace_root = 0;
	cdt_init();
	sched_init();
	host_console_reset();

	put_original(O_EP0, cap_object_new(CAP_ENDPOINT, EP_PA(0)));
	put_original(O_EP1, cap_object_new(CAP_ENDPOINT, EP_PA(1)));
	put_original(O_NTFN0, cap_object_new(CAP_NOTIFICATION, NTFN_PA(0)));
	put_original(O_NTFN1, cap_object_new(CAP_NOTIFICATION, NTFN_PA(1)));
	put_original(O_REPLY0, cap_object_new(CAP_REPLY, REPLY_PA(0)));
	put_original(O_REPLY1, cap_object_new(CAP_REPLY, REPLY_PA(1)));
	put_original(O_REPLY2, cap_object_new(CAP_REPLY, REPLY_PA(2)));
	for (int i = 0; i < NTHREADS; i++) {
		th[i] = make_thread(i);
		give(th[i], C_EP, O_EP0, ALL, 0);
		give(th[i], C_EP_BADGED, O_EP0, ALL, 0x100 + (word_t)i);
		give(th[i], C_NTFN, O_NTFN0, ALL, 0);
		if (i < NREPLY)
			give(th[i], C_REPLY, O_REPLY0 + i, ALL, 0);
	}
	memset(sc, 0, sizeof(*sc));
	setup(sc);
}

static void init(void)
{
	fake_pmem_init(BASE, PMEM_SIZE);
}

static void fini(void)
{
	fake_pmem_fini();
}

TestSuite(fastpath, .init = init, .fini = fini);

/* ---- driving threads as syscall.c does -------------------------------------- */

/* TCB_Resume: runnable, in its ready queue. */
static void resume(struct tcb *t)
{
	t->state = THREAD_RUNNABLE;
	sched_enqueue(t);
}

/* The scheduler picked t: it makes the next system call. */
static void run(struct tcb *t)
{
	cr_assert_eq(t->state, THREAD_RUNNABLE, "thread %c is not runnable", t->name[0]);
	sched_dequeue(t);
	sched_set_current(t);
}

/* t enters the kernel with system call `sys` on cptr, `info` and its
 * message words in a2.. (distinct values, from `seed`). */
static void enter(struct tcb *t, word_t sys, word_t cptr, word_t info, word_t reply_cptr,
                  word_t seed)
{
	run(t);
	arch_set_register(&t->ctx, RN_REG_CPTR, cptr);
	arch_set_register(&t->ctx, RN_REG_INFO, info);
	for (word_t i = 0; i < RN_MSG_REGISTERS; i++)
		arch_set_register(&t->ctx, RN_REG_MR(i), seed + i);
	arch_set_register(&t->ctx, RN_REG_REPLY, reply_cptr);
	arch_set_register(&t->ctx, RN_REG_SYSCALL, sys);
}

/* t blocks in Recv on ep (cptr), offering the reply object in `reply`
 * (cptr, 0 for none). */
static void recv(struct tcb *t, word_t ep, word_t reply)
{
	enter(t, RN_SYS_RECV, ep, 0, reply, 0);
	ipc_recv(t, cslot(t, ep), reply ? cslot(t, reply) : NULL, true);
	cr_assert_eq(t->state, THREAD_BLOCKED_RECV, "setup: %c blocks in Recv", t->name[0]);
}

/* t Calls through ep (general path) with a two-word message. */
static void call(struct tcb *t, word_t ep)
{
	enter(t, RN_SYS_CALL, ep, RN_MSGINFO(7, 0, 0, 2), 0, 0x7000);
	ipc_send(t, cslot(t, ep), RN_MSGINFO(7, 0, 0, 2), true, true);
}

/* ---- snapshots -------------------------------------------------------------- */

/* Every byte of fake RAM, the derivation list's static head, and what can
 * be seen of the scheduler's static state. */
struct snapshot {
	uint8_t *mem;
	struct slot cdt_head;
	word_t cdt_count;
	int highest;
	struct tcb *current, *candidate;
	word_t ready_words;
};

static void snapshot_take(struct snapshot *s)
{
	s->mem = malloc(PMEM_SIZE);
	cr_assert_not_null(s->mem);
	memcpy(s->mem, paddr_to_kptr(BASE), PMEM_SIZE);
	s->cdt_head = *cdt_head();
	s->cdt_count = cdt_count();
	s->highest = sched_highest_priority();
	s->current = sched_current();
	s->candidate = this_cpu()->candidate;
	s->ready_words = this_cpu()->ready_words;
}

struct field {
	const char *name;
	size_t offset, size;
};
#define FIELD(f)                                                                                   \
	{                                                                                          \
#f, offsetof(struct tcb, f), sizeof(((struct tcb *)0)->f)                          \
	}
static const struct field tcb_fields[] = {
	FIELD(slots),      FIELD(ctx),       FIELD(vspace),     FIELD(state),
	FIELD(priority),   FIELD(queued),
	FIELD(wait_prev),  FIELD(wait_next), FIELD(blocked_on), FIELD(ipc_buffer),
	FIELD(ipc_badge),  FIELD(ipc_flags), FIELD(ipc_reply),  FIELD(bound_ntfn),
	FIELD(fault_info), FIELD(fault_mr),  FIELD(ent),        FIELD(name),
	FIELD(group),      FIELD(member_prev), FIELD(member_next),
};

/* Names the byte at `pa` of fake RAM: object and field. */
static void describe(paddr_t pa, char *buf, size_t n)
{
	for (int i = 0; i < NTHREADS; i++) {
		if (pa < TCB_PA(i) || pa >= TCB_PA(i) + sizeof(struct tcb))
			continue;
		size_t off = pa - TCB_PA(i);
		for (size_t f = 0; f < ARRAY_SIZE(tcb_fields); f++) {
			const struct field *fd = &tcb_fields[f];
			if (off < fd->offset || off >= fd->offset + fd->size)
				continue;
			if (fd->offset == offsetof(struct tcb, ctx) && off - fd->offset < 32 * 8)
				snprintf(buf, n, "thread %c ctx.regs[%zu]", 'A' + i,
				         (off - fd->offset) / 8);
			else
				snprintf(buf, n, "thread %c %s (+%zu)", 'A' + i, fd->name,
				         off - fd->offset);
			return;
		}
		snprintf(buf, n, "thread %c padding +%zu", 'A' + i, off);
		return;
	}
	static const struct {
		const char *name;
		paddr_t pa, stride;
		int count;
	} objs[] = { { "endpoint", EP_PA(0), 0x10, NEP },
		     { "notification", NTFN_PA(0), 0x20, NNTFN },
		     { "reply", REPLY_PA(0), 0x20, NREPLY } };
	for (size_t o = 0; o < ARRAY_SIZE(objs); o++) {
		if (pa >= objs[o].pa && pa < objs[o].pa + objs[o].stride * (paddr_t)objs[o].count) {
			paddr_t off = pa - objs[o].pa;
			snprintf(buf, n, "%s %llu word %llu", objs[o].name,
			         (unsigned long long)(off / objs[o].stride),
			         (unsigned long long)(off % objs[o].stride / 8));
			return;
		}
	}
	snprintf(buf, n, "fake RAM +%#llx", (unsigned long long)(pa - BASE));
}

/* Expects fake RAM to hold `want`, word by word, naming each word that
 * differs (the first 16). */
static void expect_memory(const uint8_t *want, const char *what)
{
	const word_t *a = (const word_t *)want, *b = paddr_to_kptr(BASE);
	int shown = 0;
	for (size_t i = 0; i < PMEM_SIZE / sizeof(word_t) && shown < 16; i++) {
		if (a[i] == b[i])
			continue;
		char where[80];
		describe(BASE + i * sizeof(word_t), where, sizeof(where));
		cr_expect_fail("%s: the word at %s is %#lx, want %#lx", what, where, b[i], a[i]);
		shown++;
	}
}

static void expect_unchanged(const struct snapshot *s, const char *what)
{
	expect_memory(s->mem, what);
	cr_expect(memcmp(&s->cdt_head, cdt_head(), sizeof(s->cdt_head)) == 0 &&
	              s->cdt_count == cdt_count(),
	          "%s: derivation list changed", what);
	cr_expect_eq(sched_highest_priority(), s->highest, "%s: highest priority changed", what);
	cr_expect_eq(sched_current(), s->current, "%s: current thread changed", what);
	cr_expect_eq(this_cpu()->candidate, s->candidate, "%s: held candidate changed", what);
	cr_expect_eq(this_cpu()->ready_words, s->ready_words, "%s: ready bitmap changed", what);
}

/* Empties the scheduler, highest first; returns how many it held. */
static int drain(struct tcb **order)
{
	int n = 0;
	struct tcb *t;
	while ((t = sched_take_highest()))
		order[n++] = t;
	return n;
}

/* ---- the paths under test --------------------------------------------------- */

struct path {
	const char *name;
	void (*general)(const struct scene *);
	struct tcb *(*fast)(const struct scene *);
};

/* The general path: the system call in the thread's registers, decoded
 * and done as the trap path does it. */
static void general(const struct scene *sc)
{
	syscall_dispatch(sc->t);
}

/* A fastpath entry, which also makes the partner current: that is
 * checked, then undone, so that the rest of the state can be compared. */
static struct tcb *fastpath(const struct scene *sc, struct user_context *ctx)
{
	if (!ctx)
		return NULL;
	struct tcb *next = tcb_of_context(ctx);
	cr_expect_eq(sched_current(), next, "the fastpath makes %c current", next->name[0]);
	cr_expect_eq(fake_arch_vspace_root, arch_vspace_root(&next->slots[TCB_SLOT_VSPACE].cap),
	             "the fastpath loads %c's VSpace", next->name[0]);
	sched_set_current(sc->t);
	return next;
}

static struct tcb *fast_call(const struct scene *sc)
{
	return fastpath(sc, ipc_fastpath_try_call(&sc->t->ctx));
}

static struct tcb *fast_reply_recv(const struct scene *sc)
{
	return fastpath(sc, ipc_fastpath_try_reply_recv(&sc->t->ctx));
}

static const struct path CALL = { "Call", general, fast_call };
static const struct path REPLY_RECV = { "ReplyRecv", general, fast_reply_recv };

/* Runs the general path on one build of the scenario and the fastpath on
 * another, and expects the same state but for the partner's place in the
 * scheduler: held as the candidate (and so first out) after the general
 * path, running (runnable, queued nowhere) after the fastpath. */
static void expect_fast_equals_general(const struct path *p, setup_fn setup, const char *what)
{
	struct scene sc;
	struct tcb *general_order[NTHREADS + 1], *fast_order[NTHREADS + 1];

	build(setup, &sc);
	p->general(&sc);
	cr_assert_eq(this_cpu()->candidate, sc.partner,
	             "%s (%s): the general path holds %c as the candidate", what, p->name,
	             sc.partner->name[0]);
	cr_assert(sc.partner->queued);
	int ng = drain(general_order);
	cr_assert(ng > 0 && general_order[0] == sc.partner,
	          "%s (%s): the general path runs %c next", what, p->name, sc.partner->name[0]);
	struct tcb *current = sched_current();
	struct snapshot general;
	snapshot_take(&general);

	build(setup, &sc);
	struct tcb *next = p->fast(&sc);
	cr_assert_eq(next, sc.partner, "%s (%s): the fastpath switches to %c", what, p->name,
	             sc.partner->name[0]);
	cr_expect_eq(next->state, THREAD_RUNNABLE);
	cr_expect_not(next->queued, "%s (%s): the partner is in no ready queue", what, p->name);
	cr_expect_neq(this_cpu()->candidate, next);
	cr_expect_eq(sched_current(), current);
	int nf = drain(fast_order);
	cr_expect_eq(nf, ng - 1, "%s (%s): threads left in the scheduler", what, p->name);
	for (int i = 0; i < nf && i + 1 < ng; i++)
		cr_expect_eq(fast_order[i], general_order[i + 1],
		             "%s (%s): scheduling order differs at %d", what, p->name, i);

	char label[96];
	snprintf(label, sizeof(label), "%s (%s), fastpath vs general path", what, p->name);
	expect_unchanged(&general, label);
	free(general.mem);
}

/* The fastpath refuses the scenario and leaves every byte as it was. */
static void expect_refused(const struct path *p, setup_fn setup, const char *what)
{
	struct scene sc;
	build(setup, &sc);
	struct snapshot before;
	snapshot_take(&before);
	cr_expect_null(p->fast(&sc), "%s: the fastpath refuses %s", p->name, what);
	char label[96];
	snprintf(label, sizeof(label), "%s refused (%s)", p->name, what);
	expect_unchanged(&before, label);
	free(before.mem);
}

/* The thread the general path leaves first to run. */
static struct tcb *general_runs_first(const struct path *p, setup_fn setup)
{
	struct scene sc;
	build(setup, &sc);
	p->general(&sc);
	return sched_take_highest();
}

/* ---- Call scenarios --------------------------------------------------------- */

/* Set before build() by the tests that vary them. */
static word_t msg_len;
static word_t call_cptr;

/* The server waits in Recv on ep0 offering its reply object; the client runs
 * and Calls through `call_cptr` with a message of `msg_len` words. */
static void call_scene(struct scene *sc)
{
	struct tcb *c = th[CLIENT], *s = th[SERVER];
	resume(c);
	resume(s);
	recv(s, C_EP, C_REPLY);
	word_t info = RN_MSGINFO(0x2a, 0, 0, msg_len);
	enter(c, RN_SYS_CALL, call_cptr, info, 0, 0x1000);
	*sc = (struct scene){ .t = c, .ep = call_cptr, .info = info, .partner = s };
}

static void call_badged(struct scene *sc)
{
	call_cptr = C_EP_BADGED;
	call_scene(sc);
}

Test(fastpath, fast_call_leaves_the_state_of_the_general_path)
{
	for (msg_len = 0; msg_len <= RN_MSG_REGISTERS; msg_len++) {
		char what[48];
		snprintf(what, sizeof(what), "%lu words, badged cap", msg_len);
		expect_fast_equals_general(&CALL, call_badged, what);
	}
}

/* Write only: no Grant, no badge. */
static void call_write_only(struct scene *sc)
{
	give(th[CLIENT], C_X, O_EP0, W, 0);
	call_cptr = C_X;
	call_scene(sc);
}

Test(fastpath, fast_call_through_a_write_only_unbadged_cap_leaves_the_state_of_the_general_path)
{
	msg_len = 3;
	expect_fast_equals_general(&CALL, call_write_only, "write-only cap");
}

/* The unwrapped bits of a sender's info mean nothing: the general path
 * drops them, the fastpath (which passes a short message's info on as it
 * is) leaves such a message to it. */
static void call_with_unwrapped_bits(struct scene *sc)
{
	msg_len = 2;
	call_badged(sc);
	sc->info |= RN_MSGINFO(0, 7, 0, 0);
	arch_set_register(&sc->t->ctx, RN_REG_INFO, sc->info);
}

Test(fastpath, fast_call_refuses_a_message_with_unwrapped_bits_and_changes_nothing)
{
	expect_refused(&CALL, call_with_unwrapped_bits, "unwrapped bits set");
}

/* A second server waits behind the first; a bystander of the same priority
 * and one of lower priority are queued. */
static void call_with_company(struct scene *sc)
{
	msg_len = 4;
	call_cptr = C_EP_BADGED;
	resume(th[BYSTANDER]);
	th[WAITER]->priority = 3;
	resume(th[WAITER]);
	call_scene(sc);
	resume(th[SERVER2]);
	recv(th[SERVER2], C_EP, C_REPLY);
	enter(sc->t, RN_SYS_CALL, call_cptr, sc->info, 0, 0x1000);
}

Test(fastpath, fast_call_takes_the_first_receiver_and_leaves_the_others_as_the_general_path)
{
	expect_fast_equals_general(&CALL, call_with_company, "second receiver, queued threads");
}

static void call_to_a_higher_priority_server(struct scene *sc)
{
	th[SERVER]->priority = 200;
	msg_len = 1;
	call_badged(sc);
}

Test(fastpath, fast_call_to_a_higher_priority_server_leaves_the_state_of_the_general_path)
{
	expect_fast_equals_general(&CALL, call_to_a_higher_priority_server, "server at 200");
}

/* A waiter (priority `waiter_prio`) waits on ntfn1; the running thread t
 * (priority `runner_prio`) signals it, so the waiter is held as the
 * scheduler's candidate while t keeps the CPU: a state the kernel leaves
 * whenever a signal wakes a thread that does not outrank the signaller. */
static int waiter_prio, runner_prio;

static void hold_waiter(struct tcb *t)
{
	struct tcb *w = th[WAITER];
	w->priority = (uint8_t)waiter_prio;
	resume(w);
	enter(w, RN_SYS_RECV, C_Y, 0, 0, 0);
	ipc_recv(w, cslot(w, C_Y), NULL, true);
	cr_assert_eq(w->state, THREAD_BLOCKED_NOTIFY);
	enter(t, RN_SYS_SEND, C_Y, 0, 0, 0);
	ipc_send(t, cslot(t, C_Y), 0, true, false);
	cr_assert_eq(this_cpu()->candidate, w, "setup: the signalled waiter is held");
	cr_assert(sched_highest_priority() <= t->priority, "setup: %c keeps the CPU", t->name[0]);
}

static void give_ntfn1(void)
{
	give(th[WAITER], C_Y, O_NTFN1, ALL, 0);
	give(th[CLIENT], C_Y, O_NTFN1, W, 0x8);
	give(th[SERVER], C_Y, O_NTFN1, W, 0x8);
}

static void call_with_held_waiter(struct scene *sc)
{
	give_ntfn1();
	th[CLIENT]->priority = (uint8_t)runner_prio;
	msg_len = 2;
	call_badged(sc);
	hold_waiter(sc->t);
	enter(sc->t, RN_SYS_CALL, sc->ep, sc->info, 0, 0x1000);
}

Test(fastpath, fast_call_past_a_held_lower_priority_thread_leaves_the_state_of_the_general_path)
{
	waiter_prio = 5;
	runner_prio = 10;
	expect_fast_equals_general(&CALL, call_with_held_waiter, "held waiter at 5");
}

/* ---- ReplyRecv scenarios ---------------------------------------------------- */

/* The server received the client's Call on ep0 (its reply object bound to
 * the client) and now answers with `msg_len` words and waits again. */
static void reply_recv_scene(struct scene *sc)
{
	struct tcb *c = th[CLIENT], *s = th[SERVER];
	resume(c);
	resume(s);
	recv(s, C_EP, C_REPLY);
	call(c, C_EP_BADGED);
	cr_assert_eq(c->state, THREAD_BLOCKED_REPLY, "setup: the client waits for its answer");
	word_t info = RN_MSGINFO(0x33, 0, 0, msg_len);
	enter(s, RN_SYS_REPLY_RECV, C_EP, info, C_REPLY, 0x5000);
	*sc = (struct scene){ .t = s, .ep = C_EP, .reply = C_REPLY, .info = info, .partner = c };
}

Test(fastpath, fast_reply_recv_leaves_the_state_of_the_general_path)
{
	for (msg_len = 0; msg_len <= RN_MSG_REGISTERS; msg_len++) {
		char what[32];
		snprintf(what, sizeof(what), "%lu words", msg_len);
		expect_fast_equals_general(&REPLY_RECV, reply_recv_scene, what);
	}
}

/* Another server already waits on the endpoint: the answering server
 * queues behind it. Bystanders are queued as in call_with_company. */
static void reply_recv_with_company(struct scene *sc)
{
	msg_len = 4;
	resume(th[BYSTANDER]);
	th[WAITER]->priority = 3;
	resume(th[WAITER]);
	reply_recv_scene(sc);
	resume(th[SERVER2]);
	recv(th[SERVER2], C_EP, C_REPLY);
	enter(sc->t, RN_SYS_REPLY_RECV, C_EP, sc->info, C_REPLY, 0x5000);
}

Test(fastpath, fast_reply_recv_queues_behind_waiting_receivers_as_the_general_path)
{
	expect_fast_equals_general(&REPLY_RECV, reply_recv_with_company, "second receiver queued");
}

static void reply_recv_with_unwrapped_bits(struct scene *sc)
{
	msg_len = 1;
	reply_recv_scene(sc);
	sc->info |= RN_MSGINFO(0, 5, 0, 0);
	arch_set_register(&sc->t->ctx, RN_REG_INFO, sc->info);
}

Test(fastpath, fast_reply_recv_refuses_a_message_with_unwrapped_bits_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_with_unwrapped_bits, "unwrapped bits");
}

/* The server has a bound notification with nothing pending. */
static void reply_recv_with_idle_bound_notification(struct scene *sc)
{
	msg_len = 2;
	cr_assert(tcb_bind_notification(th[SERVER], NTFN_PA(1)));
	reply_recv_scene(sc);
}

Test(fastpath, fast_reply_recv_with_an_idle_bound_notification_leaves_the_state_of_the_general_path)
{
	expect_fast_equals_general(&REPLY_RECV, reply_recv_with_idle_bound_notification,
	                           "idle bound notification");
}

static void reply_recv_to_a_higher_priority_client(struct scene *sc)
{
	th[CLIENT]->priority = 100;
	msg_len = 3;
	reply_recv_scene(sc);
}

Test(fastpath, fast_reply_recv_to_a_higher_priority_client_leaves_the_state_of_the_general_path)
{
	expect_fast_equals_general(&REPLY_RECV, reply_recv_to_a_higher_priority_client,
	                           "client at 100");
}

/* ---- Call refusals ---------------------------------------------------------- */

static void call_with_info(struct scene *sc, word_t info)
{
	msg_len = 0;
	call_badged(sc);
	sc->info = info;
	arch_set_register(&sc->t->ctx, RN_REG_INFO, info);
}

static void call_with_5_words(struct scene *sc)
{
	call_with_info(sc, RN_MSGINFO(0x2a, 0, 0, RN_MSG_REGISTERS + 1));
}

Test(fastpath, fast_call_refuses_a_message_longer_than_4_words_and_changes_nothing)
{
	expect_refused(&CALL, call_with_5_words, "5 words");
}

static word_t extra_caps;
static void call_with_caps(struct scene *sc)
{
	call_with_info(sc, RN_MSGINFO(0x2a, 0, extra_caps, 1));
}

Test(fastpath, fast_call_refuses_extra_caps_and_changes_nothing)
{
	for (extra_caps = 1; extra_caps <= 3; extra_caps++)
		expect_refused(&CALL, call_with_caps, "extra caps");
}

static void call_through_ntfn(struct scene *sc)
{
	msg_len = 1;
	call_cptr = C_NTFN;
	call_scene(sc);
}

static void call_through_reply(struct scene *sc)
{
	msg_len = 1;
	call_cptr = C_REPLY;
	call_scene(sc);
}

static void call_through_cnode(struct scene *sc)
{
	msg_len = 1;
	call_cptr = C_SELF;
	call_scene(sc);
}

static void call_through_empty_slot(struct scene *sc)
{
	msg_len = 1;
	call_cptr = C_EMPTY;
	call_scene(sc);
}

Test(fastpath, fast_call_refuses_a_cap_that_is_not_an_endpoint_and_changes_nothing)
{
	expect_refused(&CALL, call_through_ntfn, "a notification cap");
	expect_refused(&CALL, call_through_reply, "a reply cap");
	expect_refused(&CALL, call_through_cnode, "a CNode cap");
	expect_refused(&CALL, call_through_empty_slot, "an empty slot");
}

/* The endpoint's slot number, with a guard bit set: the lookup fails. */
static void call_with_wrong_guard(struct scene *sc)
{
	msg_len = 1;
	call_cptr = C_EP | BIT(40);
	call_scene(sc);
}

static void call_with_top_guard_bit(struct scene *sc)
{
	msg_len = 1;
	call_cptr = C_EP | BIT(63);
	call_scene(sc);
}

Test(fastpath, fast_call_refuses_a_cptr_whose_guard_does_not_match_and_changes_nothing)
{
	expect_refused(&CALL, call_with_wrong_guard, "a guard mismatch");
	expect_refused(&CALL, call_with_top_guard_bit, "a guard mismatch in bit 63");
}

/* The client's CSpace root without its guard: the first level takes the
 * top 4 bits of a cptr and leaves 60 over, which a lookup ignores at any
 * cap but a CNode, where it goes on. */
static void unguard_client_root(struct scene *sc)
{
	cap_cnode_set_guard(&th[CLIENT]->slots[TCB_SLOT_CSPACE].cap, 0, 0);
	thread_cache_cspace(th[CLIENT]); /* as TCB_Configure would */
	arch_set_register(&sc->t->ctx, RN_REG_CPTR, call_cptr << 60 | 0x123);
}

static void call_with_bits_left_over(struct scene *sc)
{
	msg_len = 2;
	call_badged(sc);
	unguard_client_root(sc);
}

Test(fastpath,
     fast_call_through_a_cap_found_with_bits_left_over_leaves_the_state_of_the_general_path)
{
	expect_fast_equals_general(&CALL, call_with_bits_left_over, "60 bits left over");
}

/* The first level reaches a CNode (the client's own, in C_SELF) with bits
 * left over: the real lookup goes on (and fails there: that CNode's guard
 * takes all 64 bits), so the fastpath must not stop at the CNode. */
static void call_below_the_first_level(struct scene *sc)
{
	msg_len = 1;
	call_cptr = C_SELF;
	call_scene(sc);
	unguard_client_root(sc);
}

Test(fastpath, fast_call_refuses_a_cptr_that_goes_past_the_first_level_and_changes_nothing)
{
	expect_refused(&CALL, call_below_the_first_level, "a CNode at the first level");
}

static void reply_recv_with_wrong_reply_guard(struct scene *sc)
{
	msg_len = 1;
	reply_recv_scene(sc);
	sc->reply = C_REPLY | BIT(62);
	arch_set_register(&sc->t->ctx, RN_REG_REPLY, sc->reply);
}

Test(fastpath, fast_reply_recv_refuses_a_reply_cptr_whose_guard_does_not_match_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_with_wrong_reply_guard, "a guard mismatch");
}

static void call_without_write(struct scene *sc)
{
	give(th[CLIENT], C_X, O_EP0, R | G, 0x55);
	msg_len = 1;
	call_cptr = C_X;
	call_scene(sc);
}

Test(fastpath, fast_call_refuses_an_endpoint_cap_without_write_and_changes_nothing)
{
	expect_refused(&CALL, call_without_write, "no Write right");
}

/* Nobody waits on ep1. */
static void call_to_an_idle_endpoint(struct scene *sc)
{
	give(th[CLIENT], C_X, O_EP1, ALL, 0);
	msg_len = 1;
	call_cptr = C_X;
	call_scene(sc);
}

/* A sender is queued on ep0 (the server has not received yet). */
static void call_to_an_endpoint_with_senders(struct scene *sc)
{
	struct tcb *c = th[CLIENT], *other = th[SERVER2];
	resume(c);
	resume(other);
	call(other, C_EP);
	cr_assert_eq(other->state, THREAD_BLOCKED_SEND);
	word_t info = RN_MSGINFO(0x2a, 0, 0, 1);
	enter(c, RN_SYS_CALL, C_EP, info, 0, 0x1000);
	*sc = (struct scene){ .t = c, .ep = C_EP, .info = info };
}

Test(fastpath, fast_call_refuses_an_endpoint_without_receiver_and_changes_nothing)
{
	expect_refused(&CALL, call_to_an_idle_endpoint, "an idle endpoint");
	expect_refused(&CALL, call_to_an_endpoint_with_senders, "an endpoint with a sender");
}

static void call_to_a_receiver_without_reply(struct scene *sc)
{
	struct tcb *c = th[CLIENT], *s = th[SERVER];
	resume(c);
	resume(s);
	recv(s, C_EP, 0);
	word_t info = RN_MSGINFO(0x2a, 0, 0, 1);
	enter(c, RN_SYS_CALL, C_EP, info, 0, 0x1000);
	*sc = (struct scene){ .t = c, .ep = C_EP, .info = info, .partner = s };
}

Test(fastpath, fast_call_refuses_a_receiver_without_reply_object_and_changes_nothing)
{
	expect_refused(&CALL, call_to_a_receiver_without_reply, "no reply object offered");
}

/* A runnable bystander at 11, above the server, waits in its ready queue
 * while the client (at 20) runs. */
static void call_with_higher_bystander(struct scene *sc)
{
	th[CLIENT]->priority = 20;
	th[BYSTANDER]->priority = 11;
	resume(th[BYSTANDER]);
	msg_len = 1;
	call_badged(sc);
}

Test(fastpath, fast_call_refuses_when_a_queued_thread_outranks_the_receiver_and_changes_nothing)
{
	expect_refused(&CALL, call_with_higher_bystander, "a queued thread at 11");
}

/* A woken thread above the server is held (the client, at 20, kept the
 * CPU past it). */
Test(fastpath, fast_call_refuses_when_a_held_thread_outranks_the_receiver_and_changes_nothing)
{
	waiter_prio = 11;
	runner_prio = 20;
	cr_assert_eq(general_runs_first(&CALL, call_with_held_waiter), th[WAITER],
	             "the general path runs the held thread first");
	expect_refused(&CALL, call_with_held_waiter, "a held thread at 11");
}

/* A woken thread of the server's priority is held. The general path then
 * queues the server behind it (sched_wake: the held thread stays, the
 * newcomer goes to the tail of its queue), so the held thread runs first;
 * the fastpath, to leave that state, must not run the server now. */
Test(fastpath,
     fast_call_refuses_when_a_held_thread_of_equal_priority_runs_first_and_changes_nothing)
{
	waiter_prio = 10;
	runner_prio = 10;
	cr_assert_eq(general_runs_first(&CALL, call_with_held_waiter), th[WAITER],
	             "the general path runs the held thread first");
	expect_refused(&CALL, call_with_held_waiter, "a held thread at 10, the server's priority");
}

static void call_to_a_server_without_vspace(struct scene *sc)
{
	msg_len = 1;
	call_badged(sc);
	cdt_remove(&th[SERVER]->slots[TCB_SLOT_VSPACE]);
}

Test(fastpath, fast_call_refuses_a_receiver_without_usable_vspace_and_changes_nothing)
{
	expect_refused(&CALL, call_to_a_server_without_vspace, "empty VSpace slot");
}

/* The partner's VSpace cache (thread.h) no longer holds, in each of the
 * ways it can stop holding; the general path then checks the VSpace
 * itself. */
static void make_stale(struct tcb *p, int how)
{
	switch (how) {
	case 0: /* an ASID or pool changed somewhere */
		arch_vspace_generation++;
		break;
	case 1: /* another VSpace in the slot (TCB_Configure) */
		cdt_remove(&p->slots[TCB_SLOT_VSPACE]);
		cdt_insert_after(cdt_head(), &p->slots[TCB_SLOT_VSPACE],
		                 cap_object_new(CAP_PAGE_TABLE, FRAME_PA(2 * NTHREADS)), true,
		                 false);
		break;
	case 2: /* the same table, another mapping word (its ASID) */
		cap_set_mapping(&p->slots[TCB_SLOT_VSPACE].cap, 0x1234ull << 48 | 9);
		break;
	default: /* never loaded (zeroed by Retype) */
		memset(&p->vspace, 0, sizeof(p->vspace));
		break;
	}
}
#define STALE_WAYS 4
static const char *const stale_what[STALE_WAYS] = { "generation moved", "another VSpace cap",
	                                            "another mapping word", "never loaded" };
static int stale_how;

static void call_to_a_server_with_stale_vspace_cache(struct scene *sc)
{
	msg_len = 1;
	call_badged(sc);
	make_stale(th[SERVER], stale_how);
}

Test(fastpath, fast_call_refuses_a_receiver_whose_vspace_cache_is_stale_and_changes_nothing)
{
	for (stale_how = 0; stale_how < STALE_WAYS; stale_how++) {
		cr_assert_eq(general_runs_first(&CALL, call_to_a_server_with_stale_vspace_cache),
		             th[SERVER], "the general path still runs the server (%s)",
		             stale_what[stale_how]);
		expect_refused(&CALL, call_to_a_server_with_stale_vspace_cache,
		               stale_what[stale_how]);
	}
}

/* The caller's own cache does not matter: only the partner is loaded. */
static void call_from_a_client_with_stale_vspace_cache(struct scene *sc)
{
	msg_len = 2;
	call_badged(sc);
	make_stale(th[CLIENT], 3);
}

Test(fastpath, fast_call_from_a_thread_with_stale_vspace_cache_leaves_the_state_of_the_general_path)
{
	expect_fast_equals_general(&CALL, call_from_a_client_with_stale_vspace_cache,
	                           "client never loaded");
}

Test(fastpath, vspace_cache_holds_until_the_slot_or_the_generation_changes)
{
	struct scene sc;
	for (int how = 0; how < STALE_WAYS; how++) {
		build(call_scene, &sc);
		struct tcb *t = th[SERVER];
		cr_assert(thread_vspace_cached(t), "filled when loaded");
		make_stale(t, how);
		cr_expect_not(thread_vspace_cached(t), "stale: %s", stale_what[how]);
		thread_cache_vspace(t);
		cr_expect(thread_vspace_cached(t), "filled again after %s", stale_what[how]);
		cr_expect_eq(t->vspace.root, arch_vspace_root(&t->slots[TCB_SLOT_VSPACE].cap));
	}
}

/* The client's CSpace root changed without TCB_Configure's decoding (as a
 * delete or revoke empties the slot, or here: another guard in place):
 * its cache no longer matches, and the fastpath must not use it. */
static void call_with_stale_cspace_cache(struct scene *sc)
{
	msg_len = 1;
	call_badged(sc);
	cap_cnode_set_guard(&th[CLIENT]->slots[TCB_SLOT_CSPACE].cap, 0, 0);
	arch_set_register(&sc->t->ctx, RN_REG_CPTR, call_cptr << 60);
}

static void call_with_emptied_cspace_slot(struct scene *sc)
{
	msg_len = 1;
	call_badged(sc);
	th[CLIENT]->slots[TCB_SLOT_CSPACE].cap = cap_null();
}

Test(fastpath, fast_call_refuses_a_cspace_cache_that_no_longer_matches_and_changes_nothing)
{
	expect_refused(&CALL, call_with_stale_cspace_cache, "a root with another guard");
	expect_refused(&CALL, call_with_emptied_cspace_slot, "an emptied root slot");
}

Test(fastpath, cspace_cache_of_a_zeroed_tcb_names_no_slot)
{
	struct tcb t;
	struct slot *s = NULL;
	memset(&t, 0, sizeof(t));
	cr_expect(thread_cspace_cached(&t), "an empty slot matches the zeroed cache");
	for (word_t cptr = 0; cptr < 64; cptr++)
		cr_expect_not(thread_cspace_slot(&t, cptr << 58, &s), "cptr %lu", cptr);
	cr_expect_null(s);
}

/* ---- ReplyRecv refusals ----------------------------------------------------- */

static void reply_recv_with_info(struct scene *sc, word_t info)
{
	msg_len = 0;
	reply_recv_scene(sc);
	sc->info = info;
	arch_set_register(&sc->t->ctx, RN_REG_INFO, info);
}

static void reply_recv_with_5_words(struct scene *sc)
{
	reply_recv_with_info(sc, RN_MSGINFO(0x33, 0, 0, RN_MSG_REGISTERS + 1));
}

Test(fastpath, fast_reply_recv_refuses_a_message_longer_than_4_words_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_with_5_words, "5 words");
}

static void reply_recv_with_caps(struct scene *sc)
{
	reply_recv_with_info(sc, RN_MSGINFO(0x33, 0, extra_caps, 1));
}

Test(fastpath, fast_reply_recv_refuses_extra_caps_and_changes_nothing)
{
	for (extra_caps = 1; extra_caps <= 3; extra_caps++)
		expect_refused(&REPLY_RECV, reply_recv_with_caps, "extra caps");
}

/* The scenario, but receiving on the cap in `recv_cptr`. */
static word_t recv_cptr;
static void reply_recv_on(struct scene *sc)
{
	msg_len = 1;
	reply_recv_scene(sc);
	sc->ep = recv_cptr;
	arch_set_register(&sc->t->ctx, RN_REG_CPTR, recv_cptr);
}

Test(fastpath, fast_reply_recv_refuses_a_cap_that_is_not_an_endpoint_and_changes_nothing)
{
	static const word_t cptrs[] = { C_NTFN, C_REPLY, C_SELF, C_EMPTY };
	for (size_t i = 0; i < ARRAY_SIZE(cptrs); i++) {
		recv_cptr = cptrs[i];
		expect_refused(&REPLY_RECV, reply_recv_on, "a receive cap that is no endpoint");
	}
}

static void reply_recv_without_read(struct scene *sc)
{
	give(th[SERVER], C_X, O_EP0, W | G, 0);
	recv_cptr = C_X;
	reply_recv_on(sc);
}

Test(fastpath, fast_reply_recv_refuses_an_endpoint_cap_without_read_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_without_read, "no Read right");
}

/* The scenario, but answering through the cap in `reply_cptr`. */
static word_t reply_cptr;
static void reply_recv_through(struct scene *sc)
{
	msg_len = 1;
	reply_recv_scene(sc);
	sc->reply = reply_cptr;
	arch_set_register(&sc->t->ctx, RN_REG_REPLY, reply_cptr);
}

Test(fastpath, fast_reply_recv_refuses_a_reply_slot_without_reply_cap_and_changes_nothing)
{
	static const word_t cptrs[] = { C_EP, C_NTFN, C_EMPTY };
	for (size_t i = 0; i < ARRAY_SIZE(cptrs); i++) {
		reply_cptr = cptrs[i];
		expect_refused(&REPLY_RECV, reply_recv_through, "a reply slot without reply cap");
	}
}

/* Another client Calls while the server works: it waits in the send queue. */
static void reply_recv_with_a_sender_queued(struct scene *sc)
{
	msg_len = 1;
	reply_recv_scene(sc);
	resume(th[SERVER2]);
	call(th[SERVER2], C_EP);
	cr_assert_eq(th[SERVER2]->state, THREAD_BLOCKED_SEND);
	enter(sc->t, RN_SYS_REPLY_RECV, C_EP, sc->info, C_REPLY, 0x5000);
}

Test(fastpath, fast_reply_recv_refuses_an_endpoint_with_a_sender_queued_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_with_a_sender_queued, "a queued sender");
}

/* The server's first ReplyRecv: its reply object is bound to nobody. */
static void reply_recv_with_an_unbound_reply(struct scene *sc)
{
	struct tcb *s = th[SERVER];
	resume(th[CLIENT]);
	resume(s);
	word_t info = RN_MSGINFO(0x33, 0, 0, 1);
	enter(s, RN_SYS_REPLY_RECV, C_EP, info, C_REPLY, 0x5000);
	*sc = (struct scene){ .t = s, .ep = C_EP, .reply = C_REPLY, .info = info };
}

/* The server's reply object is offered by another receiver (given a
 * copy of it), not bound to a caller. */
static void reply_recv_with_a_reply_offered_elsewhere(struct scene *sc)
{
	reply_recv_with_an_unbound_reply(sc);
	give(th[SERVER2], C_X, O_REPLY1, ALL, 0);
	resume(th[SERVER2]);
	recv(th[SERVER2], C_EP, C_X);
	enter(sc->t, RN_SYS_REPLY_RECV, C_EP, sc->info, C_REPLY, 0x5000);
}

Test(fastpath, fast_reply_recv_refuses_a_reply_object_without_caller_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_with_an_unbound_reply, "an unbound reply object");
	expect_refused(&REPLY_RECV, reply_recv_with_a_reply_offered_elsewhere,
	               "a reply object offered by a receiver");
}

/* The server received a fault message (ep0 is the faulter's fault
 * endpoint): the faulter waits on the reply object, as a fault caller. */
static void reply_recv_to_a_fault_caller(struct scene *sc)
{
	struct tcb *f = th[FAULTER], *s = th[SERVER];
	give(f, C_X, O_EP0, W, 0xf4);
	cdt_insert_derived(cslot(f, C_X), &f->slots[TCB_SLOT_FAULT_EP], cslot(f, C_X)->cap);
	resume(f);
	resume(s);
	recv(s, C_EP, C_REPLY);
	run(f);
	ipc_fault(f, RN_FAULT_VM, (word_t[]){ 0x1000, 0xbad }, 2);
	cr_assert_eq(f->state, THREAD_BLOCKED_REPLY, "setup: the faulter waits for its answer");
	word_t info = RN_MSGINFO(0, 0, 0, 0); /* label 0: restart the faulter */
	enter(s, RN_SYS_REPLY_RECV, C_EP, info, C_REPLY, 0x5000);
	*sc = (struct scene){ .t = s, .ep = C_EP, .reply = C_REPLY, .info = info };
}

Test(fastpath, fast_reply_recv_refuses_a_fault_caller_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_to_a_fault_caller, "a fault caller");
}

/* While the server (at 20) works, a bystander at 11, above the client,
 * becomes runnable. */
static void reply_recv_with_higher_bystander(struct scene *sc)
{
	th[SERVER]->priority = 20;
	msg_len = 1;
	reply_recv_scene(sc);
	th[BYSTANDER]->priority = 11;
	resume(th[BYSTANDER]);
}

Test(fastpath, fast_reply_recv_refuses_when_a_queued_thread_outranks_the_caller_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_with_higher_bystander, "a queued thread at 11");
}

static void reply_recv_with_held_waiter(struct scene *sc)
{
	give_ntfn1();
	th[SERVER]->priority = (uint8_t)runner_prio;
	msg_len = 2;
	reply_recv_scene(sc);
	hold_waiter(sc->t);
	enter(sc->t, RN_SYS_REPLY_RECV, C_EP, sc->info, C_REPLY, 0x5000);
}

Test(fastpath, fast_reply_recv_refuses_when_a_held_thread_outranks_the_caller_and_changes_nothing)
{
	waiter_prio = 11;
	runner_prio = 20;
	cr_assert_eq(general_runs_first(&REPLY_RECV, reply_recv_with_held_waiter), th[WAITER],
	             "the general path runs the held thread first");
	expect_refused(&REPLY_RECV, reply_recv_with_held_waiter, "a held thread at 11");
}

Test(fastpath,
     fast_reply_recv_past_a_held_lower_priority_thread_leaves_the_state_of_the_general_path)
{
	waiter_prio = 5;
	runner_prio = 10;
	expect_fast_equals_general(&REPLY_RECV, reply_recv_with_held_waiter, "held waiter at 5");
}

/* As for Call: the general path queues the client behind a held thread
 * of its priority, which runs first. */
Test(fastpath,
     fast_reply_recv_refuses_when_a_held_thread_of_equal_priority_runs_first_and_changes_nothing)
{
	waiter_prio = 10;
	runner_prio = 10;
	cr_assert_eq(general_runs_first(&REPLY_RECV, reply_recv_with_held_waiter), th[WAITER],
	             "the general path runs the held thread first");
	expect_refused(&REPLY_RECV, reply_recv_with_held_waiter,
	               "a held thread at 10, the client's priority");
}

static void reply_recv_to_a_client_without_vspace(struct scene *sc)
{
	msg_len = 1;
	reply_recv_scene(sc);
	cdt_remove(&th[CLIENT]->slots[TCB_SLOT_VSPACE]);
}

Test(fastpath, fast_reply_recv_refuses_a_caller_without_usable_vspace_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_to_a_client_without_vspace, "empty VSpace slot");
}

static void reply_recv_to_a_client_with_stale_vspace_cache(struct scene *sc)
{
	msg_len = 1;
	reply_recv_scene(sc);
	make_stale(th[CLIENT], stale_how);
}

Test(fastpath, fast_reply_recv_refuses_a_caller_whose_vspace_cache_is_stale_and_changes_nothing)
{
	for (stale_how = 0; stale_how < STALE_WAYS; stale_how++) {
		cr_assert_eq(
		    general_runs_first(&REPLY_RECV, reply_recv_to_a_client_with_stale_vspace_cache),
		    th[CLIENT], "the general path still runs the client (%s)",
		    stale_what[stale_how]);
		expect_refused(&REPLY_RECV, reply_recv_to_a_client_with_stale_vspace_cache,
		               stale_what[stale_how]);
	}
}

/* A signal is pending on the server's bound notification: the general
 * path's Recv returns it at once instead of blocking. */
static void reply_recv_with_a_pending_signal(struct scene *sc)
{
	msg_len = 1;
	cr_assert(tcb_bind_notification(th[SERVER], NTFN_PA(1)));
	reply_recv_scene(sc);
	notification_signal(NTFN_PA(1), 0x40);
}

Test(fastpath,
     fast_reply_recv_refuses_a_pending_signal_on_the_bound_notification_and_changes_nothing)
{
	expect_refused(&REPLY_RECV, reply_recv_with_a_pending_signal, "a pending signal");
}
