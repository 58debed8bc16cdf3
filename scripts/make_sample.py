#!/usr/bin/env python3
"""Build a synthetic, reproducible news dump for testing newsift.

Reads original (fictional) articles from ``--articles/*.txt``, invents
syndicated near-duplicate copies of them, shuffles everything and writes

* ``--out``  : gzip-compressed JSONL, one record per line with the keys
               id, title, date, source, url, text (in that order);
* ``--gold`` : TSV ``id<TAB>dup_group<TAB>story`` with one row per record,
               in output order.  ``dup_group`` is the id of the original an
               record derives from (the original's own id for originals),
               ``story`` is the event id (the part of the original id before
               the last "-a", e.g. "e01" for "e01-a1").

Input article format::

    id: e01-a1
    title: <headline>
    date: 2026-03-14
    source: <outlet>
    url: https://x.example/slug

    <paragraph 1>

    <paragraph 2>

Every original yields 0-4 syndicated copies (mostly 1-3), each published by
a different fictional outlet from OUTLETS, with a fresh 12-hex-digit id, the
outlet as ``source`` and a URL on the outlet's domain.  About 15% of copies
are *exact* (same title, date and text).  Every other copy combines 2-4 of
these transforms:

boilerplate    outlet header paragraphs (outlet name, "By Staff Writer") and
               footer paragraphs (share prompt, newsletter pitch, copyright,
               cookie notice, "Related: <headline of another story>").
ads            1-3 "Advertisement" paragraphs (sometimes "ADVERTISEMENT" or
               the misspelling "Advertisment") between body paragraphs.
abridged       only the first 55-90% of paragraphs kept (at least 2), or a
               single middle paragraph dropped (originals with >= 3 paras).
word_edits     0.5-2% of words changed: adjacent-letter typo, synonym from
               a small table, or US <-> UK spelling.
typography     1-3 of: straight <-> curly quotes, "&amp;" / "&quot;"
               entities, doubled spaces, non-breaking spaces (U+00A0),
               em dash <-> " - ", CRLF line ends throughout the text.
headline_date  headline prefix ("UPDATE: "...), " | <Outlet>" style suffix
               or case change; date shifted forward by 0-1 days.
dateline       "CITY (Agency) — " prefix on the first body paragraph.

All randomness comes from one ``random.Random(seed)``; input files are
processed in sorted name order and nothing depends on hash/dict/set
iteration order, the file system, time or the environment, so the same
inputs and seed give byte-identical outputs (the gzip header carries no file
name and mtime 0).

Usage:
    python3 scripts/make_sample.py --articles corpora/articles \\
        --out corpora/sample.jsonl.gz --gold corpora/sample.gold.tsv \\
        [--seed 20261125]
"""

import argparse
import datetime
import gzip
import json
import os
import random
import re
import sys

DEFAULT_SEED = 20261125

# Fictional syndication outlets: (display name, domain).  Reserved .example
# domains so nothing points at a real site.
OUTLETS = [
    ("The Harbor Ledger", "harborledger.example"),
    ("Northgate Courier", "northgatecourier.example"),
    ("Valley Dispatch", "valleydispatch.example"),
    ("The Morning Lantern", "morninglantern.example"),
    ("Coastline Herald", "coastlineherald.example"),
    ("Riverbend Gazette", "riverbendgazette.example"),
    ("Daily Meridian", "dailymeridian.example"),
    ("Pinecrest Observer", "pinecrestobserver.example"),
    ("Lakeshore Tribune", "lakeshoretribune.example"),
    ("Eastfield Chronicle", "eastfieldchronicle.example"),
    ("Metro Bulletin Online", "metrobulletin.example"),
    ("The Civic Record", "civicrecord.example"),
    ("Westmark News Network", "westmarknews.example"),
    ("Open Road Times", "openroadtimes.example"),
    ("Bayside Examiner", "baysideexaminer.example"),
    ("Summit Post", "summitpost.example"),
]

# Number of copies per original (0..4) and their relative weights.
COPY_COUNTS = [0, 1, 2, 3, 4]
COPY_WEIGHTS = [7, 30, 33, 22, 8]
EXACT_RATE = 0.15

