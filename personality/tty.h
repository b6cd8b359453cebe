/* The console's line discipline: echo, erase (backspace/DEL), kill-line
 * (^U), line buffering, ^D for end of file, ^C (SIGINT), ^\ (SIGQUIT) and
 * ^Z (SIGTSTP) to the foreground process group; or raw mode (tcsetattr),
 * byte by byte. The console's foreground group and the stops of background
 * readers and writers (SIGTTIN, SIGTTOU) are here too. */
#ifndef PERSONALITY_TTY_H
#define PERSONALITY_TTY_H

#include "personality/proc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rn/px.h>

/* Takes every byte the UART has received (after its interrupt). */
void tty_input(void);

/* The modes (PX_TTY_*) and VMIN, for tcgetattr/tcsetattr. */
void tty_getattr(uint64_t *mode, uint64_t *vmin);
long tty_setattr(uint64_t mode, uint64_t vmin);

/* The foreground process group (PX_TCGETPGRP), and PX_TCSETPGRP: p
 * makes group pgid of its own session the foreground. */
uint32_t tty_tcgetpgrp(void);
long tty_tcsetpgrp(struct proc *p, uint64_t pgid);

/* The console as an open file (file.h): FILE_CONSOLE's operations; a
 * /dev/console description reads and writes with the same two. A read
 * takes finished input: 0 at end of file (^D on an empty line), or "ask
 * again" (the reader is woken when input comes). Before p reads, if its
 * group is in the background of the console's session, its group is
 * sent SIGTTIN and p is to ask again once continued, or, if it cannot be
 * stopped (SIGTTIN ignored or blocked, its group orphaned), the read says
 * EIO; with TOSTOP the same for a write with SIGTTOU (a writer ignoring or
 * blocking SIGTTOU writes). */
struct file;
struct file_ops;
extern const struct file_ops tty_file_ops;
long tty_file_read(struct proc *p, struct file *f, char *buf, uint64_t len);
long tty_file_write(struct proc *p, struct file *f, const char *buf, uint64_t len);
unsigned tty_file_poll(struct file *f);

#endif
