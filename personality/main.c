/* The POSIX server: the root task of a normal boot. It re-roots its CSpace
 * (layout.h), keeps a fixed amount of memory for itself, maps the UART and
 * the initrd, and hands every other byte to the first process, /sbin/init,
 * as its budget; then it serves. */
#include "personality/clock.h"
#include "personality/console.h"
#include "personality/exec.h"
#include "personality/fd.h"
#include "personality/initrd.h"
#include "personality/jobs.h"
#include "personality/lend.h"
#include "personality/layout.h"
#include "personality/process.h"
#include "personality/procfs.h"
#include "personality/serve.h"
#include "personality/sysmem.h"
#include "personality/timer.h"
#include "personality/tmpfs.h"
#include "personality/vm.h"

#include <generated/config.h>
#include <ration/bootinfo.h>
#include <ration/cspace.h>
#include <ration/objects.h>
#include <rn/cnode.h>
#include <rn/debug.h>
#include <rn/px.h>
#include <rn/tcb.h>
#include <rn/untyped.h>
#include <rn/vspace.h>

#include "kernel/string.h"

void root_main(const struct rn_bootinfo *bi);

/* Before the switch, cptrs are root slot numbers (the boot CNode cap's
 * guard covers all 64 bits). Makes the guarded root cap, the directory, the
 * server's book and leaf, and SELF; then the thread uses the new root. */
static void reroot_cspace(const struct rn_bootinfo *bi)
{
	int err = rn_cnode_mint(RN_SLOT_ROOT_CNODE, SLOT_ROOT_GUARDED, 64, RN_SLOT_ROOT_CNODE,
	                        RN_SLOT_ROOT_CNODE, 64, RN_RIGHTS_ALL,
	                        RN_CNODE_GUARD_DATA(0, ROOT_GUARD));
	if (err)
		die("the guarded root", err);
	/* With the guarded cap as the root of Retype's destination, deeper
	 * CNodes can be named before the switch. */
	const struct {
		unsigned bits;
		uint64_t index;
		unsigned depth;
		uint64_t offset;
	} nodes[] = {
		{ DIR_BITS, 0, 0, SLOT_DIR },                    /* the directory */
		{ BOOK_BITS, SLOT_DIR, DEPTH_ROOT_SLOT, 0 },     /* the server's book */
		{ LEAF_BITS, index_book(0), DEPTH_DIR_SLOT, 0 }, /* its leaf 0 */
	};
	for (unsigned n = 0; n < 3; n++) {
		err = RN_NOT_ENOUGH_MEMORY;
		for (uint64_t i = 0; i < bi->n_untyped && err == RN_NOT_ENOUGH_MEMORY; i++) {
			if (!bi->untyped[i].is_device)
				err = rn_untyped_retype(bi->untyped[i].slot, RN_OBJ_CNODE,
				                        nodes[n].bits, SLOT_ROOT_GUARDED,
				                        nodes[n].index, nodes[n].depth,
				                        nodes[n].offset, 1);
		}
		if (err)
			die("the server's CNodes", err);
	}
	err = rn_cnode_copy(SLOT_ROOT_GUARDED, SELF, 64, SLOT_ROOT_GUARDED, SLOT_ROOT_GUARDED,
	                    DEPTH_ROOT_SLOT, RN_RIGHTS_ALL);
	if (!err)
		err = rn_tcb_configure(RN_SLOT_ROOT_TCB, SLOT_ROOT_GUARDED, RN_SLOT_ROOT_VSPACE,
		                       bi->ipc_buffer_slot, RN_ROOT_IPC_BUFFER);
	if (err)
		die("switching to the server's CSpace", err);
}

/* Page tables for a region of the server's address space that lies in a
 * 1 GiB range of its own. */
