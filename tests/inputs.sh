#!/bin/sh
# Inputs of the newsift CLI beyond plain JSONL strings: fields of other
# types, members passed through, dates as scrapers write them, zstd input,
# binary data refused, CSV and TSV with a header, text files and
# directories of them.  Each case checks its exit code, its messages and
# its accounting (read = kept + duplicate + rejected, one clusters.tsv row
# per record, every id once).  Fixtures are in tests/inputs/.
#
#   sh tests/inputs.sh [build/newsift]
#
# The last line is "inputs: N passed, M failed".
bin=${1:-build/newsift}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
fx=$(pwd)/tests/inputs
tmp=$(mktemp -d /tmp/newsift-inputs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...: passes when COMMAND succeeds; shows its output when not
	d=$1; shift
	if "$@" > "$tmp/.check" 2>&1; then ok; else bad "$d"; sed 's/^/    /' "$tmp/.check" | head -n 8; fi
}
cd "$tmp" || exit 1
cp -R "$fx" fx

# ns NAME ARGS...: `newsift run -q -t 2 ARGS -o NAME` in $tmp; keeps NAME.rc, NAME.err
ns() {
	n=$1; shift
	"$bin" run -t 2 "$@" -o "$n" > "$n.out" 2> "$n.err"
	echo $? > "$n.rc"
}
rc_is() { check "$1: exit $2 (got $(cat "$1.rc"))" test "$(cat "$1.rc")" -eq "$2"; }
msg() { check "$1: message '$2'" grep -qxF -- "$2" "$1.err"; }
no_msg() { check "$1: no message containing '$2'" sh -c '! grep -qF -- "$1" "$2"' _ "$2" "$1.err"; }
COUNTS_PY='
import json, sys
d = sys.argv[1]
c = json.load(open(d + "/report.json"))["counts"]
rows = [l.rstrip("\n").split("\t") for l in open(d + "/clusters.tsv", encoding="utf-8")][1:]
assert c["read"] == c["kept"] + c["duplicate"] + c["rejected"], c
assert len(rows) == c["read"], (len(rows), c["read"])
ids = [r[0] for r in rows]
assert len(set(ids)) == len(ids), ids
for kv in sys.argv[2:]:
    k, v = kv.split("=")
    assert c[k] == int(v), (k, c[k], int(v))
'
counts() { n=$1; shift; check "$n: counts $* and accounting" python3 -c "$COUNTS_PY" "$n" "$@"; }
# row NAME ID STATUS [REASON]: a clusters.tsv row with this id, status and reason
row() {
	check "$1: row '$2' $3${4:+ '$4'}" python3 -c '
import sys
d, i, s = sys.argv[1:4]
want = sys.argv[4] if len(sys.argv) > 4 else None
rows = [l.rstrip("\n").split("\t") for l in open(d + "/clusters.tsv", encoding="utf-8")][1:]
assert any(r[0] == i and r[3] == s and (want is None or r[4] == want) for r in rows), [r for r in rows if r[0] == i]' "$@"
}
# dump NAME PYTHON: PYTHON asserts on d, deduped.jsonl.gz's records by id (raw lines in raw)
dump() {
	check "$1: deduped.jsonl.gz: $2" python3 -c '
import gzip, json, sys
raw = {}
d = {}
for l in gzip.open(sys.argv[1] + "/deduped.jsonl.gz"):
    x = json.loads(l)
    d[x["id"]] = x
    raw[x["id"]] = l.decode()
'"$2" "$1"
}

# ============================ JSONL: types, pass-through, ids ================
ns types fx/news.jsonl
rc_is types 0
msg types 'newsift: warning: fx/news.jsonl:3: field "title" is array, not a string: dropped'
msg types 'newsift: warning: fx/news.jsonl:4: rejected: field "text" is object, not a string'
msg types 'newsift: warning: fx/news.jsonl:5: rejected: empty text (field "text")'
counts types read=5 kept=2 duplicate=1 rejected=2 repaired=1
row types n4 rejected 'field "text" is object, not a string (fx/news.jsonl:4)'
row types 77 rejected 'empty text (field "text") (fx/news.jsonl:5)'
dump types '
assert d["n3"]["title"] == "" and d["n3"]["date"] == "1711000000", d["n3"]
assert list(d["n3"].keys()) == ["id", "title", "date", "source", "url", "text", "story", "dup_group_size", "duplicates"]
'
# the earliest of the two copies by time of day: n2 (08:30 GMT) is before n1 (10:00+01:00 = 09:00 GMT)
ns earliest --representative earliest fx/news.jsonl
row earliest n2 kept
row earliest n1 duplicate
dump earliest '
assert "\"lang\": \"en\", \"story\"" in raw["n2"], raw["n2"]
assert d["n2"]["date"] == "Fri, 22 Mar 2024 08:30:00 GMT", d["n2"]
'
ns first --representative first fx/news.jsonl
row first n1 kept
dump first '
assert "\"text\": " in raw["n1"] and ", \"author\": \"A. Writer\", \"tags\": [\"city\",\"transport\"], \"story\": " in raw["n1"], raw["n1"]
assert d["n1"]["author"] == "A. Writer" and d["n1"]["tags"] == ["city", "transport"]
'

# ============================ zstd ===========================================
ns zstd fx/news.jsonl.zst
rc_is zstd 0
check "zstd: the same clusters.tsv as the plain file" sh -c 'sed "s#fx/news.jsonl.zst#fx/news.jsonl#g" zstd/clusters.tsv | cmp - types/clusters.tsv'
{ cat fx/news.jsonl.zst; cat fx/news.jsonl.zst; } > twice.zst
ns zstd2 twice.zst
rc_is zstd2 0
counts zstd2 read=10 kept=2 duplicate=1 rejected=7
head -c 200 fx/news.jsonl.zst > cut.zst
ns zcut cut.zst
rc_is zcut 4
check "zcut: one error naming the file, truncated zstd" grep -q '^newsift: error: cut.zst: read error after line [0-9]*: truncated zstd input: unexpected end of file$' zcut.err
{ cat fx/news.jsonl.zst; printf 'trailing bytes\n'; } > trail.zst
ns ztrail trail.zst
rc_is ztrail 4
check "ztrail: the records before, then one error" grep -q '^newsift: error: trail.zst: read error after line 5: invalid zstd data at byte offset' ztrail.err
counts ztrail read=5

# ============================ binary data ====================================
python3 -c '
import random
r = random.Random(7)
open("random.bin", "wb").write(bytes(r.getrandbits(8) for _ in range(3 << 20)))'
ns binary random.bin fx/news.jsonl
rc_is binary 4
msg binary 'newsift: error: random.bin: binary data, not JSONL, CSV, TSV or text'
msg binary 'newsift: 1 input(s) could not be read completely'
no_msg binary 'warning: random.bin'
check "binary: one line names random.bin" test "$(grep -c random.bin binary.err)" -eq 1
counts binary read=5 kept=2
gzip -c random.bin > random.bin.gz
ns binarygz random.bin.gz
rc_is binarygz 4
msg binarygz 'newsift: error: random.bin.gz: binary data, not JSONL, CSV, TSV or text'
# a text with a few bad bytes is read (and repaired)
printf '{"id": "b1", "text": "one bad \303\050 byte, the rest is text"}\n{"id": "b2", "text": "\377 another"}\n' > fewbad.jsonl
ns fewbad fewbad.jsonl
rc_is fewbad 0
counts fewbad read=2 kept=2 repaired=2

echo "inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
