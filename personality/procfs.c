/* /proc (procfs.h). */
#include "personality/procfs.h"

#include "personality/quota.h"

#include "personality/vfs.h"

#include "kernel/printf.h"
#include "kernel/string.h"

uint64_t procfs_ram, procfs_server;

/* 0 if a and b are the same string. */
static int strcmp_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a != *b;
}

enum { F_DIR = 0, F_STATUS = 1, F_BUDGET = 2 };
#define INO_PROC    (PROCFS_INO_BASE)     /* /proc itself */
#define INO_MEMINFO (PROCFS_INO_BASE + 3) /* pid 0's "file 3" */

static uint64_t ino_of(uint64_t pid, unsigned file)
{
	return PROCFS_INO_BASE + (pid << 2) + file;
}

int procfs_dir_path(uint64_t ino, char *out, uint64_t size)
{
	if (ino == INO_PROC)
		return ksnprintf(out, size, "proc") < (int)size ? 0 : -PX_ENOENT;
	if (!procfs_is_node(ino) || (ino - PROCFS_INO_BASE) % 4 != F_DIR)
		return -PX_ENOENT;
	unsigned long pid = (unsigned long)((ino - PROCFS_INO_BASE) >> 2);
	return ksnprintf(out, size, "proc/%lu", pid) < (int)size ? 0 : -PX_ENOENT;
}

/* Processes /proc shows: running ones and zombies, not husks. */
static struct proc *visible(uint64_t pid)
{
	struct proc *p = proc_get(pid);
	return p && (p->state == PROC_RUNNING || p->state == PROC_ZOMBIE) ? p : 0;
}

/* A decimal pid at s ending at end or '/', or 0. */
static uint64_t parse_pid(const char *s, const char **end)
{
	uint64_t pid = 0;
	const char *c = s;
	while (*c >= '0' && *c <= '9' && pid < MAX_PROCS)
		pid = pid * 10 + (uint64_t)(*c++ - '0');
	*end = c;
	return c == s || (*c && *c != '/') ? 0 : pid;
}

int procfs_lookup(const char *path, uint32_t *kind, uint64_t *ino, uint32_t *mode)
{
	if (memcmp(path, "proc", 4) != 0 || (path[4] && path[4] != '/'))
		return 1; /* not ours */
	const char *s = path[4] ? path + 5 : path + 4;
	*mode = PX_S_IFREG | 0444;
	*kind = VN_FILE;
	if (!*s) {
		*kind = VN_DIR;
		*mode = PX_S_IFDIR | 0555;
		*ino = INO_PROC;
		return 0;
	}
	if (!strcmp_eq(s, "meminfo")) {
		*ino = INO_MEMINFO;
		return 0;
	}
	const char *end;
	uint64_t pid = parse_pid(s, &end);
	if (!pid || !visible(pid))
		return -PX_ENOENT;
	if (!*end) {
		*kind = VN_DIR;
		*mode = PX_S_IFDIR | 0555;
		*ino = ino_of(pid, F_DIR);
		return 0;
	}
	if (!strcmp_eq(end + 1, "status")) {
		*ino = ino_of(pid, F_STATUS);
		return 0;
	}
	if (!strcmp_eq(end + 1, "budget")) {
		*ino = ino_of(pid, F_BUDGET);
		return 0;
	}
	return -PX_ENOENT;
}

static int name_of(char name[PX_NAME_MAX + 1], const char *s)
{
	size_t n = strlen(s);
	memcpy(name, s, n + 1);
	return 1;
}

int procfs_dir_entry(uint64_t dir_ino, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *kind)
{
	if (dir_ino == INO_PROC) {
		if (n == 0) {
			*kind = VN_FILE;
			return name_of(name, "meminfo");
		}
		n--;
		for (struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
			if (visible(p->pid) && n-- == 0) {
				*kind = VN_DIR;
				ksnprintf(name, PX_NAME_MAX + 1, "%lu", (unsigned long)p->pid);
				return 1;
			}
		}
		return 0;
	}
	*kind = VN_FILE;
	if (n == 0)
		return name_of(name, "status");
	if (n == 1)
		return name_of(name, "budget");
	return 0;
}

