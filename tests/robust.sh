#!/bin/sh
# Robustness of the newsift CLI: the bad-input matrix, each case
# with its exact one-line message (file:line where there is a line), its exit
# code and its accounting (read = kept + duplicate + rejected in report.json,
# one clusters.tsv row per record); a 100 MB line; SIGINT/SIGTERM; injected
# write/fsync/rename failures (LD_PRELOAD shim tests/preload/failwrite.c);
# and the replay of the fuzz corpora (tests/fuzz/).
#
#   sh tests/robust.sh [build/newsift]
#   ROBUST_BIG_MB=0 skips the 100 MB line (default 100)
#
# Binaries it needs beside $bin: preload/failwrite.so and fuzz/replay_* (make test
# builds them).  The last line is "robust: N passed, M failed".
bin=${1:-build/newsift}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
build=$(dirname "$bin")
repo=$(pwd)
shim=$build/preload/failwrite.so
big_mb=${ROBUST_BIG_MB:-100}
tmp=$(mktemp -d /tmp/newsift-robust.XXXXXX)
chmod 755 "$tmp" # the unreadable-file case runs as nobody, who must reach $tmp
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0; fail=0; skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }
check() { # check DESCRIPTION COMMAND...: passes when COMMAND succeeds; shows its output when not
	d=$1; shift
	if "$@" > "$tmp/.check" 2>&1; then ok; else bad "$d"; sed 's/^/    /' "$tmp/.check" | head -n 8; fi
}

# a sanitizer build: no memory bound, and the shim needs ASan's permission
sanitized=0
if ldd "$bin" 2>/dev/null | grep -q 'lib[at]*san\|libubsan'; then sanitized=1; fi
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

cd "$tmp" || exit 1

# ns NAME ARGS...: `newsift run -t 2 ARGS -o NAME` in $tmp; keeps NAME.rc,
# NAME.out, NAME.err (file names in messages are relative to $tmp)
ns() {
	n=$1; shift
	"$bin" run -t 2 "$@" -o "$n" > "$n.out" 2> "$n.err"
	echo $? > "$n.rc"
}
rc_is() { # rc_is NAME CODE
	check "$1: exit $2 (got $(cat "$1.rc"))" test "$(cat "$1.rc")" -eq "$2"
}
msg() { # msg NAME LINE: LINE is a whole line of NAME's stderr
	check "$1: message '$2'" grep -qxF -- "$2" "$1.err"
}
msg_re() { # msg_re NAME REGEX: a whole stderr line matches (extended regex)
	check "$1: message /$2/" grep -qxE -- "$2" "$1.err"
}
no_msg() { # no_msg NAME TEXT
	check "$1: no message containing '$2'" sh -c '! grep -qF -- "$1" "$2"' _ "$2" "$1.err"
}
one_line_msgs() { # every stderr line is one newsift line
	check "$1: every stderr line starts with 'newsift: '" sh -c '! grep -v "^newsift: " "$1"' _ "$1.err"
}
stale_of() { # stale_of NAME: NAME.before's files are in NAME as FILE.stale, with failed.json and nothing else
	for f in $(ls -A "$1.before"); do cmp -s "$1.before/$f" "$1/$f.stale" || return 1; done
	[ -e "$1/failed.json" ] && [ "$(ls -A "$1" | grep -v '\.stale$')" = failed.json ]
}
no_outputs() { # no_outputs NAME: the output directory holds no file but failed.json
	check "$1: no outputs and no temporaries in $1/" sh -c 'test ! -e "$1" || test -z "$(ls -A "$1" | grep -vx failed.json)"' _ "$1"
	check "$1: $1/failed.json says the exit status" python3 -c '
import json, sys
d = json.load(open(sys.argv[1] + "/failed.json"))
assert d["exit"] == int(open(sys.argv[1] + ".rc").read()) and d["error"] and d["command"].startswith("newsift run"), d' "$1"
}
all_outputs() {
	check "$1: all outputs present, no temporaries" sh -c \
		'cd "$1" && test "$(ls -A | tr "\n" " ")" = "clusters.tsv deduped.jsonl.gz digest.html digest.json digest.md report.json stories.jsonl "' _ "$1"
}

# counts NAME KEY=VALUE...: report counts, the accounting identities, and
# one clusters.tsv row per record read, each with an id of its own
COUNTS_PY='
import json, sys
d = sys.argv[1]
c = json.load(open(d + "/report.json"))["counts"]
rows = [l.rstrip("\n").split("\t") for l in open(d + "/clusters.tsv", encoding="utf-8")]
assert rows[0] == ["id", "dup_group", "story", "status", "reason"], rows[0]
rows = rows[1:]
assert c["read"] == c["kept"] + c["duplicate"] + c["rejected"], c
assert c["duplicate"] == c["exact_duplicates"] + c["near_duplicates"], c
assert len(rows) == c["read"], (len(rows), c["read"])
ids = [r[0] for r in rows]
assert len(set(ids)) == len(ids), sorted(i for i in set(ids) if ids.count(i) > 1)
st = [r[3] for r in rows]
assert (st.count("kept"), st.count("duplicate"), st.count("rejected")) == (c["kept"], c["duplicate"], c["rejected"]), c
for kv in sys.argv[2:]:
    k, v = kv.split("=")
    lo, _, hi = v.partition("..")
    if hi: assert int(lo) <= c[k] <= int(hi), (k, c[k], v)
    else: assert c[k] == int(v), (k, c[k], int(v))
