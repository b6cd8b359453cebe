/* The writable file system (tmpfs.h). */
#include "personality/tmpfs.h"

#include "personality/sysmem.h"
#include "personality/clock.h"
#include "personality/vm.h"

#include <ration/objects.h>
#include <ration/rights.h>
#include <rn/debug.h>
#include <rn/vspace.h>

#include "kernel/string.h"

#include <stddef.h>
#include <rn/timebase.h>

#define TNODE_INLINE (PAGE_BYTES - 64 - (PX_NAME_MAX + 1))
#define TNODE_PAGES  (TNODE_INLINE / 4)
#define TNODE_MAX    ((uint64_t)TNODE_PAGES * PAGE_BYTES) /* a file's largest size */
#define IDX_MASK     (TMPFS_MAX_NODES - 1)

/* A data page: (pid << 16) | its block in that pid's book; 0 is a hole,
 * which reads as zeros. */
#define DPAGE(pid, block) (((uint32_t)(pid) << 16) | (uint32_t)(block))
#define DPAGE_PID(e)      ((e) >> 16)
#define DPAGE_BLOCK(e)    ((e)&0xffff)

struct tnode {
	uint32_t owner;      /* pid whose budget holds this page */
	budget_slot_t block; /* the page's block in the owner's book */
	uint32_t mode;       /* PX_S_IFREG, PX_S_IFDIR or PX_S_IFLNK | permission bits;
	                      * TMPFS_S_IFWHT, TMPFS_S_IFNAME */
	uint32_t nopen;      /* open descriptions naming it */
	uint64_t ino;        /* its own number */
	uint64_t parent;     /* its directory's number; 0 once unlinked */
	uint64_t size;
	uint64_t mtime; /* ns since the epoch: its data (a directory: its entries) last changed */
	uint32_t hash;  /* of name, to skip most compares */
	uint8_t paged;  /* data in pages[], not inline */
	uint8_t pad;
	uint16_t names; /* extra names (TMPFS_S_IFNAME nodes) naming it: < PX_LINK_MAX */
	/* The next node (index + 1; 0 ends) in its name's hash chain and in
	 * its directory's (chains below): only while it has a directory. */
	uint32_t name_next, dir_next;
	char name[PX_NAME_MAX + 1];
	union {
		uint8_t data[TNODE_INLINE];
		uint32_t pages[TNODE_PAGES];
		uint64_t file; /* an extra name's: the node it names */
	};
};
_Static_assert(sizeof(struct tnode) == PAGE_BYTES, "a node is a page");
_Static_assert(TNODE_MAX == TMPFS_FILE_MAX, "tmpfs.h says how large a file can be");
_Static_assert(PX_LINK_MAX - 1 <= UINT16_MAX, "names counts extra names");

static uint64_t nnodes;     /* node numbers: one per page of RAM */
/* Hash chains, so that a lookup and a listing cost what the directory
 * holds, whatever the rest of the file system holds: a node is in the
 * chain of (its directory, its name) and in that of its directory, each a
 * list through the nodes from a head here (index + 1). One head per 16
 * nodes in each table; the seed, taken at boot, keeps a process from
 * choosing names that all land in one chain. */
static uint32_t *name_heads, *dir_heads;
static uint64_t bucket_mask;
static uint64_t hash_seed;
static uint64_t *used;      /* a bit per index, in the first pages of TNODE_VA */
static uint64_t nodes_va;   /* index i is at nodes_va + i * PAGE_BYTES */
static uint32_t generation; /* of the next node made */
static uint64_t version;    /* names taken away or moved so far */

static struct tnode *tnode_at(uint64_t idx)
{
	return (struct tnode *)(nodes_va + idx * PAGE_BYTES);
}

/* The node ino names, or NULL if it is not (or no longer) one. */
static struct tnode *node(uint64_t ino)
{
	uint64_t idx = ino & IDX_MASK;
	if (!tmpfs_is_node(ino) || idx >= nnodes || !(used[idx / 64] & (1ul << (idx % 64))))
		return 0;
	struct tnode *t = tnode_at(idx);
	return t->ino == ino ? t : 0;
}

/* Calls for each node in use, in index order, until fn returns true;
 * returns the node it stopped at. */
