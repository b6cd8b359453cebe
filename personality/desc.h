/* Open file descriptions of files, directories and devices (pipes have
 * their own pages, pipe.h): 63 to a record page of the opening process's
 * budget, shared by the descriptors dup and fork make. */
#ifndef PERSONALITY_DESC_H
#define PERSONALITY_DESC_H

#include "personality/record.h"
#include "personality/vfs.h"

struct desc {
	uint32_t refs;  /* descriptors naming it */
	uint32_t kind;  /* enum vnode_kind */
	uint32_t flags; /* PX_O_* it was opened with */
	uint32_t mode;
	uint64_t ino;
	uint64_t offset;     /* file offset; a directory's next entry */
	const uint8_t *data; /* a file's bytes */
	uint64_t size;
	void *text; /* a /proc file's text page (record.h), freed with it */
	uint64_t dir_cursor; /* a directory: where its listing is (vfs_dir_entry) */
};
_Static_assert(sizeof(struct desc) == 64, "63 descriptions and a header to a page");

/* A new description (refs 0) of node v from p's memory: its handle, or 0. */
uint32_t desc_create(struct proc *p, const struct vnode *v, uint32_t flags);

/* The description a handle names, or NULL if it names none. */
struct desc *desc_of(uint32_t handle);

/* A descriptor on it went away; frees it (and its page) after the last. */
void desc_unref(uint32_t handle);

/* A /proc file's text, rendered now into a record page of p. 0 or -PX_E*. */
int desc_render(struct proc *p, struct desc *d);

/* The operations of d's kind, as an open file (file.h). */
struct file_ops;
const struct file_ops *desc_file_ops(const struct desc *d);

#endif
