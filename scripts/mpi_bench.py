#!/usr/bin/env python3
"""make bench-mpi: newsift-mpi on one machine, 1 to 4 processes.

Runs `mpirun -np P newsift-mpi run -t T` for P in MPI_RANKS and T in
MPI_THREADS on a generated corpus (scripts/gen_corpus.py, as one plain JSONL
file, which newsift-mpi cuts into byte ranges), and plain `newsift run -t T`
beside them, MPI_RUNS times each (medians).  Every run's outputs are
compared with the plain run's (they must be the same bytes).  From rank 0's
--verbose lines it takes each stage's time and the bytes each part sent in
the read stage.  Writes MPI_OUT (default results/mpi-bench.md) and
MPI_JSON (build/mpi-bench.json) with the raw figures.

The page ends with a model of the wall time against the number of
processes for MPI_MODEL_ARTICLES (100 million) articles on a MPI_MODEL_GBIT
(10) Gbit/s network, made from the measured costs per article.

Environment (defaults in brackets): MPI_ARTICLES [100000], MPI_RANKS [1 2 3 4],
MPI_THREADS [1 2], MPI_RUNS [3], MPI_MODE [full; or dedup-only],
BENCH_SEED [1], BENCH_DATA [build/bench-data], MPI_OUT, MPI_JSON.

Usage: scripts/mpi_bench.py [BUILD_DIR]
       scripts/mpi_bench.py --from-json FILE   (the page again from saved figures)
"""

import filecmp
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def log(msg):
    print("mpi_bench: " + msg, file=sys.stderr, flush=True)


def corpus(data, n, seed):
    """The plain JSONL corpus of n articles (made from the bench's gzip one)."""
    base = os.path.join(data, "news-%d-s%d" % (n, seed))
    plain = base + ".jsonl"
    if not os.path.exists(plain):
        gz = base + ".jsonl.gz"
        if not os.path.exists(gz):
            log("generating %s" % gz)
            subprocess.check_call([sys.executable, "scripts/gen_corpus.py", "--articles", str(n), "--seed", str(seed),
                                   "--out", gz, "--gold", base + ".gold.tsv"])
        with gzip.open(gz, "rb") as f, open(plain + ".tmp", "wb") as o:
            shutil.copyfileobj(f, o, 1 << 20)
        os.rename(plain + ".tmp", plain)
    return plain


STAGE = re.compile(r"stage ([a-z]+): ([0-9.]+) s")
PART = re.compile(r"part ([0-9]+): ([0-9]+) units, ([0-9]+) input bytes, ([0-9]+) stream bytes, ([0-9.]+) s")
SKETCH = re.compile(r"part ([0-9]+): ([0-9]+) sketch bytes, ([0-9.]+) s to sketch")
COUNTS = re.compile(r"part ([0-9]+): ([0-9]+) story vector bytes for ([0-9]+) articles")
FREQ = re.compile(r"frequencies of ([0-9]+) articles counted by ([0-9]+) processes: ([0-9]+) term bytes exchanged, ([0-9.]+) s here")
LINK = re.compile(r"story candidates of ([0-9]+) articles found by ([0-9]+) processes: ([0-9]+) bytes exchanged, ([0-9.]+) s")
FREQ_PART = re.compile(r"rank ([0-9]+): frequencies: ([0-9]+) term bytes sent, ([0-9]+) terms counted, ([0-9.]+) s")
VECS_MADE = re.compile(r"rank ([0-9]+): story vectors weighed in ([0-9.]+) s")
COUNTS_MADE = re.compile(r"rank ([0-9]+): count vectors of ([0-9]+) articles made in ([0-9.]+) s")
ROUTED = re.compile(r"part ([0-9]+): ([0-9]+) band key bytes routed, ([0-9]+) candidate pairs")
VERIFIED = re.compile(r"part ([0-9]+): ([0-9]+) candidate pairs verified there, ([0-9]+) bytes of scores")
VERIFY_MADE = re.compile(r"rank ([0-9]+): ([0-9]+) candidate pairs verified in ([0-9.]+) s")
SUMS = re.compile(r"part ([0-9]+): summaries of ([0-9]+) stories, ([0-9]+) bytes")
SUMS_MADE = re.compile(r"rank ([0-9]+): summaries of ([0-9]+) stories made and sent in ([0-9.]+) s")
READ = re.compile(r"read in ([0-9]+) parts: ([0-9]+) stream bytes")
RECORDS = re.compile(r"stage read: [0-9.]+ s, ([0-9]+) records")


