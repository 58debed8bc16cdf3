#!/bin/sh
# Near-duplicate mechanisms, each with pairs that must and must not merge.
# Fixtures are built from the fictional articles in corpora/articles.
bin=${1:-build/newsift}
tmp=$(mktemp -d /tmp/newsift-dedup.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $d"; fi; }

python3 - "$tmp" <<'PY'
import json, os, sys, textwrap
out = sys.argv[1]
def load(name):
    head, body = open(f"corpora/articles/{name}.txt", encoding="utf-8").read().split("\n\n", 1)
    meta = dict(l.split(": ", 1) for l in head.splitlines())
    return meta, [p for p in body.strip().split("\n\n")]
def rec(i, paras, title="T", date="", source="S", sep="\n\n"):
    return {"id": i, "title": title, "date": date, "source": source, "url": "", "text": sep.join(paras)}
def write(name, recs):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        for r in recs: f.write(json.dumps(r, ensure_ascii=False) + "\n")
_, A = load("e01-a1"); _, B = load("e03-a4"); _, C = load("e09-a1"); _, D = load("e12-a2")
# 1-3: abridged, cut paragraph, typographic damage and hard wraps: all copies of A
half = A[: max(2, (len(A) * 2) // 5)]
cut = A[:3] + A[4:]
wrapped = [textwrap.fill(p.replace("\u201c", '"').replace("\u201d", '"').replace("&", "&amp;"), 70)
           for p in A]
damaged = "\r\n\r\n".join(w.replace(" the ", " the\u00a0") for w in wrapped)
write("copies.jsonl", [rec("orig", A), rec("half", half + ["Share this article"]),
                       rec("cut", cut), {**rec("damaged", []), "text": damaged}])
# 4: different reports of the same event never merge
reps = []
for k in range(1, 5):
    _, P = load(f"e01-a{k}")
    reps.append(rec(f"e01-a{k}", P))
write("samestory.jsonl", reps)
# 5: a short notice inside a longer page is not a copy of it
notice = ["Starting in 1996, the city archive has been donating its photo collection to the public library."]
write("notice.jsonl", [rec("notice", notice), rec("page", notice + B[:3])])
# 6: a chain X ~ Y ~ Z ~ W where X and W share nothing
h = lambda P: len(P) // 2
X = A; Y = A[h(A):] + B[:h(B)]; Z = B; W = B[h(B):] + C[:h(C)]
write("chain.jsonl", [rec("X", X), rec("Y", Y), rec("Z", Z), rec("W", W)])
# 8: letter noise (scripts/damage.py's letters at 3%): found with word skeletons (the
# default) only; four reports of one event stay apart with them too
import random
sys.path.insert(0, "scripts")
import damage
rng = random.Random(5)
noisy = [damage.letters(p, rng, 0.03) for p in A]
write("letters.jsonl", [rec("clean", A), rec("noisy", noisy)] + reps)
# 9: an abridged and reworded copy (damage.py's abridge and reword): found by sentence
# alignment only; the four reports of one event stay apart with it
rng = random.Random(11)
edited = damage.reword(damage.abridge("\n\n".join(A), rng), rng)
write("edited.jsonl", [rec("orig", A), {**rec("edited", []), "text": edited}] + reps[1:])
# 10: the best copy is kept: a titled copy over an untitled one, the one with the most
# article text, then the one with less boilerplate removed, then the earliest
write("best.jsonl", [rec("b1", D, title="", date="2026-06-20"), rec("b2", D, date="2026-06-22"),
                     rec("b3", D, date="2026-06-21"), rec("b4", D + ["Advertisement"], date="2026-06-19")])
# 7: representative rules: the same text, different dates and lengths
write("rep.jsonl", [rec("r1", D, date="2026-06-22"), rec("r2", D + ["Editor's note: updated."], date="2026-06-21"),
                    rec("r3", D, date="2026-06-23")])
PY

cell() { # cell FILE ID COLUMN
	awk -F'\t' -v id="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } $1 == id { print $col[c] }' "$1"
}
same() { [ "$(cell "$1" "$2" dup_group)" = "$(cell "$1" "$3" dup_group)" ]; }

"$bin" run -q "$tmp/copies.jsonl" -o "$tmp/c" >/dev/null 2>&1
check "an abridged copy (first half + footer) merges" same "$tmp/c/clusters.tsv" orig half
check "a copy with a paragraph cut merges" same "$tmp/c/clusters.tsv" orig cut
check "a hard-wrapped copy with entities, straight quotes, nbsp and CRLF merges" same "$tmp/c/clusters.tsv" orig damaged
check "the abridged copy merges by containment" sh -c "cell() { :; }; grep -q '^half	.*contained coverage=' $tmp/c/clusters.tsv || grep -q '^orig	.*contained coverage=' $tmp/c/clusters.tsv"
"$bin" run -q --containment 0 "$tmp/copies.jsonl" -o "$tmp/c0" >/dev/null 2>&1
check "without containment the half copy stays apart (the mechanism matters)" sh -c "! [ \"\$(awk -F'\t' '\$1==\"half\"{print \$2}' $tmp/c0/clusters.tsv)\" = \"\$(awk -F'\t' '\$1==\"orig\"{print \$2}' $tmp/c0/clusters.tsv)\" ]"

"$bin" run -q "$tmp/samestory.jsonl" -o "$tmp/s" >/dev/null 2>&1
check "four reports of one event: four duplicate groups" test "$(tail -n +2 "$tmp/s/clusters.tsv" | cut -f2 | sort -u | wc -l)" -eq 4

"$bin" run -q "$tmp/notice.jsonl" -o "$tmp/n" >/dev/null 2>&1
check "a short notice inside a longer page does not merge" sh -c "! awk -F'\t' '\$1==\"notice\"{a=\$2} \$1==\"page\"{b=\$2} END{exit !(a==b)}' $tmp/n/clusters.tsv"

"$bin" run -q --threshold 0.2 --bands 128 --rows 1 --containment 0 --cluster components "$tmp/chain.jsonl" -o "$tmp/k1" >/dev/null 2>&1
"$bin" run -q --threshold 0.2 --bands 128 --rows 1 --containment 0 --cluster centre "$tmp/chain.jsonl" -o "$tmp/k2" >/dev/null 2>&1
"$bin" run -q --threshold 0.2 --bands 128 --rows 1 --containment 0 --cluster pivot "$tmp/chain.jsonl" -o "$tmp/k3" >/dev/null 2>&1
check "chain: connected components join X and W" same "$tmp/k1/clusters.tsv" X W
check "chain: centre clustering keeps X and W apart" sh -c "! [ \"\$(awk -F'\t' '\$1==\"X\"{print \$2}' $tmp/k2/clusters.tsv)\" = \"\$(awk -F'\t' '\$1==\"W\"{print \$2}' $tmp/k2/clusters.tsv)\" ]"
check "chain: pivot clustering keeps X and W apart" sh -c "! [ \"\$(awk -F'\t' '\$1==\"X\"{print \$2}' $tmp/k3/clusters.tsv)\" = \"\$(awk -F'\t' '\$1==\"W\"{print \$2}' $tmp/k3/clusters.tsv)\" ]"
k2=$tmp/k2/clusters.tsv
check "chain: centre clustering still joins direct neighbours" sh -c "test \$(tail -n +2 $k2 | cut -f2 | sort -u | wc -l) -le 2"

for rule in first earliest longest; do
	"$bin" run -q --representative $rule "$tmp/rep.jsonl" -o "$tmp/r-$rule" >/dev/null 2>&1
done
check "representative first: r1" test "$(cell "$tmp/r-first/clusters.tsv" r3 dup_group)" = r1
check "representative earliest: r2" test "$(cell "$tmp/r-earliest/clusters.tsv" r3 dup_group)" = r2
check "representative longest: r2" test "$(cell "$tmp/r-longest/clusters.tsv" r1 dup_group)" = r2
check "the representative keeps the group's ids" python3 -c '
import gzip, json, sys
d = [json.loads(l) for l in gzip.open(sys.argv[1], "rt")]
assert len(d) == 1 and d[0]["id"] == "r1" and d[0]["duplicates"] == ["r2", "r3"] and d[0]["dup_group_size"] == 3, d' "$tmp/r-first/deduped.jsonl.gz"

"$bin" run -q --no-fuzzy-tokens --align 0 "$tmp/letters.jsonl" -o "$tmp/l0" >/dev/null 2>&1
"$bin" run -q --align 0 "$tmp/letters.jsonl" -o "$tmp/l1" >/dev/null 2>&1
check "a copy with 3% letter noise is not found with --no-fuzzy-tokens --align 0 (the mechanism matters)" sh -c "! [ \"\$(awk -F'\t' '\$1==\"noisy\"{print \$2}' $tmp/l0/clusters.tsv)\" = clean ]"
check "word skeletons (the default) find it" same "$tmp/l1/clusters.tsv" clean noisy
check "word skeletons keep four reports of one event apart" test "$(tail -n +2 "$tmp/l1/clusters.tsv" | grep '^e01' | cut -f2 | sort -u | wc -l)" -eq 4

"$bin" run -q --align 0 "$tmp/edited.jsonl" -o "$tmp/e0" >/dev/null 2>&1
"$bin" run -q "$tmp/edited.jsonl" -o "$tmp/e1" >/dev/null 2>&1
check "an abridged, reworded copy is not found with --align 0 (the mechanism matters)" sh -c "! [ \"\$(awk -F'\t' '\$1==\"edited\"{print \$2}' $tmp/e0/clusters.tsv)\" = orig ]"
check "sentence alignment finds it" same "$tmp/e1/clusters.tsv" orig edited
check "and names it an edited copy" grep -q "^edited	.*edited aligned=" "$tmp/e1/clusters.tsv"
check "sentence alignment keeps the reports of one event apart" test "$(tail -n +2 "$tmp/e1/clusters.tsv" | cut -f2 | sort -u | wc -l)" -eq 4

"$bin" run -q "$tmp/best.jsonl" -o "$tmp/b" >/dev/null 2>&1
check "best copy: a titled copy with the most text and the least boilerplate, earliest: b3" \
	test "$(cell "$tmp/b/clusters.tsv" b1 dup_group)" = b3
"$bin" run -q --representative centre "$tmp/best.jsonl" -o "$tmp/bc" >/dev/null 2>&1
check "centre rule differs here (the rule matters)" sh -c "! test \"\$(awk -F'\t' '\$1==\"b1\"{print \$2}' $tmp/bc/clusters.tsv)\" = b3"

"$bin" run -q --representative centre corpora/sample.jsonl.gz -o "$tmp/sc" >/dev/null 2>&1
"$bin" run -q corpora/sample.jsonl.gz -o "$tmp/sb" >/dev/null 2>&1
check "the best-copy rule keeps other records than the centre rule on the sample" sh -c "! cmp -s '$tmp/sc/clusters.tsv' '$tmp/sb/clusters.tsv'"
check "but the stories are the same: the group's most central copy speaks for it" python3 -c '
import csv, sys
def part(p):
    rows = list(csv.DictReader(open(p), delimiter="\t"))
    g = {}
    for r in rows: g.setdefault(r["story"], set()).add(r["id"])
    return sorted(sorted(v) for v in g.values())
assert part(sys.argv[1]) == part(sys.argv[2])' "$tmp/sc/clusters.tsv" "$tmp/sb/clusters.tsv"

echo "dedup: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
