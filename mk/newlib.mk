# newlib for user programs (docs/newlib.md). scripts/build-newlib.sh builds
# it once from Debian's newlib-source tarball and caches it in $(O)/newlib.
# Then the programs built on it: hosted C, with libc-glue's POSIX layer
# (every system call an IPC Call to the POSIX server, rn/px.h).
#
#   make newlib       $(O)/newlib/install/riscv64-unknown-elf/{include,lib}
#   make nl-programs  $(O)/nl/apps/<name>.elf for each of NL_PROGRAMS
#
# Included by the Makefile, or on its own: make -f mk/newlib.mk newlib nl-programs
#
# For a program that uses newlib:
#   NEWLIB_INC     newlib's headers
#   NEWLIB_LIBDIR  libc.a and libm.a
#   NEWLIB_CFLAGS  the include path, in the order a newlib GCC would use
#   NEWLIB_LIBS    libc, libm and libgcc, grouped: each needs the others
#   NEWLIB_STAMP   a prerequisite for anything that uses the above
# NEWLIB_DIR (default $(O)/newlib) may point several build directories at
# one cache; the script locks it, so concurrent makes can share it.

# Defaults for use on its own; the Makefile defines these first.
O ?= build
CROSS ?= riscv64-unknown-elf-
TCC ?= $(CROSS)gcc
TARCH ?= -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
WARN ?= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
# Programs on newlib have hardware floating point: rv64gc (G is IMAFD with
# Zicsr and Zifencei), lp64d, as newlib is built (scripts/build-newlib.sh),
# and the libgcc of that multilib (GCC's default one). The kernel, the
# server and the freestanding programs stay integer-only ($(TARCH)).
NL_TARCH := -march=rv64gc -mabi=lp64d -mcmodel=medany
NL_LIBGCC := $(shell $(TCC) $(NL_TARCH) -print-libgcc-file-name 2>/dev/null)
ifeq ($(origin msg),undefined)
ifeq ($(V),1)
Q ?=
msg = @true
else
Q ?= @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif
endif

NEWLIB_DIR ?= $(O)/newlib
NEWLIB_STAMP := $(NEWLIB_DIR)/stamp
NEWLIB_INC := $(NEWLIB_DIR)/install/riscv64-unknown-elf/include
NEWLIB_LIBDIR := $(NEWLIB_DIR)/install/riscv64-unknown-elf/lib
# Debian's newlib-source; the script says what to install if it is missing.
NEWLIB_TARBALL ?= $(firstword $(wildcard /usr/src/newlib/newlib-*.tar.*))

# GCC's own headers (stddef.h, stdarg.h, limits.h) come before newlib's, as
# in a toolchain built with newlib: their include_next chains expect it.
NEWLIB_CFLAGS := -nostdinc -isystem $(shell $(TCC) -print-file-name=include 2>/dev/null) \
	-isystem $(shell $(TCC) -print-file-name=include-fixed 2>/dev/null) -isystem $(NEWLIB_INC)
NEWLIB_LIBS := -Wl,--start-group $(NEWLIB_LIBDIR)/libc.a $(NEWLIB_LIBDIR)/libm.a $(NL_LIBGCC) \
	-Wl,--end-group

.PHONY: newlib nl-programs
newlib: $(NEWLIB_STAMP)

# The script prints its own NEWLIB lines and does nothing when its stamp is
# current; it is run again when it or the tarball changes.
$(NEWLIB_STAMP): scripts/build-newlib.sh $(NEWLIB_TARBALL)
	$(Q)NEWLIB_TARBALL='$(NEWLIB_TARBALL)' CROSS='$(CROSS)' scripts/build-newlib.sh $(NEWLIB_DIR)

# ---- programs on newlib -----------------------------------------------------
# Where each lands in the initrd; the program is apps/<name>/*.c, so adding
# one is one word here (the Makefile's initrd rule reads this list).
NL_PROGRAMS := sbin/init bin/sh bin/hello bin/pxtest bin/libctest bin/pxbench bin/true bin/exit42 bin/echo bin/cat bin/ls bin/wc bin/head bin/tail bin/grep bin/sort bin/sleep bin/false bin/env bin/kill bin/uptime bin/free bin/poweroff bin/rm bin/cp bin/mv bin/yes bin/seq bin/mkdir bin/ps bin/rmdir bin/touch bin/chmod bin/quota bin/forkbomb bin/memhog bin/pagebomb bin/capbomb \
	bin/tee bin/xargs bin/cut bin/tr bin/uniq bin/expr bin/ubox

# pxbench's scaling figures (apps/pxscale) only where pxbench is init: the
# server keeps the text of every program of the initrd. (The fragment is
# read too: a variant's first make has no .config yet.)
BENCH_INIT := $(shell cat $(CONFIG) $(CONFIG_FRAGMENT) 2>/dev/null | \
	grep -q '^CONFIG_PX_INIT="bin/pxbench"' && echo y)
NL_PROGRAMS += $(if $(BENCH_INIT),bin/pxscale)

