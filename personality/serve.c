/* The server's loop: one request at a time, never blocking on a client
 * (rn/px.h has the protocol). A request that would wait is answered with
 * PX_EWOULDBLOCK_INTERNAL and the process's notification is signalled when
 * it may ask again, so no reply capability is ever held for a client. */
#include "personality/serve.h"

#include "personality/console.h"
#include "personality/exec.h"
#include "personality/fd.h"
#include "personality/process.h"
#include "personality/procfs.h"
#include "personality/signal.h"
#include "personality/timer.h"
#include "personality/tty.h"
#include "personality/vfs.h"
#include "personality/vm.h"

#include <ration/faults.h>
#include <ration/rights.h>
#include <rn/debug.h>
#include <rn/ipc.h>
#include <rn/px.h>
#include <rn/tcb.h>

#include "kernel/string.h"

#define PAGE 4096ul

/* An answer: mr[0] the result, then `len - 1` more words. Only those
 * travel (the kernel copies the message's length), so most answers are
 * one word. */
struct answer {
	uint64_t mr[4];
	unsigned len;
};

static char *shared_buffer(struct proc *p)
{
	return (char *)window_va(p->pid, WINDOW_SHARED_PAGE);
}

static long do_budget(struct proc *p, uint64_t pid)
{
	struct proc *t = pid ? proc_get(pid) : p;
	if (!t)
		return -PX_ESRCH;
	proc_budget_info(t, (struct px_budget_info *)shared_buffer(p));
	return 0;
}

/* The exec request, copied out of the shared buffer before it is read so
 * that what is checked is what is used. */
static struct px_exec_args exec_args;
static struct exec_plan exec_plan;

/* Returns an error, or 0 when p now runs the new program (no answer). */
static long do_execve(struct proc *p)
{
	memcpy(&exec_args, shared_buffer(p), sizeof(exec_args));
	struct px_exec_args *a = &exec_args;
	if (a->len > sizeof(a->strings) || a->argc > PAGE || a->envc > PAGE)
		return -PX_EINVAL;
	size_t path_len = 0;
	while (path_len < a->len && a->strings[path_len])
		path_len++;
	if (path_len == a->len || path_len == 0)
		return -PX_EINVAL;
	const char *args = a->strings + path_len + 1;
	/* The file as the file system sees it: an initrd program, or a tmpfs
	 * file (new, or a copy-up that replaced the initrd's) (vfs.h). */
	static char path[PX_PATH_MAX];
	uint64_t ino;
	int err = vfs_exec_path(p, a->strings, path, &ino);
	if (!err)
		err = exec_prepare(&exec_plan, path, ino, args, a->len - path_len - 1, a->argc,
		                   a->envc);
	if (err)
		return err;

	/* The point of no return: the old image goes. */
	rn_tcb_suspend(CAP(p->pid, p->tcb));
	vm_free_user(p);
	if (exec_commit(p, &exec_plan)) {
		process_exit(p, PX_W_SIGNALED(PX_SIGKILL)); /* as Linux does */
		return 0;
	}
	fd_exec(p);
	signal_exec(p);
	rn_tcb_resume(CAP(p->pid, p->tcb));
	return 0;
}

