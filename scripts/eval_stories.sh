#!/bin/sh
# Story grouping and summaries on ../shared/data (read in place): story ARI
# on multinews-val, syndication-dev and every multiling2011 language; ROUGE
# of each summary method on multinews-val (260 words) and multiling2011
# (250 words).  Writes results/eval.md.  Skips when the data is absent.
set -eu
bin=${1:-build/newsift}
data=${NEWSIFT_DATA:-../shared/data}
out=${NEWSIFT_EVAL_MD:-results/eval.md}
if [ ! -d "$data/multinews-val" ]; then
	echo "eval_stories: $data not found; skipping"
	exit 0
fi
tmp=$(mktemp -d /tmp/newsift-evs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
langs="en fr cs el ar he hi"
methods="concept centroid-lead centroid lexrank lead"

ari() { # ari SET -> "ARI B3F1"
	"$bin" run -q "$data/$1/articles.jsonl" -o "$tmp/o" > /dev/null
	"$bin" eval --json --level story "$tmp/o/clusters.tsv" "$data/$1/gold.tsv" |
		python3 -c 'import json,sys; s=json.load(sys.stdin)["story"]; print("%.4f | %.4f | %.4f | %.4f" % (s["precision"], s["recall"], s["ari"], s["bcubed_f1"]))'
}

rouge() { # rouge SET WORDS METHOD LANGARGS -> "R1 | R2 | RL | SU4" (F, %)
	"$bin" summarize -q --json --group "$data/$1/gold.tsv" --summary-words "$2" --summary-method "$3" \
		"$data/$1/articles.jsonl" > "$tmp/s.jsonl"
	"$bin" eval rouge --json --words "$2" $4 "$tmp/s.jsonl" "$data/$1/references.jsonl" |
		python3 -c '
import json, sys
r = json.load(sys.stdin)
def f(k):
    for key in (k, k.lower(), k.replace("-", "_")):
        if key in r: return 100 * r[key]["f"]
    for v in r.values():
        if isinstance(v, dict) and k in v: return 100 * v[k]["f"]
    raise KeyError(k)
print(" | ".join("%.2f" % f(k) for k in ("rouge-1", "rouge-2", "rouge-l", "rouge-su4")))'
}

{
	echo "# Stories and summaries: evaluation"
	echo
	echo "Written by \`scripts/eval_stories.sh\` (\`make eval\`), newsift $("$bin" --version | cut -d' ' -f2),"
	echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown). Default options unless stated."
	sh "$(dirname "$0")/provenance.sh"
	echo
	echo "## Story grouping"
	echo
	echo "\`newsift run SET/articles.jsonl -o OUT\`, then \`newsift eval --level story OUT/clusters.tsv SET/gold.tsv\`."
	echo "For reference, TF-IDF with average-link clustering at its best threshold reaches ARI 0.62 on multinews-val."
	echo
	echo "| set | pairwise P | pairwise R | ARI | B-cubed F1 |"
	echo "|---|---:|---:|---:|---:|"
	for s in multinews-val syndication-dev; do echo "| $s | $(ari $s) |"; done
	for l in $langs; do
		[ -d "$data/multiling2011/$l" ] && echo "| multiling2011/$l | $(ari multiling2011/$l) |"
	done
	echo
	echo "## Summaries"
	echo
	echo "Each gold story is summarised from its articles: \`newsift summarize --json --group SET/gold.tsv"
	echo "--summary-words W --summary-method M SET/articles.jsonl\`, scored with \`newsift eval rouge --words W"
	echo "[--lang XX] OUT SET/references.jsonl\` (ROUGE F in %; English: Porter-stemmed, ROUGE-1.5.5"
	echo "conventions; other languages: Unicode word tokens, no stemming). \`centroid\` is the centroid"
	echo "baseline (MEAD's centroid score alone, same filters and redundancy control); \`centroid-lead\` adds"
	echo "a lead prior; \`concept\`, the default, adds to that a bonus for word bigrams that several articles"
	echo "share and the summary does not state yet (Gillick & Favre's concepts, greedy; src/summarize.c), with a"
	echo "lead prior that decays as 1/sqrt(1 + rank) and each sentence's value divided by words^(1/4) (cost"
	echo "scaling, Lin & Bilmes 2010).  Before those two (commit 0ba5387) concept measured R-2 en/fr/cs"
	echo "22.50/23.35/18.17 and multinews-val 260 words 45.60/16.23/19.59, 100 words R-2 11.79; on bbc (single"
	echo "articles, 100 words) R-2 41.21, now 38.26: the cost scaling favours short sentences, which the"
	echo "abstractive multi-document references reward and bbc's extracted long sentences do not."
	echo "Measured and not kept (2026-11-26): the submodular objective of Lin & Bilmes (2011),"
	echo "saturated cosine coverage plus a square-root diversity reward over sentence clusters, greedy with"
	echo "cost scaling r = 0.3: R-2 en/fr/cs 18.25/18.84/15.54 with articles as clusters; with 20% medoid"
	echo "clusters and a lead reward 1/(1 + rank) 21.43/24.26/18.07, multinews-val 260 words R-2 15.10."
	echo "Concept weights as a position-weighted article count (each article adds 1 + 1/(1 + rank of its"
	echo "first sentence with the bigram)): 23.13/22.71/18.68."
	echo "Measured and not kept (commit of 2026-11-26): the plain greedy concept coverage, sentences by new"
	echo "concept weight per word, times 1 + P/(1 + lead rank): multiling R-2 en/fr/cs 15.42/19.31/17.13 (P=0),"
	echo "20.98/22.37/19.25 (P=3), 21.41/21.83/18.70 (P=5); centroid-lead times the share of new concept"
	echo "weight: 19.28/19.57/16.25.  The bonus weight 2 is the best of 1, 2, 3 on multinews-val (R-2 15.97,"
	echo "16.23, 15.93)."
	echo "Readable summaries (the lead fact first, fragments left out, a sentence that points back to the one"
	echo "before it or a quotation without a named speaker only with that sentence), concept at the defaults,"
	echo "before -> after (2026-12-05, commit fbc8ce9 -> 4e98bb7): multinews-val 260 words R-1/R-2/SU4"
	echo "45.49/15.94/19.31 -> 45.39/15.81/19.19; multiling2011 250 words R-2 en 21.68 -> 21.50, fr 24.70 -> 24.71,"
	echo "cs 19.23 -> 19.25, el 13.49 -> 13.59, ar 23.57 -> 23.57, he 9.33 -> 9.35, hi 12.28 -> 12.28.  Leaving"
	echo "whole quoted sentences out instead of letting them follow the sentence before (which mostly names the"
	echo "speaker) measured multinews-val R-2 15.57."
	echo
	echo "### multinews-val, 260 words"
	echo
	echo "Targets: R-1 ≥ 43.3, R-2 ≥ 13.9, SU4 ≥ 17.8 (best unsupervised tool we ran: 42.84 / 13.55 / 17.44; Lead-3 ≈ 40 / 12)."
	echo
	echo "| method | R-1 | R-2 | R-L | SU4 |"
	echo "|---|---:|---:|---:|---:|"
	for m in $methods; do echo "| $m | $(rouge multinews-val 260 $m "") |"; done
	echo
	echo "### multinews-val, 100 words"
	echo
	echo "The held-out acceptance set is scored at 100 words (best published unsupervised systems there: R-1 39.2, R-2 9.8;"
	echo "a different set, so these numbers are not comparable to those)."
	echo
	echo "| method | R-1 | R-2 | R-L | SU4 |"
	echo "|---|---:|---:|---:|---:|"
	for m in $methods; do echo "| $m | $(rouge multinews-val 100 $m "") |"; done
	echo
	echo "### multiling2011, 250 words"
	echo
	echo "Targets: English R-2 ≥ 13.9; French and Czech at least 3 R-2 points above the centroid baseline."
	echo
	echo "| language | method | R-1 | R-2 | R-L | SU4 |"
	echo "|---|---|---:|---:|---:|---:|"
	for l in $langs; do
		[ -d "$data/multiling2011/$l" ] || continue
		if [ "$l" = en ]; then la=""; else la="--lang $l"; fi
		for m in $methods; do echo "| $l | $m | $(rouge multiling2011/$l 250 $m "$la") |"; done
	done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "eval_stories: wrote $out"
