/* Test fixture over the kernel memory model (see kfixture.h). */
#include "tests/unit/support/kfixture.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "kernel/message.h"
#include "kernel/pmem.h"
#include "kernel/syscall.h"
#include "tests/unit/support/fake_pmem.h"

struct rn_untyped_desc kf_desc[CONFIG_MAX_BOOT_UNTYPED];
struct boot_untyped_result kf_boot_res;
struct rn_error_info kf_err;
struct inv_reply kf_reply;

/* The thread that makes the invocations: its TCB in host memory, its IPC
 * buffer in a page of fake RAM past the RAM the test describes (fake RAM
 * grows by 1 MiB for it), so neither is part of the kernel state the
 * tests look at. */
static struct tcb kf_thread;
static size_t kf_pmem; /* the RAM the test describes */

int kf_boot(size_t pmem, const struct mem_range *ram, word_t n_ram, const struct mem_range *dev,
            word_t n_dev)
{
	fake_pmem_init(KF_BASE, pmem + MiB(1));
	kf_pmem = pmem;
	memset(paddr_to_kptr(KF_BASE), 0xa5, pmem); /* garbage, to catch lazy zeroing */
	memset(&kf_thread, 0, sizeof(kf_thread));
	kf_thread.state = THREAD_RUNNABLE;
	kf_thread.slots[TCB_SLOT_IPC_BUFFER].cap = cap_frame_new(KF_BASE + pmem, false, false);
	memset(tcb_ipc_buffer(&kf_thread), 0, sizeof(struct rn_ipc_buffer));
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
	struct tcb *t = &kf_thread;
	struct rn_ipc_buffer *buf = tcb_ipc_buffer(t);
	if (len > RN_MSG_MAX_LENGTH || n_extra > RN_MSG_MAX_EXTRA_CAPS) {
		fprintf(stderr, "kfixture: a Call carries at most %d words and %d caps\n",
		        RN_MSG_MAX_LENGTH, RN_MSG_MAX_EXTRA_CAPS);
		abort();
	}
	/* The root CNode cap as the thread's TCB holds it: a copy, since the
	 * root CNode's own slot may be changed by the invocation. */
	t->slots[TCB_SLOT_CSPACE].cap = *kf_root();
	for (word_t i = 0; i < len; i++)
		tcb_set_mr(t, buf, i, mr[i]);
	for (word_t i = 0; i < n_extra; i++)
		buf->caps_or_badges[i] = extra[i];
	arch_set_register(&t->ctx, RN_REG_SYSCALL, RN_SYS_CALL);
	arch_set_register(&t->ctx, RN_REG_CPTR, service);
	arch_set_register(&t->ctx, RN_REG_INFO, RN_MSGINFO(label, 0, n_extra, len));

	syscall_dispatch(t);
	if (t->state != THREAD_RUNNABLE) {
		fprintf(stderr, "kfixture: the Call on cptr %lu was IPC, not an invocation\n",
		        (unsigned long)service);
		abort();
	}

	/* The answer, as the thread sees it: the label is the error code,
	 * the words the results or the error's details (<ration/syscall.h>). */
	word_t info = arch_get_register(&t->ctx, RN_REG_INFO);
	word_t code = RN_MSGINFO_LABEL(info), len_back = RN_MSGINFO_LENGTH(info);
	if (code == RN_OK) {
		kf_err = (struct rn_error_info){ .code = RN_OK };
		kf_reply.len = MIN(len_back, (word_t)RN_MSG_MAX_REPLY);
		for (word_t i = 0; i < kf_reply.len; i++)
			kf_reply.mr[i] = tcb_get_mr(t, buf, i);
	} else {
		word_t w[RN_ERROR_REPLY_WORDS] = { 0 };
		for (word_t i = 0; i < MIN(len_back, (word_t)RN_ERROR_REPLY_WORDS); i++)
			w[i] = tcb_get_mr(t, buf, i);
		kf_err = (struct rn_error_info){ code, w[0], w[1], w[2], w[3],
			                         w[4], w[5], w[6], w[7], w[8] };
		kf_reply.len = 0;
	}
	return (int)code;
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
	s->size = kf_pmem;
	s->mem = malloc(s->size);
	memcpy(s->mem, paddr_to_kptr(fake_pmem_base()), s->size);
	s->head = *cdt_head();
	s->count = cdt_count();
	return s;
}

bool kf_snapshot_same(const struct kf_snapshot *s)
{
	return s->size == kf_pmem &&
	       memcmp(s->mem, paddr_to_kptr(fake_pmem_base()), s->size) == 0 &&
	       memcmp(&s->head, cdt_head(), sizeof(s->head)) == 0 && s->count == cdt_count();
}

void kf_snapshot_free(struct kf_snapshot *s)
{
	free(s->mem);
	free(s);
}