static const char *state_name(const struct proc *p)
{
	if (p->state == PROC_RUNNING)
		return p->stop_sig ? "T (stopped)" : "R (running)";
	return p->state == PROC_ZOMBIE ? "Z (zombie)" : "X (reaped)";
}

/* Sums of every budget (each process's own bytes: what it did not lend). */
static void sums(uint64_t *used, uint64_t *free, unsigned *procs)
{
	*used = *free = 0;
	*procs = 0;
	for (struct proc *p = proc_next(0); p; p = proc_next(p->pid)) {
		const struct budget *b = &p->budget;
		*used += b->used[BUDGET_KERNEL] + b->used[BUDGET_FRAMES] + b->used[BUDGET_RECORDS];
		*free += b->free;
		(*procs)++;
	}
}

/* /proc/<pid>/budget: every figure of PX_BUDGET, "key value" lines. */
static long render_budget(const struct proc *p, char *buf, uint64_t size)
{
	static const char *const objects[PX_OBJ_TYPES] = {
		"untyped", "tcb", "endpoint", "notification", "reply",
		"cnode", "frame", "frame_2m", "page_table", "sched_group",
	};
	static struct px_budget_info i;
	quota_info(p, &i);
	long n = ksnprintf(buf, size,
	                   "pid %lu\nbudget_parent %lu\nlimit %lu\nguarantee %lu\ntotal %lu\n"
	                   "kernel %lu\nframes %lu\nrecords %lu\nfiles %lu\nlent %lu\nfree %lu\n"
	                   "peak %lu\nrefused %lu\ncpu_us %lu\n",
	                   i.pid, i.budget_parent, i.limit, i.guarantee, i.total, i.used_kernel,
	                   i.used_frames, i.used_records, i.files, i.lent, i.free, i.peak,
	                   i.refused, i.cpu_us);
	for (unsigned t = 0; t < PX_OBJ_TYPES && n >= 0 && (uint64_t)n < size; t++)
		n += ksnprintf(buf + n, size - (uint64_t)n, "objects.%s %lu\n", objects[t],
		               i.objects[t]);
	return n;
}

long procfs_render(uint64_t ino, char *buf, uint64_t size)
{
	if (ino == INO_MEMINFO) {
		uint64_t used, free;
		unsigned procs;
		sums(&used, &free, &procs);
		return ksnprintf(buf, size,
		                 "MemTotal: %lu kB\nServer: %lu kB\nBudgets: %lu kB\n"
		                 "BudgetsUsed: %lu kB\nBudgetsFree: %lu kB\nProcesses: %u\n",
		                 (unsigned long)(procfs_ram >> 10),
		                 (unsigned long)(procfs_server >> 10),
		                 (unsigned long)((procfs_ram - procfs_server) >> 10),
		                 (unsigned long)(used >> 10), (unsigned long)(free >> 10), procs);
	}
	uint64_t pid = (ino - PROCFS_INO_BASE) >> 2;
	struct proc *p = visible(pid);
	if (!p)
		return -PX_ENOENT;
	const struct budget *b = &p->budget;
	uint64_t used = b->used[BUDGET_KERNEL] + b->used[BUDGET_FRAMES] + b->used[BUDGET_RECORDS];
	if (((ino - PROCFS_INO_BASE) & 3) == F_STATUS) {
		unsigned long cpu[2];
		quota_cpu(p, cpu);
		return ksnprintf(buf, size,
		                 "Name: %s\nState: %s\nPid: %u\nPPid: %u\nPgid: %u\nSid: %u\n"
		                 "BudgetLimit: %lu kB\nBudgetGuarantee: %lu kB\n"
		                 "BudgetTotal: %lu kB\nBudgetUsed: %lu kB\nBudgetLent: %lu kB\n"
		                 "BudgetFree: %lu kB\nCpuUser: %lu ms\nCpuSystem: %lu ms\n",
		                 p->name, state_name(p), p->pid, p->ppid, p->pgid, p->sid,
		                 (unsigned long)(p->limit >> 10), (unsigned long)(p->guarantee >> 10),
		                 (unsigned long)(b->total >> 10), (unsigned long)(used >> 10),
		                 (unsigned long)(b->lent >> 10), (unsigned long)(b->free >> 10),
		                 cpu[0] / 1000, cpu[1] / 1000);
	}
	return render_budget(p, buf, size);
}
