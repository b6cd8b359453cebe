#!/bin/sh
# A POSIX shell script, run by the QEMU tests (tests/qemu/test_sh.c) as
# `sh /test/posix.sh a 'b c'` and as `./posix.sh`. posix.expected is what
# dash prints for it on the host, made in this directory with
#   env PATH=/bin dash ./posix.sh a 'b c' > posix.expected 2>&1
# Only utilities Ration has; the rest is the shell's own.
echo "args: $# [$1] [$2]"

# compound commands
for i in 1 2 3; do printf '%s ' "$i"; done; echo
x=5
if [ $x -gt 3 ]; then echo big; elif [ $x -gt 1 ]; then echo mid; else echo small; fi
if false; then echo no; elif true; then echo elif; fi
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	[ $i -eq 2 ] && continue
	[ $i -eq 5 ] && break
	echo "while $i"
done
until [ $i -le 0 ]; do i=$((i - 2)); done; echo "until $i"
for w in a b c; do for v in 1 2 3; do [ $v = 2 ] && continue 2; echo "$w$v"; done; done
for w in a b; do for v in 1 2; do [ $w = b ] && break 2; echo "n $w$v"; done; done
case hello.c in *.h) echo header ;; *.c | *.cc) echo source ;; *) echo other ;; esac
case x in [abc]) echo abc ;; [!xyz]) echo not ;; ?) echo one ;; esac
case "a b" in "a b") echo quoted-case ;; esac
{ echo group1; echo group2; } | while read l; do echo "got $l"; done
(x=inner; echo "sub $x"); echo "outer $x"
! false && echo "not false"
true && false || echo "and-or"

# functions
greet() {
	echo "hello $1 ($#)"
	return 7
}
greet world extra; echo "status $?"
count() { local n; n=0; for a; do n=$((n + 1)); done; echo "count $n"; }
count a b "c d"
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(($1 * $(fact $(($1 - 1))))); fi; }
echo "fact 6 = $(fact 6)"

# parameters
set -- one "two three" four
echo "$# $1 $3 ${2}"
for a in "$@"; do echo "at [$a]"; done
for a in $*; do echo "star [$a]"; done
IFS=:; echo "joined $*"; IFS=' 	
'
shift; echo "after shift: $1"
shift 2; echo "left $#"
set -- 1 2 3 4 5 6 7 8 9 10 11; echo "tenth ${10} ${11}"
v=hello.tar.gz
echo "${v%.*} ${v%%.*} ${v#*.} ${v##*.} ${#v}"
echo "${unset_v:-default} ${unset_v-dash} [${empty_v:=filled}] $empty_v ${v:+alt} [${unset_v:+alt}]"
(: ${nope:?is required}) 2>/dev/null || echo "?: failed as it should"
path=/usr/local/bin/tool; echo "${path##*/} ${path%/*}"

# expansions
echo $((1 + 2 * 3)) $(( (1 + 2) * 3 )) $((7 / 2)) $((7 % 3)) $((-3 + 1)) $((1 << 4)) $((0x10 + 010))
n=3; echo $((n * n)) $((n += 2)) $n $((n > 4 && n < 6)) $((n ? 10 : 20))
echo "nested $(echo "a $(echo b `echo c`)")"
echo `echo back \`echo quoted\``
words="a  b   c"; for w in $words; do printf '<%s>' "$w"; done; echo
printf '<%s>' "$words"; echo
IFS=,; list="x,y,,z"; for w in $list; do printf '(%s)' "$w"; done; echo; unset IFS
echo 'single $x' "double $x" \$x "\$x \"q\""
empty=; set -- $empty; echo "empty gives $#"; set -- "$empty"; echo "quoted empty gives $#"
here=$(cd "${0%/*}" && pwd); cd "$here" && echo pos*.sh; echo no*such; cd /

# here-documents and redirections
cat <<EOF
here $x $((2 + 2))
\$literal
EOF
cat <<'EOF'
quoted $x $(nothing)
EOF
cat <<-EOF
	tabs stripped
	EOF
echo to-stderr 1>&2 2>/dev/null
echo out >/tmp/posix.out; echo more >>/tmp/posix.out; cat </tmp/posix.out
exec 3>/tmp/posix.fd; echo "via fd 3" >&3; exec 3>&-; cat /tmp/posix.fd
echo clobber >|/tmp/posix.out; cat /tmp/posix.out
{ read first; read second; } </tmp/posix.out; echo "read [$first] [$second]"
rm /tmp/posix.out /tmp/posix.fd

# builtins
echo "a:b:c" | { IFS=: read x y z; echo "$z $y $x"; }
printf 'a\\tb\n' | { read -r raw; printf '%s\n' "$raw"; }
printf '%d-%s-%x-%5s|%-3s|%03d\n' 42 str 255 pad l 7
eval 'e=evaluated; echo $e'
readonly ro=1; (ro=2) 2>/dev/null || echo "readonly holds"
unset v; echo "unset [${v-gone}]"
alias hi='echo alias works'
eval hi
type cd | head -1
command -v sh
f() { echo function; }; command f 2>/dev/null || echo "command skips functions"
OPTIND=1
while getopts ab:c opt -a -b arg -c rest; do echo "opt $opt ${OPTARG-}"; done
[ -d "$here" ] && [ ! -f "$here" ] && [ -f "$here/posix.sh" ] && test "a" = a && echo "test works"
[ 3 -lt 10 -a -n x ] && echo "and in test"
trap 'echo trapped EXIT' EXIT
(trap 'echo sub exit' EXIT; echo in sub)
set -e; false || true; echo "set -e survives ||"; set +e
nc=/tmp/noclobber.$$
set -C; echo a > $nc; (echo b > $nc) 2>/dev/null || echo "noclobber refuses"
echo c >| $nc; cat $nc; echo d > /dev/null && echo "noclobber writes /dev/null"
case $- in *C*) echo "C in \$-" ;; esac
set +o noclobber; echo e > $nc; cat $nc; rm $nc
set -o allexport; exported_by_a=1; sh -c 'echo "allexport ${exported_by_a-no}"'; set +a
not_exported=1; sh -c 'echo "after +a ${not_exported-no}"'
sh -c 'echo "sh -c $0 $1"' name arg
sh -c 'exit 4'; echo "sh -c status $?"
echo done
