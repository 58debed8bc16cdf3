#!/bin/sh
# Scraped input that no dump-wide learning can clean: a single article with a
# metadata prefix, misspelt "Advertisment" lines, section headings and a
# social-media notice; paywall stubs that share their text but not their
# titles; a "Please enable JavaScript" page; an HTML page in the text field;
# a wire story whose copies carry a cookie notice, a byline and footers.
# Fixture: tests/scraped/scraped.jsonl (written for these tests).
bin=${1:-build/newsift}
fx=tests/scraped/scraped.jsonl
tmp=$(mktemp -d /tmp/newsift-scraped.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $d"; fi; }
cell() { awk -F'\t' -v id="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } $1 == id { print $col[c] }' "$1"; }
text() { # text OUT ID: the kept record's text
	python3 -c 'import gzip, json, sys
for l in gzip.open(sys.argv[1], "rt"):
    d = json.loads(l)
    if d["id"] == sys.argv[2]: print(d["text"])' "$1/deduped.jsonl.gz" "$2"
}
field() { python3 -c 'import gzip, json, sys
for l in gzip.open(sys.argv[1], "rt"):
    d = json.loads(l)
    if d["id"] == sys.argv[2]: print(d[sys.argv[3]])' "$1/deduped.jsonl.gz" "$2" "$3"; }

"$bin" run -q "$fx" -o "$tmp/o" > /dev/null 2> "$tmp/err"
o=$tmp/o
check "the run succeeds" test -s "$o/clusters.tsv"
text "$o" scraped-1 > "$tmp/s1"
text "$o" dl-1 > "$tmp/dl1"
text "$o" dl-2 > "$tmp/dl2"
check "the metadata prefix is cut: the text starts with the article" sh -c "head -c 20 '$tmp/s1' | grep -q '^On March 21, 2026,'"
check "the metadata date fills the empty date field" test "$(field "$o" scraped-1 date)" = 2026-03-22
check "the misspelt Advertisment lines are gone from a single article" sh -c "! grep -q Advertisment '$tmp/s1'"
check "the Tweet location notice is gone" sh -c "! grep -q 'location information to your Tweets' '$tmp/s1'"
check "a bare dateline fills an empty date field" test "$(field "$o" dl-1 date)" = 2026-03-24
check "and leaves the text" sh -c "! grep -q 'Tuesday, March 24' '$tmp/dl1'"
check "beside a date the record has, a bare dateline stays" sh -c "grep -q '^Wednesday, March 25, 2026' '$tmp/dl2'"
check "section headings stay in the text" grep -qx "Diplomatic Efforts and Challenges" "$tmp/s1"
check "headings are never summary sentences" sh -c "! grep -q 'Efforts and Challenges\|Security and Reconstruction' '$o/digest.md' '$o/stories.jsonl'"
check "no cookie notice in the digest or the summaries" sh -c "! grep -qi 'cookie' '$o/digest.md' '$o/stories.jsonl'"
check "no subscription offer in the digest" sh -c "! grep -qi 'euro for the first month\|subscribe' '$o/digest.md'"
check "paywall stubs are rejected as such, with file and line" grep -q "^stub-a	.*rejected	not an article: paywall stub (tests/scraped/scraped.jsonl:5)" "$o/clusters.tsv"
check "two stubs with the same text and different titles are not copies" sh -c "test \"$(cell "$o/clusters.tsv" stub-b dup_group)\" = stub-b && test \"$(cell "$o/clusters.tsv" stub-b status)\" = rejected"
check "a JavaScript page is rejected as such" grep -q "^js-1	.*not an article: javascript required" "$o/clusters.tsv"
check "pages that are not articles are counted by reason in the report" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["not_articles"]["paywall stub"] == 2 and r["not_articles"]["javascript required"] == 1, r["not_articles"]
assert r["counts"]["not_articles"] == 3 and r["counts"]["metadata_lines_removed"] >= 2, r["counts"]
b = r["builtin_boilerplate"]
assert b["advertisement"] >= 2 and b["social-embed"] >= 1 and b["cookie-notice"] >= 1 and b["share"] >= 1, b' "$o/report.json"
check "stubs and the JavaScript page stay out of the stories" sh -c "! grep -q 'stub-a\|stub-b\|js-1' '$o/stories.jsonl' '$o/digest.md'"
text "$o" page-1 > "$tmp/p1"
check "an HTML page: script, style, navigation, aside and footer are gone" sh -c "! grep -qi 'tracking\|color:\|Home | World\|Most read\|Valley Post</' '$tmp/p1'"
check "an HTML page: its paragraphs stay paragraphs, its headline is the title" test "$(grep -c . "$tmp/p1")" -eq 2
check "an HTML page: its <title> fills the empty title" test "$(field "$o" page-1 title)" = "Bridge reopens in Dorvan"
check "the copies of the wire story are found through cookie notice, byline and footers" \
	sh -c "test \"$(cell "$o/clusters.tsv" copy-1 dup_group)\" = wire-1 && test \"$(cell "$o/clusters.tsv" copy-2 dup_group)\" = wire-1"
check "the kept copy is the clean, titled wire original" test "$(field "$o" wire-1 duplicates)" = "['copy-1', 'copy-2']"
check "the kept text carries no cookie notice, byline or footer" sh -c "! text() { :; }; ! zcat '$o/deduped.jsonl.gz' | grep -q 'cookies\|Jane Doe\|All rights reserved'"

"$bin" run -q --no-builtin-boilerplate --keep-metadata --keep-non-articles "$fx" -o "$tmp/k" > /dev/null 2>&1
check "--no-builtin-boilerplate keeps the Advertisment lines (the list matters)" sh -c "text() { :; }; zcat '$tmp/k/deduped.jsonl.gz' | grep -q Advertisment"
check "--keep-metadata keeps the metadata prefix" sh -c "zcat '$tmp/k/deduped.jsonl.gz' | grep -q '\"text\": \"date 2026-03-22 On March'"
check "--keep-non-articles keeps the stubs" test "$(cell "$tmp/k/clusters.tsv" stub-a status)" != rejected

echo "scraped: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
