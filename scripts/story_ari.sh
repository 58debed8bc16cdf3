#!/bin/sh
# story_ari.sh BIN [run options...]: story ARI and pairwise precision and
# recall (newsift eval --level story) on every set of ../shared/data, one
# line a set.  Skips with a message when ../shared/data is absent.
bin=$1; shift
D=${NEWSIFT_DATA:-$(dirname "$0")/../../shared/data}
[ -d "$D" ] || { echo "story_ari: $D not found; skipped"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/story-ari.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for s in syndication-dev multinews-val bbc multiling2011/ar multiling2011/cs multiling2011/el multiling2011/en multiling2011/fr multiling2011/he multiling2011/hi; do
	o=$tmp/$(echo $s | tr / _)
	$bin run -q "$@" $D/$s/articles.jsonl -o $o >/dev/null 2>&1 || { echo "$s: run failed"; continue; }
	$bin eval --level story --json $o/clusters.tsv $D/$s/gold.tsv | python3 -c "
import json,sys; j=json.load(sys.stdin); s=j.get('story',j)
print('%-18s ARI %.4f P %.4f R %.4f' % ('$s', s['ari'], s['precision'], s['recall']))"
done
