#!/bin/sh
# make install and uninstall, and the library as a user sees it: the README's
# C example built through pkg-config and checked against the CLI.
#
# Usage, from the repository root: sh tests/install.sh BIN
#
# BIN is BUILD/newsift; BUILD is the build directory given to make, so the
# files installed are the ones the other tests ran.  Steps: make install into
# a scratch PREFIX (and once more under a DESTDIR), the installed files and
# newsift.pc, the ```c block after the line "<!-- example-c -->" in README.md
# compiled with `pkg-config --cflags --libs newsift` and run on the sample, its
# duplicate groups compared with the clusters.tsv of
# `newsift run --dedup-only`, then make uninstall.  Nothing is written into
# the repository outside BUILD; the scratch directory is removed.
bin=${1:?usage: sh tests/install.sh BIN}
readme=README.md
sample=corpora/sample.jsonl.gz
make=${MAKE:-make}
cc=${CC:-cc}
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
verdict() { # verdict STATUS DESCRIPTION: after `[ ... ] && [ ... ]; verdict $? ...`
	if [ "$1" -eq 0 ]; then ok "$2"; else bad "$2"; fi
}
show() { # show FILE: the first lines of a log under a failed check
	[ -s "$1" ] && sed -e 's/^/     /' "$1" | head -n 20
}
finish() {
	echo "install: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

if ! { [ -f Makefile ] && [ -f "$readme" ] && [ -f "$sample" ]; }; then
	bad "run from the repository root (Makefile, $readme and $sample not found)"; finish
fi
if ! { [ -x "$bin" ] && [ "$(basename "$bin")" = newsift ]; }; then
	bad "$bin is not an executable BUILD/newsift"; finish
fi
build=$(dirname "$bin")
tmp=$(mktemp -d /tmp/newsift-install.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
prefix=$tmp/prefix
pc=$prefix/lib/pkgconfig/newsift.pc
pkgconf() { PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config "$@"; }

# ---- make install
if "$make" install PREFIX="$prefix" DESTDIR= BUILD="$build" > "$tmp/install.log" 2>&1; then
	ok "make install PREFIX=$prefix BUILD=$build"
else
	bad "make install PREFIX=$prefix BUILD=$build"; show "$tmp/install.log"; finish
fi
"$prefix/bin/newsift" --version > /dev/null 2>&1; verdict $? "bin/newsift installed and runs"
[ -f "$prefix/lib/libnewsift.a" ]; verdict $? "lib/libnewsift.a installed"
missing=""
for h in include/newsift/*.h; do [ -f "$prefix/$h" ] || missing="$missing $h"; done
[ -z "$missing" ]; verdict $? "every header of include/newsift/ installed${missing:+ (missing:$missing)}"
[ -f "$pc" ]; verdict $? "lib/pkgconfig/newsift.pc installed"
cmp -s "$prefix/share/man/man1/newsift.1" doc/newsift.1; verdict $? "share/man/man1/newsift.1 installed"
if command -v man > /dev/null 2>&1; then
	MANPATH=$prefix/share/man man -w newsift 2>/dev/null | grep -q "^$prefix/share/man/man1/newsift.1"
	verdict $? "man finds it under MANPATH=PREFIX/share/man"
fi
comp=$prefix/share/bash-completion/completions/newsift
cmp -s "$comp" completion/newsift.bash; verdict $? "share/bash-completion/completions/newsift installed"
if command -v bash > /dev/null 2>&1; then
	got=$(PATH=$prefix/bin:$PATH bash -c '. "$1"; COMP_WORDS=(newsift run --no-d); COMP_CWORD=2; _newsift; echo "${COMPREPLY[*]}"' _ "$comp" 2>&1)
	[ "$got" = "--no-dump" ]; verdict $? "the installed completion completes run --no-d to --no-dump with the installed newsift (got $got)"
fi

version=$(sed -n 's/^#define NS_VERSION "\(.*\)"/\1/p' include/newsift/common.h)
got=$(pkgconf --modversion newsift 2>&1)
[ "$got" = "$version" ]; verdict $? "pkg-config --modversion newsift is NS_VERSION ($version; got $got)"
got=$(pkgconf --variable=prefix newsift 2>&1)
[ "$got" = "$prefix" ]; verdict $? "newsift.pc has prefix=PREFIX (got $got)"
flags=$(pkgconf --cflags --libs newsift 2> "$tmp/pc.err")
[ -n "$flags" ] && [ ! -s "$tmp/pc.err" ]
verdict $? "pkg-config --cflags --libs newsift resolves (the packages it requires are installed)"
show "$tmp/pc.err"
missing=""
for w in "-I$prefix/include" "-L$prefix/lib" -lnewsift -lstemmer -fopenmp -lm; do
	case " $flags " in *" $w "*) ;; *) missing="$missing $w" ;; esac
done
[ -z "$missing" ]; verdict $? "the flags have -I, -L of PREFIX, -lnewsift, -lstemmer, -fopenmp, -lm${missing:+ (missing:$missing)}"

# ---- the README's C example, built against the installed library
if awk -v out="$tmp/groups.c" '
	state == "code" { if ($0 ~ /^```[[:space:]]*$/) { state = "done"; next } print > out; next }
	state == "want" { if ($0 ~ /^[[:space:]]*$/) next; if ($0 ~ /^```c[[:space:]]*$/) { state = "code"; n++; next } state = "" }
	/^<!-- example-c -->[[:space:]]*$/ { marks++; state = "want" }
	END { exit !(marks == 1 && n == 1 && state == "done") }' "$readme" && [ -s "$tmp/groups.c" ]; then
	ok "$readme has one \`\`\`c block marked <!-- example-c --> ($(wc -l < "$tmp/groups.c") lines)"
else
	bad "$readme has one \`\`\`c block marked <!-- example-c -->"; finish
fi
# shellcheck disable=SC2086 # $flags is a list of words
if "$cc" -Wall -Wextra -o "$tmp/groups" "$tmp/groups.c" $flags > "$tmp/cc.log" 2>&1; then
	ok "$cc groups.c \$(pkg-config --cflags --libs newsift) links with the installed libnewsift.a"
	[ ! -s "$tmp/cc.log" ]; verdict $? "the example compiles without warnings (-Wall -Wextra)"
	show "$tmp/cc.log"
else
	bad "$cc groups.c \$(pkg-config --cflags --libs newsift) links with the installed libnewsift.a"
	show "$tmp/cc.log"
fi

if [ -x "$tmp/groups" ]; then
	"$tmp/groups" "$sample" > "$tmp/groups.out" 2> "$tmp/groups.err"
	st=$?
	[ "$st" -eq 0 ] && [ ! -s "$tmp/groups.err" ]; verdict $? "groups $sample exits 0 (got $st) with no stderr"
	show "$tmp/groups.err"
	"$tmp/groups" "$tmp/no-such-file.jsonl" > /dev/null 2> "$tmp/missing.err"
	st=$?
	[ "$st" -ne 0 ] && [ -s "$tmp/missing.err" ]; verdict $? "groups on a missing file exits non-zero (got $st) with a message"

	# the CLI's duplicate groups: "kept<TAB>dup..." per group of two or more,
	# groups in input order of the kept record, duplicates in input order
	"$bin" run -q "$sample" -o "$tmp/out" --dedup-only > "$tmp/run.log" 2>&1
	st=$?
	[ "$st" -eq 0 ]; verdict $? "newsift run --dedup-only on the sample exits 0 (got $st)"
	[ "$st" -eq 0 ] || show "$tmp/run.log"
	tsv=$tmp/out/clusters.tsv
	awk -F '\t' 'NR == 1 { next }
		$4 == "kept" && !($1 in pos) { pos[$1] = NR }
		$4 == "duplicate" { if (!($2 in members)) rep[++n] = $2; members[$2] = members[$2] "\t" $1 }
		END { for (i = 1; i <= n; i++) print pos[rep[i]] "\t" rep[i] members[rep[i]] }' "$tsv" 2> /dev/null |
		sort -n -k 1,1 | cut -f 2- > "$tmp/want.out"
	bad_dups=$(awk -F '\t' 'FNR == NR { if (FNR > 1 && $4 == "duplicate") group[$1] = $2; next }
		{ for (i = 2; i <= NF; i++) if (group[$i] != $1) printf " %s", $i }' "$tsv" "$tmp/groups.out" 2> /dev/null)
	[ -s "$tmp/groups.out" ] && [ -z "$bad_dups" ]
	verdict $? "every duplicate the example prints is a duplicate row of clusters.tsv with its dup_group${bad_dups:+ (not:$bad_dups)}"
	got=$(wc -l < "$tmp/groups.out"); want=$(wc -l < "$tmp/want.out")
	[ "$got" -eq "$want" ] && [ "$want" -gt 0 ]
	verdict $? "the example prints as many groups as clusters.tsv has dup_groups of two or more ($got, $want)"
	if cmp -s "$tmp/want.out" "$tmp/groups.out"; then
		ok "the example's output is clusters.tsv's groups, every duplicate, in input order"
	else
		bad "the example's output is clusters.tsv's groups, every duplicate, in input order"
		diff "$tmp/want.out" "$tmp/groups.out" | sed -e 's/^/     /' | head -n 20
	fi
fi

# ---- make uninstall
if "$make" uninstall PREFIX="$prefix" DESTDIR= BUILD="$build" > "$tmp/uninstall.log" 2>&1; then
	ok "make uninstall PREFIX=$prefix"
else
	bad "make uninstall PREFIX=$prefix"; show "$tmp/uninstall.log"
fi
left=$(cd "$prefix" && find . ! -type d | sed 's,^\./,,' | tr '\n' ' ')
[ -z "$left" ]; verdict $? "make uninstall removes every file it installed${left:+ (left: $left)}"

# ---- DESTDIR: files under DESTDIR/PREFIX, newsift.pc naming PREFIX alone
dest=$tmp/dest
if "$make" install PREFIX=/opt/newsift DESTDIR="$dest" BUILD="$build" > "$tmp/install2.log" 2>&1; then
	got=$(sed -n 's/^prefix=//p' "$dest/opt/newsift/lib/pkgconfig/newsift.pc" 2> /dev/null)
	[ "$got" = /opt/newsift ] && [ -f "$dest/opt/newsift/lib/libnewsift.a" ]
	verdict $? "make install DESTDIR=D PREFIX=/opt/newsift: D/opt/newsift/lib/pkgconfig/newsift.pc with prefix=/opt/newsift"
else
	bad "make install DESTDIR=D PREFIX=/opt/newsift"; show "$tmp/install2.log"
fi
"$make" uninstall PREFIX=/opt/newsift DESTDIR="$dest" BUILD="$build" > "$tmp/uninstall2.log" 2>&1
left=$(cd "$dest" && find . ! -type d | sed 's,^\./,,' | tr '\n' ' ')
[ -z "$left" ]; verdict $? "make uninstall DESTDIR=D PREFIX=/opt/newsift removes them${left:+ (left: $left)}"
finish
