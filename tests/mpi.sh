#!/bin/sh
# newsift-mpi against newsift, on one machine (loopback, --oversubscribe):
#
#   - the same bytes (the other processes reading their parts, stripping
#     and sketching their records and making and weighing the story vectors
#     of the articles they have): clusters.tsv, stories.jsonl, digest.md, digest.html,
#     digest.json and the decompressed deduped.jsonl.gz of `mpirun -np 1`,
#     2, 3 and 4 (one thread per process, and two) equal newsift's, on the
#     sample and on a corpus of several inputs: a large plain JSONL file cut
#     into byte ranges (with bad lines and ids that come again in later
#     parts), gzip, CSV, a directory of text files and a CRLF file with a
#     byte-order mark; standard input between two files; two nights with
#     --state; the exit codes are newsift's, --strict too;
#   - a process that cannot open its share (a node without the files: its
#     working directory has none) stops the run: exit 1, one line naming the
#     rank and the cause, no outputs (an earlier run's are renamed .stale)
#     and failed.json saying why;
#   - a process whose temporary directory fills up (LD_PRELOAD shim
#     preload/failwrite.so): the same, with the rank and "No space left";
#   - a process killed while the others wait for it: the job ends non-zero,
#     no outputs, failed.json;
#   - SIGTERM to mpirun: every process stops, no outputs, failed.json.
# Skipped (0 checks) under sanitizers, and when newsift-mpi was not built
# beside $bin, except under CI, where that is a failure.
bin=${1:-build/newsift}
build=$(cd "$(dirname "$bin")" && pwd)
mpi=$build/newsift-mpi
shim=$build/preload/failwrite.so
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}
if [ "${NEWSIFT_MPI_TEST:-}" = sanitizers ]; then
	echo "mpi: not under sanitizers: skipped"
	echo "mpi: $pass passed, $fail failed"
	exit 0
fi
if [ ! -x "$mpi" ] || ! command -v mpirun > /dev/null; then
	if [ -n "${CI:-}" ]; then bad "newsift-mpi and mpirun are there (CI installs Open MPI)"; else echo "mpi: Open MPI not installed or newsift-mpi not built: skipped"; fi
	echo "mpi: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]; exit
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsift-mpi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# as root in a container; on one machine with fewer cores than processes
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
run_mpi() { # run_mpi NP ARGS...: mpirun quietly, its status
	np=$1; shift
	mpirun -np "$np" "$@"
}
outputs="clusters.tsv stories.jsonl digest.md digest.html digest.json"
same() { # same DIR1 DIR2: the outputs and the decompressed dump are equal
	for f in $outputs; do cmp -s "$1/$f" "$2/$f" || { echo "  $f differs"; return 1; }; done
	gzip -dc "$1/deduped.jsonl.gz" > "$tmp/d1" && gzip -dc "$2/deduped.jsonl.gz" > "$tmp/d2" && cmp -s "$tmp/d1" "$tmp/d2" ||
		{ echo "  deduped.jsonl.gz differs"; return 1; }
}
rc_same() { # rc_same RC WANT DIR1 DIR2: exit code RC is WANT and the outputs are equal
	test "$1" -eq "$2" || { echo "  exit $1, not $2"; return 1; }
	same "$3" "$4"
}
no_outputs() { # no_outputs DIR: none of the outputs, failed.json present
	for f in $outputs deduped.jsonl.gz report.json; do [ ! -e "$1/$f" ] || { echo "  $1/$f is there"; return 1; }; done
	test -s "$1/failed.json"
}

# ---- the corpus of several inputs ----
m=$tmp/m
mkdir -p "$m/d"
python3 - "$m" <<'EOF'
import gzip, json, sys
m = sys.argv[1]
recs = [json.loads(l) for l in gzip.open("corpora/sample.jsonl.gz", "rt", encoding="utf-8") if l.strip()]
# a.jsonl: ten copies of the sample under new ids (exact duplicates of each
# other), with bad lines, and in copy 7 the ids of copy 2 (repeated ids, in
# another part when the file is cut)
with open(m + "/a.jsonl", "w", encoding="utf-8") as f:
    for k in range(10):
        for i, r in enumerate(recs):
            r = dict(r)
            r["id"] = "%s~%d" % (r["id"], 2 if k == 7 and i % 3 == 0 else k)
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            if i == 17:
                f.write('{"id": "broken-%d", "text": \n' % k)
            if i == 40:
                f.write('{"title": "no id here", "text": "A text without an id."}\n')
            if i == 60:
                f.write("\n   \n")
