/* Who and where: users and groups from /etc, uname, sysconf, and stdio's
 * stream locks. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "libctest.h"

int test_users(void)
{
	if (getuid() != 0 || geteuid() != 0 || getgid() != 0 || getegid() != 0)
		return fail("not root");
	struct passwd *pw = getpwuid(0);
	if (!pw)
		return fail("getpwuid(0): none (%s)", strerror(errno));
	if (strcmp(pw->pw_name, "root") != 0 || pw->pw_uid != 0 || pw->pw_gid != 0 ||
	    strcmp(pw->pw_dir, "/home") != 0 || strcmp(pw->pw_shell, "/bin/sh") != 0)
		return fail("getpwuid(0): %s %d %d %s %s", pw->pw_name, (int)pw->pw_uid,
		            (int)pw->pw_gid, pw->pw_dir, pw->pw_shell);
	pw = getpwnam("root");
	if (!pw || pw->pw_uid != 0)
		return fail("getpwnam(root)");
	errno = 0;
	if (getpwnam("nobody-here") || getpwuid(4242) || errno != 0)
		return fail("an unknown user was found, or set errno (%s)", strerror(errno));

	struct passwd pwb, *res;
	char buf[256];
	if (getpwuid_r(0, &pwb, buf, sizeof buf, &res) != 0 || res != &pwb ||
	    strcmp(pwb.pw_name, "root") != 0)
		return fail("getpwuid_r(0)");

	struct group *gr = getgrgid(0);
	if (!gr || strcmp(gr->gr_name, "root") != 0 || gr->gr_gid != 0 || !gr->gr_mem[0] ||
	    strcmp(gr->gr_mem[0], "root") != 0 || gr->gr_mem[1])
		return fail("getgrgid(0)");
	if (!getgrnam("root") || getgrnam("wheel-not-here"))
		return fail("getgrnam");
	if (strcmp(getlogin(), "root") != 0)
		return fail("getlogin: %s", getlogin());
	if (setuid(0) != 0 || expect_errno(setuid(1000), EPERM, "setuid(1000)") < 0)
		return -1;
	return 0;
}

int test_uname(void)
{
	struct utsname u;
	char host[64];

	if (uname(&u) < 0)
		return fail("uname: %s", strerror(errno));
	if (strcmp(u.sysname, "Ration") != 0 || strcmp(u.machine, "riscv64") != 0 ||
	    !u.release[0] || !u.nodename[0])
		return fail("uname: %s %s %s %s", u.sysname, u.nodename, u.release, u.machine);
	if (gethostname(host, sizeof host) < 0 || strcmp(host, u.nodename) != 0)
		return fail("gethostname: %s", host);
	return expect_errno(uname((struct utsname *)16), EFAULT, "uname(16)");
}

int test_sysconf(void)
{
	if (sysconf(_SC_PAGESIZE) != 4096 || getpagesize() != 4096)
		return fail("page size %ld / %d", sysconf(_SC_PAGESIZE), getpagesize());
	if (sysconf(_SC_CLK_TCK) != CLOCKS_PER_SEC)
		return fail("_SC_CLK_TCK %ld", sysconf(_SC_CLK_TCK));
	if (sysconf(_SC_OPEN_MAX) != 64)
		return fail("_SC_OPEN_MAX %ld", sysconf(_SC_OPEN_MAX));
	if (sysconf(_SC_ARG_MAX) < 4000 || sysconf(_SC_LINE_MAX) < 2048)
		return fail("_SC_ARG_MAX %ld, _SC_LINE_MAX %ld", sysconf(_SC_ARG_MAX),
		            sysconf(_SC_LINE_MAX));
	long total = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES);
	if (total <= 0 || avail <= 0 || avail > total)
		return fail("pages: %ld total, %ld available", total, avail);
	errno = 0;
	if (sysconf(_SC_CHILD_MAX) != -1 || errno != 0)
		return fail("_SC_CHILD_MAX: not unlimited");
	return expect_errno(sysconf(-1), EINVAL, "sysconf(-1)");
}

int test_flockfile(void)
{
	flockfile(stdout);
	if (ftrylockfile(stdout) != 0) /* recursive: the owner may take it again */
		return fail("ftrylockfile on a stream the caller holds");
	putc_unlocked('\r', stdout);
	funlockfile(stdout);
	funlockfile(stdout);
	return 0;
}
