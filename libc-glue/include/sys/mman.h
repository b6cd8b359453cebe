/* Memory mappings (newlib has no <sys/mman.h> for this target). The
 * server makes a mapping's pages at once, from the caller's budget
 * (personality/mmap.h): anonymous mappings and private file mappings;
 * MAP_SHARED only without PROT_WRITE (ENOTSUP otherwise), and never
 * PROT_WRITE with PROT_EXEC. Values follow Linux (rn/px.h). */
#ifndef RATION_SYS_MMAN_H
#define RATION_SYS_MMAN_H

#include <sys/types.h>
#include <rn/px.h>

#define PROT_NONE  PX_PROT_NONE
#define PROT_READ  PX_PROT_READ
#define PROT_WRITE PX_PROT_WRITE
#define PROT_EXEC  PX_PROT_EXEC

#define MAP_SHARED    PX_MAP_SHARED
#define MAP_PRIVATE   PX_MAP_PRIVATE
#define MAP_FIXED     PX_MAP_FIXED
#define MAP_ANONYMOUS PX_MAP_ANONYMOUS
#define MAP_ANON      MAP_ANONYMOUS
#define MAP_FAILED    ((void *)-1)

/* msync: private and read-only mappings have nothing to write back. */
#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4

/* madvise and posix_madvise: advice only; pages are always there. */
#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define POSIX_MADV_NORMAL     MADV_NORMAL
#define POSIX_MADV_RANDOM     MADV_RANDOM
#define POSIX_MADV_SEQUENTIAL MADV_SEQUENTIAL
#define POSIX_MADV_WILLNEED   MADV_WILLNEED
#define POSIX_MADV_DONTNEED   MADV_DONTNEED

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int msync(void *addr, size_t len, int flags);
int madvise(void *addr, size_t len, int advice);
int posix_madvise(void *addr, size_t len, int advice);

#endif
