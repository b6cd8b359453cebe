/* /proc: the server's figures as text files, made when opened.
 *   /proc/meminfo          the whole system's memory: RAM, the server's
 *                          share, the budgets, their use
 *   /proc/<pid>/status     name, state, parent, group, budget figures
 *   /proc/<pid>/budget     the full budget breakdown, "key value" lines
 * The text goes into a record page of the opener's budget, freed on the
 * last close. */
#ifndef PERSONALITY_PROCFS_H
#define PERSONALITY_PROCFS_H

#include "personality/proc.h"

#define PROCFS_INO_BASE 0x100000000ul /* /proc nodes: base + (pid << 2) + file */
#define PROCFS_INO_END  0x200000000ul /* (tmpfs nodes are numbered above) */

static inline bool procfs_is_node(uint64_t ino)
{
	return ino >= PROCFS_INO_BASE && ino < PROCFS_INO_END;
}

/* The bytes of RAM the system had free at boot, and the server's part
 * (main.c sets them). */
extern uint64_t procfs_ram, procfs_server;

/* Whether path (normalised) is in /proc; if so, *kind, *ino and *mode of
 * the node, or -PX_ENOENT. */
int procfs_lookup(const char *path, uint32_t *kind, uint64_t *ino, uint32_t *mode);

/* The normalised path ("proc", "proc/<pid>") of /proc directory ino, in
 * out of size bytes: 0, or -PX_ENOENT if ino is no /proc directory. */
int procfs_dir_path(uint64_t ino, char *out, uint64_t size);

/* The n-th entry of a /proc directory (after "." and ".."): 1 or 0. */
int procfs_dir_entry(uint64_t dir_ino, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *kind);

/* Writes the text of file node ino into buf (at most size bytes): its
 * length, or -PX_ENOENT if the process is gone. */
long procfs_render(uint64_t ino, char *buf, uint64_t size);

#endif
