#!/usr/bin/env python3
"""Generate a large synthetic news dump with ground truth, for benchmarks.

Writes N records of JSONL, one object per line with the keys
id, title, date, source, url, text (in that order), to standard output or
--out FILE (gzip when FILE ends in .gz, with mtime 0 and no file name in the
header), and with --gold FILE a TSV ``id dup_group story`` with one row per
record in output order (gzip too when it ends in .gz).

The records are a stream of three kinds:

original        (about 82%) a new article: a title, a date, an outlet, a URL
                and 300-1,500 words of text (mean about 570 words, 3.0 KB
                of JSONL a record).  Words come from a vocabulary of 50,000 invented
                pseudo-words whose frequencies follow Zipf's law (exponent
                1.1; shorter words are the frequent ones, about 8% of the
                ranks are capitalised names, a few are numbers, a few names
                carry accents).  Sentences have 8-35 words, start with a
                capital and end with ".", "?" or "!", or are quotes
                ('"...," said Name Name.'); some words carry a comma.
                Paragraphs of 1-4 sentences are separated by a blank line;
                some articles open with a "PLACE — " dateline.
near copy       (about 15%) a syndicated copy of an earlier original, taken
                from a window of the last --window originals, published by
                another outlet under a new id and URL.  It gets some of:
                outlet header lines (the outlet's name, a byline) and footer
                lines (copyright, share prompt, newsletter pitch, cookie
                notice, "Related: <another title>"); 1-3 "Advertisement"
                lines between paragraphs; abridgement to the first 50-90% of
                its paragraphs; 0.5-2% of its words edited (replaced by
                another word, two letters swapped, or deleted).  Its title
                may carry the outlet's name; its date is the original's or
                one day later.
exact copy      (about 3%) a record emitted shortly before (an original or a
                near copy), byte for byte, with a new id.

With --templated F, a share F of the originals are instead templated
reports (automatically written market, sports or weather reports): each is
one of --templates K fixed texts (made once, 250-600 words) in which about
13% of the words are slots filled anew for every report with numbers and
names, so two reports of one template share about 87% of their words but
are different articles (each its own story).  Near and exact copies of them
are made like those of other originals.  Without --templated the output is
the same as before the option existed.

The gold ``dup_group`` of a record is the id of the original it derives
from (its own id for an original); ``story`` is the same value (the corpus
has no related-but-different articles).

The generator streams: it keeps only the vocabulary tables, the last
--window originals (for near copies) and the last 1,000 records (for exact
copies), so 10M articles need no more memory than 10k.  Output is
deterministic for a given --seed and arguments (all randomness comes from
one random.Random; ids are a bijective mix of the record number, so they
never collide).  Compression runs in a second thread (zlib releases the
GIL), at level 1 by default: on this text level 6 compresses at 16 MB/s and
would be the bottleneck, level 1 at 84 MB/s (files 14% larger).  Outputs are
written under FILE.tmp and renamed when complete.

Speed: words are drawn by indexing a precomputed 65,536-slot table with
random 16-bit numbers (random.randbytes) through map(), so the interpreter
only does per-sentence work.  There are 32 such tables; together they hold
the Zipf distribution with 2M slots (every word has at least one).  Each
run of EPOCH (1,000) records draws from one table, chosen at random, so the
table stays in the CPU cache (one table: 80 ns a word; a table per
paragraph: 300 ns).  Over the corpus the frequencies are Zipf's; within
one epoch a rare word is a little more or less frequent than its rank says,
like topics that come and go.

Usage:
    python3 scripts/gen_corpus.py -n 100000 --seed 1 --out news.jsonl.gz \\
        --gold news.gold.tsv
"""

import argparse
import datetime
import gzip
import math
import os
import queue
import random
import sys
import threading
import time
from array import array
from bisect import bisect_left
from itertools import accumulate

