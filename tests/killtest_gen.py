#!/usr/bin/env python3
"""Deterministic input for tests/killtest.sh: N records (JSONL on stdout) made
from corpora/articles, so that a run takes a second or two.

Half the records are new articles made of paragraphs of several articles
(mostly kept); the others are copies of an article, exact or with
paragraphs dropped or shuffled and a few words replaced (duplicates), each
under a fresh id, so every stage of the pipeline, writing included, has
work.  All randomness
comes from random.Random(seed); files are read in sorted order.

usage: killtest_gen.py ARTICLES_DIR N [SEED] > out.jsonl
"""
import json
import os
import random
import sys


def load(d):
    arts = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(".txt"):
            continue
        head, _, body = open(os.path.join(d, name), encoding="utf-8").read().partition("\n\n")
        meta = dict(l.split(": ", 1) for l in head.splitlines() if ": " in l)
        paras = [p.strip() for p in body.split("\n\n") if p.strip()]
        arts.append((meta, paras))
    return arts


def main():
    d, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    arts = load(d)
    vocab = sorted({w for _, ps in arts for p in ps for w in p.split() if w.isalpha()})
    out = sys.stdout
    for i in range(n):
        meta, paras = arts[rng.randrange(len(arts))]
        kind = rng.random()
        if kind < 0.45:
            # a new article: paragraphs of several articles (kept, mostly)
            paras = [rng.choice(arts[rng.randrange(len(arts))][1]) for _ in range(rng.randint(3, 8))]
        if 0.45 <= kind < 0.6:
            ps = list(paras)                      # exact copy
        else:
            ps = [p for p in paras if rng.random() > 0.15] or paras[:1]
            if kind > 0.85:
                rng.shuffle(ps)                   # a different article, mostly
            words = "\n\n".join(ps).split(" ")
            for _ in range(max(1, len(words) // 50)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            ps = [" ".join(words)]
        rec = {"id": "k%06d" % i, "title": meta.get("title", ""), "date": meta.get("date", ""),
               "source": "Outlet %d" % rng.randrange(40), "url": meta.get("url", "") + "?v=%d" % i,
               "text": "\n\n".join(ps)}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
