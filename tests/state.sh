#!/bin/sh
# Nightly runs with --state: the history across runs, and its safety.
#
#   - a generated week (tests/killtest_gen.py: new articles and copies,
#     exact and edited) split into seven nights, run one night at a time,
#     gives the same duplicate decisions (status, and which kept article a
#     duplicate belongs to) as one run over the week with --representative
#     first; the same for ../shared/data/syndication-dev split into seven
#     nights when it is there;
#   - a record kept on an earlier night comes again: a duplicate of it, with
#     the run that kept it in clusters.tsv, and it is not in the dump again;
#   - the lock: a second run exits 5, or waits with --wait;
#   - a state made with other options, one of a newer format version, a
#     damaged or cut segment, a damaged text: refused with a message naming
#     the file, never used;
#   - stories continue across nights: the sample in two nights is grouped
#     closer to its gold with continuation than without, and a continuing
#     story keeps its label and says when it was first seen;
#   - compaction keeps the decisions; retention by run date forgets old runs
#     (at a run, and in compaction);
#   - a full disk or a kill while the history is updated leaves the
#     previous state valid, and the next run gives the answer of an
#     uninterrupted one.
# Binaries it needs beside $bin: preload/failwrite.so (make test builds it).
bin=${1:-build/newsift}
build=$(dirname "$bin")
shim=$(cd "$build" && pwd)/preload/failwrite.so
tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsift-state.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}

