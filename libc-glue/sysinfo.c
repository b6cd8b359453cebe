/* What a program may ask about the system it runs on: uname, sysconf,
 * getpagesize, gethostname. The answers are constants of Ration's
 * protocol (rn/px.h) or of newlib's headers, checked against each other;
 * the memory figures are the caller's budget, which is all the memory it
 * can ever have. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/syslimits.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <rn/budget.h>
#include <rn/px_call.h>
#include "syscalls.h"

#define PAGE_SIZE PX_PAGE_SIZE
#define HOST_NAME "ration"

_Static_assert(PX_SHARED_SIZE == PAGE_SIZE, "the shared buffer is one page");

int uname(struct utsname *name)
{
	static const struct utsname ration = {
		.sysname = "Ration",
		.nodename = HOST_NAME,
		.release = "0.1", /* the kernel banner's RATION_VERSION */
		.version = "Ration microkernel, POSIX server",
		.machine = "riscv64",
	};

	if (!px_user_buffer(name, sizeof *name)) {
		errno = EFAULT;
		return -1;
	}
	*name = ration;
	return 0;
}

int gethostname(char *name, size_t len)
{
	if (len < sizeof HOST_NAME) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return px_copy_out(name, HOST_NAME, sizeof HOST_NAME);
}

int getpagesize(void)
{
	return PAGE_SIZE;
}

/* The caller's budget in pages: its total, or what is free in it. */
static long budget_pages(int name)
{
	struct px_budget_info b;
	if (rn_budget_info(0, &b) < 0)
		return -1;
	return (long)((name == _SC_PHYS_PAGES ? b.total : b.free) / PAGE_SIZE);
}

/* -1 with errno unchanged means "no fixed limit" (POSIX); -1 with EINVAL,
 * a name this system does not know. */
long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return PAGE_SIZE;
	case _SC_CLK_TCK: /* the unit of times() */
		return CLOCKS_PER_SEC;
	case _SC_OPEN_MAX:
		return PX_OPEN_MAX;
	case _SC_ARG_MAX: /* arguments and environment share the buffer */
		return (long)sizeof((struct px_exec_args *)0)->strings;
	case _SC_CHILD_MAX: /* as many as the budget holds */
		return -1;
	case _SC_LINE_MAX:
		return LINE_MAX;
	case _SC_NGROUPS_MAX:
		return NGROUPS_MAX;
	case _SC_STREAM_MAX:
		return FOPEN_MAX;
	case _SC_JOB_CONTROL:
	case _SC_SAVED_IDS:
		return 1;
	case _SC_VERSION:
	case _SC_MONOTONIC_CLOCK:
		return 200809L;
	case _SC_NPROCESSORS_CONF: /* the kernel runs on one hart */
	case _SC_NPROCESSORS_ONLN:
		return 1;
	case _SC_PHYS_PAGES:
	case _SC_AVPHYS_PAGES:
		return budget_pages(name);
	case _SC_HOST_NAME_MAX:
		return _UTSNAME_LENGTH - 1;
	case _SC_LOGIN_NAME_MAX:
	case _SC_TTY_NAME_MAX:
		return 32;
	case _SC_GETPW_R_SIZE_MAX:
	case _SC_GETGR_R_SIZE_MAX:
		return 1024;
	case _SC_SYMLOOP_MAX: /* no symbolic links: none to follow */
		return 8;
	case _SC_RE_DUP_MAX:
		return RE_DUP_MAX;
	case _SC_EXPR_NEST_MAX:
		return EXPR_NEST_MAX;
	case _SC_BC_BASE_MAX:
		return BC_BASE_MAX;
	case _SC_BC_DIM_MAX:
		return BC_DIM_MAX;
	case _SC_BC_SCALE_MAX:
		return BC_SCALE_MAX;
	case _SC_BC_STRING_MAX:
		return BC_STRING_MAX;
	case _SC_COLL_WEIGHTS_MAX:
		return COLL_WEIGHTS_MAX;
	default:
		errno = EINVAL;
		return -1;
	}
}
