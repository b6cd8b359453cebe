/* Requests the library would never send, straight through px_call: each
 * must be refused with an error, and the server must still answer the
 * next call. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <rn/ipc.h>
#include <rn/px_call.h>
#include "pxtest.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A request and the error it must get: -want, or -also when that is not 0;
 * want 0 takes any error. */
struct bad {
	const char *what;
	long call, a1, a2;
	long want, also;
};

/* Sends each request; it must be refused, and the server must still
 * answer getpid after it. */
static int refused(const struct bad *b, size_t n)
{
	pid_t self = getpid();

	for (size_t i = 0; i < n; i++, b++) {
		long r = px_call(b->call, b->a1, b->a2, 0, NULL);
		long pid;

		if (r >= 0 || (b->want && r != -b->want && (!b->also || r != -b->also)))
			return fail("%s: answered %ld, expected -%ld", b->what, r, b->want);
		pid = px_call(PX_GETPID, 0, 0, 0, NULL);
		if (pid != self)
			return fail("after %s, getpid answered %ld", b->what, pid);
	}
	return 0;
}

static int bad_calls(void)
{
	const struct bad b[] = {
		{ "call 0", 0, 0, 0, 0, 0 },
		{ "call 9999", 9999, 0, 0, 0, 0 },
		{ "call -1", -1, 0, 0, 0, 0 },
		{ "call PX_CALL_COUNT", PX_CALL_COUNT, 0, 0, 0, 0 },
	};

	return refused(b, COUNT(b));
}

static int bad_io(void)
{
	const long big = PX_SHARED_SIZE + 1;
	const struct bad b[] = {
		{ "write past the buffer", PX_WRITE, 1, big, 0, 0 },
		{ "write of -1 bytes", PX_WRITE, 1, -1, 0, 0 },
		{ "read past the buffer", PX_READ, 0, big, 0, 0 },
		{ "write to fd 99", PX_WRITE, 99, 1, PX_EBADF, 0 },
		{ "write to fd -1", PX_WRITE, -1, 1, PX_EBADF, 0 },
		{ "close fd 99", PX_CLOSE, 99, 0, PX_EBADF, 0 },
		{ "fstat fd 99", PX_FSTAT, 99, 0, PX_EBADF, 0 },
		{ "open of an unterminated path", PX_OPEN, 0, 0, 0, 0 },
	};

	memset(PX_SHARED, 'a', PX_SHARED_SIZE); /* no NUL in the whole buffer */
	if (refused(b, COUNT(b)) < 0)
		return -1;
	/* The library's view of a bad fd. */
	if (write(99, "x", 1) != -1 || errno != EBADF)
		return fail("write(99) via libc: %s, expected EBADF", strerror(errno));
	return 0;
}

static int bad_processes(void)
{
	/* Not a child: the parent, or the caller itself when it is the first
	 * process (pid 0 would mean "the process group"). */
	pid_t other = getppid() > 0 ? getppid() : getpid();
	const struct bad b[] = {
		{ "wait for a process not a child", PX_WAIT, other, 0, PX_ECHILD, 0 },
		{ "wait for pid 99999", PX_WAIT, 99999, 0, PX_ECHILD, 0 },
		{ "kill pid 99999", PX_KILL, 99999, SIGTERM, PX_ESRCH, 0 },
		{ "budget of pid 99999", PX_BUDGET, 99999, 0, PX_ESRCH, 0 },
	};
	long r;

	if (refused(b, COUNT(b)) < 0)
		return -1;
	/* A fork with a limit past the largest budget there can be (2^38):
	 * nonsense, not merely more than there is. Should it succeed, the
	 * child must not go on running the tests. */
	r = px_call(PX_FORK, 1l << 50, 0, 0, NULL);
	if (r == 0)
		_exit(99);
	if (r > 0) {
		expect_exit(r, 99);
		return fail("fork with a 1 PiB limit succeeded");
	}
	if (r != -PX_EINVAL)
		return fail("fork with a 1 PiB limit: answered %ld, expected -EINVAL", r);
	return 0;
}

/* Bad signal numbers, sent to a parked child so that a server that takes
 * them kills the child, not the test. */
