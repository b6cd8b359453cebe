/* The POSIX server protocol ("px"): one place for the call numbers, the
 * argument layout, the error numbers and a process's address-space layout.
 * The server (personality/) and libc-glue both include it.
 *
 * A call is an IPC Call on the server endpoint (slot PX_SLOT_SERVER of the
 * process's CSpace, badged by the server with the caller's pid):
 *   message label 0, length 4, mr0 = PX_* call number, mr1..mr3 arguments.
 * The reply: label 0, mr0 = result (>= 0) or -PX_E* error, then extra
 * results in mr1..mr3 for the calls that have them (the reply's length
 * says how many words are the server's).
 * Bulk data (write/read buffers, paths, argv) goes through the process's
 * shared buffer page at PX_SHARED_VA, never through server reads of other
 * user memory.
 *
 * A call that would block (wait for a child that is still running) is
 * answered with -PX_EWOULDBLOCK_INTERNAL: the library then waits on the
 * process's own notification (slot PX_SLOT_NOTIFY), which the server signals
 * when the state changes, and asks again. The server never blocks on a
 * client and keeps no reply capability for one (docs/personality.md). */
#ifndef RN_PX_H
#define RN_PX_H

/* ---- a process's CSpace: one small CNode, cptr = slot number ---- */
#define PX_SLOT_SERVER 1 /* endpoint to the server, badged with the pid */
#define PX_SLOT_NOTIFY 2 /* the process's own notification */

/* ---- a process's address space ----
 * Everything sits in the lowest GiB so that a small process needs only four
 * page tables (the root, one middle, one leaf for the program and one for
 * the stack). */
#define PX_IPC_BUFFER_VA 0x8000ul /* its IPC buffer (tp points here) */
#define PX_SHARED_VA     0x9000ul /* the shared buffer page */
#define PX_PAGE_SIZE     4096ul /* every page a process has (2 MiB ones are 512 of them) */
#define PX_SHARED_SIZE   PX_PAGE_SIZE
#define PX_TEXT_BASE     0x10000ul    /* programs are linked here (user.ld) */
#define PX_STACK_TOP     0x40000000ul /* grows down through page faults */
#define PX_STACK_MAX     (8ul << 20)  /* a fault further down is SIGSEGV */
#define PX_HEAP_LIMIT    0x3f000000ul /* sbrk never goes past this */

/* A process starts at its ELF entry with sp 16-byte aligned below its
 * arguments, a0 = argc, a1 = argv, a2 = envp (arrays on the stack, NULL
 * terminated), tp = PX_IPC_BUFFER_VA. */