'
counts() {
	n=$1; shift
	check "$n: counts $* and accounting" python3 -c "$COUNTS_PY" "$n" "$@"
}
# row NAME ID STATUS [REASON]: a clusters.tsv row with this id, status and reason
row() {
	check "$1: row '$2' $3${4:+ '$4'}" python3 -c '
import sys
d, i, s = sys.argv[1:4]
want = sys.argv[4] if len(sys.argv) > 4 else None
rows = [l.rstrip("\n").split("\t") for l in open(d + "/clusters.tsv", encoding="utf-8")][1:]
assert any(r[0] == i and r[3] == s and (want is None or r[4] == want) for r in rows), [r for r in rows if r[0] == i]' "$@"
}

# gen PREFIX N [SEED]: N distinct valid records (ids PREFIX0000...) on stdout
gen() {
	python3 -c '
import random, sys
p, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]))
vocab = ["w%03d%s" % (i, "abcdefghij"[i % 10]) for i in range(2000)]
for i in range(n):
    words = " ".join(rng.choice(vocab) for _ in range(40))
    print("{\"id\": \"%s%04d\", \"title\": \"Title %d\", \"text\": \"%s. Second sentence of record %d.\"}" % (p, i, i, words, i))
' "$1" "$2" "${3:-1}"
}
# gz [OUT]: gzip stdin into OUT (or stdout), deterministic bytes (no name, no time)
gz() {
	if [ $# -gt 0 ]; then gz > "$1"; return; fi
	python3 -c 'import gzip, sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), 6, mtime=0))'
}

# ============================ gzip damage ===================================
gen r 200 > recs200.jsonl
gz full.jsonl.gz < recs200.jsonl
size=$(wc -c < full.jsonl.gz)
head -c $((size / 2)) full.jsonl.gz > trunc.jsonl.gz
ns trunc trunc.jsonl.gz
rc_is trunc 4
msg_re trunc 'newsift: error: trunc\.jsonl\.gz: read error after line [0-9]+: truncated gzip input: unexpected end of file'
msg trunc "newsift: 1 input(s) could not be read completely"
counts trunc input_errors=1 read=1..199
check "trunc: the records before the damage are kept, in order; only the last (cut) line may be rejected" python3 -c '
rows = [l.rstrip("\n").split("\t") for l in open("trunc/clusters.tsv")][1:]
for i, r in enumerate(rows[:-1]):
    assert r[0] == "r%04d" % i and r[3] == "kept", r
assert rows[-1][3] == "kept" or rows[-1][4].startswith("malformed JSON: unexpected end of line"), rows[-1]'
one_line_msgs trunc
# the same stream through stdin
ns trunc_stdin - < trunc.jsonl.gz
rc_is trunc_stdin 4
msg_re trunc_stdin 'newsift: error: -: read error after line [0-9]+: truncated gzip input: unexpected end of file'
check "trunc_stdin: the same records as from the file" sh -c 'grep -v "^trunc.jsonl.gz:" trunc/clusters.tsv > a.tsv; grep -v "^-:" trunc_stdin/clusters.tsv > b.tsv; cmp a.tsv b.tsv'

# a member followed by garbage: zlib's gz* API drops it silently; newsift reports it
gen g 5 > recs5.jsonl
gz member.gz < recs5.jsonl
msize=$(wc -c < member.gz)
{ cat member.gz; printf 'this is not gzip data\n'; } > garbage.jsonl.gz
ns garbage garbage.jsonl.gz
rc_is garbage 4
msg garbage "newsift: error: garbage.jsonl.gz: read error after line 5: trailing garbage after gzip data at byte offset $msize"
counts garbage read=5 kept=5 input_errors=1
all_outputs garbage
one_line_msgs garbage
{ cat member.gz; head -c 1024 /dev/zero; } > zeros.jsonl.gz
ns zeros zeros.jsonl.gz
rc_is zeros 4
msg zeros "newsift: error: zeros.jsonl.gz: read error after line 5: trailing garbage after gzip data at byte offset $msize"
counts zeros read=5 kept=5 input_errors=1
{ cat member.gz; printf 'X'; } > onebyte.jsonl.gz
ns onebyte onebyte.jsonl.gz
msg onebyte "newsift: error: onebyte.jsonl.gz: read error after line 5: trailing garbage after gzip data at byte offset $msize"
# garbage between two members: what follows the garbage is not read
gen h 3 2 | gz member2.gz
{ cat member.gz; printf 'junk'; cat member2.gz; } > between.jsonl.gz
ns between between.jsonl.gz
rc_is between 4
msg between "newsift: error: between.jsonl.gz: read error after line 5: trailing garbage after gzip data at byte offset $msize"
counts between read=5 input_errors=1
# what looks like a second member but is not one
{ cat member.gz; printf '\037\213\010'; } > halfheader.jsonl.gz
ns halfheader halfheader.jsonl.gz
rc_is halfheader 4
msg halfheader "newsift: error: halfheader.jsonl.gz: read error after line 5: truncated gzip input: unexpected end of file"
{ cat member.gz; printf '\037\213\077xxxxxxxxxxxxxxxx'; } > badheader.jsonl.gz
ns badheader badheader.jsonl.gz
rc_is badheader 4
msg_re badheader "newsift: error: badheader\.jsonl\.gz: read error after line 5: invalid gzip data at byte offset [0-9]+: unknown compression method"
# a corrupted byte in the middle of the deflate data (the CRC or the codes catch it)
python3 -c '
import sys
b = bytearray(open("full.jsonl.gz", "rb").read()); b[len(b) // 2] ^= 0x55
open("corrupt.jsonl.gz", "wb").write(b)'
ns corrupt corrupt.jsonl.gz
rc_is corrupt 4
msg_re corrupt "newsift: error: corrupt\.jsonl\.gz: read error after line [0-9]+: (invalid gzip data at byte offset [0-9]+: .*|truncated gzip input: unexpected end of file)"
counts corrupt input_errors=1 read=1..200
# garbage through stdin and with --strict (an input error is not a rejected record)
ns garbage_stdin - < garbage.jsonl.gz
rc_is garbage_stdin 4
msg garbage_stdin "newsift: error: -: read error after line 5: trailing garbage after gzip data at byte offset $msize"
ns garbage_strict --strict garbage.jsonl.gz
rc_is garbage_strict 4
all_outputs garbage_strict

# concatenated members are one stream: an empty member, a line split across members
{ cat member.gz; printf '' | gz; cat member2.gz; } > concat.jsonl.gz
ns concat concat.jsonl.gz
rc_is concat 0
counts concat read=8 kept=8 input_errors=0
check "concat: records of both members, in order" sh -c 'test "$(tail -n +2 concat/clusters.tsv | cut -f1 | tr "\n" " ")" = "g0000 g0001 g0002 g0003 g0004 h0000 h0001 h0002 "'
check "concat: nothing on stderr" test ! -s concat.err
{ printf '{"id": "j1", "te' | gz; printf 'xt": "a line split across two gzip members"}\n' | gz; } > split.jsonl.gz
ns split split.jsonl.gz
rc_is split 0
counts split read=1 kept=1
row split j1 kept ""

# ============================ bytes in a line ================================
{
	printf '{"id": "u1", "text": "bare \377 byte in the harbour festival text"}\n'
	printf '{"id": "u2", "title": "cut \303\050 sequence", "text": "the title holds a cut two-byte sequence"}\n'
	printf '{"id": "caf\351", "text": "a Latin-1 byte in the id itself"}\n'
	printf '{"id": "u4", "text": "overlong \300\257 and surrogate \355\240\200 forms"}\n'
	printf '{"id": "u5", "text": "valid caf\303\251 and \342\202\254 stay as they are"}\n'
} > badutf8.jsonl
ns badutf8 badutf8.jsonl
rc_is badutf8 0
for l in 1 2 3 4; do msg badutf8 "newsift: warning: badutf8.jsonl:$l: invalid UTF-8 or NUL characters repaired"; done
no_msg badutf8 "badutf8.jsonl:5:"
counts badutf8 read=5 kept=5 repaired=4
row badutf8 "caf�" kept ""
check "badutf8: every output is valid UTF-8; U+FFFD replaces the bad bytes; valid text untouched" python3 -c '
import gzip
for f in ["clusters.tsv", "stories.jsonl", "digest.md", "digest.html", "digest.json", "report.json"]:
    open("badutf8/" + f, "rb").read().decode("utf-8")
d = gzip.open("badutf8/deduped.jsonl.gz").read().decode("utf-8")
assert "bare \ufffd byte" in d and "cut \ufffd( sequence" in d, d
assert "valid caf\u00e9 and \u20ac stay" in d, d'
one_line_msgs badutf8

{
	printf '{"id": "n1", "text": "raw\000NUL inside the text of the record"}\n'
	printf '{"id": "n2", "text": "escaped \\u0000 NUL inside the text"}\n'
	printf '{"id": "n3\\u0000x", "text": "an escaped NUL inside the id"}\n'
	printf '\000\n'
	printf '{"id": "n5", "text": "a clean record after them"}\n'
} > nul.jsonl
ns nul nul.jsonl
rc_is nul 0
for l in 1 2 3; do msg nul "newsift: warning: nul.jsonl:$l: invalid UTF-8 or NUL characters repaired"; done
msg nul "newsift: warning: nul.jsonl:4: rejected: malformed JSON: unexpected end of line"
counts nul read=5 kept=4 rejected=1 repaired=3
row nul n3x kept ""
row nul nul.jsonl:4 rejected "malformed JSON: unexpected end of line (nul.jsonl:4)"
check "nul: no NUL byte in any output; the text around a NUL is kept" python3 -c '
import gzip
for f in ["clusters.tsv", "stories.jsonl", "digest.md", "digest.html", "digest.json", "report.json"]:
    assert b"\0" not in open("nul/" + f, "rb").read(), f
d = gzip.open("nul/deduped.jsonl.gz").read()
assert b"\0" not in d and b"\\u0000" not in d, d
assert b"rawNUL inside" in d and b"escaped NUL inside" in d, d'

# ============================ JSON shape and types ===========================
{
	printf '%s\n' '[1, 2]' '"a string"' '42' 'null' 'true'
	printf '%s\n' '{"id": "o6", "text": "an object after the non-objects"}'
	printf '%s\n' '{"id": "o7", "text": "trailing"} x'
	printf '%s\n' '{"id": "o8", "text": "unterminated'
} > notobj.jsonl
ns notobj notobj.jsonl
rc_is notobj 0
for l in 1 2 3 4 5; do
	msg notobj "newsift: warning: notobj.jsonl:$l: rejected: JSON value is not an object"
	row notobj "notobj.jsonl:$l" rejected "JSON value is not an object (notobj.jsonl:$l)"
done
msg notobj "newsift: warning: notobj.jsonl:7: rejected: malformed JSON: trailing characters at byte 34"
msg notobj "newsift: warning: notobj.jsonl:8: rejected: malformed JSON: unexpected end of line"
counts notobj read=8 kept=1 rejected=7
one_line_msgs notobj

{
	printf '%s\n' '{"id": "t1", "text": 5}'
	printf '%s\n' '{"id": "t2", "title": ["a"], "text": "a title that is an array"}'
	printf '%s\n' '{"id": "t3", "date": false, "text": "a date that is a boolean"}'
	printf '%s\n' '{"id": "t4", "source": {"name": "x"}, "text": "a source that is an object"}'
	printf '%s\n' '{"id": "t5", "url": 1.5, "text": "a url that is a number"}'
	printf '%s\n' '{"id": true, "text": "an id that is a boolean"}'
	printf '%s\n' '{"id": 1.5, "text": "an id that is a fraction"}'
	printf '%s\n' '{"id": 18446744073709551615, "text": "an id json-c cannot tell from a larger one"}'
	printf '%s\n' '{"id": 99999999999999999999, "text": "an id beyond 64 bits"}'
	printf '%s\n' '{"id": 42, "text": "an integer id is turned into its decimal string"}'
	printf '%s\n' '{"id": -7, "text": "a negative integer id as well"}'
	printf '%s\n' '{"id": 18446744073709551614, "text": "the largest unsigned id that is kept exactly"}'
	printf '%s\n' '{"id": "t13", "title": null, "url": null, "text": "null fields are empty"}'
} > types.jsonl
ns types types.jsonl
rc_is types 0
msg types 'newsift: warning: types.jsonl:1: rejected: field "text" is int, not a string'
msg types 'newsift: warning: types.jsonl:2: field "title" is array, not a string: dropped'
msg types 'newsift: warning: types.jsonl:3: field "date" is boolean, not a string: dropped'
msg types 'newsift: warning: types.jsonl:4: field "source" is object, not a string: dropped'
no_msg types 'types.jsonl:5'
msg types 'newsift: warning: types.jsonl:6: rejected: field "id" is boolean, not a string'
msg types 'newsift: warning: types.jsonl:7: rejected: field "id" is double, not a string'
msg types 'newsift: warning: types.jsonl:8: rejected: field "id" is an integer out of range, not a string'
msg types 'newsift: warning: types.jsonl:9: rejected: field "id" is an integer out of range, not a string'
row types t1 rejected 'field "text" is int, not a string (types.jsonl:1)'
for i in t2 t3 t4 t5 42 -7 18446744073709551614 t13; do row types $i kept ""; done
row types types.jsonl:6 rejected 'field "id" is boolean, not a string (types.jsonl:6)'
counts types read=13 kept=8 rejected=5 repaired=3
check "types: a list, object or boolean goes, a number in url stays a number" python3 -c '
import gzip, json
d = {x["id"]: x for x in map(json.loads, gzip.open("types/deduped.jsonl.gz"))}
assert (d["t2"]["title"], d["t3"]["date"], d["t4"]["source"], d["t5"]["url"]) == ("", "", "", 1.5), d["t5"]'

# ============================ ids =============================================
{
	printf '%s\n' '{"title": "no id field", "text": "a record without an id field"}'
	printf '%s\n' '{"id": "", "text": "a record with an empty id"}'
	printf '%s\n' '{"id": null, "text": "a record with a null id"}'
	printf '%s\n' '{"id": "m4", "text": "a record with an id"}'
} > missingid.jsonl
ns missingid missingid.jsonl
rc_is missingid 0
for l in 1 2 3; do
	msg missingid "newsift: warning: missingid.jsonl:$l: rejected: missing id (field \"id\")"
	row missingid "missingid.jsonl:$l" rejected "missing id (field \"id\") (missingid.jsonl:$l)"
done
counts missingid read=4 kept=1 rejected=3
ns guid --field-id guid missingid.jsonl
rc_is guid 7
msg guid 'newsift: warning: missingid.jsonl:4: rejected: missing id (field "guid")'
msg guid 'newsift: --field-id guid: no record has this field'
counts guid read=4 rejected=4

{
	printf '%s\n' '{"id": "d1", "text": "first record with id d1 about the harbour"}'
	printf '%s\n' '{"id": "d2", "text": "first record with id d2 about the mountain"}'
	printf '%s\n' '{"id": 42, "text": "an integer id that a string id repeats later"}'
	printf '%s\n' '{"id": "r1", "text": ""}'
} > dupa.jsonl
{
	printf '%s\n' '{"id": "d3", "text": "first record with id d3 about the river"}'
	printf '%s\n' '{"id": "d1", "text": "a different record that reuses id d1 from the other file"}'
	printf '%s\n' '{"id": "d3", "text": "a different record that reuses id d3 from this file"}'
	printf '%s\n' '{"id": "42", "text": "a string id equal to an earlier integer id"}'
	printf '%s\n' '{"id": "r1", "text": "the first valid record with id r1: the earlier one was rejected"}'
} > dupb.jsonl
ns dupid dupa.jsonl dupb.jsonl
rc_is dupid 0
msg dupid 'newsift: warning: dupb.jsonl:2: rejected: duplicate id "d1" (first at dupa.jsonl:1)'
msg dupid 'newsift: warning: dupb.jsonl:3: rejected: duplicate id "d3" (first at dupb.jsonl:1)'
msg dupid 'newsift: warning: dupb.jsonl:4: rejected: duplicate id "42" (first at dupa.jsonl:3)'
row dupid d1 kept ""
row dupid dupb.jsonl:2 rejected 'duplicate id "d1" (first at dupa.jsonl:1) (dupb.jsonl:2)'
row dupid dupb.jsonl:3 rejected 'duplicate id "d3" (first at dupb.jsonl:1) (dupb.jsonl:3)'
row dupid r1 kept ""
row dupid dupa.jsonl:4 rejected 'empty text (field "text") (dupa.jsonl:4)'
check "dupid: a rejected duplicate is named by its place in dup_group and story" grep -q '^dupb.jsonl:2	dupb.jsonl:2	dupb.jsonl:2	rejected	duplicate' dupid/clusters.tsv
counts dupid read=9 rejected=4
check "dupid: deduped.jsonl.gz has d1's first text only" python3 -c '
import gzip, json
d = [json.loads(l) for l in gzip.open("dupid/deduped.jsonl.gz")]
t = [x["text"] for x in d if x["id"] == "d1"]
assert t == ["first record with id d1 about the harbour"], t'

# ============================ text =============================================
{
	printf '%s\n' '{"id": "e1", "text": ""}'
	printf '%s\n' '{"id": "e2", "text": "   "}'
	printf '%s\n' '{"id": "e3", "text": "\n\t\r\n"}'
	printf '%s\n' '{"id": "e4"}'
	printf '%s\n' '{"id": "e5", "text": null}'
	printf '%s\n' '{"id": "e6", "text": "\u200b\u200b\ufeff"}'
	printf '%s\n' '{"id": "e7", "text": "&nbsp;&#160;"}'
	printf '%s\n' '{"id": "e8", "text": "x"}'
} > emptytext.jsonl
ns emptytext emptytext.jsonl
rc_is emptytext 0
for l in 1 2 3 4 5 6 7; do
	msg emptytext "newsift: warning: emptytext.jsonl:$l: rejected: empty text (field \"text\")"
	row emptytext "e$l" rejected "empty text (field \"text\") (emptytext.jsonl:$l)"
done
counts emptytext read=8 kept=1 rejected=7

# ============================ line ends and BOM ===============================
gen c 30 7 > lf.jsonl
sed 's/$/\r/' lf.jsonl > crlf.jsonl
python3 -c 'import sys; sys.stdout.buffer.write(b"\xef\xbb\xbf" + open("lf.jsonl", "rb").read())' > bom.jsonl
gz bom.jsonl.gz < bom.jsonl
python3 -c 'import sys; sys.stdout.buffer.write(b"\xef\xbb\xbf" + open("crlf.jsonl", "rb").read())' > bomcrlf.jsonl
ns lf lf.jsonl
for v in crlf bom bomgz bomcrlf; do
	f=$v.jsonl; [ "$v" = bomgz ] && f=bom.jsonl.gz
	ns "$v" "$f"
	rc_is "$v" 0
	check "$v: no message at all" test ! -s "$v.err"
	check "$v: same clusters.tsv as LF input" cmp lf/clusters.tsv "$v/clusters.tsv"
	check "$v: same deduped.jsonl.gz content as LF input" sh -c 'cmp "$1" "$2"' _ "$(gzip -dc lf/deduped.jsonl.gz > lf.d; echo lf.d)" "$(gzip -dc "$v/deduped.jsonl.gz" > "$v.d"; echo "$v.d")"
done
counts lf read=30 rejected=0
# only the file's first line may carry a BOM
{ head -n 1 lf.jsonl; printf '\357\273\277'; sed -n 2p lf.jsonl; } > bom2.jsonl
ns bom2 bom2.jsonl
msg bom2 "newsift: warning: bom2.jsonl:2: rejected: malformed JSON: unexpected character at byte 1"
counts bom2 read=2 rejected=1

# ============================ empty and missing inputs ========================
: > empty.jsonl
printf '' | gz empty.jsonl.gz
: > zerobyte.jsonl.gz
printf '\n  \n\t\n' > blank.jsonl
for v in empty emptygz zerobyte blank; do
	case $v in emptygz) f=empty.jsonl.gz;; zerobyte) f=zerobyte.jsonl.gz;; *) f=$v.jsonl;; esac
	ns "$v" "$f"
	rc_is "$v" 0
	all_outputs "$v"
	counts "$v" read=0
	check "$v: clusters.tsv is the header only" test "$(wc -l < "$v/clusters.tsv")" -eq 1
