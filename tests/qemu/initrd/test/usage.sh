#!/bin/sh
# Every utility of issue 18's second and third rounds, given an option it
# does not have: a usage line naming it on stderr and a non-zero status,
# never a crash (nohup and nice fail with 127, as POSIX has them). Run by
# tests/qemu/test_utils.c; usage.expected is written by hand.
for u in sed awk find diff od ln link unlink readlink du df id uname date time vi grep sort head tail ubox \
	cksum tty logname nohup nice expand unexpand strings split join cal dd pr tsort getconf more; do
	$u -Z < /dev/null > /dev/null 2> /tmp/usage.err
	st=$?
	if grep -q "^usage: $u" /tmp/usage.err; then said=usage; else said=silent; fi
	if [ $st -gt 0 ] && [ $st -lt 128 ]; then echo "$u $said failed"; else echo "$u $said status $st"; fi
done
rm -f /tmp/usage.err
