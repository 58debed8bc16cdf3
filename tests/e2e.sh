#!/bin/sh
# End-to-end tests of the newsift CLI: golden outputs on the shipped sample,
# byte-identical outputs for 1 and 2 threads and any batch size, accounting
# of every record, bad input, exit codes, and eval floors on the sample.
# UPDATE_GOLDEN=1 rewrites tests/golden/ instead of comparing (review the diff).
bin=${1:-build/newsift}
sample=corpora/sample.jsonl.gz
gold=corpora/sample.gold.tsv
golden=tests/golden/sample
tmp=$(mktemp -d /tmp/newsift-e2e.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$d"; fi
}

# report.json without what may differ between equal runs (timings, threads)
norm_report() {
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
r.pop("timings", None)
r.pop("story_steps", None)
r.get("story_stats", {}).pop("count_cache_bytes", None) # depends on the memory available
r["options"].pop("threads", None)
print(json.dumps(r, indent=1, sort_keys=True))' "$1"
}

# every output, in comparable form, in one directory
flatten() { # flatten OUTDIR DEST
	mkdir -p "$2"
	cp "$1/clusters.tsv" "$1/stories.jsonl" "$1/digest.md" "$1/digest.html" "$1/digest.json" "$2/"
	gzip -dc "$1/deduped.jsonl.gz" > "$2/deduped.jsonl"
	norm_report "$1/report.json" | sed "s|$1|OUT|g" > "$2/report.json"
}

# --- golden run on the sample -------------------------------------------
"$bin" run -q -t 1 "$sample" -o "$tmp/g1" > "$tmp/g1.stdout" 2> "$tmp/g1.stderr"
check "run on the sample exits 0" test $? -eq 0
flatten "$tmp/g1" "$tmp/g1f"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
	rm -rf "$golden"; mkdir -p "$golden"
	cp "$tmp/g1f/"* "$golden/"
	echo "golden files rewritten in $golden: review 'git diff $golden'"
fi
for f in clusters.tsv stories.jsonl digest.md digest.html digest.json deduped.jsonl report.json; do
	if cmp -s "$golden/$f" "$tmp/g1f/$f"; then ok; else bad "golden $f differs: diff $golden/$f against a fresh run"; fi
done

# --- determinism: threads and batch sizes -------------------------------
"$bin" run -q -t 2 "$sample" -o "$tmp/g2" >/dev/null 2>&1
flatten "$tmp/g2" "$tmp/g2f"
"$bin" run -q -t 2 --batch 7 "$sample" -o "$tmp/g3" >/dev/null 2>&1
flatten "$tmp/g3" "$tmp/g3f"
for f in clusters.tsv stories.jsonl digest.md digest.html digest.json deduped.jsonl report.json; do
	check "1 and 2 threads give the same $f" cmp "$tmp/g1f/$f" "$tmp/g2f/$f"
	check "batch 7 gives the same $f" sh -c "sed '/batch_size/d' $tmp/g1f/$f > $tmp/a; sed '/batch_size/d' $tmp/g3f/$f > $tmp/b; cmp $tmp/a $tmp/b"
done
# --no-dump: no deduped.jsonl.gz (one left by an earlier run removed, so
# it cannot pass for this run's), every other output the same
cp -r "$tmp/g1" "$tmp/nd"
"$bin" run -q -t 2 --no-dump "$sample" -o "$tmp/nd" >/dev/null 2>&1
check "--no-dump exits 0" test $? -eq 0
check "--no-dump leaves no deduped.jsonl.gz" test ! -e "$tmp/nd/deduped.jsonl.gz"
for f in clusters.tsv stories.jsonl digest.md digest.html digest.json; do check "--no-dump gives the same $f" cmp "$tmp/g1/$f" "$tmp/nd/$f"; done
check "the report records --no-dump" grep -q '"no_dump": true' "$tmp/nd/report.json"
check "no temporaries left by --no-dump" sh -c "! ls -a $tmp/nd | grep -q tmp"
# the same input through stdin
gzip -dc "$sample" | "$bin" run -q -t 2 - -o "$tmp/g4" >/dev/null 2>&1
check "stdin gives the same clusters" cmp "$tmp/g1/clusters.tsv" "$tmp/g4/clusters.tsv"
check "no temporary files are left" sh -c "! ls -a $tmp/g1 | grep -q tmp"

