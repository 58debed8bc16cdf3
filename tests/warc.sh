#!/bin/sh
# Web pages and WARC files end to end: the generated crawl shipped in
# corpora/ (pages of 18 site layouts, non-page records, chunked and
# compressed bodies, charsets declared, undeclared and wrong) read in its
# three forms and from standard input, its articles scored against their
# true bodies; damaged crawls (cut short, a header that lies, garbage
# between records, a payload that is not HTML, a page of 50 MB, a page with
# no body) each accounted for; a directory of .html files.
bin=${1:-build/newsift}
crawl=corpora/crawl.warc.gz
truth=corpora/crawl.truth.jsonl.gz
tmp=$(mktemp -d /tmp/newsift-warc.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $d"; fi; }
same() { # same DIR1 DIR2: the same records and tables
	cmp "$1/clusters.tsv" "$2/clusters.tsv" && cmp "$1/stories.jsonl" "$2/stories.jsonl" &&
	gzip -dc "$1/deduped.jsonl.gz" > "$tmp/s1" && gzip -dc "$2/deduped.jsonl.gz" > "$tmp/s2" && cmp "$tmp/s1" "$tmp/s2"
}
report() { # report DIR PYTHON-EXPR: the expression holds for r = report.json
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1] + "/report.json"))
ok = eval(sys.argv[2])
if not ok: print(json.dumps({k: r[k] for k in ("counts", "warc", "web_pages", "rejected")}, indent=1)); sys.exit(1)' "$1" "$2"
}

# ---- the shipped crawl ----
"$bin" run -q -t 1 "$crawl" -o "$tmp/c1" > /dev/null 2> "$tmp/c1.err"
check "the crawl runs (exit 0)" test $? -eq 0
# what the crawl holds, read by a reader of its own
python3 - "$crawl" > "$tmp/expect.json" <<'EOF'
import gzip, json, sys
data = gzip.open(sys.argv[1]).read()
pos, types, pages, status, other = 0, {}, 0, 0, 0
while pos < len(data):
    while pos < len(data) and data[pos] in b"\r\n":
        pos += 1
    if pos >= len(data):
        break
    end = data.index(b"\r\n\r\n", pos)
    h = {}
    for line in data[pos:end].decode().split("\r\n")[1:]:
        k, _, v = line.partition(":")
        h[k.strip().lower()] = v.strip()
    block = data[end + 4:end + 4 + int(h["content-length"])]
    t = h["warc-type"]
    types[t] = types.get(t, 0) + 1
    if t == "response":
        head = block.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
        code = head.split("\r\n")[0].split()[1]
        html = "text/html" in head or "application/xhtml+xml" in head
        if not code.startswith("2"):
            status += 1
        elif html:
            pages += 1
        else:
            other += 1
    pos = end + 4 + len(block)
json.dump({"types": types, "pages": pages, "status": status, "other": other}, sys.stdout)
EOF
check "every HTML response is a record, no other record is" \
	report "$tmp/c1" "r['counts']['read'] == json.load(open('$tmp/expect.json'))['pages'] and r['counts']['rejected'] == 0"
check "the WARC records are counted by type" \
	report "$tmp/c1" "all(r['warc']['records'][k] == v for k, v in json.load(open('$tmp/expect.json'))['types'].items())"
check "responses that are no page are counted: HTTP status, media type" \
	report "$tmp/c1" "r['warc']['responses_not_pages'] == {'http_status': json.load(open('$tmp/expect.json'))['status'], 'not_html': json.load(open('$tmp/expect.json'))['other']}"
check "every page's text came from its article" report "$tmp/c1" "r['web_pages']['article'] + r['web_pages']['article_from_jsonld'] == r['counts']['read']"
python3 scripts/extract_eval.py --json "$truth" "$tmp/c1/deduped.jsonl.gz" > "$tmp/score.json" 2> /dev/null
check "the article bodies score token F1 0.95 or more against the truth" \
	python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); sys.exit(s["body"]["f1"] < 0.95)' "$tmp/score.json"
check "titles and authors are the page's (9 in 10 or more each)" \
	python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))["metadata"]; sys.exit(min(m["title"]["accuracy"], m["author"]["accuracy"]) < 0.9)' "$tmp/score.json"
check "dates: the page's where it states one (9 in 10 or more), else the WARC-Date" python3 -c 'import gzip, json, sys
truth = {json.loads(l)["url"]: json.loads(l) for l in gzip.open(sys.argv[1], "rt")}
got = {json.loads(l)["url"]: json.loads(l) for l in gzip.open(sys.argv[2], "rt")}
stated = [u for u in truth if truth[u]["date"]]
right = sum(got[u]["date"][:10] == truth[u]["date"] for u in stated)
assert right >= 0.9 * len(stated), (right, len(stated))
assert all(got[u]["date"].startswith("20") for u in truth if not truth[u]["date"])' "$truth" "$tmp/c1/deduped.jsonl.gz"
check "ids are the WARC-Record-IDs, urls and sources the target's" python3 -c 'import gzip, json, re, sys
for l in gzip.open(sys.argv[1], "rt"):
    d = json.loads(l)
    assert re.fullmatch(r"[0-9a-f-]{36}", d["id"]), d["id"]
    assert d["url"].startswith("http") and d["source"] and d["source"] in d["url"], (d["url"], d["source"])' "$tmp/c1/deduped.jsonl.gz"