static void map_region_tables(uint64_t va, uint64_t len)
{
	uint64_t pt = sysmem_make_root(RN_OBJ_PAGE_TABLE, 0); /* the middle level */
	int err = rn_page_table_map(ROOT(pt), ROOT(RN_SLOT_ROOT_VSPACE), va);
	for (uint64_t at = va; !err && at < va + len; at += 2ul << 20) {
		pt = sysmem_make_root(RN_OBJ_PAGE_TABLE, 0);
		err = rn_page_table_map(ROOT(pt), ROOT(RN_SLOT_ROOT_VSPACE), at);
	}
	if (err)
		die("server page tables", err);
}

/* Bytes of RAM the boot untyped hold. */
static uint64_t ram_bytes(const struct rn_bootinfo *bi)
{
	uint64_t ram = 0;
	for (uint64_t i = 0; i < bi->n_untyped; i++) {
		if (!bi->untyped[i].is_device)
			ram += (1ul << bi->untyped[i].size_bits) - bi->untyped[i].watermark;
	}
	return ram;
}

static void make_server_objects(const struct rn_bootinfo *bi)
{
	sysmem_make(RN_OBJ_ENDPOINT, 0, 0, 0, SLOT_ENDPOINT);
	sysmem_make(RN_OBJ_REPLY, 0, 0, 0, SLOT_REPLY);
	vm_boot();
	proc_boot();
	map_region_tables(INITRD_VA, bi->initrd_size + 4096);
	map_region_tables(UART_VA, 4096);
	map_region_tables(SCRATCH_VA, 2 * 4096);
	tmpfs_boot(ram_bytes(bi));
}

static bool give_to_init(uint64_t slot, unsigned order, void *arg)
{
	return proc_add_root_untyped(arg, slot, order);
}

/* argv: the path, then CONFIG_PX_INIT_ARGS split at spaces; the
 * environment: PATH and HOME. */
static void start_init(struct proc *init)
{
	static char args[512];
	static struct exec_plan plan;
	size_t n = 0;
	unsigned argc = 1;
	const char *path = CONFIG_PX_INIT, *extra = CONFIG_PX_INIT_ARGS;
	size_t path_len = strlen(path);
	memcpy(args, path, path_len + 1);
	n = path_len + 1;
	for (const char *s = extra; *s && n < sizeof(args) - 32;) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		while (*s && *s != ' ' && n < sizeof(args) - 32)
			args[n++] = *s++;
		args[n++] = 0;
		argc++;
	}
	/* Two strings; sizeof counts the NUL after each. */
	static const char env[] = "PATH=/bin\0HOME=/home";
	memcpy(args + n, env, sizeof(env));
	n += sizeof(env);
	int err = exec_prepare(&plan, path, 0, args, n, argc, 2);
	if (err || exec_commit(init, &plan) || rn_tcb_resume(CAP(init->pid, init->tcb)))
		die("starting " CONFIG_PX_INIT, 0);
}

void root_main(const struct rn_bootinfo *bi)
{
	reroot_cspace(bi);
	sysmem_init(bi);
	make_server_objects(bi);
	console_init(bi);
	clock_init(bi);
	timer_init();
	initrd_map(bi);
	exec_boot(bi);

	lend_boot();
	unsigned order;
	uint64_t first = sysmem_largest_whole(&order);
	struct proc *init = first ? proc_create(ROOT(first), order) : 0;
	if (!init)
		die("making init's records", 0);
	sysmem_hand_over(first, give_to_init, init);
	uint64_t server = sysmem_used();
	lend_root(init);
	init->system_right = 1; /* it hands it on (PX_FORK_SYSTEM) */
	if (!process_setup(init))
		die("making init's objects", 0);
	fd_init_console(init);
	init->pgid = init->sid = init->pid; /* the console's session */
	if (jobs_lead_group(init))
		jobs_join_group(init);
	start_init(init);

	uint64_t ram = ram_bytes(bi);
	procfs_ram = ram;
	procfs_server = server;
	rn_printf("pxserver: %lu bytes of free RAM at boot: server %lu, init's budget %lu\n",
	          (unsigned long)ram, (unsigned long)server, (unsigned long)init->budget.total);
	serve();
}
