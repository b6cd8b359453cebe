/* Descriptors and pipes: data through a pipe within one process and
 * between processes, end of file, EPIPE/SIGPIPE, non-blocking ends,
 * atomic writes, dup/dup2/fcntl, inheritance across fork and
 * close-on-exec across exec, and the errors. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syslimits.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pxtest.h"

static int fds[2];

int test_pipe_basic(void)
{
	char buf[16];
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	if (write(fds[1], "hello", 5) != 5)
		return fail("write: %s", strerror(errno));
	ssize_t n = read(fds[0], buf, sizeof buf);
	if (n != 5 || memcmp(buf, "hello", 5) != 0)
		return fail("read %zd bytes back", n);
	close(fds[1]);
	n = read(fds[0], buf, sizeof buf);
	close(fds[0]);
	if (n != 0)
		return fail("read after the writer closed: %zd, expected end of file", n);
	if (read(fds[0], buf, 1) != -1 || errno != EBADF)
		return fail("read of a closed fd: %s, expected EBADF", strerror(errno));
	return 0;
}

/* Writes arg bytes of a pattern to fds[1], more than the pipe holds: the
 * writer must wait for the reader. */
static int pattern_writer(long bytes)
{
	static char chunk[1000];
	close(fds[0]);
	for (long done = 0; done < bytes; done += sizeof chunk) {
		for (size_t i = 0; i < sizeof chunk; i++)
			chunk[i] = (char)((done + (long)i) * 7);
		if (write(fds[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk)
			return 1;
	}
	return 0;
}

int test_pipe_between_processes(void)
{
	const long total = 100000;
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t w = spawn(pattern_writer, total);
	close(fds[1]);
	static char buf[3000];
	long got = 0;
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++, got++)
			if (buf[i] != (char)(got * 7)) {
				close(fds[0]);
				return fail("byte %ld is wrong", got);
			}
	}
	close(fds[0]);
	if (n < 0 || got != total)
		return fail("read %ld of %ld bytes (%s)", got, total,
		            n < 0 ? strerror(errno) : "eof");
	return expect_exit(w, 0);
}

static int write_to_closed(long unused)
{
	(void)unused;
	close(fds[0]);
	write(fds[1], "x", 1); /* SIGPIPE ends it here */
	return errno == EPIPE ? 2 : 3;
}

int test_pipe_sigpipe(void)
{
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	close(fds[0]);
	pid_t c = spawn(write_to_closed, 0);
	close(fds[1]);
	return expect_signal(c, SIGPIPE);
}

int test_pipe_nonblocking(void)
{
	char buf[64];
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	int r = -1;
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0 || fcntl(fds[1], F_SETFL, O_NONBLOCK) < 0)
		r = fail("F_SETFL: %s", strerror(errno));
	else if (!(fcntl(fds[0], F_GETFL) & O_NONBLOCK))
		r = fail("F_GETFL does not show O_NONBLOCK");
	else if (read(fds[0], buf, sizeof buf) != -1 || errno != EAGAIN)
		r = fail("read of an empty non-blocking pipe: %s, expected EAGAIN",
		         strerror(errno));
	else {
		long total = 0;
		ssize_t n;
		while ((n = write(fds[1], buf, sizeof buf)) > 0)
			total += n;
		if (n != -1 || errno != EAGAIN)
			r = fail("filling: %s, expected EAGAIN", strerror(errno));
		else if (total < PIPE_BUF)
			r = fail("the pipe took only %ld bytes", total);
		else
			r = 0;
	}
	close(fds[0]);
	close(fds[1]);
	return r;
}

/* Two writers of PIPE_BUF-byte blocks, each block one letter: a reader
 * must never see blocks mixed. */
static int block_writer(long letter)
{
	char block[PIPE_BUF];
	close(fds[0]);
	memset(block, (int)letter, sizeof block);
	for (int i = 0; i < 40; i++)
		if (write(fds[1], block, sizeof block) != (ssize_t)sizeof block)
			return 1;
	return 0;
}