/* ---- call numbers (mr0) ---- */
enum px_call {
	PX_EXIT = 1,      /* mr1 = status (low 8 bits); no reply */
	PX_WRITE = 2,     /* mr1 = fd, mr2 = len (<= PX_SHARED_SIZE), data in the buffer -> n */
	PX_READ = 3,      /* mr1 = fd, mr2 = len (<= PX_SHARED_SIZE) -> n, data in the buffer */
	PX_GETPID = 4,    /* -> pid */
	PX_GETPPID = 5,   /* -> parent's pid */
	PX_SBRK = 6,      /* mr1 = increment (signed) -> the old break */
	PX_FORK = 7,      /* mr1 = the child's budget limit in bytes (0: the default),
	                   * mr2 = its guarantee, mr3 = PX_FORK_* flags
	                   * -> child pid in the parent, 0 in the child */
	PX_EXECVE = 8,    /* buffer: struct px_exec_args -> no reply on success */
	PX_WAIT = 9,      /* mr1 = pid (-1 any, 0 any in the caller's group, -g any in
	                   * group g), mr2 = options (PX_WNOHANG, PX_WUNTRACED,
	                   * PX_WCONTINUED)
	                   * -> pid, mr1 = status (wait(2) encoding), mr2 = the
	                   * child's peak budget use in bytes; 0 if WNOHANG and
	                   * none has ended */
	PX_KILL = 10,     /* mr1 = pid, mr2 = signal */
	PX_FSTAT = 11,    /* mr1 = fd -> struct px_stat in the buffer */
	PX_LSEEK = 12,    /* mr1 = fd, mr2 = offset, mr3 = whence -> new offset */
	PX_CLOSE = 13,    /* mr1 = fd */
	PX_OPEN = 14,     /* buffer: NUL-terminated path; mr1 = flags, mr2 = mode -> fd */
	PX_BUDGET = 15,   /* mr1 = pid (0: the caller) -> struct px_budget_info in the buffer */
	PX_POWEROFF = 16, /* mr1 = status for QEMU's exit code; no reply, or
	                   * -EPERM without the system right */
	PX_PIPE = 17,     /* -> 0, mr1 = read end's fd, mr2 = write end's fd */
	PX_DUP = 18,      /* mr1 = fd, mr2 = lowest new fd -> the new fd */
	PX_DUP2 = 19,     /* mr1 = fd, mr2 = new fd (closed first) -> new fd */
	PX_FCNTL = 20,    /* mr1 = fd, mr2 = PX_F_*, mr3 = argument -> result */
	PX_STAT = 21,     /* buffer: path -> struct px_stat in the buffer */
	PX_READDIR = 22,  /* mr1 = fd of a directory, mr2 = entries wanted (0: 1; at
	                   * most PX_READDIR_MAX) -> how many struct px_dirent are
	                   * in the buffer, 0 after the last entry */
	PX_CHDIR = 23,    /* buffer: path */
	PX_GETCWD = 24,   /* mr1 = offset -> the absolute path's length (no NUL), its
	                   * bytes from offset (with its NUL, as many as fit) in the
	                   * buffer, mr1 = tree version (a longer path comes in
	                   * several calls: the same version says none moved) */
	PX_SIGNAL = 25,   /* mr1 = signal, mr2 = PX_SIG_DFL or PX_SIG_IGN -> the old one
	                   * (PX_SIG_HANDLER if a handler was set: PX_SIGACTION sets those) */
	PX_SETPGID = 26,  /* mr1 = pid (0: caller), mr2 = pgid (0: that pid) */
	PX_GETPGID = 27,  /* mr1 = pid (0: caller) -> its process group */
	PX_SETSID = 28,   /* -> the new session (= the caller's pid) */
	PX_TCGETPGRP = 29, /* -> the console's foreground process group */
	PX_TCSETPGRP = 30, /* mr1 = pgid */
	PX_TCGETATTR = 31, /* -> mr1 = PX_TTY_* mode bits, mr2 = VMIN */
	PX_TCSETATTR = 32, /* mr1 = PX_TTY_* mode bits, mr2 = VMIN */

	/* 33..39: writable files (tmpfs) */
	PX_UNLINK = 33,    /* buffer: path */
	PX_MKDIR = 34,     /* buffer: path; mr1 = mode */
	PX_RMDIR = 35,     /* buffer: path */
	PX_RENAME = 36,    /* buffer: old path at 0, new path at PX_PATH_MAX */
	PX_FTRUNCATE = 37, /* mr1 = fd, mr2 = length */
	PX_CHMOD = 38,     /* buffer: path; mr1 = permission bits */
	PX_UTIMENS = 39,   /* buffer: path; mr1 = modification time, ns since the
	                    * epoch, or PX_UTIME_NOW */

	/* 40..44: signal handlers, masks (docs/personality.md, "Signals") */
	PX_SIGACTION = 40,   /* mr1 = signal, mr2 = 1 to set the action in the buffer (struct
	                      * px_sigaction), 0 to only ask -> 0, the old action in the buffer */
	PX_SIGPROCMASK = 41, /* mr1 = PX_SIG_BLOCK/UNBLOCK/SETMASK, mr2 = set -> the old mask */
	PX_SIGPENDING = 42,  /* -> the set of pending (blocked) signals */
	PX_SIGSUSPEND = 43,  /* mr1 = the mask to wait with -> -PX_EINTR once a handler ran */
	PX_SIGRETURN = 44,   /* mr1 = the struct px_sigframe a handler was started with
	                      * -> no answer: the interrupted code resumes */

