#!/bin/sh
# Atomic outputs under SIGKILL.  Runs `newsift run` on a generated
# input that takes a second or two (tests/killtest_gen.py, deterministic),
# KILL_RUNS times (default 100), killing it with SIGKILL after a random delay
# (fixed seed KILL_SEED), and checks after each kill:
#   - every output file present is whole: byte-identical to the reference
#     (uninterrupted) run, or to the earlier run's file it replaces
#     (report.json compared without its timings);
#   - a report.json is present only together with the whole new set;
#   - anything else is a temporary named .NAME.tmp.PID (SIGKILL leaves those;
#     they can never be taken for an output).
# Even runs start from an empty OUTDIR, odd runs from the outputs of an
# earlier run on another input.  Finally a rerun into the used OUTDIR gives
# the reference bytes.  Then the same for a run that adds a night to a
# --state history (see below).  Half the delays fall anywhere in the run, half in its
# last 15 % (where the outputs are written).
#
#   sh tests/killtest.sh [build/newsift]      (make killtest)
# The last line is "killtest: N passed, M failed".
bin=${1:-build/newsift}
runs=${KILL_RUNS:-100}
seed=${KILL_SEED:-6}
records=${KILL_RECORDS:-4000}
repo=$(pwd)
tmp=$(mktemp -d /tmp/newsift-kill.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
outputs="clusters.tsv deduped.jsonl.gz stories.jsonl digest.md digest.html digest.json report.json"

python3 tests/killtest_gen.py corpora/articles "$records" > "$tmp/in.jsonl"
# the earlier run: another input (the shipped sample)
"$bin" run -q -t 2 corpora/sample.jsonl.gz -o "$tmp/old" > /dev/null 2>&1 || bad "the sample run failed"
# the reference run; its wall time (the fastest of three) scales the delays
wall=
for k in 1 2 3; do
	t0=$(date +%s.%N)
	"$bin" run -q -t 2 "$tmp/in.jsonl" -o "$tmp/ref" > /dev/null 2>&1 || bad "the reference run failed"
	t1=$(date +%s.%N)
	wall=$(python3 -c "w = $t1 - $t0; print(round(min(w, ${wall:-w}), 3))")
done
echo "killtest: $records records, reference run ${wall} s, $runs kills (seed $seed)"

# same REF OUT: equal; report.json without its timings
same() {
	case $1 in
	*/report.json) sed '/"timings"/,$d' "$1" > "$tmp/a"; sed '/"timings"/,$d' "$2" > "$tmp/b"; cmp -s "$tmp/a" "$tmp/b";;
	*) cmp -s "$1" "$2";;
	esac
}

# check_dir DIR BEFORE: prints a reason and fails when DIR breaks a rule
check_dir() {
	for f in $(ls -A "$1"); do
		case $f in
		clusters.tsv|deduped.jsonl.gz|stories.jsonl|digest.md|digest.html|digest.json|report.json)
			same "$tmp/ref/$f" "$1/$f" && continue
			[ -n "$2" ] && same "$2/$f" "$1/$f" && continue
			echo "$f is not whole (neither the new nor the earlier run's)"; return 1;;
		.clusters.tsv.tmp.[0-9]*|.deduped.jsonl.gz.tmp.[0-9]*|.stories.jsonl.tmp.[0-9]*|.digest.md.tmp.[0-9]*|.digest.html.tmp.[0-9]*|.digest.json.tmp.[0-9]*|.report.json.tmp.[0-9]*)
			;;
		*) echo "unexpected file $f"; return 1;;
		esac
	done
	# report.json present: all outputs there, and all of one run
	if [ -e "$1/report.json" ]; then
		from=$tmp/ref
		same "$tmp/ref/report.json" "$1/report.json" || from=$2
		for f in $outputs; do
			same "$from/$f" "$1/$f" || { echo "report.json of one run beside $f of another (or missing)"; return 1; }
		done
	fi
}

python3 -c '
import random, sys
rng = random.Random(int(sys.argv[1])); wall = float(sys.argv[2])
for i in range(int(sys.argv[3])):
    d = rng.uniform(0, wall * 1.1) if i % 2 else rng.uniform(wall * 0.85, wall * 1.1)
    print("%.3f" % d)' "$seed" "$wall" "$runs" > "$tmp/delays"

i=0; killed=0; finished=0; nothing=0; partial=0; temps=0
while read -r d; do
	out=$tmp/run$i
	before=
	if [ $((i % 2)) -eq 1 ]; then cp -r "$tmp/old" "$out"; before=$tmp/old; fi
	"$bin" run -q -t 2 "$tmp/in.jsonl" -o "$out" > /dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -s KILL $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	rc=$?
	mkdir -p "$out" # killed before it was created
	if [ $rc -eq 137 ]; then killed=$((killed + 1)); elif [ $rc -eq 0 ]; then finished=$((finished + 1)); else bad "run $i: exit $rc"; fi
	if why=$(check_dir "$out" "$before"); then ok; else bad "run $i (killed after $d s, exit $rc): $why"; fi
	n_new=0
	for f in $outputs; do [ -e "$out/$f" ] && same "$tmp/ref/$f" "$out/$f" && n_new=$((n_new + 1)); done
	if [ $n_new -eq 0 ]; then nothing=$((nothing + 1)); elif [ $n_new -lt 5 ]; then partial=$((partial + 1)); fi
	temps=$((temps + $(ls -A "$out" | grep -c '\.tmp\.')))
	# the next run reuses this directory only at the end; keep the disk small
	[ $i -lt $((runs - 1)) ] && rm -rf "$out"
	i=$((i + 1))