# --- deduped.jsonl.gz of several gzip members (compressed in parallel) -----
# 1,500 generated articles: a member per block of 256 documents, so 6
# members; the compressed bytes must not depend on the thread count
python3 scripts/gen_corpus.py -q -n 1500 --seed 7 --out "$tmp/multi.jsonl"
"$bin" run -q -t 1 "$tmp/multi.jsonl" -o "$tmp/m1" >/dev/null 2>&1
"$bin" run -q -t 2 "$tmp/multi.jsonl" -o "$tmp/m2" >/dev/null 2>&1
check "several members: 1 and 2 threads give the same deduped.jsonl.gz bytes" cmp "$tmp/m1/deduped.jsonl.gz" "$tmp/m2/deduped.jsonl.gz"
check "several members: the file has more than one gzip member" python3 -c '
import sys, zlib
data = open(sys.argv[1], "rb").read(); n = 0
while data:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS); d.decompress(data); assert d.eof; data = d.unused_data; n += 1
assert n >= 4, n' "$tmp/m1/deduped.jsonl.gz"
check "several members: gzip -t accepts deduped.jsonl.gz" gzip -t "$tmp/m1/deduped.jsonl.gz"
# nothing kept (every record rejected): still a gzip file, of nothing
printf '{"id": "a"}\n{"id": "b", "text": ""}\n' > "$tmp/none.jsonl"
"$bin" run -q -t 2 "$tmp/none.jsonl" -o "$tmp/none" >/dev/null 2>&1
check "nothing kept: gzip -t accepts deduped.jsonl.gz" gzip -t "$tmp/none/deduped.jsonl.gz"
check "nothing kept: deduped.jsonl.gz holds nothing" test "$(gzip -dc "$tmp/none/deduped.jsonl.gz" | wc -c)" -eq 0

# --- the story stage checks that its term vectors fit the memory available
# (NEWSIFT_MEMORY_AVAILABLE stands for what the system reports): when they
# do not, exit 1 with one line saying so, and no outputs
NEWSIFT_MEMORY_AVAILABLE=50K "$bin" run -q "$sample" -o "$tmp/mem1" >/dev/null 2>"$tmp/mem1.err"
check "story vectors larger than the memory available: exit 1" test $? -eq 1
check "story vectors larger than the memory available: one line says so" grep -q \
	'^newsift: error: stories: the term vectors of 45 articles need about .* more than the 50.0 KiB of memory available (estimated from the first 45); --dedup-only runs without stories$' "$tmp/mem1.err"
check "story vectors larger than the memory available: no outputs" test ! -e "$tmp/mem1/clusters.tsv"
NEWSIFT_MEMORY_AVAILABLE=50K "$bin" run -q --dedup-only "$sample" -o "$tmp/mem2" >/dev/null 2>&1
check "--dedup-only makes no story vectors" test $? -eq 0
NEWSIFT_MEMORY_AVAILABLE=1T "$bin" run -q "$sample" -o "$tmp/mem3" >/dev/null 2>&1
for f in clusters.tsv stories.jsonl digest.md; do check "memory enough: the same $f" cmp "$tmp/g1/$f" "$tmp/mem3/$f"; done
NEWSIFT_MEMORY_AVAILABLE=lots "$bin" run -q "$sample" -o "$tmp/mem4" >/dev/null 2>"$tmp/mem4.err"
check "NEWSIFT_MEMORY_AVAILABLE not a size: usage error" test $? -eq 2
check "NEWSIFT_MEMORY_AVAILABLE not a size: says so" grep -q "NEWSIFT_MEMORY_AVAILABLE: not a size" "$tmp/mem4.err"
# 5,000 articles: the texts are read in windows of 4,096 articles (64
# with --memory-budget 1M): the same stories with 1 and 2 threads and with
# small windows; the check stops the stage after some windows, before the end
python3 scripts/gen_corpus.py -q -n 5000 --seed 11 --out "$tmp/five.jsonl"
"$bin" run -q -t 1 "$tmp/five.jsonl" -o "$tmp/five1" >/dev/null 2>&1
"$bin" run -q -t 2 "$tmp/five.jsonl" -o "$tmp/five2" >/dev/null 2>&1
"$bin" run -q -t 2 --memory-budget 1M "$tmp/five.jsonl" -o "$tmp/five4" >/dev/null 2>&1
for f in clusters.tsv stories.jsonl digest.md; do
	check "story windows: 1 and 2 threads give the same $f" cmp "$tmp/five1/$f" "$tmp/five2/$f"
	check "story windows of 64 articles give the same $f" cmp "$tmp/five1/$f" "$tmp/five4/$f"
