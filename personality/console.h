/* The console: the UART driven from user level by the server. Output is
 * polled; input arrives by interrupt (a notification bound to the server's
 * thread) into the TTY line discipline (tty.h). */
#ifndef PERSONALITY_CONSOLE_H
#define PERSONALITY_CONSOLE_H

#include <ration/bootinfo.h>
#include <stddef.h>

/* The bit the UART's interrupt sets in the word the server's Recv returns
 * (endpoint badges are pids, below 2^32, or FAULT_BADGE | pid). */
#define CONSOLE_BADGE (1ul << 40)

void console_init(const struct rn_bootinfo *bi);

/* The root slot of the notification bound to the server's thread: other
 * interrupt sources signal it too, each with a badge bit of its own. */
uint64_t console_notification(void);
void console_write(const char *buf, size_t len);

/* Whether console_write sends a NL as CR NL (the default; termios OPOST). */
void console_set_crlf(int on);

/* Reads one received byte, or -1 if none is waiting. */
int console_getc(void);

/* Unmasks the UART's interrupt line again after the bytes were taken. */
void console_ack(void);

#endif