def run(cmd, env):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit("mpi_bench: %s: exit %d\n%s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
    stages = {m.group(1): float(m.group(2)) for m in STAGE.finditer(p.stderr)}
    parts = [dict(zip(("part", "units", "in_bytes", "stream_bytes", "seconds"),
                      (int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), float(m.group(5)))))
             for m in PART.finditer(p.stderr)]
    sketches = [dict(zip(("part", "sketch_bytes", "seconds"), (int(m.group(1)), int(m.group(2)), float(m.group(3)))))
                for m in SKETCH.finditer(p.stderr)]
    # the count vectors stay where they are made (count_bytes 0): their
    # terms go to the processes that count them (term_bytes)
    counts = {int(m.group(1)): {"part": int(m.group(1)), "count_bytes": 0,
                                "vector_bytes": int(m.group(2)), "articles": int(m.group(3))}
              for m in COUNTS.finditer(p.stderr)}
    for m in FREQ_PART.finditer(p.stderr):
        if int(m.group(1)) in counts:
            counts[int(m.group(1))]["term_bytes"] = int(m.group(2))
            counts[int(m.group(1))]["freq_seconds"] = float(m.group(4))
    lk = LINK.search(p.stderr)
    link = {"bytes": int(lk.group(3)), "seconds": float(lk.group(4))} if lk else None
    fq = FREQ.search(p.stderr)
    freq = {"articles": int(fq.group(1)), "bytes": int(fq.group(3)), "seconds": float(fq.group(4))} if fq else None
    for m in COUNTS_MADE.finditer(p.stderr):
        counts.setdefault(int(m.group(1)), {"part": int(m.group(1)), "count_bytes": 0, "articles": int(m.group(2))})
        counts[int(m.group(1))]["seconds"] = float(m.group(3))
    for m in VECS_MADE.finditer(p.stderr):
        if int(m.group(1)) in counts:
            counts[int(m.group(1))]["vector_seconds"] = float(m.group(2))
    routed = [{"part": int(m.group(1)), "bytes": int(m.group(2)), "pairs": int(m.group(3))}
              for m in ROUTED.finditer(p.stderr)]
    verified = {int(m.group(1)): (int(m.group(2)), int(m.group(3))) for m in VERIFIED.finditer(p.stderr)}
    vsecs = {int(m.group(1)): float(m.group(3)) for m in VERIFY_MADE.finditer(p.stderr)}
    for q in routed:
        q["verified"], q["score_bytes"] = verified.get(q["part"], (0, 0))
        q["verify_seconds"] = vsecs.get(q["part"], 0.0)
    sums = {int(m.group(1)): {"part": int(m.group(1)), "stories": int(m.group(2)), "bytes": int(m.group(3))}
            for m in SUMS.finditer(p.stderr)}
    for m in SUMS_MADE.finditer(p.stderr):
        if int(m.group(1)) in sums:
            sums[int(m.group(1))]["seconds"] = float(m.group(3))
    rec = RECORDS.search(p.stderr)
    return {"wall": wall, "stages": stages, "parts": parts, "sketches": sketches,
            "counts": sorted(counts.values(), key=lambda c: c["part"]), "routed": routed,
            "sums": sorted(sums.values(), key=lambda c: c["part"]), "records": int(rec.group(1)) if rec else 0,
            "freq": freq, "link": link}


def same(a, b):
    for f in ("clusters.tsv", "stories.jsonl", "digest.md", "digest.html", "digest.json"):
        if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False):
            return False
    with gzip.open(os.path.join(a, "deduped.jsonl.gz"), "rb") as x, gzip.open(os.path.join(b, "deduped.jsonl.gz"), "rb") as y:
        return x.read() == y.read()