done
NEWSIFT_MEMORY_AVAILABLE=4M "$bin" run -q -t 2 --memory-budget 1M "$tmp/five.jsonl" -o "$tmp/five3" >/dev/null 2>"$tmp/five3.err"
check "story windows, 4M available: exit 1" test $? -eq 1
check "story windows, 4M available: stopped before the end" python3 -c '
import re, sys
m = re.search(r"the term vectors of (\d+) articles .* from the first (\d+)\)", open(sys.argv[1]).read())
assert m and 64 <= int(m.group(2)) < int(m.group(1)) and int(m.group(2)) % 64 == 0, m and m.groups()' "$tmp/five3.err"
# what the story stage holds, from report.json: the frequency table, the
# compact vectors, the candidate index and the most held at once, each
# under 2 KB an article (the generated texts give vectors of 400 terms)
check "story stage memory an article" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
s, kept = j["story_stats"], j["counts"]["kept"]
for k in ("frequency_table_bytes", "vector_bytes", "index_bytes", "peak_bytes"):
    assert 0 < s[k] < 2048 * kept, (k, s[k], kept)
assert s["terms"] > 0 and s["candidate_pairs"] >= s["edges"]' "$tmp/five1/report.json"

# --- a memory budget: small windows (read batches, re-made shingle sets for
# verification) give the same bytes; spill files never outlive the run
mkdir -p "$tmp/spill"
"$bin" run -q -t 2 --memory-budget 64K --tmp-dir "$tmp/spill" "$tmp/multi.jsonl" -o "$tmp/m3" >/dev/null 2>&1
check "--memory-budget 64K: the run exits 0" test $? -eq 0
for f in clusters.tsv deduped.jsonl.gz stories.jsonl digest.md; do
	check "--memory-budget 64K gives the same $f" cmp "$tmp/m1/$f" "$tmp/m3/$f"
done
"$bin" run -q -t 1 --memory-budget 64K --tmp-dir "$tmp/spill" "$sample" -o "$tmp/g5" >/dev/null 2>&1
flatten "$tmp/g5" "$tmp/g5f"
for f in clusters.tsv stories.jsonl digest.md deduped.jsonl; do
	check "--memory-budget 64K on the sample gives the same $f" cmp "$tmp/g1f/$f" "$tmp/g5f/$f"
done
check "no spill file is left in --tmp-dir" test -z "$(ls -A "$tmp/spill")"
"$bin" run -t 1 --memory-budget 1K "$sample" -o "$tmp/g6" >/dev/null 2> "$tmp/g6.err"
check "a budget below the per-article state: a warning, and the run goes on" sh -c \
	"grep -q '^newsift: warning: --memory-budget 1024 bytes is below what 132 articles keep in memory' $tmp/g6.err && cmp $tmp/g1/clusters.tsv $tmp/g6/clusters.tsv"
mkept=$(tail -n +2 "$tmp/m1/clusters.tsv" | cut -f4 | grep -c '^kept$')
check "several members: zcat gives every kept record" test "$mkept" -eq "$(zcat "$tmp/m1/deduped.jsonl.gz" | wc -l)"
"$bin" run -q -t 2 "$tmp/m1/deduped.jsonl.gz" -o "$tmp/m3" >/dev/null 2>&1
check "several members: newsift reads its own deduped.jsonl.gz back, every record" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["counts"]
assert c["read"] == int(sys.argv[2]) and c["rejected"] == 0 and c["input_errors"] == 0, c' "$tmp/m3/report.json" "$mkept"