DEFAULT_SEED = 20261126
VOCAB_SIZE = 50000
ZIPF_S = 1.1
TABLE_BITS = 16
TABLE_SIZE = 1 << TABLE_BITS
N_TABLES = 32
COMMA_RATE = 0.06          # share of word slots (rank > COMMA_MIN_RANK) with a comma
COMMA_MIN_RANK = 30
NAME_RATE = 0.08           # share of ranks >= 100 that are capitalised names
NUMBER_RATE = 0.01         # share of ranks >= 50 that are numbers
ACCENT_RATE = 0.05         # share of names with an accented letter
N_OUTLETS = 300
NEAR_RATE = 0.15
EXACT_RATE = 0.03
RECENT_RECORDS = 1000      # exact copies come from the last this many records
CHUNK_BYTES = 4 << 20      # output is handed to the writer thread in chunks
EPOCH = 1000               # records drawn from one word table (cache-friendly)
TEMPLATE_SLOT_RATE = 0.13  # share of a template's words filled anew in every report

ONSETS = ("", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p",
          "r", "s", "t", "v", "w", "z", "br", "cr", "dr", "fr", "gr", "pr",
          "tr", "st", "sp", "sl", "pl", "bl", "cl", "fl", "sh", "ch", "th",
          "wh", "qu", "sc", "sk", "sm", "sn", "sw")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee", "oo",
          "ou", "io", "ie", "y")
CODAS = ("", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "ng",
         "ck", "rd", "ll", "ss", "x", "th", "rt")
ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü"}

OUTLET_NOUNS = ("Herald", "Gazette", "Courier", "Ledger", "Dispatch", "Tribune",
                "Chronicle", "Post", "Times", "Journal", "Observer", "Sentinel",
                "Record", "Daily", "Standard", "Express", "Beacon", "Monitor",
                "Review", "Register", "Press", "Star", "Bulletin", "News",
                "Wire", "Report", "Mirror", "Telegraph", "Examiner", "Enquirer")
AD_LABELS = ("Advertisement",) * 8 + ("ADVERTISEMENT",) * 3 + ("Advertisment",)
COOKIE = "We use cookies to improve your experience. By continuing you accept our cookie policy."
FOLLOW = "Follow us on social media for the latest updates."


def pseudo_word(rng, syllables):
    parts = []
    for _ in range(syllables):
        parts.append(rng.choice(ONSETS))
        parts.append(rng.choice(VOWELS))
        if rng.random() < 0.45:
            parts.append(rng.choice(CODAS))
    return "".join(parts)


def make_vocab(rng, size):
    """Unique pseudo-words in rank order (short words get the high ranks)."""
    seen = set()
    words = []
    while len(words) < size:
        syl = rng.choices((1, 2, 3, 4), (25, 40, 25, 10))[0]
        w = pseudo_word(rng, syl)
        if len(w) < 2 or w in seen:
            continue
        seen.add(w)
        words.append(w)
    # Zipf's law of abbreviation: sort by length with noise.
    keyed = sorted(((len(w) + rng.gauss(0.0, 1.5), i) for i, w in enumerate(words)))
    ranked = [words[i] for _, i in keyed]
    for r in range(len(ranked)):
        u = rng.random()
        if r >= 50 and u < NUMBER_RATE:
            kind = rng.randrange(4)
            if kind == 0:
                ranked[r] = str(rng.randrange(2, 100))
            elif kind == 1:
                ranked[r] = str(rng.randrange(1990, 2027))
            elif kind == 2:
                ranked[r] = "%d.%d" % (rng.randrange(0, 50), rng.randrange(1, 10))
            else:
                ranked[r] = "%d%%" % rng.randrange(1, 100)
        elif r >= 100 and u < NUMBER_RATE + NAME_RATE:
            w = ranked[r]
            if rng.random() < ACCENT_RATE:
                pos = [j for j, ch in enumerate(w) if ch in ACCENTS]
                if pos:
                    j = rng.choice(pos)
                    w = w[:j] + ACCENTS[w[j]] + w[j + 1:]
            ranked[r] = w[0].upper() + w[1:]
    # Numbers and names may repeat an existing token; make them unique.
    seen = set()
    for r, w in enumerate(ranked):
        while w in seen:
            if w[0].isdigit():
                w = str(rng.randrange(100, 100000))
            else:
                w = w + rng.choice("abcdefghijklmnopqrstuvwxyz")
        seen.add(w)
        ranked[r] = w
    return ranked


