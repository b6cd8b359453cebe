/* Trap dispatch. From U-mode: a system call goes to the kernel's entry for
 * its number, a fault becomes a fault message, an interrupt goes to its
 * driver. In S-mode interrupts go to their drivers; an exception there is a
 * kernel bug, so it ends in a readable panic: the cause in words, sepc,
 * stval, every register and a frame-pointer backtrace. */
#include "arch/riscv/trap.h"
#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/platform.h"
#include "arch/riscv/plic.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/vm.h"
#include "kernel/arch.h"
#include "kernel/ipc.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"

extern char trap_vector[];
extern char boot_stack[], boot_stack_top[];

static const char *const exception_names[] = {
	[0] = "instruction address misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load address misaligned",
	[5] = "load access fault",
	[6] = "store/AMO address misaligned",
	[7] = "store/AMO access fault",
	[8] = "environment call from U-mode",
	[9] = "environment call from S-mode",
	[11] = "environment call from M-mode",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store/AMO page fault",
};

static const char *const interrupt_names[] = {
	[IRQ_S_SOFT] = "supervisor software interrupt",
	[IRQ_S_TIMER] = "supervisor timer interrupt",
	[IRQ_S_EXT] = "supervisor external interrupt",
};

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
	"a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
	"s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *trap_cause_name(word_t scause)
{
	word_t code = scause & ~SCAUSE_INTERRUPT;
	const char *name = NULL;
	if (scause & SCAUSE_INTERRUPT) {
		if (code < ARRAY_SIZE(interrupt_names))
			name = interrupt_names[code];
	} else if (code < ARRAY_SIZE(exception_names)) {
		name = exception_names[code];
	}
	return name ? name : "reserved cause";
}

#ifndef CONFIG_KERNEL_DEBUG
extern uint16_t __fastpath_text_start[], __fastpath_text_end[];

/* Whether the instruction at p names sp (x2) as a register; *halfwords is
 * its length. Only the register fields of each format are read (an
 * immediate that happens to hold 2 is no use of sp). */
static bool insn_uses_sp(const uint16_t *p, unsigned *halfwords)
{
	word_t lo = p[0];
	if ((lo & 3) != 3) { /* compressed (RVC) */
		word_t quadrant = lo & 3, f3 = lo >> 13, rd = (lo >> 7) & 31, rs2 = (lo >> 2) & 31;
		*halfwords = 1;
		if (lo == 0)
			return false; /* the all-zero illegal instruction: padding */
		if (quadrant == 0)
			return f3 == 0; /* c.addi4spn; the rest use x8..x15 */
		if (quadrant == 1)
			return f3 <= 3 && rd == 2; /* c.addi, c.addiw, c.li, c.addi16sp */
		/* quadrant 2: the sp-relative loads and stores, c.slli, and
		 * c.mv, c.add, c.jr, c.jalr */
		return f3 == 1 || f3 == 2 || f3 == 3 || f3 == 5 || f3 == 6 || f3 == 7 ||
		       rd == 2 || (f3 == 4 && rs2 == 2);
	}
	word_t insn = lo | (word_t)p[1] << 16;
	word_t op = insn & 0x7f, rd = (insn >> 7) & 31, rs1 = (insn >> 15) & 31,
	       rs2 = (insn >> 20) & 31;
	*halfwords = 2;
	bool has_rd = op != 0x23 && op != 0x63;               /* not STORE, BRANCH */
	bool has_rs1 = op != 0x37 && op != 0x17 && op != 0x6f; /* not LUI, AUIPC, JAL */
	bool has_rs2 = op == 0x33 || op == 0x3b || op == 0x23 || op == 0x63 || op == 0x2f;
	return (has_rd && rd == 2) || (has_rs1 && rs1 == 2) || (has_rs2 && rs2 == 2);
}

/* A release kernel's IPC fastpath runs on the user's sp (trapvec.S sets
 * the kernel's only for the general path): had GCC given it a frame or a
 * spill, it would write through a pointer the user chose. Checked once at
 * boot, so that a compiler that does so stops the kernel at once (the
 * bench runs release kernels) instead of trusting user memory. */
static void check_fastpath_text(void)
{
	unsigned n;
	for (const uint16_t *p = __fastpath_text_start; p < __fastpath_text_end; p += n) {
		if (insn_uses_sp(p, &n))
			panic("the IPC fastpath uses sp at %p: it must not touch the stack", (void *)p);
	}
}
#endif

void trap_init(void)
{
#ifndef CONFIG_KERNEL_DEBUG
	check_fastpath_text();
#endif
	csr_write(stvec, (word_t)trap_vector);
}

