/* The console's line discipline (tty.h). */
#include "personality/tty.h"

#include "personality/console.h"
#include "personality/process.h"

#define LINE_MAX 256
#define CTRL(c)  ((c)&0x1f)

static char line[LINE_MAX]; /* the line being edited */
static size_t line_len;
static char ready[LINE_MAX]; /* finished input not yet read */
static size_t ready_len, ready_off;
static int eof_pending; /* ^D on an empty line: the next read returns 0 */
static uint32_t waiter;

static void finish_line(void)
{
	/* A line is handed over whole; an unread one is not overwritten. */
	for (size_t i = 0; i < line_len && ready_len < LINE_MAX; i++)
		ready[ready_len++] = line[i];
	line_len = 0;
}

static void wake_waiter(void)
{
	struct proc *p = proc_get(waiter);
	if (p)
		process_wake(p);
	waiter = 0;
}

static void input_byte(char c)
{
	if (c == '\r')
		c = '\n';
	if (c == CTRL('D')) {
		if (line_len == 0)
			eof_pending = 1;
		finish_line();
		wake_waiter();
	} else if (c == 0x7f || c == '\b') {
		if (line_len > 0) {
			line_len--;
			console_write("\b \b", 3);
		}
	} else if (c == CTRL('U')) {
		for (; line_len > 0; line_len--)
			console_write("\b \b", 3);
	} else if (c == CTRL('C')) {
		console_write("^C\n", 3);
		line_len = 0;
	} else if (c == '\n' || line_len < LINE_MAX - 1) {
		line[line_len++] = c;
		console_write(&c, 1);
		if (c == '\n') {
			finish_line();
			wake_waiter();
		}
	}
}

void tty_input(void)
{
	int c;
	while ((c = console_getc()) >= 0)
		input_byte((char)c);
	console_ack();
}

long tty_read(char *buf, size_t len, uint32_t pid)
{
	if (ready_off < ready_len) {
		size_t n = ready_len - ready_off < len ? ready_len - ready_off : len;
		for (size_t i = 0; i < n; i++)
			buf[i] = ready[ready_off + i];
		ready_off += n;
		if (ready_off == ready_len)
			ready_off = ready_len = 0;
		return (long)n;
	}
	if (eof_pending) {
		eof_pending = 0;
		return 0;
	}
	waiter = pid;
	return -1;
}
