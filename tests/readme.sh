#!/bin/sh
# The README's examples, run so they cannot go stale.
#
# Usage, from the repository root: sh tests/readme.sh BIN [README]
#
# Convention in README.md: an example is a ```sh block right after the line
# "<!-- example -->" (blank lines may come between them); "<!-- example exit=N -->"
# expects exit status N instead of 0.  A ```text block right after the line
# "<!-- output -->", which itself follows an example's closing fence, is that
# example's standard output, compared byte for byte.  Standard error is not
# compared (an example that shows it redirects it with 2>&1).  The line
# "<!-- example-c -->" marks a ```c block that tests/install.sh compiles against
# the installed library and runs; this script leaves it alone.
#
# The examples run in README order, each as `sh -e`, in one scratch directory
# that holds a copy of corpora/ and the Python scripts, so an example may read what an earlier one
# wrote; `newsift` (on PATH) and `build/newsift` there are BIN.  Nothing is
# written into the repository.  UPDATE_README=1 rewrites the output blocks of
# README with what the commands print instead of failing (review the diff).
bin=${1:?usage: sh tests/readme.sh BIN [README]}
readme=${2:-README.md}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
[ -x "$bin" ] || { echo "readme: $bin is not an executable"; echo "readme: 0 passed, 1 failed"; exit 1; }
[ -f "$readme" ] && [ -d corpora ] || {
	echo "readme: run from the repository root ($readme and corpora/ not found)"
	echo "readme: 0 passed, 1 failed"; exit 1
}
tmp=$(mktemp -d /tmp/newsift-readme.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
ex=$tmp/examples work=$tmp/work
mkdir -p "$ex" "$work/bin" "$work/build"
cp -R corpora "$work/corpora"
mkdir -p "$work/scripts" && cp scripts/*.py "$work/scripts/"
ln -s "$bin" "$work/bin/newsift"
ln -s "$bin" "$work/build/newsift"

# parse (mode=parse): example i goes to $ex/i.sh, its README line to i.line,
# its expected exit status to i.exit, its shown output (if any) to i.want;
# convention errors to $ex/errors.  mode=update prints the README with each
# output block replaced by $ex/i.got.
scan() { # scan MODE
	awk -v mode="$1" -v dir="$ex" '
	function err(msg) { print FILENAME ":" NR ": " msg > (dir "/errors") }
	function fence(l) { return l ~ /^```[[:space:]]*$/ }
	function blank(l) { return l ~ /^[[:space:]]*$/ }
	function out(l) { if (mode == "update") print l }
	BEGIN { n = 0; state = "text" }
	{
		line = $0
		if (state == "in_sh") {
			out(line)
			if (fence(line)) { close(dir "/" n ".sh"); state = "after_sh"; next }
			if (mode == "parse") print line > (dir "/" n ".sh")
			next
		}
		if (state == "in_text") {
			if (fence(line)) { out(line); close(dir "/" n ".want"); state = "text"; next }
			if (mode == "parse") print line > (dir "/" n ".want")
			next
		}
		if (state == "want_sh") {
			if (blank(line)) { out(line); next }
			if (line ~ /^```sh[[:space:]]*$/) {
				out(line); state = "in_sh"; n++
				if (mode == "parse") {
					print mline > (dir "/" n ".line"); close(dir "/" n ".line")
					print code > (dir "/" n ".exit"); close(dir "/" n ".exit")
					printf "" > (dir "/" n ".sh")
				}
				next
			}
			err("an example marker must be followed by a ```sh block"); state = "text"
		}
		if (state == "want_text") {
			if (blank(line)) { out(line); next }
			if (line ~ /^```text[[:space:]]*$/) {
				out(line); state = "in_text"
				if (mode == "parse") printf "" > (dir "/" n ".want")
				else while ((getline g < (dir "/" n ".got")) > 0) print g
				next
			}
			err("an output marker must be followed by a ```text block"); state = "text"
		}
		if (state == "after_sh") {
			if (blank(line)) { out(line); next }
			if (line ~ /^<!-- output -->[[:space:]]*$/) { out(line); state = "want_text"; next }
			state = "text"
		}
		out(line)
		if (line ~ /^<!-- example( exit=[0-9]+)? -->[[:space:]]*$/) {
			mline = NR
			code = 0
			if (match(line, /exit=[0-9]+/)) code = substr(line, RSTART + 5, RLENGTH - 5) + 0
			state = "want_sh"
		} else if (line ~ /^<!-- example-c -->[[:space:]]*$/) {
			# a C program: tests/install.sh builds and runs it
		} else if (line ~ /^<!-- output -->/) {
			err("an output marker must follow an example block")
		} else if (line ~ /^<!-- example/) {
			err("unknown example marker (use <!-- example -->, <!-- example exit=N --> or <!-- example-c -->)")
		}
	}
	END {
		if (state == "in_sh" || state == "in_text") err("a block is not closed")
		else if (state == "want_sh" || state == "want_text") err("a marker at the end of the file")
		if (mode == "parse") print n > (dir "/count")
	}' "$readme"
}

pass=0; fail=0
scan parse
if [ -s "$ex/errors" ]; then
	while IFS= read -r e; do echo "FAIL $e"; fail=$((fail + 1)); done < "$ex/errors"
fi
count=$(cat "$ex/count")
if [ "$count" -eq 0 ]; then
	echo "FAIL $readme: no examples found"
	fail=$((fail + 1))
fi

i=1
while [ "$i" -le "$count" ]; do
	where="$readme:$(cat "$ex/$i.line")"
	first=$(grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$ex/$i.sh" | head -n 1)
	[ "$(grep -c -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$ex/$i.sh")" -gt 1 ] && first="$first ..."
	want_exit=$(cat "$ex/$i.exit")
	(cd "$work" && PATH="$work/bin:$PATH" exec sh -e "$ex/$i.sh") > "$ex/$i.got" 2> "$ex/$i.err" < /dev/null
	st=$?
	why=""
	[ "$st" -eq "$want_exit" ] || why="exit status $st, expected $want_exit"
	if [ -f "$ex/$i.want" ] && [ -z "${UPDATE_README:-}" ] && ! cmp -s "$ex/$i.want" "$ex/$i.got"; then
		why="${why:+$why; }output differs from the README"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok   $where: $first"
	else
		fail=$((fail + 1))
		echo "FAIL $where: $first: $why"
		if [ -f "$ex/$i.want" ] && ! cmp -s "$ex/$i.want" "$ex/$i.got"; then
			diff -u "$ex/$i.want" "$ex/$i.got" | sed -e '1,2d' -e 's/^/     /' | head -n 40
		fi
		[ -s "$ex/$i.err" ] && sed -e 's/^/     stderr: /' "$ex/$i.err" | head -n 10
	fi
	i=$((i + 1))
done

if [ -n "${UPDATE_README:-}" ] && [ ! -s "$ex/errors" ]; then
	scan update > "$tmp/README.new" && cat "$tmp/README.new" > "$readme" &&
		echo "readme: output blocks of $readme rewritten; review the diff"
fi
echo "readme: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
