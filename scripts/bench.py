#!/usr/bin/env python3
"""make bench: speed and memory of newsift on generated corpora.

For each size in BENCH_SIZES the corpus (JSONL.gz) and its gold file are made
once by scripts/gen_corpus.py and cached under BENCH_DATA (default
build/bench-data/, never committed); they are made again when the generator
file or the seed changes.  Then `newsift run` (the whole pipeline) and
`newsift run --dedup-only` (also with --no-dump: "clusters-only", read to
clusters.tsv without the deduplicated dump) run under /usr/bin/time with each thread count,
repeated, interleaved (rep 1 of every configuration, then rep 2, ...) so
that slow phases of a noisy machine spread over all of them.  Each run reads
report.json ("input_bytes", "counts", "timings"); wall time and peak RSS
come from /usr/bin/time -f '%e %M'.  The duplicate level of the last run of
each size and mode is scored against the gold with `newsift eval --level
dup`, and the clusters.tsv of all runs of one size and mode are compared
(the output must not depend on the thread count).  Writes BENCH_OUT
(default results/bench.md) with the exact commands.

The binary is copied to BENCH_DATA/newsift-bench first, so a rebuild in the
middle of the benchmark does not change what is measured.

Environment (defaults in brackets):
  BENCH_SIZES               corpus sizes [100000 1000000]
  BENCH_SEED                generator seed [1]
  BENCH_THREADS             thread counts [1 2]
  BENCH_RUNS                runs per configuration [3]
  BENCH_LARGE               sizes above this are "large" [200000]
  BENCH_RUNS_LARGE          runs per configuration of a large size [3]
  BENCH_LARGE_FULL_THREADS  thread counts of the full pipeline on a large
                            size [1 2] (the dedup-only runs use BENCH_THREADS)
  BENCH_MODES               modes to run [full dedup-only clusters-only]
  BENCH_TIMEOUT             seconds before a run is stopped [3600]
  BENCH_MEM_LIMIT_KB        address-space limit of a run (ulimit -v) [0 = none].
                            newsift maps its spill files (the cleaned texts,
                            about the size of the JSONL), which counts in the
                            address space, so a limit near MemTotal would
                            stop the large runs that fit in memory
  BENCH_DATA, BENCH_OUT     see above

Usage: scripts/bench.py [--data-only] [BIN]
"""

import hashlib
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TIME = "/usr/bin/time"
# clusters-only is the dedup stage as the speed target times it: read .jsonl.gz to
# clusters.tsv, without compressing the deduplicated dump
MODES = (("full", []), ("dedup-only", ["--dedup-only"]), ("clusters-only", ["--dedup-only", "--no-dump"]))


def env_list(name, default):
    return [int(x) for x in os.environ.get(name, default).split()]


