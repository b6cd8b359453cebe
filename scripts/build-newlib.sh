#!/usr/bin/env bash
# Builds newlib (libc.a, libm.a and its headers) for Ration's user programs,
# from the source tarball of Debian's newlib-source package. No network.
#
#   scripts/build-newlib.sh OUTDIR
#
#   OUTDIR/src       the unpacked tarball
#   OUTDIR/obj       the out-of-tree build
#   OUTDIR/install   riscv64-unknown-elf/include and riscv64-unknown-elf/lib
#   OUTDIR/build.log everything configure and make said
#   OUTDIR/stamp     written last; holds the key of the finished build
#
# The build runs once: it is redone only when the key changes, that is when
# this script, the tarball or the compiler changes. docs/newlib.md says why
# each configure option is there.
#
# Environment: NEWLIB_TARBALL (default: the newlib-source package's tarball),
# CROSS (default riscv64-unknown-elf-).
set -euo pipefail

TARGET=riscv64-unknown-elf
CROSS=${CROSS:-$TARGET-}

# The -march/-mabi of the multilib user programs take libgcc from (rv64gc,
# hardware floating point, lp64d; see docs/newlib.md), so that libc, libm
# and libgcc agree. (G includes Zicsr, which newlib's fenv code needs.)
# -ffunction-sections/-fdata-sections let --gc-sections drop what a program
# does not use.
TARGET_CFLAGS="-march=rv64gc -mabi=lp64d -mcmodel=medany -O2 -g \
-ffunction-sections -fdata-sections"

CONFIGURE_OPTS=(
	"--target=$TARGET"
	--disable-multilib
	--disable-nls
	--disable-newlib-supplied-syscalls
	--enable-newlib-io-long-long
	--enable-newlib-io-c99-formats
	--enable-newlib-retargetable-locking
)

say() { printf '  %-7s %s\n' NEWLIB "$*"; }
die() { printf 'build-newlib.sh: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 OUTDIR"
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
LOG=$OUT/build.log
STAMP=$OUT/stamp
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

find_tarball() {
	local f
	if [ -n "${NEWLIB_TARBALL:-}" ]; then
		printf '%s\n' "$NEWLIB_TARBALL"
		return
	fi
	f=$(dpkg -L newlib-source 2>/dev/null | grep -E '/newlib-[^/]*\.tar\.[a-z0-9]+$' | head -1 || true)
	if [ -z "$f" ]; then
		for f in /usr/src/newlib/newlib-*.tar.*; do break; done
	fi
	printf '%s\n' "$f"
}

TARBALL=$(find_tarball)
if [ ! -f "$TARBALL" ]; then
	die "no newlib source tarball: apt-get install newlib-source, or set NEWLIB_TARBALL"
fi
command -v "${CROSS}gcc" >/dev/null || die "${CROSS}gcc not found (package gcc-riscv64-unknown-elf)"

# One build at a time in OUTDIR: two makes (or a make -j with two routes to
# the stamp) must not unpack over each other.
exec 9>"$OUT/.lock"
flock 9

# What the finished build depends on: this script's commands (not its
# comments, so that a comment's edit rebuilds nothing), the sources, and
# the compiler, which compiles libc.a.
KEY=$({
	grep -v '^[[:space:]]*#' "$SELF" | sha256sum
	sha256sum <"$TARBALL"
	"${CROSS}gcc" --version | head -1
} | sha256sum | cut -d' ' -f1)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KEY" ]; then
	touch "$STAMP" # newer than the script, so make stops asking
	exit 0
fi

PHASE=
start=$SECONDS
# Starts a phase: one line on the terminal, a header with the time in the log.
phase() {
	PHASE=$1
	say "$1"
	printf '\n==== %s (at %d s)\n' "$1" $((SECONDS - start)) >>"$LOG"
}

on_exit() {
	local rc=$?
	[ $rc -eq 0 ] && return
	[ -n "$PHASE" ] || exit $rc
	printf 'build-newlib.sh: %s failed (exit %d); last lines of %s:\n' "$PHASE" $rc "$LOG" >&2
	tail -n 25 "$LOG" >&2
	exit $rc
}
trap on_exit EXIT

rm -rf "$STAMP" "$OUT/src" "$OUT/obj" "$OUT/install"
: >"$LOG"

# Nothing from a calling make may reach newlib's: its MAKEFLAGS would carry
# our command-line variables (O=, V=) and jobserver into newlib's Makefiles.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS
unset CFLAGS CPPFLAGS LDFLAGS CFLAGS_FOR_TARGET

phase unpack
mkdir -p "$OUT/src"
# The top directory's name varies (newlib-salsa in Debian's tarball).
tar -xf "$TARBALL" -C "$OUT/src" --strip-components=1 >>"$LOG" 2>&1

phase configure
mkdir -p "$OUT/obj"
(
	cd "$OUT/obj"
	set -x
	../src/configure "${CONFIGURE_OPTS[@]}" --prefix="$OUT/install" \
		CC_FOR_TARGET="${CROSS}gcc" AS_FOR_TARGET="${CROSS}as" \
		AR_FOR_TARGET="${CROSS}ar" RANLIB_FOR_TARGET="${CROSS}ranlib" \
		NM_FOR_TARGET="${CROSS}nm" LD_FOR_TARGET="${CROSS}ld" \
		CFLAGS_FOR_TARGET="$TARGET_CFLAGS"
) >>"$LOG" 2>&1

# all-target-newlib builds newlib (libc.a, libm.a) only: libgloss, which
# holds newlib's usual crt0 and syscall stubs for riscv, is never built.
phase build
make -C "$OUT/obj" -j"$(nproc)" all-target-newlib >>"$LOG" 2>&1

phase install
make -C "$OUT/obj" install-target-newlib >>"$LOG" 2>&1

LIBDIR=$OUT/install/$TARGET/lib
PHASE=
for f in "$LIBDIR/libc.a" "$LIBDIR/libm.a" "$OUT/install/$TARGET/include/stdio.h"; do
	[ -f "$f" ] || die "$f missing after install"
done
# Ration supplies _write, _sbrk, ... itself (libc-glue): libc.a must only
# refer to them.
if "${CROSS}nm" -g --defined-only "$LIBDIR/libc.a" 2>/dev/null |
	grep -qE ' [TW] _(close|execve|exit|fcntl|fork|fstat|getpid|gettimeofday|isatty|kill|link|lseek|mkdir|open|read|sbrk|stat|times|unlink|wait|write)$'; then
	die "libc.a defines syscall stubs; Ration's libc-glue must provide them"
fi

echo "$KEY" >"$STAMP"
printf 'newlib built in %d s\n' $((SECONDS - start)) >>"$LOG"
