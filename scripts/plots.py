#!/usr/bin/env python3
"""Pictures of newsift's measurements, drawn with gnuplot.

  plots.py bench [RESULTS.json]   throughput against corpus size and threads, from
                                  the results of the last `make bench`
                                  (BENCH_DATA/bench-results.json) ->
                                  results/bench-throughput.png
  plots.py eval BIN               sweeps on the shared sets (../shared/data, read
                                  in place; skipped when absent):
                                  duplicate precision and recall against
                                  --threshold -> results/dup-threshold.png,
                                  story ARI against --story-merge ->
                                  results/story-merge.png

Each picture's numbers, the commands that made them, the commit, date and
machine go into results/plots.md (one section per picture, rewritten when
its picture is).  gnuplot comes from Debian's gnuplot-nox (scripts/deps.sh).
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

RESULTS = os.environ.get("PLOTS_OUT", "results")
DATA = os.environ.get("NEWSIFT_DATA", "../shared/data")
NOTES = os.path.join(RESULTS, "plots.md")

THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
MERGES = [0.05, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30, 0.40]

TERMINAL = 'set terminal pngcairo size 960,600 font "DejaVu Sans,12" linewidth 2\n'


def sh(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def provenance():
    here = os.path.dirname(os.path.abspath(__file__))
    return sh(["sh", os.path.join(here, "provenance.sh")]).strip()


def commit():
    try:
        c = sh(["git", "rev-parse", "--short", "HEAD"]).strip()
        dirty = sh(["git", "status", "--porcelain", "--untracked-files=no"]).strip()
        return c + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def gnuplot(script, out):
    if not shutil.which("gnuplot"):
        sys.exit("plots: gnuplot not found (Debian package gnuplot-nox; scripts/deps.sh installs it)")
    tmp = out + ".tmp"
    subprocess.run(["gnuplot"], input=TERMINAL + 'set output "%s"\n' % tmp + script, text=True, check=True)
    os.replace(tmp, out)
    print("plots: wrote", out)


def datablock(name, rows):
    return "$%s << EOD\n%s\nEOD\n" % (name, "\n".join(" ".join(str(x) for x in r) for r in rows))


def write_section(title, body):
    """Replace the section `## title` of results/plots.md (or add it)."""
    head = ("# Pictures\n\nWritten by `scripts/plots.py` (`make bench` draws the throughput, `make eval` the\n"
            "quality sweeps) with gnuplot; each section says how its picture was made.\n\n")
    text = open(NOTES).read() if os.path.exists(NOTES) else head
    sections = re.split(r"(?m)^(?=## )", text)
    new = "## %s\n\n%s\n" % (title, body.rstrip() + "\n")
    out, done = [], False
    for s in sections:
        if s.startswith("## " + title + "\n"):
            out.append(new)
            done = True
        else:
            out.append(s if s.endswith("\n\n") else s + "\n")
    if not done:
        out.append(new)
    with open(NOTES + ".tmp", "w") as f:
        f.write("".join(out).rstrip() + "\n")
    os.replace(NOTES + ".tmp", NOTES)


def bench(path):
    if not os.path.exists(path):
        sys.exit("plots: %s not found; run `make bench` first" % path)
    r = json.load(open(path))
    # median MB/s of each (mode, threads) at each size
    series = {}
    for (size, mode, threads), runs in r["results"]:
        ok = [x for x in runs if x.get("rc") == 0 and x.get("wall")]
        if not ok:
            continue
        mbs = statistics.median(x["input_bytes"] / 1e6 / x["wall"] for x in ok)
        series.setdefault((mode, threads), []).append((size, round(mbs, 1), len(ok)))
    if not series:
        sys.exit("plots: no successful runs in " + path)
    blocks, plots, table = "", [], []
    for i, ((mode, threads), pts) in enumerate(sorted(series.items())):
        pts.sort()
        blocks += datablock("s%d" % i, [(s, m) for s, m, _ in pts])
        plots.append('$s%d using 1:2 with linespoints pt 7 title "%s, %d thread%s"' %
                     (i, mode, threads, "" if threads == 1 else "s"))
        for s, m, n in pts:
            table.append("| %s | %d | %s | %.1f | %d |" % (mode, threads, f"{s:,}", m, n))
    script = blocks + """
