/* Users and groups. Ration has one user: every process runs as root (uid
 * and gid 0), and the set-id calls accept only that. The names are read
 * from /etc/passwd and /etc/group in the initrd (initrd/etc/), so that
 * programs that look a user up (a shell's ~, ls -l, id) find one. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "libc-glue/pw_line.h"

#define PASSWD_FILE "/etc/passwd"
#define GROUP_FILE  "/etc/group"
#define LINE_BYTES  1024 /* sysconf(_SC_GETPW_R_SIZE_MAX) */
#define MAX_MEMBERS 32

uid_t getuid(void)
{
	return 0;
}

uid_t geteuid(void)
{
	return 0;
}

gid_t getgid(void)
{
	return 0;
}

gid_t getegid(void)
{
	return 0;
}

int getgroups(int size, gid_t list[])
{
	(void)size;
	(void)list;
	return 0; /* no supplementary groups */
}

/* Only the identity a process already has. */
static int only_root(unsigned id)
{
	if (id != 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int setuid(uid_t uid)
{
	return only_root(uid);
}

int seteuid(uid_t uid)
{
	return only_root(uid);
}

int setgid(gid_t gid)
{
	return only_root(gid);
}

int setegid(gid_t gid)
{
	return only_root(gid);
}

/* The first entry of `file` (n fields a line) that `match` accepts, its
 * fields pointing into line: 0 if found, else -1 (errno left alone when
 * the file was read, as POSIX asks of a name not found; fopen's if not). */
static int find_entry(const char *file, int n, char *line, size_t size, char *field[],
                      int (*match)(char *const field[], const void *key), const void *key)
{
	int saved = errno;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	int found = -1;
	while (fgets(line, (int)size, f))
		if (pw_split(line, field, n) == 0 && match(field, key)) {
			found = 0;
			break;
		}
	fclose(f);
	errno = saved;
	return found;
}

static int match_name(char *const field[], const void *key)
{
	return strcmp(field[0], key) == 0;
}

static int match_id(char *const field[], const void *key)
{
	unsigned id;
	return pw_id(field[2], &id) == 0 && id == *(const unsigned *)key;
}

static struct passwd *fill_passwd(struct passwd *pw, char *const f[])
{
	unsigned uid, gid;

	pw_id(f[2], &uid); /* pw_split checked both */
	pw_id(f[3], &gid);
	*pw = (struct passwd){ .pw_name = f[0],
		               .pw_passwd = f[1],
		               .pw_uid = uid,
		               .pw_gid = gid,
		               .pw_comment = f[4],
		               .pw_gecos = f[4],
		               .pw_dir = f[5],
		               .pw_shell = f[6] };
	return pw;
}

static int passwd_r(int (*match)(char *const[], const void *), const void *key,
                    struct passwd *pw, char *buf, size_t size, struct passwd **result)
{
	char *f[PW_FIELDS];

	*result = NULL;
	if (find_entry(PASSWD_FILE, PW_FIELDS, buf, size, f, match, key) == 0)
		*result = fill_passwd(pw, f);
	return 0; /* not found is not an error */
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
               struct passwd **result)
{
	return passwd_r(match_name, name, pw, buf, size, result);
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size, struct passwd **result)
{
	unsigned id = uid;
	return passwd_r(match_id, &id, pw, buf, size, result);
}

static struct passwd the_passwd;
static char passwd_line[LINE_BYTES];

struct passwd *getpwnam(const char *name)
{
	struct passwd *r;
	getpwnam_r(name, &the_passwd, passwd_line, sizeof passwd_line, &r);
	return r;
}

struct passwd *getpwuid(uid_t uid)
{
	struct passwd *r;
	getpwuid_r(uid, &the_passwd, passwd_line, sizeof passwd_line, &r);
	return r;
}

static struct group the_group;
static char group_line[LINE_BYTES];
static char *group_members[MAX_MEMBERS];

static struct group *find_group(int (*match)(char *const[], const void *), const void *key)
{
	char *f[GR_FIELDS];
	unsigned gid;

	if (find_entry(GROUP_FILE, GR_FIELDS, group_line, sizeof group_line, f, match, key) < 0)
		return NULL;
	pw_id(f[2], &gid);
	if (pw_members(f[3], group_members, MAX_MEMBERS) < 0)
		group_members[MAX_MEMBERS - 1] = NULL; /* the first ones only */
	the_group = (struct group){ .gr_name = f[0], .gr_passwd = f[1], .gr_gid = gid,
		                    .gr_mem = group_members };
	return &the_group;
}

struct group *getgrgid(gid_t gid)
{
	unsigned id = gid;
	return find_group(match_id, &id);
}

struct group *getgrnam(const char *name)
{
	return find_group(match_name, name);
}

/* The name of the one user. */
char *getlogin(void)
{
	struct passwd *pw = getpwuid(geteuid());
	return pw ? pw->pw_name : "root";
}
