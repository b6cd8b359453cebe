/* Message words of a thread (message.c). */
#ifndef KERNEL_MESSAGE_H
#define KERNEL_MESSAGE_H

#include "kernel/tcb.h"
#include <ration/ipc_buffer.h>

/* t's IPC buffer through its frame cap, or NULL if it has none. */
struct rn_ipc_buffer *tcb_ipc_buffer(const struct tcb *t);

/* Message word i of t: a register for 0..3, else the IPC buffer (0 if none). */
word_t tcb_get_mr(const struct tcb *t, const struct rn_ipc_buffer *buf, word_t i);
void tcb_set_mr(struct tcb *t, struct rn_ipc_buffer *buf, word_t i, word_t v);

/* How many message words t can carry with buffer `buf` (NULL: registers). */
word_t tcb_max_message(const struct rn_ipc_buffer *buf);

#endif