static struct tnode *each_node(bool (*fn)(struct tnode *, void *), void *arg)
{
	for (uint64_t w = 0; w < (nnodes + 63) / 64; w++) {
		for (uint64_t bits = used[w]; bits; bits &= bits - 1) {
			struct tnode *t = tnode_at(w * 64 + (uint64_t)__builtin_ctzl(bits));
			if (fn(t, arg))
				return t;
		}
	}
	return 0;
}

static uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static uint64_t mix(uint64_t x)
{
	x ^= hash_seed;
	x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9ull;
	return x ^ (x >> 29);
}

static uint32_t *name_chain(uint64_t dir, uint32_t hash)
{
	return &name_heads[mix(dir * 0x100000001b3ull ^ hash) & bucket_mask];
}

static uint32_t *dir_chain(uint64_t dir)
{
	return &dir_heads[mix(dir) & bucket_mask];
}

static uint32_t index_of(const struct tnode *t)
{
	return (uint32_t)(t->ino & IDX_MASK);
}

/* The node a chain link names, or NULL at the end. */
static struct tnode *linked(uint32_t link)
{
	return link ? tnode_at(link - 1) : NULL;
}

static void chain_remove(uint32_t *head, struct tnode *t, size_t next_offset)
{
	uint32_t want = index_of(t) + 1;
	for (uint32_t *link = head; *link;) {
		uint32_t *next = (uint32_t *)((char *)linked(*link) + next_offset);
		if (*link == want) {
			*link = *next;
			*next = 0;
			return;
		}
		link = next;
	}
}

/* t joins the chains of its directory and name (it has a directory). */
static void chains_add(struct tnode *t)
{
	uint32_t *n = name_chain(t->parent, t->hash), *d = dir_chain(t->parent);
	t->name_next = *n;
	*n = index_of(t) + 1;
	t->dir_next = *d;
	*d = index_of(t) + 1;
}

/* t leaves them (before its directory or name changes, or it goes). */
static void chains_remove(struct tnode *t)
{
	if (!t->parent)
		return;
	chain_remove(name_chain(t->parent, t->hash), t, offsetof(struct tnode, name_next));
	chain_remove(dir_chain(t->parent), t, offsetof(struct tnode, dir_next));
}

static void map_tables(uint64_t va, uint64_t len)
{
	int err = 0;
	for (uint64_t at = va; !err && at < va + len; at += 2ul << 20) {
		if (at == va || at % (1ul << 30) == 0) {
			uint64_t mid = sysmem_make_root(RN_OBJ_PAGE_TABLE, 0);
			err = rn_page_table_map(ROOT(mid), ROOT(RN_SLOT_ROOT_VSPACE), at);
		}
		uint64_t pt = sysmem_make_root(RN_OBJ_PAGE_TABLE, 0);
		if (!err)
			err = rn_page_table_map(ROOT(pt), ROOT(RN_SLOT_ROOT_VSPACE), at);
	}
	if (err)
		die("tmpfs page tables", err);
}

void tmpfs_boot(uint64_t ram_bytes)
{
	nnodes = ram_bytes / PAGE_BYTES;
	if (nnodes > TMPFS_MAX_NODES)
		nnodes = TMPFS_MAX_NODES;
	uint64_t bitmap_pages = (nnodes + 8 * PAGE_BYTES - 1) / (8 * PAGE_BYTES);
	uint64_t buckets = 64;
	while (buckets < nnodes / 16)
		buckets <<= 1;
	bucket_mask = buckets - 1;
	uint64_t head_pages = (buckets * sizeof(uint32_t) + PAGE_BYTES - 1) / PAGE_BYTES;
	uint64_t table_pages = bitmap_pages + 2 * head_pages; /* zero: fresh frames */
	used = (uint64_t *)TNODE_VA;
	name_heads = (uint32_t *)(TNODE_VA + bitmap_pages * PAGE_BYTES);
	dir_heads = (uint32_t *)(TNODE_VA + (bitmap_pages + head_pages) * PAGE_BYTES);
	nodes_va = TNODE_VA + table_pages * PAGE_BYTES;
	hash_seed = rn_rdtime() * 0x9e3779b97f4a7c15ull;
	map_tables(TNODE_VA, (table_pages + nnodes) * PAGE_BYTES);
	for (uint64_t i = 0; i < table_pages; i++) {
		uint64_t f = sysmem_make_root(RN_OBJ_FRAME_4K, 0);
		int err =
		    rn_frame_map(ROOT(f), ROOT(RN_SLOT_ROOT_VSPACE), TNODE_VA + i * PAGE_BYTES,
		                 RN_RIGHT_READ | RN_RIGHT_WRITE, 0);
		if (err)
			die("tmpfs tables", err);
	}
}