check "no character was lost to a wrong charset (no U+FFFD)" sh -c "gzip -dc '$tmp/c1/deduped.jsonl.gz' | python3 -c 'import sys, json; sys.exit(any(\"\\ufffd\" in json.loads(l)[\"text\"] for l in sys.stdin))'"
"$bin" run -q -t 1 --extract text "$crawl" -o "$tmp/ct" > /dev/null 2>&1
python3 scripts/extract_eval.py --json "$truth" "$tmp/ct/deduped.jsonl.gz" > "$tmp/score-text.json" 2> /dev/null
check "--extract text keeps menus and teasers: precision and F1 well down" python3 -c 'import json, sys
a, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sys.exit(not (t["body"]["precision"] < a["body"]["precision"] - 0.2 and t["body"]["f1"] < a["body"]["f1"] - 0.2))' "$tmp/score.json" "$tmp/score-text.json"
check "the report says which extraction ran" report "$tmp/ct" "r['options']['extract'] == 'text' and r['web_pages']['all_text'] > 0 and r['web_pages']['article'] == 0"

# ---- its forms, standard input, threads ----
gzip -dc "$crawl" > "$tmp/crawl.warc"
gzip -dc "$crawl" | gzip -c > "$tmp/whole.warc.gz"
cp "$tmp/crawl.warc" "$tmp/crawl.dat"
"$bin" run -q -t 1 "$tmp/crawl.warc" -o "$tmp/c2" > /dev/null 2>&1
"$bin" run -q -t 1 "$tmp/whole.warc.gz" -o "$tmp/c3" > /dev/null 2>&1
"$bin" run -q -t 1 - -o "$tmp/c4" < "$crawl" > /dev/null 2>&1
"$bin" run -q -t 1 "$tmp/crawl.dat" -o "$tmp/c5" > /dev/null 2>&1
"$bin" run -q -t 2 --batch 5 "$crawl" -o "$tmp/c6" > /dev/null 2>&1
check "a plain WARC gives the same records" same "$tmp/c1" "$tmp/c2"
check "one gzip stream for the whole file gives the same records" same "$tmp/c1" "$tmp/c3"
check "standard input is told to be WARC by its first bytes" same "$tmp/c1" "$tmp/c4"
check "so is a file of another name" same "$tmp/c1" "$tmp/c5"
check "2 threads and batches of 5 give the same records" same "$tmp/c1" "$tmp/c6"

# ---- damaged crawls ----
python3 - "$tmp/crawl.warc" "$tmp" <<'EOF'
import random, sys, zlib
data = open(sys.argv[1], "rb").read()
out = sys.argv[2]
starts = []
pos = 0
while True:
    i = data.find(b"WARC/1.", pos)
    if i < 0:
        break
    if i == 0 or data[i - 1:i] == b"\n":
        starts.append(i)
    pos = i + 1
def resp(k):  # the k-th response record's start and end
    rs = [s for s in starts if b"WARC-Type: response" in data[s:s + 400]]
    s = rs[k]
    e = min([x for x in starts if x > s] + [len(data)])
    return s, e
# cut in the middle of the last record
open(out + "/cut.warc", "wb").write(data[:len(data) - 2000])
# a header that lies: a Content-Length that is no number
s, e = resp(3)
rec = data[s:e]
bad = rec.replace(b"Content-Length: ", b"Content-Length: x", 1)
open(out + "/badlen.warc", "wb").write(data[:s] + bad + data[e:])
# garbage between two records
s, e = resp(5)
open(out + "/garbage.warc", "wb").write(data[:s] + b"\x00\x01garbage that is no record\r\n\r\n" + data[s:])
# a response declared HTML whose payload is random bytes, one gzip-encoded
# whose body is not gzip, a page of 50 MB and a page with no body
def record(uri, http):
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2026-05-04T10:00:00Z\r\n"
            b"WARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (str(uri[1]).encode(), uri[0].encode(), len(http)) + http + b"\r\n\r\n")
