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

# the defaults before the built-in cleaning, word skeletons and sentence alignment
OLD="--no-fuzzy-tokens --align 0 --no-builtin-boilerplate --keep-metadata --keep-non-articles"

# bucket SETDIR LABEL ARGS...: a row of recall by Jaccard bucket
bucket() {
	dir=$1; label=$2; shift 2
	"$bin" run -q -t 2 "$dir/articles.jsonl" -o "$tmp/b" "$@" > /dev/null
	python3 scripts/jaccard_buckets.py "$dir/articles.jsonl" "$dir/gold.tsv" "$tmp/b/clusters.tsv" "$label | \`${*:-(defaults)}\`"
}

# damaged KIND RATE: the damaged set's directory (made once)
damaged() {
	d=$tmp/dmg-$1-$2
	if [ ! -d "$d" ]; then
		mkdir -p "$d"
		python3 scripts/damage.py "$set_dir/articles.jsonl" "$set_dir/gold.tsv" "$d" --only "$1" --rate "$2" 2>/dev/null
	fi
	echo "$d"
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
	echo "## Letter noise"
	echo
	echo "\`scripts/damage.py --only letters --rate R\` changes a share R of the letters of every article"
	echo "that is not the first of its gold group (OCR and transcoding confusions such as rn/m, l/1, e/c,"
	echo "letters dropped, doubled or swapped; 2% changes about one word in ten), alone or with another"
	echo "kind of damage (\`letters+truncate\`: an abridged copy with letter noise). The gold is unchanged."
	echo "By default shingles are made of word skeletons (\`ns_token_skeleton\`: vowels and the letters"
	echo "OCR confuses or drops left out, confusable letters mapped to one; numbers kept as they are)."
	echo "Each set is run with the options that were the defaults before skeletons, sentence alignment and"
	echo "the built-in cleaning (\`$OLD\`), with word shingles alone (\`--no-fuzzy-tokens --align 0\`),"
	echo "and at the defaults."
	head
	for k in letters:0.005 letters:0.01 letters:0.02 letters:0.03 letters+truncate:0.02 letters+shuffle:0.02 \
		letters+wrap:0.02 letters+foreign:0.02 foreign:0.02; do
		kind=${k%%:*}; rate=${k#*:}; d=$(damaged "$kind" "$rate")
		ln -sfn "$d" "$tmp/data-l-$kind-$rate"
		data_saved=$data; data=$tmp
		label=$kind; case $kind in letters*) label="$kind $(python3 -c "print('%g%%' % (100 * $rate))")";; esac
		# shellcheck disable=SC2086
		row "data-l-$kind-$rate" "$label" $OLD
		row "data-l-$kind-$rate" "$label" --no-fuzzy-tokens --align 0
		row "data-l-$kind-$rate" "$label"
		data=$data_saved
	done
	# shellcheck disable=SC2086
	row syndication-dev "undamaged" $OLD
	row syndication-dev "undamaged"
	for k in mixed ocr truncate wrap; do
		data_saved=$data; data=$tmp
		# shellcheck disable=SC2086
		row "data-dmg-$k" "$k" $OLD
		data=$data_saved
	done
	echo
	echo "## Far copies: abridged and reworded"
	echo
	echo "\`scripts/damage.py --only abridge\` keeps a random 45-75% of a copy's sentences; \`reword\`"
	echo "rewords about one word in eight (a synonym from a small list of news words, a function word"
	echo "dropped or added, two neighbours swapped). Sentence alignment (\`--align\`) finds a copy whose"
	echo "sentences are nearly all found again in the longer text; \`--align 0\` turns it off."
	head
	for k in abridge reword abridge+reword letters+abridge+reword; do
		d=$(damaged "$k" 0.02)
		ln -sfn "$d" "$tmp/data-f-$k"
		data_saved=$data; data=$tmp
		# shellcheck disable=SC2086
		row "data-f-$k" "$k" $OLD
		row "data-f-$k" "$k" --align 0
		row "data-f-$k" "$k"
		data=$data_saved
	done
	echo
	echo "### Recall by Jaccard bucket"
	echo
	echo "Each copy (a member of a gold duplicate group after its first) against the group's first"
	echo "article: its word 5-gram Jaccard as the shared sets' README defines it, and whether newsift put"
	echo "the two in one duplicate group (\`scripts/jaccard_buckets.py\`). Found / copies (recall)."
	echo
	echo "| set | options | J < 0.1 | 0.1-0.2 | 0.2-0.3 | 0.3-0.4 | 0.4-0.5 | >= 0.5 |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|"
	# shellcheck disable=SC2086
	bucket "$set_dir" "undamaged" $OLD
	bucket "$set_dir" "undamaged"
	for k in abridge reword abridge+reword letters:0.02; do
		kind=${k%%:*}; rate=${k#*:}; [ "$rate" = "$k" ] && rate=0.02
		d=$(damaged "$kind" "$rate")
		# shellcheck disable=SC2086
		bucket "$d" "$k" $OLD
		bucket "$d" "$k"
	done
	echo
	echo "## Other sets"
	echo
	echo "multinews-val's gold puts notice pages (\"Tweet with a location\", a mailing-list form, a"
	echo "JavaScript notice) in one duplicate group across stories; at the defaults they are rejected as"
	echo "not articles (\`only boilerplate\`), so their gold pairs count as missed."
	head
	for s in multinews-val bbc multiling2011/en multiling2011/hi; do
		# shellcheck disable=SC2086
		[ -d "$data/$s" ] && row "$s" "$s" $OLD && row "$s" "$s"
	done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "dedup_grid: wrote $out"
