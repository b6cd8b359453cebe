/* newlib's <signal.h>, plus the sa_flags its header leaves out for this
 * target (it defines only SA_NOCLDSTOP) and alternate stack sizes that fit. The values are the server's
 * (rn/px.h); px_signal.c checks that they agree. Found before newlib's
 * because libc-glue/include is an -I directory and newlib's is -isystem. */
#ifndef RN_LIBC_SIGNAL_H
#define RN_LIBC_SIGNAL_H

#include_next <signal.h>

#define SA_RESTART   0x10 /* a wait the handler interrupts goes on */
#define SA_NODEFER   0x20 /* the signal is not blocked while its handler runs */
#define SA_RESETHAND 0x40 /* the action goes back to SIG_DFL when delivered */
#define SA_ONSTACK   0x80 /* the handler runs on the alternate stack (sigaltstack) */

/* An alternate stack holds the handler's frame and libc-glue's copy of
 * the shared buffer (4 KiB) besides the handler's own frames: newlib's
 * sizes are too small for that. */
#undef MINSIGSTKSZ
#undef SIGSTKSZ
#define MINSIGSTKSZ 8192
#define SIGSTKSZ    16384

#endif
