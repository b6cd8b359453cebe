/* newlib's <sys/wait.h>, plus WCONTINUED, which its header leaves out.
 * The values are the server's (rn/px.h) and Linux's; px_proc.c checks
 * that they agree. Found before newlib's, as <signal.h> is. */
#ifndef RN_LIBC_SYS_WAIT_H
#define RN_LIBC_SYS_WAIT_H

#include_next <sys/wait.h>

#define WCONTINUED      8 /* also report children continued by SIGCONT */
#define WIFCONTINUED(w) ((w) == 0xffff)

#endif
