/* QEMU serial-console harness (see harness.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests/qemu/harness.h"

long qemu_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

struct qemu_image qemu_image_default(void)
{
	return (struct qemu_image){
		.kernel = env_or("RATION_KERNEL", "build/kernel.elf"),
		.initrd = env_or("RATION_INITRD", "build/initrd.cpio"),
		.ram_mb = atoi(env_or("RATION_QEMU_RAM_MB", "128")),
		.harts = atoi(env_or("RATION_QEMU_HARTS", "1")),
	};
}

struct qemu_image qemu_image_variant(const char *name)
{
	static char kernel[512], initrd[512];
	struct qemu_image img = qemu_image_default();
	const char *dir = env_or("RATION_VARIANTS", "build/variants");
	snprintf(kernel, sizeof(kernel), "%s/%s/kernel.elf", dir, name);
	snprintf(initrd, sizeof(initrd), "%s/%s/initrd.cpio", dir, name);
	img.kernel = kernel;
	img.initrd = initrd;
	return img;
}

bool qemu_start(struct qemu *q, struct qemu_image img, int hard_limit_s)
{
	memset(q, 0, sizeof(*q));
	q->pid = -1;
	int in[2], out[2];
	if (pipe(in) || pipe(out))
		return false;

	char ram[16], harts[16];
	snprintf(ram, sizeof(ram), "%dM", img.ram_mb);
	snprintf(harts, sizeof(harts), "%d", img.harts);
	const char *argv[24];
	int n = 0;
	argv[n++] = "qemu-system-riscv64";
	argv[n++] = "-machine";
	argv[n++] = "virt";
	argv[n++] = "-bios";
	argv[n++] = "default";
	argv[n++] = "-m";
	argv[n++] = ram;
	argv[n++] = "-smp";
	argv[n++] = harts;
	/* The serial port on stdio with no monitor mux, so that no byte the
	 * test types is taken as a QEMU escape. */
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-serial";
	argv[n++] = "stdio";
	argv[n++] = "-monitor";
	argv[n++] = "none";
	argv[n++] = "-no-reboot";
	argv[n++] = "-kernel";
	argv[n++] = img.kernel;
	if (img.initrd) {
		argv[n++] = "-initrd";
		argv[n++] = img.initrd;
	}
	argv[n] = NULL;

	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "harness: cannot run qemu-system-riscv64: %s\n", strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	q->pid = pid;
	q->to_guest = in[1];
	q->from_guest = out[0];
	fcntl(q->from_guest, F_SETFL, O_NONBLOCK);
	q->cap = 65536;
	q->out = calloc(1, q->cap);
	q->deadline_ms = qemu_now_ms() + hard_limit_s * 1000L;
	return q->out != NULL;
}

/* Reads what is available, waiting at most wait_ms. False at EOF. */
static bool pump(struct qemu *q, int wait_ms)
{
	struct pollfd p = { .fd = q->from_guest, .events = POLLIN };
	if (poll(&p, 1, wait_ms) <= 0)
		return true;
	char buf[4096];
	ssize_t r = read(q->from_guest, buf, sizeof(buf));
	if (r == 0)
		return false;
	if (r < 0)
		return errno == EAGAIN || errno == EINTR;
	if (q->len + (size_t)r + 1 > q->cap) {
		size_t cap = (q->cap + (size_t)r) * 2;
		char *grown = realloc(q->out, cap);
		if (!grown)
			return false;
		q->out = grown;
		q->cap = cap;
	}
	memcpy(q->out + q->len, buf, (size_t)r);
	q->len += (size_t)r;
	q->out[q->len] = '\0';
	return true;
}

static int remaining(struct qemu *q, long until)
{
	long end = until < q->deadline_ms ? until : q->deadline_ms;
	long left = end - qemu_now_ms();
	return left < 0 ? 0 : (int)left;
}

bool qemu_expect(struct qemu *q, const char *text, int timeout_ms)
{
	long until = qemu_now_ms() + timeout_ms;
	for (;;) {
		char *hit = strstr(q->out + q->mark, text);
		if (hit) {
			q->mark = (size_t)(hit - q->out) + strlen(text);
			return true;
		}
		int left = remaining(q, until);
		if (left == 0 || !pump(q, left > 100 ? 100 : left))
			break;
	}
	fprintf(stderr, "harness: did not see \"%s\"; the console said:\n%s\n", text, q->out);
	return false;
}

void qemu_send(struct qemu *q, const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = write(q->to_guest, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static bool reap(struct qemu *q, int flags)
{
	int st;
	if (q->exited)
		return true;
	if (waitpid(q->pid, &st, flags) != q->pid)
		return false;
	q->exited = true;
	q->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return true;
}

int qemu_wait_exit(struct qemu *q, int timeout_ms)
{
	long until = qemu_now_ms() + timeout_ms;
	while (!reap(q, WNOHANG)) {
		int left = remaining(q, until);
		if (left == 0) {
			fprintf(stderr, "harness: QEMU did not exit; the console said:\n%s\n",
			        q->out);
			return -1;
		}
		if (!pump(q, left > 50 ? 50 : left))
			usleep(10000); /* output closed: QEMU is exiting */
	}
	while (pump(q, 0) && q->len < q->cap - 1) /* drain what is left */
		if (poll(&(struct pollfd){ .fd = q->from_guest, .events = POLLIN }, 1, 0) <= 0)
			break;
	return q->status;
}

void qemu_stop(struct qemu *q)
{
	if (q->pid > 0 && !q->exited) {
		kill(q->pid, SIGKILL);
		reap(q, 0);
	}
	if (q->to_guest > 0)
		close(q->to_guest);
	if (q->from_guest > 0)
		close(q->from_guest);
	free(q->out);
	q->out = NULL;
	q->pid = -1;
}
