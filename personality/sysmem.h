/* The server's own memory: a fixed budget carved from the boot untyped at
 * start-up, before the first process takes the rest. Nothing a client asks
 * for ever comes from here (docs/personality.md, "Boot"). */
#ifndef PERSONALITY_SYSMEM_H
#define PERSONALITY_SYSMEM_H

#include "personality/layout.h"

#include <ration/bootinfo.h>
#include <stdbool.h>
#include <stdint.h>

void sysmem_init(const struct rn_bootinfo *bi);

/* A free root slot (boot only: the root CNode is the server's). */
uint64_t sysmem_slot(void);

/* Retypes one object from the server's memory into slot `offset` of the
 * CNode at (index, depth) from SELF (depth 0: the root CNode). Panics when
 * the server's memory is gone: that is a boot-time sizing bug. */
void sysmem_make(unsigned type, unsigned size_bits, uint64_t index, unsigned depth,
                 uint64_t offset);

/* One object into a fresh root slot; returns the slot. */
uint64_t sysmem_make_root(unsigned type, unsigned size_bits);

/* Maps the device page at physical `pa` (page aligned) read-write at `va`
 * in the server (its page tables must exist), from the device untyped
 * that covers it; `what` names it if that fails (fatal). */
void sysmem_map_device(uint64_t pa, uint64_t va, const char *what);

/* Bytes the server has taken for itself (known after sysmem_hand_over). */
uint64_t sysmem_used(void);

/* The largest boot untyped the server has not touched (root slot), and its
 * order; 0 if none. */
uint64_t sysmem_largest_whole(unsigned *order);

/* Calls give(slot, order) for every block of free boot memory but the one
 * in root slot `skip`, as naturally aligned untyped caps in root slots.
 * The server makes nothing more after this. */
void sysmem_hand_over(uint64_t skip, bool (*give)(uint64_t slot, unsigned order, void *arg),
                      void *arg);

/* A fatal server error at boot: print and power off with status 3. */
_Noreturn void die(const char *what, int err);

/* Stops the machine (QEMU exits with status) through the kernel's IRQ
 * control cap, the machine's, which only the server holds: this works
 * whether or not the kernel has its debug calls (CONFIG_DEBUG_SYSCALLS). */
_Noreturn void sysmem_poweroff(int status);

#endif
