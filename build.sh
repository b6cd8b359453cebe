#!/usr/bin/env bash
# Ration's one entry point. `./build.sh help` lists the commands.
set -euo pipefail
cd "$(dirname "$0")"

O=${O:-build}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
export O

# Debian packages each command needs.
BUILD_PKGS=(make gcc libc6-dev gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
	kconfig-frontends-nox cpio xz-utils qemu-system-misc opensbi newlib-source)
TEST_PKGS=("${BUILD_PKGS[@]}" libcriterion-dev)
DEBUG_PKGS=("${BUILD_PKGS[@]}" gdb-multiarch)
ALL_PKGS=("${TEST_PKGS[@]}" gdb-multiarch)

say() { printf '%s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# Installs whichever of the given packages are missing (as root), or prints
# the exact command to do so and stops.
need_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "build.sh: missing Debian packages: ${missing[*]}"
		say "Install them as root with:"
		say "  apt-get install -y ${missing[*]}"
		exit 1
	fi
	say "build.sh: installing missing Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || die "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
}

config_value() {
	sed -n "s/^CONFIG_$1=//p" "$O/.config"
}

build() {
	make -j"$JOBS" kernel
}

qemu_args() {
	echo -machine virt -bios default -m "$(config_value QEMU_RAM_MB)M" \
		-smp "$(config_value QEMU_HARTS)" -kernel "$O/kernel.elf" -initrd "$O/initrd.cpio"
}

cmd_run() {
	need_packages "${BUILD_PKGS[@]}"
	build
	say "Booting Ration in QEMU (quit: Ctrl-A then X)"
	# shellcheck disable=SC2046
	exec qemu-system-riscv64 $(qemu_args) -nographic
}

cmd_debug() {
	need_packages "${DEBUG_PKGS[@]}"
	build
	say "QEMU waits for gdb on :1234; gdb-multiarch attaches with the kernel's symbols."
	# shellcheck disable=SC2046
	qemu-system-riscv64 $(qemu_args) -nographic -S -s </dev/null >"$O/debug-console.log" 2>&1 &
	local qpid=$!
	trap 'kill $qpid 2>/dev/null' EXIT
	say "The guest's console goes to $O/debug-console.log."
	gdb-multiarch -q "$O/kernel.elf" \
		-ex 'set architecture riscv:rv64' \
		-ex 'target remote localhost:1234' \
		-ex 'break kmain'
}

# ---- tests -------------------------------------------------------------------
TOTAL_PASS=0
TOTAL_FAIL=0

# Runs a Criterion binary and adds its synthesis line to the totals.
run_criterion() {
	local name=$1
	shift
	local log="$O/test-$name.log" rc=0
	say "== $name"
	"$@" --jobs "$JOBS" >"$log" 2>&1 || rc=$?
	grep -E '^\[(FAIL|----)\]' "$log" | head -60 || true
	local line pass fail crash
	line=$(grep 'Synthesis:' "$log" | tail -1 || true)
	if [ -z "$line" ]; then
		say "$name: no summary (crashed?); see $log"
		tail -20 "$log"
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
		return
	fi
	pass=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' <<<"$line")
	fail=$(sed -n 's/.*Failing: \([0-9]*\).*/\1/p' <<<"$line")
	crash=$(sed -n 's/.*Crashing: \([0-9]*\).*/\1/p' <<<"$line")
	say "$name: $pass passed, $((fail + crash)) failed"
	TOTAL_PASS=$((TOTAL_PASS + pass))
	TOTAL_FAIL=$((TOTAL_FAIL + fail + crash))
	if [ "$rc" -ne 0 ] && [ $((fail + crash)) -eq 0 ]; then
		say "$name: exit status $rc without a failing test"
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
	fi
}

# Runs a check script: one test, passed when it exits 0.
run_check() {
	local name=$1
	shift
	say "== $name"
	if "$@"; then
		say "$name: 1 passed, 0 failed"
		TOTAL_PASS=$((TOTAL_PASS + 1))
	else
		say "$name: 0 passed, 1 failed"
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
	fi
}

