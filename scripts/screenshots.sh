#!/bin/sh
# Screenshots of the shipped sample's digest.html with headless Chromium,
# at a phone's window size (390x844) and a desktop's (1280x900):
#   sh scripts/screenshots.sh BIN OUTDIR   (make screenshots: OUTDIR=results)
# writes OUTDIR/digest-phone.png and OUTDIR/digest-desktop.png.  CHROMIUM
# names the browser (default: chromium from PATH).  Exit 1 when it is
# missing or a screenshot is not made.
set -u
bin=${1:-build/newsift}
out=${2:-results}
chrome=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chrome" ] || { echo "screenshots: chromium not found (Debian package chromium)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/newsift-shots.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
"$bin" run -q -t 2 corpora/sample.jsonl.gz -o "$tmp/sample" >/dev/null || { echo "screenshots: the sample run failed" >&2; exit 1; }
# a private profile, no network (every host unresolvable), and a time limit,
# so neither a hung browser nor the machine's settings can change the result
shot() { # shot NAME WIDTH HEIGHT
	rm -f "$out/digest-$1.png"
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
		--disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars \
		--user-data-dir="$tmp/profile-$1" --window-size="$2,$3" --screenshot="$out/digest-$1.png" \
		"file://$tmp/sample/digest.html" >"$tmp/$1.log" 2>&1
	[ -s "$out/digest-$1.png" ] || { echo "screenshots: no $out/digest-$1.png:" >&2; tail -n 3 "$tmp/$1.log" >&2; exit 1; }
	echo "screenshots: $out/digest-$1.png (${2}x$3)"
}
shot phone 390 844
shot desktop 1280 900
