#!/bin/sh
# The digest: digest.md, digest.html and digest.json from one model.  A dump whose
# titles, sources, ids and texts carry markup and a javascript: url
# (tests/digest/evil.jsonl) must come out escaped, with no link but http(s)
# and in-page anchors; headlines are the most central titled article's
# title, or a sentence for a story without titles (never an id); untitled
# articles are listed by their first sentence; the three files list the
# same stories in the same order, for any thread count; digest.json is
# valid JSON of the schema README.md documents.
bin=${1:-build/newsift}
dir=tests/digest
tmp=$(mktemp -d /tmp/newsift-digest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if out=$("$@" 2>&1); then ok; else bad "$d${out:+: $out}"; fi
}
has() { grep -qF -- "$2" "$1"; }
hasnt() { ! grep -qiF -- "$2" "$1"; }

"$bin" run -q -t 1 "$dir/evil.jsonl" -o "$tmp/e1" >/dev/null 2>&1
check "the hostile dump runs" test $? -eq 0
"$bin" run -q -t 2 "$dir/evil.jsonl" -o "$tmp/e2" >/dev/null 2>&1
for f in digest.md digest.html digest.json; do
	check "1 and 2 threads give the same $f" cmp "$tmp/e1/$f" "$tmp/e2/$f"
	check "no temporary of $f is left" test -z "$(ls -A "$tmp/e1" | grep "^\.$f")"
done
h=$tmp/e1/digest.html
md=$tmp/e1/digest.md

# --- escaping -------------------------------------------------------------
check "html: structure, landmarks, no script, img or fetch, only http(s) and anchor links" \
	python3 "$dir/check.py" html "$h"
check "html: no unescaped <script from the dump" hasnt "$h" "<script"
check "html: no unescaped <img from the dump" hasnt "$h" "<img"
check "html: no <b> or <i> from the sources" sh -c '! grep -q "<b>\|<i>" "$1"' _ "$h"
check "html: the title's <script> shown escaped" has "$h" "Harbour cafés stay open &lt;script&gt;alert(1)&lt;/script&gt; after Veltmoor blaze"
check "html: the source's <img> shown escaped" has "$h" "Parish &lt;img src=x onerror=alert(1)&gt; &amp; Co"
check "html: & < \" ' escaped" has "$h" "Quiz night &amp; &lt; &quot;results&quot; &#39;winners&#39;"
check "html: an id with markup escaped" has "$h" "<code>quiz&quot;&lt;b&gt;&amp;&#39;1</code>"
check "html: a javascript: url is not a link" hasnt "$h" "javascript:"
check "html: an http(s) url is a link, its & escaped" has "$h" 'href="https://courier.example/fire?a=1&amp;b=2"'
check "html: a sentence of an article without a web url links to its entry" \
	grep -qF '<a href="#s1-a1" title="Side &lt;b&gt;Street&lt;/b&gt; News: ' "$h"
check "html: ... which is there" has "$h" '<li id="s1-a1">'
check "html: every summary sentence is a link" python3 -c '
import re, sys
raw = open(sys.argv[1], encoding="utf-8").read()
for p in re.findall(r"<p class=\"summary\">(.*?)</p>", raw):
    rest = re.sub(r"<a href=\"[^\"]*\" title=\"[^\"]*\">[^<]*</a>", "", p)
    assert rest.strip() == "", rest' "$h"
check "md: markup in titles escaped" has "$md" 'Harbour cafés stay open \<script\>alert(1)\</script\> after Veltmoor blaze'

# --- headlines and listings -------------------------------------------------
check "headline: the most central titled article's title, not the first record's" \
	grep -q '^## 1\. Fire destroys Veltmoor grain warehouse; firefighters battle blaze at harbour through the night$' "$md"
check "html: the same headline" \
	has "$h" '<span class="rank">1.</span> Fire destroys Veltmoor grain warehouse; firefighters battle blaze at harbour through the night</h2>'
check "headline of a story without titles: its summary's first sentence cut at a word boundary" python3 -c '
import json, sys
lead = [json.loads(l) for l in open(sys.argv[1]) if "bridge" in l][0]["summary"][0]["text"]
head = [l for l in open(sys.argv[2]) if l.startswith("## 2. ")][0][6:].rstrip("\n")
assert head.endswith("\u2026") and len(head) > 30, head
cut = head[:-1]
assert lead.startswith(cut) and lead[len(cut)] == " " and len(cut.split()) <= 12, (head, lead)' "$tmp/e1/stories.jsonl" "$md"
check "...never an id" sh -c '! grep -q "^## .*bridge-[12]" "$1"' _ "$md"
check "untitled articles listed by their first sentence" \
	grep -qF '2. *County engineers said on Wednesday that the Orlan river bridge collapse was…* — County \<i\>Post\</i\>' "$md"
