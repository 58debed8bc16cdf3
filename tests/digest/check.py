"""Checks of the digest files, for tests/digest.sh and tests/browser.sh.

check.py html FILE            the page's structure and escaping (exit 1 and
                              a reason on the first failure)
check.py stories OUTDIR FMT   one line per story shown: "RANK<TAB>HEADLINE",
                              from digest.FMT (md, html or json)
check.py dom FILE NSTORIES    a page as Chromium rendered it (--dump-dom)
check.py json FILE            digest.json against the schema in README.md
"""
import html
import html.parser
import json
import re
import sys

VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area", "base", "embed", "track"}


def fail(msg):
    print("check.py: " + msg)
    sys.exit(1)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []       # (tag, attrs) in document order
        self.stack = []
        self.errors = []
        self.ids = set()
        self.text = {}       # tag -> list of texts of its elements (h1, h2, summary)
        self.cur = []        # open text collectors
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "html":
            self.html_lang = a.get("lang")
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append("duplicate id " + a["id"])
            self.ids.add(a["id"])
        if tag not in VOID:
            self.stack.append(tag)
        if tag in ("h1", "h2", "summary", "title"):
            self.cur.append([tag, ""])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s" % (tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()
        if self.cur and self.cur[-1][0] == tag:
            t, s = self.cur.pop()
            self.text.setdefault(t, []).append(" ".join(s.split()))

    def handle_data(self, data):
        for c in self.cur:
            c[1] += data


def parse(path):
    p = Page()
    raw = open(path, encoding="utf-8").read()
    p.feed(raw)
    p.close()
    return p, raw


def count(p, tag):
    return sum(1 for t, _ in p.tags if t == tag)


def check_html(path):
    p, raw = parse(path)
    if not raw.startswith("<!DOCTYPE html>"):
        fail("no doctype")
    if p.errors:
        fail("; ".join(p.errors[:3]))
    if p.stack:
        fail("unclosed: " + " ".join(p.stack))
    if not p.html_lang:
        fail("no lang attribute")
    for tag in ("script", "img", "iframe", "object", "embed", "link", "base", "form", "b", "i", "svg"):
        if count(p, tag):
            fail("a <%s> element in the page" % tag)
    if re.search(r"<\s*(script|img)", raw, re.I):
        fail("an unescaped <script or <img")
    if count(p, "h1") != 1:
        fail("%d h1 elements" % count(p, "h1"))
    for tag in ("header", "main", "footer"):
        if count(p, tag) != 1:
            fail("%d %s elements" % (count(p, tag), tag))
    if not any(t == "meta" and a.get("name") == "viewport" for t, a in p.tags):
        fail("no viewport meta")
    for t, a in p.tags:
        for k, v in a.items():
            if k.startswith("on"):
                fail("event handler attribute %s on <%s>" % (k, t))
            if k in ("src", "srcset", "background", "poster", "data"):
                fail("a %s attribute on <%s>: a fetch" % (k, t))
        if t == "a":
            h = a.get("href")
            if h is None:
                fail("a link without href")
            if h.startswith("#"):
                if h[1:] not in p.ids:
                    fail("anchor %s points nowhere" % h)
            elif not re.match(r"https?://", h, re.I):
                fail("href that is not http(s) or an anchor: " + h)
    # no fetch from the style either (fonts, images, imports)
    style = re.search(r"<style>(.*?)</style>", raw, re.S)
    if style and re.search(r"url\(|@import|https?:", style.group(1)):
        fail("the style fetches something")
    return p


def stories(outdir, fmt):
    rows = []
    if fmt == "md":
        for line in open(outdir + "/digest.md", encoding="utf-8"):
            m = re.match(r"## (\d+)\. (.*)$", line.rstrip("\n"))
            if m:
                rows.append((int(m.group(1)), re.sub(r"\\(.)", r"\1", m.group(2))))
            elif line.startswith("- "):
                m = re.match(r"- \*\*?(.*?)\*\*? — ", line)
                rows.append((len(rows) + 1, re.sub(r"\\(.)", r"\1", m.group(1)) if m else line))
    elif fmt == "html":
        p, raw = parse(outdir + "/digest.html")
        # the stories' h2 and the single articles' entries, in page order
        main = raw[raw.index("<main>"):]
        for m in re.finditer(r'<h2 id="s\d+-h"><span class="rank">(\d+)\.</span> (.*?)</h2>|'
                             r'<li id="s(\d+)-a1">(?:<a [^>]*>|<span class="untitled">)?(.*?)(?:</a>|</span>)? <span class="about">',
                             main):
            if m.group(1):
                rows.append((int(m.group(1)), html.unescape(m.group(2))))
            elif raw.find('class="singles"') != -1 and m.start() > main.find('class="singles"') > 0:
                rows.append((int(m.group(3)), html.unescape(re.sub(r"<[^>]*>", "", m.group(4)))))
    elif fmt == "json":
        d = json.load(open(outdir + "/digest.json", encoding="utf-8"))
        for s in d["stories"]:
            if s["single"]:
                rows.append((s["rank"], s["members"][0]["listing"]))
            else:
                rows.append((s["rank"], s["headline"]))
    for r, h in rows:
        print("%d\t%s" % (r, h))