/* Frame-pointer walk: with -fno-omit-frame-pointer every frame stores the
 * return address at fp-8 and the caller's fp at fp-16. Each fp is checked
 * to lie on the kernel stack before it is read, so a corrupt chain ends the
 * walk instead of faulting inside the panic. */
void arch_backtrace(word_t fp, word_t pc)
{
	kprintf("backtrace (riscv64-unknown-elf-addr2line -e build/kernel.elf ADDR):\n");
	kprintf("  #0  0x%016lx\n", pc);
	word_t lo = (word_t)boot_stack, hi = (word_t)boot_stack_top;
	for (int depth = 1; depth < 32; depth++) {
		if (fp < lo + 16 || fp > hi || !IS_ALIGNED(fp, 8))
			break;
		word_t ra = ((word_t *)fp)[-1];
		word_t next = ((word_t *)fp)[-2];
		if (ra == 0)
			break;
		kprintf("  #%-2d 0x%016lx\n", depth, ra);
		if (next <= fp) /* the stack grows down: callers are above */
			break;
		fp = next;
	}
}

void trap_dump(const struct trap_frame *tf)
{
	kprintf("\n*** kernel trap: %s (scause %#lx)\n", trap_cause_name(tf->scause), tf->scause);
	kprintf("sepc 0x%016lx   stval 0x%016lx   sstatus 0x%016lx\n", tf->sepc, tf->stval,
	        tf->sstatus);
	if (!(tf->scause & SCAUSE_INTERRUPT) && tf->scause >= 12)
		kprintf("PTE for stval: %#lx\n", vm_lookup(tf->stval));
	for (int i = 1; i < 32; i++)
		kprintf("%-4s 0x%016lx%s", reg_names[i], tf->regs[i], i % 4 == 3 ? "\n" : "   ");
	kprintf("\n");
	arch_backtrace(tf->regs[8], tf->sepc);
}

void kernel_trap(struct trap_frame *tf)
{
	if (tf->scause & SCAUSE_INTERRUPT) {
		switch (tf->scause & ~SCAUSE_INTERRUPT) {
		case IRQ_S_TIMER:
			timer_interrupt();
			break;
		case IRQ_S_EXT:
			plic_handle();
			break;
		default:
			goto bug;
		}
		/* Only the idle loop takes interrupts in S-mode: if one made a
		 * thread runnable, leave idle for it (the idle stack is dropped). */
		if (!sched_current() && sched_highest_priority() >= 0)
			thread_return_to_user();
		return;
	}
bug:
	trap_dump(tf);
	kprintf("kernel panic: unexpected trap in S-mode\n");
	arch_poweroff(1);
}

/* A fault of a user thread becomes a fault message to its handler. */
static void user_fault(struct tcb *t, word_t scause, word_t stval)
{
	word_t pc = t->ctx.sepc;
	switch (scause) {
	case 1:    /* instruction access fault */
	case 12:   /* instruction page fault */
	case 5:    /* load access fault */
	case 13:   /* load page fault */
	case 7:    /* store/AMO access fault */
	case 15: { /* store/AMO page fault */
		word_t access = scause == 1 || scause == 12   ? RN_FAULT_ACCESS_EXECUTE
		                : scause == 5 || scause == 13 ? RN_FAULT_ACCESS_READ
		                                              : RN_FAULT_ACCESS_WRITE;
		word_t mr[] = { pc, stval, access, scause };
		ipc_fault(t, RN_FAULT_VM, mr, ARRAY_SIZE(mr));
		return;
	}
	default: {
		word_t mr[] = { pc, scause, stval };
		ipc_fault(t, RN_FAULT_USER_EXCEPTION, mr, ARRAY_SIZE(mr));
		return;
	}
	}
}

void handle_user_trap(struct user_context *ctx, word_t scause, word_t stval)
{
	struct tcb *t = sched_current();
	assert(t && &t->ctx == ctx);
	if (scause & SCAUSE_INTERRUPT) {
		word_t code = scause & ~SCAUSE_INTERRUPT;
		if (code == IRQ_S_TIMER)
			timer_interrupt();
		else if (code == IRQ_S_EXT)
			plic_handle();
	} else if (scause == CAUSE_ILLEGAL_INSTRUCTION && fpu_claim(t)) {
		/* its first FP instruction since another thread had the FPU:
		 * it runs again, with t's registers loaded */
	} else { /* not an ecall: trapvec.S sends those elsewhere */
		user_fault(t, scause, stval);
	}
	thread_return_to_user();
}

/* trapvec.S picks the kernel's entry for an ecall by its number itself
 * (Call and ReplyRecv: the IPC fastpath; the rest: handle_user_syscall). */
compile_assert(trapvec_call_number, RN_SYS_CALL == 1);
compile_assert(trapvec_reply_recv_number, RN_SYS_REPLY_RECV == 6);
