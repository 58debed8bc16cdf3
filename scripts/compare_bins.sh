#!/bin/sh
# Prove that two newsift binaries write the same outputs: both run with the
# same options on every input set, with 1 and 2 threads, and clusters.tsv,
# stories.jsonl, digest.md and the decompressed deduped.jsonl.gz must be equal
# byte for byte (the gzip stream itself may differ: member boundaries depend
# on the compressor build).  report.json holds timings, so only its "counts"
# object is compared; the exit status of a run must match too, and be 0.
#
# Usage: sh scripts/compare_bins.sh OLD_BIN NEW_BIN [WORKDIR]
#
# Input sets, smallest first (names as COMPARE_SETS takes them):
#   sample              corpora/sample.jsonl.gz
#   multiling2011/LANG  $NEWSIFT_DATA/multiling2011/LANG/articles.jsonl, each language
#   multinews-val, bbc, syndication-dev
#                       $NEWSIFT_DATA/SET/articles.jsonl
#   bench-100k          the 100,000-article corpus of `make bench`: reused from
#                       BENCH_DATA when cached for the current generator and seed,
#                       else made by `scripts/bench.py --data-only` (same generator,
#                       seed and cache; about 15 s); run last
# NEWSIFT_DATA is ../shared/data relative to the repository (as for make eval);
# when it is absent its sets are skipped with a note.
#
# Environment:
#   COMPARE_SETS        sets to run, space-separated shell patterns; a pattern
#                       also selects the sets below it ("multiling2011" = every
#                       language) [all]
#   COMPARE_SKIP_LARGE  1: skip bench-100k
#   COMPARE_THREADS     thread counts [1 2]
#   COMPARE_ARGS        extra options for `newsift run`, the same for both binaries
#   COMPARE_TIMEOUT     seconds before a run is stopped, 0 = never [0]; needs timeout(1)
#   COMPARE_KEEP        1: keep WORKDIR (the outputs of every run) at the end
#   BENCH_DATA, BENCH_SEED  as for scripts/bench.py [build/bench-data, 1]
#
# Output: one line per (set, threads): "same", or the files that differ, each
# followed by an indented line with its first differing line (a short excerpt
# around the first differing byte); then "compare: N passed, M failed".
# Exit status 0 when everything is the same, 1 otherwise, 2 on a usage error.
# The binaries are copied into WORKDIR first, so a rebuild while this runs
# changes nothing.  Runs are sequential (old, then new), never concurrent.
set -u

usage() {
	echo "usage: sh scripts/compare_bins.sh OLD_BIN NEW_BIN [WORKDIR]" >&2
	exit 2
}
if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi

root=$(cd "$(dirname "$0")/.." && pwd) || exit 2

# absolute path of $1, which must exist
abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

for b in "$1" "$2"; do
	if [ ! -f "$b" ] || [ ! -x "$b" ]; then
		echo "compare: $b is not an executable file" >&2
		exit 2
	fi
done
old_src=$(abspath "$1")
new_src=$(abspath "$2")