done
counts blank blank_lines=3
ns missing missing.jsonl lf.jsonl
rc_is missing 4
msg missing "newsift: error: missing.jsonl: cannot open: No such file or directory"
counts missing read=30 input_errors=1
all_outputs missing
mkdir adir
ns dirin adir lf.jsonl
rc_is dirin 4
msg dirin "newsift: error: adir: no files in the directory"
counts dirin read=30 input_errors=1
# unreadable: permissions do not apply to root, so root runs the case as nobody
cp lf.jsonl unreadable.jsonl && chmod 000 unreadable.jsonl
if [ "$(id -u)" -ne 0 ]; then
	ns unreadable unreadable.jsonl lf.jsonl
	rc_is unreadable 4
	msg unreadable "newsift: error: unreadable.jsonl: cannot open: Permission denied"
	counts unreadable read=30 input_errors=1
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$bin" 2>/dev/null; then
	mkdir -m 777 nobody_out
	cp lf.jsonl nobody_out/lf.jsonl && chmod 644 nobody_out/lf.jsonl
	setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" run -t 2 unreadable.jsonl nobody_out/lf.jsonl \
		-o nobody_out/unreadable > unreadable.out 2> unreadable.err
	echo $? > unreadable.rc
	mv nobody_out/unreadable unreadable
	rc_is unreadable 4
	msg unreadable "newsift: error: unreadable.jsonl: cannot open: Permission denied"
	counts unreadable read=30 input_errors=1
