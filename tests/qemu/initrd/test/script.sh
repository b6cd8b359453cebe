#!/bin/sh
# Run by the QEMU tests (tests/qemu/test_px.c) as `sh /test/script.sh a b`:
# arguments, a variable, a pipeline, && and ||, and the exit status.
echo "script $0 args $# first $1"
greeting=hello
echo "$greeting from a script"
seq 12 | grep 2 | wc -l
false || echo "or ran"
true && echo "and ran"
false && echo "and ran after false"
exit 3
