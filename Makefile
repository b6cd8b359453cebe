# Ration's build. Use ./build.sh rather than calling make directly: it
# installs the toolchain first. Everything goes out of tree under $(O).
#
#   make            kernel image + initrd        ($(O)/kernel.elf, $(O)/initrd.cpio)
#   make unit       host unit tests               ($(O)/host/unit_tests)
#   make qemu-tests host QEMU integration tests   ($(O)/host/qemu_tests)
#   make bench-host host micro-benchmarks         ($(O)/host/bench)
#   V=1             show full commands
#   O=dir           build directory (variants for tests live in their own O)
#   CONFIG_FRAGMENT=file   seed a new $(O)/.config from this fragment

O ?= build
V ?= 0
ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif

CROSS ?= riscv64-unknown-elf-
TCC := $(CROSS)gcc
TOBJCOPY := $(CROSS)objcopy
TNM := $(CROSS)nm
TSTRIP := $(CROSS)strip
HOSTCC ?= cc

CONFIG := $(O)/.config
AUTOCONF := $(O)/include/generated/config.h

# binutils 2.40 wants zicsr/zifencei spelled out, but libgcc must come from
# the plain rv64imac multilib (docs/design.md, "Toolchain and platform facts").
TARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
LIBGCC := $(shell $(TCC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name 2>/dev/null)

INCLUDES := -I. -Ikernel/include -I$(O)/include
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
# Frame pointers (for the panic backtrace) in debug kernels only: without
# them every call on the IPC path is a few instructions shorter.
# (Recursive variables: read when a recipe runs, after .config exists.)
KDEBUG = $(shell grep -q '^CONFIG_KERNEL_DEBUG=y' $(CONFIG) 2>/dev/null && echo y)
TFRAME = $(if $(KDEBUG),-fno-omit-frame-pointer,-fomit-frame-pointer)
TCFLAGS = $(TARCH) -std=c11 -O2 -g -ffreestanding -fno-common -fno-builtin \
	$(TFRAME) -fno-stack-protector -fno-pie -nostdinc \
	-isystem $(shell $(TCC) -print-file-name=include 2>/dev/null) \
	$(WARN) $(INCLUDES) -MMD -MP
TASFLAGS := $(TARCH) -g $(INCLUDES) -D__ASSEMBLY__ -MMD -MP
TLDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,-z,max-page-size=4096 \
	-Wl,--no-warn-rwx-segments

HCFLAGS := -std=c11 -O1 -g -DRATION_HOST -D_DEFAULT_SOURCE $(WARN) $(INCLUDES) -MMD -MP \
	-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
HLDFLAGS := -fsanitize=address,undefined

# ---- sources ---------------------------------------------------------------
ARCH_SRCS := $(wildcard arch/riscv/*.S) $(wildcard arch/riscv/*.c)
SBI_SRCS := $(wildcard sbi/*.c)
KERNEL_SRCS := $(wildcard kernel/*.c)
# Kernel files that only make sense on the target; every other kernel/*.c is
# arch-independent and is also built for the host unit tests.
KERNEL_TARGET_ONLY := kernel/panic.c kernel/string.c kernel/boot.c
KERNEL_HOST_SRCS := $(filter-out $(KERNEL_TARGET_ONLY),$(KERNEL_SRCS))
# The arch files that are pure logic over memory, also built for the host.
ARCH_HOST_SRCS := arch/riscv/vspace.c

TOBJS := $(patsubst %,$(O)/target/%.o,$(basename $(ARCH_SRCS) $(SBI_SRCS) $(KERNEL_SRCS)))

# The POSIX server's modules below the process life cycle (calls, serve,
# main and process stay target-only), also built for the host: they run on
# the fake kernel in tests/unit/support/px (tests/unit/test_tmpfs.c ...),
# which also plays the UART in console.c's place.
PERSONALITY_HOST_SRCS := $(filter-out $(addprefix personality/,main.c serve.c calls.c process.c console.c),\
	$(wildcard personality/*.c)) $(wildcard tests/unit/support/px/*.c)
PERSONALITY_HOST_TESTS := tmpfs pipe fd signal vfs jobs tty timer lend
# The shell's parser, expander, arithmetic and patterns (pure logic), also
# built for the host.
SH_HOST_SRCS := $(wildcard apps/sh/parse.c apps/sh/lex.c apps/sh/expand.c apps/sh/arith.c \
	apps/sh/match.c apps/sh/glob.c)
# diff's longest common subsequence and awk's lexer and values (pure
# logic), also built for the host;
# apps/lib's regex and patterns are headers the tests include.
UTIL_HOST_SRCS := apps/diff/lcs.c apps/awk/lex.c apps/awk/value.c
# libc-glue's pure logic (realpath's walk, /etc/passwd lines), also built
# for the host.
LIBC_HOST_SRCS := libc-glue/pw_line.c

UNIT_SRCS := $(wildcard tests/unit/*.c) $(wildcard tests/unit/support/*.c) $(KERNEL_HOST_SRCS) \
	$(ARCH_HOST_SRCS) $(PERSONALITY_HOST_SRCS) $(SH_HOST_SRCS) $(UTIL_HOST_SRCS) $(LIBC_HOST_SRCS)
UNIT_OBJS := $(patsubst %.c,$(O)/host/%.o,$(UNIT_SRCS))
QEMU_TEST_SRCS := $(wildcard tests/qemu/*.c)
QEMU_TEST_OBJS := $(patsubst %.c,$(O)/host/%.o,$(QEMU_TEST_SRCS))
BENCH_SRCS := $(wildcard tests/bench/*.c) $(filter-out tests/unit/support/criterion_%.c,$(wildcard tests/unit/support/*.c)) $(KERNEL_HOST_SRCS)
BENCH_OBJS := $(patsubst %.c,$(O)/bench/%.o,$(BENCH_SRCS) $(ARCH_HOST_SRCS))

INITRD_FILES := $(shell find initrd -type f 2>/dev/null)
# Files only the QEMU tests use (a script for the shell), under /test.
INITRD_TEST_FILES := $(shell find tests/qemu/initrd -type f 2>/dev/null)

# User programs (before newlib): apps/<name>/*.c, linked with libc-glue's
# invocation stubs and debug console. Where each lands in the initrd:
# (USER_PROGRAMS may be narrowed from the environment while one is broken.)
USER_PROGRAMS ?= $(foreach p,bin/ktest bin/kfuzz bin/kbench,\
	$(if $(wildcard apps/$(notdir $(p))/*.c),$(p)))
USER_LIB_SRCS := libc-glue/invoke.c libc-glue/debug.c kernel/printf.c
USER_LIB_OBJS := $(patsubst %.c,$(O)/user/%.o,$(USER_LIB_SRCS)) $(O)/user/libc-glue/crt0_root.o
UCFLAGS := $(TARCH) -std=c11 -O2 -g -ffreestanding -fno-common -fno-builtin \
	-fno-omit-frame-pointer -fno-stack-protector -fno-pie -nostdinc \
	-isystem $(shell $(TCC) -print-file-name=include 2>/dev/null) \
	$(WARN) -I. -Ikernel/include -Ilibc-glue/include -I$(O)/include -MMD -MP
ULDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -T libc-glue/user.ld

.PHONY: all kernel unit qemu-tests bench-host config dtb clean
all: kernel

kernel: $(O)/kernel.elf $(O)/initrd.cpio

# ---- configuration ---------------------------------------------------------
$(CONFIG): Kconfig $(CONFIG_FRAGMENT)
	$(call msg,CONF,$@)
	$(Q)mkdir -p $(O)
	$(Q)# A variant's .config is its fragment, expanded: seeded again when
	$(Q)# the fragment or Kconfig changes.
	$(Q)if [ -n "$(CONFIG_FRAGMENT)" ]; then cp $(CONFIG_FRAGMENT) $@; fi
	$(Q)KCONFIG_CONFIG=$@ kconfig-conf --olddefconfig Kconfig >/dev/null
	$(Q)touch $@

$(AUTOCONF): $(CONFIG) scripts/genconfig.sh
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)sh scripts/genconfig.sh $< > $@.tmp && mv $@.tmp $@

config: $(AUTOCONF)

# ---- kernel ----------------------------------------------------------------
$(O)/target/%.o: %.c $(AUTOCONF)
	$(call msg,CC,$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(TCFLAGS) -c $< -o $@

# The IPC fastpath may use the callee-saved registers without saving them
# (kernel/fastpath.c says why): it then never needs the stack.
$(O)/target/kernel/fastpath.o: TCFLAGS += $(foreach n,1 2 3 4 5 6 7 8 9 10 11,-fcall-used-s$(n))

$(O)/target/%.o: %.S $(AUTOCONF)
	$(call msg,AS,$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(TASFLAGS) -c $< -o $@

$(O)/kernel.elf: $(TOBJS) arch/riscv/kernel.ld
	$(call msg,LD,$@)
	$(Q)$(TCC) $(TARCH) $(TLDFLAGS) -T arch/riscv/kernel.ld -o $@ $(TOBJS) $(LIBGCC)

# newlib and the programs built on it (docs/newlib.md); NL_PROGRAMS.
include mk/newlib.mk

# ---- user programs ---------------------------------------------------------
$(O)/user/%.o: %.c $(AUTOCONF)
	$(call msg,UCC,$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(UCFLAGS) -c $< -o $@

$(O)/user/%.o: %.S $(AUTOCONF)
	$(call msg,UAS,$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(TASFLAGS) -c $< -o $@

# Objects reached only through the pattern rule below are still kept
# (make would otherwise delete them as intermediate and rebuild each time).
.SECONDARY:
.SECONDEXPANSION:
# (No % inside: in a pattern rule's prerequisites it would be the stem.)
$(O)/user/apps/%.elf: $$(subst .c,.o,$$(addprefix $(O)/user/,$$(wildcard apps/$$*/*.c))) \
		$(USER_LIB_OBJS) libc-glue/user.ld
	$(call msg,ULD,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(TARCH) $(ULDFLAGS) -o $@ $(filter %.o,$^) $(LIBGCC)

# The POSIX server (personality/), the root task of a normal boot. It shares
# the kernel's bounds-checked ELF and cpio readers (host-tested there).
SERVER_SRCS := $(wildcard personality/*.c) kernel/elf.c kernel/cpio.c kernel/string.c
SERVER_OBJS := $(patsubst %.c,$(O)/user/%.o,$(SERVER_SRCS))
$(O)/user/pxserver.elf: $(SERVER_OBJS) $(USER_LIB_OBJS) libc-glue/user.ld
	$(call msg,ULD,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(TARCH) $(ULDFLAGS) -o $@ $(filter %.o,$^) $(LIBGCC)

# Every program in the initrd, as initrd-path=built-file: the server, the
# freestanding test programs, and the newlib programs (mk/newlib.mk).
INITRD_PROGRAMS := sbin/pxserver=$(O)/user/pxserver.elf \
	$(foreach p,$(USER_PROGRAMS),$(p)=$(O)/user/apps/$(notdir $(p)).elf) \
	$(foreach p,$(NL_PROGRAMS),$(p)=$(O)/nl/apps/$(notdir $(p)).elf)
# A program for pxtest's overlay tests to change (apps/pxtest/files.c): a
# copy of exit42 that nothing else runs.
INITRD_PROGRAMS += test/exit42=$(O)/nl/apps/exit42.elf
initrd_file = $(word 2,$(subst =, ,$(1)))
initrd_path = $(word 1,$(subst =, ,$(1)))

# The initrd is a cpio (newc) archive of the tree under initrd/ plus the
# programs, staged in $(O)/initrd-root.
$(O)/initrd.cpio: $(INITRD_FILES) $(INITRD_TEST_FILES) \
		$(foreach p,$(INITRD_PROGRAMS),$(call initrd_file,$(p)))
	$(call msg,CPIO,$@)
	$(Q)rm -rf $(O)/initrd-root && mkdir -p $(O)/initrd-root && cp -R initrd/. $(O)/initrd-root/ && \
		cp -R tests/qemu/initrd/. $(O)/initrd-root/
	$(Q)# Stripped of debug info (gdb reads the unstripped files in $(O)): the
	$(Q)# initrd stays small, and the server maps every page of it.
	$(Q)$(foreach p,$(INITRD_PROGRAMS),mkdir -p $(O)/initrd-root/$(dir $(call initrd_path,$(p))) && \
		$(TSTRIP) --strip-debug -o $(O)/initrd-root/$(call initrd_path,$(p)) \
		$(call initrd_file,$(p)) &&) true
	$(Q)# The utilities in ubox: /bin/<name> runs it under that name.
	$(Q)$(foreach a,$(UBOX_APPS),printf '#!/bin/sh\nexec /bin/ubox $(a) "$$@"\n' \
		> $(O)/initrd-root/bin/$(a) && chmod 755 $(O)/initrd-root/bin/$(a) &&) true
	$(Q)cd $(O)/initrd-root && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | \
		cpio -o -H newc --quiet > $(abspath $@)

# ---- host tests ------------------------------------------------------------
$(O)/host/%.o: %.c $(AUTOCONF)
	$(call msg,HOSTCC,$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HCFLAGS) -c $< -o $@

# Paths use the server protocol's limits and errors (<rn/px.h>); after the
# host's own headers, so libc-glue's <dirent.h> and <sys/> do not shadow them.
$(O)/host/personality/%.o $(O)/host/tests/unit/support/px/%.o: HCFLAGS += -idirafter libc-glue/include
$(patsubst %,$(O)/host/tests/unit/test_%.o,vfs_path $(PERSONALITY_HOST_TESTS)): HCFLAGS += -idirafter libc-glue/include

$(O)/host/unit_tests: $(UNIT_OBJS)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HLDFLAGS) -o $@ $^ -lcriterion

# Boot-to-prompt timing for ./build.sh bench, on the QEMU harness.
$(O)/host/boot_time: $(O)/host/tests/qemu/tools/boot_time.o $(O)/host/tests/qemu/harness.o
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HLDFLAGS) -o $@ $^

$(O)/host/qemu_tests: $(QEMU_TEST_OBJS)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HLDFLAGS) -o $@ $^ -lcriterion

# Benchmarks: optimised, without sanitizers, so the figures mean something.
HBENCHFLAGS := -std=c11 -O2 -g -DRATION_HOST -D_DEFAULT_SOURCE $(WARN) $(INCLUDES) -MMD -MP
$(O)/bench/%.o: %.c $(AUTOCONF)
	$(call msg,HOSTCC,$*.o [bench])
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HBENCHFLAGS) -c $< -o $@

$(O)/host/bench: $(BENCH_OBJS)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) -o $@ $^

# The device tree QEMU gives the kernel, for the parser's unit tests. QEMU
# wants some -kernel to dump it; the initrd file serves, and makes /chosen
# carry an initrd range.
dtb: $(O)/virt.dtb
$(O)/virt.dtb: $(CONFIG) $(O)/initrd.cpio
	$(call msg,DTB,$@)
	$(Q)qemu-system-riscv64 -machine virt,dumpdtb=$@ -bios default -nographic \
		-m $$(sed -n 's/^CONFIG_QEMU_RAM_MB=//p' $(CONFIG))M \
		-smp $$(sed -n 's/^CONFIG_QEMU_HARTS=//p' $(CONFIG)) \
		-kernel $(O)/initrd.cpio -initrd $(O)/initrd.cpio >/dev/null 2>&1

# A tiny real RISC-V executable for the ELF reader's tests.
$(O)/test-user.elf: tests/unit/data/tiny_user.S
	$(call msg,LD,$@)
	$(Q)mkdir -p $(O)
	$(Q)$(TCC) $(TARCH) -nostdlib -static -no-pie -Wl,-Ttext=0x10000 -Wl,--no-warn-rwx-segments \
		-o $@ $<

unit: $(O)/host/unit_tests $(O)/virt.dtb $(O)/initrd.cpio $(O)/test-user.elf
qemu-tests: $(O)/host/qemu_tests
bench-host: $(O)/host/bench $(O)/host/boot_time

clean:
	rm -rf $(O)

-include $(shell find $(O)/target $(O)/host $(O)/user $(O)/bench -name '*.d' 2>/dev/null)
