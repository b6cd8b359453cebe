#!/usr/bin/env bash
# Fails if a module of the POSIX server calls upward: every call between
# personality/ modules must go to a module of a lower layer. The layers are
# the table in docs/personality.md (between "<!-- layers -->" and the end of
# the code block after it: "layer module what it does", one module a
# line); the calls are read from the objects' symbols (nm), so a use of a
# function or variable counts, whatever the headers say.
# Usage: check_layers.sh [objects dir] [docs/personality.md]
set -u
dir=${1:-build/user/personality}
doc=${2:-docs/personality.md}
nm=${NM:-riscv64-unknown-elf-nm}

declare -A layer owner
while read -r n m _; do
	layer[$m]=$n
done < <(awk '/<!-- layers -->/ {on = 1; next} on && /^```/ {if (in_block) exit; in_block = 1; next}
	in_block && $1 ~ /^[0-9]+$/ {print $1, $2}' "$doc")
if [ ${#layer[@]} -eq 0 ]; then
	echo "check_layers: no layer table in $doc"
	exit 1
fi

status=0
objs=("$dir"/*.o)
if [ ! -e "${objs[0]}" ]; then
	echo "check_layers: no objects in $dir"
	exit 1
fi
for o in "${objs[@]}"; do
	m=$(basename "$o" .o)
	if [ -z "${layer[$m]:-}" ]; then
		echo "check_layers: module $m is in no layer of $doc"
		status=1
	fi
	while read -r s; do owner[$s]=$m; done < <("$nm" --defined-only "$o" | awk '$2 ~ /^[A-Z]$/ {print $3}')
done
for o in "${objs[@]}"; do
	m=$(basename "$o" .o)
	while read -r s; do
		t=${owner[$s]:-}
		[ -z "$t" ] || [ "$t" = "$m" ] && continue
		if [ "${layer[$t]:-99}" -ge "${layer[$m]:-0}" ]; then
			echo "check_layers: $m (layer ${layer[$m]:-?}) uses $s of $t (layer ${layer[$t]:-?})"
			status=1
		fi
	done < <("$nm" -u "$o" | awk '{print $2}')
done
[ $status -eq 0 ] && echo "check_layers: ${#objs[@]} modules, every call goes down a layer"
exit $status
