/* The console's line discipline: echo, erase (backspace/DEL), kill-line
 * (^U), line buffering (lines of up to MAX_CANON, 4096 bytes, newline
 * included), ^D for end of file, ^C (SIGINT), ^\ (SIGQUIT) and ^Z
 * (SIGTSTP) to the foreground process group; or raw mode (tcsetattr),
 * byte by byte.
 *
 * The terminal by POSIX's rules: the console is the controlling terminal
 * of one session (init's at boot; the console session's once its leader,
 * holding the system right, takes it with tcsetpgrp), and one group of
 * that session is its foreground. Only the foreground group reads it; a
 * background group of the session is stopped by SIGTTIN (SIGTTOU for
 * tcsetpgrp, and with TOSTOP for writes); any other session reads EIO and
 * cannot change the foreground (ENOTTY). */
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

/* PX_TCGETPGRP: the foreground process group, for a process of the
 * console's session (else -PX_ENOTTY). */
long tty_tcgetpgrp(struct proc *p);

/* PX_TCSETPGRP: p makes group pgid of its own session the foreground.
 * -PX_EINVAL for no pgid; -PX_ENOTTY if the console is not p's
 * controlling terminal, unless p leads its session and holds the system
 * right (it then takes the console for its session); -PX_EPERM if pgid
 * is no group of p's session. From a background group: SIGTTOU to p's
 * group and "ask again" (-PX_EWOULDBLOCK_INTERNAL), unless p ignores or
 * blocks SIGTTOU (then it is done) or its group is orphaned (-PX_EIO). */
long tty_tcsetpgrp(struct proc *p, uint64_t pgid);

/* p ends: if it led the console's session, the console is no one's now,
 * and its foreground group gets SIGHUP (POSIX). */
void tty_exit(struct proc *p);

/* The console as an open file (file.h): FILE_CONSOLE's operations; a
 * /dev/console description reads and writes with the same two. A read
 * takes finished input: 0 at end of file (^D on an empty line), or "ask
 * again" (every process of the foreground group is woken when input
 * comes). A process outside the console's session reads EIO. Before p
 * reads, if its group is in the background of the console's session, its
 * group is sent SIGTTIN and p is to ask again once continued, or, if it
 * cannot be stopped (SIGTTIN ignored or blocked, its group orphaned), the
 * read says EIO; with TOSTOP the same for a write with SIGTTOU (a writer
 * ignoring or blocking SIGTTOU writes). Other sessions write freely. */
struct file;
struct file_ops;
extern const struct file_ops tty_file_ops;
long tty_file_read(struct proc *p, struct file *f, char *buf, uint64_t len);
long tty_file_write(struct proc *p, struct file *f, const char *buf, uint64_t len);
unsigned tty_file_poll(struct file *f);

#endif