set title "newsift throughput (median MB/s of uncompressed JSONL, %s)"
set xlabel "corpus size (articles)"
set ylabel "MB/s"
set logscale x
set format x "%%.0s%%c"
set grid
set key outside right
set yrange [0:*]
plot %s
""" % (r.get("date", "?"), ", ".join(plots))
    out = os.path.join(RESULTS, "bench-throughput.png")
    gnuplot(script, out)
    body = ("![throughput](bench-throughput.png)\n\n"
            "`python3 scripts/plots.py bench %s` (the last step of `make bench`), from the runs of\n"
            "`scripts/bench.py` (commands and conditions in [bench.md](bench.md)): newsift %s, commit %s,\n"
            "run on %s; the corpora are generated by `scripts/gen_corpus.py`. `full` is the whole\n"
            "pipeline, `dedup-only` stops after the duplicates, `clusters-only` also writes no\n"
            "deduplicated dump. Picture drawn at commit %s.\n%s\n\n"
            "| mode | threads | articles | MB/s (median) | runs |\n|---|---:|---:|---:|---:|\n%s\n" %
            (path, r.get("version", "?").split()[-1], r.get("head", "?"), r.get("date", "?"), commit(),
             provenance(), "\n".join(table)))
    write_section("Throughput against corpus size and threads", body)


def run_eval(bin_, args, articles, gold, tmp):
    out = os.path.join(tmp, "o")
    subprocess.run([bin_, "run", "-q", "--no-dump"] + args + [articles, "-o", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(sh([bin_, "eval", "--json", os.path.join(out, "clusters.tsv"), gold]))


def evals(bin_):
    if not os.path.isdir(os.path.join(DATA, "syndication-dev")):
        print("plots: %s not found; skipping the quality sweeps" % DATA)
        return
    tmp = tempfile.mkdtemp(prefix="newsift-plots.")
    try:
        # duplicates: precision and recall against --threshold
        sets = [s for s in ("syndication-dev", "multinews-val", "bbc") if os.path.isdir(os.path.join(DATA, s))]
        blocks, plots, table = "", [], []
        for i, s in enumerate(sets):
            rows = []
            for t in THRESHOLDS:
                e = run_eval(bin_, ["--dedup-only", "--threshold", str(t)], os.path.join(DATA, s, "articles.jsonl"),
                             os.path.join(DATA, s, "gold.tsv"), tmp)
                d = e["dup"]
                rows.append((t, "%.4f" % d["precision"], "%.4f" % d["recall"]))
                table.append("| %s | %.2f | %.4f | %.4f | %.4f |" % (s, t, d["precision"], d["recall"], d["f1"]))
            blocks += datablock("d%d" % i, rows)
            plots.append('$d%d using 1:2 with linespoints pt 7 dt 1 lc %d title "%s precision"' % (i, i + 1, s))
            plots.append('$d%d using 1:3 with linespoints pt 5 dt 2 lc %d title "%s recall"' % (i, i + 1, s))
        script = blocks + """
set title "Duplicate pairs: precision and recall against --threshold (other options at their defaults)"
set xlabel "--threshold (Jaccard of word shingles)"
set ylabel "pairwise precision / recall"
set grid
set key outside right
set yrange [*:1.01]
set arrow from 0.5, graph 0 to 0.5, graph 1 nohead dt 3 lc rgb "gray"
set label "default" at 0.505, graph 0.05 tc rgb "gray"
plot %s
""" % ", ".join(plots)
        gnuplot(script, os.path.join(RESULTS, "dup-threshold.png"))
        body = ("![duplicate precision and recall against the threshold](dup-threshold.png)\n\n"
                "For each set and T in %s: `newsift run -q --no-dump --dedup-only --threshold T\n"
                "%s/SET/articles.jsonl -o OUT`, then `newsift eval --json OUT/clusters.tsv SET/gold.tsv`\n"
                "(duplicate level). Containment and sentence alignment stay at their defaults, so recall\n"
                "below the Jaccard threshold comes from them. Commit %s.\n%s\n\n"
                "| set | threshold | precision | recall | F1 |\n|---|---:|---:|---:|---:|\n%s\n" %
                (" ".join(str(t) for t in THRESHOLDS), DATA, commit(), provenance(), "\n".join(table)))
        write_section("Duplicate precision and recall against the threshold", body)

        # stories: ARI against --story-merge
        sets = [s for s in ("multinews-val", "syndication-dev", "multiling2011/en", "multiling2011/fr")
                if os.path.isdir(os.path.join(DATA, s))]
        blocks, plots, table = "", [], []
        for i, s in enumerate(sets):
            rows = []
            for m in MERGES:
                e = run_eval(bin_, ["--story-merge", str(m)], os.path.join(DATA, s, "articles.jsonl"),
                             os.path.join(DATA, s, "gold.tsv"), tmp)
                st = e["story"]
                rows.append((m, "%.4f" % st["ari"]))
                table.append("| %s | %.2f | %.4f | %.4f |" % (s, m, st["ari"], st["f1"]))
            blocks += datablock("m%d" % i, rows)
            plots.append('$m%d using 1:2 with linespoints pt 7 title "%s"' % (i, s))
        script = blocks + """
set title "Stories: adjusted Rand index against --story-merge (other options at their defaults)"
set xlabel "--story-merge (similarity two stories need to merge, at 600 articles)"
set ylabel "story ARI"
set grid
set key outside right
set yrange [0:1.02]
set arrow from 0.15, graph 0 to 0.15, graph 1 nohead dt 3 lc rgb "gray"
set label "default" at 0.155, graph 0.05 tc rgb "gray"
plot %s
""" % ", ".join(plots)
        gnuplot(script, os.path.join(RESULTS, "story-merge.png"))
        body = ("![story ARI against the merge threshold](story-merge.png)\n\n"
                "For each set and S in %s: `newsift run -q --no-dump --story-merge S\n"
                "%s/SET/articles.jsonl -o OUT`, then `newsift eval --json OUT/clusters.tsv SET/gold.tsv`\n"
                "(story level). The level moves with the number of kept articles (`--story-merge-articles`),\n"
                "so S is the level at 600 articles. Commit %s.\n%s\n\n"
                "| set | story-merge | ARI | pairwise F1 |\n|---|---:|---:|---:|\n%s\n" %
                (" ".join(str(m) for m in MERGES), DATA, commit(), provenance(), "\n".join(table)))
        write_section("Story ARI against the merge threshold", body)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    if len(argv) >= 2 and argv[1] == "bench":
        bench(argv[2] if len(argv) > 2 else os.path.join(os.environ.get("BENCH_DATA", "build/bench-data"),
                                                          "bench-results.json"))
    elif len(argv) == 3 and argv[1] == "eval":
        evals(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
