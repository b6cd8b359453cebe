#!/bin/sh
# The utilities of issue 18's second round (sed awk find diff od, and the
# POSIX options of sort grep head tail wc), run by the QEMU tests
# (tests/qemu/test_utils.c) as `sh /test/tools.sh`. tools.expected is what
# dash, GNU coreutils, GNU sed, GNU diffutils, GNU findutils and mawk
# print for it on the host, made in this directory with
#   env PATH=/bin dash ./tools.sh > tools.expected 2>&1
t=/tmp/tools.$$
mkdir $t
cd $t || exit 1
printf 'alice 30 NY\nbob 25 LA\ncarol 35 NY\ndave 25 SF\n' > people
printf 'one\ntwo\nthree\nfour\nfive\n' > lines
echo "== sort"
sort -k2n -k1r people
sort -t ' ' -k3,3 -u people
sort -rn -k2 people | head -n 1
echo "== grep"
grep -c NY people
grep -n -i BOB people
grep -E 'o+b|^d' people
grep -F -x 'bob 25 LA' people
grep -v -e NY -e LA people
grep -l NY people lines
grep -q zzz people; echo "grep -q status $?"
echo "== head tail wc"
head -c 7 lines; echo
head -n 2 lines
tail -n +4 lines
tail -c 5 lines
tail -c +20 lines
wc -l < lines | awk '{ print $1 }'
wc -w -c lines | awk '{ print $1, $2, $3 }'
echo "== sed"
sed -n '2,4p' lines
sed 's/o/0/g; 3d' lines
sed -e '/two/,/four/s/^/> /' -e '$a\
the end' lines
sed -n '$=' lines
sed 's/\(.\)\(.*\)/\2\1/' lines
sed -E 's/(o|e)+/[&]/2' lines
sed '1!G;h;$!d' lines
sed -n '/f/{s/f/F/;p;}' lines
sed 'y/abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJKLMNOPQRSTUVWXYZ/;2q' lines
printf 'a\nb\nc\n' | sed 'N;N;s/\n/,/g'
echo "== awk"
awk '{ print $1, $2 * 2 }' people
awk -F' ' '$3 == "NY" { n++; s += $2 } END { print n, s, s / n }' people
awk 'NR == 2, NR == 3 { print NR ": " $0 }' people
awk '{ c[$3]++ } END { n = 0; for (k in c) n++; print n, c["NY"] }' people
awk 'BEGIN { printf "%5.2f|%-4s|%d|%x|%c|%03d\n", 3.14159, "ab", 42.9, 255, 65, 7 }'
awk 'BEGIN { s = "hello world"; print length(s), substr(s, 7), index(s, "wor"), toupper(s) }'
awk 'BEGIN { n = split("a:b:c", p, ":"); print n, p[1] p[3] }'
awk '{ gsub(/[aeiou]/, "_"); print }' lines
awk '/^t/ { sub(/t/, "T"); print; next } { print "-" }' lines
awk 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } BEGIN { print fib(15) }'
awk -v x=7 'BEGIN { while (i < 3) { i++; x = x * 2 }; print x, i }'
awk '{ $2 = ""; print NF ":" $0 }' people | head -n 2
awk 'BEGIN { OFS = "-" } { $1 = $1; print }' people | tail -n 1
awk 'BEGIN { x = 1; x += 2; x ^= 2; print x, x % 4, -2 ^ 2, (2 ^ 0.5 > 1.41) }'
awk 'BEGIN { if (match("foobar", /o+b/)) print RSTART, RLENGTH }'
awk '{ print NR, NF, $NF }' lines | tail -n 2
echo "a b c" | awk '{ for (i = NF; i > 0; i--) printf "%s%s", $i, (i > 1 ? " " : "\n") }'
awk 'BEGIN { "echo piped" | getline v; print v; print "to sort" | "cat"; close("cat") }'
awk 'END { print NR }' people lines
echo "== find"
mkdir -p d/sub d/other
touch d/sub/b.c d/sub/c.h d/other/x.txt
printf "int a;\nint b;\n" > d/a.c
find d -name '*.c' | sort
find d -type d | sort
find d -type f ! -name '*.c' | sort
find d -name sub -prune -o -type f -print | sort
find d \( -name '*.h' -o -name '*.txt' \) | sort
find d -name '*.c' -exec echo found {} \; | sort
touch d/stamp; echo later > d/sub/later
find d -newer d/stamp -type f
find d/sub -type f -exec echo batch {} + | wc -w | awk '{ print $1 }'
echo "== diff"
printf 'a\nb\nc\nd\ne\n' > f1
printf 'a\nB\nc\ne\nf\n' > f2
diff f1 f2; echo "diff status $?"
diff f1 f1; echo "diff same status $?"
diff -u f1 f2 | tail -n +3
diff f1 nothere 2>/dev/null; echo "diff missing status $?"
echo "== od"
printf 'hello\n\001\377' > bin
od bin
od -c bin
od -A d -t x1 bin
od -A n -t d1 bin
echo "== xargs and friends with the ubox utilities"
printf 'f1\nf2\n' | xargs -n 1 sed -n 2p
find d -name a.c | xargs sed -n '$='
echo "== more options"
sort -c lines 2>/dev/null; echo "sort -c status $?"
sort -o sorted lines; sort -c sorted; echo "sort -c sorted status $?"; head -n 2 sorted
sed -n '/t/w tlines' lines; cat tlines
sed '1r f2' lines | head -n 4
printf 'a\tb\\\n' | sed -n l
cd /
rm -r $t
echo done
