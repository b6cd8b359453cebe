/* The kernel console on the host: kprintf output goes to a capture buffer
 * that tests can read (host_console_text) and reset. */
#include <string.h>
#include "kernel/printf.h"
#include "tests/unit/support/host_console.h"

static char captured[16384];
static size_t captured_len;

void console_putc(int c)
{
	if (captured_len + 1 < sizeof(captured))
		captured[captured_len++] = (char)c;
	captured[captured_len] = '\0';
}

const char *host_console_text(void)
{
	return captured;
}

void host_console_reset(void)
{
	captured_len = 0;
	captured[0] = '\0';
}