/* Handles a call from p. Returns whether to answer it. */
static bool handle_call(struct proc *p, const uint64_t mr[4], struct answer *ans)
{
	long r;
	switch (mr[0]) {
	case PX_EXIT:
		process_exit(p, PX_W_EXITED(mr[1]));
		return false;
	case PX_WRITE: {
		bool killed;
		r = fd_write(p, mr[1], shared_buffer(p), mr[2], &killed);
		if (killed)
			return false; /* SIGPIPE */
		break;
	}
	case PX_READ:
		r = fd_read(p, mr[1], shared_buffer(p), mr[2]);
		break;
	case PX_GETPID:
		r = p->pid;
		break;
	case PX_GETPPID:
		r = p->ppid;
		break;
	case PX_SBRK:
		r = process_sbrk(p, (long)mr[1]);
		break;
	case PX_FORK:
		r = process_fork(p, mr[1]);
		break;
	case PX_EXECVE:
		r = do_execve(p);
		if (r == 0)
			return false;
		break;
	case PX_WAIT: {
		uint32_t status = 0;
		uint64_t peak = 0;
		r = process_wait(p, (long)mr[1], (unsigned)mr[2], &status, &peak);
		ans->mr[1] = status;
		ans->mr[2] = peak;
		ans->len = 3;
		break;
	}
	case PX_KILL:
		r = signal_kill(p, (long)mr[1], (long)mr[2]);
		if (p->state != PROC_RUNNING)
			return false; /* it ended itself */
		break;
	case PX_SIGNAL:
		r = signal_disposition(p, mr[1], mr[2]);
		break;
	case PX_SIGACTION:
		r = signal_action(p, mr[1], mr[2], (struct px_sigaction *)shared_buffer(p));
		break;
	case PX_SIGPROCMASK:
		r = signal_procmask(p, mr[1], mr[2]);
		break;
	case PX_SIGPENDING:
		r = p->sig_pending;
		break;
	case PX_SIGSUSPEND:
		r = signal_suspend(p, mr[1]);
		break;
	case PX_SIGRETURN:
		r = signal_return(p, mr[1]);
		if (r == 0)
			return false; /* it resumed where the handler interrupted it */
		break;
	case PX_SETPGID:
		r = signal_setpgid(p, mr[1], mr[2]);
		break;
	case PX_GETPGID:
		r = signal_getpgid(p, mr[1]);
		break;
	case PX_SETSID:
		r = signal_setsid(p);
		break;
	case PX_TCGETPGRP:
		r = signal_foreground;
		break;
	case PX_TCSETPGRP:
		r = signal_tcsetpgrp(p, mr[1]);
		break;
	case PX_TCGETATTR:
		tty_getattr(&ans->mr[1], &ans->mr[2]);
		ans->len = 3;
		r = 0;
		break;
	case PX_TCSETATTR:
		r = tty_setattr(mr[1], mr[2]);
		break;
	case PX_FSTAT:
		r = fd_fstat(p, mr[1], shared_buffer(p));
		break;
	case PX_LSEEK:
		r = fd_lseek(p, mr[1], (int64_t)mr[2], mr[3]);
		break;
	case PX_CLOSE:
		r = fd_close(p, mr[1]);
		break;
	case PX_PIPE:
		r = fd_pipe(p, &ans->mr[1]);
		ans->len = 3;
		break;
	case PX_DUP:
		r = fd_dup(p, mr[1], mr[2]);
		break;
	case PX_DUP2:
		r = fd_dup2(p, mr[1], mr[2]);
		break;
	case PX_FCNTL:
		r = fd_fcntl(p, mr[1], mr[2], mr[3]);
		break;
	case PX_OPEN:
		r = fd_open(p, shared_buffer(p), mr[1], mr[2]);
		break;
	case PX_STAT:
		r = vfs_stat(p, shared_buffer(p));
		break;
	case PX_READDIR:
		r = fd_readdir(p, mr[1], shared_buffer(p));
		break;
	case PX_CHDIR:
		r = vfs_chdir(p, shared_buffer(p));
		break;
	case PX_GETCWD:
		r = vfs_getcwd(p, shared_buffer(p));
		break;
	case PX_UNLINK:
		r = vfs_unlink(p, shared_buffer(p));
		break;
	case PX_MKDIR:
		r = vfs_mkdir(p, shared_buffer(p), mr[1]);
		break;
	case PX_RMDIR:
		r = vfs_rmdir(p, shared_buffer(p));
		break;
	case PX_RENAME:
		r = vfs_rename(p, shared_buffer(p));
		break;
	case PX_FTRUNCATE:
		r = fd_ftruncate(p, mr[1], mr[2]);
		break;
	case PX_CHMOD:
		r = vfs_chmod(p, shared_buffer(p), mr[1]);
		break;
	case PX_UTIMENS:
		r = vfs_utimens(p, shared_buffer(p), mr[1]);
		break;
	case PX_BUDGET:
		r = do_budget(p, mr[1]);
		break;
	case PX_BUDGET_GROW:
		r = process_budget_grow(p, mr[1], mr[2]);
		break;
	case PX_BUDGET_TREE:
		if (mr[1] && !proc_get(mr[1])) {
			r = -PX_ESRCH;
			break;
		}
		r = proc_budget_tree((uint32_t)mr[1], mr[2], (struct px_budget_rec *)shared_buffer(p),
		                     PX_SHARED_SIZE / sizeof(struct px_budget_rec), &ans->mr[1]);
		ans->mr[2] = procfs_ram;
		ans->mr[3] = procfs_server;
		ans->len = 4;
		break;
	case PX_BUDGET_SHRINK:
		r = process_budget_shrink(p, mr[1], mr[2], &ans->mr[1]);
		ans->len = 2;
		break;
	case PX_SLEEP_UNTIL:
		r = timer_sleep_until(p, mr[1]);
		break;
	case PX_SIGALTSTACK:
		r = signal_altstack(p, mr[1], mr[2], mr[3], &ans->mr[1]);
		ans->len = 4;
		break;
	case PX_ALARM:
		r = timer_alarm(p, mr[1] != 0, mr[2], mr[3], &ans->mr[1], &ans->mr[2]);
		ans->len = 3;
		break;
	case PX_REALTIME:
		ans->mr[1] = timer_realtime_base();
		ans->len = 2;
		r = 0;
		break;
	case PX_POWEROFF:
		rn_debug_poweroff((int)(mr[1] & 0xff));
	default:
		r = -PX_ENOSYS;
		break;
	}
	ans->mr[0] = (uint64_t)r;
	return true;
}