# split FILE K DIR: K consecutive nights n0.jsonl ... of FILE
split_nights() {
	python3 -c '
import sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
k = int(sys.argv[2])
for i in range(k):
    open("%s/n%d.jsonl" % (sys.argv[3], i), "w", encoding="utf-8").writelines(lines[i * len(lines) // k:(i + 1) * len(lines) // k])
' "$1" "$2" "$3"
}

# decisions TSV...: id, status and group of every record, sorted
decisions() {
	cat "$@" | awk -F'\t' '$1 != "id" { print $1 "\t" $4 "\t" $2 }' | sort
}

# nights STATE OUTPREFIX NIGHTSDIR [options]: run the seven nights in order
nights() {
	st=$1; out=$2; dir=$3; shift 3
	for i in 0 1 2 3 4 5 6; do
		"$bin" run -q -t 2 --state "$st" --run-date "2026-11-2$i" "$@" "$dir/n$i.jsonl" -o "$out$i" > /dev/null 2>&1 || return 1
	done
}

# ---- the same answer as a batch ----
mkdir -p "$tmp/week"
python3 tests/killtest_gen.py corpora/articles 2800 > "$tmp/week.jsonl"
split_nights "$tmp/week.jsonl" 7 "$tmp/week"
check "a generated week, one night at a time" nights "$tmp/st" "$tmp/o" "$tmp/week" --no-boilerplate
"$bin" run -q -t 2 --no-boilerplate --representative first "$tmp/week.jsonl" -o "$tmp/batch" > /dev/null 2>&1
decisions "$tmp"/o?/clusters.tsv > "$tmp/d.nights"
decisions "$tmp/batch/clusters.tsv" > "$tmp/d.batch"
check "seven nights decide as one run over the week (status and group of 2800 records)" cmp -s "$tmp/d.nights" "$tmp/d.batch"
n=$(awk -F'\t' '$2 == "duplicate"' "$tmp/d.batch" | wc -l)
h=$(cat "$tmp"/o?/clusters.tsv | grep -c 'kept by run')
check "the week has duplicates ($n), many of them of earlier nights ($h)" test "$n" -gt 500 -a "$h" -gt 200
check "state verify: the week's history is sound" sh -c "'$bin' state verify '$tmp/st' > /dev/null"
"$bin" state stats "$tmp/st" > "$tmp/stats"
check "state stats counts the seven runs and 2800 records" sh -c "grep -qx 'runs	7' '$tmp/stats' && grep -qx 'records	2800' '$tmp/stats'"
# the same with another thread count
nights "$tmp/st1" "$tmp/p" "$tmp/week" --no-boilerplate -t 1
check "one thread: the same clusters.tsv every night" sh -c "for i in 0 1 2 3 4 5 6; do cmp -s '$tmp/o'\$i/clusters.tsv '$tmp/p'\$i/clusters.tsv || exit 1; done"

data=${NEWSIFT_DATA:-../shared/data}
if [ -f "$data/syndication-dev/articles.jsonl" ]; then
	mkdir -p "$tmp/syn"
	split_nights "$data/syndication-dev/articles.jsonl" 7 "$tmp/syn"
	nights "$tmp/sst" "$tmp/s" "$tmp/syn" --no-boilerplate
	"$bin" run -q -t 2 --no-boilerplate --representative first "$data/syndication-dev/articles.jsonl" -o "$tmp/syn-batch" > /dev/null 2>&1
	decisions "$tmp"/s?/clusters.tsv > "$tmp/sd.nights"
	decisions "$tmp/syn-batch/clusters.tsv" > "$tmp/sd.batch"
	check "syndication-dev in seven nights decides as one run (8395 records)" cmp -s "$tmp/sd.nights" "$tmp/sd.batch"
else
	echo "skip syndication-dev in nights: $data not found"
fi

# ---- an article kept on an earlier night comes again ----
head -n 1 "$tmp/week/n0.jsonl" > "$tmp/again.jsonl"
id=$(head -n 1 "$tmp/week/n0.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
sed 's/"id": "[^"]*"/"id": "again-1"/' "$tmp/again.jsonl" > "$tmp/again2.jsonl"
cp -r "$tmp/st" "$tmp/st-again"
"$bin" run -q --state "$tmp/st-again" --run-date 2026-11-28 --no-boilerplate "$tmp/again2.jsonl" -o "$tmp/ag" > /dev/null 2>&1
check "a copy of night 1's article on night 8: exact copy of it, kept by run 1" \
	grep -q "^again-1	$id	.*	duplicate	exact copy of $id, kept by run 1 (2026-11-20)$" "$tmp/ag/clusters.tsv"
check "...and not in the dump again" sh -c "! gzip -dc '$tmp/ag/deduped.jsonl.gz' | grep -q again-1"
check "...and the history has run 8" sh -c "'$bin' state stats '$tmp/st-again' | grep -qx 'runs	8'"

# ---- stories go on across nights ----
mkdir -p "$tmp/sto"
gzip -dc corpora/sample.jsonl.gz | awk 'NR % 2 == 1' > "$tmp/sto/n1.jsonl"
gzip -dc corpora/sample.jsonl.gz | awk 'NR % 2 == 0' > "$tmp/sto/n2.jsonl"
for th in 1 0.2; do
	"$bin" run -q --story-continue $th --state "$tmp/sto/st$th" --run-date 2026-11-30 "$tmp/sto/n1.jsonl" -o "$tmp/sto/a$th" > /dev/null 2>&1
	"$bin" run -q --story-continue $th --state "$tmp/sto/st$th" --run-date 2026-12-01 "$tmp/sto/n2.jsonl" -o "$tmp/sto/b$th" > /dev/null 2>&1
	{ cat "$tmp/sto/a$th/clusters.tsv"; tail -n +2 "$tmp/sto/b$th/clusters.tsv"; } > "$tmp/sto/c$th.tsv"
done
ari() { "$bin" eval --level story "$1" corpora/sample.gold.tsv | sed -n 's/.*ARI=\([0-9.]*\).*/\1/p' | head -n 1; }
a1=$(ari "$tmp/sto/c1.tsv"); a2=$(ari "$tmp/sto/c0.2.tsv")
check "the sample in two nights: story ARI over both $a2 with stories continued, $a1 without" \
	python3 -c "import sys; sys.exit(not (float('$a2') > float('$a1') + 0.05))"
check "night 2 marks continuing stories, first seen on night 1" grep -q '"status": "continuing", "first_seen": "2026-11-30"' "$tmp/sto/b0.2/stories.jsonl"
check "...and new ones" grep -q '"status": "new"' "$tmp/sto/b0.2/stories.jsonl"
lab=$(grep '"continuing"' "$tmp/sto/b0.2/stories.jsonl" | head -n 1 | sed 's/^{"story": "\([^"]*\)".*/\1/')
check "a continuing story keeps night 1's label ($lab)" sh -c "awk -F'\t' '\$3 == \"$lab\"' '$tmp/sto/a0.2/clusters.tsv' | grep -q ."
check "...which its articles of night 2 carry in clusters.tsv" sh -c "awk -F'\t' '\$3 == \"$lab\" && \$4 == \"kept\"' '$tmp/sto/b0.2/clusters.tsv' | grep -q ."
check "the digest says so" grep -q "first seen 2026-11-30, [0-9]* articles before" "$tmp/sto/b0.2/digest.md"
check "...and night 1's digest marks its stories new" grep -q "records; new\\*" "$tmp/sto/a0.2/digest.md"

# ---- compaction and retention ----
mkdir -p "$tmp/ret"
cp -r "$tmp/st-again" "$tmp/ret/c"
"$bin" state compact "$tmp/ret/c" > /dev/null
check "state compact: one segment, the same records, sound" sh -c "'$bin' state stats '$tmp/ret/c' | grep -qx 'segments	1' &&
	'$bin' state stats '$tmp/ret/c' | grep -qx 'records	2801' && '$bin' state verify '$tmp/ret/c' > /dev/null"
cp -r "$tmp/st-again" "$tmp/ret/u"
"$bin" run -q --state "$tmp/ret/u" --run-date 2026-11-29 --no-boilerplate "$tmp/week/n3.jsonl" -o "$tmp/ret/ou" > /dev/null 2>&1
"$bin" run -q --state "$tmp/ret/c" --run-date 2026-11-29 --no-boilerplate "$tmp/week/n3.jsonl" -o "$tmp/ret/oc" > /dev/null 2>&1
check "...and the next night decides as on the history it was made from" cmp -s "$tmp/ret/ou/clusters.tsv" "$tmp/ret/oc/clusters.tsv"
# --retain-days 4 on 2026-11-28: the runs of 2026-11-20 .. 23 are forgotten
cp -r "$tmp/st" "$tmp/ret/r"
"$bin" run -q --state "$tmp/ret/r" --retain-days 4 --run-date 2026-11-28 --no-boilerplate "$tmp/again2.jsonl" -o "$tmp/ret/or" > /dev/null 2>&1
check "--retain-days 4: a copy of an article of 2026-11-20 is kept on 2026-11-28" \
	grep -q "^again-1	again-1	.*	kept	$" "$tmp/ret/or/clusters.tsv"
check "...the runs before 2026-11-24 are gone, the history is sound" sh -c "[ \$(ls '$tmp/ret/r' | grep -c '^seg-') -eq 4 ] &&
	'$bin' state verify '$tmp/ret/r' > /dev/null"
cp -r "$tmp/st" "$tmp/ret/k"
"$bin" state compact --retain-days 4 "$tmp/ret/k" > /dev/null
n=$("$bin" state stats "$tmp/ret/k" | sed -n 's/^records\t//p')
check "state compact --retain-days 4: only records of the last runs and their copies stay ($n), sound" \
	sh -c "[ '$n' -gt 0 ] && [ '$n' -lt 1600 ] && '$bin' state verify '$tmp/ret/k' > /dev/null"

# ---- the lock ----
flock "$tmp/st/LOCK" sleep 3 &
lockpid=$!
sleep 0.5
"$bin" run -q --state "$tmp/st" --no-boilerplate "$tmp/again2.jsonl" -o "$tmp/lk" > /dev/null 2> "$tmp/lk.err"
rc=$?
check "a second run on a state in use exits 5 (got $rc)" test "$rc" -eq 5
check "...saying so" grep -q "in use by another newsift run" "$tmp/lk.err"
"$bin" run -q --wait --state "$tmp/st" --no-boilerplate --run-date 2026-11-28 "$tmp/again2.jsonl" -o "$tmp/lw" > /dev/null 2>&1
rc=$?
wait $lockpid
check "--wait waits for it and runs (exit $rc)" test "$rc" -eq 0
check "...adding run 8" sh -c "'$bin' state stats '$tmp/st' | grep -qx 'runs	8'"

# ---- refused states ----
"$bin" run -q --state "$tmp/st" --no-boilerplate --threshold 0.6 "$tmp/again2.jsonl" -o "$tmp/x" > /dev/null 2> "$tmp/opt.err"
rc=$?
check "a state made with other options: exit 2 (got $rc)" test "$rc" -eq 2
check "...naming the option" grep -q "threshold=0.5.*threshold=0.6" "$tmp/opt.err"
"$bin" run -q --state "$tmp/st" --representative centre "$tmp/again2.jsonl" -o "$tmp/x" > /dev/null 2>&1
check "--state with --representative centre: exit 2" test $? -eq 2

# damage COPY PYTHON-EXPR: a copy of the week's state with one change
damage() {
	rm -rf "$tmp/$1"; cp -r "$tmp/st" "$tmp/$1"
	python3 -c "$2" "$tmp/$1"
}
# a run on a damaged state must fail, say which file, and write nothing
refused() { # refused STATE PATTERN
	rm -rf "$tmp/rf"
	"$bin" run -q --state "$tmp/$1" --no-boilerplate "$tmp/again2.jsonl" -o "$tmp/rf" > /dev/null 2> "$tmp/rf.err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -q "$2" "$tmp/rf.err" && [ ! -e "$tmp/rf/clusters.tsv" ]
}
damage newer 'import sys; p = sys.argv[1] + "/MANIFEST"; b = bytearray(open(p, "rb").read()); b[8] = 99; open(p, "wb").write(b)'
check "a state of a newer format version is refused" refused newer "newer newsift"
damage cut 'import sys, glob; p = sorted(glob.glob(sys.argv[1] + "/seg-*.nss"))[2]; b = open(p, "rb").read(); open(p, "wb").write(b[:len(b) - 100])'
check "a segment cut short is refused" refused cut "seg-00000003.nss: .* cut short"
damage flip 'import sys, glob; p = sorted(glob.glob(sys.argv[1] + "/seg-*.nss"))[1]; b = bytearray(open(p, "rb").read()); b[400] ^= 1; open(p, "wb").write(b)'
check "a flipped bit in a segment's records is found by its checksum" refused flip "seg-00000002.nss: checksum mismatch"
damage sig 'import sys, glob
p = sorted(glob.glob(sys.argv[1] + "/seg-*.nss"))[4]
b = bytearray(open(p, "rb").read())
off = int.from_bytes(b[48 + 24 * 5:56 + 24 * 5], "little"); n = int.from_bytes(b[56 + 24 * 5:64 + 24 * 5], "little")
b[off + n // 3] ^= 4
open(p, "wb").write(b)'
check "a flipped bit in a segment's story signatures is found" refused sig "seg-00000005.nss: checksum mismatch"
damage gone 'import sys, os; os.unlink(sys.argv[1] + "/seg-00000004.nss")'
check "a missing segment is refused" refused gone "seg-00000004.nss"
# a damaged text: found by state verify; a run that needs it stops
# section k's offset and length are at 48 + 24 k of a segment's header
damage text 'import sys, glob
p = sorted(glob.glob(sys.argv[1] + "/seg-*.nss"))[0]
b = bytearray(open(p, "rb").read())
off = int.from_bytes(b[48 + 24 * 4:56 + 24 * 4], "little"); n = int.from_bytes(b[56 + 24 * 4:64 + 24 * 4], "little")
b[off + n // 2] ^= 0xff
open(p, "wb").write(b)'
"$bin" state verify "$tmp/text" > /dev/null 2> "$tmp/v.err"
check "state verify finds a damaged text (exit $?)" grep -q "seg-00000001.nss: texts: checksum mismatch" "$tmp/v.err"

# ---- a full disk, a kill, while the history is updated ----
if [ -f "$shim" ]; then
	rm -rf "$tmp/base"; mkdir -p "$tmp/base"
	for i in 0 1 2; do "$bin" run -q --state "$tmp/base/st" --no-boilerplate --run-date "2026-11-2$i" "$tmp/week/n$i.jsonl" -o "$tmp/base/o$i" > /dev/null 2>&1; done
	# the reference: night 4 on the three-night state, uninterrupted
	cp -r "$tmp/base/st" "$tmp/ref-st"
	"$bin" run -q --state "$tmp/ref-st" --no-boilerplate --run-date 2026-11-23 "$tmp/week/n3.jsonl" -o "$tmp/ref" > /dev/null 2>&1
	for after in 1000 40000 150000; do
		rm -rf "$tmp/full-st" "$tmp/full"; cp -r "$tmp/base/st" "$tmp/full-st"
		LD_PRELOAD=$shim FAILWRITE_DIR=$tmp/full-st FAILWRITE_AFTER=$after ASAN_OPTIONS=verify_asan_link_order=0 \
			"$bin" run -q --state "$tmp/full-st" --no-boilerplate --run-date 2026-11-23 "$tmp/week/n3.jsonl" -o "$tmp/full" > /dev/null 2> "$tmp/full.err"
		rc=$?
		check "disk full after $after bytes of the update: exit 1 (got $rc), the reason given" \
			sh -c "[ $rc -eq 1 ] && grep -q 'No space left on device' '$tmp/full.err'"
		check "...the state still holds three runs and verifies" \
			sh -c "'$bin' state verify '$tmp/full-st' > /dev/null && '$bin' state stats '$tmp/full-st' | grep -qx 'runs	3'"
		rm -rf "$tmp/full"
		"$bin" run -q --state "$tmp/full-st" --no-boilerplate --run-date 2026-11-23 "$tmp/week/n3.jsonl" -o "$tmp/full" > /dev/null 2>&1
		check "...and the night run again gives the uninterrupted run's clusters.tsv" cmp -s "$tmp/ref/clusters.tsv" "$tmp/full/clusters.tsv"
	done
	# SIGKILL just before the segment's and before the manifest's rename
	for k in 1 2; do
		rm -rf "$tmp/kill-st" "$tmp/kill"; cp -r "$tmp/base/st" "$tmp/kill-st"
		LD_PRELOAD=$shim FAILWRITE_DIR=$tmp/kill-st FAILWRITE_RENAME=$k FAILWRITE_RAISE=9 ASAN_OPTIONS=verify_asan_link_order=0 \
			"$bin" run -q --state "$tmp/kill-st" --no-boilerplate --run-date 2026-11-23 "$tmp/week/n3.jsonl" -o "$tmp/kill" > /dev/null 2>&1
		rc=$?
		check "killed before rename $k of the update (status $rc): the state is the three runs' and verifies" \
			sh -c "[ $rc -eq 137 ] && '$bin' state verify '$tmp/kill-st' > /dev/null && '$bin' state stats '$tmp/kill-st' | grep -qx 'runs	3'"
		rm -rf "$tmp/kill"
		"$bin" run -q --state "$tmp/kill-st" --no-boilerplate --run-date 2026-11-23 "$tmp/week/n3.jsonl" -o "$tmp/kill" > /dev/null 2>&1
		check "...the next run gives the uninterrupted run's clusters.tsv" cmp -s "$tmp/ref/clusters.tsv" "$tmp/kill/clusters.tsv"
		check "...and leaves no stray file in the state" sh -c "[ \$(ls '$tmp/kill-st' | wc -l) -eq \$(ls '$tmp/ref-st' | wc -l) ]"
	done
else
	echo "skip full disk and kill: $shim not built (make test builds it)"
fi

echo "state: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
