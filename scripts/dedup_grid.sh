#!/bin/sh
# Duplicate-level comparison tables on ../shared/data (read in place): MinHash
# variant x threshold, clustering method, and mechanism ablations.  Writes
# results/dedup.md.  Skips with a message when the data is absent.
set -eu
bin=${1:-build/newsift}
data=${NEWSIFT_DATA:-../shared/data}
out=${NEWSIFT_DEDUP_OUT:-results/dedup.md}
set_dir=$data/syndication-dev
if [ ! -d "$set_dir" ]; then
	echo "dedup_grid: $set_dir not found; skipping"
	exit 0
fi
tmp=$(mktemp -d /tmp/newsift-grid.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# row SET LABEL ARGS...: one table row from a run with ARGS
row() {
	dir=$data/$1; label=$2; shift 2
	"$bin" run -q -t 2 "$dir/articles.jsonl" -o "$tmp/o" "$@" > /dev/null
	"$bin" eval --json --level dup "$tmp/o/clusters.tsv" "$dir/gold.tsv" > "$tmp/e.json"
	python3 - "$tmp/e.json" "$tmp/o/report.json" "$label" "$*" <<'PY'
import json, sys
e = json.load(open(sys.argv[1])); d = e["dup"]; s = e.get("same_story", {})
rep = json.load(open(sys.argv[2]))
wrong = d["pred_pairs"] - d["true_pairs"]; missed = d["gold_pairs"] - d["true_pairs"]
args = sys.argv[4] or "(defaults)"
print(f"| {sys.argv[3]} | `{args}` | {d['precision']:.4f} | {d['recall']:.4f} | {d['f1']:.4f} | {d['ari']:.4f} "
      f"| {wrong} | {missed} | {s.get('merged', 0)} / {s.get('pairs', 0)} ({100 * s.get('rate', 0):.3f}%) "
      f"| {rep['counts']['lsh_candidate_pairs']} | {rep['timings']['sketch']:.3f} |")
PY
}

head() {
	echo
	echo "| run | options | P | R | F1 | ARI | wrong pairs | missed pairs | same-story pairs merged | LSH candidates | sketch s |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
}

{
	echo "# Near-duplicate detection: comparison tables"
	echo
	echo "Written by \`scripts/dedup_grid.sh\` (\`make eval\`), newsift $("$bin" --version | cut -d' ' -f2),"
	echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), 2 threads."
	sh "$(dirname "$0")/provenance.sh"
	echo "Each row is \`newsift run -t 2 $set_dir/articles.jsonl -o OUT OPTIONS\` scored with"
	echo "\`newsift eval --level dup OUT/clusters.tsv $set_dir/gold.tsv\`."
	echo "P/R/F1 are pairwise, *wrong pairs* = predicted pairs not in the gold, *missed pairs* = gold pairs not predicted,"
	echo "*same-story pairs merged* = pairs of different articles of one story put in one duplicate group."
	echo "*sketch s* is the MinHash time of the run (wall clock, noisy)."
	echo
	echo "## MinHash variant × Jaccard threshold (syndication-dev)"
	head
	for v in oph classic cminhash; do
		for t in 0.4 0.5 0.6; do
			row syndication-dev "$v t=$t" --minhash "$v" --threshold "$t"
		done
	done
	echo
	echo "## Clustering of verified pairs (syndication-dev)"
	echo
	echo "At the defaults no method merges wrongly, so looser thresholds are also shown: there the"
	echo "candidate edges include false ones and chaining shows. \`first\` is the clustering of nightly runs"
	echo "(\`--state\`, and \`--representative first\`): each article joins the earlier kept article it copies."
	head
	for c in components pivot centre first; do
		row syndication-dev "$c, defaults" --cluster "$c"
	done
	for c in components pivot centre first; do
		row syndication-dev "$c, loose" --cluster "$c" --threshold 0.3 --containment 0.6 --containment-min-jaccard 0.05 --containment-min-words 20
	done
	for c in components pivot centre first; do
		row syndication-dev "$c, looser" --cluster "$c" --threshold 0.25 --containment 0.5 --containment-min-jaccard 0.05 --containment-min-words 10
	done
	echo
	echo "## Mechanisms (syndication-dev)"
	head
	row syndication-dev "defaults"
	row syndication-dev "no containment" --containment 0
	row syndication-dev "no boilerplate learning" --no-boilerplate
	row syndication-dev "coverage 0.70" --containment 0.7
	row syndication-dev "coverage 0.90" --containment 0.9
	row syndication-dev "containment floor 0.30" --containment-min-jaccard 0.3
	row syndication-dev "containment min words 20" --containment-min-words 20
	row syndication-dev "LSH 42x3 (t=0.3)" --bands 42 --rows 3
	row syndication-dev "LSH 25x5 (t=0.5)" --bands 25 --rows 5
	row syndication-dev "standard setup: classic, t=0.5, no containment, components" --minhash classic --containment 0 --bands 25 --rows 5 --cluster components --no-boilerplate
	echo
	echo "## Damage that syndication-dev does not show (defaults)"
	echo
	echo "\`scripts/damage.py\` adds one kind of damage to every article that is not the first of its"
	echo "gold group (\`mixed\`: one or two kinds each, at random), writing the damaged set to /tmp;"
	echo "see the script for the kinds. The gold is unchanged."
	head
	for k in mixed mojibake accents upper wrap html shuffle ocr social truncate; do
		mkdir -p "$tmp/dmg-$k"
		if [ "$k" = mixed ]; then only=""; else only="--only $k"; fi
		python3 scripts/damage.py "$set_dir/articles.jsonl" "$set_dir/gold.tsv" "$tmp/dmg-$k" $only 2>/dev/null
		ln -sfn "$tmp/dmg-$k" "$tmp/data-dmg-$k"
		data_saved=$data; data=$tmp
		row "data-dmg-$k" "$k"
		data=$data_saved
	done
	echo
	echo "## Letter noise (defaults)"
	echo
	echo "\`scripts/damage.py --only letters --rate R\` changes a share R of the letters of every article"
	echo "that is not the first of its gold group (OCR and transcoding confusions such as rn/m, l/1, e/c,"
	echo "letters dropped, doubled or swapped; 2% changes about one word in ten), alone or with another"
	echo "kind of damage (\`letters+truncate\`: an abridged copy with letter noise). The gold is unchanged."
	echo "\`--fuzzy-tokens\` makes the shingles of word skeletons (\`ns_token_skeleton\`: vowels and the letters"
	echo "OCR confuses or drops left out, confusable letters mapped to one; numbers kept as they are)."
	head
	for k in letters:0.005 letters:0.01 letters:0.02 letters:0.03 letters+truncate:0.02 letters+shuffle:0.02 \
		letters+wrap:0.02 letters+foreign:0.02 foreign:0.02; do
		kind=${k%%:*}; rate=${k#*:}; d=$tmp/dmg-$kind-$rate
		mkdir -p "$d"
		python3 scripts/damage.py "$set_dir/articles.jsonl" "$set_dir/gold.tsv" "$d" --only "$kind" --rate "$rate" 2>/dev/null
		ln -sfn "$d" "$tmp/data-l-$kind-$rate"
		data_saved=$data; data=$tmp
		label=$kind; case $kind in letters*) label="$kind $(python3 -c "print('%g%%' % (100 * $rate))")";; esac
		row "data-l-$kind-$rate" "$label"
		row "data-l-$kind-$rate" "$label" --fuzzy-tokens
		data=$data_saved
	done
	row syndication-dev "undamaged" --fuzzy-tokens
	for k in mixed ocr truncate wrap; do
		data_saved=$data; data=$tmp
		row "data-dmg-$k" "$k" --fuzzy-tokens
		data=$data_saved
	done
	echo
	echo "## Other sets at the defaults"
	head
	for s in multinews-val bbc multiling2011/en multiling2011/hi; do
		[ -d "$data/$s" ] && row "$s" "$s"
	done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "dedup_grid: wrote $out"