# --- accounting: every record, once ----------------------------------------
n_in=$(gzip -dc "$sample" | grep -c .)
n_rows=$(($(wc -l < "$tmp/g1/clusters.tsv") - 1))
check "clusters.tsv has one row per record ($n_in)" test "$n_in" -eq "$n_rows"
gzip -dc "$sample" | python3 -c 'import sys,json; [print(json.loads(l)["id"]) for l in sys.stdin if l.strip()]' | sort > "$tmp/ids_in"
tail -n +2 "$tmp/g1/clusters.tsv" | cut -f1 | sort > "$tmp/ids_out"
check "clusters.tsv ids are the input ids" cmp "$tmp/ids_in" "$tmp/ids_out"
check "read = kept + duplicate + rejected" python3 -c '
import json,sys
c = json.load(open(sys.argv[1]))["counts"]
assert c["read"] == c["kept"] + c["duplicate"] + c["rejected"], c
assert c["duplicate"] == c["exact_duplicates"] + c["near_duplicates"], c' "$tmp/g1/report.json"
kept=$(tail -n +2 "$tmp/g1/clusters.tsv" | cut -f4 | grep -c '^kept$')
check "deduped.jsonl.gz holds the kept records" test "$kept" -eq "$(gzip -dc "$tmp/g1/deduped.jsonl.gz" | wc -l)"
check "group sizes in deduped.jsonl.gz add up to the valid records" python3 -c '
import gzip,json,sys
n = sum(json.loads(l)["dup_group_size"] for l in gzip.open(sys.argv[1], "rt"))
c = json.load(open(sys.argv[2]))["counts"]
assert n == c["kept"] + c["duplicate"], (n, c)' "$tmp/g1/deduped.jsonl.gz" "$tmp/g1/report.json"
check "every duplicate names a kept record" python3 -c '
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
st = {r[0]: r[3] for r in rows}
for r in rows:
    if r[3] == "duplicate": assert st[r[1]] == "kept" and r[1] != r[0], r
    if r[3] == "kept": assert r[1] == r[0], r' "$tmp/g1/clusters.tsv"
check "each summary sentence is a span of its article" python3 -c '
import gzip,json,sys
text = {}
for l in gzip.open(sys.argv[1], "rt"):
    d = json.loads(l); text[d["id"]] = d["text"]
n = 0
for l in open(sys.argv[2]):
    s = json.loads(l)
    for x in s["summary"]:
        assert x["id"] in s["articles"] and x["text"] in text[x["id"]], x
        n += 1
assert n > 0' "$tmp/g1/deduped.jsonl.gz" "$tmp/g1/stories.jsonl"

# --- quality floors on the sample (what the pipeline achieves, see README) --
"$bin" eval --json "$tmp/g1/clusters.tsv" "$gold" > "$tmp/eval.json"
check "dup F1 on the sample >= 0.99" python3 -c '
import json,sys; e = json.load(open(sys.argv[1])); assert e["dup"]["f1"] >= 0.99, e["dup"]' "$tmp/eval.json"
check "dup precision on the sample = 1" python3 -c '
import json,sys; e = json.load(open(sys.argv[1])); assert e["dup"]["precision"] == 1.0, e["dup"]' "$tmp/eval.json"
check "story ARI on the sample >= 0.95" python3 -c '
import json,sys; e = json.load(open(sys.argv[1])); assert e["story"]["ari"] >= 0.95, e["story"]' "$tmp/eval.json"
check "story B-cubed precision on the sample >= 0.95" python3 -c '
import json,sys; e = json.load(open(sys.argv[1])); assert e["story"]["bcubed_precision"] >= 0.95, e["story"]' "$tmp/eval.json"
check "built-in boilerplate removed Advertisement and Share this article lines, and the report counts them" python3 -c '
import json,sys
r = json.load(open(sys.argv[1]))
b = r["builtin_boilerplate"]
assert b["advertisement"] > 0 and b["share"] > 0, b
assert r["counts"]["builtin_boilerplate_lines_removed"] == sum(b.values()), r["counts"]' "$tmp/g1/report.json"
"$bin" run -q --no-builtin-boilerplate corpora/sample.jsonl.gz -o "$tmp/nb" >/dev/null 2>&1
check "without the built-in list, boilerplate learned includes Advertisement and Share this article" python3 -c '
import json,sys
lines = [b["line"].lower() for b in json.load(open(sys.argv[1]))["boilerplate"]]
assert "advertisement" in lines and "share this article" in lines, lines' "$tmp/nb/report.json"
check "no Advertisement line survives in the deduped texts" sh -c "! gzip -dc $tmp/g1/deduped.jsonl.gz | grep -qi 'n\\\\nAdvertisement\\\\n'"

