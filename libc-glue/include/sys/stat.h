/* newlib's <sys/stat.h>, plus the tv_nsec values of utimensat that its
 * header gives only to Cygwin (these are Linux's), and lstat, which it
 * declares only for a few other targets. Found before newlib's, as
 * <signal.h> is. */
#ifndef RN_LIBC_SYS_STAT_H
#define RN_LIBC_SYS_STAT_H

#include_next <sys/stat.h>

#ifndef UTIME_NOW
#define UTIME_NOW  ((1l << 30) - 1l) /* the time now */
#define UTIME_OMIT ((1l << 30) - 2l) /* leave this time as it is */
#endif

int lstat(const char *__restrict path, struct stat *__restrict st);

#endif