else
	skip "unreadable input: running as root and setpriv cannot drop to nobody"
fi
# output problems: exit 1, nothing half-written
: > afile
"$bin" run -t 2 lf.jsonl -o afile > outfile.out 2> outfile.err; echo $? > outfile.rc
rc_is outfile 1
msg outfile "newsift: error: afile: not a directory"
"$bin" run -t 2 lf.jsonl -o afile/deeper > nodir.out 2> nodir.err; echo $? > nodir.rc
rc_is nodir 1
msg nodir "newsift: error: afile/deeper: cannot create directory: Not a directory"
# every record rejected (a field name the dump does not have): exit 6, outputs written
printf '{"id": "a", "body": "one"}\n{"id": "b", "body": "two"}\n' > body.jsonl
"$bin" run -t 2 body.jsonl -o allrej > allrej.out 2> allrej.err; echo $? > allrej.rc
rc_is allrej 6
msg allrej "newsift: all 2 records were rejected (reasons in clusters.tsv and report.json); check the input and --field-* names"
counts allrej read=2 rejected=2
"$bin" run -t 2 --field-text body body.jsonl -o allok > allok.out 2> allok.err; echo $? > allok.rc
rc_is allok 0
# missing parents of -o are made
"$bin" run -q -t 2 lf.jsonl -o nope/deeper/out > parents.out 2> parents.err; echo $? > parents.rc
rc_is parents 0
if [ -s nope/deeper/out/clusters.tsv ]; then ok "-o makes missing parent directories"; else bad "-o makes missing parent directories"; fi