def dom(path, nstories):
    p, raw = parse(path)
    for tag in ("script", "img", "iframe", "object", "embed", "link"):
        if count(p, tag):
            fail("a %s element after rendering" % tag)
    for t, a in p.tags:
        for k in a:
            if k.startswith("on"):
                fail("event handler attribute %s on <%s> after rendering" % (k, t))
    if count(p, "h1") != 1:
        fail("%d h1 after rendering" % count(p, "h1"))
    h2 = [a.get("id", "") for t, a in p.tags if t == "h2"]
    story_h2 = [i for i in h2 if re.match(r"s\d+-h$", i)]
    if len(story_h2) != nstories:
        fail("%d story headings after rendering, %d stories" % (len(story_h2), nstories))
    if count(p, "details") != nstories or count(p, "summary") != nstories:
        fail("%d details, %d summary elements for %d stories" % (count(p, "details"), count(p, "summary"), nstories))
    links = [a.get("href") for t, a in p.tags if t == "a"]
    if nstories and not links:
        fail("no links")
    if count(p, "main") != 1 or count(p, "header") != 1 or count(p, "footer") != 1:
        fail("landmarks missing after rendering")


def check_json(path):
    d = json.load(open(path, encoding="utf-8"))
    opt = type(None)
    if set(d) != {"version", "newsift", "counts", "history", "stories"} or d["version"] != 1:
        fail("top level keys: %s" % sorted(d))
    ck = {"read", "kept", "duplicates", "exact_duplicates", "near_duplicates", "rejected", "stories",
          "multi_article_stories", "single_article_stories", "singles_shown"}
    if set(d["counts"]) != ck or not all(type(v) is int and v >= 0 for v in d["counts"].values()):
        fail("counts: %s" % d["counts"])
    story = {"rank": int, "story": str, "single": bool, "status": (str, opt), "headline": str,
             "headline_from": str, "headline_article": int, "articles": int, "records": int, "sources": list,
             "first_date": (str, opt), "last_date": (str, opt), "summary": list, "members": list}
    sent = {"text": str, "article": int, "id": str, "sentence": int, "url": (str, opt)}
    member = {"n": int, "id": str, "title": (str, opt), "listing": str, "listing_from": str, "source": (str, opt),
              "date": (str, opt), "url": (str, opt), "copies": int}

    def shape(o, spec, what):
        keys = set(spec)
        if "status" in spec and o.get("status") == "continuing":
            keys |= {"first_seen", "earlier_articles"}
        if set(o) != keys:
            fail("%s keys: %s" % (what, sorted(set(o) ^ keys)))
        for k, t in spec.items():
            if not isinstance(o[k], t) or (t is int and isinstance(o[k], bool)):
                fail("%s.%s: %r" % (what, k, o[k]))

    singles = 0
    for i, s in enumerate(d["stories"]):
        shape(s, story, "story %d" % (i + 1))
        if s["rank"] != i + 1 or s["headline_from"] not in ("title", "summary", "text"):
            fail("story %d: rank or headline_from" % (i + 1))
        if len(s["members"]) != s["articles"] or not 1 <= s["headline_article"] <= s["articles"]:
            fail("story %d: members" % (i + 1))
        if s["status"] not in ((None,) if not d["history"] else ("new", "continuing")):
            fail("story %d: status %r" % (i + 1, s["status"]))
        singles += s["single"]
        for x in s["summary"]:
            shape(x, sent, "story %d summary" % (i + 1))
            m = s["members"][x["article"] - 1]
            if m["id"] != x["id"] or m["url"] != x["url"]:
                fail("story %d: a summary sentence names another article" % (i + 1))
        for k, m in enumerate(s["members"]):
            shape(m, member, "story %d member" % (i + 1))
            if m["n"] != k + 1 or m["listing_from"] not in ("title", "text"):
                fail("story %d member %d" % (i + 1, k + 1))
            if (m["listing_from"] == "title") != (m["title"] is not None):
                fail("story %d member %d: listing_from" % (i + 1, k + 1))
            if m["url"] is not None and not re.match(r"https?://", m["url"], re.I):
                fail("a url that is not http(s): " + m["url"])
    if singles != d["counts"]["singles_shown"]:
        fail("singles_shown %d, %d single stories" % (d["counts"]["singles_shown"], singles))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "html":
        check_html(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "stories":
        stories(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "json":
        check_json(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "dom":
        dom(sys.argv[2], int(sys.argv[3]))
    else:
        fail("usage: check.py html FILE | stories OUTDIR md|html|json | dom FILE NSTORIES")