	/* 45..47: time (times are on the `time` counter, rn/timebase.h) */
	PX_SLEEP_UNTIL = 45, /* mr1 = deadline -> 0 once the counter has reached it
	                      * ("ask again" until then) */
	PX_REALTIME = 46,    /* -> 0, mr1 = nanoseconds since the epoch when the
	                      * counter read 0 (from the RTC at boot) */
	PX_ALARM = 47,       /* the real-time interval timer (SIGALRM): mr1 = set (0:
	                      * only read), mr2 = ticks to the first expiry (0:
	                      * disarm), mr3 = ticks between later ones (0: once)
	                      * -> 0, mr1 = ticks the old setting had left (0:
	                      * disarmed), mr2 = its interval */

	/* 48..: budgets */
	PX_BUDGET_GROW = 48,   /* mr1 = pid of a budget child, mr2 = bytes (whole pages)
	                        * -> 0: its limit is that much higher */
	PX_BUDGET_SHRINK = 49, /* mr1 = pid of a budget child, mr2 = bytes at most
	                        * -> bytes its limit went down, mr1 = the most it could */
	PX_BUDGET_TREE = 50,   /* mr1 = root pid (0: every budget), mr2 = records to skip
	                        * -> n, struct px_budget_rec[n] in the buffer, in pid
	                        * order, all from one moment; mr1 = how many the
	                        * subtree has (more than fit: ask again, skipping),
	                        * mr2 = RAM free at boot, mr3 = the server's part */

	/* 51..: signals again */
	PX_SIGALTSTACK = 51, /* mr1 = 1 to set (0: only read), mr2 = base, mr3 = size
	                      * (0: none) -> 0, mr1 = the old base, mr2 = the old
	                      * size, mr3 = PX_SS_* flags of the old one */

	PX_BUDGET_GUARANTEE = 52, /* mr1 = pid of a budget child, mr2 = bytes (whole
	                           * pages, at most its limit) -> 0: set aside now */

	/* Memory mappings (personality/mmap.c). */
	PX_MMAP = 60,     /* buffer: struct px_mmap_args -> the mapping's address */
	PX_MUNMAP = 61,   /* mr1 = address (page-aligned), mr2 = length */
	PX_MPROTECT = 62, /* mr1 = address (page-aligned), mr2 = length, mr3 = PX_PROT_* */
	/* mr1 = how many struct px_pollfd are in the buffer (at most
	 * PX_POLL_MAX), mr2 = the deadline on the time counter (0: do not
	 * wait; ~0: no deadline) -> how many have revents, written back */
	PX_POLL = 63,
	PX_TIMES = 64, /* -> the sampling period in microseconds, struct px_times in the buffer */
	/* Links (a symbolic link in the last name is not followed, but in
	 * every name before it is). */
	PX_LINK = 65,     /* buffer: existing path at 0, new name at PX_PATH_MAX */
	PX_SYMLINK = 66,  /* buffer: the target at 0, the link's path at PX_PATH_MAX */
	PX_READLINK = 67, /* buffer: path -> the target's length, the target (no NUL) */
	PX_LSTAT = 68,    /* buffer: path -> struct px_stat of the link itself */
	PX_REALPATH = 69, /* buffer: path -> its length, the absolute path with every
	                   * link followed, "." and ".." gone (as getcwd's) */

	PX_CALL_COUNT
};

/* PX_MMAP: what mmap(2) was asked. Mappings live from PX_MMAP_BASE (above
 * the stack) to PX_MMAP_END (the top of Sv39's user half). */
struct px_mmap_args {
	unsigned long addr, len;
	unsigned int prot, flags;
	int fd;
	unsigned int pad;
	unsigned long offset;
};
#define PX_MMAP_BASE 0x40000000ul
#define PX_MMAP_END  0x4000000000ul
/* Values as Linux has them (libc-glue's <sys/mman.h> names them). */
#define PX_PROT_NONE  0
#define PX_PROT_READ  1
#define PX_PROT_WRITE 2
#define PX_PROT_EXEC  4
#define PX_MAP_SHARED    0x01
#define PX_MAP_PRIVATE   0x02
#define PX_MAP_FIXED     0x10
#define PX_MAP_ANONYMOUS 0x20

/* PX_TIMES: processor time in microseconds, sampled at the kernel's
 * timer tick: what the process ran, what the server ran answering its
 * calls, and the same summed over the children it has waited for (and
 * theirs). */
struct px_times {
	unsigned long user_us, system_us;
	unsigned long children_user_us, children_system_us;
};