/* ---- pages ----------------------------------------------------------------- */

/* A zeroed 4 KiB frame from p's budget: its block, or BUDGET_NONE. Every
 * file system page is made and freed here, so p->fs_pages counts what p
 * pays for (a process that has none ends without a scan). */
static budget_slot_t page_alloc(struct proc *p, enum budget_kind kind)
{
	budget_slot_t frame;
	budget_slot_t block = proc_alloc_objects(p, 12, kind, RN_OBJ_FRAME_4K, 0, 1, &frame);
	if (block != BUDGET_NONE)
		p->fs_pages++;
	return block;
}

static cptr_t page_cap(uint32_t pid, budget_slot_t block)
{
	return CAP(pid, proc_meta(proc_get(pid), block)->obj);
}

static void page_free(uint32_t pid, budget_slot_t block)
{
	struct proc *p = proc_get(pid);
	proc_free_objects(p, block);
	p->fs_pages--;
}

static void dpage_free(uint32_t e)
{
	if (e)
		page_free(DPAGE_PID(e), (budget_slot_t)DPAGE_BLOCK(e));
}

enum { TO_PAGE, FROM_PAGE, ZERO_PAGE };

/* Copies len bytes at off within data page e to or from buf, or zeroes
 * them. */
static void dpage_copy(uint32_t e, uint64_t off, void *buf, uint64_t len, int how)
{
	cptr_t cap = page_cap(DPAGE_PID(e), (budget_slot_t)DPAGE_BLOCK(e));
	uint8_t *va = vm_scratch_map(cap, 0);
	if (how == TO_PAGE)
		memcpy(va + off, buf, len);
	else if (how == FROM_PAGE)
		memcpy(buf, va + off, len);
	else
		memset(va + off, 0, len);
	vm_scratch_unmap(cap);
}

/* ---- nodes ----------------------------------------------------------------- */

static long free_index(void)
{
	for (uint64_t w = 0; w < (nnodes + 63) / 64; w++) {
		if (~used[w]) {
			uint64_t idx = w * 64 + (uint64_t)__builtin_ctzl(~used[w]);
			return idx < nnodes ? (long)idx : -1;
		}
	}
	return -1;
}

/* A node's contents changed now (a directory's: an entry came or went). */
static void modified(uint64_t ino)
{
	struct tnode *t = node(ino);
	if (t)
		t->mtime = clock_now_ns();
}

static void set_name(struct tnode *t, const char *name)
{
	size_t n = strlen(name);
	memcpy(t->name, name, n + 1);
	t->hash = name_hash(name, n);
}

long tmpfs_create(struct proc *p, uint64_t dir, const char *name, uint32_t mode)
{
	long idx = free_index();
	if (idx < 0)
		return -PX_ENOSPC;
	budget_slot_t block = page_alloc(p, BUDGET_RECORDS);
	if (block == BUDGET_NONE)
		return -PX_ENOSPC;
	struct tnode *t = tnode_at((uint64_t)idx);
	if (rn_frame_map(page_cap(p->pid, block), ROOT(RN_SLOT_ROOT_VSPACE), (uintptr_t)t,
	                 RN_RIGHT_READ | RN_RIGHT_WRITE, 0)) {
		page_free(p->pid, block);
		return -PX_ENOSPC;
	}
	/* Zero from Retype. */
	t->owner = p->pid;
	t->block = block;
	t->mode = mode;
	t->ino = TMPFS_INO_BASE | (uint64_t)(++generation & 0x1fff) << 20 | (uint64_t)idx;
	t->parent = dir;
	t->mtime = clock_now_ns();
	set_name(t, name);
	if (dir)
		chains_add(t);
	used[idx / 64] |= 1ul << (idx % 64);
	modified(dir);
	return (long)t->ino;
}