def story_sizes(report):
    """Bytes a kept article's story vector takes and the LSH bands, from a report.json."""
    with open(report) as f:
        r = json.load(f)
    kept = r["counts"]["kept"] or 1
    return {"vector_bytes_per_kept": r["story_stats"]["vector_bytes"] / kept, "bands": r["lsh"]["bands"],
            "kept": r["counts"]["kept"], "records": r["counts"]["read"]}


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--from-json":
        with open(sys.argv[2]) as f:
            j = json.load(f)
        write_md(os.environ.get("MPI_OUT", "results/mpi-bench.md"), j)
        return
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    binp, mpi = os.path.join(build, "newsift"), os.path.join(build, "newsift-mpi")
    n = int(os.environ.get("MPI_ARTICLES", 100000))
    ranks = [int(x) for x in os.environ.get("MPI_RANKS", "1 2 3 4").split()]
    threads = [int(x) for x in os.environ.get("MPI_THREADS", "1 2").split()]
    runs = int(os.environ.get("MPI_RUNS", 3))
    mode = os.environ.get("MPI_MODE", "full")
    seed = int(os.environ.get("BENCH_SEED", 1))
    data = os.environ.get("BENCH_DATA", os.path.join(build, "bench-data"))
    out = os.environ.get("MPI_OUT", "results/mpi-bench.md")
    jout = os.environ.get("MPI_JSON", os.path.join(build, "mpi-bench.json"))
    # the code measured: as it is now, when make has just built it
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "src", "include"],
                           capture_output=True, text=True).stdout.strip()
    os.makedirs(data, exist_ok=True)
    src = corpus(data, n, seed)
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OMPI_MCA_hwloc_base_binding_policy="none")
    extra = ["--dedup-only"] if mode == "dedup-only" else []
    tmp = tempfile.mkdtemp(prefix="mpi-bench.", dir=os.environ.get("TMPDIR", "/tmp"))
    res = []
    sizes = None
    try:
        for t in threads:
            cases = [("plain", 0)] + [("mpi", p) for p in ranks]
            for kind, p in cases:
                outs, samples = [], []
                for k in range(runs):
                    od = os.path.join(tmp, "%s-%d-%d-%d" % (kind, p, t, k))
                    cmd = ([binp] if kind == "plain" else ["mpirun", "-np", str(p), mpi]) + \
                          ["run", "--verbose", "-t", str(t)] + extra + [src, "-o", od]
                    r = run(cmd, env)
                    samples.append(r)
                    outs.append(od)
                ref = os.path.join(tmp, "plain-0-%d-0" % t)
                if sizes is None and mode == "full":
                    sizes = story_sizes(os.path.join(ref, "report.json"))
                equal = all(same(ref, od) for od in outs)
                for od in outs:
                    if od != ref:
                        shutil.rmtree(od, ignore_errors=True)
                walls = [s["wall"] for s in samples]
                med = sorted(samples, key=lambda s: s["wall"])[len(samples) // 2]
                row = {"kind": kind, "ranks": p, "threads": t, "wall": statistics.median(walls), "walls": walls,
                       "stages": med["stages"], "parts": med["parts"], "sketches": med["sketches"],
                       "counts": med["counts"], "routed": med["routed"], "sums": med["sums"], "freq": med["freq"], "link": med.get("link"),
                       "records": med["records"], "same": equal}
                log("%s np=%d t=%d: %.2f s (%s), same bytes: %s" % (kind, p, t, row["wall"],
                    " ".join("%.2f" % w for w in walls), equal))
                res.append(row)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    prov = subprocess.run(["sh", "scripts/provenance.sh"], capture_output=True, text=True).stdout
    j = {"articles": n, "mode": mode, "corpus": src, "bytes": os.path.getsize(src), "runs": runs, "rows": res,
         "sizes": sizes, "commit": commit + (" with changes to src/ or include/" if dirty else ""), "provenance": prov}
    with open(jout, "w") as f:
        json.dump(j, f, indent=1)
    write_md(out, j)


def model(j):
    """Lines of the model: wall time against processes (one thread each) for N articles."""
    N = float(os.environ.get("MPI_MODEL_ARTICLES", 100e6))
    bw = float(os.environ.get("MPI_MODEL_GBIT", 10)) * 1e9 / 8
    rows = {(r["kind"], r["ranks"], r["threads"]): r for r in j["rows"]}
    plain, two = rows.get(("plain", 0, 1)), rows.get(("mpi", 2, 1))
    if not plain or not two or len(two["parts"]) < 2 or not two["records"]:
        return []
    n = plain["records"]
    r = plain["stages"]["read"] / n                           # read and clean, one thread
    # part 1 of 2 processes of one thread: its share of the records
    share = two["parts"][1]["in_bytes"] / max(sum(p["in_bytes"] for p in two["parts"]), 1)
    n1 = two["records"] * share
    # rank 0's merge of the other parts' streams: the read stage less the longer part
    m = max(two["stages"]["read"] - max(p["seconds"] for p in two["parts"]), 0) / max(n1, 1)
    b = two["parts"][1]["stream_bytes"] / max(n1, 1)         # stream bytes an article
    sk1 = [p for p in two.get("sketches", []) if p["part"] == 1]
    sk = sk1[0]["seconds"] / max(n1, 1) if sk1 else 0.0      # stripping and sketching
    sb = sk1[0]["sketch_bytes"] / max(n1, 1) if sk1 else 0.0
    c1 = [p for p in two.get("counts", []) if p["part"] == 1]
    # the story count vectors, made and then weighed there
    cv = (c1[0].get("seconds", 0.0) + c1[0].get("vector_seconds", 0.0)) / max(n1, 1) if c1 else 0.0
    cb = (c1[0]["count_bytes"] + c1[0].get("vector_bytes", 0)) / max(n1, 1) if c1 else 0.0
    # the terms part 1 sent for the frequencies: those in rank 0's half of the blocks
    tb = 2 * c1[0].get("term_bytes", 0) / max(n1, 1) if c1 else 0.0
    # the summaries of part 1's own stories, made there and sent to rank 0
    s1 = [p for p in two.get("sums", []) if p["part"] == 1]
    su = s1[0].get("seconds", 0.0) / max(n1, 1) if s1 else 0.0
    sub = s1[0]["bytes"] / max(n1, 1) if s1 else 0.0
    # the band keys part 1 sent the other process: half of them at 2 processes
    k1 = [p for p in two.get("routed", []) if p["part"] == 1]
    kb = 2 * k1[0]["bytes"] / max(n1, 1) if k1 else 0.0
    # the candidate pairs part 1 verified (both articles its own), and their scores
    # (a bench written before this was read has none: left out of the model)
    have_v = bool(k1) and "verify_seconds" in k1[0]
    ve = k1[0]["verify_seconds"] / max(n1, 1) if have_v else 0.0
    veb = k1[0]["score_bytes"] / max(n1, 1) if have_v else 0.0
    # what stays on rank 0: newsift's later stages less what the parts now do
    later = sum(v for k, v in plain["stages"].items() if k != "read") / n
    # rank 0's part of them: newsift's less what the parts do, but at least
    # what rank 0 measured at 2 processes beyond its own half of that work
    # (the parts' time may hold work newsift does not do, such as spilling)
    later2 = sum(v for k, v in two["stages"].items() if k != "read")
    rest = max(later - sk - cv - su - ve, (later2 - n1 * (sk + cv + su + ve)) / n, 0.0)
    out = ["", "## A model: %.0f million articles on a %.0f Gbit/s network" % (N / 1e6, bw * 8 / 1e9), "",
           "From the runs above at one thread a process, per article: reading and cleaning (newsift) %.1f us; "
           "merging a part's stream on rank 0 (2 processes: the read stage less the longer part) %.2f us; "
           "stripping and sketching on the part that read it %.1f us; making and weighing the story vectors there "
           "%.1f us; %ssummarising its own stories there %.1f us; the later stages that stay on rank 0 (newsift's "
           "%.1f us less those, or rank 0's later stages at 2 processes less its half of those, whichever is more) "
           "%.1f us. Sent to rank 0 an article: %.0f stream bytes, %.0f sketch bytes, %.0f bytes "
           "of story vectors, %s%.0f bytes of summaries. Routed between the "
           "processes: %.0f bytes of band keys and %.0f bytes of terms for the document frequencies an article, "
           "(P - 1) / P of them to another process. The frequencies' counting is spread too, but the model leaves "
           "it in rank 0's later stages (newsift's time for it), so it overstates their share."
           % (r * 1e6, m * 1e6, sk * 1e6, cv * 1e6,
              "verifying the candidate pairs of its own articles there %.1f us; " % (ve * 1e6) if have_v else "",
              su * 1e6, later * 1e6, rest * 1e6, b, sb, cb, "%.0f bytes of scores, " % veb if have_v else "", sub, kb,
              tb),
           "With P processes of one thread each (P cores):", "",
           "    T(P) = N * ((read + sketch + story vectors + verification + summaries) / P + merge * (P - 1) / P"
           " + (stream + sketch + vector + score + summary bytes) * (P - 1) / P / bandwidth"
           " + (band key + term bytes) * (P - 1) / P / P / bandwidth + later stages)", "",
           "everything the parts send rank 0 passes through its link, and the merge and the later stages run on "
           "rank 0 alone; the band keys and the terms go between all the processes at once, each over its own link. The "
           "per-article costs are taken as they are at %d articles; at 1,000,000 the later stages cost more an "
           "article (results/bench.md), so the hours below are a lower bound." % j["articles"], "",
           "| processes | read s | sketch s | vectors and verification s | summaries s | merge s | to rank 0 s | band keys and terms s | later stages s | total h | speed-up |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    t1 = None
    for P in (1, 2, 4, 8, 16, 32, 64, 128):
        tr, ts, tv, tu, tm = N * r / P, N * sk / P, N * (cv + ve) / P, N * su / P, N * m * (P - 1) / P
        tx, tk, tl = N * (b + sb + cb + veb + sub) * (P - 1) / P / bw, N * (kb + tb) * (P - 1) / P / P / bw, N * rest
        tot = tr + ts + tv + tu + tm + tx + tk + tl
        t1 = t1 or tot
        out.append("| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f |"
                   % (P, tr, ts, tv, tu, tm, tx, tk, tl, tot / 3600, t1 / tot))
    out += ["", "So as it is, the stages on rank 0 bound the speed-up at %.2f. Rank 0 still holds every record: "
            "%.0f GB of spill files for the streams (%.0f bytes an article), and in a full run newsift's memory "
            "(about 7 KB an article, results/bench.md: some 700 GB for %.0f million articles) less the count "
            "vectors of the other parts' articles, which it no longer caches, the band keys, which stay "
            "where they were made, and the frequency table's counting, which each process does for its blocks."
            % ((r + later) / (m + rest + (b + sb + cb + veb + sub) / bw), N * b / 1e9, b, N / 1e6)]
    return out


def write_md(out, j):
    n, mode, src, res, runs = j["articles"], j["mode"], j["corpus"], j["rows"], j.get("runs", 3)
    commit, prov = j["commit"], j["provenance"]
    order = ["read", "boilerplate", "dedup", "stories", "summaries", "write"]
    lines = ["# newsift-mpi on one machine: 1 to 4 processes", "",
             "Command: `make bench-mpi` (`scripts/mpi_bench.py`; MPI_ARTICLES=%d, MPI_MODE=%s, %d runs each, medians)." % (n, mode, runs),
             "Commit: %s." % commit] + prov.strip().splitlines() + ["",
             "Corpus: %d generated articles as one plain JSONL file (%.0f MB), which newsift-mpi cuts into byte ranges."
             % (n, j["bytes"] / 1e6),
             "Wall time from outside (mpirun's start-up included); stage times from rank 0's `--verbose` lines.",
             "\"same\": every run's outputs are the bytes of plain `newsift run` with the same threads. Rank 0 reads its "
             "own part into its store; the other parts come as streams (bytes per record of those parts, records "
             "estimated from their share of the input bytes).", "",
             "| run | processes | threads each | wall s | " + " | ".join(order) +
             " | stream bytes per record sent | sketch bytes per record sent | same |",
             "|---|---:|---:|---:|" + "---:|" * len(order) + "---:|---:|---|"]
    for r in res:
        # rank 0 reads its own part: bytes per record of the parts that send theirs
        sb = sum(p["stream_bytes"] for p in r["parts"])
        inb = sum(p["in_bytes"] for p in r["parts"])
        sent = r["records"] * sum(p["in_bytes"] for p in r["parts"] if p["part"] > 0) / inb if inb else 0
        per = "%.0f" % (sb / sent) if sent and r["kind"] == "mpi" else "-"
        skb = sum(p["sketch_bytes"] for p in r.get("sketches", []))
        sper = "%.0f" % (skb / sent) if sent and skb and r["kind"] == "mpi" else "-"
        lines.append("| %s | %s | %d | %.2f | %s | %s | %s | %s |" % (
            "newsift" if r["kind"] == "plain" else "newsift-mpi", r["ranks"] or "-", r["threads"], r["wall"],
            " | ".join("%.2f" % r["stages"].get(s, 0) for s in order), per, sper, "yes" if r["same"] else "NO"))
    lines += ["", "Parts (the median run of each case): input bytes, stream bytes sent to rank 0, seconds to read and "
              "clean (and pack: the parts sent; rank 0 reads its own part into its store); then the sketch bytes each "
              "part sent and its seconds to strip the boilerplate lines and sketch (rank 0 sketches its own part in "
              "the dedup stage); then the band key bytes each process sent the others and the candidate pairs of "
              "the keys routed to it (a pair found in several bands may be found by several processes), and the "
              "candidate pairs rank 0 had it verify (both articles its own).", ""]
    lines += ["| processes | threads each | part | units | input MB | stream MB | read s | sketch MB | sketch s | "
              "band keys MB | pairs | verified |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in res:
        if r["kind"] != "mpi":
            continue
        skp = {p["part"]: p for p in r.get("sketches", [])}
        rtp = {p["part"]: p for p in r.get("routed", [])}
        for p in r["parts"]:
            k, q = skp.get(p["part"]), rtp.get(p["part"])
            lines.append("| %d | %d | %d | %d | %.1f | %.1f | %.2f | %s | %s | %s | %s | %s |" % (
                r["ranks"], r["threads"], p["part"], p["units"], p["in_bytes"] / 1e6, p["stream_bytes"] / 1e6,
                p["seconds"], "%.1f" % (k["sketch_bytes"] / 1e6) if k else "-", "%.2f" % k["seconds"] if k else "-",
                "%.1f" % (q["bytes"] / 1e6) if q else "-", q["pairs"] if q else "-",
                q.get("verified", "-") if q and p["part"] else "-"))
    if mode == "full":
        counts = [(r, c) for r in res if r["kind"] == "mpi" for c in r.get("counts", [])]
        if counts:
            lines += ["", "Story vectors made by the parts (the median run of each case): articles; the bytes of "
                      "their terms sent to the other processes for the document frequencies, and the seconds to "
                      "make the count vectors and count the frequencies with the others; the weighed vectors' "
                      "bytes sent to rank 0 and the seconds to weigh and encode them.", "",
                      "| processes | threads each | part | articles | terms MB | s | weighed MB | s |",
                      "|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for r, c in counts:
                lines.append("| %d | %d | %d | %d | %s | %s | %.1f | %s |" % (
                    r["ranks"], r["threads"], c["part"], c["articles"],
                    "%.1f" % (c["term_bytes"] / 1e6) if "term_bytes" in c else "-",
                    "%.2f" % c["seconds"] if "seconds" in c else "-", c.get("vector_bytes", 0) / 1e6,
                    "%.2f" % c["vector_seconds"] if "vector_seconds" in c else "-"))
            freqs = [r for r in res if r["kind"] == "mpi" and r.get("freq")]
            if freqs:
                lines += ["", "Document frequencies counted by all the processes together: the term bytes they "
                          "sent each other, and rank 0's seconds in the count's rounds (its own share of the "
                          "counting and the waits); then the story candidates found together: the postings and "
                          "pairs they sent each other and rank 0's seconds in that step.", "",
                          "| processes | threads each | articles | term MB exchanged | bytes an article | rank 0 s | "
                          "candidates' MB exchanged | bytes an article | rank 0 s |",
                          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
                for r in freqs:
                    f, lk = r["freq"], r.get("link")
                    lines.append("| %d | %d | %d | %.1f | %.0f | %.2f | %s | %s | %s |" % (
                        r["ranks"], r["threads"], f["articles"], f["bytes"] / 1e6, f["bytes"] / max(f["articles"], 1),
                        f["seconds"], "%.1f" % (lk["bytes"] / 1e6) if lk else "-",
                        "%.0f" % (lk["bytes"] / max(f["articles"], 1)) if lk else "-",
                        "%.2f" % lk["seconds"] if lk else "-"))
        sums = [(r, c) for r in res if r["kind"] == "mpi" for c in r.get("sums", [])]
        if sums:
            lines += ["", "Summaries made by the parts (the median run of each case): the stories whose articles "
                      "are all the part's, the bytes of their summaries sent to rank 0 and the seconds to make and "
                      "send them.", "",
                      "| processes | threads each | part | stories | summary KB | s |",
                      "|---:|---:|---:|---:|---:|---:|"]
            for r, c in sums:
                lines.append("| %d | %d | %d | %d | %.0f | %s |" % (
                    r["ranks"], r["threads"], c["part"], c["stories"], c["bytes"] / 1e3,
                    "%.2f" % c["seconds"] if "seconds" in c else "-"))
        lines += model(j)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    log("wrote " + out)


if __name__ == "__main__":
    main()
