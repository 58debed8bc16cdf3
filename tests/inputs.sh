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
assert d["n3"]["title"] == "" and d["n3"]["date"] == 1711000000, d["n3"]
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
msg binary 'newsift: error: random.bin: binary data, not JSONL, CSV, TSV, text, HTML or WARC'
msg binary 'newsift: 1 input(s) could not be read completely'
no_msg binary 'warning: random.bin'
check "binary: one line names random.bin" test "$(grep -c random.bin binary.err)" -eq 1
counts binary read=5 kept=2
gzip -c random.bin > random.bin.gz
ns binarygz random.bin.gz
rc_is binarygz 4
msg binarygz 'newsift: error: random.bin.gz: binary data, not JSONL, CSV, TSV, text, HTML or WARC'
# a text with a few bad bytes is read (and repaired)
printf '{"id": "b1", "text": "one bad \303\050 byte, the rest is text"}\n{"id": "b2", "text": "\377 another"}\n' > fewbad.jsonl
ns fewbad fewbad.jsonl
rc_is fewbad 0
counts fewbad read=2 kept=2 repaired=2

# ============================ CSV and TSV ====================================
ns csv fx/news.csv
rc_is csv 0
msg csv 'newsift: warning: fx/news.csv:8: rejected: 9 values, the header has 8 columns'
msg csv 'newsift: warning: fx/news.csv:9: rejected: empty text (field "text")'
msg csv 'newsift: warning: fx/news.csv:10: rejected: missing id (field "id")'
counts csv read=5 kept=2 rejected=3
row csv c3 rejected '9 values, the header has 8 columns (fx/news.csv:8)'
row csv c4 rejected 'empty text (field "text") (fx/news.csv:9)'
row csv fx/news.csv:10 rejected 'missing id (field "id") (fx/news.csv:10)'
dump csv '
c2 = d["c2"]
assert c2["title"] == "Council votes, again", c2
assert c2["text"] == "The city council voted on the budget for the second time this week.\nMembers said the \"revised\" plan cuts spending on roads.\n\nA final vote is due next month.", c2["text"]
assert c2["date"] == "Fri, 22 Mar 2024 11:00:00 +0100" and c2["url"] == ""
assert list(c2.keys()) == ["id", "title", "date", "source", "url", "text", "author", "lang", "story", "dup_group_size", "duplicates"], list(c2)
assert (c2["author"], c2["lang"]) == ("D. Author", "en")
assert d["c1"]["title"] == "Harbour bridge reopens"  # the header says Title: matched ignoring case
'
# the same rows from standard input with --format, and gzip-compressed by extension
ns csvstdin --format csv - < fx/news.csv
counts csvstdin read=5 kept=2 rejected=3
row csvstdin c3 rejected '9 values, the header has 8 columns (-:8)'
row csvstdin -:10 rejected 'missing id (field "id") (-:10)'
gzip -c fx/news.csv > news.csv.gz
ns csvgz news.csv.gz
counts csvgz read=5 kept=2 rejected=3
# CRLF line ends, a BOM, a quoted header, blank lines before the header
printf '\357\273\277\r\n"id","text"\r\nr1,"first, with a comma"\r\nr2,"Second line.\r\nOver two lines."\r\n' > crlf.csv
ns crlf crlf.csv
counts crlf read=2 kept=2
dump crlf 'assert d["r2"]["text"] == "Second line.\nOver two lines." and d["r1"]["text"] == "first, with a comma", d'
# an unterminated quote: one record to the end, rejected with its first line
printf 'id,text\nq1,"fine"\nq2,"never closed\nq3,more\n' > open.csv
ns open open.csv
counts open read=2 kept=1 rejected=1
msg open 'newsift: warning: open.csv:3: rejected: unterminated quoted field (value 2)'
row open q2 rejected 'unterminated quoted field (value 2) (open.csv:3)'
# no id column: said once, and each record rejected (exit 6: all rejected)
printf 'guid,text\ng1,some text\n' > noid.csv
ns noid noid.csv
rc_is noid 6
msg noid 'newsift: warning: noid.csv:1: the header has no column "id"'
ns noidf --field-id guid noid.csv
counts noidf read=1 kept=1
ns tsv fx/news.tsv
rc_is tsv 0
counts tsv read=3 kept=2 rejected=1
row tsv t3 rejected '6 values, the header has 5 columns (fx/news.tsv:4)'
dump tsv '
assert d["t1"]["text"] == "The summer festival opened with a parade.\nThousands lined the streets. A \\ backslash stays.", d["t1"]["text"]
assert d["t1"]["section"] == "culture" and d["t2"]["date"] == "23 Mar 2024"
'
# an unknown --format value is a usage error
"$bin" run --format xml fx/news.csv -o bad > badfmt.out 2> badfmt.err; echo $? > badfmt.rc
rc_is badfmt 2
msg badfmt "newsift: --format must be jsonl, csv, tsv, text, warc or html, not 'xml'"
# JSONL by content whatever the extension: a .log is JSONL
cp fx/news.jsonl news.log
ns log news.log
counts log read=5 kept=2 duplicate=1