def make_tables(rng, vocab):
    """N_TABLES lists of TABLE_SIZE words that together hold Zipf(ZIPF_S)."""
    total = N_TABLES * TABLE_SIZE
    weights = [r ** -ZIPF_S for r in range(1, len(vocab) + 1)]
    h = math.fsum(weights)
    slots = []
    counts = []
    for r, wt in enumerate(weights):
        c = wt / h * total
        n = int(c)
        if rng.random() < c - n:
            n += 1
        counts.append(max(n, 1))
    # Fix the total to exactly `total` by adjusting the most frequent word.
    counts[0] += total - sum(counts)
    comma = [w + "," for w in vocab]
    for r, n in enumerate(counts):
        w, wc = vocab[r], comma[r]
        if r >= COMMA_MIN_RANK:
            for _ in range(n):
                slots.append(wc if rng.random() < COMMA_RATE else w)
        else:
            slots.extend([w] * n)
    rng.shuffle(slots)
    return [slots[k * TABLE_SIZE:(k + 1) * TABLE_SIZE] for k in range(N_TABLES)]


def make_outlets(rng, n):
    """(name, domain, weight) of n invented outlets."""
    out = []
    seen = set()
    while len(out) < n:
        place = pseudo_word(rng, rng.choice((2, 2, 3)))
        place = place[0].upper() + place[1:]
        noun = rng.choice(OUTLET_NOUNS)
        style = rng.randrange(4)
        if style == 0:
            name = "The %s %s" % (place, noun)
        elif style == 1:
            name = "%s %s" % (place, noun)
        elif style == 2:
            name = "%s Daily %s" % (place, noun) if noun != "Daily" else "%s Daily" % place
        else:
            name = "%s %s Online" % (place, noun)
        domain = "".join(ch for ch in name.lower() if ch.isalnum()) + ".example"
        if domain in seen:
            continue
        seen.add(domain)
        out.append((name, domain))
    return out


def esc(s):
    """s as the inside of a JSON string (the generated text has no control
    characters but the line ends, which are written as \\n directly)."""
    if '"' in s or "\\" in s:
        return s.replace("\\", "\\\\").replace('"', '\\"')
    return s


def quantile_table(rng, sample):
    """TABLE_SIZE values drawn with sample(rng), shuffled: indexing it with a
    uniform 16-bit number draws from the same distribution."""
    return [sample(rng) for _ in range(TABLE_SIZE)]