check "html: the same, marked untitled" \
	has "$h" '<span class="untitled">County engineers said on Wednesday that the Orlan river bridge collapse was…</span>'
check "a first sentence without spaces is cut between characters, 90 bytes at most" python3 -c '
import sys
raw = open(sys.argv[1], encoding="utf-8").read()
i = raw.index("東京都"); s = raw[i:raw.index("…", i)]
assert 60 <= len(s.encode()) <= 90, s' "$md"
check "no (untitled) placeholder" hasnt "$md" "(untitled)"

# --- order: articles, then the latest date (newest first), then input order ---
python3 "$dir/check.py" stories "$tmp/e1" md > "$tmp/e.md.txt"
python3 "$dir/check.py" stories "$tmp/e1" html > "$tmp/e.html.txt"
check "md and html list the same stories in the same order" cmp "$tmp/e.md.txt" "$tmp/e.html.txt"
check "...all five of them" test "$(wc -l < "$tmp/e.md.txt")" -eq 5
check "singles newest first" python3 -c '
import sys
rows = [l.split("\t")[1] for l in open(sys.argv[1], encoding="utf-8")][2:]
assert [r[:6] for r in rows] == ["Quiz n", "Volunt", "東京都の港湾"], rows' "$tmp/e.md.txt"

python3 "$dir/check.py" stories "$tmp/e1" json > "$tmp/e.json.txt"
check "md and json list the same stories in the same order" cmp "$tmp/e.md.txt" "$tmp/e.json.txt"

# --- digest.json ----------------------------------------------------------------
j=$tmp/e1/digest.json
check "json: python3 -m json.tool parses it" python3 -m json.tool "$j"
check "json: the documented schema, every story and member" python3 "$dir/check.py" json "$j"
check "json: headline from the central titled article (the second record), not the first" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["stories"][0]
assert s["headline_from"] == "title" and s["headline_article"] == 2, s
assert s["members"][1]["id"] == "fire-main" and s["headline"] == s["members"][1]["title"], s
assert s["story"] == "fire-side" and s["first_date"] == "2026-03-01" and s["last_date"] == "2026-03-02", s' "$j"
check "json: a story without titles is headed by its summary, listed by first sentences" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["stories"][1]
assert s["headline_from"] == "summary" and s["headline"].endswith("…"), s
assert s["summary"][0]["text"].startswith(s["headline"][:-1]), s
assert all(m["title"] is None and m["listing_from"] == "text" for m in s["members"]), s
assert s["headline"] not in ("bridge-1", "bridge-2")' "$j"
check "json: markup kept as text (escaped by JSON only), javascript: urls are null" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
q = [s for s in d["stories"] if s["single"] and s["members"][0]["id"] == "quiz\"<b>&\u00271"][0]["members"][0]
assert q["source"] == "Parish <img src=x onerror=alert(1)> & Co" and q["url"] is None, q
assert "<script>alert(1)</script>" in d["stories"][0]["members"][0]["title"]
assert d["stories"][0]["members"][0]["url"] is None
assert d["stories"][0]["members"][1]["url"] == "https://courier.example/fire?a=1&b=2"' "$j"
check "json: counts" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["counts"]
assert (c["read"], c["kept"], c["stories"], c["multi_article_stories"], c["single_article_stories"], c["singles_shown"]) == (8, 8, 5, 2, 3, 3), c' "$j"

# every record rejected (exit 6): the digest is still written, and valid
printf '{"id": "a"}\n{"id": "b", "text": ""}\n' > "$tmp/none.jsonl"
"$bin" run -q "$tmp/none.jsonl" -o "$tmp/none" >/dev/null 2>&1
check "nothing kept: digest.json parses, no stories" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); assert d["stories"] == [] and d["counts"]["rejected"] == 2, d' "$tmp/none/digest.json"
check "nothing kept: json schema" python3 "$dir/check.py" json "$tmp/none/digest.json"
check "nothing kept: html well formed" python3 "$dir/check.py" html "$tmp/none/digest.html"