static bool is_extra_name(const struct tnode *t)
{
	return (t->mode & TMPFS_S_IFMT) == TMPFS_S_IFNAME;
}

static void destroy(struct tnode *t);

/* A node goes once no name is left for it (its own, or an extra name) and
 * no description has it open (POSIX: a file outlives its last link while
 * open). */
static void drop_if_unused(struct tnode *t)
{
	if (!t->parent && !t->names && !t->nopen)
		destroy(t);
}

/* Frees the node's data pages and the node; an extra name lets go of its
 * file, which goes too if that was all that kept it. */
static void destroy(struct tnode *t)
{
	uint64_t file = is_extra_name(t) ? t->file : 0;
	if (t->paged) {
		for (unsigned i = 0; i < TNODE_PAGES; i++)
			dpage_free(t->pages[i]);
	}
	chains_remove(t);
	uint64_t idx = t->ino & IDX_MASK;
	uint32_t owner = t->owner;
	budget_slot_t block = t->block;
	used[idx / 64] &= ~(1ul << (idx % 64));
	page_free(owner, block); /* unmaps it */
	struct tnode *f = file ? node(file) : NULL;
	if (f) {
		f->names--;
		drop_if_unused(f);
	}
}

int tmpfs_stat(uint64_t ino, uint32_t *mode, uint64_t *size)
{
	struct tnode *t = node(ino);
	if (!t)
		return -PX_ENOENT;
	*mode = t->mode;
	*size = t->size;
	return 0;
}

uint32_t tmpfs_nlink(uint64_t ino)
{
	struct tnode *t = node(ino);
	return t ? t->names + (t->parent != 0) : 0;
}

uint64_t tmpfs_named(uint64_t entry)
{
	struct tnode *t = node(entry);
	return t && is_extra_name(t) ? t->file : entry;
}

long tmpfs_link(struct proc *p, uint64_t file, const char *name)
{
	struct tnode *f = node(file);
	if (!f)
		return -PX_ENOENT;
	if ((f->mode & TMPFS_S_IFMT) == PX_S_IFDIR || is_extra_name(f) ||
	    (f->mode & TMPFS_S_IFMT) == TMPFS_S_IFWHT)
		return -PX_EPERM;
	if (f->names + 1u >= PX_LINK_MAX)
		return -PX_EMLINK;
	long ino = tmpfs_create(p, 0, name, TMPFS_S_IFNAME);
	if (ino < 0)
		return ino;
	node((uint64_t)ino)->file = file;
	f->names++; /* counted from now: freeing the name unplaced gives it back */
	return ino;
}

uint64_t tmpfs_mtime(uint64_t ino)
{
	struct tnode *t = node(ino);
	return t ? t->mtime : 0;
}

void tmpfs_set_mtime(uint64_t ino, uint64_t ns)
{
	struct tnode *t = node(ino);
	if (t)
		t->mtime = ns;
}

struct find {
	uint64_t dir;
	const char *name;
	size_t len;
	uint32_t hash;
	uint64_t n; /* entries to skip (dir_entry) */
};

static bool is_named(struct tnode *t, void *arg)
{
	struct find *f = arg;
	return t->parent == f->dir && t->hash == f->hash && !memcmp(t->name, f->name, f->len) &&
	       t->name[f->len] == 0;
}

uint64_t tmpfs_child(uint64_t dir, const char *name, size_t len)
{
	if (len > PX_NAME_MAX)
		return 0;
	struct find f = { dir, name, len, name_hash(name, len), 0 };
	for (struct tnode *t = linked(*name_chain(dir, f.hash)); t; t = linked(t->name_next))
		if (is_named(t, &f))
			return t->ino;
	return 0;
}

static bool is_whiteout(const struct tnode *t)
{
	return (t->mode & TMPFS_S_IFMT) == TMPFS_S_IFWHT;
}

/* A cursor (tmpfs.h): the entry number and the node of the last entry
 * listed, packed: (n + 1) << 33 | the node's number past TMPFS_INO_BASE
 * (33 bits: generation and index). */
