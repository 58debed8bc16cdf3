#!/bin/sh
# make test: unit tests, then the end-to-end tests of the CLI; the last line
# is the total.
bin=$1; shift
u=$(sh tests/run_unit.sh "$@"); urc=$?
printf '%s\n' "$u" | grep -v '^unit: '
e=$(sh tests/e2e.sh "$bin"); erc=$?
printf '%s\n' "$e" | grep -v '^e2e: '
up=$(printf '%s\n' "$u" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed/\1/p')
uf=$(printf '%s\n' "$u" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed/\2/p')
ep=$(printf '%s\n' "$e" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed/\1/p')
ef=$(printf '%s\n' "$e" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed/\2/p')
up=${up:-0}; uf=${uf:-1}; ep=${ep:-0}; ef=${ef:-1}
echo "unit: $up passed, $uf failed; end-to-end: $ep passed, $ef failed"
echo "tests: $((up + ep)) passed, $((uf + ef)) failed"
[ "$urc" -eq 0 ] && [ "$erc" -eq 0 ] && [ $((uf + ef)) -eq 0 ]
