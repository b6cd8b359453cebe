/* TCB invocations (labels and arguments: <ration/invocation.h>). The
 * registers they read and write are numbered and named by role in
 * <ration/registers.h>: RN_REG_PC, RN_REG_RA, RN_REG_SP, RN_REG_TP,
 * RN_REG_ARG(n), and for a thread stopped in a system call RN_REG_BADGE,
 * RN_REG_INFO and RN_REG_MR(i) (what rn_syscall returns in), ...;
 * RN_TCB_REGISTERS of them in all. */
#ifndef RN_TCB_H
#define RN_TCB_H

#include <ration/registers.h>
#include <rn/invoke.h>

static inline int rn_tcb_configure(rn_cptr_t tcb, rn_cptr_t cspace, rn_cptr_t vspace,
                                   rn_cptr_t ipc_frame, rn_word_t ipc_vaddr)
{
	rn_cptr_t caps[] = { cspace, vspace, ipc_frame };
	return rn_invoke(tcb, RN_TCB_CONFIGURE, &ipc_vaddr, 1, caps, ipc_frame ? 3 : 2, 0, 0);
}

static inline int rn_tcb_set_fault_ep(rn_cptr_t tcb, rn_cptr_t ep)
{
	return rn_invoke(tcb, RN_TCB_SET_FAULT_EP, 0, 0, &ep, ep ? 1 : 0, 0, 0);
}

static inline int rn_tcb_set_priority(rn_cptr_t tcb, rn_word_t priority)
{
	return rn_invoke(tcb, RN_TCB_SET_PRIORITY, &priority, 1, 0, 0, 0, 0);
}

/* The first `count` registers: regs[RN_REG_PC], regs[RN_REG_RA], ... */
static inline int rn_tcb_read_registers(rn_cptr_t tcb, rn_word_t count, rn_word_t *regs)
{
	return rn_invoke(tcb, RN_TCB_READ_REGISTERS, &count, 1, 0, 0, regs, (unsigned)count);
}

/* flags: RN_TCB_WRITE_RESUME, RN_TCB_WRITE_FP_RESET (1 is resume). */
int rn_tcb_write_registers(rn_cptr_t tcb, int flags, rn_word_t count, const rn_word_t *regs);

static inline int rn_tcb_copy_registers(rn_cptr_t tcb, rn_cptr_t src, int suspend_source,
                                        int resume_target)
{
	rn_word_t args[] = { (rn_word_t)suspend_source, (rn_word_t)resume_target };
	return rn_invoke(tcb, RN_TCB_COPY_REGISTERS, args, 2, &src, 1, 0, 0);
}

static inline int rn_tcb_resume(rn_cptr_t tcb)
{
	return rn_invoke(tcb, RN_TCB_RESUME, 0, 0, 0, 0, 0, 0);
}

/* A Recv of the thread on an endpoint also returns for a signal of ntfn. */
static inline int rn_tcb_bind_notification(rn_cptr_t tcb, rn_cptr_t ntfn)
{
	return rn_invoke(tcb, RN_TCB_BIND_NOTIFICATION, 0, 0, &ntfn, 1, 0, 0);
}

static inline int rn_tcb_unbind_notification(rn_cptr_t tcb)
{
	return rn_invoke(tcb, RN_TCB_UNBIND_NOTIFICATION, 0, 0, 0, 0, 0, 0);
}

/* Binds the thread to a SchedGroup (0: it leaves its group). */
static inline int rn_tcb_set_group(rn_cptr_t tcb, rn_cptr_t group)
{
	return rn_invoke(tcb, RN_TCB_SET_GROUP, 0, 0, &group, group ? 1 : 0, 0, 0);
}

/* Nests a SchedGroup in another (parent 0: it becomes a top group). */
static inline int rn_sched_group_set_parent(rn_cptr_t group, rn_cptr_t parent)
{
	return rn_invoke(group, RN_SCHED_GROUP_SET_PARENT, 0, 0, &parent, parent ? 1 : 0, 0, 0);
}

/* times[0]: microseconds the thread ran; times[1]: those a server ran
 * answering its Calls (sampled at the timer tick). */
static inline int rn_tcb_get_times(rn_cptr_t tcb, rn_word_t times[2])
{
	return rn_invoke(tcb, RN_TCB_GET_TIMES, 0, 0, 0, 0, times, 2);
}

/* The caller's time is charged to tcb's turn until it bills again; on
 * the caller's own TCB, it is its own again (RN_TCB_BILL). */
static inline int rn_tcb_bill(rn_cptr_t tcb)
{
	return rn_invoke(tcb, RN_TCB_BILL, 0, 0, 0, 0, 0, 0);
}

static inline int rn_tcb_suspend(rn_cptr_t tcb)
{
	return rn_invoke(tcb, RN_TCB_SUSPEND, 0, 0, 0, 0, 0, 0);
}

#endif