# Kernels built with a test-only config fragment, one build dir each.
build_variants() {
	local frag name
	for frag in tests/qemu/configs/*.config; do
		name=$(basename "$frag" .config)
		# One newlib for all: the variants share the main build's cache.
		make -j"$JOBS" O="$O/variants/$name" CONFIG_FRAGMENT="$frag" \
			NEWLIB_DIR="$PWD/$O/newlib" kernel
	done
}

cmd_test() {
	need_packages "${TEST_PKGS[@]}"
	local start=$SECONDS
	build
	build_variants
	make -j"$JOBS" unit qemu-tests
	export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
	export RATION_DTB="$O/virt.dtb" RATION_KERNEL="$O/kernel.elf" \
		RATION_INITRD="$O/initrd.cpio" RATION_VARIANTS="$O/variants" \
		RATION_QEMU_RAM_MB="$(config_value QEMU_RAM_MB)" \
		RATION_QEMU_HARTS="$(config_value QEMU_HARTS)"
	run_check "no-allocator check" tests/scripts/check_no_alloc.sh "$O/kernel.elf"
	run_check "server layering check" tests/scripts/check_layers.sh "$O/user/personality" \
		docs/personality.md
	run_criterion "unit tests (host)" "$O/host/unit_tests"
	run_criterion "QEMU tests" "$O/host/qemu_tests"
	say ""
	say "$TOTAL_PASS passed, $TOTAL_FAIL failed ($((SECONDS - start)) s)"
	[ "$TOTAL_FAIL" -eq 0 ]
}

# Boots a benchmark variant under QEMU, counting guest instructions exactly:
# with -icount shift=0, rdinstret is the number of instructions retired.
# Prints its "bench:" lines; fails if QEMU's exit status (the guest's
# power-off status) is not 0.
run_bench_variant() {
	local v=$1 log=$2 rc=0
	timeout 300 qemu-system-riscv64 -machine virt -bios default -display none \
		-serial stdio -monitor none -m "$(O=$v config_value QEMU_RAM_MB)M" ${ICOUNT--icount shift=0} \
		-kernel "$v/kernel.elf" -initrd "$v/initrd.cpio" </dev/null >"$log" 2>&1 || rc=$?
	grep '^bench:' "$log" | tr -d '\r' | sed 's/^bench: /  /'
	if [ "$rc" -ne 0 ]; then
		say "bench: QEMU ended with status $rc; see $log"
		tail -20 "$log"
		return 1
	fi
}

cmd_bench() {
	need_packages "${TEST_PKGS[@]}"
	make -j"$JOBS" bench-host
	say "== kernel object micro-benchmarks (host build, ns per operation)"
	"$O/host/bench"

	# The variants share one newlib (as the test variants do).
	local nl="NEWLIB_DIR=$PWD/$O/newlib" v="$O/variants/kbench" pv="$O/variants/pxbench"
	make -j"$JOBS" O="$v" CONFIG_FRAGMENT=tests/bench/kbench.config "$nl" kernel
	make -j"$JOBS" O="$pv" CONFIG_FRAGMENT=tests/bench/pxbench.config "$nl" kernel

	say "== kernel in QEMU (-icount shift=0; instructions retired, median of 201 runs)"
	local rc=0
	run_bench_variant "$v" "$O/bench-qemu.log" || rc=1
	say "== POSIX server in QEMU (-icount shift=0; instructions retired, median of n runs)"
	run_bench_variant "$pv" "$O/bench-px.log" || rc=1
	local hv="$O/variants/pxbench-heap"
	make -j"$JOBS" O="$hv" CONFIG_FRAGMENT=tests/bench/pxbench-heap.config "$nl" kernel
	ICOUNT="" run_bench_variant "$hv" "$O/bench-px-heap.log" || rc=1

	# Real time: the pipe and nanosleep latency without -icount, and boot to
	# the prompt.
	local wv="$O/variants/pxbench-wall"
	make -j"$JOBS" O="$wv" CONFIG_FRAGMENT=tests/bench/pxbench-wall.config "$nl" kernel
	make -j"$JOBS" kernel
	say "== wall clock (QEMU without -icount, on this machine)"
	ICOUNT="" run_bench_variant "$wv" "$O/bench-px-wall.log" || rc=1
	RATION_KERNEL="$O/kernel.elf" RATION_INITRD="$O/initrd.cpio" \
		RATION_QEMU_RAM_MB="$(config_value QEMU_RAM_MB)" \
		RATION_QEMU_HARTS="$(config_value QEMU_HARTS)" "$O/host/boot_time" |
		sed 's/^bench: /  /' || rc=1

	# Containment: the figures the containment tests measure at the console
	# (a fork bomb in 2 MiB: its size, the shell's echo latency beside it, a
	# checksum job's time; the smallest budget `true` runs in).
	make -j"$JOBS" qemu-tests
	say "== containment (wall clock, from tests/qemu/test_contain.c)"
	RATION_KERNEL="$O/kernel.elf" RATION_INITRD="$O/initrd.cpio" \
		RATION_QEMU_RAM_MB="$(config_value QEMU_RAM_MB)" \
		RATION_QEMU_HARTS="$(config_value QEMU_HARTS)" \
		"$O/host/qemu_tests" --filter 'contain/[fm]*' --jobs 1 2>&1 |
		grep '^contain:' | sed 's/^contain: /  /' || rc=1
	return "$rc"
}

cmd_menuconfig() {
	need_packages kconfig-frontends-nox
	make config
	KCONFIG_CONFIG="$O/.config" kconfig-mconf Kconfig
	make config
}

cmd_help() {
	cat <<'EOF'
usage: ./build.sh [command]

  (none), build  build the kernel image and initrd under build/
  run            build and boot Ration in QEMU virt (quit: Ctrl-A X)
  test           build everything and run every test (host unit tests and
                 QEMU tests); ends with "N passed, N failed"
  bench          run the benchmarks and print their figures
  debug          boot QEMU halted with its gdbstub and attach gdb-multiarch
  menuconfig     change the build configuration (Kconfig)
  clean          remove build/
  help           this text

As root, missing Debian packages are installed; otherwise the exact
apt-get command is printed. V=1 shows full build commands; O=dir builds
elsewhere than build/.
EOF
}

case "${1:-build}" in
build)
	need_packages "${BUILD_PKGS[@]}"
	build
	;;
run) cmd_run ;;
test) cmd_test ;;
bench) cmd_bench ;;
debug) cmd_debug ;;
menuconfig) cmd_menuconfig ;;
clean) rm -rf "$O" ;;
help | -h | --help) cmd_help ;;
*)
	cmd_help >&2
	exit 2
	;;
esac