class Writer:
    """Writes byte chunks in a second thread; gzip when the path ends in .gz."""

    def __init__(self, path, level):
        self.path = path
        self.tmp = None
        if path is None or path == "-":
            self.raw = sys.stdout.buffer
            self.own = False
        else:
            d = os.path.dirname(path)
            if d:
                os.makedirs(d, exist_ok=True)
            self.tmp = path + ".tmp"
            self.raw = open(self.tmp, "wb")
            self.own = True
        if path is not None and path.endswith(".gz"):
            self.f = gzip.GzipFile(filename="", mode="wb", compresslevel=level,
                                   fileobj=self.raw, mtime=0)
        else:
            self.f = self.raw
        self.q = queue.Queue(maxsize=8)
        self.err = None
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while True:
            b = self.q.get()
            if b is None:
                break
            if self.err is None:
                try:
                    self.f.write(b)
                except Exception as e:  # reported by close()
                    self.err = e

    def write(self, b):
        if self.err is not None:
            raise self.err
        self.q.put(b)

    def close(self):
        self.q.put(None)
        self.t.join()
        if self.err is not None:
            raise self.err
        if self.f is not self.raw:
            self.f.close()
        if self.own:
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
            os.replace(self.tmp, self.path)
        else:
            self.raw.flush()


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = rng = random.Random(args.seed)
        self.vocab = make_vocab(rng, VOCAB_SIZE)
        self.tables = make_tables(rng, self.vocab)
        self.getters = [t.__getitem__ for t in self.tables]
        self.cur = self.getters[0]
        # capitalised form and form without a trailing comma of every token
        self.cap = {}
        self.strip = {}
        for w in self.vocab:
            c = w[0].upper() + w[1:]
            self.cap[w] = self.cap[w + ","] = c
            self.strip[w] = self.strip[w + ","] = w
        self.slen_get = quantile_table(rng, lambda r: int(r.triangular(8, 36, 18))).__getitem__
        self.psz_get = quantile_table(rng, lambda r: r.choices((1, 2, 3, 4), (25, 40, 25, 10))[0]).__getitem__
        self.style_get = quantile_table(rng, lambda r: r.choices((0, 1, 2, 3), (90, 3, 1, 6))[0]).__getitem__
        names = [w for w in self.vocab[100:20000] if w[0].isupper()]
        self.names = names
        places = [pseudo_word(rng, rng.choice((2, 3))).upper() for _ in range(400)]
        self.places = places
        self.outlets = make_outlets(rng, N_OUTLETS)
        # outlet popularity: Zipf-like, a few big outlets publish most originals
        acc = 0.0
        self.outlet_cum = []
        for r in range(N_OUTLETS):
            acc += 1.0 / (r + 1) ** 0.8
            self.outlet_cum.append(acc)
        self.start = datetime.date.fromisoformat(args.start)
        self.dates = [(self.start + datetime.timedelta(days=d)).isoformat()
                      for d in range(args.days + 2)]
        self.window = []           # ring of recent originals
        self.wpos = 0
        self.recent = []           # ring of recent emitted records
        self.rpos = 0
        self.id_mul = 0x9E3779B97F4A7C15
        self.id_add = rng.getrandbits(64)
        self.big_endian = sys.byteorder == "big"
        self.templates = self.make_templates(args.templates) if args.templated > 0 else None

    # -- ids, words ---------------------------------------------------------

    def new_id(self, i):
        x = (i * self.id_mul + self.id_add) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 29
        x = (x * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 32
        return "%016x" % x

    def words(self, n):
        """n words drawn from the current table."""
        return self.draw(self.cur, n)

    # -- originals ----------------------------------------------------------

    def draw(self, get, n):
        """n values of a 65,536-slot table (its __getitem__ is get)."""
        rb = self.rng.randbytes(2 * n)
        if self.big_endian:
            a = array("H")
            a.frombytes(rb)
            a.byteswap()
            return list(map(get, a))
        return list(map(get, memoryview(rb).cast("H")))

    def paragraphs(self, target):
        """Paragraphs of at least `target` words in all."""
        rand = self.rng.random
        # sentence lengths 8..35 (mode 18), drawn in bulk: target // 8 + 1
        # sentences are always enough
        lens = self.draw(self.slen_get, target // 8 + 1)
        cum = list(accumulate(lens))
        ns = bisect_left(cum, target) + 1
        total = cum[ns - 1]
        psz = self.draw(self.psz_get, ns)      # sentences per paragraph, 1..4
        style = self.draw(self.style_get, ns)  # 0 . 1 ? 2 ! 3 quote
        ws = self.words(total)
        cap, strip, names = self.cap, self.strip, self.names
        nn = len(names)
        out = []
        pos = 0
        j = 0
        k = 0
        while j < ns:
            pstart = pos
            for _ in range(psz[k]):
                end = pos + lens[j]
                st = style[j]
                if st == 0:
                    ws[pos] = cap[ws[pos]]
                    ws[end - 1] = strip[ws[end - 1]] + "."
                elif st == 3:
                    ws[pos] = '"' + cap[ws[pos]]
                    ws[end - 1] = '%s," said %s %s.' % (strip[ws[end - 1]], names[int(rand() * nn)],
                                                      names[int(rand() * nn)])
                else:
                    ws[pos] = cap[ws[pos]]
                    ws[end - 1] = strip[ws[end - 1]] + ("?" if st == 1 else "!")
                pos = end
                j += 1
                if j == ns:
                    break
            out.append(" ".join(ws[pstart:pos]))
            k += 1
        if rand() < 0.3:
            out[0] = "%s \u2014 %s" % (self.places[int(rand() * len(self.places))], out[0])
        return out

    def title(self):
        ws = self.words(self.rng.randrange(6, 13))
        t = " ".join(w.rstrip(",") for w in ws)
        return t[0].upper() + t[1:]

    def original(self, i, n):
        rng = self.rng
        target = min(300 + int(rng.expovariate(1.0 / 280.0)), 1500)
        paras = self.paragraphs(target)
        title = self.title()
        day = i * self.args.days // n
        if rng.random() < 0.1:
            day = max(0, min(self.args.days - 1, day + rng.choice((-1, 1))))
        oi = rng.choices(range(N_OUTLETS), cum_weights=self.outlet_cum)[0]
        rid = self.new_id(i)
        slug = "-".join(title.lower().split()[:6]).replace(",", "")
        url = "https://%s/%s/%s-%s" % (self.outlets[oi][1],
                                       self.dates[day].replace("-", "/"), slug, rid[:8])
        return {"id": rid, "title": title, "date": self.dates[day],
                "source": self.outlets[oi][0], "url": url,
                "paras": paras, "day": day, "outlet": oi, "root": rid}

    # -- templated reports --------------------------------------------------

    def make_templates(self, k):
        """k templates: paragraphs of tokens, a slot being None.  Made with
        a random stream of their own, so the main stream is untouched."""
        main_rng = self.rng
        self.rng = random.Random(self.args.seed * 7919 + 13)
        try:
            templates = []
            for _ in range(k):
                paras = self.paragraphs(self.rng.randrange(250, 600))
                title = self.title()
                tp = []
                for para in paras:
                    toks = []
                    for w in para.split(" "):
                        core = w.rstrip(".,?!\"")
                        if self.rng.random() < TEMPLATE_SLOT_RATE and core and core[0] != '"':
                            toks.append((None, w[len(core):]))  # slot, its punctuation
                        else:
                            toks.append((w, ""))
                    tp.append(toks)
                templates.append((title, tp))
            return templates
        finally:
            self.rng = main_rng

    def slot_value(self):
        rng = self.rng
        u = rng.random()
        if u < 0.3:
            return str(rng.randrange(1, 1000))
        if u < 0.5:
            return "%d.%d" % (rng.randrange(0, 500), rng.randrange(0, 100))
        if u < 0.6:
            return "%d%%" % rng.randrange(1, 100)
        return self.names[int(rng.random() * len(self.names))]

    def templated(self, i, n):
        rec = self.original(i, n)
        title, tp = self.templates[self.rng.randrange(len(self.templates))]
        rec["title"] = "%s %s" % (title, self.slot_value())
        rec["paras"] = [" ".join(w if w is not None else self.slot_value() + tail for w, tail in para)
                        for para in tp]
        return rec

    # -- near copies --------------------------------------------------------

    def edit_words(self, paras, rate):
        rng = self.rng
        split = [p.split(" ") for p in paras]
        counts = [len(s) for s in split]
        total = sum(counts)
        n = max(1, round(rate * total))
        picks = sorted(rng.sample(range(total), min(n, total)))
        # map global positions to (paragraph, index), editing from the end so
        # that deletions do not shift later positions
        loc = []
        pi, base = 0, 0
        for g in picks:
            while g >= base + counts[pi]:
                base += counts[pi]
                pi += 1
            loc.append((pi, g - base))
        for pi, wi in reversed(loc):
            ws = split[pi]
            w = ws[wi]
            core = w.rstrip(".,?!\"")
            tail = w[len(core):]
            lead = ""
            if core[:1] == '"':
                lead, core = '"', core[1:]
            u = rng.random()
            if u < 0.5 or len(core) < 3:
                new = self.words(1)[0].rstrip(",")
                if core[:1].isupper():
                    new = new[0].upper() + new[1:]
                ws[wi] = lead + new + tail
            elif u < 0.8:
                j = rng.randrange(len(core) - 1)
                ws[wi] = lead + core[:j] + core[j + 1] + core[j] + core[j + 2:] + tail
            elif len(ws) > 1 and not tail and not lead:
                del ws[wi]
            else:
                ws[wi] = lead + self.words(1)[0].rstrip(",") + tail
        return [" ".join(s) for s in split if s]

    def near_copy(self, i, orig):
        rng = self.rng
        paras = list(orig["paras"])
        do_abridge = rng.random() < 0.5 and len(paras) >= 3
        do_edit = rng.random() < 0.7
        do_head = rng.random() < 0.75
        do_foot = rng.random() < 0.75
        do_ads = rng.random() < 0.6
        if not (do_abridge or do_edit or do_head or do_foot or do_ads):
            do_edit = True
        if do_abridge:
            keep = max(2, round(len(paras) * rng.uniform(0.5, 0.9)))
            paras = paras[:keep]
        if do_edit:
            paras = self.edit_words(paras, rng.uniform(0.005, 0.02))
        oi = rng.randrange(N_OUTLETS - 1)
        if oi >= orig["outlet"]:
            oi += 1
        oname, odomain = self.outlets[oi]
        if do_ads:
            for _ in range(rng.randrange(1, 4)):
                if len(paras) < 2:
                    break
                paras.insert(rng.randrange(1, len(paras)), rng.choice(AD_LABELS))
        if do_head:
            head = [oname]
            if rng.random() < 0.6:
                head.append("By Staff Writer")
            else:
                head.append("By %s %s, %s" % (rng.choice(self.names), rng.choice(self.names), oname))
            paras = head + paras
        if do_foot:
            foot = ["\u00a9 %s %s. All rights reserved." % (self.dates[0][:4], oname),
                    "Share this article",
                    "Sign up for the %s newsletter to get the top stories in your inbox." % oname,
                    COOKIE, FOLLOW]
            k = rng.randrange(1, 4)
            chosen = sorted(rng.sample(range(len(foot)), k))
            paras = paras + [foot[j] for j in chosen]
            if rng.random() < 0.3 and self.window:
                other = self.window[rng.randrange(len(self.window))]
                paras.append("Related: " + other["title"])
        u = rng.random()
        title = orig["title"]
        if u < 0.15:
            title = "%s | %s" % (title, oname)
        elif u < 0.3:
            title = "%s - %s" % (title, oname)
        day = orig["day"] + (1 if rng.random() < 0.3 else 0)
        rid = self.new_id(i)
        slug = "-".join(orig["title"].lower().split()[:6]).replace(",", "")
        url = "https://%s/%s/%s-%s" % (odomain, self.dates[day].replace("-", "/"), slug, rid[:8])
        return {"id": rid, "title": title, "date": self.dates[day], "source": oname,
                "url": url, "paras": paras, "root": orig["root"]}

    # -- main loop ----------------------------------------------------------

    def run(self, out, gold):
        args = self.args
        n = args.n
        rng = self.rng
        rand = rng.random
        window = self.window
        wmax = args.window
        recent = self.recent
        buf = []
        bufsize = 0
        gbuf = []
        stats = {"original": 0, "near": 0, "exact": 0, "templated": 0, "bytes": 0}
        t0 = time.monotonic()
        next_report = args.progress
        for i in range(n):
            if i % EPOCH == 0:
                self.cur = self.getters[rng.randrange(N_TABLES)]
            u = rand()
            if u < EXACT_RATE and recent:
                rec = recent[int(rand() * len(recent))]
                kind = "exact"
            elif u < EXACT_RATE + NEAR_RATE and window:
                # prefer recent originals: a third of picks from the last 10%
                if rand() < 0.33:
                    back = int(rand() * max(1, len(window) // 10))
                    orig = window[(self.wpos - 1 - back) % len(window)]
                else:
                    orig = window[int(rand() * len(window))]
                rec = self.near_copy(i, orig)
                kind = "near"
            else:
                if self.templates and rand() < args.templated:
                    rec = self.templated(i, n)
                    stats["templated"] += 1
                else:
                    rec = self.original(i, n)
                kind = "original"
                if len(window) < wmax:
                    window.append(rec)
                else:
                    window[self.wpos] = rec
                self.wpos = (self.wpos + 1) % wmax
            stats[kind] += 1
            if kind == "exact":
                tail, root = rec
                rid = self.new_id(i)
            else:
                rid, root = rec["id"], rec["root"]
                tail = '", "title": "%s", "date": "%s", "source": "%s", "url": "%s", "text": "%s"}\n' % (
                    esc(rec["title"]), rec["date"], esc(rec["source"]), esc(rec["url"]),
                    esc("\n\n".join(rec["paras"])).replace("\n", "\\n"))
            line = '{"id": "' + rid + tail
            if len(recent) < RECENT_RECORDS:
                recent.append((tail, root))
            else:
                recent[self.rpos] = (tail, root)
                self.rpos = (self.rpos + 1) % RECENT_RECORDS
            b = line.encode("utf-8")
            buf.append(b)
            bufsize += len(b)
            if gold is not None:
                gbuf.append("%s\t%s\t%s\n" % (rid, root, root))
            if bufsize >= CHUNK_BYTES:
                out.write(b"".join(buf))
                stats["bytes"] += bufsize
                buf, bufsize = [], 0
                if gold is not None:
                    gold.write("".join(gbuf).encode("utf-8"))
                    gbuf = []
            if next_report and i + 1 >= next_report:
                el = time.monotonic() - t0
                print("gen_corpus: %d records, %.0f MB, %.1f s, %.0f records/s" %
                      (i + 1, (stats["bytes"] + bufsize) / 1e6, el, (i + 1) / el),
                      file=sys.stderr, flush=True)
                next_report += args.progress
        if buf:
            out.write(b"".join(buf))
            stats["bytes"] += bufsize
        if gold is not None and gbuf:
            gold.write("".join(gbuf).encode("utf-8"))
        return stats


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--articles", dest="n", type=int, default=10000,
                   help="number of records (default 10000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    p.add_argument("--out", default="-", help="output JSONL (.gz = gzip); default standard output")
    p.add_argument("--gold", help="ground truth TSV: id dup_group story (.gz = gzip)")
    p.add_argument("--start", default="2026-11-20", help="first date (default %(default)s)")
    p.add_argument("--days", type=int, default=5, help="dates span this many days (default %(default)s)")
    p.add_argument("--window", type=int, default=20000,
                   help="near copies are made of the last this many originals (default %(default)s)")
    p.add_argument("--gzip-level", type=int, default=1, help="gzip level 1-9 (default %(default)s)")
    p.add_argument("--progress", type=int, default=0, metavar="N",
                   help="report progress on stderr every N records")
    p.add_argument("--templated", type=float, default=0.0, metavar="F",
                   help="share of originals that are templated reports (default 0)")
    p.add_argument("--templates", type=int, default=5, metavar="K",
                   help="templates the templated reports are made from (default %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    args = p.parse_args(argv)
    if args.n < 0 or args.days < 1 or args.window < 1 or not 1 <= args.gzip_level <= 9:
        p.error("bad -n, --days, --window or --gzip-level")
    if not 0.0 <= args.templated <= 1.0 or args.templates < 1:
        p.error("bad --templated or --templates")
    t0 = time.monotonic()
    gen = Generator(args)
    t_setup = time.monotonic() - t0
    out = Writer(args.out, args.gzip_level)
    gold = Writer(args.gold, args.gzip_level) if args.gold else None
    if gold is not None:
        gold.write(b"id\tdup_group\tstory\n")
    stats = gen.run(out, gold)
    out.close()
    if gold is not None:
        gold.close()
    el = time.monotonic() - t0
    if not args.quiet:
        print("gen_corpus: %d records (%d originals%s, %d near copies, %d exact copies), "
              "%.1f MB of JSONL (%.0f bytes/record) in %.1f s (setup %.1f s): "
              "%.0f records/s, %.1f MB/s" %
              (args.n, stats["original"],
               " of which %d templated" % stats["templated"] if args.templated > 0 else "",
               stats["near"], stats["exact"], stats["bytes"] / 1e6,
               stats["bytes"] / max(1, args.n), el, t_setup, args.n / el, stats["bytes"] / 1e6 / el),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
