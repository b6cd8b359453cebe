/* SBI calls: ecall with the extension id in a7 and the function id in a6;
 * the firmware answers with an error in a0 and a value in a1. */
#include "sbi/sbi.h"

struct sbiret {
	long error;
	long value;
};

static struct sbi_info info;

static struct sbiret sbi_call(long eid, long fid, word_t a0, word_t a1, word_t a2, word_t a3)
{
	register word_t r_a0 __asm__("a0") = a0;
	register word_t r_a1 __asm__("a1") = a1;
	register word_t r_a2 __asm__("a2") = a2;
	register word_t r_a3 __asm__("a3") = a3;
	register word_t r_a6 __asm__("a6") = (word_t)fid;
	register word_t r_a7 __asm__("a7") = (word_t)eid;
	__asm__ volatile("ecall"
	                 : "+r"(r_a0), "+r"(r_a1)
	                 : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
	                 : "memory");
	return (struct sbiret){ (long)r_a0, (long)r_a1 };
}

/* Legacy (v0.1) calls return their result in a0 only. */
static long sbi_legacy(long eid, word_t a0)
{
	return sbi_call(eid, 0, a0, 0, 0, 0).error;
}

long sbi_probe_extension(long eid)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, (word_t)eid, 0, 0, 0);
	return r.error ? 0 : r.value;
}

void sbi_init(void)
{
	info.spec_version = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0, 0).value;
	info.impl_id = sbi_call(SBI_EXT_BASE, 1, 0, 0, 0, 0).value;
	info.impl_version = sbi_call(SBI_EXT_BASE, 2, 0, 0, 0, 0).value;
	info.has_time = sbi_probe_extension(SBI_EXT_TIME) != 0;
	info.has_ipi = sbi_probe_extension(SBI_EXT_IPI) != 0;
	info.has_rfence = sbi_probe_extension(SBI_EXT_RFENCE) != 0;
	info.has_hsm = sbi_probe_extension(SBI_EXT_HSM) != 0;
	info.has_srst = sbi_probe_extension(SBI_EXT_SRST) != 0;
}

const struct sbi_info *sbi_get_info(void)
{
	return &info;
}

const char *sbi_impl_name(long impl_id)
{
	static const char *const names[] = {
		"BBL", "OpenSBI", "Xvisor", "KVM", "RustSBI", "Diosix"
	};
	if (impl_id >= 0 && impl_id < (long)ARRAY_SIZE(names))
		return names[impl_id];
	return "unknown";
}

long sbi_set_timer(uint64_t stime_value)
{
	if (!info.has_time)
		return sbi_legacy(SBI_EXT_LEGACY_SET_TIMER, stime_value);
	return sbi_call(SBI_EXT_TIME, 0, stime_value, 0, 0, 0).error;
}

long sbi_send_ipi(word_t hart_mask, word_t hart_mask_base)
{
	return sbi_call(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0).error;
}

long sbi_remote_fence_i(word_t hart_mask, word_t hart_mask_base)
{
	return sbi_call(SBI_EXT_RFENCE, 0, hart_mask, hart_mask_base, 0, 0).error;
}

long sbi_remote_sfence_vma(word_t hart_mask, word_t hart_mask_base, vaddr_t start, word_t size)
{
	return sbi_call(SBI_EXT_RFENCE, 1, hart_mask, hart_mask_base, start, size).error;
}

long sbi_hart_start(word_t hartid, paddr_t start_addr, word_t opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start_addr, opaque, 0).error;
}

long sbi_hart_stop(void)
{
	return sbi_call(SBI_EXT_HSM, 1, 0, 0, 0, 0).error;
}

long sbi_hart_get_status(word_t hartid, long *status)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hartid, 0, 0, 0);
	if (r.error == SBI_SUCCESS)
		*status = r.value;
	return r.error;
}

long sbi_system_reset(uint32_t type, uint32_t reason)
{
	if (!info.has_srst) {
		sbi_legacy(SBI_EXT_LEGACY_SHUTDOWN, 0);
		return SBI_ERR_NOT_SUPPORTED;
	}
	return sbi_call(SBI_EXT_SRST, 0, type, reason, 0, 0).error;
}

void sbi_console_putchar(int c)
{
	sbi_legacy(SBI_EXT_LEGACY_PUTCHAR, (word_t)(unsigned char)c);
}

int sbi_console_getchar(void)
{
	long c = sbi_legacy(SBI_EXT_LEGACY_GETCHAR, 0);
	return c < 0 ? -1 : (int)c;
}
