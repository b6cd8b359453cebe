/* Drives one QEMU run of a Ration image through its serial console.
 *
 *   struct qemu q;
 *   qemu_start(&q, qemu_image_default(), 60);   // hard limit for the whole run
 *   qemu_expect(&q, "boot complete", 10000);    // wait for text (ms)
 *   qemu_send(&q, "echo hi\r");                 // type
 *   int status = qemu_wait_exit(&q, 5000);      // QEMU's exit status
 *   qemu_stop(&q);                               // always: kills and reaps
 *
 * Every wait has a timeout and the whole run has a hard limit, so a hung
 * guest fails the test instead of hanging it. QEMU dies with the test process.
 */
#ifndef TESTS_QEMU_HARNESS_H
#define TESTS_QEMU_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct qemu_image {
	const char *kernel; /* path to kernel.elf */
	const char *initrd; /* path to initrd.cpio, or NULL */
	int ram_mb;
	int harts;
};

struct qemu {
	pid_t pid;
	int to_guest;   /* QEMU's stdin: the serial console's input */
	int from_guest; /* QEMU's stdout+stderr */
	char *out;      /* everything read so far, NUL-terminated */
	size_t len, cap;
	size_t mark; /* qemu_expect searches from here */
	long deadline_ms;
	bool exited;
	int status; /* exit status once exited (128+sig if killed) */
};

/* The images the build made (paths from RATION_* environment variables set
 * by build.sh, with defaults under build/). */
struct qemu_image qemu_image_default(void);
struct qemu_image qemu_image_variant(const char *name);

/* Starts QEMU; false if it could not be started. */
bool qemu_start(struct qemu *q, struct qemu_image img, int hard_limit_s);

/* Waits until `text` appears after the previous match; true if it did
 * within timeout_ms. On success the search mark moves past the match. */
bool qemu_expect(struct qemu *q, const char *text, int timeout_ms);

/* Types `s` on the serial console. */
void qemu_send(struct qemu *q, const char *s);

/* Waits for QEMU to exit: its exit status, or -1 on timeout. */
int qemu_wait_exit(struct qemu *q, int timeout_ms);

/* Kills QEMU if still running, reaps it, and frees the buffers. */
void qemu_stop(struct qemu *q);

/* Milliseconds on a monotonic clock. */
long qemu_now_ms(void);

#endif
