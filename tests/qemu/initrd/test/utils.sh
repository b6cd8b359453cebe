#!/bin/sh
# The utilities' POSIX options, run by the QEMU tests (tests/qemu/test_sh.c)
# as `sh /test/utils.sh`. utils.expected is what dash and GNU coreutils
# print for it on the host, made in this directory with
#   env PATH=/bin dash ./utils.sh > utils.expected 2>&1
t=/tmp/utils.$$
printf 'b\na\na\nc\n' > $t.1
printf 'a\nb\nd\n' > $t.2
echo "a:b:c:d" | cut -d: -f2,4
echo "abcdef" | cut -c2-4
echo "a:b:c" | cut -d : -f 2-
printf 'x\ty\n' | cut -f1
echo "hello world" | tr a-z A-Z
echo "aabbcc" | tr -s a-c
echo "hello" | tr -d l
echo "a1b2c3" | tr -cd '[:digit:]'; echo
echo "a b" | tr ' ' '\n'
uniq -c $t.1
sort $t.1 | uniq -d
sort $t.1 | uniq -u
cmp -s $t.1 $t.1; echo "cmp same $?"
cmp -s $t.1 $t.2; echo "cmp differ $?"
expr 1 + 2 \* 3
expr abcdef : 'ab\(.*\)e'
expr abc : '.*'
expr 5 \> 3
expr \( 2 + 3 \) \* 4
expr 10 % 3 - 1; echo "expr zero status $?"
printf 'a\n\nb\n' | nl
paste $t.1 $t.2
paste -s -d, $t.2
sort $t.1 | comm - $t.2
sort $t.1 | comm -12 - $t.2
echo "the quick brown fox jumps" | fold -w 10
echo "the quick brown fox jumps" | fold -s -w 10
printf 'a b\nc "d e"\n' | xargs
printf '1\n2\n3\n' | xargs -n 2 echo x
printf 'f1\nf2\n' | xargs -I{} echo "<{}>"
basename /a/b/c.txt .txt; basename /; basename a/b/
dirname /a/b/c; dirname a; dirname /a; dirname a/b/
echo teed | tee $t.3 >/dev/null; cat $t.3
echo more | tee -a $t.3; cat $t.3
test -d /tmp && echo "test -d"
test 1 -gt 2; echo "test status $?"
printf '%s-%d|%5s|%-4s|%x\n' a 1 pad l 255
printf '%s\n' one two three
rm $t.1 $t.2 $t.3
echo done
