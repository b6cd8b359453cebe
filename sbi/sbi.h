/* The SBI calls Ration makes (RISC-V SBI spec v1.0; OpenSBI 1.1 on QEMU).
 * Each call returns the SBI error code (0 = SBI_SUCCESS) and, where the call
 * has one, a value through `value`. sbi_init() probes the extensions once;
 * the wrappers fall back to the legacy calls where the spec allows. */
#ifndef SBI_SBI_H
#define SBI_SBI_H

#include "kernel/types.h"

#define SBI_SUCCESS           0
#define SBI_ERR_FAILED        -1
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3

/* Extension ids. */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR   0x01
#define SBI_EXT_LEGACY_GETCHAR   0x02
#define SBI_EXT_LEGACY_SHUTDOWN  0x08
#define SBI_EXT_BASE             0x10
#define SBI_EXT_TIME             0x54494D45 /* "TIME" */
#define SBI_EXT_IPI              0x735049   /* "sPI" */
#define SBI_EXT_RFENCE           0x52464E43 /* "RFNC" */
#define SBI_EXT_HSM              0x48534D   /* "HSM" */
#define SBI_EXT_SRST             0x53525354 /* "SRST" */

/* SRST reset types and reasons. */
#define SBI_RESET_SHUTDOWN       0
#define SBI_RESET_COLD_REBOOT    1
#define SBI_RESET_REASON_NONE    0
#define SBI_RESET_REASON_FAILURE 1

/* HSM hart states. */
#define SBI_HART_STARTED 0
#define SBI_HART_STOPPED 1

struct sbi_info {
	long spec_version; /* major << 24 | minor */
	long impl_id;      /* 1 = OpenSBI */
	long impl_version;
	bool has_time, has_ipi, has_rfence, has_hsm, has_srst;
};

void sbi_init(void);
const struct sbi_info *sbi_get_info(void);
const char *sbi_impl_name(long impl_id);

/* Base extension. */
long sbi_probe_extension(long eid);

/* Timer: next interrupt when `time` reaches stime_value. */
long sbi_set_timer(uint64_t stime_value);

/* IPI and remote fences to the harts in hart_mask (bit i = hart base + i). */
long sbi_send_ipi(word_t hart_mask, word_t hart_mask_base);
long sbi_remote_fence_i(word_t hart_mask, word_t hart_mask_base);
long sbi_remote_sfence_vma(word_t hart_mask, word_t hart_mask_base, vaddr_t start, word_t size);

/* Hart state management. */
long sbi_hart_start(word_t hartid, paddr_t start_addr, word_t opaque);
long sbi_hart_stop(void);
long sbi_hart_get_status(word_t hartid, long *status);

/* System reset; returns only if it failed. */
long sbi_system_reset(uint32_t type, uint32_t reason);

/* Legacy console: works before the UART is mapped. */
void sbi_console_putchar(int c);
int sbi_console_getchar(void); /* -1 if nothing */

#endif