# ============================ text files and directories =====================
ns dir fx/articles
rc_is dir 0
counts dir read=6 kept=5 rejected=1
check "dir: rows in the byte order of the paths under the directory" sh -c 'cut -f1 dir/clusters.tsv | tail -n +2 | tr "\n" " " | grep -qx "a-bridge.txt b-rescue.txt e-river.zst f-empty.txt world/c-summit.txt world/d-weather.txt.gz "'
row dir f-empty.txt rejected 'empty text (field "text") (fx/articles/f-empty.txt:1)'
no_msg dir '.hidden'
dump dir '
a = d["a-bridge.txt"]
assert (a["title"], a["date"], a["source"], a["url"]) == ("Harbour bridge reopens", "2024-03-22T10:00:00+01:00", "Local Radio", "https://example.com/radio/bridge"), a
assert a["text"].startswith("The harbour bridge reopened"), a["text"]
b = d["b-rescue.txt"]
assert b["date"] == "2024-03-21" and b["text"].startswith("A mountain rescue"), b
c = d["world/c-summit.txt"]
assert c["title"] == "Leaders meet at the summit" and c["source"] == "Wire" and c["text"].endswith("in the autumn."), c
assert d["world/d-weather.txt.gz"]["text"].startswith("Just a text without any metadata"), d
assert d["e-river.zst"]["title"] == "Zstd article"
'
# a trailing slash names the same files
ns dirslash fx/articles/
check "dirslash: the same clusters.tsv" sh -c 'sed "s#fx/articles//#fx/articles/#" dirslash/clusters.tsv | cmp - dir/clusters.tsv'
# a copy of a JSONL article as a text file is found as a duplicate, across formats
ns mixed fx/news.jsonl fx/articles fx/news.csv
rc_is mixed 0
counts mixed read=16
row mixed a-bridge.txt duplicate
row mixed c1 duplicate
# text files named on the command line: .txt by extension, others with --format text
cp fx/articles/b-rescue.txt rescue.txt
cp fx/articles/world/c-summit.txt summit.md
ns files rescue.txt
counts files read=1 kept=1
row files rescue.txt kept
ns files2 --format text rescue.txt summit.md
counts files2 read=2 kept=2
row files2 summit.md kept
# a binary file in a directory is refused by name; the others are read
mkdir -p withbin/sub
cp fx/articles/a-bridge.txt withbin/a.txt
head -c 100000 random.bin > withbin/sub/photo.jpg
ns withbin withbin
rc_is withbin 4
msg withbin 'newsift: error: withbin/sub/photo.jpg: binary data, not JSONL, CSV, TSV, text, HTML or WARC'
counts withbin read=1 kept=1
# an empty directory (or one of hidden files only) is an input that could not be read
mkdir -p emptydir
echo x > emptydir/.hidden
ns emptydir emptydir
rc_is emptydir 4
msg emptydir 'newsift: error: emptydir: no files in the directory'
counts emptydir read=0 input_errors=1
# thread counts: the same outputs
"$bin" run -q -t 1 fx/articles fx/news.csv fx/news.tsv fx/news.jsonl.zst -o t1 > /dev/null 2>&1
"$bin" run -q -t 3 fx/articles fx/news.csv fx/news.tsv fx/news.jsonl.zst -o t3 > /dev/null 2>&1
check "threads: clusters.tsv the same with 1 and 3 threads" cmp t1/clusters.tsv t3/clusters.tsv
zcat t3/deduped.jsonl.gz > t3.jsonl
check "threads: deduped.jsonl.gz the same with 1 and 3 threads" sh -c 'zcat t1/deduped.jsonl.gz | cmp - t3.jsonl'
check "threads: the run read every input (19 records)" python3 -c "$COUNTS_PY" t3 read=19

# other members beside a text whose learned boilerplate is cut: the members
# are read back whole (they follow the text in the store)
python3 - <<'PY'
import json, random
rnd = random.Random(7)
vocab = ("harbour ferry council budget river bridge school market station library tunnel orchard museum stadium "
         "clinic airport railway factory canal theatre garden bakery quarry harvest festival election court "
         "storm winter summer engineers residents teachers farmers drivers nurses pupils tourists").split()
def para():
    return " ".join(rnd.choice(vocab) for _ in range(34)).capitalize() + "."
with open("extras.jsonl", "w") as f:
    for i in range(12):
        text = para() + "\n\nSubscribe to the Valley Post for the stories that matter to you.\n\n" + para()
        f.write(json.dumps({"id": "x%d" % i, "source": "site%d.example" % i, "text": text, "author": "Writer %d" % i, "tags": ["a", i]}) + "\n")
PY
"$bin" run -q -t 2 extras.jsonl -o extras > /dev/null 2>&1
check "extra members stay whole when learned boilerplate is cut from the text" python3 -c 'import gzip, json
recs = [json.loads(l) for l in gzip.open("extras/deduped.jsonl.gz", "rt")]
assert len(recs) == 12 and all(r["author"] == "Writer " + r["id"][1:] and r["tags"][1] == int(r["id"][1:]) for r in recs), recs
assert all("Subscribe" not in r["text"] for r in recs), [r["text"] for r in recs]'

echo "inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
