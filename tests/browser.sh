#!/bin/sh
# digest.html in a real browser: headless Chromium renders the page of the
# hostile dump (tests/digest/evil.jsonl) and of the shipped sample, and the
# rendered DOM is checked (one h1, one h2 per story, a details element per
# story, links, no script or img element, the dump's markup still text);
# then screenshots at a phone's and a desktop's window size
# (scripts/screenshots.sh, as `make screenshots`) must come out the right
# size and not blank.  Without Chromium the suite is skipped, unless CI is
# set: then it fails.
bin=${1:-build/newsift}
dir=tests/digest
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if out=$("$@" 2>&1); then ok; else bad "$d${out:+: $out}"; fi
}
chrome=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chrome" ]; then
	if [ -n "${CI:-}" ]; then
		bad "chromium is not installed (scripts/deps.sh installs it); CI needs the browser test"
	else
		echo "browser: chromium not found, skipped (Debian package chromium)"
	fi
	echo "browser: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]; exit
fi
tmp=$(mktemp -d /tmp/newsift-browser.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# render NAME: the DOM of NAME/digest.html after Chromium loaded it
render() {
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
		--disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND" \
		--user-data-dir="$tmp/profile-$1" --dump-dom "file://$tmp/$1/digest.html" > "$tmp/$1.dom" 2> "$tmp/$1.log"
}
stories() { grep -c '^## [0-9]*\. ' "$tmp/$1/digest.md"; }

"$bin" run -q "$dir/evil.jsonl" -o "$tmp/evil" >/dev/null 2>&1
check "the hostile dump runs" test $? -eq 0
render evil
check "hostile page: Chromium renders it" test -s "$tmp/evil.dom"
check "hostile page: one h1, an h2 and a details per story, links, landmarks, no script" \
	python3 "$dir/check.py" dom "$tmp/evil.dom" "$(stories evil)"
check "hostile page: two stories rendered" test "$(stories evil)" -eq 2
check "hostile page: the title's <script> is text after rendering" \
	grep -qF "Harbour cafés stay open &lt;script&gt;alert(1)&lt;/script&gt; after Veltmoor blaze" "$tmp/evil.dom"
check "hostile page: the source's <img> is text after rendering" \
	grep -qF "Parish &lt;img src=x onerror=alert(1)&gt; &amp; Co" "$tmp/evil.dom"
check "hostile page: no javascript: link after rendering" sh -c '! grep -qi "href=\"javascript:" "$1"' _ "$tmp/evil.dom"

"$bin" run -q -t 2 corpora/sample.jsonl.gz -o "$tmp/sample" >/dev/null 2>&1
render sample
check "sample page: Chromium renders it" test -s "$tmp/sample.dom"
check "sample page: one h1, an h2 and a details per story (12), links, landmarks, no script" \
	python3 "$dir/check.py" dom "$tmp/sample.dom" 12
check "sample page: every summary sentence a link to an article" python3 -c '
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
links = re.findall(r"<p class=\"summary\">(.*?)</p>", dom, re.S)
assert len(links) == 12, len(links)
for p in links:
    assert re.match(r"\s*<a href=\"(https?://|#s\d+-a\d+)", p), p[:200]' "$tmp/sample.dom"

# screenshots: the right sizes, and not blank
sh scripts/screenshots.sh "$bin" "$tmp/shots" > "$tmp/shots.log" 2>&1
check "screenshots are made" test $? -eq 0
png() { # png FILE WIDTH HEIGHT: a PNG of that size with more than a few colours
	python3 -c '
import struct, sys, zlib
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", b[16:24])
assert (w, h) == (int(sys.argv[2]), int(sys.argv[3])), (w, h)
i, data = 8, b""
while i < len(b):
    n, = struct.unpack(">I", b[i:i + 4]); t = b[i + 4:i + 8]
    if t == b"IDAT": data += b[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(data)
assert len(set(raw)) > 40, "blank: %d byte values" % len(set(raw))' "$@"
}
check "phone screenshot: 390x844, not blank" png "$tmp/shots/digest-phone.png" 390 844
check "desktop screenshot: 1280x900, not blank" png "$tmp/shots/digest-desktop.png" 1280 900

echo "browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
