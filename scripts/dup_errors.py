#!/usr/bin/env python3
"""Explain duplicate-level errors of a newsift run against a gold file.

Usage: dup_errors.py CLUSTERS.tsv GOLD.tsv [ARTICLES.jsonl] [--show N]

Prints predicted groups that merge several gold groups (false merges, with
the reason column of each member: which edge brought it in), and gold groups
split over several predicted groups (misses).  With ARTICLES, titles are shown.
Standard library only; reads the files in place.
"""
import collections
import json
import sys


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, l.rstrip("\n").split("\t"))) for l in f]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = 10
    if "--show" in sys.argv:
        show = int(sys.argv[sys.argv.index("--show") + 1])
        args = [a for a in args if a != str(show)]
    pred = {r["id"]: r for r in read_tsv(args[0])}
    gold = {r["id"]: r for r in read_tsv(args[1])}
    titles = {}
    if len(args) > 2:
        with open(args[2], encoding="utf-8") as f:
            for l in f:
                d = json.loads(l)
                titles[d["id"]] = (d.get("title") or d.get("text", "")[:60]).replace("\n", " ")
    pg = collections.defaultdict(list)
    for i, r in pred.items():
        if i in gold:
            pg[r["dup_group"]].append(i)
    merges = []
    for g, members in pg.items():
        golds = collections.Counter(gold[i]["dup_group"] for i in members)
        if len(golds) > 1:
            wrong = sum(golds.values()) ** 2 - sum(v * v for v in golds.values())
            merges.append((wrong // 2, g, members, golds))
    merges.sort(reverse=True)
    print(f"false merges: {len(merges)} predicted groups, {sum(m[0] for m in merges)} wrong pairs")
    for wrong, g, members, golds in merges[:show]:
        print(f"\n-- predicted group {g}: {wrong} wrong pairs, gold groups {dict(golds)}")
        for i in members:
            r = pred[i]
            same_story = gold[i]["story"] == gold[g]["story"] if g in gold else "?"
            print(f"  {i} gold={gold[i]['dup_group']} story={gold[i]['story']} same_story_as_rep={same_story} "
                  f"{r['reason'][:70]} | {titles.get(i, '')[:60]}")
    gg = collections.defaultdict(list)
    for i, r in gold.items():
        gg[r["dup_group"]].append(i)
    splits = []
    for g, members in gg.items():
        ps = collections.Counter(pred[i]["dup_group"] if i in pred else i for i in members)
        if len(ps) > 1:
            missed = sum(ps.values()) ** 2 - sum(v * v for v in ps.values())
            splits.append((missed // 2, g, ps))
    splits.sort(reverse=True)
    print(f"\nsplit gold groups: {len(splits)}, {sum(s[0] for s in splits)} missed pairs")
    for missed, g, ps in splits[:show]:
        print(f"  gold {g}: {missed} missed pairs, predicted parts {dict(ps)}")


if __name__ == "__main__":
    main()
