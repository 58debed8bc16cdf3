#!/usr/bin/env python3
"""Recall of copies by their word-5-gram Jaccard to their group's first article.

Usage: jaccard_buckets.py ARTICLES.jsonl GOLD.tsv CLUSTERS.tsv [LABEL]

For every gold duplicate group, each member after the first is a copy of the
first (as scripts/damage.py leaves the first undamaged).  Its Jaccard is
computed as the shared sets' README defines it (lower-cased text, tokens =
runs of Unicode letters and digits, sets of 5 consecutive tokens), and it
counts as found when newsift put it in the first's duplicate group
(CLUSTERS.tsv, column dup_group).  Prints one Markdown table row: found /
copies (recall) per Jaccard bucket.  Standard library only."""
import csv
import json
import re
import sys

BUCKETS = [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 1.01)]
TOKEN = re.compile(r"[^\W_]+")


def shingles(text):
    t = TOKEN.findall(text.lower())
    if len(t) < 5:
        return {tuple(t)} if t else set()
    return {tuple(t[i:i + 5]) for i in range(len(t) - 4)}


def main():
    articles, gold, clusters = sys.argv[1:4]
    label = sys.argv[4] if len(sys.argv) > 4 else clusters
    text = {}
    with open(articles, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            text[d["id"]] = d.get("text", "")
    first, members = {}, []
    with open(gold, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t")
        next(r)
        for row in r:
            if row[1] not in first:
                first[row[1]] = row[0]
            else:
                members.append((row[0], first[row[1]]))
    group = {}
    with open(clusters, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t")
        next(r)
        for row in r:
            group[row[0]] = row[1]
    found = [0] * len(BUCKETS)
    total = [0] * len(BUCKETS)
    cache = {}
    for c, o in members:
        if o not in cache:
            cache[o] = shingles(text.get(o, ""))
        a, b = shingles(text.get(c, "")), cache[o]
        j = len(a & b) / len(a | b) if a | b else 1.0
        k = next(i for i, (lo, hi) in enumerate(BUCKETS) if lo <= j < hi)
        total[k] += 1
        found[k] += c in group and o in group and group[c] == group[o]
    cells = ["%d/%d (%.3f)" % (found[k], total[k], found[k] / total[k]) if total[k] else "-" for k in range(len(BUCKETS))]
    print("| %s | %s |" % (label, " | ".join(cells)))


if __name__ == "__main__":
    main()
