#!/bin/sh
# Run unit-test binaries; each prints "FILE: N passed, M failed".  Prints the
# total as the last line and fails when any test failed or a binary crashed.
pass=0; fail=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -v ' passed, ' >&2
	line=$(printf '%s\n' "$out" | grep ' passed, ' | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	if [ -z "$p" ]; then
		echo "$t: crashed or printed no result (exit $rc)"; fail=$((fail + 1)); continue
	fi
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	echo "$t: $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
