/* newlib's <utime.h>, which has struct utimbuf but not utime() itself
 * (libc-glue's px_fs.c has it). */
#ifndef RN_LIBC_UTIME_H
#define RN_LIBC_UTIME_H

#include_next <utime.h>

int utime(const char *path, const struct utimbuf *times);

#endif