int test_pipe_atomic_writes(void)
{
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t a = spawn(block_writer, 'a'), b = spawn(block_writer, 'b');
	close(fds[1]);
	static char stream[2 * 40 * PIPE_BUF];
	size_t got = 0;
	ssize_t n;
	while (got < sizeof stream && (n = read(fds[0], stream + got, sizeof stream - got)) > 0)
		got += (size_t)n;
	close(fds[0]);
	if (expect_exit(a, 0) < 0 || expect_exit(b, 0) < 0)
		return -1;
	if (got != sizeof stream)
		return fail("read %zu of %zu bytes", got, sizeof stream);
	for (size_t blk = 0; blk < got; blk += PIPE_BUF)
		for (size_t i = 1; i < PIPE_BUF; i++)
			if (stream[blk + i] != stream[blk])
				return fail("block at %zu is mixed", blk);
	return 0;
}

/* Run by exec from test_cloexec: exits 0 if fd is closed, 1 if open. */
int fd_closed_main(int fd)
{
	return fcntl(fd, F_GETFD) == -1 && errno == EBADF ? 0 : 1;
}

static int exec_fd_check(long fd)
{
	char arg[8];
	arg[0] = (char)('0' + fd / 10);
	arg[1] = (char)('0' + fd % 10);
	arg[2] = 0;
	execl("/bin/pxtest", "pxtest", "--fd-closed", arg, (char *)0);
	return 99;
}

int test_dup_and_cloexec(void)
{
	char buf[8];
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	int r = 0;
	int d = dup(fds[1]);
	if (d < 0 || dup2(fds[1], 20) != 20)
		r = fail("dup/dup2: %s", strerror(errno));
	else if (write(d, "a", 1) != 1 || write(20, "b", 1) != 1 || read(fds[0], buf, 2) != 2 ||
	         memcmp(buf, "ab", 2) != 0)
		r = fail("writes through duplicates did not arrive");
	else if (fcntl(20, F_SETFD, FD_CLOEXEC) < 0 || fcntl(20, F_GETFD) != FD_CLOEXEC)
		r = fail("FD_CLOEXEC: %s", strerror(errno));
	else if (expect_exit(spawn(exec_fd_check, 20), 0) < 0) /* closed by exec */
		r = -1;
	else if (expect_exit(spawn(exec_fd_check, d), 1) < 0) /* kept across exec */
		r = -1;
	else if (dup2(fds[1], PX_OPEN_MAX) != -1 || errno != EBADF)
		r = fail("dup2 to fd %d: %s, expected EBADF", PX_OPEN_MAX, strerror(errno));
	else if (fcntl(fds[0], 99) != -1 || errno != EINVAL)
		r = fail("fcntl 99: %s, expected EINVAL", strerror(errno));
	close(d);
	close(20);
	close(fds[0]);
	close(fds[1]);
	return r;
}

int test_fd_table_full(void)
{
	int n = 0, last = -1;
	while ((last = dup(1)) >= 0)
		n++;
	int err = errno;
	for (int fd = 3; fd < PX_OPEN_MAX; fd++)
		close(fd);
	if (err != EMFILE)
		return fail("dup until it fails: %s, expected EMFILE", strerror(err));
	if (n != PX_OPEN_MAX - 3)
		return fail("%d dups fit, expected %d", n, PX_OPEN_MAX - 3);
	return 0;
}

/* A process killed while it waits on a pipe leaves the pipe's wait list
 * (the server once faulted here). */
static int blocked_reader(long unused)
{
	char c;
	(void)unused;
	close(fds[1]);
	read(fds[0], &c, 1); /* nothing ever comes */
	return 1;
}

int test_pipe_kill_waiter(void)
{
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	pid_t r = spawn(blocked_reader, 0);
	usleep(20000); /* let it block */
	if (kill(r, SIGKILL) < 0)
		return fail("kill: %s", strerror(errno));
	if (expect_signal(r, SIGKILL) < 0)
		return -1;
	/* The pipe still works, and wakes nobody stale. */
	char c;
	if (write(fds[1], "z", 1) != 1 || read(fds[0], &c, 1) != 1 || c != 'z')
		return fail("the pipe is broken after its waiter was killed");
	close(fds[0]);
	close(fds[1]);
	return 0;
}