# --digest-singles 1: one single shown, the others counted
"$bin" run -q --digest-singles 1 "$dir/evil.jsonl" -o "$tmp/s1" >/dev/null 2>&1
check "--digest-singles 1: html still well formed" python3 "$dir/check.py" html "$tmp/s1/digest.html"
check "--digest-singles 1: the others counted in html" has "$tmp/s1/digest.html" "<p>…and 2 more (see stories.jsonl).</p>"
check "--digest-singles 1: and in md" has "$tmp/s1/digest.md" "…and 2 more (see stories.jsonl)."
python3 "$dir/check.py" stories "$tmp/s1" md > "$tmp/s1.md.txt"
python3 "$dir/check.py" stories "$tmp/s1" html > "$tmp/s1.html.txt"
python3 "$dir/check.py" stories "$tmp/s1" json > "$tmp/s1.json.txt"
check "--digest-singles 1: the same three stories in md, html and json" sh -c 'cmp "$1" "$2" && cmp "$1" "$3" && test "$(wc -l < "$1")" -eq 3' _ "$tmp/s1.md.txt" "$tmp/s1.html.txt" "$tmp/s1.json.txt"
check "--digest-singles 1: json counts the others" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["counts"]; assert c["single_article_stories"] == 3 and c["singles_shown"] == 1, c' "$tmp/s1/digest.json"
"$bin" run -q --digest-singles 0 "$dir/evil.jsonl" -o "$tmp/s0" >/dev/null 2>&1
check "--digest-singles 0: html well formed" python3 "$dir/check.py" html "$tmp/s0/digest.html"
check "--digest-singles 0: the section says how many" has "$tmp/s0/digest.html" "<p>…and 3 more (see stories.jsonl).</p>"

# --- the shipped sample -----------------------------------------------------
"$bin" run -q -t 2 corpora/sample.jsonl.gz -o "$tmp/sa" >/dev/null 2>&1
check "sample: html well formed" python3 "$dir/check.py" html "$tmp/sa/digest.html"
python3 "$dir/check.py" stories "$tmp/sa" md > "$tmp/sa.md.txt"
python3 "$dir/check.py" stories "$tmp/sa" html > "$tmp/sa.html.txt"
python3 "$dir/check.py" stories "$tmp/sa" json > "$tmp/sa.json.txt"
check "sample: md, html and json list the same 12 stories in the same order" sh -c 'cmp "$1" "$2" && cmp "$1" "$3" && test "$(wc -l < "$1")" -eq 12' _ "$tmp/sa.md.txt" "$tmp/sa.html.txt" "$tmp/sa.json.txt"
check "sample: json schema" python3 "$dir/check.py" json "$tmp/sa/digest.json"
check "sample: a headline drops a shouted label (BREAKING:)" \
	grep -q '^## [0-9]*\. Quillon Systems says hackers accessed 2.3 million customer accounts$' "$tmp/sa/digest.md"
check "sample: ...and its own source's name behind a separator" \
	grep -q '^## [0-9]*\. Wildfire Tears Through Sierra Almena Hills, Two Villages Evacuated$' "$tmp/sa/digest.md"
check "sample: the article list keeps the title as written" \
	grep -qF '**BREAKING: Quillon Systems says hackers accessed 2.3 million customer accounts**' "$tmp/sa/digest.md"
check "sample: summaries in the digest leave out their articles' datelines" sh -c '! grep -q "TILLOW BEND (Wire)\|PORT CALLOWAY (Wire)\|\] CARROW — " "$1"' _ "$tmp/sa/digest.md"
check "sample: ...which stories.jsonl keeps" grep -q "TILLOW BEND (Wire)" "$tmp/sa/stories.jsonl"
check "sample: no headline starts with a label in capitals" sh -c '! grep -q "^## [0-9]*\. [A-Z ]*: " "$1"' _ "$tmp/sa/digest.md"
check "sample: json ranked by articles, then last_date (newest first), then input order" python3 -c '
import json, sys
st = json.load(open(sys.argv[1]))["stories"]
keys = [(-s["articles"], "".join(chr(255 - ord(c)) for c in (s["last_date"] or ""))) for s in st]
assert keys == sorted(keys) and [s["rank"] for s in st] == list(range(1, len(st) + 1)), keys' "$tmp/sa/digest.json"
check "sample: every headline is the title of one of its articles (without a label or its source)" python3 -c '
import json, sys
for s in json.load(open(sys.argv[1]))["stories"]:
    t = s["members"][s["headline_article"] - 1]["title"]
    assert s["headline_from"] == "title" and s["headline"] and s["headline"] in t, s' "$tmp/sa/digest.json"
check "sample: one details element per story" test "$(grep -c '<details>' "$tmp/sa/digest.html")" -eq 12
check "sample: ranked by articles, then the latest date" python3 -c '
import re, sys
md = open(sys.argv[1], encoding="utf-8").read()
keys = []
for block in md.split("\n## ")[1:]:
    if block.startswith("Single"): break
    n = int(re.search(r"\*(\d+) articles", block).group(1))
    dates = re.findall(r", (\d{4}-\d\d-\d\d) \(`", block)
    keys.append((-n, "".join(chr(255 - ord(c)) for c in max(dates))))
