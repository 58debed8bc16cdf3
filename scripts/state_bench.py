#!/usr/bin/env python3
"""make bench (its last step): the cost of a night added to a history.

Takes the first HIST + NIGHT records of a generated corpus (scripts/gen_corpus.py,
cached under BENCH_DATA like the other bench corpora; one corpus of
HIST + NIGHT records made once), then:

  1. night 1: `newsift run --state S` on the first HIST records (the history);
  2. night 2: `newsift run --state S` on the next NIGHT records, on a copy of
     the one-night history, STATE_RUNS times;
  3. batch: `newsift run` on all HIST + NIGHT records, STATE_RUNS times;

each with STATE_THREADS threads, timed from outside (the history's update is
part of the night).  Writes STATE_OUT (default results/state-bench.md): wall
times, night 2 as a share of the batch, and `newsift state stats` of the
two-night history.

Environment (defaults in brackets): STATE_HIST [1000000], STATE_NIGHT [100000],
STATE_RUNS [2], STATE_THREADS [2], BENCH_SEED [1], BENCH_DATA [build/bench-data],
STATE_OUT [results/state-bench.md].

Usage: scripts/state_bench.py [BIN]
"""

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def env_int(name, default):
    return int(os.environ.get(name, default))


def log(msg):
    print("state_bench: " + msg, file=sys.stderr, flush=True)


def git(*args):
    try:
        return subprocess.run(["git"] + list(args), capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def timed(cmd):
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - t0


def main(argv):
    binp = os.path.abspath(argv[1] if len(argv) > 1 else "build/newsift")
    hist, night = env_int("STATE_HIST", 1000000), env_int("STATE_NIGHT", 100000)
    runs, threads, seed = env_int("STATE_RUNS", 2), env_int("STATE_THREADS", 2), env_int("BENCH_SEED", 1)
    data = os.environ.get("BENCH_DATA", "build/bench-data")
    out = os.environ.get("STATE_OUT", "results/state-bench.md")
    os.makedirs(data, exist_ok=True)
    corpus = os.path.join(data, "news-%d-s%d.jsonl.gz" % (hist + night, seed))
    if not os.path.exists(corpus):
        log("generating %s" % corpus)
        subprocess.run([sys.executable, "scripts/gen_corpus.py", "-n", str(hist + night), "--seed", str(seed),
                        "--out", corpus + ".tmp.gz"], check=True)
        os.rename(corpus + ".tmp.gz", corpus)
    head = git("rev-parse", "--short", "HEAD")  # what is measured: the binary as built now
    dirty = git("status", "--porcelain", "src", "include", "Makefile") != ""
    bench_bin = os.path.join(data, "newsift-state-bench")
    shutil.copy2(binp, bench_bin)
    tmp = tempfile.mkdtemp(prefix="newsift-state-bench.", dir=os.environ.get("TMPDIR", "/tmp"))
    try:
        n1, n2, both = (os.path.join(tmp, f) for f in ("night1.jsonl", "night2.jsonl", "all.jsonl"))
        with open(both, "wb") as fa, open(n1, "wb") as f1, open(n2, "wb") as f2:
            z = subprocess.Popen(["gzip", "-dc", corpus], stdout=subprocess.PIPE)
            for i, line in enumerate(z.stdout):
                if i >= hist + night:
                    break
                fa.write(line)
                (f1 if i < hist else f2).write(line)
            z.stdout.close()
            z.wait()
        t = ["-q", "-t", str(threads)]
        st1 = os.path.join(tmp, "st1")
        log("night 1: %d records" % hist)
        w1 = timed([bench_bin, "run"] + t + ["--state", st1, "--run-date", "2026-11-01", n1, "-o", os.path.join(tmp, "o1")])
        w2, wb = [], []
        for r in range(runs):
            st = os.path.join(tmp, "st2")
            shutil.rmtree(st, ignore_errors=True)
            shutil.copytree(st1, st)
            log("night 2, run %d" % (r + 1))
            w2.append(timed([bench_bin, "run"] + t + ["--state", st, "--run-date", "2026-11-02", n2, "-o",
                                                       os.path.join(tmp, "o2")]))
            log("batch, run %d" % (r + 1))
            wb.append(timed([bench_bin, "run"] + t + [both, "-o", os.path.join(tmp, "ob")]))
        stats = subprocess.run([bench_bin, "state", "stats", os.path.join(tmp, "st2")], capture_output=True,
                               text=True, check=True).stdout
        m2, mb = statistics.median(w2), statistics.median(wb)
        cpu = "?"
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip()
                break
        with open(out, "w") as f:
            f.write("# A night added to a history\n\n")
            f.write("Written by `scripts/state_bench.py` (`make bench`) on %s; commit %s; %s, %d cores, "
                    "Linux %s.\n\n" % (time.strftime("%Y-%m-%d", time.gmtime()),
                                       head + (" with uncommitted changes" if dirty else ""), cpu, os.cpu_count(),
                                       platform.release()))
            f.write("Corpus: the first %d records of `%s` (scripts/gen_corpus.py, seed %d). Commands, %d threads:\n\n"
                    % (hist + night, os.path.basename(corpus), seed, threads))
            f.write("```sh\nnewsift run -q -t %d --state S --run-date 2026-11-01 night1.jsonl -o o1   # %d records\n"
                    "newsift run -q -t %d --state S --run-date 2026-11-02 night2.jsonl -o o2   # the next %d\n"
                    "newsift run -q -t %d all.jsonl -o ob                                       # all %d at once\n```\n\n"
                    % (threads, hist, threads, night, threads, hist + night))
            f.write("| run | wall (s) |\n|---|---:|\n")
            f.write("| night 1 (history of %d, written) | %.1f |\n" % (hist, w1))
            f.write("| night 2 (%d records on that history), runs | %s |\n" % (night, " / ".join("%.2f" % x for x in w2)))
            f.write("| batch of all %d, runs | %s |\n" % (hist + night, " / ".join("%.1f" % x for x in wb)))
            f.write("\nNight 2 takes **%.1f%%** of the batch (medians %.2f s and %.1f s).\n\n" % (100 * m2 / mb, m2, mb))
            f.write("`newsift state stats` of the two-night history:\n\n```text\n%s```\n" % stats)
        log("wrote %s: night 2 %.2f s, batch %.1f s (%.1f%%)" % (out, m2, mb, 100 * m2 / mb))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv)
