/* uname(): newlib has no <sys/utsname.h> for this target. The sizes are
 * Linux's, which ported code tends to assume. */
#ifndef RN_LIBC_SYS_UTSNAME_H
#define RN_LIBC_SYS_UTSNAME_H

#define _UTSNAME_LENGTH 65

struct utsname {
	char sysname[_UTSNAME_LENGTH];
	char nodename[_UTSNAME_LENGTH];
	char release[_UTSNAME_LENGTH];
	char version[_UTSNAME_LENGTH];
	char machine[_UTSNAME_LENGTH];
};

int uname(struct utsname *name);

#endif