# Names of the non-exact transforms, in the fixed order they are applied.
KINDS = ["abridged", "word_edits", "dateline", "ads", "boilerplate",
         "typography", "headline_date"]

AD_LABELS = ["Advertisement"] * 6 + ["ADVERTISEMENT"] * 3 + ["Advertisment"]

DATELINE_PLACES = ["MARLOW FALLS", "EASTBROOK", "PORT CALLOWAY",
                   "CEDAR JUNCTION", "WESTON HILLS", "TILLOW BEND",
                   "NORTH HAVERLY", "GLENMORE"]
DATELINE_AGENCIES = ["Wire", "Newsline", "Regional Press Service"]

HEADLINE_PREFIXES = ["UPDATE: ", "UPDATED: ", "BREAKING: ", "WATCH: "]
HEADLINE_SUFFIX_FORMATS = [" | {}", " - {}", " \u2013 {}"]

# Small synonym table (lower case, one direction).
SYNONYMS = {
    "said": "stated", "about": "around", "big": "large", "large": "big",
    "help": "assist", "start": "begin", "started": "began",
    "buy": "purchase", "officials": "authorities", "quickly": "rapidly",
    "many": "numerous", "need": "require", "plan": "proposal",
    "residents": "locals", "told": "informed", "also": "additionally",
    "near": "close to", "enough": "sufficient", "rise": "increase",
    "fell": "dropped", "expected": "anticipated", "show": "reveal",
    "important": "significant", "end": "finish",
    "almost": "nearly", "nearly": "almost", "build": "construct",
}

# US <-> UK spelling pairs; the lookup table below works in both directions.
_SPELLING_PAIRS = [
    ("color", "colour"), ("colors", "colours"), ("center", "centre"),
    ("centers", "centres"), ("organization", "organisation"),
    ("organizations", "organisations"), ("organize", "organise"),
    ("organized", "organised"), ("program", "programme"),
    ("programs", "programmes"), ("favor", "favour"),
    ("favorite", "favourite"), ("labor", "labour"),
    ("neighbor", "neighbour"), ("neighbors", "neighbours"),
    ("neighborhood", "neighbourhood"), ("defense", "defence"),
    ("license", "licence"), ("traveled", "travelled"),
    ("analyze", "analyse"), ("realize", "realise"),
    ("recognize", "recognise"), ("honor", "honour"),
    ("theater", "theatre"), ("gray", "grey"), ("behavior", "behaviour"),
    ("criticized", "criticised"), ("apologized", "apologised"),
    ("canceled", "cancelled"), ("flavor", "flavour"),
    ("harbor", "harbour"), ("catalog", "catalogue"),
    ("fulfill", "fulfil"), ("jewelry", "jewellery"),
]
SPELLING = {}
for _us, _uk in _SPELLING_PAIRS:
    SPELLING[_us] = _uk
    SPELLING[_uk] = _us

WORD_RE = re.compile(r"[A-Za-z]+")
NBSP = "\u00a0"

REQUIRED_HEADERS = ["id", "title", "date", "source", "url"]


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------

def story_of(article_id):
    """Event id = part of the article id before the last "-a"."""
    pos = article_id.rfind("-a")
    return article_id[:pos] if pos > 0 else article_id


def parse_article(path):
    """Parse one article file into a dict with header fields + paragraphs."""
    with open(path, encoding="utf-8-sig") as f:
        raw = f.read().replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n[ \t]*\n", raw, maxsplit=1)
    if len(parts) != 2:
        raise ValueError(f"{path}: no blank line after the header")
    head, body = parts
    fields = {}
    for line in head.split("\n"):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f"{path}: bad header line {line!r}")
        fields[key.strip().lower()] = value.strip()
    for key in REQUIRED_HEADERS:
        if not fields.get(key):
            raise ValueError(f"{path}: missing header '{key}'")
    # Paragraphs are separated by blank lines; lines inside a paragraph are
    # kept as they are (only trailing whitespace is stripped).
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", body):
        lines = [ln.rstrip() for ln in block.strip("\n").split("\n")]
        para = "\n".join(lines).strip()
        if para:
            paragraphs.append(para)
    if not paragraphs:
        raise ValueError(f"{path}: article has no text")
    art = {key: fields[key] for key in REQUIRED_HEADERS}
    art["paragraphs"] = paragraphs
    art["story"] = story_of(art["id"])
    return art


