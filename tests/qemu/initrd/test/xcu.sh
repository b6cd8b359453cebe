#!/bin/sh
# The utilities of issue 18's third round (cksum expand unexpand strings
# split join dd pr tsort nohup, and cal against Python's calendar), run by
# the QEMU tests (tests/qemu/test_utils.c) as `sh /test/xcu.sh`.
# xcu.expected is what dash and GNU coreutils print for it on the host,
# made in this directory with
#   env PATH=/bin dash ./xcu.sh > xcu.expected 2>&1
# except cal's lines, which GNU does not have: they are Python's
#   calendar.TextCalendar(6).formatmonth / formatyear(y, 2, 1, 2, 3)
# with the trailing blanks dropped, and September 1752 as every Unix cal
# prints it.
t=/tmp/xcu.$$
mkdir $t
cd $t || exit 1
printf 'hello\n' > hello
seq 1000 > seq
echo "== cksum"
cksum hello seq
printf '' | cksum
printf 'The quick brown fox jumps over the lazy dog' | cksum
echo "== expand unexpand"
printf 'a\tb\tc\n\tx\n12345678\ty\n' > tabs
expand tabs
expand -t 4 tabs
expand -t 3,5 tabs
printf '        a       b  c d\n    x\n         y\n\t  z  w\na b       c\n  \t  q\n 1234567 x\n' > blanks
unexpand blanks | od -c
unexpand -a blanks | od -c
unexpand -t 4 blanks | od -c
unexpand -t 2,5,9 blanks | od -c
echo "== strings"
printf 'ab\001hello\000wo\377world!\n\tx\ttab\001zz' > bin
strings bin
strings -n 2 bin
strings -t x bin
strings -t d -n 5 bin
strings -a -t o bin
echo "== split"
split -l 300 seq
ls | cat
cat xaa xab xac xad | cmp - seq && echo "split -l joins back"
wc -l < xad | awk '{ print $1 }'
rm xa?
split -b 1k -a 3 seq part
ls part* | cat
cat partaaa | wc -c | awk '{ print $1 }'
cat partaad | wc -c | awk '{ print $1 }'
rm part*
printf 'one\ntwo\nthree\n' | split -l 1 - line
cat lineac
echo "== join"
printf 'a 1 x\nb 2\nb 3\nd 4\n' > j1
printf 'a A\nb B\nb BB\nc C\ne E\n' > j2
join j1 j2
join -a 1 j1 j2
join -a 1 -a 2 j1 j2
join -v 2 j1 j2
join -v 1 -v 2 j1 j2
join -o 2.2,1.3,0 -e NONE j1 j2
join -a1 -a2 -o 0,1.2,2.2 -e - j1 j2
printf '1:a:p\n2:b:q\n3::r\n' > j3
printf 'a:ALPHA\nc:GAMMA\n' > j4
join -t : -1 2 -2 1 j3 j4
join -t : -1 2 -a 1 -o 1.1,2.2 -e X j3 j4
echo "== dd"
dd if=seq of=out bs=100 count=3 skip=2 2>&1 | head -n 2
head -c 5 out; echo
dd if=seq of=out ibs=7 obs=13 count=20 2>&1 | head -n 2
wc -c < out | awk '{ print $1 }'
printf 'hello world, THIS is dd\n' > s
cp seq big
dd if=s of=big conv=notrunc,ucase 2>/dev/null
head -n 2 big
wc -c < big | awk '{ print $1 }'
cp seq big
dd if=s of=big seek=3 bs=5 2>/dev/null
od -c big
dd if=seq bs=1k count=1 conv=lcase 2>/dev/null | tail -n 1
dd if=s bs=5 conv=sync 2>/dev/null | od -c
dd if=seq bs=2x3 count=4 skip=1 2>/dev/null; echo
dd if=seq of=out bs=512 count=2 seek=1 conv=notrunc 2>/dev/null
wc -c < out | awk '{ print $1 }'
echo "== pr"
seq 30 > p
pr -t p | head -n 3
pr -t -l 7 p | wc -l | awk '{ print $1 }'
pr -t -d -l 5 p | head -n 6
pr -t -n -o 2 p | tail -n 2
pr +2 -t -l 12 p | head -n 2
pr -l 15 -h HEAD p | sed -n '1,8p' | sed 's/^.*HEAD.*Page/HEAD Page/'
pr -l 15 p | wc -l | awk '{ print $1 }'
pr -l 15 -F p | tr -d -c '\f\n' | od -c
echo "== tsort"
printf 'a b\nb c\nc d\nd e\n' | tsort
printf 'x y y z\nz z\n' | tsort
printf 'a b\nb c\nc a\n' | tsort > /dev/null 2>&1; echo "tsort cycle status $?"
echo "== regex: leftmost-longest, word anchors"
echo abcd | sed -E 's/a|ab/X/'
echo abcd | sed -E 's/(a|ab)(c|bcd)/[\1,\2]/'
echo "xabcd xbc" | sed -E 's/b|abcd/<&>/g'
awk 'BEGIN { match("xabcd", /ab|abcd/); print RSTART, RLENGTH }'
echo "this is his island" | sed 's/\<is\>/IS/g; s/\<h/H/'
echo "cat concat cat_x cat." | sed -E 's/\<cat\>/dog/g'
printf 'is\nthis\nis it\n' | grep -c '\<is\>'
echo "== nohup"
nohup sh -c 'echo out; echo err >&2' 2>&1 | cat
nohup /nonexistent/x 2>/dev/null; echo "nohup missing status $?"
cd /
rm -r $t
echo done
