# newlib for user programs (docs/newlib.md). scripts/build-newlib.sh builds
# it once from Debian's newlib-source tarball and caches it in $(O)/newlib.
#
#   make newlib    $(O)/newlib/install/riscv64-unknown-elf/{include,lib}
#   make nlhello   $(O)/nlhello.elf: proves a program links against newlib
#                  and libgcc with the project's flags
#
# Included by the Makefile, or on its own: make -f mk/newlib.mk newlib nlhello
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
ifndef LIBGCC
LIBGCC := $(shell $(TCC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name 2>/dev/null)
endif
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
NEWLIB_LIBS := -Wl,--start-group $(NEWLIB_LIBDIR)/libc.a $(NEWLIB_LIBDIR)/libm.a $(LIBGCC) \
	-Wl,--end-group

.PHONY: newlib nlhello
newlib: $(NEWLIB_STAMP)

# The script prints its own NEWLIB lines and does nothing when its stamp is
# current; it is run again when it or the tarball changes.
$(NEWLIB_STAMP): scripts/build-newlib.sh $(NEWLIB_TARBALL)
	$(Q)NEWLIB_TARBALL='$(NEWLIB_TARBALL)' CROSS='$(CROSS)' scripts/build-newlib.sh $(NEWLIB_DIR)

# ---- nlhello: the link test ------------------------------------------------
# A hosted C program: no -ffreestanding or -fno-builtin, unlike the programs
# built on libc-glue alone. Linked with the user program layout.
NLHELLO_OBJS := $(patsubst apps/nlhello/%.c,$(O)/nlhello/%.o,$(wildcard apps/nlhello/*.c))
NLHELLO_CFLAGS := $(TARCH) -std=c11 -O2 -g -fno-common -fno-pie -ffunction-sections \
	-fdata-sections $(NEWLIB_CFLAGS) $(WARN) -MMD -MP

nlhello: $(O)/nlhello.elf

$(O)/nlhello/%.o: apps/nlhello/%.c $(NEWLIB_STAMP)
	$(call msg,NLCC,apps/nlhello/$*.o)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TCC) $(NLHELLO_CFLAGS) -c $< -o $@

$(O)/nlhello.elf: $(NLHELLO_OBJS) $(NEWLIB_STAMP) libc-glue/user.ld
	$(call msg,NLLD,$@)
	$(Q)$(TCC) $(TARCH) -nostdlib -static -no-pie -Wl,--gc-sections -T libc-glue/user.ld \
		-Wl,--no-warn-rwx-segments -o $@ $(NLHELLO_OBJS) $(NEWLIB_LIBS)

-include $(NLHELLO_OBJS:.o=.d)
