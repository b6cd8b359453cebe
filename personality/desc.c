/* Open file descriptions (desc.h). */
#include "personality/desc.h"

#include "personality/file.h"
#include "personality/procfs.h"
#include "personality/clock.h"
#include "personality/tmpfs.h"
#include "personality/tty.h"

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

/* When its node's data last changed (struct px_stat.mtime). */
static uint64_t desc_mtime(const struct desc *d)
{
	struct vnode v;
	if (tmpfs_is_node(d->ino))
		return tmpfs_mtime(d->ino);
	if (procfs_is_node(d->ino))
		return clock_now_ns(); /* made as it is read, as stat says */
	return vfs_node_of(d->ino, &v) ? clock_boot_ns() : v.mtime;
}

/* The size of what it names now (a tmpfs file's changes). */
static uint64_t desc_size(const struct desc *d)
{
	uint32_t mode;
	uint64_t size;
	if (tmpfs_is_node(d->ino))
		return tmpfs_stat(d->ino, &mode, &size) ? 0 : size;
	return d->size;
}

/* ---- descriptions as open files (file.h) ----------------------------------------- */

static void desc_stat(struct file *f, struct px_stat *st)
{
	const struct desc *d = f->desc;
	st->mode = d->mode;
	st->ino = d->ino;
	st->size = desc_size(d);
	st->mtime = desc_mtime(d);
	st->nlink = tmpfs_is_node(d->ino) ? tmpfs_nlink(d->ino) : 1; /* 0: unlinked */
}

static long desc_seek(struct file *f, int64_t offset, uint64_t whence)
{
	struct desc *d = f->desc;
	int64_t base = whence == 0 ? 0 : whence == 1 ? (int64_t)d->offset : (int64_t)desc_size(d);
	if (whence > 2 || (offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -PX_EINVAL;
	d->offset = (uint64_t)(base + offset);
	return (long)d->offset;
}

static void desc_set_nonblock(struct file *f, bool on)
{
	f->desc->flags = (f->desc->flags & ~PX_O_NONBLOCK) | (on ? PX_O_NONBLOCK : 0);
}

/* A tmpfs file: its pages, written at the end with O_APPEND. */
static long tmpfs_file_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	struct desc *d = f->desc;
	long r = tmpfs_read(d->ino, d->offset, buf, len);
	if (r > 0)
		d->offset += (uint64_t)r;
	return r;
}

static long tmpfs_file_write(struct proc *p, struct file *f, const char *buf, uint64_t len)
{
	struct desc *d = f->desc;
	uint32_t mode;
	uint64_t size;
	if (tmpfs_stat(d->ino, &mode, &size))
		return -PX_EIO; /* removed under the description */
	uint64_t at = d->flags & PX_O_APPEND ? size : d->offset;
	long r = tmpfs_write(p, d->ino, at, buf, len);
	if (r > 0)
		d->offset = at + (uint64_t)r;
	return r;
}

static long tmpfs_file_truncate(struct proc *p, struct file *f, uint64_t length)
{
	return tmpfs_truncate(p, f->desc->ino, length);
}

/* A file whose bytes the description points at: an initrd file, or a
 * /proc file's text rendered at open. */
static long memory_file_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	struct desc *d = f->desc;
	uint64_t n = d->offset >= d->size ? 0 : d->size - d->offset;
	if (n > len)
		n = len;
	memcpy(buf, d->data + d->offset, n);
	d->offset += n;
	return (long)n;
}

static long dir_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	return -PX_EISDIR;
}

/* The next entries of a directory (its offset counts entries): the
 * directory is found once for the batch. */
static long dir_readdir(struct file *f, char *buf, uint64_t max)
{
	struct desc *d = f->desc;
	struct vnode dir;
	if (vfs_node_of(d->ino, &dir))
		return -PX_EBADF;
	struct px_dirent *e = (struct px_dirent *)buf;
	uint64_t n = 0;
	for (uint32_t kind; n < max; n++, e++) {
		if (!vfs_dir_entry(&dir, d->offset, e->name, &kind, &d->dir_cursor))
			break;
		d->offset++;
		e->ino = 0; /* (ls asks stat for what it needs) */
		e->type = kind == VN_DIR    ? PX_S_IFDIR
		          : kind == VN_FILE ? PX_S_IFREG
		          : kind == VN_LINK ? PX_S_IFLNK
		                            : PX_S_IFCHR;
	}
	return (long)n;
}

static long null_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	return 0;
}

static long zero_read(struct proc *p, struct file *f, char *buf, uint64_t len)
{
	memset(buf, 0, len);
	return (long)len;
}

/* /dev/null and /dev/zero take everything. */
static long sink_write(struct proc *p, struct file *f, const char *buf, uint64_t len)
{
	return (long)len;
}

static long no_seek(struct file *f, int64_t offset, uint64_t whence)
{
	return 0;
}

static const struct file_ops tmpfs_file_ops = {
	.read = tmpfs_file_read,
	.write = tmpfs_file_write,
	.stat = desc_stat,
	.seek = desc_seek,
	.set_nonblock = desc_set_nonblock,
	.truncate = tmpfs_file_truncate,
};

static const struct file_ops memory_file_ops = {
	.read = memory_file_read,
	.stat = desc_stat,
	.seek = desc_seek,
	.set_nonblock = desc_set_nonblock,
};

static const struct file_ops dir_ops = {
	.read = dir_read,
	.stat = desc_stat,
	.seek = desc_seek,
	.set_nonblock = desc_set_nonblock,
	.readdir = dir_readdir,
};

static const struct file_ops null_ops = {
	.read = null_read,
	.write = sink_write,
	.stat = desc_stat,
	.seek = no_seek,
	.set_nonblock = desc_set_nonblock,
};

static const struct file_ops zero_ops = {
	.read = zero_read,
	.write = sink_write,
	.stat = desc_stat,
	.seek = no_seek,
	.set_nonblock = desc_set_nonblock,
};

/* /dev/console: the console's reads and writes, the description's stat. */
static const struct file_ops dev_console_ops = {
	.read = tty_file_read,
	.write = tty_file_write,
	.stat = desc_stat,
	.set_nonblock = desc_set_nonblock,
	.poll = tty_file_poll,
};

const struct file_ops *desc_file_ops(const struct desc *d)
{
	switch (d->kind) {
	case VN_DIR:
		return &dir_ops;
	case VN_CONSOLE:
		return &dev_console_ops;
	case VN_NULL:
		return &null_ops;
	case VN_ZERO:
		return &zero_ops;
	default:
		return tmpfs_is_node(d->ino) ? &tmpfs_file_ops : &memory_file_ops;
	}
}