done < "$tmp/delays"
echo "killtest: $killed killed ($nothing with none of the new outputs, $partial with some, the rest with all), $finished finished before the kill; $temps temporaries left by SIGKILL"
[ $((killed + finished)) -eq "$runs" ] && ok || bad "not every run was either killed or finished"
# the delays reach 110 % of the fastest run: most runs must have been killed
[ "$killed" -ge $((runs / 4)) ] && ok || bad "fewer than a quarter of the runs were killed: is the machine very busy?"

# a rerun into the last (killed) directory gives the reference bytes
last=$tmp/run$((runs - 1))
"$bin" run -q -t 2 "$tmp/in.jsonl" -o "$last" > /dev/null 2>&1 && ok || bad "the rerun failed"
for f in $outputs; do
	if same "$tmp/ref/$f" "$last/$f"; then ok; else bad "rerun: $f differs from the reference"; fi
done

# ---- a nightly history under SIGKILL ----
# Night 2 of the input (the second half) is added to a state that holds
# night 1, and killed after a random delay, KILL_STATE_RUNS times (default
# 40).  After each kill the state must verify and hold night 1, or nights 1
# and 2 when the kill came after the update; and the next run must be right:
# night 2 again when it was not recorded, then night 3 (the shipped sample),
# whose clusters.tsv must equal that of an uninterrupted history.
sruns=${KILL_STATE_RUNS:-40}
half=$((records / 2))
head -n "$half" "$tmp/in.jsonl" > "$tmp/night1.jsonl"
tail -n +$((half + 1)) "$tmp/in.jsonl" > "$tmp/night2.jsonl"
gzip -dc corpora/sample.jsonl.gz > "$tmp/night3.jsonl"
night() { # night STATE N OUT
	"$bin" run -q -t 2 --state "$1" --run-date "2026-11-2$2" "$tmp/night$2.jsonl" -o "$3" > /dev/null 2>&1
}
night "$tmp/st1" 1 "$tmp/sn1" || bad "night 1 failed"
cp -r "$tmp/st1" "$tmp/st-ref"
t0=$(date +%s.%N)
night "$tmp/st-ref" 2 "$tmp/sn2" || bad "night 2 failed"
t1=$(date +%s.%N)
night "$tmp/st-ref" 3 "$tmp/sn3" || bad "night 3 failed"
swall=$(python3 -c "print(round($t1 - $t0, 3))")
python3 -c '
import random, sys
rng = random.Random(int(sys.argv[1]) + 1); wall = float(sys.argv[2])
for i in range(int(sys.argv[3])):
    print("%.3f" % (rng.uniform(0, wall * 1.1) if i % 2 else rng.uniform(wall * 0.8, wall * 1.1)))' "$seed" "$swall" "$sruns" > "$tmp/sdelays"
skilled=0; sbefore=0; safter=0
while read -r d; do
	rm -rf "$tmp/sk" "$tmp/so"; cp -r "$tmp/st1" "$tmp/sk"
	"$bin" run -q -t 2 --state "$tmp/sk" --run-date 2026-11-22 "$tmp/night2.jsonl" -o "$tmp/so" > /dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -s KILL $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	rc=$?
	[ $rc -eq 137 ] && skilled=$((skilled + 1))
	runs_now=$("$bin" state stats "$tmp/sk" 2>/dev/null | sed -n 's/^runs\t//p')
	if ! "$bin" state verify "$tmp/sk" > /dev/null 2>&1; then bad "state kill after $d s: the state does not verify"; continue; fi
	case $runs_now in
	1) sbefore=$((sbefore + 1)); night "$tmp/sk" 2 "$tmp/so2" || bad "night 2 again failed"; rm -rf "$tmp/so2";;
	2) safter=$((safter + 1));;
	*) bad "state kill after $d s: $runs_now runs"; continue;;
	esac
	rm -rf "$tmp/so3"
	night "$tmp/sk" 3 "$tmp/so3" || bad "night 3 after a kill failed"
	if cmp -s "$tmp/sn3/clusters.tsv" "$tmp/so3/clusters.tsv"; then ok; else bad "state kill after $d s (exit $rc): night 3 differs"; fi
done < "$tmp/sdelays"
echo "killtest: history: night 2 ${swall} s, $sruns kills: $skilled killed, $sbefore before the update, $safter after it"
[ "$skilled" -ge $((sruns / 4)) ] && ok || bad "fewer than a quarter of the state runs were killed"

echo "killtest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
