#!/usr/bin/env python3
"""Interleaved speed comparison of two newsift binaries on one corpus.

Usage: python3 scripts/ab_speed.py OLD_BIN NEW_BIN CORPUS [RUNS]

For each mode (full, dedup-only, clusters-only = --dedup-only --no-dump) and
thread count (AB_THREADS, default "1 2") it runs OLD and NEW alternately RUNS
times (default 3), so that whatever else loads the machine hits both alike,
and prints the median wall time of each and the median of every stage timer
of report.json.  Standard library only.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MODES = [("full", []), ("dedup-only", ["--dedup-only"]), ("clusters-only", ["--dedup-only", "--no-dump"])]


def run(binary, corpus, threads, extra, out):
    t0 = time.monotonic()
    subprocess.run([binary, "run", "-q", "-t", str(threads)] + extra + [corpus, "-o", out],
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    with open(os.path.join(out, "report.json")) as f:
        return wall, json.load(f)["timings"]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    old, new, corpus = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    threads = [int(t) for t in os.environ.get("AB_THREADS", "1 2").split()]
    with tempfile.TemporaryDirectory(prefix="ab-speed.") as tmp:
        for mode, extra in MODES:
            for t in threads:
                res = {"old": [], "new": []}
                for _ in range(runs):
                    for name, b in (("old", old), ("new", new)):
                        res[name].append(run(b, corpus, t, extra, os.path.join(tmp, name)))
                walls = {k: [w for w, _ in v] for k, v in res.items()}
                line = "%-13s -t %d  old %6.2f s (%s)  new %6.2f s (%s)" % (
                    mode, t, statistics.median(walls["old"]), " ".join("%.2f" % w for w in walls["old"]),
                    statistics.median(walls["new"]), " ".join("%.2f" % w for w in walls["new"]))
                print(line)
                stages = res["old"][0][1].keys()
                parts = []
                for s in stages:
                    if s == "total":
                        continue
                    o = statistics.median(tm[s] for _, tm in res["old"])
                    n = statistics.median(tm[s] for _, tm in res["new"])
                    if max(o, n) >= 0.05:
                        parts.append("%s %.2f/%.2f" % (s, o, n))
                print("    stages old/new: " + ", ".join(parts))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