# --- bad input ------------------------------------------------------------
b="$tmp/bad.jsonl"
{
	printf '%s\n' '{"id": "ok1", "title": "Fine", "text": "A perfectly good record about the harbour festival and its boats."}'
	printf '%s\n' '{"id": "broken", "text": "no end'
	printf '%s\n' '[1, 2, 3]'
	printf '%s\n' '{"title": "no id", "text": "Text without an id field at all."}'
	printf '%s\n' '{"id": "empty", "text": ""}'
	printf '%s\n' '{"id": "spaces", "text": "   \n  "}'
	printf '%s\n' '{"id": "wrongtype", "text": 17}'
	printf '%s\n' ''
	printf '{"id": "badutf8", "text": "caf\351 au lait is served at the harbour festival"}\r\n'
	printf '%s\n' '{"id": 77, "text": "A numeric id is accepted and turned into a string."}'
	printf '%s\n' '{"id": "ok1", "text": "A second record with an id that was already used."}'
} > "$b"
"$bin" run -t 2 "$b" -o "$tmp/bad" > "$tmp/bad.out" 2> "$tmp/bad.err"
check "bad input: the run goes on (exit 0)" test $? -eq 0
check "bad input: 10 records read, 7 rejected" python3 -c '
import json,sys
c = json.load(open(sys.argv[1]))["counts"]
assert (c["read"], c["rejected"], c["kept"] + c["duplicate"], c["blank_lines"], c["repaired"]) == (10, 7, 3, 1, 1), c' "$tmp/bad/report.json"
for pat in "bad.jsonl:2: rejected: malformed JSON" "bad.jsonl:3: rejected: JSON value is not an object" \
           "bad.jsonl:4: rejected: missing id" "bad.jsonl:5: rejected: empty text" "bad.jsonl:6: rejected: empty text" \
           "bad.jsonl:7: rejected: field \"text\" is int" "bad.jsonl:9: invalid UTF-8" \
           "bad.jsonl:11: rejected: duplicate id \"ok1\" (first at $b:1)"; do
	check "message: $pat" grep -q "$pat" "$tmp/bad.err"
done
check "rejected rows carry reason and file:line" grep -q "	rejected	empty text (field \"text\") (.*bad.jsonl:5)" "$tmp/bad/clusters.tsv"
check "a record without id is named by file:line" grep -q "bad.jsonl:4	.*	rejected	" "$tmp/bad/clusters.tsv"
check "the repaired record is kept" grep -q "^badutf8	badutf8	.*	kept	" "$tmp/bad/clusters.tsv"
check "integer id becomes a string" grep -q "^77	" "$tmp/bad/clusters.tsv"
"$bin" run -q --strict "$b" -o "$tmp/strict" >/dev/null 2>&1
check "--strict: exit 3" test $? -eq 3
check "--strict: no outputs" test ! -e "$tmp/strict/clusters.tsv"
"$bin" run -q "$tmp/missing.jsonl" "$b" -o "$tmp/miss" > /dev/null 2> "$tmp/miss.err"
check "a missing input: exit 4" test $? -eq 4
check "a missing input: message names it" grep -q "missing.jsonl: cannot open" "$tmp/miss.err"
check "a missing input: the other input is still processed" test -s "$tmp/miss/report.json"
printf '' > "$tmp/empty.jsonl"
"$bin" run -q "$tmp/empty.jsonl" -o "$tmp/empty" >/dev/null 2>&1
check "an empty input: exit 0 with empty outputs" sh -c "test \$(wc -l < $tmp/empty/clusters.tsv) -eq 1"
head -c 3000 "$sample" > "$tmp/trunc.jsonl.gz"
"$bin" run -q "$tmp/trunc.jsonl.gz" -o "$tmp/trunc" >/dev/null 2> "$tmp/trunc.err"
check "a truncated gzip: exit 4" test $? -eq 4
check "a truncated gzip: the message says so" grep -q "truncated gzip" "$tmp/trunc.err"