# ============================ --strict ========================================
for v in notobj dupid emptytext types; do
	case $v in dupid) in="dupa.jsonl dupb.jsonl"; first="dupa.jsonl:4";; notobj) in=notobj.jsonl; first=notobj.jsonl:1;;
		emptytext) in=emptytext.jsonl; first=emptytext.jsonl:1;; types) in=types.jsonl; first=types.jsonl:1;; esac
	# shellcheck disable=SC2086
	ns "strict_$v" --strict $in
	rc_is "strict_$v" 3
	msg "strict_$v" "newsift: stopped: a record was rejected and --strict is set; no outputs written"
	check "strict_$v: the first rejected record ($first) is named, and no later one" sh -c \
		'test "$(grep -c "rejected:" "$1.err")" -eq 1 && grep -q "^newsift: warning: $2: rejected: " "$1.err"' _ "strict_$v" "$first"
	no_outputs "strict_$v"
done
ns strict_utf8 --strict badutf8.jsonl
rc_is strict_utf8 0
counts strict_utf8 read=5 kept=5 repaired=4

# ============================ a 100 MB line ===================================
if [ "$big_mb" -gt 0 ]; then
	python3 -c '
import random, sys
mb = int(sys.argv[1])
rng = random.Random(5)
words = ("harbour festival boats mayor council river train station market weather storm police "
         "report said residents bridge water school budget vote").split()