def load_articles(directory):
    names = sorted(n for n in os.listdir(directory) if n.endswith(".txt"))
    articles = [parse_article(os.path.join(directory, n)) for n in names]
    seen = set()
    for art in articles:
        if art["id"] in seen:
            raise ValueError(f"duplicate article id {art['id']!r}")
        seen.add(art["id"])
    return articles


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def match_case(template, word):
    """Give `word` the capitalisation pattern of `template`."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[0].isupper():
        return word[0].upper() + word[1:]
    return word


def new_id(rng, used):
    """A fresh 12-hex-digit id not in `used` (which is updated)."""
    while True:
        cand = "%012x" % rng.getrandbits(48)
        if cand not in used:
            used.add(cand)
            return cand


def url_slug(art):
    """Slug for copy URLs: last path component of the original URL (without
    any extension), or else a slug made from the title."""
    path = art["url"].split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    parts = path.strip("/").split("/")
    last = parts[-1].split(".", 1)[0] if len(parts) > 1 else ""
    slug = re.sub(r"[^a-z0-9]+", "-", (last or art["title"]).lower()).strip("-")
    return slug or "story"


def shift_date(date_str, days):
    """ISO date plus `days`; unparsable dates are returned unchanged."""
    try:
        d = datetime.date.fromisoformat(date_str)
    except ValueError:
        return date_str
    return (d + datetime.timedelta(days=days)).isoformat()


def spaces_positions(text):
    return [m.start() for m in re.finditer(" ", text)]


def replace_at(text, positions, repl):
    """Replace the single characters at `positions` with `repl`."""
    out, prev = [], 0
    for pos in sorted(positions):
        out.append(text[prev:pos])
        out.append(repl)
        prev = pos + 1
    out.append(text[prev:])
    return "".join(out)


# --------------------------------------------------------------------------
# Transforms.  Each takes the rng and a mutable "copy" dict with keys
# title, date, paras (list of body paragraphs), header, footer (lists of
# boilerplate paragraphs), crlf (bool), outlet, domain.
# --------------------------------------------------------------------------

def t_abridged(rng, c, ctx):
    paras = c["paras"]
    n = len(paras)
    if rng.random() < 0.6:
        # Keep a leading 55-90% of the paragraphs (at least 2, fewer than n).
        keep = round(n * rng.uniform(0.55, 0.90))
        keep = max(2, min(n - 1, keep))
        c["paras"] = paras[:keep]
    else:
        # Drop one paragraph that is neither the first nor the last.
        drop = rng.randint(1, n - 2)
        c["paras"] = paras[:drop] + paras[drop + 1:]


def _typo(rng, word):
    """Swap two adjacent letters, preferring interior, differing letters."""
    idx = [i for i in range(1, len(word) - 2) if word[i] != word[i + 1]]
    if not idx:
        idx = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    if not idx:
        return word
    i = rng.choice(idx)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def t_word_edits(rng, c, ctx):
    paras = c["paras"]
    n_words = sum(len(p.split()) for p in paras)
    n_edits = max(1, round(n_words * rng.uniform(0.005, 0.02)))
    # Candidate word positions (paragraph index, start, end).
    table_pos, typo_pos = [], []
    for pi, p in enumerate(paras):
        for m in WORD_RE.finditer(p):
            w = m.group().lower()
            if w in SYNONYMS or w in SPELLING:
                table_pos.append((pi, m.start(), m.end()))
            elif len(w) >= 4:
                typo_pos.append((pi, m.start(), m.end()))
    chosen = []
    for _ in range(n_edits):
        # Prefer a table word half the time so synonyms/spellings show up.
        pool = table_pos if (table_pos and (rng.random() < 0.5 or not typo_pos)) else typo_pos
        if not pool:
            break
        chosen.append(pool.pop(rng.randrange(len(pool))))
    # Apply right-to-left so earlier offsets stay valid.
    new_paras = list(paras)
    for pi, start, end in sorted(chosen, reverse=True):
        p = new_paras[pi]
        word = p[start:end]
        low = word.lower()
        if low in SPELLING and (low not in SYNONYMS or rng.random() < 0.5):
            repl = match_case(word, SPELLING[low])
        elif low in SYNONYMS:
            repl = match_case(word, SYNONYMS[low])
        else:
            repl = _typo(rng, word)
        new_paras[pi] = p[:start] + repl + p[end:]
    c["paras"] = new_paras


def t_dateline(rng, c, ctx):
    place = rng.choice(DATELINE_PLACES)
    agency = rng.choice(DATELINE_AGENCIES)
    c["paras"] = [f"{place} ({agency}) \u2014 " + c["paras"][0]] + c["paras"][1:]


def t_ads(rng, c, ctx):
    paras = c["paras"]
    label = rng.choice(AD_LABELS)
    gaps = list(range(1, len(paras)))          # insert before paras[gap]
    k = rng.randint(1, min(3, len(gaps)))
    where = sorted(rng.sample(gaps, k))
    out = []
    for i, p in enumerate(paras):
        if i in where:
            out.append(label)
        out.append(p)
    c["paras"] = out


def t_boilerplate(rng, c, ctx):
    outlet = c["outlet"]
    header = [outlet, "By Staff Writer"]
    r = rng.random()
    c["header"] = header if r < 0.5 else header[:1] if r < 0.75 else header[1:]
    footer = ["Share this article",
              "Sign up for our daily newsletter to get the top stories "
              "delivered to your inbox.",
              f"\u00a9 2026 {outlet}. All rights reserved.",
              "We use cookies to improve your experience. By continuing "
              "you accept our cookie policy."]
    related = ctx["related_titles"]
    if related:
        footer.append("Related: " + rng.choice(related))
    k = rng.randint(2, min(4, len(footer)))
    keep = sorted(rng.sample(range(len(footer)), k))
    c["footer"] = [footer[i] for i in keep]


# --- typography sub-effects (each works on a list of strings) -------------

def _dash(rng, texts):
    if any("\u2014" in t for t in texts):
        return [re.sub(r" ?\u2014 ?", " - ", t) for t in texts]
    return [re.sub(r" -{1,2} ", " \u2014 ", t) for t in texts]


def _entities(rng, texts):
    return [t.replace("&", "&amp;").replace('"', "&quot;") for t in texts]


def _straight_to_curly(t):
    t = re.sub(r'(^|[\s(\[{\u2014-])"', "\\1\u201c", t)
    t = t.replace('"', "\u201d")
    t = re.sub(r"(^|[\s(\[{\u2014-])'", "\\1\u2018", t)
    return t.replace("'", "\u2019")


def _quotes(rng, texts):
    if any(ch in t for t in texts for ch in "\u201c\u201d\u2018\u2019"):
        table = str.maketrans({"\u201c": '"', "\u201d": '"',
                               "\u2018": "'", "\u2019": "'"})
        return [t.translate(table) for t in texts]
    return [_straight_to_curly(t) for t in texts]


def _double_spaces(rng, texts):
    if rng.random() < 0.5 and any(". " in t for t in texts):
        return [t.replace(". ", ".  ") for t in texts]
    return _some_spaces(rng, texts, "  ", 0.03)


def _nbsp(rng, texts):
    # Glue numbers to the following word, plus a few random spaces.
    texts = [re.sub(r"(\d) (?=\w)", "\\1" + NBSP, t) for t in texts]
    return _some_spaces(rng, texts, NBSP, 0.02)


def _some_spaces(rng, texts, repl, rate):
    """Replace a random `rate` fraction (at least one) of spaces."""
    slots = [(ti, pos) for ti, t in enumerate(texts) for pos in spaces_positions(t)]
    if not slots:
        return texts
    k = max(1, round(len(slots) * rate))
    picked = rng.sample(slots, min(k, len(slots)))
    out = []
    for ti, t in enumerate(texts):
        out.append(replace_at(t, [p for (i, p) in picked if i == ti], repl))
    return out


def t_typography(rng, c, ctx):
    body = c["header"] + c["paras"] + c["footer"]
    joined = "\n".join(body)
    # Effects that can change something here, in fixed application order.
    effects = []
    if "\u2014" in joined or re.search(r" -{1,2} ", joined):
        effects.append("dash")
    if "&" in joined or '"' in joined:
        effects.append("entities")
    if re.search("[\"'\u201c\u201d\u2018\u2019]", joined):
        effects.append("quotes")
    effects += ["double_spaces", "nbsp", "crlf"]
    k = rng.randint(1, min(3, len(effects)))
    chosen = set(rng.sample(effects, k))
    funcs = {"dash": _dash, "entities": _entities, "quotes": _quotes,
             "double_spaces": _double_spaces, "nbsp": _nbsp}
    title = c["title"]
    for name in effects:                       # fixed order, not set order
        if name not in chosen:
            continue
        if name == "crlf":
            c["crlf"] = True
            continue
        body = funcs[name](rng, body)
        if name in ("entities", "quotes"):     # the CMS touches headlines too
            title = funcs[name](rng, [title])[0]
    nh, nb = len(c["header"]), len(c["paras"])
    c["header"], c["paras"], c["footer"] = body[:nh], body[nh:nh + nb], body[nh + nb:]
    c["title"] = title


def _title_case(s):
    return " ".join(w[:1].upper() + w[1:] for w in s.split(" "))


def t_headline_date(rng, c, ctx):
    title = c["title"]
    mode = rng.choice(["prefix", "suffix", "case"])
    if mode == "prefix":
        title = rng.choice(HEADLINE_PREFIXES) + title
    elif mode == "suffix":
        title = title + rng.choice(HEADLINE_SUFFIX_FORMATS).format(c["outlet"])
    else:
        cased = [title.upper(), _title_case(title),
                 title[:1] + title[1:].lower()]
        options = [t for t in cased if t != title] or [title.upper() + "!"]
        title = rng.choice(options)
    c["title"] = title
    c["date"] = shift_date(c["date"], rng.randint(0, 1))


TRANSFORMS = {
    "abridged": t_abridged, "word_edits": t_word_edits,
    "dateline": t_dateline, "ads": t_ads, "boilerplate": t_boilerplate,
    "typography": t_typography, "headline_date": t_headline_date,
}


def applicable_kinds(art):
    """Transforms that make sense for this original (in KINDS order)."""
    n = len(art["paragraphs"])
    kinds = []
    for kind in KINDS:
        if kind == "abridged" and n < 3:
            continue
        if kind == "ads" and n < 2:
            continue
        kinds.append(kind)
    return kinds


# --------------------------------------------------------------------------
# Record construction
# --------------------------------------------------------------------------

def make_record(rid, title, date, source, url, paras, crlf=False):
    text = "\n\n".join(paras)
    if crlf:
        text = text.replace("\n", "\r\n")
    # Key order matters for reproducible output.
    return {"id": rid, "title": title, "date": date, "source": source,
            "url": url, "text": text}


def make_copy(rng, art, outlet, domain, kinds, ctx, used_ids):
    """Build one syndicated copy of `art` applying `kinds` (may be empty)."""
    c = {"title": art["title"], "date": art["date"],
         "paras": list(art["paragraphs"]), "header": [], "footer": [],
         "crlf": False, "outlet": outlet, "domain": domain}
    for kind in KINDS:                          # fixed application order
        if kind in kinds:
            TRANSFORMS[kind](rng, c, ctx)
    rid = new_id(rng, used_ids)
    url = f"https://{domain}/{c['date'][:4]}/{url_slug(art)}-{rid[:6]}"
    return make_record(rid, c["title"], c["date"], outlet, url,
                       c["header"] + c["paras"] + c["footer"], c["crlf"])


def build(articles, seed):
    """Return (entries, stats); entries are (record, dup_group, story)
    tuples in output order."""
    rng = random.Random(seed)
    used_ids = set(a["id"] for a in articles)
    entries = []                                # (record, dup_group, story)
    stats = {"originals": len(articles), "copies": 0, "exact": 0}
    stats.update({k: 0 for k in KINDS})

    for art in articles:
        entries.append((make_record(art["id"], art["title"], art["date"],
                                    art["source"], art["url"],
                                    art["paragraphs"]),
                        art["id"], art["story"]))

        # Headlines of *other* stories for "Related:" footer links.
        ctx = {"related_titles": [a["title"] for a in articles
                                  if a["story"] != art["story"]]}
        n_copies = rng.choices(COPY_COUNTS, weights=COPY_WEIGHTS)[0]
        src = art["source"].strip().lower()
        outlets = [o for o in OUTLETS if o[0].lower() != src]
        n_copies = min(n_copies, len(outlets))
        kinds_avail = applicable_kinds(art)
        for outlet, domain in rng.sample(outlets, n_copies):
            if rng.random() < EXACT_RATE:
                kinds = []
                stats["exact"] += 1
            else:
                k = rng.randint(2, min(4, len(kinds_avail)))
                kinds = rng.sample(kinds_avail, k)
                for kind in kinds:
                    stats[kind] += 1
            rec = make_copy(rng, art, outlet, domain, kinds, ctx, used_ids)
            stats["copies"] += 1
            entries.append((rec, art["id"], art["story"]))

    # Shuffle so copies do not sit next to their originals.
    rng.shuffle(entries)
    separate_neighbours(entries)
    return entries, stats


def separate_neighbours(entries):
    """Best-effort, deterministic pass after the shuffle: wherever two
    neighbours share a dup_group, swap the second with the first later
    entry that can be moved there without creating a new such pair."""
    def ok(i, e):
        # Could entry `e` sit at index i, given its neighbours?
        return all(not (0 <= k < len(entries)) or entries[k][1] != e[1]
                   for k in (i - 1, i + 1))

    for i in range(1, len(entries)):
        if entries[i][1] != entries[i - 1][1]:
            continue
        for j in range(i + 1, len(entries)):
            a, b = entries[i], entries[j]
            if b[1] == entries[i - 1][1]:
                continue
            entries[i], entries[j] = b, a
            if ok(i, b) and ok(j, a):
                break
            entries[i], entries[j] = a, b       # undo; try the next j


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def ensure_parent(path):
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)


def write_jsonl_gz(path, records):
    ensure_parent(path)
    with open(path, "wb") as f:
        # No file name and mtime 0 in the gzip header => reproducible bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as gz:
            for rec in records:
                line = json.dumps(rec, ensure_ascii=False) + "\n"
                gz.write(line.encode("utf-8"))


def write_gold(path, entries):
    ensure_parent(path)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("id\tdup_group\tstory\n")
        for rec, group, story in entries:
            f.write(f"{rec['id']}\t{group}\t{story}\n")


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Make a reproducible near-duplicate news sample.")
    ap.add_argument("--articles", required=True,
                    help="directory with original articles (*.txt)")
    ap.add_argument("--out", required=True, help="output .jsonl.gz")
    ap.add_argument("--gold", required=True, help="output gold .tsv")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED,
                    help=f"random seed (default {DEFAULT_SEED})")
    args = ap.parse_args(argv)

    try:
        articles = load_articles(args.articles)
    except (OSError, ValueError) as e:
        print(f"make_sample: {e}", file=sys.stderr)
        return 1
    if not articles:
        print(f"make_sample: no *.txt articles in {args.articles}",
              file=sys.stderr)
        return 1

    entries, stats = build(articles, args.seed)
    write_jsonl_gz(args.out, [e[0] for e in entries])
    write_gold(args.gold, entries)

    kinds = ", ".join(f"{k} {stats[k]}" for k in KINDS)
    print(f"make_sample: {stats['originals']} originals, "
          f"{stats['copies']} copies ({stats['exact']} exact; "
          f"{stats['copies'] - stats['exact']} near-dup using {kinds}), "
          f"{len(entries)} records (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
