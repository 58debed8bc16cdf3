#!/usr/bin/env python3
"""Per-article cost of templated reports against ordinary news.

Usage: python3 scripts/templated_bench.py [BIN]   (default build/newsift)

Generates (once, cached in BENCH_DATA, default build/bench-data) two corpora
of TPL_N articles (default 30000) with scripts/gen_corpus.py and seed
TPL_SEED (default 7): ordinary news, and the same with --templated 1.0
(every original a templated report: most words shared, numbers and names
changed).  Runs `BIN run -q -t T` on each TPL_RUNS times (default 3,
alternating) for each T in TPL_THREADS (default "2"), and prints the median
wall time, the per-article ratio templated / ordinary, the LSH candidate
pairs, the median stage timings and the duplicate and story scores against
the generator's gold.  The target is a ratio of at most 2.  Standard
library only.
"""
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def corpus(data, n, seed, templated):
    name = "news-%d-s%d%s" % (n, seed, "-templated" if templated else "")
    path, gold = os.path.join(data, name + ".jsonl.gz"), os.path.join(data, name + ".gold.tsv")
    stamp = os.path.join(data, name + ".gen")
    cmd = [sys.executable, "scripts/gen_corpus.py", "-n", str(n), "--seed", str(seed), "--out", path, "--gold", gold, "-q"]
    if templated:
        cmd += ["--templated", "1.0"]
    with open("scripts/gen_corpus.py", "rb") as f:
        key = repr(cmd) + hashlib.sha256(f.read()).hexdigest()
    try:
        if open(stamp).read() == key and os.path.exists(path) and os.path.exists(gold):
            return path, gold
    except OSError:
        pass
    os.makedirs(data, exist_ok=True)
    subprocess.run(cmd, check=True)
    with open(stamp, "w") as f:
        f.write(key)
    return path, gold


def run(binary, path, threads, out):
    t0 = time.monotonic()
    subprocess.run([binary, "run", "-q", "-t", str(threads), path, "-o", out], check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    with open(os.path.join(out, "report.json")) as f:
        rep = json.load(f)
    return wall, rep


def scores(binary, out, gold):
    r = subprocess.run([binary, "eval", "--json", "--level", "both", os.path.join(out, "clusters.tsv"), gold],
                       check=True, capture_output=True, text=True)
    j = json.loads(r.stdout)
    return j["dup"]["f1"], j["story"]["ari"]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/newsift"
    data = os.environ.get("BENCH_DATA", "build/bench-data")
    n = int(os.environ.get("TPL_N", "30000"))
    seed = int(os.environ.get("TPL_SEED", "7"))
    runs = int(os.environ.get("TPL_RUNS", "3"))
    threads = [int(t) for t in os.environ.get("TPL_THREADS", "2").split()]
    sets = {"ordinary": corpus(data, n, seed, False), "templated": corpus(data, n, seed, True)}
    print("templated_bench: %s, %d articles, seed %d, %d runs, commit %s" % (
        binary, n, seed, runs, subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                              text=True).stdout.strip()))
    with tempfile.TemporaryDirectory(prefix="tpl-bench.") as tmp:
        for t in threads:
            res = {k: [] for k in sets}
            for _ in range(runs):
                for k, (path, _) in sets.items():
                    res[k].append(run(binary, path, t, os.path.join(tmp, k)))
            med = {k: statistics.median(w for w, _ in v) for k, v in res.items()}
            for k, (path, gold) in sets.items():
                rep = res[k][-1][1]
                f1, ari = scores(binary, os.path.join(tmp, k), gold)
                stages = ", ".join("%s %.2f" % (s, statistics.median(r["timings"][s] for _, r in res[k]))
                                   for s in rep["timings"] if s != "total" and rep["timings"][s] >= 0.05)
                print("-t %d %-9s %6.2f s (%s)  candidates %d  dup F1 %.4f  story ARI %.4f" % (
                    t, k, med[k], " ".join("%.2f" % w for w, _ in res[k]), rep["counts"]["lsh_candidate_pairs"],
                    f1, ari))
                print("     stages: " + stages)
            print("-t %d ratio templated / ordinary per article: %.2f (target <= 2)" % (
                t, med["templated"] / med["ordinary"]))


if __name__ == "__main__":
    main()
