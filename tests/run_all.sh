#!/bin/sh
# make test: unit tests, then the end-to-end suites of the CLI; each suite
# ends with "NAME: N passed, M failed"; the last line is the total.
bin=$1; shift
total_p=0; total_f=0; rc=0
run_suite() { # run_suite COMMAND...
	out=$("$@"); r=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/^[^:]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/^[^:]*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$p" ] || { p=0; f=1; echo "$*: no result line (exit $r)"; }
	[ "$r" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	total_p=$((total_p + p)); total_f=$((total_f + f))
	[ "$f" -eq 0 ] || rc=1
}
run_suite sh tests/run_unit.sh "$@"
run_suite sh tests/e2e.sh "$bin"
run_suite sh tests/dedup_cases.sh "$bin"
run_suite sh tests/scraped.sh "$bin"
run_suite sh tests/state.sh "$bin"
run_suite sh tests/robust.sh "$bin"
run_suite sh tests/digest.sh "$bin"
run_suite sh tests/browser.sh "$bin"
run_suite sh tests/inputs.sh "$bin"
run_suite sh tests/warc.sh "$bin"
run_suite sh tests/readme.sh "$bin"
run_suite sh tests/cli.sh "$bin"
run_suite sh tests/install.sh "$bin"
run_suite sh tests/mpi.sh "$bin"
echo "tests: $total_p passed, $total_f failed"
exit $rc
