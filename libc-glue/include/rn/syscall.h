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

static inline struct rn_msg rn_syscall(rn_word_t sys, rn_cptr_t cap, rn_word_t info,
                                       const rn_word_t mr[RN_MSG_REGISTERS], rn_cptr_t reply)
{
#ifdef RATION_HOST
	return rn_host_syscall(sys, cap, info, mr, reply);
#else
	register rn_word_t a0 __asm__("a0") = cap;
	register rn_word_t a1 __asm__("a1") = info;
	register rn_word_t a2 __asm__("a2") = mr[0];
	register rn_word_t a3 __asm__("a3") = mr[1];
	register rn_word_t a4 __asm__("a4") = mr[2];
	register rn_word_t a5 __asm__("a5") = mr[3];
	register rn_word_t a6 __asm__("a6") = reply;
	register rn_word_t a7 __asm__("a7") = sys;
	__asm__ volatile("ecall"
	                 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
	                 : "r"(a6), "r"(a7)
	                 : "memory");
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
