#!/bin/sh
# One table of the quality of a binary with given options on every shared
# set (../shared/data, read in place): duplicate pairwise precision, recall
# and F1, same-story pairs merged, story ARI, and ROUGE-1/2 F (%) of the
# default summary method over the gold stories (multinews-val at 260 words,
# multiling2011 at 250, as in results/eval.md).  For measuring a change of a
# default before and after:
#
#   sh scripts/quality.sh build/newsift                          # defaults
#   sh scripts/quality.sh build/newsift --representative centre  # an option
#
# Prints a Markdown table; skips with a message when the data is absent.
set -eu
bin=${1:?usage: quality.sh BIN [OPTIONS...]}
shift
data=${NEWSIFT_DATA:-../shared/data}
if [ ! -d "$data/syndication-dev" ]; then
	echo "quality: $data not found; skipping"
	exit 0
fi
tmp=$(mktemp -d /tmp/newsift-q.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
echo "| set | dup P | dup R | dup F1 | same-story merged | story ARI | ROUGE-1 | ROUGE-2 |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
sets="syndication-dev multinews-val bbc"
for l in en fr cs el ar he hi; do [ -d "$data/multiling2011/$l" ] && sets="$sets multiling2011/$l"; done
for s in $sets; do
	"$bin" run -q "$@" "$data/$s/articles.jsonl" -o "$tmp/o" > /dev/null
	e=$("$bin" eval --json "$tmp/o/clusters.tsv" "$data/$s/gold.tsv" |
		python3 -c 'import json,sys
r = json.load(sys.stdin); d = r["dup"]; s = r["story"]; m = r.get("same_story", {}).get("merged", "-")
print("%.4f | %.4f | %.4f | %s | %.4f" % (d["precision"], d["recall"], d["f1"], m, s["ari"]))')
	rg="- | -"
	if [ -f "$data/$s/references.jsonl" ] && [ "$s" != syndication-dev ] && [ "$s" != bbc ]; then
		w=250; la=""
		case $s in multinews-val) w=260 ;; multiling2011/*) la="--lang ${s#multiling2011/}" ;; esac
		# shellcheck disable=SC2086
		"$bin" summarize -q --json "$@" --group "$data/$s/gold.tsv" --summary-words $w "$data/$s/articles.jsonl" \
			> "$tmp/s.jsonl"
		# shellcheck disable=SC2086
		rg=$("$bin" eval rouge --json --words $w $la "$tmp/s.jsonl" "$data/$s/references.jsonl" |
			python3 -c 'import json,sys
r = json.load(sys.stdin)
print("%.2f | %.2f" % (100 * r["rouge-1"]["f"], 100 * r["rouge-2"]["f"]))')
	fi
	echo "| $s | $e | $rg |"
done
