/* Open file descriptions (desc.h). */
#include "personality/desc.h"

#include "personality/procfs.h"
#include "personality/clock.h"
#include "personality/tmpfs.h"

#include "kernel/string.h"

#define DESCS_PER_PAGE 63

struct desc_page {
	struct record_header header;
	uint64_t used; /* a bit per slot 1..63 (slot 0 is this header) */
	uint8_t pad[64 - sizeof(struct record_header) - 8];
	/* then struct desc slots 1..63, 64 bytes each */
};
_Static_assert(sizeof(struct desc_page) == 64, "the header takes slot 0");

/* The descriptions of a process live in its pages of kind RECORD_DESCS;
 * a new one goes in the first page with room. */
static struct desc_page *page_with_room(struct proc *p)
{
	for (unsigned page = WINDOW_FIRST_FREE_PAGE; page < WINDOW_PAGES; page++) {
		if (!(p->window_used[page / 64] & (1ul << (page % 64))))
			continue;
		struct desc_page *dp = (struct desc_page *)window_va(p->pid, page);
		if (dp->header.kind == RECORD_DESCS && dp->used != ~1ul)
			return dp;
	}
	return record_alloc(p, RECORD_DESCS);
}

uint32_t desc_create(struct proc *p, const struct vnode *v, uint32_t flags)
{
	struct desc_page *dp = page_with_room(p);
	if (!dp)
		return 0;
	unsigned slot = 1;
	while (dp->used & (1ul << slot))
		slot++;
	dp->used |= 1ul << slot;
	struct desc *d = (struct desc *)((char *)dp + 64 * slot);
	memset(d, 0, sizeof(*d));
	d->kind = v->kind;
	d->flags = flags;
	d->mode = v->mode;
	d->ino = v->ino;
	d->data = v->data;
	d->size = v->size;
	if (tmpfs_is_node(v->ino))
		tmpfs_open(v->ino); /* an unlinked file lives while open */
	return record_handle(dp, slot, 0);
}

struct desc *desc_of(uint32_t handle)
{
	struct desc_page *dp = record_of(handle, RECORD_DESCS);
	unsigned slot = HANDLE_SLOT(handle);
	if (!dp || slot == 0 || !(dp->used & (1ul << slot)))
		return 0;
	return (struct desc *)((char *)dp + 64 * slot);
}

void desc_unref(uint32_t handle)
{
	struct desc *d = desc_of(handle);
	if (!d || --d->refs > 0)
		return;
	if (d->text)
		record_free(d->text);
	if (tmpfs_is_node(d->ino))
		tmpfs_close(d->ino);
	struct desc_page *dp = record_of(handle, RECORD_DESCS);
	dp->used &= ~(1ul << HANDLE_SLOT(handle));
	if (!dp->used)
		record_free(dp);
}

int desc_render(struct proc *p, struct desc *d)
{
	char *page = record_alloc(p, RECORD_TEXT);
	if (!page)
		return -PX_ENOMEM;
	/* The text follows the record header. */
	char *text = page + 64;
	long n = procfs_render(d->ino, text, 4096 - 64);
	if (n < 0) {
		record_free(page);
		return (int)n;
	}
	d->text = page;
	d->data = (const uint8_t *)text;
	d->size = (uint64_t)n < 4096 - 64 ? (uint64_t)n : 4096 - 65;
	return 0;
}

int desc_dir_node(const struct desc *d, struct vnode *v)
{
	return vfs_node_of(d->ino, v);
}

uint64_t desc_mtime(const struct desc *d)
{
	struct vnode v;
	if (tmpfs_is_node(d->ino))
		return tmpfs_mtime(d->ino);
	if (procfs_is_node(d->ino))
		return clock_now_ns(); /* made as it is read, as stat says */
	return vfs_node_of(d->ino, &v) ? clock_boot_ns() : v.mtime;
}

uint64_t desc_size(const struct desc *d)
{
	uint32_t mode;
	uint64_t size;
	if (tmpfs_is_node(d->ino))
		return tmpfs_stat(d->ino, &mode, &size) ? 0 : size;
	return d->size;
}
