#!/bin/sh
# MinHash variants: estimation error against the exact Jaccard and signing
# speed, on syndication-dev read in place.  Writes results/minhash.md.
set -eu
bench=${1:-build/bench/minhash_bench}
data=${NEWSIFT_DATA:-../shared/data}/syndication-dev
out=results/minhash.md
if [ ! -d "$data" ]; then
	echo "minhash_bench: $data not found; skipping"
	exit 0
fi
{
	echo "# MinHash variants"
	echo
	echo "Written by \`scripts/minhash_bench.sh\` (\`make eval\`), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
	sh "$(dirname "$0")/provenance.sh"
	echo "Command: \`$bench $data/articles.jsonl $data/gold.tsv 128\` (source: tests/bench/minhash_bench.c)."
	echo "Same cleaning, tokens and 5-shingles as \`newsift run\`; pairs are articles that share a gold story,"
	echo "which covers every Jaccard range (copies, abridged copies, different reports of one event)."
	echo
	"$bench" "$data/articles.jsonl" "$data/gold.tsv" 128
	echo
	echo "With 256 values:"
	echo
	"$bench" "$data/articles.jsonl" "$data/gold.tsv" 256
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "minhash_bench: wrote $out"