/* PX_POLL: one descriptor asked about (events) and what it is (revents).
 * Values as Linux has them (libc-glue's <poll.h>). */
struct px_pollfd {
	int fd;
	short events, revents;
};
#define PX_POLL_MAX  512 /* what fits the shared buffer */
#define PX_POLLIN    0x001
#define PX_POLLPRI   0x002
#define PX_POLLOUT   0x004
#define PX_POLLERR   0x008
#define PX_POLLHUP   0x010
#define PX_POLLNVAL  0x020

/* PX_FORK flags. */
#define PX_FORK_SESSION 1 /* the console session: all the caller can spare
                           * (but what init keeps), its guarantee, and a
                           * default limit and guarantee for each job it starts */
#define PX_FORK_AGENT 2   /* the child may change the budgets of the caller's
                           * other budget children (quota -g, -r) */
/* The child holds the system right (power-off, signals to any process):
 * only a holder may ask (EPERM otherwise); no fork without it passes the
 * right on. */
#define PX_FORK_SYSTEM 4

#define PX_WNOHANG   1
#define PX_WUNTRACED 2 /* also report children that have stopped */
#define PX_WCONTINUED 8 /* and those continued since */

/* PX_UTIMENS's "the time now". */
#define PX_UTIME_NOW (~0ul)

/* PX_ALARM's longest time, in ticks (about 14 years at 10 MHz): a limit
 * that keeps deadlines from overflowing. */
#define PX_ALARM_MAX (1ull << 52)

/* Signal dispositions (PX_SIGNAL, and px_sigaction.handler). */
#define PX_SIG_DFL     0
#define PX_SIG_IGN     1
#define PX_SIG_HANDLER 2 /* PX_SIGNAL's answer only: a function */

/* PX_SIGPROCMASK's `how` (newlib's values). */
#define PX_SIG_SETMASK 0
#define PX_SIG_BLOCK   1
#define PX_SIG_UNBLOCK 2

/* px_sigaction.flags: libc-glue's <signal.h> gives them their SA_ names.
 * Only these are taken; anything else is -PX_EINVAL. */
#define PX_SA_NOCLDSTOP 0x1  /* newlib's: no SIGCHLD when a child stops or continues */
#define PX_SA_RESTART   0x10 /* a wait the handler interrupts goes on */
#define PX_SA_NODEFER   0x20 /* the signal is not blocked during its handler */
#define PX_SA_RESETHAND 0x40 /* the action becomes SIG_DFL when delivered */
#define PX_SA_ONSTACK   0x80 /* the handler runs on the alternate stack, if set */

/* PX_SIGALTSTACK: an alternate stack must hold at least this much (the
 * frame, and libc-glue's entry's copy of the shared buffer). */
#define PX_MINSIGSTKSZ 8192
#define PX_SS_ONSTACK  1 /* newlib's SS_ONSTACK: running on it now */
#define PX_SS_DISABLE  2 /* newlib's SS_DISABLE: none is set */

/* PX_SIGACTION's buffer, both ways. A handler is started at `entry`
 * (libc-glue's, the same for every handler of a process) with sp = a
 * struct px_sigframe, a0 = the signal, a1 = the frame, a2 = handler;
 * sigreturn (PX_SIGRETURN) gives the frame back. */
struct px_sigaction {
	unsigned long handler; /* PX_SIG_DFL, PX_SIG_IGN or a function */
	unsigned long entry;   /* where handlers start (ignored for DFL and IGN) */
	unsigned long mask;    /* also blocked while the handler runs */
	unsigned long flags;   /* PX_SA_* */
};

/* What the server saves on the user stack, below the interrupted sp, when
 * it starts a handler: the thread's registers as TCB ReadRegisters gives
 * them (all RN_TCB_REGISTERS, indexed RN_REG_PC, RN_REG_SP, ...:
 * <ration/registers.h>) and the mask to restore. */
struct px_sigframe {
	unsigned long regs[32];
	unsigned int mask;  /* the signal mask to restore */
	unsigned int sig;   /* the signal being handled */
	unsigned int flags; /* its action's PX_SA_* flags */
	unsigned int pad;
};

/* The console's modes (PX_TCGETATTR / PX_TCSETATTR): libc-glue maps them
 * to termios flags. */