#define CURSOR(n, ino)   (((uint64_t)(n) + 1) << 33 | ((ino)-TMPFS_INO_BASE))
#define CURSOR_N(c)      (((c) >> 33) - 1)
#define CURSOR_INO(c)    (((c) & ((1ul << 33) - 1)) + TMPFS_INO_BASE)

int tmpfs_dir_entry(uint64_t dir, uint64_t n, char name[PX_NAME_MAX + 1], uint32_t *mode,
                    uint64_t *cursor)
{
	/* From the last entry listed if this is the one after it, else from
	 * the chain's start. */
	struct tnode *t = linked(*dir_chain(dir)), *last;
	uint64_t skip = n;
	if (*cursor && CURSOR_N(*cursor) + 1 == n && (last = node(CURSOR_INO(*cursor))) != 0 &&
	    last->parent == dir) {
		t = linked(last->dir_next);
		skip = 0;
	}
	for (; t; t = linked(t->dir_next)) {
		if (t->parent != dir || is_whiteout(t))
			continue;
		if (skip-- == 0)
			break;
	}
	if (!t)
		return 0;
	*cursor = CURSOR(n, t->ino);
	memcpy(name, t->name, strlen(t->name) + 1);
	struct tnode *named = is_extra_name(t) ? node(t->file) : t;
	*mode = named ? named->mode : 0;
	return 1;
}

void tmpfs_drop_whiteouts(uint64_t dir)
{
	for (struct tnode *t = linked(*dir_chain(dir)), *next; t; t = next) {
		next = linked(t->dir_next);
		if (t->parent == dir && is_whiteout(t))
			destroy(t); /* never open */
	}
}

int tmpfs_parent(uint64_t ino, uint64_t *dir, const char **name)
{
	struct tnode *t = node(ino);
	if (!t || !t->parent)
		return -PX_ENOENT;
	*dir = t->parent;
	*name = t->name;
	return 0;
}

uint64_t tmpfs_version(void)
{
	return version;
}

void tmpfs_unlink(uint64_t ino)
{
	struct tnode *t = node(ino);
	if (!t)
		return;
	version++;
	modified(t->parent);
	chains_remove(t);
	t->parent = 0;
	drop_if_unused(t);
}

void tmpfs_rename(uint64_t ino, uint64_t dir, const char *name)
{
	struct tnode *t = node(ino);
	if (!t)
		return;
	version++;
	modified(t->parent);
	modified(dir);
	chains_remove(t);
	t->parent = dir;
	set_name(t, name);
	chains_add(t);
}

void tmpfs_chmod(uint64_t ino, uint32_t perm)
{
	struct tnode *t = node(ino);
	if (t)
		t->mode = (t->mode & ~07777u) | (perm & 07777u);
}

void tmpfs_open(uint64_t ino)
{
	struct tnode *t = node(ino);
	if (t)
		t->nopen++;
}

void tmpfs_close(uint64_t ino)
{
	struct tnode *t = node(ino);
	if (t && --t->nopen == 0)
		drop_if_unused(t);
}

/* ---- data ------------------------------------------------------------------ */

long tmpfs_read(uint64_t ino, uint64_t off, char *buf, uint64_t len)
{
	struct tnode *t = node(ino);
	if (!t)
		return -PX_EIO; /* removed under an open description */
	if (t->mode & PX_S_IFDIR)
		return -PX_EISDIR;
	if (off >= t->size)
		return 0;
	if (len > t->size - off)
		len = t->size - off;
	if (!t->paged) {
		memcpy(buf, t->data + off, len);
		return (long)len;
	}
	for (uint64_t done = 0; done < len;) {
		uint64_t at = off + done, in = at % PAGE_BYTES, n = PAGE_BYTES - in;
		if (n > len - done)
			n = len - done;
		uint32_t e = t->pages[at / PAGE_BYTES];
		if (e)
			dpage_copy(e, in, buf + done, n, FROM_PAGE);
		else
			memset(buf + done, 0, n);
		done += n;
	}
	return (long)len;
}