parts, n = [], 0
while n < mb << 20:
    s = " ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
    parts.append(s); n += len(s) + 1
text = " ".join(parts)
with open("big.jsonl", "w") as f:
    f.write("{\"id\": \"small1\", \"text\": \"A small record before the big one, about the harbour.\"}\n")
    f.write("{\"id\": \"big\", \"title\": \"One long line\", \"text\": \"" + text + "\"}\n")
    f.write("{\"id\": \"small2\", \"text\": \"A small record after the big one, about the station.\"}\n")
with open("big.len", "w") as f: f.write(str(len(text)))
# the same size, not JSON to the end: never closed
with open("bigbad.jsonl", "w") as f:
    f.write("{\"id\": \"bigbad\", \"text\": \"" + text)
' "$big_mb"
	# peak memory of the run, from the kernel (ru_maxrss of the child)
	MEM_PY='
import os, subprocess, sys
p = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1] + ".out", "w"), stderr=open(sys.argv[1] + ".err", "w"))
_, st, ru = os.wait4(p.pid, 0)
open(sys.argv[1] + ".rc", "w").write("%d\n" % os.waitstatus_to_exitcode(st))
open(sys.argv[1] + ".rss", "w").write("%d\n" % (ru.ru_maxrss * 1024))'
	python3 -c "$MEM_PY" big "$bin" run -t 2 big.jsonl -o big
	rc_is big 0
	counts big read=3 kept=3
	row big big kept ""
	check "big: the 100 MB text comes out whole (cleaned text = input text)" python3 -c '
import gzip, json
n = int(open("big.len").read())
for l in gzip.open("big/deduped.jsonl.gz"):
    d = json.loads(l)
    if d["id"] == "big": assert len(d["text"]) == n, (len(d["text"]), n); break
else: raise SystemExit("big not in deduped")'
	line_bytes=$(wc -c < big.jsonl)
	rss=$(cat big.rss)
	echo "robust: a $big_mb MB line: peak RSS $((rss >> 20)) MB ($(python3 -c "print(round($rss / $line_bytes, 1))") x the line)"
	# measured 8.1x on gcc -O2 (reader buffer, line batch, json-c string, repaired
	# copy, cleaned text, tokens and shingles of one document); 12x is the ceiling
	if [ "$sanitized" -eq 0 ]; then
		check "big: peak memory below 12 x the line ($((rss >> 20)) MB)" test "$rss" -lt $((12 * line_bytes))
	else
		skip "big: memory bound (sanitizer build)"
	fi
	python3 -c "$MEM_PY" bigbad "$bin" run -t 2 bigbad.jsonl -o bigbad
	rc_is bigbad 6 # its one record rejected: nothing usable
	msg bigbad "newsift: warning: bigbad.jsonl:1: rejected: malformed JSON: unexpected end of line"
	counts bigbad read=1 rejected=1
	rss=$(cat bigbad.rss)
	[ "$sanitized" -eq 0 ] && check "bigbad: peak memory below 12 x the line ($((rss >> 20)) MB)" test "$rss" -lt $((12 * line_bytes))
	rm -f big.jsonl bigbad.jsonl big/deduped.jsonl.gz