#define PX_TTY_CANON  0x1 /* line editing; reads return whole lines */
#define PX_TTY_ECHO   0x2
#define PX_TTY_SIGNAL 0x4 /* ^C, ^\ send SIGINT, SIGQUIT to the foreground group */
#define PX_TTY_CRNL   0x8 /* input: a CR becomes a NL */
#define PX_TTY_OPOST  0x10 /* output: a NL goes out as CR NL */
#define PX_TTY_TOSTOP 0x20 /* a background group's write stops it (SIGTTOU) */

/* Descriptors: a table of PX_OPEN_MAX per process. A pipe holds
 * PX_PIPE_SIZE bytes; writes of at most PX_PIPE_BUF bytes are atomic. */
#define PX_OPEN_MAX  64
#define PX_PIPE_SIZE 4000
#define PX_PIPE_BUF  512

/* PX_FCNTL commands and flags (newlib's values). */
#define PX_F_DUPFD    0
#define PX_F_GETFD    1
#define PX_F_SETFD    2
#define PX_F_GETFL    3
#define PX_F_SETFL    4
#define PX_FD_CLOEXEC 1
#define PX_O_RDONLY   0
#define PX_O_WRONLY   1
#define PX_O_RDWR     2
#define PX_O_ACCMODE  3
#define PX_O_APPEND   0x0008
#define PX_O_CREAT    0x0200
#define PX_O_TRUNC    0x0400
#define PX_O_EXCL     0x0800
#define PX_O_NONBLOCK 0x4000
#define PX_O_CLOEXEC  0x40000
#define PX_O_NOFOLLOW 0x100000 /* a symbolic link as the last name: ELOOP */

/* File types PX_FSTAT reports (the S_IFMT values of newlib and POSIX). */
#define PX_S_IFCHR 0020000
#define PX_S_IFREG 0100000
#define PX_S_IFDIR 0040000
#define PX_S_IFIFO 0010000
#define PX_S_IFLNK 0120000

/* A path given to a call, with its NUL: newlib's PATH_MAX (sys/syslimits.h).
 * Two fit in the shared buffer (rename, link, symlink). A working
 * directory may lie deeper: it is a node, and getcwd's answer may be
 * longer (PX_GETCWD). */
#define PX_PATH_MAX 1024
#define PX_SYMLOOP_MAX 40 /* links followed in one lookup (Linux's); then ELOOP */
#define PX_LINK_MAX    65536 /* names of one file: its own and 65535 more; then EMLINK */
#define PX_NAME_MAX 255

/* PX_STAT and PX_FSTAT's answer. */
struct px_stat {
	unsigned long ino;
	unsigned long size;
	unsigned int mode; /* PX_S_IF* | permission bits */
	unsigned int nlink;
	unsigned long mtime; /* last change of its data, ns since the epoch */
};

/* PX_READDIR's answer. */
struct px_dirent {
	unsigned long ino;
	unsigned int type; /* PX_S_IF* */
	char name[PX_NAME_MAX + 1];
};
#define PX_READDIR_MAX (PX_SHARED_SIZE / sizeof(struct px_dirent))

/* PX_EXECVE's buffer: the path, then argc argument strings, then envc
 * environment strings, each NUL-terminated, packed from strings[0]. */
struct px_exec_args {
	unsigned int argc;
	unsigned int envc;
	unsigned int len; /* bytes used in strings[] */
	unsigned int pad;
	char strings[PX_SHARED_SIZE - 16];
};

#define PX_OBJ_TYPES 10 /* = RN_OBJ_TYPE_COUNT */

/* PX_BUDGET's answer: the server's exact accounting of a budget, in bytes
 * of retyped untyped memory. total = used_kernel + used_frames +
 * used_records + lent + free, always. */