def env_int(name, default):
    return int(os.environ.get(name, default))


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def meminfo_kb(key):
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def git(*args):
    try:
        return subprocess.run(["git"] + list(args), capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def proc_status_kb(pid, keys=("RssAnon", "RssFile")):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in keys:
                    out[k] = int(v.split()[0])
    except (OSError, ValueError):
        pass
    return out


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except (OSError, ValueError):
        return []


def run_timed(cmd, mem_kb, timeout, stdout=subprocess.DEVNULL, sample=0.05):
    """Run cmd under /usr/bin/time; return (rc, wall, peak_kb, stderr, peak_anon_kb).

    peak_kb is the peak RSS (/usr/bin/time), which counts the pages of the
    spill files newsift maps (its texts), pages the kernel may drop at will;
    peak_anon_kb is the peak of RssAnon sampled every `sample` seconds: the
    memory the process itself holds."""
    tf = os.path.join(DATA, ".time")

    def limit():
        if mem_kb > 0:
            resource.setrlimit(resource.RLIMIT_AS, (mem_kb * 1024, mem_kb * 1024))

    full = [TIME, "-f", "%e %M", "-o", tf] + cmd
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as ef:
        p = subprocess.Popen(full, stdout=stdout, stderr=ef, preexec_fn=limit, start_new_session=True)
        anon = 0
        timed_out = False
        while p.poll() is None:
            for c in children(p.pid):
                anon = max(anon, proc_status_kb(c).get("RssAnon", 0))
            if timeout and time.monotonic() - t0 > timeout:
                os.killpg(p.pid, signal.SIGTERM)  # the session of this run only
                p.wait()
                timed_out = True
                break
            time.sleep(sample)
        ef.seek(0)
        err = ef.read().decode("utf-8", "replace")
    if timed_out:
        return None, time.monotonic() - t0, None, err + "\n(timeout)", None
    wall, peak = None, None
    try:
        with open(tf) as f:
            last = f.read().strip().splitlines()[-1].split()
        wall, peak = float(last[0]), int(last[1])
    except (OSError, IndexError, ValueError):
        pass
    return p.returncode, wall, peak, err, anon or None


def ensure_corpus(n, seed, gen_sha):
    base = os.path.join(DATA, "news-%d-s%d" % (n, seed))
    data, gold, meta_path = base + ".jsonl.gz", base + ".gold.tsv", base + ".meta.json"
    try:
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("generator_sha256") == gen_sha and os.path.exists(data) and os.path.exists(gold):
            log("using cached %s" % data)
            return data, gold, meta
    except (OSError, ValueError):
        pass
    cmd = [sys.executable, "scripts/gen_corpus.py", "-n", str(n), "--seed", str(seed), "--out", data,
           "--gold", gold]
    log("generating %d articles: %s" % (n, " ".join(cmd)))
    rc, wall, peak, err, _ = run_timed(cmd, 0, None)
    if rc != 0:
        sys.exit("bench: generator failed (%s):\n%s" % (rc, err))
    summary = err.strip().splitlines()[-1] if err.strip() else ""
    meta = {"generator_sha256": gen_sha, "command": " ".join(cmd[1:]), "seconds": wall,
            "peak_rss_kb": peak, "summary": summary, "gz_bytes": os.path.getsize(data),
            "cpu": cpu_model(), "load_before": None}
    with open(meta_path + ".tmp", "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(meta_path + ".tmp", meta_path)
    log(summary)
    return data, gold, meta


def fmt_s(x):
    return "%.1f" % x if x >= 10 else "%.2f" % x


def main(argv):
    global DATA
    data_only = "--data-only" in argv
    report_only = "--report-only" in argv
    argv = [a for a in argv if a not in ("--data-only", "--report-only")]
    binary = argv[0] if argv else "build/newsift"
    sizes = env_list("BENCH_SIZES", "100000 1000000")
    seed = env_int("BENCH_SEED", 1)
    threads = env_list("BENCH_THREADS", "1 2")
    runs = env_int("BENCH_RUNS", 3)
    large = env_int("BENCH_LARGE", 200000)
    runs_large = env_int("BENCH_RUNS_LARGE", 3)
    large_full_threads = env_list("BENCH_LARGE_FULL_THREADS", "1 2")
    timeout = env_int("BENCH_TIMEOUT", 3600)
    global MODES
    want = os.environ.get("BENCH_MODES", " ".join(m for m, _ in MODES)).split()
    unknown = [m for m in want if m not in dict(MODES)]
    if unknown:
        sys.exit("bench: unknown BENCH_MODES %s (modes: %s)" % (" ".join(unknown), " ".join(m for m, _ in MODES)))
    MODES = tuple((m, f) for m, f in MODES if m in want)
    mem_kb = env_int("BENCH_MEM_LIMIT_KB", 0)
    DATA = os.environ.get("BENCH_DATA", "build/bench-data")
    out_md = os.environ.get("BENCH_OUT", "results/bench.md")
    os.makedirs(os.path.join(DATA, "out"), exist_ok=True)
    if report_only:
        write_md(out_md, **load_state(os.path.join(DATA, "bench-results.json")))
        log("wrote %s" % out_md)
        return 0

    if not os.access(TIME, os.X_OK):
        log("%s missing: running scripts/deps.sh" % TIME)
        subprocess.run(["sh", "scripts/deps.sh"], check=True)

    t_start = time.time()
    gen_sha = sha256_file("scripts/gen_corpus.py")
    corpora = {n: ensure_corpus(n, seed, gen_sha) for n in sizes}
    if data_only:
        return 0

    # a private copy of the binary: rebuilds during the benchmark do not matter
    bench_bin = os.path.join(DATA, "newsift-bench")
    shutil.copy2(binary, bench_bin + ".tmp")
    os.replace(bench_bin + ".tmp", bench_bin)
    version = subprocess.run([bench_bin, "--version"], capture_output=True, text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src", "include", "Makefile")
    load_start = loadavg()

    # the plan: (size, mode, threads, reps)
    plan = []
    for n in sizes:
        reps = runs if n <= large else runs_large
        for mode, _ in MODES:
            ts = large_full_threads if (mode == "full" and n > large) else threads
            for t in ts:
                plan.append((n, mode, t, reps))
    results = {}   # (n, mode, t) -> list of run dicts
    problems = []
    for n in sizes:
        data = corpora[n][0]
        cfgs = [p for p in plan if p[0] == n]
        for rep in range(max(p[3] for p in cfgs)):
            for (_, mode, t, reps) in cfgs:
                if rep >= reps:
                    continue
                flags = dict(MODES)[mode]
                outdir = os.path.join(DATA, "out", "%d-%s-t%d" % (n, mode, t))
                shutil.rmtree(outdir, ignore_errors=True)
                cmd = [bench_bin, "run", "-q", "-t", str(t)] + flags + [data, "-o", outdir]
                la = loadavg()
                log("%d %s -t %d, run %d/%d (load %s)" % (n, mode, t, rep + 1, reps, la))
                rc, wall, peak, err, anon = run_timed(cmd, mem_kb, timeout)
                r = {"rc": rc, "wall": wall, "peak_kb": peak, "peak_anon_kb": anon, "load": la, "cmd": cmd}
                if rc == 0:
                    with open(os.path.join(outdir, "report.json")) as f:
                        rep_json = json.load(f)
                    r["timings"] = rep_json["timings"]
                    r["input_bytes"] = rep_json["input_bytes"]
                    r["read"] = rep_json["counts"]["read"]
                    r["counts"] = rep_json["counts"]
                    r["clusters_sha"] = sha256_file(os.path.join(outdir, "clusters.tsv"))
                    log("  %.1f s, peak RSS %.0f MB" % (wall, peak / 1024))
                else:
                    msg = "%s -> exit %s after %.0f s: %s" % (" ".join(cmd), rc, wall or 0,
                                                               " | ".join(err.strip().splitlines()[-5:]))
                    problems.append(msg)
                    log("  FAILED: " + msg)
                results.setdefault((n, mode, t), []).append(r)

    # duplicate-level quality, and the same clusters for every thread count
    evals = {}
    determinism = {}
    for n in sizes:
        gold = corpora[n][1]
        for mode, _ in MODES:
            shas, nruns, ts = set(), 0, set()
            last_ok = None
            for (nn, m, t), rs in sorted(results.items()):
                if nn == n and m == mode:
                    for r in rs:
                        if r["rc"] == 0:
                            shas.add(r["clusters_sha"])
                            nruns += 1
                            ts.add(t)
                            last_ok = t
            determinism[(n, mode)] = {"distinct": len(shas), "runs": nruns, "threads": sorted(ts)}
            if last_ok is None:
                continue
            clusters = os.path.join(DATA, "out", "%d-%s-t%d" % (n, mode, last_ok), "clusters.tsv")
            ev = subprocess.run([bench_bin, "eval", "--level", "dup", clusters, gold], capture_output=True,
                                text=True)
            evals[(n, mode)] = (last_ok, ev.stdout.rstrip() or ev.stderr.rstrip())

    state = {"sizes": sizes, "seed": seed, "threads": threads, "corpora": corpora, "plan": plan,
             "results": results, "evals": evals, "determinism": determinism, "problems": problems,
             "version": version, "head": head, "dirty": dirty, "load_start": load_start, "load_end": loadavg(),
             "elapsed": time.time() - t_start, "mem_kb": mem_kb, "binary": binary, "timeout": timeout,
             "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()) + " UTC"}
    save_state(os.path.join(DATA, "bench-results.json"), state)
    write_md(out_md, **state)
    log("wrote %s (raw numbers in %s)" % (out_md, os.path.join(DATA, "bench-results.json")))
    return 1 if problems else 0


def save_state(path, st):
    """The raw numbers, so that --report-only can write the report again."""
    js = dict(st)
    js["corpora"] = [[n, v] for n, v in st["corpora"].items()]
    js["results"] = [[list(k), v] for k, v in st["results"].items()]
    js["evals"] = [[list(k), list(v)] for k, v in st["evals"].items()]
    js["determinism"] = [[list(k), v] for k, v in st["determinism"].items()]
    with open(path + ".tmp", "w") as f:
        json.dump(js, f, indent=1)
    os.replace(path + ".tmp", path)


def load_state(path):
    with open(path) as f:
        js = json.load(f)
    js["corpora"] = {n: tuple(v) for n, v in js["corpora"]}
    js["plan"] = [tuple(p) for p in js["plan"]]
    js["results"] = {tuple(k): v for k, v in js["results"]}
    js["evals"] = {tuple(k): tuple(v) for k, v in js["evals"]}
    js["determinism"] = {tuple(k): v for k, v in js["determinism"]}
    return js


def med(xs):
    return statistics.median(xs) if xs else None


def write_md(path, sizes, seed, threads, corpora, plan, results, evals, determinism, problems, version, head, dirty,
             load_start, load_end, elapsed, mem_kb, binary, timeout, date):
    L = []
    w = L.append
    w("# Benchmark: speed and memory on generated corpora")
    w("")
    w("Written by `scripts/bench.py` (`make bench`) on %s; %s, commit %s%s." % (
        date, version, head,
        " with uncommitted changes in src/, include/ or the Makefile" if dirty else ""))
    w("Machine: %s, %d cores, %.1f GiB RAM, Linux %s, %s. Load average %s at the start, %s at the end;"
      % (cpu_model(), os.cpu_count(), meminfo_kb("MemTotal") / 1048576, platform.release(),
         subprocess.run(["cc", "--version"], capture_output=True, text=True).stdout.splitlines()[0],
         load_start, load_end))
    w("the machine is shared and noisy (other work ran at the same time), so differences of 10%% or less are "
      "not significant. Whole benchmark: %.0f min." % (elapsed / 60))
    w("")
    w("## Corpora")
    w("")
    w("Made by `scripts/gen_corpus.py` (Zipf pseudo-word text; 15% syndicated near copies, 3% exact copies; "
      "see its header) and cached under `build/bench-data/`.")
    w("")
    w("| articles | command | JSONL.gz | generation | generator peak RSS |")
    w("|---:|---|---:|---|---:|")
    for n in sizes:
        _, _, meta = corpora[n]
        w("| %s | `python3 %s` | %.0f MB | %s s: %s | %.0f MB |" % (
            "{:,}".format(n), meta["command"], meta["gz_bytes"] / 1e6,
            fmt_s(meta["seconds"]) if meta["seconds"] else "?", meta["summary"].replace("gen_corpus: ", ""),
            (meta["peak_rss_kb"] or 0) / 1024))
    w("")
    w("## Runs")
    w("")
    w("Each run: `/usr/bin/time -f '%%e %%M' newsift run -q -t T [--dedup-only [--no-dump]] CORPUS -o OUT` "
      "(modes: full; dedup-only = `--dedup-only`, which still writes every output including deduped.jsonl.gz; "
      "clusters-only = `--dedup-only --no-dump`, the dedup stage as the speed target times it, from .jsonl.gz to "
      "clusters.tsv without compressing the deduplicated dump) "
      "(OUT removed before each run; address space limited to %s). Runs per configuration:" %
      ("%.1f GiB" % (mem_kb / 1048576) if mem_kb else "no limit"))
    for n in sizes:
        cf = ["%s -t %d: %d" % (m, t, reps) for (nn, m, t, reps) in plan if nn == n]
        w("%s articles: %s." % ("{:,}".format(n), ", ".join(cf)))
    w("Runs were interleaved (one run of each configuration, then the next). Values are medians; "
      "wall time also as min-max.")
    w("MB/s = uncompressed JSONL (`input_bytes` of report.json) / wall time. Peak RSS (/usr/bin/time) counts "
      "the resident pages of the spill files newsift maps (its cleaned texts), which the kernel may drop at "
      "will; peak anonymous memory (RssAnon of /proc/PID/status, sampled every 50 ms) is what the process "
      "holds itself; bytes/article = peak anonymous / articles.")
    w("")
    w("| articles | mode | threads | runs | wall s (min-max) | MB/s | articles/s | peak RSS MB | peak anonymous MB "
      "| anonymous bytes/article | load before |")
    w("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for (n, mode, t, reps) in plan:
        rs = [r for r in results.get((n, mode, t), []) if r["rc"] == 0]
        fails = len(results.get((n, mode, t), [])) - len(rs)
        if not rs:
            w("| %s | %s | %d | 0 of %d | failed | | | | | | |" % ("{:,}".format(n), mode, t, reps))
            continue
        walls = [r["wall"] for r in rs]
        mw = med(walls)
        pk = med([r["peak_kb"] for r in rs])
        an = med([r.get("peak_anon_kb") or 0 for r in rs])
        w("| %s | %s | %d | %d%s | %s (%s-%s) | %.1f | %s | %.0f | %.0f | %s | %.1f |" % (
            "{:,}".format(n), mode, t, len(rs), " (+%d failed)" % fails if fails else "", fmt_s(mw),
            fmt_s(min(walls)), fmt_s(max(walls)), rs[0]["input_bytes"] / 1e6 / mw,
            "{:,.0f}".format(rs[0]["read"] / mw), pk / 1024, an / 1024, "{:,.0f}".format(an * 1024 / rs[0]["read"]),
            med([float(r["load"].split()[0]) for r in rs])))
    w("")
    w("\"load before\" is the median 1-minute load average when the runs started (2 cores: above about 0.5, "
      "other work competed with the run).")
    w("")
    # marginal memory per article between two sizes
    if len(sizes) >= 2:
        lo, hi = min(sizes), max(sizes)
        lines = []
        for mode, _ in MODES:
            for t in sorted(set(threads) | {2}):
                a = [r for r in results.get((lo, mode, t), []) if r["rc"] == 0]
                b = [r for r in results.get((hi, mode, t), []) if r["rc"] == 0]
                if a and b:
                    pa = med([r.get("peak_anon_kb") or 0 for r in a])
                    pb = med([r.get("peak_anon_kb") or 0 for r in b])
                    lines.append("%s -t %d: %s bytes per article (%.0f MB at %s, %.0f MB at %s)" % (
                        mode, t, "{:,.0f}".format((pb - pa) * 1024 / (b[0]["read"] - a[0]["read"])),
                        pa / 1024, "{:,}".format(lo), pb / 1024, "{:,}".format(hi)))
        if lines:
            w("Memory per additional article (peak anonymous memory difference between %s and %s articles / "
              "difference in articles): " % ("{:,}".format(lo), "{:,}".format(hi)) + "; ".join(lines) + ".")
            w("")
    w("The memory target is at most 300 bytes per article beyond a bounded streaming window. The texts, "
      "boilerplate line keys and LSH band keys are in spill files (mapped or read back); what each article "
      "keeps in memory through a dedup run is its 72-byte store record, its id, its short lines' occurrences "
      "(for boilerplate learning, freed after it) and its stages' values (about 60 bytes), plus transients of the LSH stage (each thread sorts one band: 32 bytes "
      "per article). A full run adds the story stage: a frequency table, every kept article's compact "
      "story vector (about 1.5 KB on these texts) and a candidate index (its `story_stats` in report.json), "
      "plus a cache of the first pass's count vectors of up to a quarter of the memory available. The "
      "per-article figures above are the measurement.")
    w("")
    # stage timings and speedups
    stages = None
    for rs in results.values():
        for r in rs:
            if r["rc"] == 0:
                stages = [k for k in r["timings"] if k != "total"]
                break
        if stages:
            break
    if stages:
        w("## Time per stage")
        w("")
        w("Median seconds per stage from report.json's `timings` (\"other\" = wall time - sum of the stages: "
          "start-up, freeing memory, exit); speedup = 1-thread / 2-thread median of the same benchmark.")
        w("")
        for n in sizes:
            for mode, _ in MODES:
                ts = [t for (nn, m, t, _) in plan if nn == n and m == mode]
                cols = []
                for t in ts:
                    rs = [r for r in results.get((n, mode, t), []) if r["rc"] == 0]
                    if rs:
                        cols.append((t, rs))
                if not cols:
                    continue
                w("### %s articles, %s" % ("{:,}".format(n), mode))
                w("")
                hdr = "| stage | " + " | ".join("-t %d s" % t for t, _ in cols)
                sep = "|---|" + "---:|" * len(cols)
                sp = len(cols) >= 2 and cols[0][0] == 1
                if sp:
                    hdr += " | speedup -t %d / -t 1" % cols[-1][0]
                    sep += "---:|"
                w(hdr + " |")
                w(sep)
                for st in stages + ["other", "wall"]:
                    vals = []
                    for t, rs in cols:
                        if st == "wall":
                            vals.append(med([r["wall"] for r in rs]))
                        elif st == "other":
                            vals.append(med([r["wall"] - r["timings"]["total"] for r in rs]))
                        else:
                            vals.append(med([r["timings"][st] for r in rs]))
                    if st not in ("other", "wall") and all(v == 0 for v in vals):
                        continue
                    row = "| %s | " % (("**%s**" % st) if st == "wall" else st) + " | ".join("%.2f" % v for v in vals)
                    if sp:
                        row += " | %s" % ("%.2f" % (vals[0] / vals[-1]) if vals[-1] > 0.005 else "-")
                    w(row + " |")
                w("")
    if stages and len(sizes) >= 2:
        lo, hi = min(sizes), max(sizes)
        cols = []
        for mode, _ in MODES:
            for t in threads:
                a = [r for r in results.get((lo, mode, t), []) if r["rc"] == 0]
                b = [r for r in results.get((hi, mode, t), []) if r["rc"] == 0]
                if a and b:
                    cols.append((mode, t, a, b))
        if cols:
            w("### Scaling from %s to %s articles" % ("{:,}".format(lo), "{:,}".format(hi)))
            w("")
            w("Median time at %s articles / median time at %s articles, per stage (linear = %.1f; "
              "stages under 0.05 s at the small size left out)." % ("{:,}".format(hi), "{:,}".format(lo), hi / lo))
            w("")
            w("| stage | " + " | ".join("%s -t %d" % (m, t) for m, t, _, _ in cols) + " |")
            w("|---|" + "---:|" * len(cols))
            for st in stages + ["wall"]:
                cells = []
                for m, t, a, b in cols:
                    if st == "wall":
                        va, vb = med([r["wall"] for r in a]), med([r["wall"] for r in b])
                    else:
                        va, vb = med([r["timings"][st] for r in a]), med([r["timings"][st] for r in b])
                    cells.append("%.1f" % (vb / va) if va >= 0.05 else "")
                if any(cells):
                    w("| %s | " % st + " | ".join(cells) + " |")
            w("")
    w("## Quality (duplicate level)")
    w("")
    w("`newsift eval --level dup OUT/clusters.tsv GOLD` on the last run's output; the gold has every "
      "copy in its original's group.")
    w("")
    for (n, mode), (t, text) in sorted(evals.items()):
        w("%s articles, %s (-t %d):" % ("{:,}".format(n), mode, t))
        w("")
        w("```")
        w(text)
        w("```")
        w("")
    w("Same clusters.tsv in every run of one size and mode: " + "; ".join(
        "%s %s: %s" % ("{:,}".format(n), mode,
                       ("yes" if d["distinct"] == 1 else "**no** (%d different)" % d["distinct"]) +
                       " (%d run%s, -t %s)" % (d["runs"], "" if d["runs"] == 1 else "s",
                                               " and ".join(str(t) for t in d["threads"]))
                       if d["runs"] else "no successful run")
        for (n, mode), d in sorted(determinism.items())) + ".")
    w("")
    counts = []
    for n in sizes:
        for (nn, m, t), rs in sorted(results.items()):
            if nn == n and m == "full":
                ok = [r for r in rs if r["rc"] == 0]
                if ok:
                    c = ok[0]["counts"]
                    counts.append("%s articles: %s kept, %s duplicates (%s exact, %s near), %s LSH candidate "
                                  "pairs, %s verified, %s boilerplate lines learned, stories with 2+ articles: %s" % (
                                      "{:,}".format(n), "{:,}".format(c["kept"]), "{:,}".format(c["duplicate"]),
                                      "{:,}".format(c["exact_duplicates"]), "{:,}".format(c["near_duplicates"]),
                                      "{:,}".format(c["lsh_candidate_pairs"]), "{:,}".format(c["verified_pairs"]),
                                      "{:,}".format(c["boilerplate_lines_learned"]),
                                      "{:,}".format(c["multi_article_stories"])))
                    break
    if counts:
        w("Counts of the full runs: " + "; ".join(counts) + ".")
        w("")
    # the profiles and what changed because of them are written by hand
    # (they come from perf profiles, not from this script); shown here so
    # that bench.md has the numbers and their explanation together
    prof = os.path.join(os.path.dirname(path) or ".", "profile.md")
    if os.path.exists(prof):
        w("## Profiles and what changed because of them")
        w("")
        w("From `%s` (hand-written from `perf` profiles; its commands are in it):" % prof)
        w("")
        with open(prof) as f:
            for line in f.read().splitlines():
                if line.startswith("# "):
                    continue
                w(line[1:] if line.startswith("##") else line)
        w("")
    w("## Problems")
    w("")
    if problems:
        for p in problems:
            w("- `%s`" % p)
    else:
        w("None: every run exited with status 0 (timeout %d s per run)." % timeout)
    w("")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(L))
    os.replace(path + ".tmp", path)


DATA = "build/bench-data"

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