rnd = random.Random(5)
binary = bytes(rnd.randrange(256) for _ in range(20000))
para = b"<p>The council met again on Tuesday, and the long meeting went on into the night, as it often does.</p>\n"
big = b"<html><head><title>A very long page</title></head><body><article>" + para * (50 * 1024 * 1024 // len(para)) + b"</article></body></html>"
extra = (record(("https://bad.example/binary", "00000000-0000-4000-8000-000000000001"),
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + binary)
         + record(("https://bad.example/gzip", "00000000-0000-4000-8000-000000000002"),
                  b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\nthis is not gzip data")
         + record(("https://bad.example/empty", "00000000-0000-4000-8000-000000000003"),
                  b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>Nothing</title></head><body></body></html>"))
open(out + "/bad.warc", "wb").write(data + extra)
open(out + "/big.warc", "wb").write(record(("https://big.example/page", "00000000-0000-4000-8000-000000000004"),
                                           b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + big))
EOF
n=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["pages"])' "$tmp/expect.json")
for d in cut badlen garbage bad; do
	"$bin" run -t 2 "$tmp/$d.warc" -o "$tmp/d-$d" > /dev/null 2> "$tmp/d-$d.err"
	check "$d: the run goes on (exit 0)" test $? -eq 0
done
check "cut short: the last page is rejected with its offset, the others kept" \
	report "$tmp/d-cut" "r['counts']['read'] == $n and r['counts']['rejected'] == 1 and 'truncated WARC response record at offset' in r['rejected'][0]"
check "...and the warning names the file and the offset" grep -q "cut.warc:[0-9]*: rejected: truncated WARC response record at offset [0-9]*" "$tmp/d-cut.err"
check "a Content-Length that is no number: that record is rejected, the next ones read" \
	report "$tmp/d-badlen" "r['counts']['rejected'] == 1 and 'malformed WARC record at offset' in r['rejected'][0] and r['counts']['read'] - r['counts']['rejected'] == $n - 1"
check "garbage between records: rejected with its offset, every page kept" \
	report "$tmp/d-garbage" "r['counts']['rejected'] == 1 and 'malformed WARC record at offset' in r['rejected'][0] and r['counts']['read'] == $n + 1"
check "a binary payload, a body that is not gzip, a page with no body: rejected with their reasons" \
	report "$tmp/d-bad" "r['counts']['rejected'] == 3 and any('binary' in x for x in r['rejected']) and any('gzip' in x for x in r['rejected']) and any('empty text' in x for x in r['rejected'])"
check "...and the pages before them are all kept" report "$tmp/d-bad" "r['counts']['read'] == $n + 3"
"$bin" run -q -t 2 "$tmp/big.warc" -o "$tmp/d-big" > /dev/null 2> "$tmp/d-big.err"
check "a page of 50 MB is read whole (exit 0)" report "$tmp/d-big" "r['counts']['read'] == 1 and r['counts']['rejected'] == 0 and r['web_pages']['article'] == 1"

# ---- a directory of pages ----
mkdir -p "$tmp/site/sub"
python3 - "$tmp/site" <<'EOF'
import sys
d = sys.argv[1]
body = ("<p>The harbour authority said on Monday that the new ferry would enter service in June, a month late.</p>"
        "<p>Engineers found a fault in the steering gear during sea trials, the authority said.</p>")
nav = "<nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>"
open(d + "/a.html", "w", encoding="utf-8").write(
    "<!doctype html><html lang=en><head><title>Ferry delayed | Harbour News</title></head><body>" + nav +
    "<article><h1>Ferry delayed</h1>" + body + "</article><footer>(c) Harbour News</footer></body></html>")
page = ("<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 reopens</title></head><body>" + nav +
        "<article><p>The caf\u00e9 on the quay reopened on Saturday \u2013 \u201cat last\u201d, its owner said, after "
        "a year of repairs.</p><p>Its terrace, which the storm destroyed, was rebuilt by local builders.</p></article></body></html>")
open(d + "/sub/b.htm", "wb").write(page.encode("cp1252"))
open(d + "/notes.txt", "w", encoding="utf-8").write("title: Notes\n\nA text article beside the pages, long enough to be one.\n")
EOF
"$bin" run -q -t 1 "$tmp/site" -o "$tmp/site-out" > /dev/null 2>&1
check "a directory: pages by their names, text files as text" python3 -c 'import gzip, json, sys
d = {json.loads(l)["id"]: json.loads(l) for l in gzip.open(sys.argv[1], "rt")}
assert sorted(d) == ["a.html", "notes.txt", "sub/b.htm"], sorted(d)
assert d["a.html"]["title"] == "Ferry delayed" and d["a.html"]["text"].startswith("The harbour authority") and "Home" not in d["a.html"]["text"], d["a.html"]
assert d["sub/b.htm"]["text"].startswith("The caf\u00e9 on the quay reopened on Saturday \u2013 \u201cat last\u201d"), d["sub/b.htm"]["text"]
assert d["notes.txt"]["title"] == "Notes"' "$tmp/site-out/deduped.jsonl.gz"
"$bin" run -q -t 1 "$tmp/site/a.html" -o "$tmp/page1" > /dev/null 2> "$tmp/page1.err"
check "a page given by name: its id is its path" python3 -c 'import gzip, json, sys
d = [json.loads(l) for l in gzip.open(sys.argv[1], "rt")]
assert [x["id"] for x in d] == [sys.argv[2]] and d[0]["lang"] == "en", d' "$tmp/page1/deduped.jsonl.gz" "$tmp/site/a.html" ||
	cat "$tmp/page1.err"

echo "warc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