static int bad_signals(void)
{
	pid_t pid = spawn(park, 0);
	const struct bad b[] = {
		{ "signal 999", PX_KILL, pid, 999, PX_EINVAL, 0 },
		{ "signal -1", PX_KILL, pid, -1, PX_EINVAL, 0 },
	};

	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	if (refused(b, COUNT(b)) < 0)
		return -1;
	kill(pid, SIGKILL);
	return expect_signal(pid, SIGKILL);
}

static int bad_sbrk(void)
{
	const struct bad b[] = {
		{ "sbrk +1 TiB", PX_SBRK, 1l << 40, 0, PX_ENOMEM, 0 },
		{ "sbrk LONG_MAX", PX_SBRK, LONG_MAX, 0, PX_ENOMEM, 0 },
		{ "sbrk -1 TiB", PX_SBRK, -(1l << 40), 0, 0, 0 },
	};

	if (refused(b, COUNT(b)) < 0)
		return -1;
	/* The library's view of the same. */
	if (sbrk(1l << 40) != (void *)-1 || errno != ENOMEM)
		return fail("sbrk(1 TiB) via libc: %s, expected ENOMEM", strerror(errno));
	return 0;
}

/* Messages the library never sends: a Send (no one to answer), a
 * non-zero label, an empty message. The server must refuse or ignore
 * them and go on serving. */
static int bad_ipc(void)
{
	const rn_word_t mr[RN_MSG_REGISTERS] = { PX_GETPID, 0, 0, 0 };
	rn_send(PX_SLOT_SERVER, RN_MSGINFO(0, 0, 0, 4), mr);
	rn_nbsend(PX_SLOT_SERVER, RN_MSGINFO(0, 0, 0, 4), mr);
	struct rn_msg m = rn_call(PX_SLOT_SERVER, RN_MSGINFO(5, 0, 0, 4), mr);
	if ((long)m.mr[0] != -PX_EINVAL)
		return fail("a call with label 5 answered %ld", (long)m.mr[0]);
	m = rn_call(PX_SLOT_SERVER, RN_MSGINFO(0, 0, 0, 0), mr);
	if ((long)m.mr[0] != -PX_EINVAL)
		return fail("an empty call answered %ld", (long)m.mr[0]);
	if (getpid() <= 0)
		return fail("getpid after bad messages: %s", strerror(errno));
	return 0;
}

int test_malformed(void)
{
	if (bad_ipc() < 0 || bad_calls() < 0 || bad_io() < 0 || bad_processes() < 0 ||
	    bad_signals() < 0)
		return -1;
	return bad_sbrk();
}

/* ---- exec with a broken struct px_exec_args ----
 * In a child: should the server exec anyway, /bin/exit42 runs and the
 * parent sees 42. The child exits with the number of the first case not
 * refused with EINVAL or E2BIG, or 0. */
static long exec_raw(unsigned argc, unsigned len, const char *strings, size_t n)
{
	struct px_exec_args *a = PX_SHARED;

	memset(a, 'x', sizeof *a); /* no NUL anywhere unless put there */
	a->argc = argc;
	a->envc = 0;
	a->len = len;
	a->pad = 0;
	memcpy(a->strings, strings, n);
	return px_call(PX_EXECVE, 0, 0, 0, NULL);
}

static int bad_execs(long unused)
{
	static const char path[] = "/bin/exit42";             /* with its NUL */
	static const char path_arg[] = "/bin/exit42\0exit42"; /* and a NUL-less argument */
	unsigned full = sizeof((struct px_exec_args *)0)->strings;
	long r[] = {
		exec_raw(100000, sizeof path, path, sizeof path), /* argc past the strings */
		exec_raw(1, full, path_arg, sizeof path_arg - 1), /* last string unterminated */
		exec_raw(0, full + 1, path, sizeof path),         /* len past the buffer */
		exec_raw(0, full, "", 0),                         /* the path unterminated */
	};

	for (size_t i = 0; i < COUNT(r); i++)
		if (r[i] != -PX_EINVAL && r[i] != -PX_E2BIG)
			return (int)i + 1;
	return 0;
}

int test_malformed_exec(void)
{
	return expect_exit(spawn(bad_execs, 0), 0);
}
