/* newlib's <setjmp.h>, plus what it declares only for Cygwin and RTEMS:
 * sigjmp_buf, sigsetjmp/siglongjmp (the signal mask saved and restored
 * when asked) and the XSI _setjmp/_longjmp (the mask left alone). Real
 * functions, not macros, so that a program may declare or take them
 * (libc-glue/setjmp.S). Found before newlib's because libc-glue/include
 * is an -I directory and newlib's is -isystem. */
#ifndef RN_LIBC_SETJMP_H
#define RN_LIBC_SETJMP_H

#include_next <setjmp.h>
#include <signal.h>

/* A jmp_buf, then whether the mask was saved, then the mask. */
typedef _JBTYPE sigjmp_buf[_JBLEN + 2];
#define RN_SIGJMP_SAVEMASK _JBLEN
#define RN_SIGJMP_MASK     (_JBLEN + 1)

int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
void siglongjmp(sigjmp_buf env, int val) __attribute__((noreturn));
int _setjmp(jmp_buf env) __attribute__((returns_twice));
void _longjmp(jmp_buf env, int val) __attribute__((noreturn));

#endif