made_work=0
if [ $# -eq 3 ]; then
	if [ ! -d "$3" ]; then
		mkdir -p "$3" || exit 2
		made_work=1
	fi
	work=$(cd "$3" && pwd) || exit 2
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/compare-bins.XXXXXX") || exit 2
	made_work=1
fi

keep=${COMPARE_KEEP:-0}
threads=${COMPARE_THREADS:-1 2}
extra=${COMPARE_ARGS:-}
tlimit=${COMPARE_TIMEOUT:-0}
cd "$root" || exit 2
data=${NEWSIFT_DATA:-../shared/data}
bench_data=${BENCH_DATA:-build/bench-data}
bench_seed=${BENCH_SEED:-1}
large_n=100000

# only what this script made goes: WORKDIR itself when it made it and it is
# empty afterwards
cleanup() {
	[ "$keep" = 1 ] && return 0
	rm -rf "${work:?}/bin" "$work/out" "$work/tmp" "$work/data"
	[ "$made_work" = 1 ] && rmdir "$work" 2>/dev/null
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work/bin" "$work/out" "$work/tmp" || exit 1
cp "$old_src" "$work/bin/old" && cp "$new_src" "$work/bin/new" || exit 1
old_bin=$work/bin/old
new_bin=$work/bin/new

if [ "$tlimit" != 0 ] && ! command -v timeout > /dev/null 2>&1; then
	echo "compare: COMPARE_TIMEOUT set but timeout(1) is missing; runs are not limited" >&2
	tlimit=0
fi

# milliseconds since the epoch (whole seconds where date has no %N)
now_ms() {
	_ns=$(date +%s%N 2>/dev/null)
	case $_ns in
	'' | *[!0-9]*) _ns=$(($(date +%s) * 1000000000)) ;;
	esac
	echo $((_ns / 1000000))
}

# seconds with two decimals from milliseconds
secs() {
	printf "%d.%02d\n" $(($1 / 1000)) $(($1 % 1000 / 10))
}

# wanted NAME: is the set NAME selected by COMPARE_SETS?
wanted() {
	[ -z "${COMPARE_SETS:-}" ] && return 0
	set -f
	for p in $COMPARE_SETS; do
		# shellcheck disable=SC2254  # the pattern is meant as a pattern
		case $1 in
		$p | $p/*)
			set +f
			return 0
			;;
		esac
	done
	set +f
	return 1
}

# excerpt A B: the first line of A and of B (one line each), shown from a
# little before their first differing byte
excerpt() {
	LC_ALL=C awk -v A="$1" -v B="$2" '
	function show(s, from,   t) {
		t = substr(s, from, 70)
		gsub(/\\/, "\\\\\\\\", t); gsub(/\t/, "\\\\t", t); gsub(/\r/, "\\\\r", t); gsub(/"/, "\\\\\"", t)
		return (from > 1 ? "..." : "") "\"" t "\"" (length(s) >= from + 70 ? "..." : "")
	}
	BEGIN {
		if ((getline a < A) <= 0) a = ""
		if ((getline b < B) <= 0) b = ""
		n = length(a) < length(b) ? length(a) : length(b)
		for (i = 1; i <= n && substr(a, i, 1) == substr(b, i, 1); i++) ;
		from = i > 20 ? i - 20 : 1
		printf "byte %d of the line: old %s, new %s", i, show(a, from), show(b, from)
	}'
}

# compare_file NAME OLD NEW SCRATCHDIR: prints nothing when equal, else one
# line "NAME: how" (the first differing line); returns 1 when they differ.
# Called in $(...), so its variables do not leak into check.
compare_file() {
	cf_name=$1 cf_old=$2 cf_new=$3 cf_dir=$4
	if cmp -s "$cf_old" "$cf_new"; then
		return 0
	fi
	cf_out=$(LC_ALL=C cmp "$cf_old" "$cf_new" 2>&1)
	case $cf_out in
	*"EOF on"*)
		cf_lo=$(wc -l < "$cf_old" | tr -d ' ')
		cf_ln=$(wc -l < "$cf_new" | tr -d ' ')
		case $cf_out in
		*"EOF on $cf_old"*) cf_short=old ;;
		*) cf_short=new ;;
		esac
		printf '%s\n' "$cf_name: $cf_short is a prefix of the other ($cf_lo lines old, $cf_ln lines new)"
		;;
	*" line "*)
		cf_l=$(printf '%s\n' "$cf_out" | sed 's/.* line \([0-9][0-9]*\).*/\1/')
		sed -n "${cf_l}{p;q;}" "$cf_old" > "$cf_dir/line.old"
		sed -n "${cf_l}{p;q;}" "$cf_new" > "$cf_dir/line.new"
		printf '%s\n' "$cf_name: line $cf_l, $(excerpt "$cf_dir/line.old" "$cf_dir/line.new")"
		;;
	*)
		printf '%s\n' "$cf_name: $cf_out"
		;;
	esac
	return 1
}

# counts_of REPORT: the "counts" object of report.json, without whitespace
counts_of() {
	tr '\n\t' '  ' < "$1" | LC_ALL=C awk '{
		i = index($0, "\"counts\""); if (!i) exit 1
		s = substr($0, i); j = index(s, "}"); if (!j) exit 1
		print substr(s, 1, j) }' | tr -d ' '
}

