/* The initrd: the cpio archive the boot loader put in memory, mapped
 * read-only into the server once, at boot. Its bytes never change (the
 * file system lays tmpfs nodes over its tree, vfs.h; exec copies its
 * programs' text, exec.h). */
#ifndef PERSONALITY_INITRD_H
#define PERSONALITY_INITRD_H

#include <ration/bootinfo.h>
#include <stdint.h>

/* Maps the initrd's frames (device untyped) at INITRD_VA (boot). */
void initrd_map(const struct rn_bootinfo *bi);

/* The initrd's bytes and size. */
const uint8_t *initrd_bytes(uint64_t *size);

#endif