# several inputs, read ahead and inflated by threads of their own with 3
# threads and directly with 1: the same outputs and the same messages, in
# the same order (gzip and plain parts, a missing file, a truncated gzip,
# damaged records across the parts, the last one on stdin)
gzip -dc "$sample" | head -n 60 | gzip > "$tmp/part1.jsonl.gz"
gzip -dc "$sample" | sed -n '61,100p' > "$tmp/part2.jsonl"
cat "$b" >> "$tmp/part2.jsonl"
gzip -dc "$sample" | sed -n '101,$p' | gzip > "$tmp/part3.jsonl.gz"
for t in 1 3; do
	gzip -dc "$tmp/part3.jsonl.gz" | "$bin" run -t $t --batch 16 "$tmp/part1.jsonl.gz" "$tmp/missing.jsonl" \
		"$tmp/part2.jsonl" "$tmp/trunc.jsonl.gz" - -o "$tmp/parts$t" > /dev/null 2> "$tmp/parts$t.err"
	echo $? > "$tmp/parts$t.rc"
done
check "several inputs: exit 4 (a missing and a truncated input) with 1 and 3 threads" sh -c "test \$(cat $tmp/parts1.rc) -eq 4 && test \$(cat $tmp/parts3.rc) -eq 4"
check "several inputs: the same messages with 1 and 3 threads" sh -c "sed 's|$tmp/parts[13]|OUT|g' $tmp/parts1.err > $tmp/pe1; sed 's|$tmp/parts[13]|OUT|g' $tmp/parts3.err > $tmp/pe3; cmp $tmp/pe1 $tmp/pe3"
check "several inputs: the messages name the missing and the truncated input" sh -c "grep -q 'missing.jsonl: cannot open' $tmp/parts3.err && grep -q 'trunc.jsonl.gz: read error.*truncated gzip' $tmp/parts3.err"
for f in clusters.tsv stories.jsonl digest.md; do
	check "several inputs: the same $f with 1 and 3 threads" cmp "$tmp/parts1/$f" "$tmp/parts3/$f"
done
check "several inputs: every record of every part accounted for" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
n = sum(1 for _ in open(sys.argv[2])) - 1
assert r["counts"]["read"] == n and n >= 132 + 5, (r["counts"], n)' "$tmp/parts3/report.json" "$tmp/parts3/clusters.tsv"

# --- summarize ------------------------------------------------------------
"$bin" summarize --json --group "$gold" --summary-words 80 "$sample" > "$tmp/sum.jsonl" 2>/dev/null
check "summarize --group: one summary per gold story (12)" test "$(wc -l < "$tmp/sum.jsonl")" -eq 12
check "summarize: each summary within 80 words and attributed to a kept article" python3 -c '
import gzip, json, re, sys
text = {}
for l in gzip.open(sys.argv[2], "rt"):
    d = json.loads(l); text[d["id"]] = d["text"]
for l in open(sys.argv[1]):
    s = json.loads(l)
    words = sum(len(re.findall(r"\w+", x["text"])) for x in s["summary"])
    assert 0 < words <= 80, (s["story"], words)
    for x in s["summary"]:
        assert x["id"] in text and x["text"] in text[x["id"]], x' "$tmp/sum.jsonl" "$tmp/g1/deduped.jsonl.gz"
"$bin" summarize --summary-sentences 3 "$sample" > "$tmp/sum.txt" 2>/dev/null
check "summarize: three sentences, one per line" test "$(wc -l < "$tmp/sum.txt")" -eq 3
"$bin" summarize --summary-sentences 3 -t 1 "$sample" > "$tmp/sum1.txt" 2>/dev/null
check "summarize: same output with 1 thread" cmp "$tmp/sum.txt" "$tmp/sum1.txt"
"$bin" summarize "$sample" -o "$tmp/x" >/dev/null 2>&1
check "summarize refuses -o (it writes to standard output): exit 2" test $? -eq 2
"$bin" run --summary-words 20 --summary-sentences 3 "$sample" -o "$tmp/x" >/dev/null 2>&1
check "two summary budgets at once: exit 2" test $? -eq 2
check "summarize --help exits 0" "$bin" summarize --help

