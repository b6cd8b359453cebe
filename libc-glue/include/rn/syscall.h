/* Raw system calls (ABI in <ration/syscall.h>). Everything user level does
 * with the kernel goes through rn_syscall(). */
#ifndef RN_SYSCALL_H
#define RN_SYSCALL_H

#include <ration/ipc_buffer.h>
#include <ration/syscall.h>

typedef rn_word_t rn_cptr_t;

/* What a system call hands back: a0, a1 and the four register words. */
struct rn_msg {
	rn_word_t badge;
	rn_word_t info;
	rn_word_t mr[RN_MSG_REGISTERS];
};

#ifdef RATION_HOST
/* Host unit tests: the fake kernel's (tests/unit/support/px/fake_kernel.c). */
struct rn_msg rn_host_syscall(rn_word_t sys, rn_cptr_t cap, rn_word_t info,
                              const rn_word_t mr[RN_MSG_REGISTERS], rn_cptr_t reply);
#endif

/* Gives the register variable x an undefined value without an
 * instruction: the words rn_syscall need not load. */
#define RN_UNDEFINED(x) __asm__ volatile("" : "=r"(x))

/* Whether system call sys reads RN_REG_REPLY (<ration/syscall.h>). */
static inline int rn_syscall_takes_reply(rn_word_t sys)
{
	return sys == RN_SYS_RECV || sys == RN_SYS_NBRECV || sys == RN_SYS_REPLY_RECV;
}

/* An ecall, which keeps every register but a0..a5 and the temporaries
 * t0..t6 (<ration/syscall.h>). The kernel reads only the message words
 * within the length, and the reply cptr only for the calls that take one:
 * when info and sys are known at compile time (nearly always), the other
 * registers are not loaded. */
static inline __attribute__((always_inline)) struct rn_msg
rn_syscall(rn_word_t sys, rn_cptr_t cap, rn_word_t info, const rn_word_t mr[RN_MSG_REGISTERS],
           rn_cptr_t reply)
{
#ifdef RATION_HOST
	return rn_host_syscall(sys, cap, info, mr, reply);
#else
	unsigned n = __builtin_constant_p(info) ? RN_MSGINFO_LENGTH(info) : RN_MSG_REGISTERS;
	register rn_word_t a0 __asm__("a0") = cap;
	register rn_word_t a1 __asm__("a1") = info;
	register rn_word_t a2 __asm__("a2");
	register rn_word_t a3 __asm__("a3");
	register rn_word_t a4 __asm__("a4");
	register rn_word_t a5 __asm__("a5");
	register rn_word_t a6 __asm__("a6");
	register rn_word_t a7 __asm__("a7") = sys;
	if (n > 0)
		a2 = mr[0];
	else
		RN_UNDEFINED(a2);
	if (n > 1)
		a3 = mr[1];
	else
		RN_UNDEFINED(a3);
	if (n > 2)
		a4 = mr[2];
	else
		RN_UNDEFINED(a4);
	if (n > 3)
		a5 = mr[3];
	else
		RN_UNDEFINED(a5);
	if (__builtin_constant_p(sys) && !rn_syscall_takes_reply(sys))
		RN_UNDEFINED(a6);
	else
		a6 = reply;
	__asm__ volatile("ecall"
	                 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
	                 : "r"(a6), "r"(a7)
	                 : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "memory");
	return (struct rn_msg){ a0, a1, { a2, a3, a4, a5 } };
#endif
}

/* This thread's IPC buffer. Each thread keeps its address in `tp`: whoever
 * starts a thread sets tp to the buffer TCB_Configure gave it (the root
 * task sets its own, RN_ROOT_IPC_BUFFER, first thing). */
static inline struct rn_ipc_buffer *rn_ipc_buffer(void)
{
	struct rn_ipc_buffer *b;
	__asm__("mv %0, tp" : "=r"(b));
	return b;
}

static inline void rn_set_ipc_buffer(struct rn_ipc_buffer *b)
{
	__asm__ volatile("mv tp, %0" ::"r"(b));
}

static inline void rn_yield(void)
{
	static const rn_word_t none[RN_MSG_REGISTERS];
	rn_syscall(RN_SYS_YIELD, 0, 0, none, 0);
}

static inline void rn_debug_putchar(char c)
{
	static const rn_word_t none[RN_MSG_REGISTERS];
	rn_syscall(RN_SYS_DEBUG_PUTCHAR, (rn_word_t)(unsigned char)c, 0, none, 0);
}

static inline _Noreturn void rn_debug_poweroff(int status)
{
	static const rn_word_t none[RN_MSG_REGISTERS];
	for (;;)
		rn_syscall(RN_SYS_DEBUG_POWEROFF, (rn_word_t)status, 0, none, 0);
}

/* Message words: mr0..mr3 in registers are staged in the IPC buffer too, so
 * one array serves any length. */
static inline void rn_set_mr(unsigned i, rn_word_t v)
{
	rn_ipc_buffer()->msg[i] = v;
}
static inline rn_word_t rn_get_mr(unsigned i)
{
	return rn_ipc_buffer()->msg[i];
}

#endif
