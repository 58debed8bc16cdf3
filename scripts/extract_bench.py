#!/usr/bin/env python3
"""make bench-extract (and part of make bench): reading a crawl and
extracting its articles.

Generates a WARC crawl of EXTRACT_PAGES (3000) news pages with
scripts/gen_pages.py --bench (cached in BENCH_DATA/crawl-PAGES), then
1. build/bench/extract_bench on it, one thread, the best of EXTRACT_ROUNDS
   (3) rounds: MB/s of HTML (the decoded pages) for the WARC record step
   (HTTP, chunked and compressed bodies, charset), article extraction and
   all-text extraction;
2. the whole pipeline, `newsift run -t T` on the crawl for T in 1 and 2
   (EXTRACT_RUNS (3) runs, medians), with --extract article and text, and
   on the same pages as JSONL, with each stage's time from --verbose.
Writes EXTRACT_OUT (results/extract-bench.md).

Usage: scripts/extract_bench.py [BUILD_DIR]
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def log(msg):
    print("extract_bench: " + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    pages = int(os.environ.get("EXTRACT_PAGES", "3000"))
    rounds = os.environ.get("EXTRACT_ROUNDS", "3")
    runs = int(os.environ.get("EXTRACT_RUNS", "3"))
    data = os.environ.get("BENCH_DATA", os.path.join(build, "bench-data"))
    out = os.environ.get("EXTRACT_OUT", "results/extract-bench.md")
    bin_ = os.path.join(build, "newsift")
    bench = os.path.join(build, "bench", "extract_bench")
    d = os.path.join(data, "crawl-%d" % pages)
    warc, jsonl = os.path.join(d, "crawl.warc.gz"), os.path.join(d, "pages.jsonl")
    if not (os.path.exists(warc) and os.path.exists(jsonl)):
        log("generating %d pages into %s" % (pages, d))
        run([sys.executable, "scripts/gen_pages.py", "--out", d, "--count", str(pages), "--bench"])
    html_bytes = os.path.getsize(jsonl)
    log("extract_bench on %s" % warc)
    lines = run([bench, warc, rounds], capture_output=True, text=True).stdout
    steps = {}
    for l in lines.splitlines():
        f = l.split()
        steps[f[0]] = {k: v for k, v in (x.split("=") for x in f[1:])}
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, inp, extra in (("WARC, --extract article", warc, []), ("WARC, --extract text", warc, ["--extract", "text"]),
                                  ("JSONL (the page as text)", jsonl, [])):
            for t in (1, 2):
                secs, stages = [], {}
                for k in range(runs):
                    o = os.path.join(tmp, "o")
                    t0 = time.monotonic()
                    p = run([bin_, "run", "--verbose", "-t", str(t), inp, "-o", o] + extra, capture_output=True, text=True)
                    secs.append(time.monotonic() - t0)
                    for m in re.finditer(r"stage (\w+): ([0-9.]+) s", p.stderr):
                        stages.setdefault(m.group(1), []).append(float(m.group(2)))
                timings.append((label, t, statistics.median(secs), {k: statistics.median(v) for k, v in stages.items()}))
                log("%s -t %d: %.2f s" % (label, t, timings[-1][2]))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "src", "include"], capture_output=True, text=True).stdout.strip()
    prov = subprocess.run(["sh", "scripts/provenance.sh"], capture_output=True, text=True).stdout.strip()
    w = []
    w.append("# Reading crawls: WARC records and article extraction, measured\n")
    w.append("Command: `make bench-extract` (scripts/extract_bench.py; EXTRACT_PAGES=%d).  " % pages)
    w.append("Commit: %s%s.  " % (commit, " with changes to src/ or include/" if dirty else ""))
    w.append(prov.replace("\n", "  ") + "\n")
    w.append("The crawl: %d generated news pages (scripts/gen_pages.py --bench: 18 site layouts, median page about "
             "100 KB, about half of it scripts and styles), %.1f MB of HTML, as one WARC file of gzip members "
             "(%.1f MB) with request, metadata and non-page records beside the pages.\n"
             % (pages, html_bytes / 1e6, os.path.getsize(warc) / 1e6))
    w.append("## One thread, the library's steps (`build/bench/extract_bench`, best of %s rounds)\n" % rounds)
    w.append("| step | pages | MB of HTML | seconds | MB/s of HTML |")
    w.append("|---|---:|---:|---:|---:|")
    names = {"record": "WARC record to page (HTTP, decoding, charset)", "article": "article extraction (`--extract article`)",
             "text": "all visible text (`--extract text`)"}
    for k in ("record", "article", "text"):
        s = steps[k]
        w.append("| %s | %s | %.1f | %.3f | **%s** |" % (names[k], s["pages"], int(s["html_bytes"]) / 1e6,
                                                          float(s["seconds"]), s["mb_per_s"]))
    w.append("\nThe MB/s count the HTML bytes of the pages after decoding (the text each step starts from), "
             "per core: one thread, nothing else running.\n")
    w.append("## The whole run (`newsift run --verbose -t T`, medians of %d)\n" % runs)
    w.append("| input | threads | wall s | read stage s | dedup s | stories s | MB/s of HTML, wall |")
    w.append("|---|---:|---:|---:|---:|---:|---:|")
    for label, t, s, st in timings:
        w.append("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f |" % (label, t, s, st.get("read", 0), st.get("dedup", 0),
                                                                   st.get("stories", 0), html_bytes / 1e6 / s))
    w.append("\nThe read stage holds the WARC framing, record parsing, charset conversion, article extraction and "
             "cleaning; the stages after it see the articles only.\n")
    with open(out, "w") as f:
        f.write("\n".join(w) + "\n")
    log("wrote " + out)


if __name__ == "__main__":
    main()
