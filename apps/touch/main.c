/* touch: sets each file's modification time to now, making the files
 * that do not exist (empty).
 *   touch file... */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int touch(const char *path)
{
	if (utimensat(AT_FDCWD, path, NULL, 0) == 0)
		return 0;
	if (errno == ENOENT) {
		int fd = open(path, O_WRONLY | O_CREAT, 0666);
		if (fd >= 0)
			return close(fd);
	}
	fprintf(stderr, "touch: %s: %s\n", path, strerror(errno));
	return -1;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2 || argv[1][0] == '-') {
		fputs("usage: touch file...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (touch(argv[i]) < 0)
			status = 1;
	return status;
}
