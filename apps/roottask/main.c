/* The default root task until the POSIX server exists: it shows, from user
 * level, what the kernel handed over (every untyped cap and how much of it
 * is free, asked of the kernel with Untyped_Describe), then stops itself. */
#include <ration/bootinfo.h>
#include <rn/debug.h>
#include <rn/tcb.h>
#include <rn/untyped.h>

void root_main(const struct rn_bootinfo *bi);

void root_main(const struct rn_bootinfo *bi)
{
	rn_printf("roottask: running in user mode; %lu untyped caps, first free slot %lu\n",
	          (unsigned long)bi->n_untyped, (unsigned long)bi->first_free_slot);
	rn_word_t total = 0, free = 0;
	for (rn_word_t i = 0; i < bi->n_untyped; i++) {
		struct rn_untyped_info info;
		int err = rn_untyped_describe(bi->untyped[i].slot, &info);
		if (err) {
			rn_printf("roottask: describe slot %lu: %s\n",
			          (unsigned long)bi->untyped[i].slot, rn_error_name(err));
			continue;
		}
		if (!(info.flags & RN_UNTYPED_DEVICE)) {
			total += 1ul << info.size_bits;
			free += info.free_bytes;
		}
	}
	rn_printf("roottask: untyped RAM %lu bytes, %lu free, %lu used by the root task\n",
	          (unsigned long)total, (unsigned long)free, (unsigned long)(total - free));
	rn_tcb_suspend(RN_SLOT_ROOT_TCB);
}
