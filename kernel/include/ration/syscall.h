/* The system-call ABI: how a thread enters the kernel. One fact, one place;
 * libc-glue's stubs and the kernel's syscall.c both follow this header.
 *
 * A thread executes `ecall` with these registers (which is which:
 * <ration/registers.h>; on RISC-V a7, a0, a1, a2..a5, a6)
 *   RN_REG_SYSCALL  the system call number (enum rn_syscall)
 *   RN_REG_CPTR     a capability pointer: the cap invoked or waited on
 *   RN_REG_INFO     the message info (below)
 *   RN_REG_MR(i)    message words mr0..mr3; words from mr4 on are in the
 *                   IPC buffer
 *   RN_REG_REPLY    for Recv, NBRecv and ReplyRecv: the cptr of a Reply
 * and gets back (RISC-V: a0, a1, a2..a5)
 *   RN_REG_BADGE    the badge of the sender (receives), or 0
 *   RN_REG_INFO     the message info of what it received (or of the reply)
 *   RN_REG_MR(i)    mr0..mr3 of that message; those past its length are
 *                   undefined (values of the thread's own)
 * The temporaries (RISC-V: t0..t6, which a function call does not keep
 * either) come back undefined; every other register is preserved. The
 * kernel then need not save them on an ecall; after one they hold values
 * of the thread's own from an earlier trap, never another thread's or the
 * kernel's.
 *
 * An invocation of a kernel object is a Call on its cap: the label names
 * the operation (ration/invocation.h), mr0.. are its arguments, and the
 * extra caps are cptrs in the IPC buffer's caps[]. The reply's label is an
 * error code (ration/errors.h; 0 = success). On success the reply words
 * are the operation's results; on failure they are the fields of struct
 * rn_error_info after `code`, in order (RN_ERROR_REPLY_WORDS of them).
 */
#ifndef RATION_SYSCALL_H
#define RATION_SYSCALL_H

#include <ration/registers.h>
#include <ration/types.h>

enum rn_syscall {
	RN_SYS_CALL = 1,       /* send, then wait for the reply (kernel objects: invoke) */
	RN_SYS_SEND = 2,       /* send on an endpoint, blocking; signal a notification */
	RN_SYS_NBSEND = 3,     /* send only if a receiver waits; else drop */
	RN_SYS_RECV = 4,       /* wait on an endpoint or notification */
	RN_SYS_NBRECV = 5,     /* poll: receive only if something is there */
	RN_SYS_REPLY_RECV = 6, /* reply through the Reply cap, then Recv */
	RN_SYS_YIELD = 7,      /* give up the rest of the time slice */
	/* Debug calls, present when CONFIG_DEBUG_SYSCALLS is set. */
	RN_SYS_DEBUG_PUTCHAR = 64,  /* the character in RN_REG_CPTR, to the console */
	RN_SYS_DEBUG_POWEROFF = 65, /* the exit status for QEMU in RN_REG_CPTR */
};

/* Message info word:
 *   bits 63..12  label (52 bits)
 *   bits 11..9   caps unwrapped (receiver: which extra caps came as badges)
 *   bits 8..7    number of extra caps (0..3)
 *   bits 6..0    length in message words (0..RN_MSG_MAX_LENGTH)
 */
#define RN_MSG_MAX_LENGTH 120
#define RN_MSGINFO(label, unwrapped, caps, len)                                                    \
	(((rn_word_t)(label) << 12) | ((rn_word_t)(unwrapped) << 9) | ((rn_word_t)(caps) << 7) |   \
	 (rn_word_t)(len))
#define RN_MSGINFO_LABEL(mi)     ((mi) >> 12)
#define RN_MSGINFO_UNWRAPPED(mi) (((mi) >> 9) & 0x7)
#define RN_MSGINFO_CAPS(mi)      (((mi) >> 7) & 0x3)
#define RN_MSGINFO_LENGTH(mi)    ((mi)&0x7f)

/* Message words carried in registers (RN_REG_MR(0) on). */
#define RN_MSG_REGISTERS 4

/* Words in an error reply: struct rn_error_info minus its code. */
#define RN_ERROR_REPLY_WORDS 9

#endif
