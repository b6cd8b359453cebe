/* The IPC buffer: one 4 KiB frame per thread (TCB_Configure names it),
 * holding the message words that do not fit in registers and the
 * capability-transfer fields. */
#ifndef RATION_IPC_BUFFER_H
#define RATION_IPC_BUFFER_H

#include <ration/syscall.h>

struct rn_ipc_buffer {
	rn_word_t tag;                    /* unused by the kernel */
	rn_word_t msg[RN_MSG_MAX_LENGTH]; /* msg[i] is mr i; mr0..3 travel in registers */
	rn_word_t user_data;              /* free for the thread (e.g. its TLS) */
	rn_word_t caps_or_badges[3];      /* send: extra cap cptrs; receive: badges */
	rn_word_t receive_cnode;          /* where a received cap goes: CNode cptr, */
	rn_word_t receive_index;          /*   slot index and depth in it */
	rn_word_t receive_depth;
};

/* TCB_Configure requires the buffer's address aligned to this, so that it
 * never straddles two frames. */
#define RN_IPC_BUFFER_ALIGN_BITS 10
_Static_assert(sizeof(struct rn_ipc_buffer) <= (1 << RN_IPC_BUFFER_ALIGN_BITS),
               "the IPC buffer fits its alignment");

#endif
