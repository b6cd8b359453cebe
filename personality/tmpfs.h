/* The writable file system under /tmp and /home: files and directories in
 * memory, every page charged to a process's budget.
 *
 * A node is one 4 KiB page (struct tnode) from the budget of the process
 * that made it, mapped in the server at TNODE_VA + index * 4 KiB. It holds
 * the node's name and its directory's number (a directory has no list of
 * its own: its entries are the nodes that name it as parent, found through
 * hash chains kept in the nodes, so that no lookup scans the file system),
 * and either
 * the file's bytes inline (up to TNODE_INLINE) or a table of data pages.
 * Each data page is charged to the process that wrote it first.
 *
 * When a process ends, its node and data pages are copied (Frame_Copy)
 * into the budget of its nearest living budget ancestor, so what it leaves
 * in the file system becomes its parent's, as its budget does; only if no
 * ancestor has room is such a file removed (docs/personality.md). */
#ifndef PERSONALITY_TMPFS_H
#define PERSONALITY_TMPFS_H

#include "personality/proc.h"

#include <stddef.h>

/* A whiteout's mode: a node that hides the initrd's entry of its name in
 * its directory (vfs.c's overlay); it is no file, never opened or listed.
 * (The S_IFWHT of the BSDs.) */
#define TMPFS_S_IFWHT 0160000
/* An extra name (a hard link): a node that names another node, a file or
 * a symbolic link, from another place; it has no data of its own and is
 * never opened. A file's own node holds its first name; it lives while
 * either names it (or it is open). */
#define TMPFS_S_IFNAME 0130000
#define TMPFS_S_IFMT  0170000

/* Node numbers: the mount points are vfs.c's; a node is
 * TMPFS_INO_BASE | generation << 20 | index, so that a number kept after
 * its node went (a stale description) never names a newer node. */
#define TMPFS_INO_BASE  0x200000000ul /* = PROCFS_INO_END */
#define TMPFS_MAX_NODES (1u << 20)

/* A file's largest size: 944 pages (its node's table of data pages). */
#define TMPFS_FILE_MAX (944ul * 4096)

/* Sets up the nodes' address space for a machine with ram_bytes of RAM:
 * one node number per page of RAM, so numbers never run out before
 * memory does. Boot only (server memory). */
void tmpfs_boot(uint64_t ram_bytes);

/* Whether ino is a node of this file system (not a mount point). */
static inline bool tmpfs_is_node(uint64_t ino)
{
	return ino >= TMPFS_INO_BASE;
}

/* What vfs.c needs to know of a node: 0, or -PX_ENOENT if ino is stale. */
int tmpfs_stat(uint64_t ino, uint32_t *mode, uint64_t *size);

/* How many names the node has: its own (if not unlinked) and its extra
 * names. */
uint32_t tmpfs_nlink(uint64_t ino);

/* The node a directory entry names: an extra name's file, else entry. */
uint64_t tmpfs_named(uint64_t entry);

/* An extra name for node file (a file or a symbolic link), called name,
 * charged to p, in no directory yet (tmpfs_rename puts it in place,
 * tmpfs_unlink frees it): its number, or -PX_ENOSPC (p's budget is full),
 * -PX_EMLINK (PX_LINK_MAX names), -PX_EPERM (a directory). */
long tmpfs_link(struct proc *p, uint64_t file, const char *name);

/* When a node's data last changed (a directory's entries), ns since the
 * epoch: set at its making, by writes and truncation, and for its
 * directory when an entry comes or goes; 0 for no node. set_mtime puts
 * it (a copy-up keeps its original's; utimensat). */
uint64_t tmpfs_mtime(uint64_t ino);
void tmpfs_set_mtime(uint64_t ino, uint64_t ns);

/* The node called name[0..len) in directory dir (a mount point's, an
 * initrd directory's or a node's number), whiteouts and extra names
 * included (tmpfs_named), or 0. */
uint64_t tmpfs_child(uint64_t dir, const char *name, size_t len);

/* The n-th entry of directory dir, whiteouts skipped: 1 with name and
 * the mode of the node it names (0 if that is gone), or 0 after the last. *cursor (0 at first)
 * remembers the entry found, so that asking for the next one costs one
 * step: a listing costs what the directory holds. */
int tmpfs_dir_entry(uint64_t dir, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *mode,
                    uint64_t *cursor);

/* The node's directory (a mount point's or a node's number) and name;
 * -PX_ENOENT for a stale or unlinked node. */
int tmpfs_parent(uint64_t ino, uint64_t *dir, const char **name);

/* Makes a file, directory, symbolic link or whiteout (mode: PX_S_IFREG,
 * PX_S_IFDIR, PX_S_IFLNK | bits, or TMPFS_S_IFWHT; a link's target is its
 * data) named name in dir, charged to p. Returns its
 * number, or -PX_ENOSPC (p's budget is full). The caller has checked that
 * name is new. dir 0 makes a node in no directory yet, for a call that
 * must get all its pages before it changes the tree: tmpfs_rename puts it
 * in place, tmpfs_unlink frees it. */
long tmpfs_create(struct proc *p, uint64_t dir, const char *name, uint32_t mode);

/* How many times a name was taken away or moved (tmpfs_unlink,
 * tmpfs_rename, a removal): a path built from the directories is still
 * right while it has not changed. */
uint64_t tmpfs_version(void);

/* Takes the name node ino holds away (its own name, or an extra name);
 * a file goes when it has no name left and is no longer open. */
void tmpfs_unlink(uint64_t ino);

/* Gives the node a new directory and name (the caller has checked). */
void tmpfs_rename(uint64_t ino, uint64_t dir, const char *name);

/* Frees the whiteouts in directory dir (an initrd directory going away:
 * nothing can reach them any more). */
void tmpfs_drop_whiteouts(uint64_t dir);

/* Sets the node's permission bits (its type stays). */
void tmpfs_chmod(uint64_t ino, uint32_t perm);

/* Open descriptions naming a node (an unlinked node lives until the last
 * is closed). */
void tmpfs_open(uint64_t ino);
void tmpfs_close(uint64_t ino);

/* File data. Writes charge new pages to p; they return the bytes written,
 * or -PX_ENOSPC / -PX_EFBIG when not even one byte could be. */
long tmpfs_read(uint64_t ino, uint64_t off, char *buf, uint64_t len);
long tmpfs_write(struct proc *p, uint64_t ino, uint64_t off, const char *buf, uint64_t len);
int tmpfs_truncate(struct proc *p, uint64_t ino, uint64_t size);

/* p is ending: every page of p's in the file system is copied into a new
 * page of the first of heirs[0..n) with room (who they are is budget
 * policy: lend_heirs); a node no heir has room for is removed (a
 * description still open on it reads EIO). */
void tmpfs_exit(struct proc *p, struct proc *heirs[], unsigned n);

/* Bytes of file system pages charged to p (nodes and data). */
uint64_t tmpfs_charged(const struct proc *p);

#endif
