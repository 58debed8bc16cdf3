#!/bin/sh
# make eval: run newsift on the evaluation sets in ../shared/data (read in
# place, never copied) and write the scores with their commands to
# results/eval-foundation.md.  Skips with a message when the data is absent.
set -eu
bin=${1:-build/newsift}
data=${NEWSIFT_DATA:-../shared/data}
out=${NEWSIFT_EVAL_OUT:-results/eval-foundation.md}
if [ ! -d "$data/syndication-dev" ] || [ ! -d "$data/multinews-val" ]; then
	echo "eval: $data not found; skipping (the evaluation sets are not shipped with newsift)"
	exit 0
fi
tmp=$(mktemp -d /tmp/newsift-eval.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

{
	echo "# Evaluation of the foundation pipeline"
	echo
	echo "Default options; newsift $("$bin" --version | cut -d' ' -f2), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
	sh "$(dirname "$0")/provenance.sh"
	echo "Regenerate with \`make eval\` (this file is written by scripts/eval.sh)."
	echo "dup = duplicate level (column dup_group), story = story level (column story)."
	echo
	for set in syndication-dev multinews-val bbc; do
		[ -d "$data/$set" ] || continue
		"$bin" run -q "$data/$set/articles.jsonl" -o "$tmp/$set" > "$tmp/$set.stdout"
		"$bin" eval "$tmp/$set/clusters.tsv" "$data/$set/gold.tsv" > "$tmp/$set.eval"
		echo "## $set"
		echo
		echo '```'
		echo "\$ newsift run $data/$set/articles.jsonl -o OUT"
		sed "s|$tmp/$set|OUT|" "$tmp/$set.stdout"
		echo "\$ newsift eval OUT/clusters.tsv $data/$set/gold.tsv"
		cat "$tmp/$set.eval"
		echo '```'
		echo
	done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "eval: wrote $out"
cat "$out"
