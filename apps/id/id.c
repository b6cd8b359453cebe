/* id: the user and group identities of the process (POSIX XCU id).
 *   id [-G | -g | -u] [-nr] [user]
 * Without options: "uid=0(root) gid=0(root) groups=0(root)". -u the
 * user ID only, -g the group ID, -G all group IDs; -n names instead of
 * numbers, -r the real IDs instead of the effective (the same here:
 * Ration runs everything as root). With a user operand, that user's IDs
 * from /etc/passwd. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static int opt_name;

static void usage(void)
{
	fputs("usage: id [-G | -g | -u] [-nr] [user]\n", stderr);
	exit(1);
}

static void user(uid_t u, int bare)
{
	struct passwd *pw = getpwuid(u);

	if (bare && opt_name && pw)
		printf("%s", pw->pw_name);
	else if (bare)
		printf("%u", (unsigned)u);
	else
		printf(pw ? "%u(%s)" : "%u", (unsigned)u, pw ? pw->pw_name : "");
}

static void group(gid_t g, int bare)
{
	struct group *gr = getgrgid(g);

	if (bare && opt_name && gr)
		printf("%s", gr->gr_name);
	else if (bare)
		printf("%u", (unsigned)g);
	else
		printf(gr ? "%u(%s)" : "%u", (unsigned)g, gr ? gr->gr_name : "");
}

int main(int argc, char **argv)
{
	int c, which = 0, real = 0;
	uid_t uid;
	gid_t gid;

	while ((c = option_next(argc, argv, "id", "Ggunr")) != -1) {
		if (c == 'G' || c == 'g' || c == 'u') {
			if (which)
				usage();
			which = c;
		} else if (c == 'n') {
			opt_name = 1;
		} else if (c == 'r') {
			real = 1;
		} else {
			usage();
		}
	}
	if (argc - optind > 1 || ((opt_name || real) && !which))
		usage();
	uid = real ? getuid() : geteuid();
	gid = real ? getgid() : getegid();
	if (optind < argc) {
		struct passwd *pw = getpwnam(argv[optind]);
		if (!pw) {
			fprintf(stderr, "id: %s: no such user\n", argv[optind]);
			return 1;
		}
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (which == 'u') {
		user(uid, 1);
	} else if (which == 'g' || which == 'G') {
		group(gid, 1); /* no supplementary groups here */
	} else {
		printf("uid=");
		user(uid, 0);
		printf(" gid=");
		group(gid, 0);
		printf(" groups=");
		group(gid, 0);
	}
	putchar('\n');
	return output_flush("id") < 0;
}
