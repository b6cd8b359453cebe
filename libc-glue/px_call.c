/* The one path from libc-glue to the POSIX server: an IPC Call on the
 * server endpoint (rn/px.h), and the translation of its answer to errno. */
#include <errno.h>
#include <rn/ipc.h>
#include <rn/px_call.h>

/* The server answers with newlib's errno values, so a result needs no
 * table; these hold that promise. */
_Static_assert(PX_EPERM == EPERM && PX_ENOENT == ENOENT && PX_ESRCH == ESRCH && PX_EINTR == EINTR &&
                   PX_EIO == EIO && PX_E2BIG == E2BIG && PX_ENOEXEC == ENOEXEC &&
                   PX_EBADF == EBADF && PX_ECHILD == ECHILD && PX_EAGAIN == EAGAIN &&
                   PX_ENOMEM == ENOMEM && PX_EFAULT == EFAULT && PX_EINVAL == EINVAL &&
                   PX_ESPIPE == ESPIPE && PX_EACCES == EACCES && PX_EEXIST == EEXIST &&
                   PX_ENOTDIR == ENOTDIR && PX_EISDIR == EISDIR && PX_EROFS == EROFS &&
                   PX_EMFILE == EMFILE && PX_EPIPE == EPIPE && PX_ENOSYS == ENOSYS &&
                   PX_ENAMETOOLONG == ENAMETOOLONG && PX_EBUSY == EBUSY &&
                   PX_EXDEV == EXDEV && PX_EFBIG == EFBIG && PX_ENOSPC == ENOSPC &&
                   PX_ENOTEMPTY == ENOTEMPTY && PX_ENODEV == ENODEV && PX_ENOTSUP == ENOTSUP &&
                   PX_ENOTTY == ENOTTY,
               "px.h error numbers are newlib's");

/* rn_call(PX_SLOT_SERVER, RN_MSGINFO(0, 0, 0, 4), {w0, w1, w2, w3}), with
 * the words moved from the argument registers they arrive in (a0..a3, as
 * px_call's) to the message registers (a2..a5) by the asm itself: every
 * system call of every process comes through here, and GCC shuffles
 * rn_syscall's operands in 12 instructions instead of these 7. A Call
 * reads no reply cap pointer (a6). */
static inline struct rn_msg server_call(rn_word_t w0, rn_word_t w1, rn_word_t w2, rn_word_t w3)
{
	register rn_word_t a0 __asm__("a0") = w0;
	register rn_word_t a1 __asm__("a1") = w1;
	register rn_word_t a2 __asm__("a2") = w2;
	register rn_word_t a3 __asm__("a3") = w3;
	register rn_word_t a4 __asm__("a4");
	register rn_word_t a5 __asm__("a5");
	__asm__ volatile("mv a5, a3\n\t"
	                 "mv a4, a2\n\t"
	                 "mv a3, a1\n\t"
	                 "mv a2, a0\n\t"
	                 "li a0, %[ep]\n\t"
	                 "li a1, %[info]\n\t"
	                 "li a7, %[sys]\n\t"
	                 "ecall"
	                 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "=r"(a4), "=r"(a5)
	                 : [ep] "i"(PX_SLOT_SERVER), [info] "i"(RN_MSGINFO(0, 0, 0, 4)),
	                   [sys] "i"(RN_SYS_CALL)
	                 : "a7", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "memory");
	return (struct rn_msg){ a0, a1, { a2, a3, a4, a5 } };
}

long px_call(long call, long a1, long a2, long a3, long *extra)
{
	struct rn_msg m = server_call(call, a1, a2, a3);

	/* A server reply has label 0. Anything else is the kernel saying the
	 * Call was cancelled (the server or its reply object went away): the
	 * message words are not an answer. */
	if (RN_MSGINFO_LABEL(m.info) != 0)
		return -PX_EIO;
	if (extra) {
		/* Only the words within the answer's length are the server's. */
		unsigned len = RN_MSGINFO_LENGTH(m.info);
		extra[0] = len > 1 ? (long)m.mr[1] : 0;
		extra[1] = len > 2 ? (long)m.mr[2] : 0;
		extra[2] = len > 3 ? (long)m.mr[3] : 0;
	}
	return (long)m.mr[0];
}

long px_call_wait(unsigned long interrupts, long call, long a1, long a2, long a3, long *extra)
{
	long r;

	/* The notification latches: a signal that comes between the answer
	 * and rn_wait is not lost. A stale one costs one extra question. The
	 * server signals it when it starts a handler in a process that is
	 * not calling, so a handler that runs just before rn_wait is seen
	 * after it; one that ran with the answer is seen before. */
	do {
		if (px_signal_interrupts != interrupts)
			return -PX_EINTR;
		rn_wait(PX_SLOT_NOTIFY);
		if (px_signal_interrupts != interrupts)
			return -PX_EINTR;
	} while ((r = px_call(call, a1, a2, a3, extra)) == -PX_EWOULDBLOCK_INTERNAL);
	return r;
}

long px_fail(long r)
{
	errno = (int)-r;
	return -1;
}