assert keys == sorted(keys), keys' "$tmp/sa/digest.md"

# --- with a history: stories say new or continuing, in all three files ------
gzip -dc corpora/sample.jsonl.gz | awk 'NR % 2 == 1' > "$tmp/n1.jsonl"
gzip -dc corpora/sample.jsonl.gz | awk 'NR % 2 == 0' > "$tmp/n2.jsonl"
"$bin" run -q --state "$tmp/st" --run-date 2026-11-30 "$tmp/n1.jsonl" -o "$tmp/h1" >/dev/null 2>&1
"$bin" run -q --state "$tmp/st" --run-date 2026-12-01 "$tmp/n2.jsonl" -o "$tmp/h2" >/dev/null 2>&1
check "history: night 2 runs" test -s "$tmp/h2/digest.json"
check "history: json schema, statuses new or continuing" python3 "$dir/check.py" json "$tmp/h2/digest.json"
check "history: continuing stories with the day first seen, as in stories.jsonl" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
cont = {s["story"]: s for s in d["stories"] if s["status"] == "continuing"}
assert cont and d["history"], d["stories"][:1]
st = {}
for l in open(sys.argv[2]):
    r = json.loads(l); st[r["story"]] = r
for k, s in cont.items():
    assert st[k]["status"] == "continuing" and s["first_seen"] == st[k]["first_seen"] == "2026-11-30", (s, st[k])
    assert s["earlier_articles"] == st[k]["earlier_articles"], (s, st[k])' "$tmp/h2/digest.json" "$tmp/h2/stories.jsonl"
check "history: html well formed" python3 "$dir/check.py" html "$tmp/h2/digest.html"
check "history: html says first seen" grep -q "first seen 2026-11-30, [0-9]* articles before" "$tmp/h2/digest.html"
for f in md html json; do python3 "$dir/check.py" stories "$tmp/h2" $f > "$tmp/h2.$f.txt"; done
check "history: md, html and json list the same stories" sh -c 'cmp "$1" "$2" && cmp "$1" "$3" && test -s "$1"' _ "$tmp/h2.md.txt" "$tmp/h2.html.txt" "$tmp/h2.json.txt"

# --- dates as scrapers write them: shown normalised, kept as written -------------
printf '%s\n' \
	'{"id": "d1", "title": "Bridge closed", "date": "Mon, 16 Mar 2026 11:45:00 +0100", "text": "The old bridge over the river closed on Monday after engineers found deep cracks in its central arch and the council ordered it shut."}' \
	'{"id": "d2", "title": "Bridge shut after cracks found", "date": 1773600000, "text": "Engineers found deep cracks in the central arch of the old river bridge, and the council closed the bridge on Monday to all traffic."}' \
	> "$tmp/dates.jsonl"
"$bin" run -q "$tmp/dates.jsonl" -o "$tmp/dt" > /dev/null 2>&1
check "dates: RFC 2822 shown in UTC in digest.md" has "$tmp/dt/digest.md" "Bridge closed**, 2026-03-16 10:45 UTC"
check "dates: epoch seconds shown in UTC in digest.md" has "$tmp/dt/digest.md" "2026-03-15 18:40 UTC"
check "dates: digest.json's range normalised, earliest first" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["stories"][0]
assert s["first_date"] == "2026-03-15 18:40 UTC" and s["last_date"] == "2026-03-16 10:45 UTC", s' "$tmp/dt/digest.json"
check "dates: deduped.jsonl.gz keeps the date as written" sh -c 'gzip -dc "$1" | grep -qF "\"date\": \"Mon, 16 Mar 2026 11:45:00 +0100\""' _ "$tmp/dt/deduped.jsonl.gz"
check "dates: ...and a date given as a number stays a number" sh -c 'gzip -dc "$1" | grep -qF "\"date\": 1773600000,"' _ "$tmp/dt/deduped.jsonl.gz"

# --- a line break inside a title or sentence is a space in digest.json ---------------
printf '%s\n' \
	'{"id": "n1", "title": "Harbour\nbridge reopens", "text": "The harbour bridge reopened on Friday\nafter two years of repairs to its deck and cables, the city said."}' \
	> "$tmp/nl.jsonl"
"$bin" run -q "$tmp/nl.jsonl" -o "$tmp/nl" > /dev/null 2>&1
check "json: line breaks in texts become spaces" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def walk(x):
    if isinstance(x, str): assert "\n" not in x and "\r" not in x, x
    elif isinstance(x, list): [walk(y) for y in x]
    elif isinstance(x, dict): [walk(y) for y in x.values()]
walk(d)
s = d["stories"][0]
assert "Harbour bridge reopens" in json.dumps(d), s' "$tmp/nl/digest.json"

echo "digest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
