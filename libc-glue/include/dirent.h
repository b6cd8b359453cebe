/* Directories for Ration's newlib programs: newlib has no <dirent.h> for
 * this target (its own one stops with #error), so libc-glue provides it,
 * on the server's PX_READDIR (libc-glue/px_fs.c). */
#ifndef RATION_DIRENT_H
#define RATION_DIRENT_H

#include <sys/types.h>

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8
#define DT_LNK     10

#define MAXNAMLEN 255

struct dirent {
	ino_t d_ino;
	unsigned char d_type;
	char d_name[MAXNAMLEN + 1];
};

typedef struct rn_dir DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *dir);
void rewinddir(DIR *dir);
int closedir(DIR *dir);
int dirfd(DIR *dir);

#endif