# The utilities linked into ubox (apps/ubox/ubox.c says why), each with its
# main renamed; /bin/<name> is a script that runs ubox <name>. Adding one
# is a word here and one in ubox.c's APPLETS. Each program of its own
# carries its own copy of the C library (some 35 KiB of text, which the
# server keeps for every program of the initrd), so the small ones that no
# test or program runs by exec live here too.
UBOX_APPS := sed awk find diff od ln link unlink readlink du df id uname date time vi \
	basename dirname nl paste comm fold cmp \
	cksum tty logname nohup nice expand unexpand strings split join cal dd pr tsort getconf more
UBOX_OBJS := $(patsubst %.c,$(O)/nl/ubox/%.o,$(foreach a,$(UBOX_APPS),$(wildcard apps/$(a)/*.c)))

# libc-glue's POSIX layer, linked into every one of them: crt0.S is the
# process start-up (_start), px_*.c newlib's system calls.
NL_GLUE_SRCS := libc-glue/px_call.c libc-glue/px_io.c libc-glue/px_fd.c libc-glue/px_fs.c \
	libc-glue/px_mem.c libc-glue/px_poll.c libc-glue/px_tty.c libc-glue/px_signal.c \
	libc-glue/px_proc.c \
	libc-glue/px_exec.c libc-glue/px_time.c \
	libc-glue/system.c libc-glue/sigjmp.c libc-glue/stdio_lock.c libc-glue/sysinfo.c \
	libc-glue/realpath.c libc-glue/pw_line.c libc-glue/users.c
NL_GLUE_OBJS := $(O)/nl/libc-glue/crt0.o $(O)/nl/libc-glue/setjmp.o $(O)/nl/libc-glue/fp_regs.o $(patsubst %.c,$(O)/nl/%.o,$(NL_GLUE_SRCS))
NL_APP_OBJS := $(patsubst %.c,$(O)/nl/%.o,$(foreach p,$(NL_PROGRAMS),\
	$(wildcard apps/$(notdir $(p))/*.c)))

# Hosted C, unlike the freestanding programs: no -ffreestanding or
# -fno-builtin. _DEFAULT_SOURCE, as for the host build: -std=c11 alone would
# hide POSIX (fork, waitpid, usleep) in newlib's headers.
NL_CFLAGS := $(NL_TARCH) -std=c11 -D_DEFAULT_SOURCE -O2 -g -fno-common -fno-pie \
	-ffunction-sections -fdata-sections $(NEWLIB_CFLAGS) $(WARN) \
	-I. -Ikernel/include -Ilibc-glue/include -I$(O)/include -MMD -MP
NL_ASFLAGS := $(NL_TARCH) -g -I. -Ikernel/include -Ilibc-glue/include -D__ASSEMBLY__ -MMD -MP
NL_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,-z,max-page-size=4096 \
	-T libc-glue/user.ld

nl-programs: $(foreach p,$(NL_PROGRAMS),$(O)/nl/apps/$(notdir $(p)).elf)

# (Order-only: generated/config.h exists before a program includes it;
# the dependency files track who does.)
$(O)/nl/%.o: %.c $(NEWLIB_STAMP) | $(AUTOCONF)
	$(call msg,NLCC,$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(NL_CFLAGS) -c $< -o $@

# (The stamp changes with newlib's flags, which are these objects' too.)
$(O)/nl/%.o: %.S $(NEWLIB_STAMP)
	$(call msg,NLAS,$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(NL_ASFLAGS) -c $< -o $@

# (Secondary expansion: the stem picks the program's sources. No % inside,
# which in a pattern rule's prerequisites would be the stem.)
.SECONDARY:
.SECONDEXPANSION:
$(O)/nl/apps/%.elf: $$(addprefix $(O)/nl/,$$(subst .c,.o,$$(wildcard apps/$$*/*.c))) \
		$(NL_GLUE_OBJS) $(NEWLIB_STAMP) libc-glue/user.ld
	$(call msg,NLLD,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(NL_TARCH) $(NL_LDFLAGS) -o $@ $(filter %.o,$^) $(NEWLIB_LIBS)

$(O)/nl/ubox/apps/%.o: apps/%.c $(NEWLIB_STAMP)
	$(call msg,NLCC,ubox/$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)# (ubox.c declares the renamed mains; here they have no prototype.
	$(Q)# -Os: the server keeps every program's text, and ubox's is the
	$(Q)# largest; the utilities in it are not where time goes.)
	$(Q)$(TCC) $(NL_CFLAGS) -Os -Wno-missing-prototypes -Dmain=ubox_main_$(firstword $(subst /, ,$*)) \
		-c $< -o $@

# (An explicit rule: the pattern rule above would take apps/ubox alone.)
$(O)/nl/apps/ubox.elf: $(O)/nl/apps/ubox/ubox.o $(UBOX_OBJS) $(NL_GLUE_OBJS) $(NEWLIB_STAMP) \
		libc-glue/user.ld
	$(call msg,NLLD,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(NL_TARCH) $(NL_LDFLAGS) -o $@ $(filter %.o,$^) $(NEWLIB_LIBS)

-include $(NL_GLUE_OBJS:.o=.d) $(NL_APP_OBJS:.o=.d) $(UBOX_OBJS:.o=.d)