static const char *signal_name(int sig)
{
	return sig == PX_SIGSEGV ? "SIGSEGV" : sig == 4 ? "SIGILL" : "SIGBUS";
}

/* A fault of p's thread: grow its stack, or end it with a signal. */
static bool handle_fault(struct proc *p, uint64_t label, const uint64_t mr[4])
{
	if (label == RN_FAULT_VM && vm_grow_stack(p, mr[1]))
		return true; /* answered with label 0: it runs again */
	int sig = label == RN_FAULT_USER_EXCEPTION && mr[1] == 2 ? 4 /* SIGILL */ : PX_SIGSEGV;
	/* A handler runs if there is one and the signal is not blocked (a
	 * fault inside the handler itself ends the process, as on Linux); the
	 * frame resumes at the faulting instruction. Ignoring a fault cannot
	 * work: the instruction would fault for ever. */
	if (p->sig_action[sig].handler > PX_SIG_IGN && !(p->sig_mask & (1u << sig))) {
		signal_caller = 0; /* a fault is no call: start it now */
		signal_send(p, sig);
		return false;
	}
	rn_printf("pxserver: pid %u (%s): %s at pc %#lx, address %#lx\n", p->pid, p->name,
	          signal_name(sig), (unsigned long)mr[0],
	          (unsigned long)(label == RN_FAULT_VM ? mr[1] : mr[2]));
	process_exit(p, PX_W_SIGNALED(sig));
	return false;
}

_Noreturn void serve(void)
{
	cptr_t ep = ROOT(SLOT_ENDPOINT), reply = ROOT(SLOT_REPLY);
	struct rn_msg m = rn_recv(ep, reply);
	for (;;) {
		struct answer ans = { .len = 1 };
		bool answer = false;
		uint64_t pid = m.badge & ~FAULT_BADGE;
		struct proc *p = proc_get(pid);
		uint64_t info = 0;
		if (m.badge & (CONSOLE_BADGE | TIMER_BADGE)) {
			/* The server's notification: both bits may be set. */
			if (m.badge & CONSOLE_BADGE)
				tty_input();
			if (m.badge & TIMER_BADGE)
				timer_expired();
		} else if (!p || p->state != PROC_RUNNING) {
			/* A process ended since it called: nothing to answer. */
		} else if (m.badge & FAULT_BADGE) {
			answer = handle_fault(p, RN_MSGINFO_LABEL(m.info), m.mr);
		} else {
			/* Words past the message's length are not the caller's. */
			unsigned len = RN_MSGINFO_LENGTH(m.info);
			for (unsigned i = len; i < 4; i++)
				m.mr[i] = 0;
			if (RN_MSGINFO_LABEL(m.info) != 0 || len == 0) {
				ans.mr[0] = (uint64_t)-PX_EINVAL;
				answer = true;
			} else {
				signal_caller = p;
				answer = handle_call(p, m.mr, &ans) && p->state == PROC_RUNNING;
				/* A signal for the caller: its handler runs first,
				 * and the call returns when it is done. */
				if (answer && signal_answer(p, ans.mr, ans.len))
					answer = false;
				signal_caller = 0;
			}
			info = RN_MSGINFO(0, 0, 0, ans.len);
		}
		if (answer)
			m = rn_reply_recv(ep, info, ans.mr, reply);
		else
			m = rn_recv(ep, reply);
	}
}
