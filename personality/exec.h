/* Programs: the system's shared copy of the text of each program in the
 * initrd, and loading an image into a process. */
#ifndef PERSONALITY_EXEC_H
#define PERSONALITY_EXEC_H

#include "personality/proc.h"

#include <ration/bootinfo.h>

#include "kernel/elf.h"

/* Copies the read-only segments of every program in the initrd into
 * frames of the server's memory (boot only). */
void exec_boot(const struct rn_bootinfo *bi);

/* A checked exec: everything that can be refused is refused by exec_prepare,
 * before the old image is touched; exec_commit then only needs memory. */
struct exec_plan {
	const void *file; /* an initrd program's bytes */
	uint64_t ino;     /* or the tmpfs node it is read from */
	uint64_t size;
	struct elf_image img;
	int program;   /* index in the text cache, or -1 for a tmpfs file */
	char name[32]; /* the program's name: the path's last part */
	unsigned argc;
	uint64_t sp, argv, envp; /* in the new image */
	uint8_t stack[4096];     /* the top stack page: strings and pointer arrays */
};

/* The program at path (an initrd path; or tmpfs node ino, if not 0), then
 * argc argument strings and envc environment strings, packed NUL-terminated
 * in args[0..len). Returns 0 or -PX_E*. */
int exec_prepare(struct exec_plan *plan, const char *path, uint64_t ino, const char *args,
                 uint64_t len, unsigned argc, unsigned envc);

/* Loads the plan into p, whose address space has no user pages, and sets
 * its registers (it is not resumed). An initrd program's read-only pages
 * are the system's shared text; a tmpfs program's are copied into p's
 * budget like its data. Returns 0 or -PX_ENOMEM. */
int exec_commit(struct proc *p, const struct exec_plan *plan);

#endif