# counts_diff OLD NEW: the members of two "counts" objects that differ
counts_diff() {
	LC_ALL=C awk -v A="$1" -v B="$2" '
	function load(s, m,   n, i, k, parts, kv) {
		sub(/^"counts":\{/, "", s); sub(/\}$/, "", s)
		n = split(s, parts, ",")
		for (i = 1; i <= n; i++) {
			k = index(parts[i], ":")
			kv = substr(parts[i], 1, k - 1); gsub(/"/, "", kv)
			m[kv] = substr(parts[i], k + 1); order[++no] = kv
		}
	}
	BEGIN {
		load(A, a); load(B, b); out = ""
		for (i = 1; i <= no; i++) {
			k = order[i]
			if (k in seen) continue
			seen[k] = 1
			va = (k in a) ? a[k] : "(none)"; vb = (k in b) ? b[k] : "(none)"
			if (va != vb) out = out (out == "" ? "" : ", ") k " " va " -> " vb
		}
		print out
	}'
}

# run_one BIN INPUT OUTDIR: run, print the exit status and the wall time in ms
run_one() {
	rm -rf "$3"
	t0=$(now_ms)
	if [ "$tlimit" != 0 ]; then
		# shellcheck disable=SC2086  # COMPARE_ARGS is a list of options
		TMPDIR=$work/tmp timeout "$tlimit" "$1" run --threads "$t" $extra "$2" -o "$3" \
			> "$3.stdout" 2> "$3.stderr"
	else
		# shellcheck disable=SC2086
		TMPDIR=$work/tmp "$1" run --threads "$t" $extra "$2" -o "$3" > "$3.stdout" 2> "$3.stderr"
	fi
	rc=$?
	echo "$rc $(($(now_ms) - t0))"
}

# last line of stderr of a run, short
err_tail() {
	tail -n 1 "$1" 2>/dev/null | cut -c1-160
}

passed=0
failed=0
ran_names=
t_start=$(now_ms)

# check NAME INPUT: both binaries on INPUT with each thread count
check() {
	name=$1 input=$2
	ran_names="$ran_names $name"
	slug=$(printf '%s' "$name" | tr '/' '_')
	for t in $threads; do
		d=$work/out/$slug-t$t
		rm -rf "$d"
		mkdir -p "$d" || exit 1
		# shellcheck disable=SC2046  # two words: status and milliseconds
		set -- $(run_one "$old_bin" "$input" "$d/old")
		rc_old=$1 ms_old=$2
		# shellcheck disable=SC2046
		set -- $(run_one "$new_bin" "$input" "$d/new")
		rc_new=$1 ms_new=$2
		label="$name -t $t"
		tm="(old $(secs "$ms_old") s, new $(secs "$ms_new") s)"
		if [ "$rc_old" != "$rc_new" ]; then
			echo "$label: FAIL exit status old $rc_old, new $rc_new $tm"
			[ "$rc_old" != 0 ] && printf '    old: %s\n' "$(err_tail "$d/old.stderr")"
			[ "$rc_new" != 0 ] && printf '    new: %s\n' "$(err_tail "$d/new.stderr")"
			failed=$((failed + 1))
			continue
		fi
		if [ "$rc_old" != 0 ]; then
			echo "$label: FAIL both exit $rc_old $tm"
			printf '    old: %s\n' "$(err_tail "$d/old.stderr")"
			printf '    new: %s\n' "$(err_tail "$d/new.stderr")"
			failed=$((failed + 1))
			continue
		fi
		diffs='' details='' absent=''
		for f in clusters.tsv stories.jsonl digest.md deduped.jsonl.gz; do
			a=$d/old/$f b=$d/new/$f
			if [ ! -e "$a" ] && [ ! -e "$b" ]; then
				absent="$absent $f"
				continue
			elif [ ! -e "$a" ] || [ ! -e "$b" ]; then
				[ -e "$a" ] && only=old || only=new
				diffs="$diffs $f"
				details="$details
    $f: written by $only only"
				continue
			fi
			if [ "$f" = deduped.jsonl.gz ]; then
				gz_bad=
				gzip -dc < "$a" > "$d/old.dump" 2> "$d/old.gzerr" || gz_bad=" old"
				gzip -dc < "$b" > "$d/new.dump" 2> "$d/new.gzerr" || gz_bad="$gz_bad new"
				if [ -n "$gz_bad" ]; then
					diffs="$diffs $f"
					details="$details
    $f: gzip -dc failed on$gz_bad: $(cat "$d/old.gzerr" "$d/new.gzerr" | grep . | head -n 1)"
				elif ! line=$(compare_file "$f (decompressed)" "$d/old.dump" "$d/new.dump" "$d"); then
					diffs="$diffs $f"
					details="$details
    $line"
				fi
				rm -f "$d/old.dump" "$d/new.dump"
			elif ! line=$(compare_file "$f" "$a" "$b" "$d"); then
				diffs="$diffs $f"
				details="$details
    $line"
			fi
		done
		ca=$(counts_of "$d/old/report.json" 2>/dev/null) || ca=
		cb=$(counts_of "$d/new/report.json" 2>/dev/null) || cb=
		if [ -z "$ca" ] || [ -z "$cb" ]; then
			if [ -z "$ca$cb" ]; then which="old and new"; elif [ -z "$ca" ]; then which=old; else which=new; fi
			diffs="$diffs report.json:counts"
			details="$details
    report.json: no \"counts\" object in $which"
		elif [ "$ca" != "$cb" ]; then
			diffs="$diffs report.json:counts"
			details="$details
    report.json counts (old -> new): $(counts_diff "$ca" "$cb")"
		fi
		la=$(cd "$d/old" && ls -A | tr '\n' ' ') lb=$(cd "$d/new" && ls -A | tr '\n' ' ')
		la=${la% } lb=${lb% }
		if [ "$la" != "$lb" ]; then
			diffs="$diffs file-list"
			details="$details
    files: old: $la; new: $lb"
		fi
		note=
		[ -n "$absent" ] && note=" (not written by either:$absent)"
		if [ -z "$diffs" ]; then
			echo "$label: same$note $tm"
			passed=$((passed + 1))
			[ "$keep" = 1 ] || rm -rf "$d"
		else
			printf '%s\n' "$label: DIFFER:$diffs$note $tm$details"
			failed=$((failed + 1))
		fi
	done
}

echo "compare: old $old_src ($("$old_bin" --version 2>&1 | head -n 1))"
echo "compare: new $new_src ($("$new_bin" --version 2>&1 | head -n 1))"
echo "compare: threads $threads; options: run --threads T${extra:+ $extra}; work in $work"

wanted sample && check sample corpora/sample.jsonl.gz

shared_sets=
for f in "$data"/multiling2011/*/articles.jsonl; do
	[ -f "$f" ] || continue
	lang=$(basename "$(dirname "$f")")
	shared_sets="$shared_sets multiling2011/$lang"
done
shared_sets="$shared_sets multinews-val bbc syndication-dev"
if [ -d "$data" ]; then
	for s in $shared_sets; do
		wanted "$s" || continue
		if [ -f "$data/$s/articles.jsonl" ]; then
			check "$s" "$data/$s/articles.jsonl"
		else
			echo "$s: skipped ($data/$s/articles.jsonl not found)"
		fi
	done
else
	echo "compare: $data not found; skipping its sets (syndication-dev, multinews-val, bbc, multiling2011)"
fi

if wanted bench-100k; then
	if [ "${COMPARE_SKIP_LARGE:-0}" = 1 ]; then
		echo "bench-100k: skipped (COMPARE_SKIP_LARGE=1)"
	else
		corpus=$bench_data/news-$large_n-s$bench_seed.jsonl.gz
		t0=$(now_ms)
		if [ -x /usr/bin/time ]; then
			# bench.py's own cache: reused when its generator hash and files match
			BENCH_DATA=$bench_data BENCH_SEED=$bench_seed BENCH_SIZES=$large_n \
				python3 scripts/bench.py --data-only 2> "$work/tmp/gen.log"
			gen_rc=$?
		else
			# bench.py needs /usr/bin/time: the same generator call, into WORKDIR
			mkdir -p "$work/data"
			corpus=$work/data/news-$large_n-s$bench_seed.jsonl.gz
			python3 scripts/gen_corpus.py -n "$large_n" --seed "$bench_seed" --out "$corpus" \
				--gold "$work/data/news-$large_n-s$bench_seed.gold.tsv" 2> "$work/tmp/gen.log"
			gen_rc=$?
		fi
		if [ "$gen_rc" = 0 ] && [ -f "$corpus" ]; then
			if grep -q 'using cached' "$work/tmp/gen.log"; then
				echo "bench-100k: corpus $corpus (cached)"
			else
				echo "bench-100k: corpus $corpus generated in $(secs $(($(now_ms) - t0))) s"
			fi
			check bench-100k "$corpus"
		else
			printf 'bench-100k: FAIL corpus generation failed: %s\n' "$(err_tail "$work/tmp/gen.log")"
			failed=$((failed + 1))
		fi
	fi
fi

if [ -n "${COMPARE_SETS:-}" ]; then
	set -f
	for p in $COMPARE_SETS; do
		hit=0
		for n in sample $shared_sets bench-100k; do
			# shellcheck disable=SC2254
			case $n in $p | $p/*) hit=1 ;; esac
		done
		[ "$hit" = 1 ] || echo "compare: COMPARE_SETS pattern '$p' matches no set" >&2
	done
	set +f
fi

echo "compare: elapsed $(secs $(($(now_ms) - t_start))) s"
if [ "$keep" = 1 ]; then
	echo "compare: outputs kept in $work"
elif [ "$failed" -gt 0 ]; then
	echo "compare: rerun with COMPARE_KEEP=1 to keep the outputs"
fi
echo "compare: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ $((passed + failed)) -gt 0 ] && exit 0
[ $((passed + failed)) -eq 0 ] && echo "compare: nothing was compared" >&2
exit 1
