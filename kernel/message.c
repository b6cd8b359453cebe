/* A thread's message words: mr0..mr3 live in its registers (RN_REG_MR,
 * <ration/registers.h>), the rest in its IPC buffer, which the kernel reaches through the buffer's
 * frame cap (never through the thread's mapping). */
#include "kernel/message.h"
#include "kernel/pmem.h"

struct rn_ipc_buffer *tcb_ipc_buffer(const struct tcb *t)
{
	const struct cap *frame = &t->slots[TCB_SLOT_IPC_BUFFER].cap;
	if (cap_type(frame) != CAP_FRAME)
		return NULL;
	/* Reached through the frame's physical memory, never through the
	 * thread's own mapping: the kernel touches only what the cap names.
	 * Configure checked the address is aligned, so the whole buffer lies
	 * inside the frame. */
	word_t frame_size = BIT(cap_frame_large(frame) ? RN_FRAME_2M_BITS : RN_FRAME_4K_BITS);
	return paddr_to_kptr(cap_paddr(frame) + (t->ipc_buffer & (frame_size - 1)));
}

word_t tcb_get_mr(const struct tcb *t, const struct rn_ipc_buffer *buf, word_t i)
{
	if (i < RN_MSG_REGISTERS)
		return arch_get_mr(&t->ctx, i);
	return buf ? buf->msg[i] : 0;
}

void tcb_set_mr(struct tcb *t, struct rn_ipc_buffer *buf, word_t i, word_t v)
{
	if (i < RN_MSG_REGISTERS)
		arch_set_mr(&t->ctx, i, v);
	else if (buf)
		buf->msg[i] = v;
}

/* Message words a thread can send: all of them with an IPC buffer, the
 * register words without. */
word_t tcb_max_message(const struct rn_ipc_buffer *buf)
{
	return buf ? RN_MSG_MAX_LENGTH : RN_MSG_REGISTERS;
}