else
	skip "the 100 MB line (ROBUST_BIG_MB=0)"
fi

# ============================ signals =========================================
python3 "$repo/tests/killtest_gen.py" "$repo/corpora/articles" 4000 > sig.jsonl
sample=$repo/corpora/sample.jsonl.gz
# the reference outputs of the sample, and how many bytes they are
"$bin" run -q -t 2 "$sample" -o ref > /dev/null 2>&1
total=$(cat ref/* | wc -c)
# sig NAME SIGNAL DELAY ARGS...: start a run, send SIGNAL after DELAY seconds
sig() {
	n=$1; s=$2; d=$3; shift 3
	"$bin" run -t 2 "$@" -o "$n" > "$n.out" 2> "$n.err" &
	p=$!
	sleep "$d"
	kill -s "$s" $p 2>/dev/null
	wait $p
	echo $? > "$n.rc"
}
# the delays are fractions of an uninterrupted run, so they fall mid-run on any machine
t0=$(date +%s.%N)
"$bin" run -q -t 2 sig.jsonl -o sigref > /dev/null 2>&1
t1=$(date +%s.%N)
d_int=$(python3 -c "print(round(($t1 - $t0) * 0.25, 3))")
d_term=$(python3 -c "print(round(($t1 - $t0) * 0.6, 3))")
sig sigint INT "$d_int" sig.jsonl
rc_is sigint 130
msg sigint "newsift: interrupted by signal 2; no outputs written"
no_outputs sigint
sig sigterm TERM "$d_term" sig.jsonl
rc_is sigterm 143
msg sigterm "newsift: interrupted by signal 15; no outputs written"
no_outputs sigterm
# a signal while reading a pipe that has nothing to say: read() is interrupted
mkfifo sigfifo
sleep 5 > sigfifo &
writer=$!
"$bin" run -t 2 - -o sigpipe < sigfifo > sigpipe.out 2> sigpipe.err &
p=$!
# wait until it blocks reading the pipe (its signal handlers are installed by then)
k=0
while [ $k -lt 200 ] && ! grep -q pipe_read "/proc/$p/wchan" 2>/dev/null; do sleep 0.05; k=$((k + 1)); done
[ $k -lt 200 ] || echo "robust: sigpipe: /proc/$p/wchan never showed a pipe read; sending the signal anyway"
kill -s INT $p
wait $p
echo $? > sigpipe.rc
kill $writer 2>/dev/null; wait $writer 2>/dev/null
rc_is sigpipe 130
msg sigpipe "newsift: interrupted by signal 2; no outputs written"
no_msg sigpipe "read error"
no_outputs sigpipe
# a signal in the middle of writing the outputs (raised by the shim when half
# the bytes are written): nothing is renamed into place, temporaries removed
if [ -f "$shim" ]; then
	FAILWRITE_DIR=$tmp FAILWRITE_AFTER=$((total / 2)) FAILWRITE_RAISE=15 LD_PRELOAD=$shim \
		"$bin" run -t 2 "$sample" -o sigwrite > sigwrite.out 2> sigwrite.err
	echo $? > sigwrite.rc
	rc_is sigwrite 143
	msg sigwrite "newsift: interrupted by signal 15; no outputs written"
	no_outputs sigwrite
	# the same over the outputs of an earlier run: they stay as they were
	"$bin" run -q -t 2 lf.jsonl -o sigold > /dev/null 2>&1
	cp -r sigold sigold.before
	FAILWRITE_DIR=$tmp FAILWRITE_AFTER=$((total / 2)) FAILWRITE_RAISE=2 LD_PRELOAD=$shim \
		"$bin" run -t 2 "$sample" -o sigold > sigold.out 2> sigold.err
	echo $? > sigold.rc
	rc_is sigold 130
	check "sigold: the earlier outputs are kept as NAME.stale, failed.json, no temporary" stale_of sigold
else
	bad "the shim $shim is not built (make test builds it)"
fi

# ============================ write failures ==================================
if [ -f "$shim" ]; then
	# same REF OUT: equal files; report.json without its timings
	same() {
		case $1 in
		*/report.json) sed '/"timings"/,$d' "$1" > same.a; sed '/"timings"/,$d' "$2" > same.b; cmp -s same.a same.b;;
		*) cmp -s "$1" "$2";;
		esac
	}
	old_outputs() { # a finished earlier run, of another input, in $1
		rm -rf "$1" "$1.before"
		"$bin" run -q -t 2 lf.jsonl -o "$1" > /dev/null 2>&1
		cp -r "$1" "$1.before"
	}
	fw() { # fw NAME VAR=VALUE...: the sample run with the shim (FAILWRITE_DIR=$tmp)
		n=$1; shift
		env FAILWRITE_DIR="$tmp" LD_PRELOAD="$shim" "$@" "$bin" run -t 2 "$sample" -o "$n" > "$n.out" 2> "$n.err"
		echo $? > "$n.rc"
	}
	# no space after N bytes: every cut point fails cleanly; N = all bytes succeeds
	for cut in 0 1 4096 $((total / 4)) $((total / 2)) $((total * 3 / 4)) $((total - 1)); do
		fw "enospc$cut" FAILWRITE_AFTER=$cut
		rc_is "enospc$cut" 1
		msg_re "enospc$cut" "newsift: error: enospc$cut/\.[a-z.]+\.tmp\.[0-9]+: (write failed: No space left on device|gzip close failed: No space left on device)"
		msg "enospc$cut" "newsift: run failed: input/output error"
		no_outputs "enospc$cut"
		one_line_msgs "enospc$cut"
	done
	fw enospc_all FAILWRITE_AFTER=$total
	rc_is enospc_all 0
	check "enospc_all: with exactly enough room, the outputs equal the reference" sh -c \
		'for f in clusters.tsv deduped.jsonl.gz stories.jsonl digest.md digest.html digest.json; do cmp ref/$f enospc_all/$f || exit 1; done'
	old_outputs enospc_old
	fw enospc_old FAILWRITE_AFTER=$((total / 2))
	rc_is enospc_old 1
	check "enospc_old: an earlier run's outputs are kept whole as NAME.stale" stale_of enospc_old
	fw eio FAILWRITE_AFTER=5000 FAILWRITE_ERRNO=5
	rc_is eio 1
	msg_re eio "newsift: error: eio/\.[a-z.]+\.tmp\.[0-9]+: write failed: Input/output error"
	no_outputs eio
	# the spill files (texts, LSH keys) in --tmp-dir: no room, or no such directory
	mkdir -p spill
	env FAILWRITE_DIR="$tmp/spill" FAILWRITE_AFTER=100000 LD_PRELOAD="$shim" "$bin" run -t 2 --tmp-dir "$tmp/spill" \
		"$sample" -o spillfull > spillfull.out 2> spillfull.err
	echo $? > spillfull.rc
	rc_is spillfull 1
	msg spillfull "newsift: error: temporary file in $tmp/spill: No space left on device"
	msg spillfull "newsift: run failed: input/output error"
	no_outputs spillfull
	one_line_msgs spillfull
	check "spillfull: no spill file left in --tmp-dir" test -z "$(ls -A spill)"
	ns nospill --tmp-dir "$tmp/no-such-dir" "$sample"
	rc_is nospill 1
	msg nospill "newsift: error: temporary file in $tmp/no-such-dir: No such file or directory"
	no_outputs nospill
	fw fsync FAILWRITE_FSYNC=1
	rc_is fsync 1
	msg_re fsync "newsift: error: fsync/\.clusters\.tsv\.tmp\.[0-9]+: fsync failed: Input/output error"
	no_outputs fsync
	# each_whole DIR: every output file in DIR is whole: the new run's (ref/) or the
	# earlier run's (DIR.before/); temporaries only by their .NAME.tmp.PID name
	each_whole() {
		for f in $(ls -A "$1"); do
			case $f in
			clusters.tsv|deduped.jsonl.gz|stories.jsonl|digest.md|digest.html|digest.json|report.json) ;;
			# a failed run marks what it leaves stale
			*.stale) [ -e "$1/failed.json" ] || { echo "$f without failed.json"; return 1; };;
			failed.json) continue;;
			.clusters.tsv.tmp.*|.deduped.jsonl.gz.tmp.*|.stories.jsonl.tmp.*|.digest.md.tmp.*|.digest.html.tmp.*|.digest.json.tmp.*|.report.json.tmp.*)
				[ "${2:-}" = temps-ok ] && continue; echo "temporary $f left"; return 1;;
			*) echo "unexpected file $f"; return 1;;
			esac
			g=${f%.stale}
			same "ref/$g" "$1/$f" || same "$1.before/$g" "$1/$f" || { echo "$f is neither run's"; return 1; }
		done
	}
	# report_means_all DIR: report.json is there only with all of the new run's files
	report_means_all() {
		[ -e "$1/report.json" ] || return 0
		for f in clusters.tsv deduped.jsonl.gz stories.jsonl digest.md digest.html digest.json report.json; do
			same "ref/$f" "$1/$f" || { echo "report.json present but $f is not the new run's"; return 1; }
		done
	}
	# a failed rename: report.json is never there, what is there is whole
	for k in 1 2 3 4 5 6 7; do
		old_outputs "rename$k"
		fw "rename$k" FAILWRITE_RENAME=$k
		rc_is "rename$k" 1
		msg_re "rename$k" "newsift: error: rename$k/[a-z.]+: rename failed: Input/output error"
		check "rename$k: no report.json" test ! -e "rename$k/report.json"
		check "rename$k: no current-looking output, failed.json" sh -c 'test -z "$(ls "$1" | grep -v "\.stale$" | grep -vx failed.json)" && test -e "$1/failed.json"' _ "rename$k"
		check "rename$k: no temporaries; each file is the new or the earlier run's whole file" each_whole "rename$k"
	done
	# killed (SIGKILL) before each rename of the commit: report.json is absent
	# until all data files are in place
	for k in 1 2 3 4 5 6 7 8; do
		old_outputs "kill$k"
		fw "kill$k" FAILWRITE_RENAME=$k FAILWRITE_RAISE=9
		if [ "$k" -le 7 ]; then rc_is "kill$k" 137; else rc_is "kill$k" 0; fi
		check "kill$k: each file whole (temporaries aside)" each_whole "kill$k" temps-ok
		check "kill$k: report.json present only with the whole new set" report_means_all "kill$k"
	done
	check "kill1..7: no report.json after a kill inside the commit" sh -c 'for k in 1 2 3 4 5 6 7; do test ! -e kill$k/report.json || exit 1; done'
	check "kill8 (no eighth rename): the run finished" test -e kill8/report.json
fi

# ============================ fuzz corpora replay =============================
for t in parser reader clean sentence formats warc extract; do
	r=$build/fuzz/replay_$t
	if [ -x "$r" ]; then
		check "fuzz corpus replay: $t" "$r" "$repo/tests/fuzz/corpus/$t"
	else
		bad "fuzz replay driver $r is not built (make test builds it)"
	fi
done

[ "$skipped" -eq 0 ] || echo "robust: $skipped case(s) skipped (see SKIP above)"
echo "robust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
