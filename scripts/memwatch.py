#!/usr/bin/env python3
"""memwatch.py [-i SECONDS] [--json] -- COMMAND...

Run COMMAND and sample its memory from /proc/PID/status every interval
(default 0.02 s): the peaks of VmRSS (all resident pages), RssAnon (memory
the process holds: heap, stacks) and RssFile (resident pages of mapped
files, e.g. newsift's spilled texts, which the kernel may drop at will).
Prints one line (or a JSON object) on stderr and exits with COMMAND's
status.  Linux only; standard library only."""
import json
import subprocess
import sys
import time


def sample(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                    out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def main(argv):
    interval, as_json = 0.02, False
    while argv and argv[0] != "--":
        a = argv.pop(0)
        if a == "-i":
            interval = float(argv.pop(0))
        elif a == "--json":
            as_json = True
        else:
            sys.stderr.write(__doc__)
            return 2
    if not argv or len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    cmd = argv[1:]
    t0 = time.time()
    p = subprocess.Popen(cmd)
    peak = {"VmRSS": 0, "RssAnon": 0, "RssFile": 0, "RssShmem": 0}
    while p.poll() is None:
        s = sample(p.pid)
        for k, v in s.items():
            peak[k] = max(peak[k], v)
        time.sleep(interval)
    res = {"rc": p.returncode, "wall": round(time.time() - t0, 3),
           "peak_rss_kb": peak["VmRSS"], "peak_anon_kb": peak["RssAnon"],
           "peak_file_kb": peak["RssFile"], "peak_shmem_kb": peak["RssShmem"]}
    if as_json:
        sys.stderr.write(json.dumps(res) + "\n")
    else:
        sys.stderr.write("memwatch: %.2f s, peak RSS %d KB (anonymous %d KB, mapped files %d KB)\n" %
                         (res["wall"], res["peak_rss_kb"], res["peak_anon_kb"], res["peak_file_kb"]))
    return p.returncode if p.returncode >= 0 else 128 - p.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
