/* The console's line discipline: echo, erase (backspace/DEL), kill-line
 * (^U), line buffering, ^D for end of file, ^C (SIGINT), ^\ (SIGQUIT) and
 * ^Z (SIGTSTP) to the foreground process group; or raw mode (tcsetattr),
 * byte by byte. */
#ifndef PERSONALITY_TTY_H
#define PERSONALITY_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rn/px.h>

/* Takes every byte the UART has received (after its interrupt). */
void tty_input(void);

/* Copies up to len bytes of finished input to buf. Returns the count, 0 at
 * end of file (^D on an empty line), or -1 if nothing is ready: `waiter`
 * (a pid) is then woken by tty_input when something is. */
long tty_read(char *buf, size_t len, uint32_t waiter);

/* The modes (PX_TTY_*) and VMIN, for tcgetattr/tcsetattr. */
void tty_getattr(uint64_t *mode, uint64_t *vmin);
long tty_setattr(uint64_t mode, uint64_t vmin);
/* Whether a background group's writes stop it (TOSTOP). */
bool tty_tostop(void);

#endif