# b.jsonl.gz: the sample again, some of it under ids of a.jsonl
with gzip.open(m + "/b.jsonl.gz", "wt", encoding="utf-8") as f:
    for i, r in enumerate(recs):
        r = dict(r)
        r["id"] = "%s~%s" % (r["id"], "0" if i % 50 == 0 else "b")
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
# c.csv, d/ (text files), e.jsonl (CRLF, a byte-order mark)
import csv
with open(m + "/c.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "title", "date", "text"])
    for i, r in enumerate(recs[60:100]):
        w.writerow(["csv-%d" % i, r.get("title", ""), r.get("date", ""), r.get("text", "")])
for i, r in enumerate(recs[100:105]):
    open("%s/d/t%d.txt" % (m, i), "w", encoding="utf-8").write(r.get("title", "") + "\n\n" + r.get("text", ""))
# q0..q3.jsonl: the sample in four slices, one input for each of four
# processes, each with articles of its own and whole stories (the records
# in order of their true story)
story = dict(l.rstrip("\n").split("\t")[0::2] for l in open("corpora/sample.gold.tsv", encoding="utf-8"))
srecs = sorted(recs, key=lambda r: story.get(r["id"], ""))
for q in range(4):
    with open("%s/q%d.jsonl" % (m, q), "w", encoding="utf-8") as f:
        for r in srecs[q * len(srecs) // 4:(q + 1) * len(srecs) // 4]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(m + "/e.jsonl", "wb") as f:
    f.write(b"\xef\xbb\xbf")
    for i, r in enumerate(recs[105:]):
        r = dict(r)
        r["id"] = "e-%d" % i
        f.write(json.dumps(r, ensure_ascii=False).encode() + b"\r\n")
EOF
set -- "$m/a.jsonl" "$m/b.jsonl.gz" "$m/c.csv" "$m/d" "$m/e.jsonl"
"$bin" run -q -t 2 "$@" -o "$tmp/plain-m" > /dev/null 2>&1; rc_plain=$?
"$bin" run -q -t 2 corpora/sample.jsonl.gz -o "$tmp/plain-s" > /dev/null 2>&1
check "newsift on the corpus of several inputs (exit $rc_plain), with rejections" \
	sh -c "test $rc_plain -eq 0 && grep -q 'duplicate id' '$tmp/plain-m/clusters.tsv' && grep -q 'a.jsonl:' '$tmp/plain-m/clusters.tsv'"

for np in 1 2 3 4; do
	run_mpi "$np" "$mpi" run -q -t 1 corpora/sample.jsonl.gz -o "$tmp/s$np" > /dev/null 2> "$tmp/err"
	rc=$?
	check "-np $np on the sample: exit 0 and newsift's bytes" rc_same $rc 0 "$tmp/plain-s" "$tmp/s$np" || cat "$tmp/err"
	run_mpi "$np" "$mpi" run -q -t 1 "$@" -o "$tmp/m$np" > /dev/null 2> "$tmp/err"
	rc=$?
	check "-np $np on several inputs: exit $rc (newsift's $rc_plain) and newsift's bytes" \
		rc_same $rc $rc_plain "$tmp/plain-m" "$tmp/m$np" || cat "$tmp/err"
done
run_mpi 2 "$mpi" run -q -t 2 "$@" -o "$tmp/m2t" > /dev/null 2>&1
check "-np 2 with two threads each: newsift's bytes" same "$tmp/plain-m" "$tmp/m2t"
# the large file is cut: every one of four processes has a part to read
run_mpi 4 "$mpi" run --verbose -t 1 "$@" -o "$tmp/m4v" > /dev/null 2> "$tmp/err4"
check "-np 4: a.jsonl is cut into ranges, rank 0 reads its own and the three others send theirs" \
	sh -c "grep -q 'part 0: [1-9][0-9]* units, [1-9][0-9]* input bytes, 0 stream bytes' '$tmp/err4' &&
	       for k in 1 2 3; do grep -q \"part \$k: [1-9][0-9]* units, [0-9]* input bytes, [1-9][0-9]* stream bytes\" '$tmp/err4' || exit 1; done"
check "...and each of them strips and sketches its own records and sends the sketches" \
	sh -c "for k in 1 2 3; do grep -q \"part \$k: [1-9][0-9]* sketch bytes\" '$tmp/err4' || exit 1; done"
check "...keeps its band keys, routes them to their owners and pairs those routed to it" \
	sh -c "for k in 0 1 2 3; do grep -q \"part \$k: [1-9][0-9]* band key bytes routed, [1-9][0-9]* candidate pairs\" '$tmp/err4' || exit 1; done"
# four inputs of their own articles: each process makes the story count
# vectors of the kept articles whose text it read
"$bin" run -q -t 1 "$m"/q?.jsonl -o "$tmp/q-p" > /dev/null 2>&1
run_mpi 4 "$mpi" run --verbose -t 1 "$m"/q?.jsonl -o "$tmp/q-m" > /dev/null 2> "$tmp/errq"
check "-np 4 on four inputs: newsift's bytes" same "$tmp/q-p" "$tmp/q-m"
check "...each of the other processes made the story count vectors of its articles and weighed them, rank 0 took them" \
	sh -c "for k in 1 2 3; do grep -q \"rank \$k: count vectors of [1-9][0-9]* articles made\" '$tmp/errq' &&
	       grep -q \"rank \$k: story vectors weighed in\" '$tmp/errq' &&
	       grep -q \"part \$k: [1-9][0-9]* story vector bytes for [1-9][0-9]* articles\" '$tmp/errq' || exit 1; done" ||
	grep "vector" "$tmp/errq"
# a crawl beside a JSONL input: the WARC file is one part's, its pages
# extracted there
"$bin" run -q -t 1 corpora/crawl.warc.gz "$m"/q0.jsonl -o "$tmp/w-p" > /dev/null 2>&1
run_mpi 2 "$mpi" run -q -t 1 corpora/crawl.warc.gz "$m"/q0.jsonl -o "$tmp/w-m" > /dev/null 2>&1
check "-np 2 on a WARC crawl and a JSONL file: newsift's bytes" same "$tmp/w-p" "$tmp/w-m"
check "...the pages' counts in the report too" sh -c "python3 -c 'import json, sys; a, b = (json.load(open(d + \"/report.json\")) for d in sys.argv[1:]); sys.exit(a[\"warc\"] != b[\"warc\"] or a[\"web_pages\"] != b[\"web_pages\"] or a[\"web_pages\"][\"article\"] == 0)' '$tmp/w-p' '$tmp/w-m'"
check "...and the document frequencies were counted by the four together" \
	grep -q "frequencies of [1-9][0-9]* articles counted by 4 processes: [1-9][0-9]* term bytes exchanged" "$tmp/errq"
check "...verified the candidate pairs of its own articles, rank 0 took the scores" \
	sh -c "for k in 1 2 3; do grep -q \"rank \$k: [1-9][0-9]* candidate pairs verified in\" '$tmp/errq' &&
	       grep -q \"part \$k: [1-9][0-9]* candidate pairs verified there, [1-9][0-9]* bytes of scores\" '$tmp/errq' || exit 1; done" ||
	grep "verified" "$tmp/errq"
check "...and summarised its stories, rank 0 took the summaries" \
	sh -c "for k in 1 2 3; do grep -q \"rank \$k: summaries of [1-9][0-9]* stories made and sent\" '$tmp/errq' &&
	       grep -q \"part \$k: summaries of [1-9][0-9]* stories, [1-9][0-9]* bytes\" '$tmp/errq' || exit 1; done" ||
	grep "summaries" "$tmp/errq"
# a generated corpus of three inputs, large enough that the frequencies'
# blocks are shared by all three processes
python3 scripts/gen_corpus.py -q -n 3000 --seed 5 --out "$tmp/g.jsonl"
split -n l/3 -d --additional-suffix=.jsonl "$tmp/g.jsonl" "$m/g"
"$bin" run -q -t 1 "$m"/g0?.jsonl -o "$tmp/g-p" > /dev/null 2>&1
run_mpi 3 "$mpi" run --verbose -t 1 "$m"/g0?.jsonl -o "$tmp/g-m" > /dev/null 2> "$tmp/errg"
check "-np 3 on 3,000 generated articles in three inputs: newsift's bytes" same "$tmp/g-p" "$tmp/g-m"
check "...each process counted the frequencies of its blocks, sent by all three" \
	sh -c "for k in 1 2; do grep -q \"rank \$k: frequencies: [1-9][0-9]* term bytes sent, [1-9][0-9]* terms counted\" '$tmp/errg' || exit 1; done &&
	       grep -q 'frequencies of [1-9][0-9]* articles counted by 3 processes' '$tmp/errg'" || grep "frequencies" "$tmp/errg"
check "...and found the story candidates together, each the pairs of its terms' lists" \
	sh -c "for k in 1 2; do grep -q \"rank \$k: story candidates: [0-9]* postings and [0-9]* pairs here, [0-9]* candidates\" '$tmp/errg' || exit 1; done &&
	       grep -q 'story candidates of [1-9][0-9]* articles found by 3 processes: [1-9][0-9]* bytes exchanged' '$tmp/errg'" || grep "candidates" "$tmp/errg"
# standard input between two files: rank 0 reads it (and the file before it)
gzip -dc corpora/sample.jsonl.gz | "$bin" run -q -t 1 "$m/a.jsonl" - "$m/e.jsonl" -o "$tmp/stdin-p" > /dev/null 2>&1
gzip -dc corpora/sample.jsonl.gz | run_mpi 3 "$mpi" run -q -t 1 "$m/a.jsonl" - "$m/e.jsonl" -o "$tmp/stdin-m" > /dev/null 2>&1
check "standard input between two files, -np 3: newsift's bytes" same "$tmp/stdin-p" "$tmp/stdin-m"
# --strict: a rejected record in a later part stops the run as newsift's does
"$bin" run -q --strict "$@" -o "$tmp/strict-p" > /dev/null 2>&1; rcp=$?
run_mpi 3 "$mpi" run -q --strict -t 1 "$@" -o "$tmp/strict-m" > /dev/null 2>&1; rcm=$?
check "--strict: exit $rcm (newsift's $rcp), no outputs" sh -c "test $rcm -eq $rcp -a $rcp -eq 3 && test ! -e '$tmp/strict-m/clusters.tsv'"
# --state: two nights, the history rank 0's alone; the second night's outputs are newsift's
gzip -dc corpora/sample.jsonl.gz | head -n 80 > "$tmp/night1.jsonl"
gzip -dc corpora/sample.jsonl.gz | tail -n +81 > "$tmp/night2.jsonl"
cat "$tmp/night1.jsonl" "$m/e.jsonl" > "$tmp/night2b.jsonl" # copies of night 1 come again
cat "$tmp/night2.jsonl" >> "$tmp/night2b.jsonl"
st_ok=1
for who in plain mpi; do
	for n in 1 2; do
		in=$tmp/night1.jsonl; [ $n = 2 ] && in=$tmp/night2b.jsonl
		if [ $who = plain ]; then
			"$bin" run -q -t 2 --state "$tmp/st-$who" --retain-days 30 --run-date 2026-11-2$n "$in" -o "$tmp/n$n-$who" > /dev/null 2>&1
		else
			run_mpi 3 "$mpi" run -q -t 1 --state "$tmp/st-$who" --retain-days 30 --run-date 2026-11-2$n "$in" -o "$tmp/n$n-$who" > /dev/null 2> "$tmp/err"
		fi || { st_ok=0; cat "$tmp/err"; }
	done
done
check "--state, two nights, -np 3: each night exits 0" test $st_ok = 1
night_same() { same "$tmp/n2-plain" "$tmp/n2-mpi" && grep -q 'kept by run 1' "$tmp/n2-mpi/clusters.tsv"; }
check "...the second night's outputs are newsift's (copies of the first night named)" night_same
check "...and the history verifies" sh -c "'$bin' state verify '$tmp/st-mpi' > /dev/null"
run_mpi 1 "$mpi" summarize corpora/sample.jsonl.gz > /dev/null 2> "$tmp/err"; rc=$?
check "only run: summarize is a usage error (exit $rc)" sh -c "test $rc -eq 2 && grep -q 'only .run.' '$tmp/err'"

# ---- failures ----
# an earlier good run in the output directory: a failed one must not leave it looking current
prime() { rm -rf "$1"; cp -r "$tmp/plain-s" "$1"; }
# a process that cannot open its share: rank 1 runs in a directory without the inputs
mkdir -p "$tmp/nowhere" "$tmp/here"
cp "$m/a.jsonl" "$m/e.jsonl" "$tmp/here/"
cat > "$tmp/elsewhere.sh" <<'EOF'
#!/bin/sh
# rank 1 starts in a directory without the inputs (a node without the shared file system)
[ "$OMPI_COMM_WORLD_RANK" = 1 ] && cd "$NOWHERE"
exec "$@"
EOF
chmod +x "$tmp/elsewhere.sh"
prime "$tmp/f1"
(cd "$tmp/here" && NOWHERE=$tmp/nowhere run_mpi 2 -x NOWHERE "$tmp/elsewhere.sh" "$mpi" run -t 1 a.jsonl e.jsonl -o "$tmp/f1") > /dev/null 2> "$tmp/err"
rc=$?
check "a process cannot open its share: exit $rc (1)" test "$rc" -eq 1
check "...one line names rank 1 and the cause" grep -q 'rank 1 on .*: a.jsonl: cannot open: No such file or directory' "$tmp/err"
no_outputs "$tmp/f1" && test -e "$tmp/f1/clusters.tsv.stale" && grep -q '"exit": 1' "$tmp/f1/failed.json" && grep -q 'rank 1' "$tmp/f1/failed.json" &&
	ok "...no outputs, the earlier run's renamed .stale, failed.json names rank 1" ||
	bad "...no outputs, the earlier run's renamed .stale, failed.json names rank 1"

# a full temporary directory on rank 2 of 3
if [ -f "$shim" ]; then
	mkdir -p "$tmp/spill"
	cat > "$tmp/full.sh" <<'EOF'
#!/bin/sh
# rank 2's writes under $SPILL fail with ENOSPC after 64 KiB
if [ "$OMPI_COMM_WORLD_RANK" = 2 ]; then
	export LD_PRELOAD=$SHIM FAILWRITE_DIR=$SPILL FAILWRITE_AFTER=65536
fi
exec "$@"
EOF
	chmod +x "$tmp/full.sh"
	prime "$tmp/f2"
	SHIM=$shim SPILL=$tmp/spill run_mpi 3 -x SHIM -x SPILL "$tmp/full.sh" "$mpi" run -t 1 --tmp-dir "$tmp/spill" "$@" -o "$tmp/f2" \
		> /dev/null 2> "$tmp/err"
	rc=$?
	check "rank 2's temporary directory is full: exit $rc (1)" test "$rc" -eq 1
	check "...one line names rank 2 and the cause" grep -q "rank 2 on .*: temporary file in $tmp/spill: No space left on device" "$tmp/err"
	no_outputs "$tmp/f2" && test -e "$tmp/f2/clusters.tsv.stale" && grep -q 'rank 2' "$tmp/f2/failed.json" &&
		ok "...no outputs, failed.json names rank 2" || bad "...no outputs, failed.json names rank 2"
	# the temporary directory of rank 2 fills up at every stage in turn:
	# of the N bytes it writes there in a whole run of the generated
	# corpus, after N/20, 2N/20, ... 19N/20 and 39N/40; each run either
	# ends as newsift's or stops cleanly, naming rank 2 and the cause
	printf '#!/bin/sh\n[ "$OMPI_COMM_WORLD_RANK" = 2 ] && export LD_PRELOAD=%s FAILWRITE_DIR=%s FAILWRITE_COUNT=1\nexec "$@"\n' \
		"$shim" "$tmp/spill" > "$tmp/count2.sh"
	chmod +x "$tmp/count2.sh"
	run_mpi 3 "$tmp/count2.sh" "$mpi" run -q -t 1 --tmp-dir "$tmp/spill" "$m"/g0?.jsonl -o "$tmp/f6" > /dev/null 2> "$tmp/err"
	total=$(sed -n 's/^failwrite: \([0-9]*\) bytes$/\1/p' "$tmp/err")
	check "rank 2 writes ${total:-no} bytes to its temporary directory in a whole run" test "${total:-0}" -gt 0
	sweep_ok=1 stops=0 passes=0
	for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 19.5 20; do
		after=$(awk "BEGIN { printf \"%d\", ${total:-0} * $k / 20 }")
		printf '#!/bin/sh\n[ "$OMPI_COMM_WORLD_RANK" = 2 ] && export LD_PRELOAD=%s FAILWRITE_DIR=%s FAILWRITE_AFTER=%s\nexec "$@"\n' \
			"$shim" "$tmp/spill" "$after" > "$tmp/full2.sh"
		chmod +x "$tmp/full2.sh"
		prime "$tmp/f5"
		timeout 300 mpirun -np 3 "$tmp/full2.sh" "$mpi" run -t 1 --tmp-dir "$tmp/spill" "$m"/g0?.jsonl -o "$tmp/f5" \
			> /dev/null 2> "$tmp/err"
		rc=$?
		if [ $rc -eq 0 ] && same "$tmp/g-p" "$tmp/f5"; then
			passes=$((passes + 1))
		elif [ $rc -eq 1 ] && grep -q "rank 2 on .*: temporary file in $tmp/spill: No space left on device" "$tmp/err" &&
			no_outputs "$tmp/f5"; then
			stops=$((stops + 1))
		else
			echo "  after $after bytes: exit $rc"; head -5 "$tmp/err"; sweep_ok=0
		fi
	done
	check "rank 2's temporary directory full at each stage in turn: $stops clean stops, $passes whole runs" \
		test $sweep_ok -eq 1 -a $stops -ge 15 -a $passes -ge 1
else
	bad "preload/failwrite.so is built beside $bin"
fi

# a process killed while the others wait for it: rank 1's input is a named
# pipe nobody writes, so it waits in open() until it is killed
mkfifo "$tmp/here/pipe.jsonl"
cat > "$tmp/pid.sh" <<'EOF'
#!/bin/sh
[ "$OMPI_COMM_WORLD_RANK" = 1 ] && echo $$ > "$PIDFILE"
exec "$@"
EOF
chmod +x "$tmp/pid.sh"
prime "$tmp/f3"
(cd "$tmp/here" && PIDFILE=$tmp/pid run_mpi 2 -x PIDFILE "$tmp/pid.sh" "$mpi" run -t 1 a.jsonl pipe.jsonl -o "$tmp/f3") \
	> /dev/null 2> "$tmp/err" &
job=$!
i=0
while [ ! -s "$tmp/pid" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
sleep 2
kill -9 "$(cat "$tmp/pid" 2> /dev/null)" 2> /dev/null
wait $job
rc=$?
check "rank 1 killed: the job ends with exit $rc (not 0)" test "$rc" -ne 0
check "...mpirun names rank 1 and the signal" grep -qi 'rank 1.*signal 9\|signal 9.*rank 1\|rank 1.*killed' "$tmp/err"
no_outputs "$tmp/f3" && test -e "$tmp/f3/clusters.tsv.stale" && ok "...no outputs, the earlier run's renamed .stale, failed.json" ||
	{ bad "...no outputs, the earlier run's renamed .stale, failed.json"; cat "$tmp/err"; }
check "...no process of the job is left" sh -c "! pgrep -f '[n]ewsift-mpi run -t 1 a.jsonl pipe.jsonl -o $tmp/f3' > /dev/null"

# SIGTERM to mpirun while rank 1 waits on the pipe: every process stops,
# rank 0 says so in failed.json (exit 143), mpirun exits non-zero
prime "$tmp/f4"
(cd "$tmp/here" && exec mpirun -np 2 "$mpi" run -t 1 a.jsonl pipe.jsonl -o "$tmp/f4") > /dev/null 2> "$tmp/err" &
job=$!
sleep 3
kill -TERM $job
wait $job
rc=$?
check "SIGTERM to mpirun: exit $rc (not 0)" test "$rc" -ne 0
# mpirun kills what is still running a second after passing the signal on:
# on a loaded machine rank 0 may not get to say so, and failed.json is then
# the one it wrote when the read began
no_outputs "$tmp/f4" && grep -q '"exit": 143, "error": "interrupted by signal 15\|"exit": 1, "error": "the run did not end' "$tmp/f4/failed.json" &&
	test -e "$tmp/f4/clusters.tsv.stale" &&
	ok "...no outputs, failed.json (exit 143, or the run did not end), the earlier run's renamed .stale" ||
	{ bad "...no outputs, failed.json (exit 143, or the run did not end), the earlier run's renamed .stale"; cat "$tmp/f4/failed.json"; }
sleep 1
check "...no process of the job is left" sh -c "! pgrep -f '[n]ewsift-mpi run -t 1 a.jsonl pipe.jsonl -o $tmp/f4' > /dev/null"

echo "mpi: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