/* Moves inline data into pages (p pays for the first); 0 or -PX_ENOSPC. */
static int make_paged(struct proc *p, struct tnode *t)
{
	uint32_t first = 0;
	if (t->size) {
		budget_slot_t block = page_alloc(p, BUDGET_FRAMES);
		if (block == BUDGET_NONE)
			return -PX_ENOSPC;
		first = DPAGE(p->pid, block);
		dpage_copy(first, 0, t->data, t->size, TO_PAGE);
	}
	memset(t->data, 0, sizeof(t->data));
	t->pages[0] = first;
	t->paged = 1;
	return 0;
}

long tmpfs_write(struct proc *p, uint64_t ino, uint64_t off, const char *buf, uint64_t len)
{
	struct tnode *t = node(ino);
	if (!t)
		return -PX_EIO;
	if (off >= TNODE_MAX)
		return len ? -PX_EFBIG : 0;
	if (len > TNODE_MAX - off)
		len = TNODE_MAX - off;
	if (!t->paged && off + len <= TNODE_INLINE) {
		memcpy(t->data + off, buf, len);
	} else {
		if (!t->paged && make_paged(p, t))
			return -PX_ENOSPC;
		uint64_t done = 0;
		while (done < len) {
			uint64_t at = off + done, in = at % PAGE_BYTES, n = PAGE_BYTES - in;
			if (n > len - done)
				n = len - done;
			uint32_t *e = &t->pages[at / PAGE_BYTES];
			if (!*e) {
				budget_slot_t block = page_alloc(p, BUDGET_FRAMES);
				if (block == BUDGET_NONE)
					break;
				*e = DPAGE(p->pid, block);
			}
			dpage_copy(*e, in, (void *)(buf + done), n, TO_PAGE);
			done += n;
		}
		if (done == 0)
			return -PX_ENOSPC;
		len = done;
	}
	if (off + len > t->size)
		t->size = off + len;
	if (len)
		t->mtime = clock_now_ns();
	return (long)len;
}

int tmpfs_truncate(struct proc *p, uint64_t ino, uint64_t size)
{
	struct tnode *t = node(ino);
	if (!t)
		return -PX_EIO;
	if (size > TNODE_MAX)
		return -PX_EFBIG;
	if (size >= t->size) {
		/* Growing: the new bytes are zeros (holes, or inline zeros). */
		if (!t->paged && size > TNODE_INLINE && make_paged(p, t))
			return -PX_ENOSPC;
		t->size = size;
		t->mtime = clock_now_ns();
		return 0;
	}
	if (!t->paged) {
		memset(t->data + size, 0, t->size - size);
	} else if (size == 0) {
		for (unsigned i = 0; i < TNODE_PAGES; i++)
			dpage_free(t->pages[i]);
		memset(t->data, 0, sizeof(t->data));
		t->paged = 0;
	} else {
		/* Pages wholly past the end go; the last one's tail is zeroed, so
		 * that growing again reads zeros there. */
		for (uint64_t i = (size + PAGE_BYTES - 1) / PAGE_BYTES; i < TNODE_PAGES; i++) {
			dpage_free(t->pages[i]);
			t->pages[i] = 0;
		}
		uint32_t last = t->pages[size / PAGE_BYTES];
		if (size % PAGE_BYTES && last)
			dpage_copy(last, size % PAGE_BYTES, 0, PAGE_BYTES - size % PAGE_BYTES,
			           ZERO_PAGE);
	}
	t->size = size;
	t->mtime = clock_now_ns();
	return 0;
}

/* ---- a process ends -------------------------------------------------------- */

/* Copies the frame of (pid, block) into a new page of the first heir with
 * room; returns that heir's pid and block, or 0 if none has room. */
static uint32_t copy_to_heir(uint32_t pid, budget_slot_t block, enum budget_kind kind,
                             struct proc *heirs[], unsigned n, budget_slot_t *out)
{
	for (unsigned i = 0; i < n; i++) {
		budget_slot_t b = page_alloc(heirs[i], kind);
		if (b == BUDGET_NONE)
			continue;
		if (rn_frame_copy(page_cap(heirs[i]->pid, b), page_cap(pid, block))) {
			page_free(heirs[i]->pid, b);
			continue;
		}
		*out = b;
		return heirs[i]->pid;
	}
	return 0;
}

struct leaving {
	struct proc *p;
	struct proc **heirs;
	unsigned nheirs;
	bool stuck; /* a page found no heir */
};