# --- command line -------------------------------------------------------
check "--help exits 0" "$bin" --help
check "run --help exits 0" "$bin" run --help
"$bin" run --threshold 2 "$sample" -o "$tmp/x" >/dev/null 2>&1
check "an out-of-range option: exit 2" test $? -eq 2
"$bin" run --bogus "$sample" -o "$tmp/x" >/dev/null 2>&1
check "an unknown option: exit 2" test $? -eq 2
"$bin" run "$sample" >/dev/null 2>&1
check "no -o: exit 2" test $? -eq 2
"$bin" frobnicate >/dev/null 2>&1
check "an unknown command: exit 2" test $? -eq 2
printf 'id\tdup_group\tstory\na\tg1\ts1\nb\tg1\ts1\nc\tg2\ts1\n' > "$tmp/gold.tsv"
printf 'id\tdup_group\tstory\tstatus\treason\na\tX\tS\tkept\t\nb\tY\tS\tkept\t\nc\tY\tS\tkept\t\n' > "$tmp/pred.tsv"
"$bin" eval --json "$tmp/pred.tsv" "$tmp/gold.tsv" > "$tmp/e.json"
check "eval: known answer (dup P=0 R=0, story P=R=1)" python3 -c '
import json,sys; e = json.load(open(sys.argv[1]))
assert e["dup"]["pred_pairs"] == 1 and e["dup"]["true_pairs"] == 0 and e["dup"]["gold_pairs"] == 1, e
assert e["story"]["f1"] == 1.0 and e["story"]["ari"] == 1.0, e
# same story s1, different gold groups: (a,c) and (b,c); b and c share pred group Y
assert e["same_story"]["pairs"] == 2 and e["same_story"]["merged"] == 1, e' "$tmp/e.json"

# single-article stories get a lead summary: the article's first sentences
# in order within the budget, never a heading
"$bin" run -q --story-threshold 1 --story-merge 1 --summary-words 40 corpora/sample.jsonl.gz -o "$tmp/lead" > /dev/null 2>&1
check "lead summaries: every single-article story has one, in order, within 40 words" python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    s = json.loads(line)
    if len(s["articles"]) != 1: continue
    n += 1
    idx = [x["sentence"] for x in s["summary"]]
    assert idx and idx == sorted(idx) and idx[0] < 8, s
    assert all(x["id"] == s["articles"][0] for x in s["summary"]), s
    words = sum(len(x["text"].split()) for x in s["summary"])
    assert words <= 40 or len(idx) == 1, s
    assert all(x["text"].rstrip()[-1] in ".!?)" + chr(34) + chr(0x201d) for x in s["summary"]), s
assert n >= 20, n' "$tmp/lead/stories.jsonl"

# eval rouge: a known answer (no stemming needed: every token < 4 bytes or unchanged)
printf '%s\n' '{"story": "s1", "summary": "the cat sat on the mat"}' > "$tmp/rs.jsonl"
printf '%s\n' '{"story": "s1", "summaries": ["the cat is on the mat"]}' '{"story": "s2", "summaries": ["a dog"]}' > "$tmp/rr.jsonl"
"$bin" eval rouge --json "$tmp/rs.jsonl" "$tmp/rr.jsonl" > "$tmp/rouge.json" 2>/dev/null
check "eval rouge: known answer (R-1 of s1 = 5/6, s2 missing scores 0)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["stories"] == 2 and r["missing"] == 1, r
# s1: 5 of 6 unigrams match each way -> R = P = F = 5/6; s2 scores 0; mean 5/12
assert abs(r["rouge-1"]["f"] - 5 / 12) < 1e-6, r["rouge-1"]
# bigrams: the cat, on the, the mat match (3 of 5) -> 3/5, mean 3/10
assert abs(r["rouge-2"]["f"] - 3 / 10) < 1e-6, r["rouge-2"]' "$tmp/rouge.json"

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
