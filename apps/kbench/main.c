/* kbench: kernel micro-benchmarks in QEMU, run as the root task by
 * `./build.sh bench` under `-icount shift=0`, where rdinstret counts guest
 * instructions exactly. Prints one line per figure (median of many runs):
 *
 *   bench: <name> <median> instructions (min <min>, max <max>, <n> runs)
 *
 * - ipc_call_replyrecv: a client's Call to a server thread in another
 *   address space and the server's ReplyRecv back (no caps, one word),
 *   measured around the client's Call: kernel entry to exit twice plus the
 *   two stubs; the baseline "null" (an rdinstret pair) is subtracted.
 * - page_fault_service: a thread touches an unmapped page; its fault goes
 *   to this task, which maps a frame and replies; measured around the
 *   touching instruction.
 * - untyped_retype: one 4 KiB frame retyped (invocation round trip).
 * - null_syscall: Yield, the cheapest kernel entry and exit. */
#include <ration/bootinfo.h>
#include <ration/faults.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/ipc.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

#define RUNS          201
#define RW            (RN_RIGHT_READ | RN_RIGHT_WRITE)
#define SERVER_STACK  0x20000000ul /* in the server's VSpace */
#define SERVER_BUFFER 0x20010000ul
#define CLIENT_STACK  0x30000000ul /* threads of this VSpace */
#define CLIENT_BUFFER 0x30010000ul
#define FAULT_AREA    0x40000000ul

void root_main(const struct rn_bootinfo *bi);

static const struct rn_bootinfo *bi;
static rn_word_t next_slot;
static rn_cptr_t big_untyped;