/* Moves the data pages and the node page of t that p pays for. */
static bool move_node(struct tnode *t, void *arg)
{
	struct leaving *l = arg;
	uint32_t pid = l->p->pid;
	budget_slot_t b;
	if (t->paged) {
		for (unsigned i = 0; i < TNODE_PAGES; i++) {
			uint32_t e = t->pages[i];
			if (!e || DPAGE_PID(e) != pid)
				continue;
			uint32_t to = copy_to_heir(pid, (budget_slot_t)DPAGE_BLOCK(e),
			                           BUDGET_FRAMES, l->heirs, l->nheirs, &b);
			if (!to) {
				l->stuck = true;
				return false;
			}
			t->pages[i] = DPAGE(to, b);
			page_free(pid, (budget_slot_t)DPAGE_BLOCK(e));
		}
	}
	if (t->owner != pid)
		return false;
	uint32_t to = copy_to_heir(pid, t->block, BUDGET_RECORDS, l->heirs, l->nheirs, &b);
	if (!to) {
		l->stuck = true;
		return false;
	}
	/* The copy is exact, then the old frame's mapping gives way. */
	budget_slot_t old = t->block;
	rn_frame_unmap(page_cap(pid, old));
	if (rn_frame_map(page_cap(to, b), ROOT(RN_SLOT_ROOT_VSPACE), (uintptr_t)t,
	                 RN_RIGHT_READ | RN_RIGHT_WRITE, 0))
		die("tmpfs: remapping a node", 0);
	t->owner = to;
	t->block = b;
	page_free(pid, old);
	return false;
}

/* Whether p still pays for a page of t. */
static bool pays_for(const struct tnode *t, uint32_t pid)
{
	if (t->owner == pid)
		return true;
	if (t->paged) {
		for (unsigned i = 0; i < TNODE_PAGES; i++) {
			if (t->pages[i] && DPAGE_PID(t->pages[i]) == pid)
				return true;
		}
	}
	return false;
}

static bool is_stuck(struct tnode *t, void *arg)
{
	return pays_for(t, *(uint32_t *)arg);
}

/* The first node in directory dir, or NULL. */
static struct tnode *first_child(uint64_t dir)
{
	for (struct tnode *t = linked(*dir_chain(dir)); t; t = linked(t->dir_next))
		if (t->parent == dir)
			return t;
	return NULL;
}

static bool names_file(struct tnode *t, void *arg)
{
	return is_extra_name(t) && t->file == *(uint64_t *)arg;
}

/* Removes t and its extra names: a description still open on any of them
 * reads EIO from then on. */
static void remove_one(struct tnode *t)
{
	uint64_t ino = t->ino;
	struct tnode *c;
	while (t->names && (c = each_node(names_file, &ino)) != 0) {
		c->file = 0; /* t goes below, once */
		t->names--;
		destroy(c);
	}
	rn_printf("pxserver: no budget could keep tmpfs node %s (%lu bytes); removed\n", t->name,
	          (unsigned long)t->size);
	version++;
	destroy(t);
}

/* Removes t, and if it is a directory everything under it, deepest
 * first. A loop, not a recursion: a tree may be deeper than the server's
 * stack could follow. */
static void remove_tree(struct tnode *top)
{
	uint64_t top_ino = top->ino;
	struct tnode *t = top, *c;
	for (;;) {
		while ((c = first_child(t->ino)) != 0)
			t = c;
		bool last = t->ino == top_ino;
		uint64_t up = t->parent;
		remove_one(t);
		if (last)
			return;
		t = node(up);
	}
}

void tmpfs_exit(struct proc *p, struct proc *heirs[], unsigned nheirs)
{
	if (!p->fs_pages)
		return;
	struct leaving l = { .p = p, .heirs = heirs, .nheirs = nheirs };
	each_node(move_node, &l);
	if (!l.stuck)
		return;
	uint32_t pid = p->pid;
	struct tnode *t;
	while ((t = each_node(is_stuck, &pid)) != 0)
		remove_tree(t);
}

uint64_t tmpfs_charged(const struct proc *p)
{
	return (uint64_t)p->fs_pages * PAGE_BYTES;
}