struct px_budget_info {
	unsigned long pid;
	unsigned long limit;        /* the most its subtree may hold */
	unsigned long guarantee;    /* set aside for it: it holds at least this */
	unsigned long total;        /* everything this budget holds */
	unsigned long used_kernel;  /* TCB, CNode, page tables, notification */
	unsigned long used_frames;  /* text, data, heap, stack, IPC and shared buffers */
	unsigned long used_records; /* the server's own records for this process */
	unsigned long lent;         /* moved to children's budgets */
	unsigned long free;
	unsigned long peak;    /* highest total - free seen */
	unsigned long refused; /* allocations refused for lack of memory */
	unsigned long files;   /* of used: file-system pages it pays for (tmpfs) */
	unsigned long ppid;    /* its POSIX parent */
	unsigned long budget_parent; /* whose budget lent it its own (0: none) */
	unsigned long state;         /* PX_STATE_* */
	/* Processor time, user and system, in microseconds: its own (until
	 * it is waited for) and that of its children it waited for. */
	unsigned long cpu_us;
	/* Kernel objects made from this budget, by type (RN_OBJ_*: untyped,
	 * TCB, endpoint, notification, reply, CNode, 4K frame, 2M frame, page
	 * table). Untyped counts the budget's blocks. */
	unsigned long objects[PX_OBJ_TYPES];
	char name[32];
};

/* PX_BUDGET_TREE's records: a budget in brief. */
struct px_budget_rec {
	unsigned int pid;
	unsigned int budget_parent;
	unsigned int ppid;
	unsigned int state; /* PX_STATE_* */
	unsigned long limit, guarantee;
	unsigned long total, lent, free, peak, refused;
	unsigned long used_kernel, used_frames, used_records; /* used, by kind */
	unsigned int threads; /* TCBs made from it (1 for a live process) */
	unsigned int cpu_ms;  /* as px_budget_info's cpu_us, in milliseconds */
	char name[16];
};
_Static_assert(sizeof(struct px_budget_rec) == 120, "34 records to a page");

#define PX_STATE_RUNNING 1
#define PX_STATE_ZOMBIE  2 /* ended, not yet waited for */
#define PX_STATE_HUSK    3 /* waited for; descendants still use its budget */
#define PX_STATE_STOPPED 4 /* running, but stopped by a signal until SIGCONT */

/* Error numbers: newlib's <sys/errno.h> values (libc-glue checks that they
 * agree). Negated in mr0. */
#define PX_EPERM        1
#define PX_ENOENT       2
#define PX_ESRCH        3
#define PX_EINTR        4
#define PX_EIO          5
#define PX_E2BIG        7
#define PX_ENOEXEC      8
#define PX_EBADF        9
#define PX_ECHILD       10
#define PX_EAGAIN       11
#define PX_ENOMEM       12
#define PX_EACCES       13
#define PX_EBUSY        16
#define PX_EEXIST       17
#define PX_EXDEV        18
#define PX_EFAULT       14
#define PX_ENODEV       19
#define PX_ENOTDIR      20
#define PX_EISDIR       21
#define PX_EINVAL       22
#define PX_EMFILE       24
#define PX_EMLINK       31
#define PX_ENOTTY       25
#define PX_EFBIG        27
#define PX_ENOSPC       28
#define PX_ESPIPE       29
#define PX_EPIPE        32
#define PX_EROFS        30
#define PX_ENOSYS       88
#define PX_ENOTEMPTY    90
#define PX_ENAMETOOLONG 91
#define PX_ELOOP        92
#define PX_ENOTSUP      134
/* Not an errno: "ask again after your notification fires" (see above). */
#define PX_EWOULDBLOCK_INTERNAL 1000

/* Signals (newlib's numbers) the server names. */
#define PX_SIGHUP  1
#define PX_SIGINT  2
#define PX_SIGQUIT 3
#define PX_SIGILL  4
#define PX_SIGKILL 9
#define PX_SIGBUS  10
#define PX_SIGSEGV 11
#define PX_SIGPIPE 13
#define PX_SIGALRM 14
#define PX_SIGTERM 15
#define PX_SIGURG  16
#define PX_SIGSTOP 17
#define PX_SIGTSTP 18
#define PX_SIGCONT 19
#define PX_SIGCHLD 20
#define PX_SIGTTIN 21
#define PX_SIGTTOU 22
#define PX_SIGWINCH 28
#define PX_NSIG    32

/* wait(2) status encoding, as newlib's <sys/wait.h> decodes it. */
#define PX_W_EXITED(code)  (((code)&0xff) << 8)
#define PX_W_SIGNALED(sig) ((sig)&0x7f)
#define PX_W_STOPPED(sig)  ((((sig)&0xff) << 8) | 0x7f)
#define PX_W_CONTINUED     0xffff

#endif