static inline rn_word_t instret(void)
{
	rn_word_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static rn_cptr_t make(rn_word_t type, rn_word_t bits)
{
	rn_cptr_t slot = next_slot++;
	int err = rn_untyped_retype(big_untyped, type, bits, RN_SLOT_ROOT_CNODE, 0, 0, slot, 1);
	if (err) {
		rn_printf("kbench: retype type %lu: %s\n", (unsigned long)type, rn_error_name(err));
		rn_debug_poweroff(1);
	}
	return slot;
}

static void must(int err, const char *what)
{
	if (err) {
		rn_printf("kbench: %s: %s\n", what, rn_error_name(err));
		rn_debug_poweroff(1);
	}
}

/* Maps a fresh frame at va in vspace, with page tables as needed. */
static rn_cptr_t map_new(rn_cptr_t vspace, rn_word_t va)
{
	rn_cptr_t f = make(RN_OBJ_FRAME_4K, 0);
	while (rn_frame_map(f, vspace, va, RW, 0) == RN_FAILED_LOOKUP)
		must(rn_page_table_map(make(RN_OBJ_PAGE_TABLE, 0), vspace, va), "map table");
	return f;
}

static void sort(rn_word_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		rn_word_t x = v[i];
		int j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void report(const char *name, rn_word_t *v, int n, rn_word_t baseline)
{
	for (int i = 0; i < n; i++)
		v[i] = v[i] > baseline ? v[i] - baseline : 0;
	sort(v, n);
	rn_printf("bench: %-22s %6lu instructions (min %lu, max %lu, %d runs)\n", name,
	          (unsigned long)v[n / 2], (unsigned long)v[0], (unsigned long)v[n - 1], n);
}

static rn_word_t samples[RUNS];
static rn_word_t null_cost; /* two back-to-back rdinstret */

/* ---- IPC round trip ------------------------------------------------------ */

static rn_cptr_t endpoint, server_reply;

static void server(void)
{
	rn_word_t mr[4] = { 0 };
	struct rn_msg m = rn_recv(endpoint, server_reply);
	for (;;) {
		mr[0] = m.mr[0] + 1;
		m = rn_reply_recv(endpoint, RN_MSGINFO(0, 0, 0, 1), mr, server_reply);
	}
}

static void bench_ipc(void)
{
	/* The server's own VSpace, running this program's code: copies of
	 * our image frames at the same addresses (text shared read-only). */
	rn_cptr_t vs = make(RN_OBJ_PAGE_TABLE, 0);
	must(rn_asid_pool_assign(RN_SLOT_ROOT_ASID_POOL, vs), "assign ASID");
	for (rn_word_t i = 0; i < bi->n_image_frames; i++) {
		rn_cptr_t copy = next_slot++;
		must(rn_cnode_copy(RN_SLOT_ROOT_CNODE, copy, 64, RN_SLOT_ROOT_CNODE,
		                   bi->image_frames[i].slot, 64, RN_RIGHTS_ALL),
		     "copy image frame");
		rn_word_t va = bi->image_frames[i].vaddr;
		/* The server only reads our globals and runs our code: the
		 * whole image read-only and executable is enough. */
		int err;
		while ((err = rn_frame_map(copy, vs, va, RN_RIGHT_READ, RN_FRAME_EXECUTE)) ==
		       RN_FAILED_LOOKUP)
			must(rn_page_table_map(make(RN_OBJ_PAGE_TABLE, 0), vs, va), "map table");
		must(err, "map image frame");
	}
	map_new(vs, SERVER_STACK);
	rn_cptr_t buf = map_new(vs, SERVER_BUFFER);

	endpoint = make(RN_OBJ_ENDPOINT, 0);
	server_reply = make(RN_OBJ_REPLY, 0);
	rn_cptr_t tcb = make(RN_OBJ_TCB, 0);
	must(rn_tcb_configure(tcb, RN_SLOT_ROOT_CNODE, vs, buf, SERVER_BUFFER), "configure");
	must(rn_tcb_set_priority(tcb, 255), "priority");
	rn_word_t regs[RN_REG_TP + 1] = { 0 };
	regs[RN_REG_PC] = (rn_word_t)server;
	regs[RN_REG_SP] = SERVER_STACK + 4096;
	regs[RN_REG_TP] = SERVER_BUFFER;
	must(rn_tcb_write_registers(tcb, 1, RN_REG_TP + 1, regs), "start server");

	rn_word_t mr[4] = { 41, 0, 0, 0 };
	for (int i = 0; i < 20; i++) /* warm up */
		rn_call(endpoint, RN_MSGINFO(0, 0, 0, 1), mr);
	for (int i = 0; i < RUNS; i++) {
		rn_word_t t0 = instret();
		struct rn_msg m = rn_call(endpoint, RN_MSGINFO(0, 0, 0, 1), mr);
		rn_word_t t1 = instret();
		if (m.mr[0] != 42) {
			rn_printf("kbench: the server answered %lu, not 42\n",
			          (unsigned long)m.mr[0]);
			rn_debug_poweroff(1);
		}
		samples[i] = t1 - t0;
	}
	report("ipc_call_replyrecv", samples, RUNS, null_cost);
	must(rn_tcb_suspend(tcb), "stop server");
}

/* ---- page-fault service ---------------------------------------------------- */

static volatile rn_word_t fault_samples[RUNS];

static void toucher(void)
{
	for (int i = 0; i < RUNS; i++) {
		volatile rn_word_t *p = (volatile rn_word_t *)(FAULT_AREA + (rn_word_t)i * 4096);
		rn_word_t t0 = instret();
		(void)*p;
		rn_word_t t1 = instret();
		fault_samples[i] = t1 - t0;
	}
	/* Done: an unknown system call is a fault of another kind, which
	 * tells the handler to stop. */
	static const rn_word_t none[RN_MSG_REGISTERS];
	rn_syscall(999, 0, 0, none, 0);
}

static void bench_page_fault(void)
{
	rn_cptr_t fault_ep = make(RN_OBJ_ENDPOINT, 0);
	rn_cptr_t reply = make(RN_OBJ_REPLY, 0);
	rn_cptr_t frames = next_slot;
	for (int i = 0; i < RUNS; i++)
		make(RN_OBJ_FRAME_4K, 0);
	/* Page tables for the fault area, so the handler maps just a frame:
	 * PageTable_Map fills the first missing level until none is missing. */
	for (rn_word_t va = FAULT_AREA; va < FAULT_AREA + RUNS * 4096ul; va += 2ul << 20) {
		rn_cptr_t pt = make(RN_OBJ_PAGE_TABLE, 0);
		while (rn_page_table_map(pt, RN_SLOT_ROOT_VSPACE, va) == RN_OK)
			pt = make(RN_OBJ_PAGE_TABLE, 0);
	}
	map_new(RN_SLOT_ROOT_VSPACE, CLIENT_STACK);
	rn_cptr_t buf = map_new(RN_SLOT_ROOT_VSPACE, CLIENT_BUFFER);
	rn_cptr_t tcb = make(RN_OBJ_TCB, 0);
	must(rn_tcb_configure(tcb, RN_SLOT_ROOT_CNODE, RN_SLOT_ROOT_VSPACE, buf, CLIENT_BUFFER),
	     "configure");
	must(rn_tcb_set_fault_ep(tcb, fault_ep), "fault endpoint");
	must(rn_tcb_set_priority(tcb, 255), "priority");
	rn_word_t regs[RN_REG_TP + 1] = { 0 };
	regs[RN_REG_PC] = (rn_word_t)toucher;
	regs[RN_REG_SP] = CLIENT_STACK + 4096;
	regs[RN_REG_TP] = CLIENT_BUFFER;
	must(rn_tcb_write_registers(tcb, 1, RN_REG_TP + 1, regs), "start");

	rn_word_t zero[4] = { 0 };
	struct rn_msg m = rn_recv(fault_ep, reply);
	for (int served = 0;; served++) {
		if (RN_MSGINFO_LABEL(m.info) != RN_FAULT_VM || served >= RUNS)
			break;
		rn_word_t addr = m.mr[1] & ~0xffful;
		must(rn_frame_map(frames + (addr - FAULT_AREA) / 4096, RN_SLOT_ROOT_VSPACE, addr,
		                  RW, 0),
		     "map faulting page");
		m = rn_reply_recv(fault_ep, RN_MSGINFO(0, 0, 0, 0), zero, reply);
	}
	report("page_fault_service", (rn_word_t *)fault_samples, RUNS, null_cost);
}

/* ---- retype and the null syscall -------------------------------------------- */

static void bench_retype_and_null(void)
{
	rn_cptr_t ut = make(RN_OBJ_UNTYPED, 20);
	rn_cptr_t slot = next_slot;
	next_slot += RUNS;
	for (int i = 0; i < RUNS; i++) {
		rn_word_t t0 = instret();
		int err = rn_untyped_retype(ut, RN_OBJ_FRAME_4K, 0, RN_SLOT_ROOT_CNODE, 0, 0,
		                            slot + (rn_word_t)i, 1);
		rn_word_t t1 = instret();
		must(err, "retype");
		samples[i] = t1 - t0;
	}
	report("untyped_retype_4k", samples, RUNS, null_cost);
	must(rn_cnode_revoke(RN_SLOT_ROOT_CNODE, ut, 64), "revoke");

	for (int i = 0; i < RUNS; i++) {
		rn_word_t t0 = instret();
		rn_yield();
		rn_word_t t1 = instret();
		samples[i] = t1 - t0;
	}
	report("null_syscall_yield", samples, RUNS, null_cost);
}

void root_main(const struct rn_bootinfo *info)
{
	bi = info;
	next_slot = bi->first_free_slot;
	unsigned best_bits = 0;
	for (rn_word_t i = 0; i < bi->n_untyped; i++) {
		const struct rn_untyped_desc *d = &bi->untyped[i];
		if (!d->is_device && d->size_bits > best_bits) {
			big_untyped = d->slot;
			best_bits = d->size_bits;
		}
	}
	for (int i = 0; i < RUNS; i++) {
		rn_word_t t0 = instret();
		rn_word_t t1 = instret();
		samples[i] = t1 - t0;
	}
	sort(samples, RUNS);
	null_cost = samples[RUNS / 2];
	rn_printf("bench: baseline (rdinstret pair) %lu instructions\n", (unsigned long)null_cost);

	bench_retype_and_null();
	bench_ipc();
	bench_page_fault();
	rn_printf("bench: done\n");
	rn_debug_poweroff(0);
}
