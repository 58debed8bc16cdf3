#!/bin/sh
# Median stage times of `newsift run --dedup-only` over RUNS runs (default 3),
# from report.json: the read stage (read_parse_clean), the dedup stages
# (tokenize_shingle + sketch + lsh + verify + cluster) and verify alone, and the
# LSH candidate pairs.  For before/after measurements of a mechanism:
#
#   sh scripts/dedup_time.sh build/newsift build/bench-data/news-100000-s1.jsonl.gz
#   sh scripts/dedup_time.sh build/newsift build/bench-data/news-100000-s1.jsonl.gz --no-fuzzy-tokens
#
# Prints one Markdown table row: input, options, read s, dedup s, verify s, pairs.
set -eu
bin=${1:?usage: dedup_time.sh BIN INPUT [OPTIONS...]}
in=${2:?usage: dedup_time.sh BIN INPUT [OPTIONS...]}
shift 2
runs=${RUNS:-3}
tmp=$(mktemp -d /tmp/newsift-dtime.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
k=0
while [ "$k" -lt "$runs" ]; do
	"$bin" run -q -t "${THREADS:-2}" --dedup-only --no-dump "$@" "$in" -o "$tmp/o$k" > /dev/null
	k=$((k + 1))
done
python3 - "$tmp" "$runs" "$(basename "$in")" "${*:-(defaults)}" <<'PY'
import json, statistics, sys
d, n, name, opts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
reps = [json.load(open(f"{d}/o{k}/report.json")) for k in range(n)]
t = lambda r, ks: sum(r["timings"][k] for k in ks)
dedup = ("tokenize_shingle", "sketch", "lsh", "verify", "cluster")
med = lambda f: statistics.median(f(r) for r in reps)
print(f"| {name} | `{opts}` | {med(lambda r: r['timings']['read_parse_clean']):.3f} | "
      f"{med(lambda r: t(r, dedup)):.3f} | {med(lambda r: r['timings']['verify']):.3f} | "
      f"{reps[0]['counts']['lsh_candidate_pairs']} |")
PY
