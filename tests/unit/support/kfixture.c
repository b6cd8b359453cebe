/* Test fixture over the kernel memory model (see kfixture.h). */
#include "tests/unit/support/kfixture.h"
#include <stdlib.h>
#include <string.h>
#include "kernel/pmem.h"
#include "tests/unit/support/fake_pmem.h"

struct rn_untyped_desc kf_desc[CONFIG_MAX_BOOT_UNTYPED];
struct boot_untyped_result kf_boot_res;
struct rn_error_info kf_err;
struct inv_reply kf_reply;

int kf_boot(size_t pmem, const struct mem_range *ram, word_t n_ram, const struct mem_range *dev,
            word_t n_dev)
{
	fake_pmem_init(KF_BASE, pmem);
	memset(paddr_to_kptr(KF_BASE), 0xa5, pmem); /* garbage, to catch lazy zeroing */
	return boot_create_untyped(ram, n_ram, dev, n_dev, kf_desc, CONFIG_MAX_BOOT_UNTYPED,
	                           &kf_boot_res);
}

void kf_boot_standard(void)
{
	static const struct mem_range ram[] = { { KF_BASE, MiB(1) }, { KF_BASE + MiB(2), MiB(2) } };
	static const struct mem_range dev[] = { { KF_BASE + MiB(1), KiB(64) } };
	if (kf_boot(MiB(4), ram, 2, dev, 1) != RN_OK)
		abort();
}

const struct cap *kf_root(void)
{
	return &kf_boot_res.root_cnode_slot->cap;
}

struct slot *kf_slot(word_t i)
{
	return (struct slot *)paddr_to_kptr(kf_boot_res.root_cnode) + i;
}

int kf_invoke(word_t service, word_t label, const word_t *mr, word_t len, const word_t *extra,
              word_t n_extra)
{
	/* Through a copy of the root cap, as a thread's TCB would hold it:
	 * the root CNode's own slot may be changed by the invocation. */
	struct cap root = *kf_root();
	return invoke_cptr(&root, service, label, mr, len, extra, n_extra, &kf_reply, &kf_err);
}

int kf_retype(word_t ut, word_t type, word_t bits, word_t dest_slot, word_t count)
{
	word_t mr[] = { type, bits, 0, 0, dest_slot, count };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	return kf_invoke(ut, RN_UNTYPED_RETYPE, mr, 6, extra, 1);
}

static int two_slot(word_t label, word_t dst, word_t src, word_t a, word_t b, word_t len)
{
	word_t mr[] = { dst, 64, src, 64, a, b };
	word_t extra[] = { RN_SLOT_ROOT_CNODE };
	return kf_invoke(RN_SLOT_ROOT_CNODE, label, mr, len, extra, 1);
}

int kf_copy(word_t dst, word_t src, word_t rights)
{
	return two_slot(RN_CNODE_COPY, dst, src, rights, 0, 5);
}

int kf_mint(word_t dst, word_t src, word_t rights, word_t badge)
{
	return two_slot(RN_CNODE_MINT, dst, src, rights, badge, 6);
}

int kf_move(word_t dst, word_t src)
{
	return two_slot(RN_CNODE_MOVE, dst, src, 0, 0, 4);
}

int kf_mutate(word_t dst, word_t src, word_t data)
{
	return two_slot(RN_CNODE_MUTATE, dst, src, data, 0, 5);
}

int kf_delete(word_t slot)
{
	word_t mr[] = { slot, 64 };
	return kf_invoke(RN_SLOT_ROOT_CNODE, RN_CNODE_DELETE, mr, 2, NULL, 0);
}

int kf_revoke(word_t slot)
{
	word_t mr[] = { slot, 64 };
	return kf_invoke(RN_SLOT_ROOT_CNODE, RN_CNODE_REVOKE, mr, 2, NULL, 0);
}

word_t kf_free_bytes(word_t ut)
{
	if (kf_invoke(ut, RN_UNTYPED_DESCRIBE, NULL, 0, NULL, 0) != RN_OK)
		abort();
	return kf_reply.mr[2];
}

struct kf_snapshot {
	uint8_t *mem;
	size_t size;
	struct slot head;
	word_t count;
};

struct kf_snapshot *kf_snapshot_take(void)
{
	struct kf_snapshot *s = malloc(sizeof(*s));
	s->size = fake_pmem_size();
	s->mem = malloc(s->size);
	memcpy(s->mem, paddr_to_kptr(fake_pmem_base()), s->size);
	s->head = *cdt_head();
	s->count = cdt_count();
	return s;
}

bool kf_snapshot_same(const struct kf_snapshot *s)
{
	return s->size == fake_pmem_size() &&
	       memcmp(s->mem, paddr_to_kptr(fake_pmem_base()), s->size) == 0 &&
	       memcmp(&s->head, cdt_head(), sizeof(s->head)) == 0 && s->count == cdt_count();
}

void kf_snapshot_free(struct kf_snapshot *s)
{
	free(s->mem);
	free(s);
}
